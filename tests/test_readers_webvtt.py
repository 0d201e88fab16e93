"""WebVTT reader: the whole format (header, NOTE/STYLE/REGION, identifiers, settings, voices,
markup, entities, word timestamps), rolling captions, sitegen's own paragraph marks, Zoom
labels, broken files (exact messages), and every WebVTT file of the corpus (every word kept,
in order; sensible turns)."""

from __future__ import annotations

import html
import re
import time
from functools import cache
from pathlib import Path

import pytest

from sitegen.model import Episode
from sitegen.readers import ReadResult, read_episode_file, read_episode_text

from .conftest import CORPUS, require_shared

Shape = list[tuple[str | None, list[tuple[int | None, int | None, str]]]]


def read(text: str, name: str = "12.vtt") -> ReadResult:
    return read_episode_text(text, Path(name))


def episode(text: str, name: str = "12.vtt") -> Episode:
    result = read(text, name)
    assert result.episode is not None, result.diagnostics
    return result.episode


def shape(ep: Episode) -> Shape:
    """Turns as (speaker, [(start, end, text)])."""
    return [(t.speaker, [(s.start, s.end, s.text) for s in t.segments]) for t in ep.turns]


def messages(result: ReadResult) -> list[str]:
    return [d.format().splitlines()[0] for d in result.diagnostics]


SPEC = """\
WEBVTT - The show, episode 12
Kind: captions
Language: en

STYLE
::cue(.loud) { color: red }

REGION
id:fred
width:40%

NOTE This note is no transcript,
and neither is this line.

intro
00:00:01.000 --> 00:00:04.000 align:start position:10%
<v Ann Lee>Welcome to the show &amp; thanks for
listening.</v>

00:04.000 --> 00:06.500
<v.loud Bo>Glad <i>to</i> be <b>here</b>, <u>Ann</u>.

NOTE a comment between cues

3
00:00:06.500 --> 00:00:09.000
<c.yellow>Untagged cues</c> carry <c>the voice</c> on&nbsp;&mdash;&#33;&#x3F;

00:00:09.000 --> 00:00:12.000
<v Ann Lee>Wait.</v> <v Bo>What?
<v Cy>Nothing.

00:00:12.000 --> 00:00:15.000
<v Ann Lee><lang ja><ruby>漢<rt>kan</rt>字<rt>ji</ruby></lang> is a<00:00:13.000> word \
<00:00:14.000>&lt;here&gt; x<y &unknown; a & b.

123:00:00.000 --> 123:00:02.000
<v Ann Lee>Late.
"""


def test_the_whole_format_reads_to_turns() -> None:
    result = read(SPEC)
    assert result.diagnostics == ()
    assert result.episode is not None and result.episode.format == "webvtt"
    assert shape(result.episode) == [
        ("Ann Lee", [(1000, 4000, "Welcome to the show & thanks for listening.")]),
        ("Bo", [(4000, 9000, "Glad to be here, Ann. Untagged cues carry the voice on\xa0—!?")]),
        # Three voices in one cue: three turns, the cue's time shared out by characters.
        ("Ann Lee", [(9000, 9857, "Wait.")]),
        ("Bo", [(9857, 10714, "What?")]),
        ("Cy", [(10714, 12000, "Nothing.")]),
        (
            "Ann Lee",
            [
                (12000, 15000, "漢(kan)字(ji) is a word <here> x<y &unknown; a & b."),
                (442_800_000, 442_802_000, "Late."),  # 123 hours in
            ],
        ),
    ]
    # Paragraphs point at their cue's timing line.
    assert [s.line for _t, s in result.episode.segments()] == [16, 20, 29, 29, 29, 33, 36]


def test_lines_are_counted_from_the_body_start() -> None:
    text = "---\ntitle: With front matter\n---\n" + SPEC
    ep = episode(text)
    assert ep.meta.title == "With front matter"
    assert ep.segments()[0][1].line == 19


