"""The Podcasting 2.0 HTML transcript form (`<cite>`, `<time>`, `<p>`): exact turns and texts,
how HTML text is taken (entities, tags, scripts, line breaks), exact messages for what is wrong,
and the HTML files of the corpus."""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

import pytest

from sitegen.model import Episode
from sitegen.readers import ReadResult, read_episode_file, read_episode_text

from .conftest import CORPUS, require_shared

Shape = list[tuple[str | None, list[tuple[int | None, str]]]]


def read(text: str, name: str = "episode.html") -> ReadResult:
    return read_episode_text(text, Path(name))


def episode(text: str, name: str = "episode.html") -> Episode:
    result = read(text, name)
    assert result.episode is not None
    return result.episode


def shape(ep: Episode) -> Shape:
    return [(t.speaker, [(s.start, s.text) for s in t.segments]) for t in ep.turns]


def messages(result: ReadResult) -> list[str]:
    return [d.format().splitlines()[0] for d in result.diagnostics]


SPEC_SNIPPET = """<cite>Kevin:</cite>
<time>0:00</time>
<p>We have an update planned where we would like to give the ability to upload an artwork file for these videos</p>
<cite>Alban :</cite>
<time>0:09</time>
<p>You're triggering Tom right now with a hey, here's a cool feature.</p>
"""  # noqa: E501  (the specification's snippet, as written)


def test_specification_snippet() -> None:
    result = read(SPEC_SNIPPET)
    assert result.episode is not None and result.episode.format == "html"
    assert shape(result.episode) == [
        (
            "Kevin",
            [
                (
                    0,
                    "We have an update planned where we would like to give the ability to upload"
                    " an artwork file for these videos",
                )
            ],
        ),
        ("Alban", [(9000, "You're triggering Tom right now with a hey, here's a cool feature.")]),
    ]
    assert [s.line for _t, s in result.episode.segments()] == [3, 6]
    assert messages(result) == []


def test_paragraphs_after_one_cite_continue_its_speaker_and_clocks_are_per_paragraph() -> None:
    text = (
        "<cite>Ann:</cite><time>1:02:03.25</time><p>One.</p><p>Two.</p>"
        "<time>1:02:09</time><p>Three.</p><cite>Bo:</cite><p>Four.</p>"
    )
    assert shape(episode(text)) == [
        ("Ann", [(3723250, "One."), (None, "Two."), (3729000, "Three.")]),
        ("Bo", [(None, "Four.")]),
    ]


def test_paragraphs_before_any_cite_and_after_an_empty_cite_have_no_speaker() -> None:
    text = "<p>Intro.</p><cite>Ann:</cite><p>Hi.</p><cite></cite><p>[music]</p><p>More music.</p>"
    assert shape(episode(text)) == [
        (None, [(None, "Intro.")]),
        ("Ann", [(None, "Hi.")]),
        (None, [(None, "[music]"), (None, "More music.")]),
    ]


def test_text_is_taken_as_html_shows_it() -> None:
    text = (
        "<!DOCTYPE html>\n<html><head><title>Not text</title>\n"
        "<style>p { color: red }</style><script>var x = '<p>no</p>';</script></head>\n"
        "<body><cite>Ann &amp; Bo:</cite>\n"
        "<p>Caf&eacute; &lt;script&gt; <b>bold</b> <custom-tag>kept</custom-tag>\n"
        "   wrapped  line<br>new line<br/>\n   third</p>\n"
        "<!-- a comment -->\n</body></html>"
    )
    assert shape(episode(text)) == [
        ("Ann & Bo", [(None, "Café <script> bold kept wrapped  line\nnew line\nthird")])
    ]


def test_headings_head_the_next_turn() -> None:
    text = (
        "<h1>Part one</h1><cite>Ann:</cite><p>Hi.</p><h2>Part two</h2><p>Still Ann.</p>"
        "<h2>Empty part</h2><h2>Part three</h2>"
    )
    ep = episode(text)
    assert [(t.heading, t.speaker, [s.text for s in t.segments]) for t in ep.turns] == [
        ("Part one", "Ann", ["Hi."]),
        ("Part two", "Ann", ["Still Ann."]),
        ("Empty part", None, []),
        ("Part three", None, []),
    ]


def test_text_outside_paragraphs_is_kept_as_paragraphs() -> None:
    text = (
        "<body><cite>Ann:</cite><p>Hi.</p>Loose words<div>in a div</div>"
        "<ul><li>one</li><li>two</li></ul></body>"
    )
    assert shape(episode(text)) == [
        (
            "Ann",
            [
                (None, "Hi."),
                (None, "Loose words"),
                (None, "in a div"),
                (None, "one"),
                (None, "two"),
            ],
        )
    ]


def test_time_or_cite_inside_a_paragraph_applies_to_its_text() -> None:
    text = "<p><cite>Ann:</cite> <time>0:05</time> Hello.</p><p>Next.</p>"
    assert shape(episode(text)) == [("Ann", [(5000, "Hello."), (None, "Next.")])]


