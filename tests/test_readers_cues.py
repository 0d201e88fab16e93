"""Cue merging shared by the caption readers (sitegen/readers/cues.py): timing lines, sentence
ends, paragraphs, speakers, timing problems, rolling captions. Exact turns and messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.model import Turn
from sitegen.readers.cues import (
    PARAGRAPH_HARD_MAX_WORDS,
    PARAGRAPH_MAX_WORDS,
    PARAGRAPH_MIN_WORDS,
    Cue,
    Timing,
    cues_to_turns,
    ends_sentence,
    parse_timing,
    rolling_overlaps,
)

PATH = Path("x.vtt")
Shape = list[tuple[str | None, list[tuple[int | None, int | None, str]]]]


def shape(turns: tuple[Turn, ...]) -> Shape:
    return [(t.speaker, [(s.start, s.end, s.text) for s in t.segments]) for t in turns]


def words(n: int, end: str = ".") -> str:
    """`n` words, the last ending in `end`."""
    return " ".join(["word"] * n) + end


def cue(
    start: int | None, text: str, speaker: str | None = None, starts_paragraph: bool = False
) -> Cue:
    """A one-second cue (no clock when `start` is None)."""
    end = start + 1000 if start is not None else None
    line = start // 1000 + 1 if start is not None else 1
    return Cue(start, end, speaker, text, line, starts_paragraph=starts_paragraph)


# --- timing lines


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("00:00:01.000 --> 00:00:04.000", Timing(1_000, 4_000, "")),
        (
            "00:01.500 --> 00:04.250 align:start position:10%",
            Timing(1_500, 4_250, "align:start position:10%"),
        ),
        ("01:02:03.004 --> 01:02:05.000", Timing(3_723_004, 3_725_000, "")),
        ("123:00:00.000 --> 123:00:01.000", Timing(442_800_000, 442_801_000, "")),  # hours > 99
        ("00:00:01,000 --> 00:00:04,000", Timing(1_000, 4_000, "")),  # SRT comma
        ("00:00:01,000 --> 00:00:04,000  X1:40 X2:600", Timing(1_000, 4_000, "X1:40 X2:600")),
        ("0.860 --> 7.380", Timing(860, 7_380, "")),  # bare seconds (pc20 samples)
        ("56.440 --> 1:01.080", Timing(56_440, 61_080, "")),
        ("00:00:01.5 --> 00:00:02.25", Timing(1_500, 2_250, "")),
        ("00:00:01.000-->00:00:02.000", Timing(1_000, 2_000, "")),
    ],
)
def test_timing_lines_read(line: str, expected: Timing) -> None:
    assert parse_timing(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "00:00:01.000 -> 00:00:04.000",  # not the arrow
        "00:00:01.000 --> 00:0",  # cut off
        "00:00:61.000 --> 00:01:00.000",  # 61 seconds
        "01:60:00.000 --> 02:00:00.000",  # 60 minutes after hours
        "5 --> 6",  # numbers, not times
        "00:00:01.000 --> 00:00:02.000align:start",  # settings need a space
        "so the arrow --> points there",
    ],
)
def test_malformed_timing_lines_are_refused(line: str) -> None:
    assert parse_timing(line) is None


def test_a_long_run_of_digits_is_refused_quickly() -> None:
    line = "1" * 200_000 + ":00.000 --> " + "2" * 200_000
    assert parse_timing(line) is None  # (linear: this returns at once)


# --- sentence ends


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("That is it.", True),
        ("Really?", True),
        ('He said "stop."', True),
        ("Wait…", True),
        ("(laughs).)", True),
        ("and then", False),
        ("Ladies and gentlemen, Mr.", False),
        ("talk to Dr.", False),
        ("tools, e.g.", False),
        ("John F.", False),
        ("We said no.", True),
    ],
)
def test_sentence_ends(text: str, ends: bool) -> None:
    assert ends_sentence(text) is ends


# --- paragraphs


def test_cues_join_into_a_paragraph_until_a_sentence_end_past_the_minimum() -> None:
    first = words(PARAGRAPH_MIN_WORDS - 1)  # ends a sentence, but too short to end a paragraph
    cues = [cue(0, first), cue(1000, "One more."), cue(2000, "Next paragraph.")]
    turns, problems = cues_to_turns(cues, PATH)
    assert shape(turns) == [
        (None, [(0, 2000, f"{first} One more."), (2000, 3000, "Next paragraph.")])
    ]
    assert problems == []


def test_a_paragraph_does_not_end_mid_sentence_until_the_hard_maximum() -> None:
    cues = [cue(i * 1000, words(10, end="")) for i in range(PARAGRAPH_HARD_MAX_WORDS // 10 + 1)]
    turns, _ = cues_to_turns(cues, PATH)
    assert [len(s.text.split()) for s in turns[0].segments] == [PARAGRAPH_HARD_MAX_WORDS, 10]


def test_a_pause_ends_a_paragraph_at_a_sentence_end_however_short() -> None:
    cues = [cue(0, "Short."), cue(5000, "After a pause.")]
    turns, _ = cues_to_turns(cues, PATH)
    assert shape(turns) == [(None, [(0, 1000, "Short."), (5000, 6000, "After a pause.")])]


def test_unpunctuated_captions_break_at_a_pause_once_long() -> None:
    cues = [cue(i * 1000, words(10, end="")) for i in range(PARAGRAPH_MAX_WORDS // 10)]
    cues.append(cue(len(cues) * 1000 + 3000, "after the pause"))
    turns, _ = cues_to_turns(cues, PATH)
    assert [len(s.text.split()) for s in turns[0].segments] == [PARAGRAPH_MAX_WORDS, 3]


def test_a_long_paragraph_ends_at_a_sentence_end_inside_a_cue() -> None:
    # Whisper-style captions: cue boundaries fall mid-sentence, sentence ends mid-cue.
    long = words(PARAGRAPH_MAX_WORDS, end="")
    cues = [Cue(0, 10_000, None, long, 1), Cue(10_000, 12_000, None, "end here. And go on", 2)]
    turns, _ = cues_to_turns(cues, PATH)
    cut = 10_000 + 2_000 * len("end here.") // len("end here. And go on")
    assert shape(turns) == [(None, [(0, cut, f"{long} end here."), (cut, 12_000, "And go on")])]


def test_a_speaker_change_starts_a_turn_and_an_unnamed_cue_continues_the_speaker() -> None:
    cues = [cue(0, "Hi.", "Ann"), cue(1000, "Hello.", "Bo"), cue(2000, "Yes.")]
    turns, _ = cues_to_turns(cues, PATH)
    assert shape(turns) == [
        ("Ann", [(0, 1000, "Hi.")]),
        ("Bo", [(1000, 3000, "Hello. Yes.")]),
    ]


def test_without_carrying_an_unnamed_cue_is_nobodys() -> None:
    cues = [cue(0, "Hi.", "Ann"), cue(1000, "Music plays.")]
    turns, _ = cues_to_turns(cues, PATH, carry_speaker=False)
    assert shape(turns) == [("Ann", [(0, 1000, "Hi.")]), (None, [(1000, 2000, "Music plays.")])]


def test_marked_paragraphs_start_only_where_marked() -> None:
    long = words(PARAGRAPH_HARD_MAX_WORDS + 10)
    cues = [
        cue(0, long, "Ann", starts_paragraph=True),
        cue(1000, "Still the same paragraph.", "Ann"),
        cue(9000, "New one.", "Ann", starts_paragraph=True),
    ]
    turns, _ = cues_to_turns(cues, PATH, marked_paragraphs=True)
    assert shape(turns) == [
        ("Ann", [(0, 2000, f"{long} Still the same paragraph."), (9000, 10_000, "New one.")])
    ]


def test_a_cue_without_a_clock_is_a_paragraph_of_its_own() -> None:
    cues = [cue(0, "Clocked"), cue(None, "not clocked"), cue(2000, "clocked again")]
    turns, _ = cues_to_turns(cues, PATH)
    assert shape(turns) == [
        (None, [(0, 1000, "Clocked"), (None, None, "not clocked"), (2000, 3000, "clocked again")])
    ]


# --- timing problems


def test_timing_problems_are_warnings_and_every_text_is_kept() -> None:
    cues = [
        Cue(9000, 8000, "Ann", "Ends first.", 3, "00:09.000 --> 00:08.000"),
        Cue(10_000, 20_000, "Ann", "Long.", 6),
        Cue(12_000, 14_000, "Bo", "Overlaps.", 9),
        Cue(13_500, 14_000, "Bo", "Overlaps a little.", 12),
        Cue(11_500, 12_000, "Ann", "Goes back.", 15),
        Cue(11_200, 11_400, "Ann", "Back within a second.", 21),
    ]
    turns, problems = cues_to_turns(cues, PATH, report_overlaps=True)
    assert [p.format() for p in problems] == [
        "x.vtt:3: warning: cue ends (00:08) before it starts (00:09); its text is kept\n"
        "    00:09.000 --> 00:08.000",
        "x.vtt:9: warning: cue starts (00:12) before the previous cue ends (00:20);"
        " both texts are kept, in file order",
        "x.vtt:15: warning: clock 00:11 goes backwards (previous cue at 00:13)",
        "x.vtt:21: warning: clock 00:11.200 goes backwards (previous cue at 00:11.500)",
    ]
    assert [s.text for t in turns for s in t.segments] == [
        "Ends first.",
        "Long.",  # (two seconds after the first ends: a pause)
        "Overlaps. Overlaps a little.",
        "Goes back. Back within a second.",
    ]


def test_overlaps_are_reported_only_when_asked_and_the_unit_is_named() -> None:
    cues = [Cue(0, 5000, None, "A.", 1), Cue(2000, 3000, None, "B.", 2)]
    assert cues_to_turns(cues, PATH)[1] == []
    _, problems = cues_to_turns(cues, PATH, report_overlaps=True, unit="card")
    assert [p.message for p in problems] == [
        "card starts (00:02) before the previous card ends (00:05); both texts are kept,"
        " in file order"
    ]


# --- rolling captions


def test_rolling_captions_lose_their_repeated_lines() -> None:
    texts = [
        " \nhi everybody welcome to",
        "hi everybody welcome to\n ",
        "hi everybody welcome to\nanother video",
        "another video\n ",
        "another video\non this channel",
        "on this channel\nso let's start",
    ]
    drops = rolling_overlaps(texts)
    kept = [" ".join(t[d:].split()) for t, d in zip(texts, drops, strict=True)]
    assert kept == [
        "hi everybody welcome to",
        "",
        "another video",
        "",
        "on this channel",
        "so let's start",
    ]


def test_growing_captions_lose_the_start_they_repeat() -> None:
    texts = ["hello", "hello everyone", "hello everyone and", "hello everyone and welcome"]
    drops = rolling_overlaps(texts)
    assert [t[d:].strip() for t, d in zip(texts, drops, strict=True)] == [
        "hello",
        "everyone",
        "and",
        "welcome",
    ]


def test_a_speaker_repeating_a_line_is_no_rolling_caption() -> None:
    texts = ["Yeah.", "Yeah.", "Yeah.", "So anyway.", "So anyway.\nWhere were we?"]
    assert rolling_overlaps(texts) == [0, 0, 0, 0, 0]
