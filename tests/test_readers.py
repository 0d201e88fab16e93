"""Readers: every transcript dialect from inline text, the seed episode, and the rules that keep
text from being lost or misread (speaker heuristics, stray lines, clocks going backwards)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sitegen.errors import Severity
from sitegen.model import Episode, Link
from sitegen.readers import SUPPORTED_SUFFIXES, ReadResult, read_episode_file, read_episode_text

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "episode-920.txt"
REPO_SEED = Path(__file__).resolve().parents[1] / "content" / "episodes" / "episode-920.txt"


def read(text: str, name: str = "episode.txt") -> ReadResult:
    return read_episode_text(text, Path(name))


def episode(text: str, name: str = "episode.txt") -> Episode:
    result = read(text, name)
    assert result.episode is not None, result.diagnostics
    return result.episode


def shape(ep: Episode) -> list[tuple[str | None, list[tuple[int | None, int, str]]]]:
    """Each turn as (speaker, [(start ms, line, text)]): what a reader of the page sees."""
    return [(t.speaker, [(s.start, s.line, s.text) for s in t.segments]) for t in ep.turns]


def messages(result: ReadResult) -> list[str]:
    return [d.format() for d in result.diagnostics]


def test_api_surface() -> None:
    expected = {".txt", ".md", ".markdown", ".vtt", ".srt", ".json", ".html", ".htm"}
    assert frozenset(expected) == SUPPORTED_SUFFIXES


# --- the seed episode -------------------------------------------------------------------------


def seed_path() -> Path:
    if SEED.is_file():
        return SEED
    if REPO_SEED.is_file():
        return REPO_SEED
    pytest.skip("seed episode not found (../shared/seed or content/episodes)")


def test_seed_episode_reads_to_37_paragraphs_in_27_turns() -> None:
    result = read_episode_file(seed_path())
    assert result.diagnostics == ()
    ep = result.episode
    assert ep is not None
    assert ep.format == "plaintext"
    assert len(ep.turns) == 27
    assert len(ep.segments()) == 37
    assert ep.speakers == (
        "Jon Krohn",
        "Julien Launay",
        "Michelle Yi",
        "Kirill Eremenko",
        "Akshay Agrawal",
    )
    assert ep.number == 920 and ep.key == "920"
    # One paragraph per line, numbered as in the file; the last line has no final newline.
    assert [seg.line for _turn, seg in ep.segments()] == list(range(1, 38))
    first = ep.turns[0]
    assert first.speaker == "Jon Krohn"
    assert [s.start for s in first.segments] == [0, 3_000, 45_000]
    assert first.segments[0].text.startswith("This is episode number 920 our, In Case")
    assert ep.segments()[-1][1].text.endswith("with you very soon.")


def test_seed_two_turns_at_the_same_second() -> None:
    ep = read_episode_file(seed_path()).episode
    assert ep is not None
    at_1629 = [(t.speaker, s.text[:12]) for t, s in ep.segments() if s.start == 989_000]
    assert at_1629 == [("Jon Krohn", "What\u2019s Sam\u2019s"), ("Kirill Eremenko", "Full name? S")]


def test_seed_number_is_taken_from_the_text_when_the_file_name_has_none() -> None:
    ep = episode(seed_path().read_text(encoding="utf-8"), "in-case-you-missed-it.txt")
    assert ep.number == 920
    assert ep.derived == (
        "episode number 920 taken from the transcript (line 1)",
        'title "In case you missed it" made from the file name "in-case-you-missed-it.txt"',
    )


def test_seed_file_name_and_transcript_agree() -> None:
    ep = read_episode_file(seed_path()).episode
    assert ep is not None
    assert ep.derived == (
        'episode number 920 taken from the file name "episode-920.txt"'
        " (the transcript agrees, line 1)",
    )


# --- plain-text dialects ----------------------------------------------------------------------


def test_name_colon_clock_with_continuation_paragraphs() -> None:
    ep = episode("Jon Krohn: 00:00 Hello.\n00:03 Still Jon.\nAnn Lee: 1:02:03.5 Hi.")
    assert shape(ep) == [
        ("Jon Krohn", [(0, 1, "Hello."), (3_000, 2, "Still Jon.")]),
        ("Ann Lee", [(3_723_500, 3, "Hi.")]),
    ]


def test_bracketed_speaker_and_clock() -> None:
    ep = episode("[Speaker 1] [00:00] Hello there.\n[Speaker 2] [00:05] Hi!\n[00:09] Still two.\n")
    assert shape(ep) == [
        ("Speaker 1", [(0, 1, "Hello there.")]),
        ("Speaker 2", [(5_000, 2, "Hi!"), (9_000, 3, "Still two.")]),
    ]


def test_bracketed_clock_then_name() -> None:
    text = "[00:01:23] Alice Smith: Hello.\n[00:01:30] Go on.\n[00:02:00] Bob: Hi.\n"
    assert shape(episode(text)) == [
        ("Alice Smith", [(83_000, 1, "Hello."), (90_000, 2, "Go on.")]),
        ("Bob", [(120_000, 3, "Hi.")]),
    ]


def test_name_with_clock_in_parentheses_and_text_below() -> None:
    text = "Alice Smith (00:01:23):\nHello there.\nSecond line.\n\nBob (00:01:40):\nHi.\n"
    assert shape(episode(text)) == [
        ("Alice Smith", [(83_000, 1, "Hello there. Second line.")]),
        ("Bob", [(100_000, 5, "Hi.")]),
    ]


def test_otter_name_two_spaces_clock() -> None:
    text = "Alice Smith  0:01:23\nHello there.\n\nSpeaker 2  0:01:40\nHi.\nMore.\n"
    assert shape(episode(text)) == [
        ("Alice Smith", [(83_000, 1, "Hello there.")]),
        ("Speaker 2", [(100_000, 4, "Hi. More.")]),
    ]


def test_bare_clock_lines_have_no_speaker() -> None:
    text = "00:00:00 Intro text.\n\n00:00:06 More text.\n\n00:01:02 Python: it is great.\n"
    ep = episode(text)
    assert ep.speakers == ()
    assert shape(ep) == [
        (
            None,
            [(0, 1, "Intro text."), (6_000, 3, "More text."), (62_000, 5, "Python: it is great.")],
        )
    ]


def test_webvtt_voice_tags_in_a_text_file_name_the_speaker() -> None:
    text = "00:00:00 <v Michael Kennedy>Hello.\n\n00:00:03 <v Ann Lee>Hi, Michael.\n"
    assert shape(episode(text)) == [
        ("Michael Kennedy", [(0, 1, "Hello.")]),
        ("Ann Lee", [(3_000, 3, "Hi, Michael.")]),
    ]


def test_orbit_fm_clock_bold_name_with_bom_crlf_and_intro_cue(tmp_path: Path) -> None:
    text = (
        "\ufeff(Intro music: Electro swing)\r\n\r\n\r\n"
        "0:00:12.9 **Adam Garrett-Harris** Hello and welcome.\r\n\r\n\r\n"
        "0:00:27.3 **Jason Staten** Yeah.\r\n\r\n"
        "0:01:13.6 I like it.\r\n"
    )
    path = tmp_path / "bookbytes-035.txt"
    path.write_bytes(text.encode("utf-8"))
    result = read_episode_file(path)
    assert result.diagnostics == ()
    assert result.episode is not None
    assert result.episode.number == 35
    assert shape(result.episode) == [
        (None, [(None, 1, "(Intro music: Electro swing)")]),
        ("Adam Garrett-Harris", [(12_900, 4, "Hello and welcome.")]),
        ("Jason Staten", [(27_300, 7, "Yeah."), (73_600, 9, "I like it.")]),
    ]


def test_html_in_names_and_text_is_kept_as_text() -> None:
    ep = episode("<script>alert(1)</script>: 00:01 <b>hi</b>\n")
    assert shape(ep) == [("<script>alert(1)</script>", [(1_000, 1, "<b>hi</b>")])]


# --- Markdown ---------------------------------------------------------------------------------

CHANGELOG = """\
**Jerod Santo:** So we're here. \\[laughs\\] It's *great*, _really_.