def test_empty_paragraph_is_kept_only_when_it_has_a_clock_or_speaker() -> None:
    text = "<p></p><time>0:20</time><p></p><p>Words.</p><p>  </p>"
    assert shape(episode(text)) == [(None, [(20000, ""), (None, "Words.")])]


def test_missing_end_of_head_and_paragraph_tags() -> None:
    text = "<html><head><title>T</title><body><cite>Ann:</cite><p>One<p>Two"
    assert shape(episode(text)) == [("Ann", [(None, "One"), (None, "Two")])]


def test_problems_are_warnings_with_the_line() -> None:
    text = (
        "<cite>Ann:</cite>\n<time>0:10</time>\n<p>First.</p>\n"
        "<time>soon</time>\n<p>Second.</p>\n"
        "<time>0:05</time>\n<p>Back in time.</p>\n"
        "<cite>Bo:</cite>\n<cite>Cy:</cite>\n<p>Cy speaks.</p>\n<time>0:30</time>\n"
    )
    result = read(text)
    assert result.episode is not None
    assert shape(result.episode) == [
        ("Ann", [(10000, "First."), (None, "Second."), (5000, "Back in time.")]),
        ("Cy", [(None, "Cy speaks.")]),
    ]
    assert messages(result) == [
        'episode.html:4: warning: <time> "soon" is not a clock like 0:01:23; kept without one',
        "episode.html:7: warning: clock 00:05 goes backwards (previous paragraph at 00:10)",
        "episode.html:8: warning: <cite>Bo:</cite> has no paragraph after it; ignored",
        "episode.html:11: warning: <time>0:30</time> has no paragraph after it; ignored",
    ]
    assert result.diagnostics[0].source_line == "<time>soon</time>"


def test_html_without_transcript_structure_is_show_notes() -> None:
    text = (
        "<html><head><title>About</title></head><body>\n<h1>About *us*</h1>\n"
        "<div>1. We talk [data] &amp; more.</div>\n</body></html>"
    )
    result = read(text, "about.html")
    assert result.episode is not None
    assert result.episode.turns == ()
    assert result.episode.notes == "About \\*us\\*\n\n1\\. We talk \\[data\\] & more."
    assert messages(result) == [
        "about.html:1: warning: HTML has no transcript structure (<cite> speaker, <time> clock,"
        " <p> paragraph); its text is kept as show notes"
    ]


def test_front_matter_lines_count_in_line_numbers() -> None:
    text = "---\ntitle: Hi\n---\n<cite>Ann:</cite>\n<p>Hi.</p>\n"
    ep = episode(text)
    assert ep.meta.title == "Hi"
    assert [s.line for _t, s in ep.segments()] == [5]


def test_a_large_file_reads_in_linear_time() -> None:
    turn = "<cite>Ann:</cite>\n<time>{clock}</time>\n<p>{text}</p>\n"
    text = "Some words &amp; a <b>tag</b> in a paragraph of ordinary length. " * 5
    clocks = (f"{i // 3600}:{i // 60 % 60:02d}:{i % 60:02d}" for i in range(20_000))
    body = "".join(turn.format(clock=clock, text=text) for clock in clocks)
    started = time.perf_counter()
    result = read(body)  # 7 MB
    assert result.episode is not None and len(result.episode.segments()) == 20_000
    assert result.diagnostics == ()
    assert time.perf_counter() - started < 30  # ~1.5 s; quadratic work would take hours


# --- the corpus

_TAG = re.compile(r"<[^>]*>")
_SKIPPED = re.compile(r"<(cite|time|title)\b.*?</\1>|<!--.*?-->", re.DOTALL)
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    return [word.lower() for word in _WORD.findall(text)]


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("name", "turns", "speakers"),
    [
        ("buzzcast", 34, ("Alban", "Kevin", "Travis", "Tom", "Dave")),
        # A jingle is no speaker: its label starts its text (test_thin_metadata.py).
        ("podnews_weekly_review_2023-03-17", 9, ("Norma-Jean Belenky",)),
    ],
)
def test_corpus_html_keeps_every_word_in_order(
    name: str, turns: int, speakers: tuple[str, ...]
) -> None:
    path = require_shared(CORPUS) / "pc20-samples" / f"{name}.html"
    result = read_episode_file(path)
    assert result.episode is not None
    assert result.diagnostics == ()
    assert (len(result.episode.turns), result.episode.speakers) == (turns, speakers)
    # Every paragraph is clocked; the speaker-less first turn of podnews has no <cite> at all.
    assert all(s.start is not None for _t, s in result.episode.segments())
    source = path.read_text(encoding="utf-8")
    wanted = words(html.unescape(_TAG.sub(" ", _SKIPPED.sub(" ", source))))
    got = [
        w
        for t, s in result.episode.segments()
        for w in words(s.text.removeprefix("Jingle: ") if t.speaker is None else s.text)
    ]
    assert got == wanted