def test_cues_of_one_voice_join_into_paragraphs_at_sentence_ends() -> None:
    cues = [
        ("00:00:00.000", "00:00:03.000", "<v Jon>So this is where we start"),
        ("00:00:03.000", "00:00:06.000", "<v Jon>and this is where it goes on."),
        ("00:00:06.000", "00:00:09.000", "The sentence ended, but the paragraph is short."),
        ("00:00:12.000", "00:00:14.000", "A pause of three seconds starts a paragraph."),
    ]
    text = "WEBVTT\n\n" + "\n\n".join(f"{a} --> {b}\n{t}" for a, b, t in cues) + "\n"
    assert shape(episode(text)) == [
        (
            "Jon",
            [
                (
                    0,
                    9000,
                    "So this is where we start and this is where it goes on."
                    " The sentence ended, but the paragraph is short.",
                ),
                (12000, 14000, "A pause of three seconds starts a paragraph."),
            ],
        )
    ]


def test_lenient_timestamps_as_written_by_real_tools() -> None:
    text = "WEBVTT\n\n0.860 --> 7.380\n<v SPEAKER_1>Bare seconds.\n\n7.440 --> 1:01.080\nOK.\n"
    assert shape(episode(text)) == [("SPEAKER_1", [(860, 61080, "Bare seconds. OK.")])]


def test_a_less_than_sign_that_starts_no_tag_is_text() -> None:
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\nif a < b and c<d or <script> then\n"
    assert shape(episode(text)) == [(None, [(1000, 2000, "if a < b and c<d or <script> then")])]


# --- rolling captions


def youtube_cue(start: str, end: str, *lines: str) -> str:
    return f"{start} --> {end} align:start position:0%\n" + "\n".join(lines) + "\n"


def words_at(*timed: tuple[str, str]) -> str:
    """A line of words with YouTube's word timestamps: `a<00:00:01.000><c> b</c>…`."""
    first, *rest = timed
    return first[1] + "".join(f"<{time}><c> {word}</c>" for time, word in rest)


# YouTube's automatic captions: each cue shows the last line again, a line of one space is
# cue text, and a 10 ms cue repeats the finished line alone.
YOUTUBE = "WEBVTT\nKind: captions\nLanguage: en\n\n" + "\n".join(
    [
        youtube_cue(
            "00:00:00.030",
            "00:00:02.270",
            " ",
            words_at(("", "hi"), ("00:00:00.390", "everybody"), ("00:00:00.840", "welcome")),
        ),
        youtube_cue("00:00:02.270", "00:00:02.280", "hi everybody welcome", " "),
        youtube_cue(
            "00:00:02.280",
            "00:00:05.030",
            "hi everybody welcome",
            words_at(("", "to"), ("00:00:02.610", "another"), ("00:00:03.000", "video")),
        ),
        youtube_cue("00:00:05.030", "00:00:05.040", "to another video", " "),
        youtube_cue(
            "00:00:05.040",
            "00:00:07.000",
            "to another video",
            words_at(("", "today"), ("00:00:05.500", "we"), ("00:00:06.000", "talk")),
        ),
        youtube_cue("00:00:07.000", "00:00:07.010", "today we talk", " "),
        youtube_cue(
            "00:00:07.010",
            "00:00:09.000",
            "today we talk",
            words_at(("", "about"), ("00:00:07.500", "decorators"), ("00:00:08.700", "again")),
        ),
    ]
)


def test_youtube_rolling_captions_keep_every_word_once() -> None:
    result = read(YOUTUBE)
    assert result.diagnostics == ()
    assert result.episode is not None
    assert shape(result.episode) == [
        (
            None,
            [
                (
                    30,
                    9000,
                    "hi everybody welcome to another video today we talk about decorators again",
                )
            ],
        )
    ]


def test_a_speaker_repeating_themselves_is_kept_repeating() -> None:
    text = "WEBVTT\n\n" + "\n\n".join(
        f"00:00:0{i}.000 --> 00:00:0{i}.900\n<v Ann>{line}"
        for i, line in enumerate(["Yeah.", "Yeah.", "Yeah.", "No, really.", "No, really."])
    )
    assert shape(episode(text)) == [
        ("Ann", [(0, 4900, "Yeah. Yeah. Yeah. No, really. No, really.")])
    ]


# --- sitegen's own files


def test_sitegen_identifiers_mark_paragraphs_and_untagged_cues_name_nobody() -> None:
    long = " ".join(["Word."] * 50)
    text = f"""WEBVTT

NOTE
Show: Test

t=00:00
00:00:00.000 --> 00:00:05.000
<v Ann>{long}

00:00:05.000 --> 00:00:06.000
<v Ann>Still the first paragraph.

t=00:00-2
00:00:06.000 --> 00:00:07.000
<v Ann>Second paragraph, same second as the first.

p3
00:00:07.000 --> 00:00:08.000
Nobody says this.

t=00:08
00:00:08.000 --> 00:00:09.000
<v Ann>Back.
"""
    assert shape(episode(text)) == [
        (
            "Ann",
            [
                (0, 6000, f"{long} Still the first paragraph."),
                (6000, 7000, "Second paragraph, same second as the first."),
            ],
        ),
        (None, [(7000, 8000, "Nobody says this.")]),
        ("Ann", [(8000, 9000, "Back.")]),
    ]