**Adam Stacoviak:** \\[04:33\\] What's up?! See [our site](https://changelog.com) and <https://x.org/a>.

And more from Adam.

**Jerod Santo:** [00:05:55] Your name is **Adam**...
And this line continues the paragraph.

**Break**: \\[54:05\\]

**Gerhard Lazu:** Hey.
"""


def test_markdown_bold_names_escaped_and_plain_clocks() -> None:
    ep = episode(CHANGELOG, "ship-it-1.md")
    assert ep.format == "markdown"
    assert shape(ep) == [
        ("Jerod Santo", [(None, 1, "So we're here. [laughs] It's great, really.")]),
        (
            "Adam Stacoviak",
            [
                (273_000, 3, "What's up?! See our site and https://x.org/a."),
                (None, 5, "And more from Adam."),
            ],
        ),
        (
            "Jerod Santo",
            [(355_000, 7, "Your name is Adam... And this line continues the paragraph.")],
        ),
        (None, [(3_245_000, 10, "Break")]),
        ("Gerhard Lazu", [(None, 12, "Hey.")]),
    ]
    assert ep.speakers == ("Jerod Santo", "Adam Stacoviak", "Gerhard Lazu")


def test_markdown_links_become_plain_text_plus_link_spans() -> None:
    ep = episode(CHANGELOG, "ship-it-1.md")
    segment = ep.turns[1].segments[0]
    assert segment.links == (
        Link(16, 24, "https://changelog.com"),
        Link(29, 44, "https://x.org/a"),
    )
    assert [segment.text[link.start : link.end] for link in segment.links] == [
        "our site",
        "https://x.org/a",
    ]


BITCOIN = """\
---
title: Silent Payments
speakers:
  - Ruben Somsen
