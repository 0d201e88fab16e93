"""Talk time: clocked stretches, shared by words between sparse clocks, the last one closed by
the audio's duration or the paragraph's own end clock, estimates stated."""

from __future__ import annotations

from pathlib import Path

from sitegen.model import Episode, Metadata, Segment, Turn
from sitegen.talktime import (
    WORDS_PER_MINUTE,
    format_duration,
    measure,
    paragraph_lengths,
    talk_note,
    talk_time,
)


def seg(start: int | None, words: int, end: int | None = None) -> Segment:
    return Segment(start, end, " ".join(["word"] * words), 1)


def episode(turns: tuple[Turn, ...], duration: int | None = None) -> Episode:
    return Episode("1", Metadata(duration=duration), turns, Path("1.txt"), "plaintext")


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


def test_the_last_paragraph_ends_at_the_end_of_the_audio() -> None:
    lengths = measure([seg(0, 5), seg(10_000, 5), seg(25_000, 155)], audio_ms=40_000)
    assert lengths.ms == [10_000, 15_000, 15_000]  # not the 60 s its words would take
    assert lengths.last_end == "audio"
    assert not lengths.estimated


def test_unclocked_paragraphs_after_the_last_clock_share_the_rest_of_the_audio() -> None:
    lengths = measure([seg(0, 5), seg(10_000, 10), seg(None, 30)], audio_ms=50_000)
    assert lengths.ms == [10_000, 10_000, 30_000]


def test_an_audio_duration_before_the_last_clock_is_not_believed() -> None:
    lengths = measure([seg(0, 5), seg(10_000, 155)], audio_ms=5_000)
    assert lengths.ms == [10_000, 60_000]
    assert lengths.last_end == "words" and lengths.estimated


def test_without_audio_the_last_caption_ends_at_its_own_end_clock() -> None:
    lengths = measure([seg(0, 5, 9_000), seg(10_000, 155, 14_500)])
    assert lengths.ms == [10_000, 4_500]  # a turn still lasts until the next turn starts
    assert lengths.last_end == "own-end" and not lengths.estimated


def test_the_audio_duration_wins_over_the_last_captions_end() -> None:
    lengths = measure([seg(0, 5, 9_000), seg(10_000, 5, 14_500)], audio_ms=20_000)
    assert lengths.ms == [10_000, 10_000]


def test_estimates_before_the_first_clock_are_told_apart_from_the_last_paragraph() -> None:
    lengths = measure([seg(None, 155), seg(0, 5), seg(10_000, 5)], audio_ms=20_000)
    assert lengths.ms == [60_000, 10_000, 10_000]
    assert lengths.estimated and lengths.estimated_early and lengths.last_end == "audio"


def test_talk_time_uses_the_episodes_duration_and_counts_words() -> None:
    turns = (
        Turn("Ann", (seg(0, 10),)),
        Turn("Bob", (seg(30_000, 20),)),
        Turn(None, (seg(60_000, 5),)),  # nobody named: counts towards the whole only
    )
    times = talk_time(episode(turns, duration=90))
    assert times.by_speaker == {"Ann": 30_000, "Bob": 30_000}
    assert times.total == 90_000
    assert times.share("Ann") == 1 / 3
    assert times.words == {"Ann": 10, "Bob": 20}
    assert times.total_words == 35
    assert not times.estimated


def test_the_page_note_says_how_the_last_paragraph_was_measured() -> None:
    turns = (Turn("Ann", (seg(0, 10), seg(30_000, 10))),)
    by_audio = talk_note(talk_time(episode(turns, duration=3723)), 3723)
    assert by_audio is not None and "to the end of the audio (1:02:03)" in by_audio
    assert "estimated" not in by_audio
    by_words = talk_note(talk_time(episode(turns)))
    assert by_words is not None and "estimated from its words (155 words a minute)" in by_words
    captions = (Turn("Ann", (seg(0, 10, 9_000), seg(30_000, 10, 41_000))),)
    by_clock = talk_note(talk_time(episode(captions)))
    assert by_clock is not None and "its end time in the transcript" in by_clock


def test_the_page_note_for_a_transcript_without_clocks() -> None:
    note = talk_note(talk_time(episode((Turn("Ann", (seg(None, 31),)),))))
    assert note == (
        "No paragraph has a clock, so talk time is estimated from the words (155 words a minute)."
    )
    assert talk_note(talk_time(episode(()))) is None


def test_the_page_note_mentions_estimates_before_the_first_clock() -> None:
    turns = (Turn("Ann", (seg(None, 31), seg(0, 10), seg(30_000, 10))),)
    note = talk_note(talk_time(episode(turns, duration=60)), 60)
    assert note is not None and "paragraphs before the first clock" in note