def test_other_identifiers_leave_paragraphs_to_sentence_ends() -> None:
    # One identifier of another form: not sitegen's file, so no identifier marks a paragraph.
    text = (
        "WEBVTT\n\nt=00:00\n00:00.000 --> 00:01.000\n<v Ann>One.\n\n"
        "2\n00:01.000 --> 00:02.000\nTwo.\n\nt=00:02\n00:02.000 --> 00:03.000\nThree.\n"
    )
    assert shape(episode(text)) == [("Ann", [(0, 3000, "One. Two. Three.")])]


# --- Zoom


def test_zoom_name_labels_are_voices() -> None:
    text = """WEBVTT

1
00:00:01.000 --> 00:00:03.000
Ann Lee: Hello everyone.

2
00:00:03.000 --> 00:00:05.000
Bo Ng: Hi Ann.

3
00:00:05.000 --> 00:00:07.000
Bo Ng: Note: this stays text.

4
00:00:07.000 --> 00:00:08.000
Note: this is not a speaker.
"""
    assert shape(episode(text)) == [
        ("Ann Lee", [(1000, 3000, "Hello everyone.")]),
        ("Bo Ng", [(3000, 8000, "Hi Ann. Note: this stays text. Note: this is not a speaker.")]),
    ]


def test_a_few_name_like_lines_in_a_file_without_voices_stay_text() -> None:
    text = "WEBVTT\n\n" + "\n\n".join(
        f"00:00:0{i}.000 --> 00:00:0{i}.900\n{line}"
        for i, line in enumerate(["Python: it is great.", "We agree.", "Very much."])
    )
    assert episode(text).speakers == ()


def test_talkpython_text_files_with_voice_tags_stay_plain_text() -> None:
    text = "00:00:00 <v Michael Kennedy>Hello there.\n\n00:00:06 <v Guest>Hi Michael.\n"
    ep = episode(text, "525.txt")
    assert ep.format == "plaintext"
    assert ep.speakers == ("Michael Kennedy", "Guest")


# --- broken files


def test_a_malformed_timing_line_keeps_its_text_as_a_paragraph_without_a_clock() -> None:
    text = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>First.\n\n"
        "00:00:02.000 --> 00:00:0x\n<v Ann>Second.\n\n"
        "00:00:03.000 --> 00:00:04.000\n<v Ann>Third.\n"
    )
    result = read(text)
    assert messages(result) == [
        "12.vtt:6: warning: cue timing line is not `start --> end`"
        " (like 00:01:02.500 --> 00:01:04.000); its text is kept without a clock"
    ]
    assert result.episode is not None
    assert shape(result.episode) == [
        ("Ann", [(1000, 2000, "First."), (None, None, "Second."), (3000, 4000, "Third.")])
    ]


def test_a_vtt_without_header_or_blank_lines_is_still_read() -> None:
    text = "1\n00:01.000 --> 00:02.000\nOne.\n2\n00:02.000 --> 00:03.000\nTwo.\n"
    result = read(text)
    assert messages(result) == [
        "12.vtt:1: warning: no WEBVTT header on the first line; read as WebVTT anyway",
        "12.vtt:5: warning: no blank line before this cue timing line; read as a new cue",
    ]
    assert result.episode is not None
    assert shape(result.episode) == [(None, [(1000, 3000, "One. Two.")])]


def test_many_small_overlaps_are_not_reported() -> None:
    text = "WEBVTT\n\n00:01.000 --> 00:02.050\nOne.\n\n00:02.000 --> 00:03.000\nTwo.\n"
    assert read(text).diagnostics == ()