date: 2022-06-09
episode: 58
---
Aaron: 00:00:20

Live from Utrecht, this is Bitcoin Explained.
Hey, Sjors.

Sjors: 00:00:23

Yo.

## Introduction to Silent Payments

Aaron: 00:00:55

So, we're going to discuss silent payments.

Second paragraph, no clock of its own.

## Outro
"""


def test_markdown_front_matter_headings_and_name_clock_headers() -> None:
    result = read(BITCOIN, "silent-payments.md")
    assert result.diagnostics == ()
    ep = result.episode
    assert ep is not None
    assert ep.meta.title == "Silent Payments" and ep.number == 58
    # Line numbers count the front matter lines.
    assert shape(ep) == [
        ("Aaron", [(20_000, 8, "Live from Utrecht, this is Bitcoin Explained. Hey, Sjors.")]),
        ("Sjors", [(23_000, 13, "Yo.")]),
        (
            "Aaron",
            [
                (55_000, 19, "So, we're going to discuss silent payments."),
                (None, 23, "Second paragraph, no clock of its own."),
            ],
        ),
        (None, []),
    ]
    assert [t.heading for t in ep.turns] == [None, None, "Introduction to Silent Payments", "Outro"]


def test_heading_between_paragraphs_of_one_speaker_starts_a_new_turn() -> None:
    text = "**Ann:** One.\n\n## Part two\n\nStill Ann.\n\n**Bob:** Two.\n"
    ep = episode(text, "x.md")
    assert [(t.speaker, t.heading, [s.text for s in t.segments]) for t in ep.turns] == [
        ("Ann", None, ["One."]),
        ("Ann", "Part two", ["Still Ann."]),
        ("Bob", None, ["Two."]),
    ]


def test_two_headings_in_a_row_are_both_kept() -> None:
    ep = episode("# Intro\n\n## Welcome\n\n**Ann:** Hi.\n\n**Bob:** Hello.\n", "x.md")
    assert [(t.heading, t.speaker) for t in ep.turns] == [
        ("Intro", None),
        ("Welcome", "Ann"),
        (None, "Bob"),
    ]


def test_abbreviations_map_to_the_full_name() -> None:
    text = (
        "Previous episode on lockinontimeout (LOT): <https://btctranscripts.com/x/>\n\n"
        "## Intro\n\n"
        "Aaron van Wirdum (AvW): Live from Utrecht.\n\n"
        "Sjors Provoost (SP): Hello\n\n"
        "AvW: Sjors, today.\n\n"
        "SP: A pun.\n"
    )
    ep = episode(text, "taproot.md")
    assert ep.speakers == ("Aaron van Wirdum", "Sjors Provoost")
    assert [(t.speaker, [s.text for s in t.segments]) for t in ep.turns] == [
        (None, ["Previous episode on lockinontimeout (LOT): https://btctranscripts.com/x/"]),
        ("Aaron van Wirdum", ["Live from Utrecht."]),
        ("Sjors Provoost", ["Hello"]),
        ("Aaron van Wirdum", ["Sjors, today."]),
        ("Sjors Provoost", ["A pun."]),
    ]
    assert ep.turns[0].segments[0].links == (Link(43, 72, "https://btctranscripts.com/x/"),)


def test_name_colon_turns_without_clocks() -> None:
    text = (
        "Part 2: <https://www.youtube.com/watch?v=Q2lX>\n\n"
        "Jonas: Welcome to the podcast\n\n"
        "John: Hi Pieter\n\n"
        "Pieter: Hello John and Jonas\n\n"
        "Note: this is a remark, not a speaker.\n\n"
        "John: Thank you.\n"
    )
    ep = episode(text, "2020-01-28-pieter-wuille-part1.md")
    assert ep.speakers == ("Jonas", "John", "Pieter")
    assert shape(ep) == [
        (None, [(None, 1, "Part 2: https://www.youtube.com/watch?v=Q2lX")]),
        ("Jonas", [(None, 3, "Welcome to the podcast")]),
        ("John", [(None, 5, "Hi Pieter")]),
        (
            "Pieter",
            [
                (None, 7, "Hello John and Jonas"),
                (None, 9, "Note: this is a remark, not a speaker."),
            ],
        ),
        ("John", [(None, 11, "Thank you.")]),
    ]
    assert ep.number is None  # a date-like file name is not an episode number


def test_markdown_without_transcript_structure_is_show_notes() -> None:
    text = (
        "# About this show\n\nWe talk. Note: nothing here.\n\n"
        "Recorded: 10:30 at the studio.\n\n- 00:00 Intro\n- 05:12 Topic\n"
    )
    ep = episode(text, "about.md")
    assert ep.turns == ()
    assert ep.notes == text.strip("\n")


def test_one_labelled_paragraph_is_enough_to_be_a_transcript() -> None:
    ep = episode("**Gerhard:** As we said in episode 44, it works.\n", "50.md")
    assert ep.notes == ""
    assert [(t.speaker, t.segments[0].text) for t in ep.turns] == [
        ("Gerhard", "As we said in episode 44, it works.")
    ]


def test_txt_file_with_markdown_turns_is_read_as_markdown() -> None:
    ep = episode("**Jon:** Hi *there*.\n\n**Ann:** Hello \\[laughs\\].\n", "920.txt")
    assert ep.format == "markdown"
    assert [(t.speaker, t.segments[0].text) for t in ep.turns] == [
        ("Jon", "Hi there."),
        ("Ann", "Hello [laughs]."),
    ]


def test_markdown_code_block_is_kept_literally() -> None:
    text = "**Ann:** Look:\n\n```\nx = 1  # *not* emphasis\n\ny = 2\n```\n\n**Bob:** Ok.\n"
    ep = episode(text, "x.md")
    assert [s.text for s in ep.turns[0].segments] == ["Look:", "x = 1  # *not* emphasis\n\ny = 2"]


# --- speaker heuristics: prose is not a speaker ------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Note: this is important.",
        "So the answer is simple: we ship it.",
        "See http://example.com/x: it is there.",
        "The plan, roughly: first this, then that.",
        "Why does it matter? Because: reasons.",
    ],
)
def test_prose_with_a_colon_is_not_a_speaker(line: str) -> None:
    text = f"Ann Lee: 00:01 Hello.\n{line}\nBob Ray: 00:05 Bye.\n"
    ep = episode(text)
    assert ep.speakers == ("Ann Lee", "Bob Ray")
    assert any(line in s.text for _t, s in ep.segments())  # kept as text


def test_in_prose_a_label_seen_once_stays_text_and_one_seen_twice_is_a_speaker() -> None:
    text = (
        "Some prose first.\n\nMore prose.\n\nTools: we used many of them.\n\n"
        "Even more prose.\n\nAnn: Hi.\n\nAnd prose.\n\nAnn: Bye.\n"
    )
    ep = episode(text)
    assert ep.speakers == ("Ann",)
    assert ep.segments()[2][1].text == "Tools: we used many of them."


def test_in_a_name_colon_transcript_a_one_time_speaker_is_a_speaker() -> None:
    text = "Ann: Hi.\n\nBob: Hello.\n\nAnn: Bye.\n\nCaralie: Thanks, both.\n"
    assert episode(text).speakers == ("Ann", "Bob", "Caralie")


# --- never drop text silently ------------------------------------------------------------------


def test_stray_line_in_a_clocked_file_is_kept_and_warned() -> None:
    text = "00:00:01 First.\n\n00:00:05 Second.\n\nA stray line.\n\n(laughter)\n\n00:00:09 Third.\n"
    result = read(text, "stray.txt")
    assert result.episode is not None
    assert [s.text for _t, s in result.episode.segments()] == [
        "First.",
        "Second.",
        "A stray line.",
        "(laughter)",
        "Third.",
    ]
    assert messages(result) == [
        "stray.txt:5: warning: paragraph has no clock, unlike the paragraphs around it;"
        " kept as text\n    A stray line."
    ]


def test_unclocked_line_in_a_one_line_per_paragraph_file_is_its_own_paragraph() -> None:
    text = "Ann: 00:01 One.\nBob: 00:02 Two.\nno clock here\nAnn: 00:03 Three.\n"
    result = read(text)
    assert result.episode is not None
    assert shape(result.episode) == [
        ("Ann", [(1_000, 1, "One.")]),
        ("Bob", [(2_000, 2, "Two."), (None, 3, "no clock here")]),
        ("Ann", [(3_000, 4, "Three.")]),
    ]
    assert [(d.line, d.severity) for d in result.diagnostics] == [(3, Severity.WARNING)]


def test_clock_going_backwards_is_warned_with_the_line() -> None:
    result = read("Ann: 00:00 Hi.\nBob: 00:20 Yo.\nAnn: 00:10 Back.\n00:30 On.\n", "b.txt")
    assert messages(result) == [
        "b.txt:3: warning: clock 00:10 goes backwards (previous paragraph at 00:20)\n"
        "    Ann: 00:10 Back."
    ]
    assert result.episode is not None
    assert [s.start for _t, s in result.episode.segments()] == [0, 20_000, 10_000, 30_000]


def test_ten_megabyte_line_is_read_in_linear_time() -> None:
    words = "word " * 2_000_000
    started = time.perf_counter()
    plain = episode("Ann: 00:01 " + words, "big.txt")
    marked = read("**Ann:** " + "word *emph* [l](http://x) " * 400_000 + "\n**Bob:** Hi.", "big.md")
    elapsed = time.perf_counter() - started
    assert plain.turns[0].segments[0].text == words.strip()
    assert marked.episode is not None
    assert len(marked.episode.turns[0].segments[0].text) > 10_000_000
    assert [d.message for d in marked.diagnostics] == [
        "paragraph of 10,399,999 characters is too long for Markdown; its text is kept as written"
    ]
    assert elapsed < 15  # ~1 s here; a quadratic step would take hours


def test_long_runs_of_spaces_are_read_in_linear_time() -> None:
    # Padding inside a heading, before a clock or a `(`: no regex may rescan the run of spaces
    # at every position (the heading one did: 40,000 spaces took 19 s, these would take minutes).
    spaces = " " * 200_000
    started = time.perf_counter()
    marked = episode(f"# Part{spaces}one\n\n**Ann:** Hi.\n\n**Bob:** Yo.\n", "pad.md")
    plain = episode(
        f"Ann{spaces}00:01\nHi.\nBob: 00:02 Yo{spaces}(no)\nAnn: 00:03 So.\n", "pad.txt"
    )
    elapsed = time.perf_counter() - started
    assert marked.turns[0].heading == f"Part{spaces}one"
    assert [t.speaker for t in plain.turns] == ["Ann", "Bob", "Ann"]
    assert elapsed < 15  # well under a second here


def test_txt_file_is_markdown_only_when_two_lines_start_like_markdown() -> None:
    one_label = "Jon: 00:01 Hi.\n**Ann:** Yo.\nJon: 00:02 So **Bob:** said.\n"
    escaped_clocks = "\\[00:01\\] Hi.\n\n\\[00:02\\] Yo.\n"
    assert episode(one_label).format == "plaintext"
    assert episode(escaped_clocks).format == "markdown"


def test_links_in_headings_keep_their_urls() -> None:
    text = "## Intro to [Taproot](https://example.org/taproot)\n\n**Ann:** Hello.\n"
    episode = read_episode_text(text, Path("1.md")).episode
    assert episode is not None
    turn = episode.turns[0]
    assert turn.heading == "Intro to Taproot"
    assert [(turn.heading[ln.start : ln.end], ln.href) for ln in turn.heading_links] == [
        ("Taproot", "https://example.org/taproot")
    ]
