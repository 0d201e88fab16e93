"""Talk time per speaker, from paragraph clocks.

A paragraph lasts until the next paragraph starts. The last paragraph (and any paragraph followed
by one without a clock) has no end in the source, so its length is estimated from its words at an
average speaking rate; the result says whether an estimate was used so pages can state it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.model import Episode

# Conversational English runs at roughly 150-160 words a minute.
WORDS_PER_MINUTE = 155


@dataclass(frozen=True, slots=True)
class TalkTime:
    by_speaker: dict[str, int]  # milliseconds, ordered by first appearance
    total: int
    estimated: bool  # some paragraph's length was estimated from its words


def estimate_ms(text: str) -> int:
    return len(text.split()) * 60_000 // WORDS_PER_MINUTE


def talk_time(episode: Episode) -> TalkTime:
    pairs = episode.segments()
    by_speaker: dict[str, int] = {name: 0 for name in episode.speakers}
    estimated = False
    total = 0
    for index, (turn, segment) in enumerate(pairs):
        if segment.start is None:
            continue
        end = segment.end
        if end is None and index + 1 < len(pairs):
            end = pairs[index + 1][1].start
        if end is None or end < segment.start:
            length = estimate_ms(segment.text)
            estimated = True
        else:
            length = end - segment.start
        total += length
        if turn.speaker is not None:
            by_speaker[turn.speaker] += length
    return TalkTime(by_speaker, total, estimated)


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