def test_pathological_input_is_read_in_linear_time() -> None:
    # Long runs of what the regexes look for, without what would complete a match.
    nasty = "WEBVTT\n\n00:00.000 --> 00:01.000\n" + (
        "<v " * 50_000 + "&#" * 50_000 + "<c." * 50_000 + "<00:00" * 50_000 + "\n"
    )
    nasty += "0" * 100_000 + ":00 --> " + "1" * 100_000 + "\n"
    started = time.perf_counter()
    result = read(nasty)
    assert time.perf_counter() - started < 2
    assert result.episode is not None
    assert len(result.episode.segments()[0][1].text) > 400_000


def test_a_ten_megabyte_file_reads_in_seconds() -> None:
    cue = "<v Ann Lee>Some words of a caption line, as captions go, and then some more.\n\n"
    parts = ["WEBVTT\n\n"]
    for i in range(120_000):
        seconds = i * 2
        start = f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.000"
        end = f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.900"
        parts.append(f"{start} --> {end}\n{cue}")
    text = "".join(parts)
    assert len(text) > 10_000_000
    started = time.perf_counter()
    ep = episode(text)
    elapsed = time.perf_counter() - started
    assert len(ep.segments()) > 10_000
    # ~2 s on a developer machine; the bound only catches quadratic work.
    assert elapsed < 20


# --- the corpus

_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"[^\W_]+")


def corpus_vtts() -> list[Path]:
    return sorted(require_shared(CORPUS).glob("*/*.vtt"))


def cue_words(path: Path) -> list[str]:
    """Words of every cue's text (markup removed, entities decoded), in file order."""
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    out: list[str] = []
    for block in text.split("\n\n"):
        lines = block.split("\n")
        for index, line in enumerate(lines):
            if "-->" in line:
                payload = html.unescape(_TAG.sub(" ", "\n".join(lines[index + 1 :])))
                out.extend(word.lower() for word in _WORD.findall(payload))
                break
    return out


@cache
def read_corpus_file(path: Path) -> ReadResult:
    return read_episode_file(path)


def episode_words(ep: Episode) -> list[str]:
    return [word.lower() for _t, s in ep.segments() for word in _WORD.findall(s.text)]


@pytest.mark.corpus
def test_every_corpus_vtt_keeps_every_word_in_order() -> None:
    paths = corpus_vtts()
    assert len(paths) >= 60
    started = time.perf_counter()
    results = {path: read_corpus_file(path) for path in paths}
    elapsed = time.perf_counter() - started
    for path, result in results.items():
        assert result.episode is not None and result.episode.format == "webvtt", path
        assert episode_words(result.episode) == cue_words(path), path
        assert all(d.severity.value == "warning" for d in result.diagnostics), path
    assert elapsed < 10  # ~1.3 s for 66 files (13 MB) on a developer machine


@pytest.mark.corpus
def test_corpus_voices_become_speakers_and_unvoiced_files_have_none() -> None:
    for path in corpus_vtts():
        ep = read_corpus_file(path).episode
        assert ep is not None
        voiced = "<v " in path.read_text(encoding="utf-8")
        assert bool(ep.speakers) == voiced, path
        if path.name.endswith("-no-names.vtt"):
            assert ep.speakers == (), path


@pytest.mark.corpus
def test_corpus_turns_and_paragraphs_look_like_a_transcript() -> None:
    nicegui = read_episode_file(require_shared(CORPUS) / "talkpython" / "525-nicegui.vtt")
    ep = nicegui.episode
    assert ep is not None and nicegui.diagnostics == ()
    assert ep.speakers == ("Michael Kennedy", "Falko Schindler", "Rodja Trappe", "Speaker 5")
    first = ep.turns[0].segments
    assert first[0].text.startswith("Building a UI in Python usually means choosing")
    assert (first[0].start, first[2].text) == (
        20,
        "This is Talk Python To Me, episode 525, recorded September 25th, 2025.",
    )
    sizes = [len(s.text.split()) for _t, s in ep.segments()]
    # Long only where the source has no punctuation for a while (live-stream chatter).
    assert max(sizes) <= 200 and 30 < sum(sizes) / len(sizes) < 60
    podnews = read_episode_file(CORPUS / "pc20-samples" / "podnews_weekly_review_2024-01-19.vtt")
    assert podnews.episode is not None
    assert [(t.speaker, t.segments[0].text) for t in podnews.episode.turns[:3]] == [
        ("SPEAKER_1", "It's Friday, the 19th of January, 2024."),
        ("SPEAKER_2", "The last word in podcasting news."),
        ("SPEAKER_3", "This is the Podnews Weekly Review with James Cridland and Sam Sethi."),
    ]
