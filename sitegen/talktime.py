"""Talk time per speaker, from paragraph clocks.

A clocked paragraph lasts until the next clocked paragraph starts. Many transcripts clock only
some paragraphs (Markdown transcripts put a clock every few minutes): the paragraphs between two
clocks share that stretch in proportion to their words. Paragraphs before the first clock or
after the last one have no measured length, so theirs is estimated from their words at an
average speaking rate, and the result says so, for pages to state it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.model import Episode, Segment

# Conversational English runs at roughly 150-160 words a minute.
WORDS_PER_MINUTE = 155


@dataclass(frozen=True, slots=True)
class TalkTime:
    by_speaker: dict[str, int]  # milliseconds, ordered by first appearance
    total: int
    estimated: bool  # some paragraph's length was estimated from its words


def estimate_ms(words: int) -> int:
    return words * 60_000 // WORDS_PER_MINUTE


def paragraph_lengths(segments: list[Segment]) -> tuple[list[int], bool]:
    """Milliseconds per paragraph, and whether any length had to be estimated."""
    words = [len(segment.text.split()) for segment in segments]
    lengths = [0] * len(segments)
    estimated = False
    clocked = [i for i, segment in enumerate(segments) if segment.start is not None]
    first = clocked[0] if clocked else len(segments)
    for i in range(first):  # before any clock
        lengths[i] = estimate_ms(words[i])
        estimated = estimated or words[i] > 0
    for k, a in enumerate(clocked):
        b = clocked[k + 1] if k + 1 < len(clocked) else None
        start = segments[a].start
        assert start is not None
        end_at = segments[b].start if b is not None else None
        stop = b if b is not None else len(segments)
        if end_at is None or end_at < start:
            # the last clock (or a clock going backwards): nothing measures this stretch
            for i in range(a, stop):
                lengths[i] = estimate_ms(words[i])
                estimated = estimated or words[i] > 0
            continue
        stretch = end_at - start
        share_words = sum(words[a:stop])
        for i in range(a, stop):
            if share_words:
                lengths[i] = stretch * words[i] // share_words
            else:
                lengths[i] = stretch // (stop - a)
    return lengths, estimated


def talk_time(episode: Episode) -> TalkTime:
    pairs = episode.segments()
    lengths, estimated = paragraph_lengths([segment for _turn, segment in pairs])
    by_speaker: dict[str, int] = {name: 0 for name in episode.speakers}
    for (turn, _segment), length in zip(pairs, lengths, strict=True):
        if turn.speaker is not None:
            by_speaker[turn.speaker] += length
    return TalkTime(by_speaker, sum(lengths), estimated)


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
