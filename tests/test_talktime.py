"""Talk time: clocked stretches, shared by words between sparse clocks, estimates stated."""

from __future__ import annotations

from pathlib import Path

from sitegen.model import Episode, Metadata, Segment, Turn
from sitegen.talktime import WORDS_PER_MINUTE, format_duration, paragraph_lengths, talk_time


def seg(start: int | None, words: int) -> Segment:
    return Segment(start, None, " ".join(["word"] * words), 1)


def test_each_clocked_paragraph_lasts_until_the_next_clock() -> None:
    lengths, estimated = paragraph_lengths([seg(0, 5), seg(10_000, 5), seg(25_000, 155)])
    assert lengths == [10_000, 15_000, 60_000]  # the last: 155 words at 155 a minute
    assert estimated


def test_unclocked_paragraphs_share_the_stretch_by_words() -> None:
    lengths, estimated = paragraph_lengths([seg(0, 10), seg(None, 30), seg(60_000, 0)])
    assert lengths[:2] == [15_000, 45_000]
    assert not estimated  # the last paragraph has no words, nothing was guessed


def test_paragraphs_before_the_first_clock_are_estimated() -> None:
    lengths, estimated = paragraph_lengths([seg(None, 310), seg(0, 0)])
    assert lengths == [120_000, 0]
    assert estimated


def test_a_transcript_without_clocks_is_estimated_throughout() -> None:
    assert paragraph_lengths([seg(None, 31), seg(None, 62)]) == ([12_000, 24_000], True)
    assert paragraph_lengths([]) == ([], False)


def test_talk_time_adds_up_per_speaker_and_is_a_share_of_the_whole() -> None:
    turns = (
        Turn("Ann", (seg(0, 10), seg(30_000, 10))),
        Turn("Bob", (seg(60_000, 10),)),
        Turn("Ann", (seg(90_000, WORDS_PER_MINUTE // 5),)),  # estimated: 12 s
    )
    times = talk_time(Episode("1", Metadata(), turns, Path("1.txt"), "plaintext"))
    assert times.by_speaker == {"Ann": 72_000, "Bob": 30_000}
    assert times.total == 102_000
    assert times.estimated


def test_durations_read_naturally() -> None:
    assert format_duration(45_000) == "45 s"
    assert format_duration(16 * 60_000 + 29_000) == "16 min"
    assert format_duration(3_723_000) == "1 h 02 min"
