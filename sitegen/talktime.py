"""Talk time and words per speaker, from paragraph clocks; and every paragraph's time, estimated
where the source has no clock (`paragraph_times`: the JSON download's times and the episode
page's time anchors, one estimate for both).

A clocked paragraph lasts until the next clocked paragraph starts. Many transcripts clock only
some paragraphs (Markdown transcripts put a clock every few minutes): the paragraphs between two
clocks share that stretch in proportion to their words. The last clocked stretch ends at the
end of the audio when the metadata gives its `duration`, else at the end clock the source gave
its last paragraph (captions have one), else its length is estimated from its words at an
average speaking rate. Paragraphs before the first clock are always estimated. The result says
how the last stretch ended and whether anything was estimated, so pages can state it
(`talk_note`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from sitegen.model import Episode, Segment
from sitegen.readers.timecode import format_clock

# Conversational English runs at roughly 150-160 words a minute.
WORDS_PER_MINUTE = 155

# How the last clocked stretch was closed: at the end of the audio, at the last paragraph's own
# end clock, by an estimate from its words; "none" when no paragraph has a clock.
LastEnd = Literal["audio", "own-end", "words", "none"]


@dataclass(frozen=True, slots=True)
class Lengths:
    """Milliseconds per paragraph and how they were found."""

    ms: list[int]
    last_end: LastEnd
    estimated: bool  # some paragraph with words had its length estimated from them
    estimated_early: bool  # ... one not in the last stretch (before the first clock, say)


@dataclass(frozen=True, slots=True)
class TalkTime:
    by_speaker: dict[str, int]  # milliseconds, ordered by first appearance
    total: int  # every paragraph, including those with no speaker
    estimated: bool  # some paragraph's length was estimated from its words
    last_end: LastEnd = "none"
    estimated_early: bool = False
    words: dict[str, int] = field(default_factory=dict)  # per speaker, as by_speaker
    total_words: int = 0

    def share(self, name: str) -> float:
        """A speaker's fraction of this episode's airtime (0 when nothing was measured)."""
        return self.by_speaker.get(name, 0) / self.total if self.total else 0.0


def estimate_ms(words: int) -> int:
    return words * 60_000 // WORDS_PER_MINUTE


def paragraph_lengths(segments: list[Segment]) -> tuple[list[int], bool]:
    """Milliseconds per paragraph, and whether any length had to be estimated."""
    lengths = measure(segments)
    return lengths.ms, lengths.estimated


def measure(segments: list[Segment], audio_ms: int | None = None) -> Lengths:
    """Milliseconds per paragraph; `audio_ms` is the length of the audio, when known."""
    words = [segment.words for segment in segments]
    lengths = [0] * len(segments)
    estimated_early = False
    clocked = [i for i, segment in enumerate(segments) if segment.start is not None]
    first = clocked[0] if clocked else len(segments)
    for i in range(first):  # before any clock
        lengths[i] = estimate_ms(words[i])
        estimated_early = estimated_early or words[i] > 0
    last_end: LastEnd = "none"
    estimated_last = False
    for k, a in enumerate(clocked):
        start = segments[a].start
        assert start is not None
        last = k + 1 == len(clocked)
        stop = clocked[k + 1] if not last else len(segments)
        if not last:
            end_at = segments[stop].start
        else:
            end_at, last_end = _last_end(segments[a:], start, audio_ms)
        if end_at is None or end_at < start:
            # A clock going backwards, or a last stretch nothing measures: estimate it.
            guessed = False
            for i in range(a, stop):
                lengths[i] = estimate_ms(words[i])
                guessed = guessed or words[i] > 0
            if last:
                estimated_last = guessed
            else:
                estimated_early = estimated_early or guessed
            continue
        stretch = end_at - start
        share_words = sum(words[a:stop])
        for i in range(a, stop):
            if share_words:
                lengths[i] = stretch * words[i] // share_words
            else:
                lengths[i] = stretch // (stop - a)
    return Lengths(lengths, last_end, estimated_early or estimated_last, estimated_early)


def _last_end(
    stretch: list[Segment], start: int, audio_ms: int | None
) -> tuple[int | None, LastEnd]:
    """Where the last clocked stretch ends, and how that is known."""
    # An audio length before the last clock is wrong metadata, not a measurement.
    if audio_ms is not None and audio_ms > start:
        return audio_ms, "audio"
    # Captions give each paragraph an end clock. Only the very last paragraph's end closes the
    # stretch: an earlier one's end would squeeze the unclocked paragraphs after it into it.
    own = stretch[-1].end
    if own is not None and own > start:
        return own, "own-end"
    return None, "words"


def paragraph_times(segments: Sequence[Segment]) -> list[tuple[int, int]]:
    """(start, end) in milliseconds for every paragraph, made up where the source has none.

    A paragraph's end is its own end, else the next paragraph's start, else its start plus its
    words at the average speaking rate. A paragraph with no clock starts where the one before it
    ends; the paragraphs between two clocks share that stretch by their words (as talk time
    does), and those before the first clock are squeezed in before it. So an estimate depends
    only on the paragraphs between the two clocks around it: editing one stretch moves no
    estimate outside it."""
    # Lengths serve only paragraphs without a clock (and counting words is much of the export).
    unclocked = any(segment.start is None for segment in segments)
    lengths = paragraph_lengths(list(segments))[0] if unclocked else []
    starts = _starts(segments, lengths)
    times: list[tuple[int, int]] = []
    for index, segment in enumerate(segments):
        start = starts[index]
        if segment.end is not None and segment.start is not None:
            end = segment.end
        elif index + 1 < len(segments) and starts[index + 1] >= start:
            end = starts[index + 1]
        else:
            end = start + estimate_ms(segment.words)
        times.append((start, end))
    return times


def _starts(segments: Sequence[Segment], lengths: list[int]) -> list[int]:
    clocked = [i for i, segment in enumerate(segments) if segment.start is not None]
    first = clocked[0] if clocked else len(segments)
    starts = [0] * len(segments)
    # Before the first clock: estimated lengths from 0, shrunk to end by the first clock.
    total = sum(lengths[:first])
    room = segments[first].start if clocked else None
    scale = 1.0 if room is None or total <= room else room / total
    at = 0.0
    for i in range(first):
        starts[i] = round(at)
        at += lengths[i] * scale
    # From the first clock on, each unclocked paragraph starts where the one before it ends
    # (paragraph_lengths already shares each stretch between two clocks by words).
    for i in range(first, len(segments)):
        start = segments[i].start
        starts[i] = start if start is not None else starts[i - 1] + lengths[i - 1]
    return starts


def talk_time(episode: Episode) -> TalkTime:
    """Talk time and words per speaker (an episode's summary holds it: summary.py)."""
    pairs = episode.segments()
    duration = episode.meta.duration
    lengths = measure(
        [segment for _turn, segment in pairs], duration * 1000 if duration is not None else None
    )
    by_speaker: dict[str, int] = {name: 0 for name in episode.speakers}
    words: dict[str, int] = {name: 0 for name in episode.speakers}
    total_words = 0
    for (turn, segment), length in zip(pairs, lengths.ms, strict=True):
        count = segment.words
        total_words += count
        if turn.speaker is not None:
            by_speaker[turn.speaker] += length
            words[turn.speaker] += count
    return TalkTime(
        by_speaker,
        sum(lengths.ms),
        lengths.estimated,
        lengths.last_end,
        lengths.estimated_early,
        words,
        total_words,
    )


def talk_note(times: TalkTime, duration_s: int | None = None) -> str | None:
    """One sentence for the episode page saying how its talk time was measured."""
    if not times.total:
        return None
    rate = f"{WORDS_PER_MINUTE} words a minute"
    if times.last_end == "none":
        return f"No paragraph has a clock, so talk time is estimated from the words ({rate})."
    sentence = "Talk time runs from each paragraph's clock to the next"
    if times.last_end == "audio" and duration_s is not None:
        sentence += (
            f"; the last paragraph to the end of the audio ({format_clock(duration_s * 1000)})"
        )
    elif times.last_end == "own-end":
        sentence += "; the last paragraph to its end time in the transcript"
    elif times.estimated:
        sentence += f"; the last paragraph's length is estimated from its words ({rate})"
    if times.estimated_early:
        sentence += (
            "; paragraphs before the first clock (or where the clocks go backwards)"
            " are estimated from their words"
        )
    return sentence + "."


def format_duration(ms: int) -> str:
    """`1 h 02 min`, `16 min`, `45 s`: readable talk-time figures."""
    seconds = ms // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min"
    return f"{secs} s"
