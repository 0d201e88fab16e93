"""What the caption exports (WebVTT, SRT) share: paragraph times, and text laid out in lines.

Owns two decisions. When each paragraph is spoken: a paragraph starts at its clock and ends at
`Segment.end`, else at the next paragraph's clock, else after its words at the average
speaking rate (sitegen.talktime). Paragraphs without a clock follow the one before at the
speaking rate, all squeezed in proportion when they would run past the next clock. And how
text is cut into caption lines: at spaces, never inside a word (a word longer than a line gets
a line of its own). Times inside a paragraph are shared out by characters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sitegen import urls
from sitegen.model import Episode
from sitegen.talktime import estimate_ms

# Whitespace a reader turns into one space; other spaces (no-break) are part of a word.
_ASCII_SPACE = " \t\n\r\f\v"
_SPACES = re.compile(f"[{_ASCII_SPACE}]+")


@dataclass(frozen=True, slots=True)
class TimedParagraph:
    """One paragraph to write as captions."""

    speaker: str | None
    words: tuple[str, ...]  # the text, split at (ASCII) whitespace
    start: int  # milliseconds
    end: int  # >= start
    anchor: str  # the paragraph's anchor on the episode page, unique in the episode


class _Source(NamedTuple):
    """A paragraph as the episode has it (clocks may be missing)."""

    speaker: str | None
    words: tuple[str, ...]
    start: int | None
    end: int | None
    anchor: str


def timed_paragraphs(episode: Episode) -> list[TimedParagraph]:
    """The episode's paragraphs with text, each with a start and an end (module docstring)."""
    found: list[_Source] = []
    for anchor, (turn, segment) in zip(_anchors(episode), episode.segments(), strict=True):
        words = tuple(_SPACES.split(segment.text.strip(_ASCII_SPACE)))
        # A name is written on one line (a blank one is no name).
        speaker = " ".join(turn.speaker.split()) or None if turn.speaker else None
        if words != ("",):
            found.append(_Source(speaker, words, segment.start, segment.end, anchor))
    out: list[TimedParagraph] = []
    cursor = 0  # where the previous paragraph ended
    index = 0
    while index < len(found):
        source = found[index]
        unclocked_next = index + 1 < len(found) and found[index + 1].start is None
        if source.start is not None and (_has_end(source) or not unclocked_next):
            end = _end(found, index, source.start)
            out.append(
                TimedParagraph(source.speaker, source.words, source.start, end, source.anchor)
            )
            cursor = end
            index += 1
            continue
        # A run of paragraphs without a clock, from the end of the one before, or from the
        # start of a clocked one without an end, which then takes its turn in the run.
        stop = index + 1
        while stop < len(found) and found[stop].start is None:
            stop += 1
        limit = found[stop].start if stop < len(found) else None
        begin = source.start if source.start is not None else cursor
        for item, (start, end) in zip(
            found[index:stop], _share(found[index:stop], begin, limit), strict=True
        ):
            out.append(TimedParagraph(item.speaker, item.words, start, end, item.anchor))
        cursor = out[-1].end
        index = stop
    return out


def _has_end(source: _Source) -> bool:
    return source.start is not None and source.end is not None and source.end >= source.start


def _end(found: list[_Source], index: int, start: int) -> int:
    """A clocked paragraph's end: its own, else the next paragraph's clock, else its words at
    the speaking rate."""
    end = found[index].end
    if end is not None and end >= start:
        return end
    following = found[index + 1].start if index + 1 < len(found) else None
    if following is not None and following >= start:
        return following
    return start + estimate_ms(len(found[index].words))


def _share(run: list[_Source], begin: int, limit: int | None) -> list[tuple[int, int]]:
    """Times for a run of paragraphs from `begin`: one after another at the speaking rate,
    squeezed in proportion when they would run past the next clock `limit`."""
    lengths = [estimate_ms(len(item.words)) for item in run]
    total = sum(lengths)
    if limit is not None and begin <= limit < begin + total:
        lengths = [length * (limit - begin) // total for length in lengths]
    out = []
    for length in lengths:
        out.append((begin, begin + length))
        begin += length
    return out


def _anchors(episode: Episode) -> list[str]:
    """The page's anchor ids: `t=16:29`, a repeat second `t=16:29-2`, `p7` without a clock."""
    used: set[str] = set()
    anchors = []
    for index, (_turn, segment) in enumerate(episode.segments()):
        base = urls.moment_anchor(segment.start, index)
        anchor, n = base, 2
        while anchor in used:
            anchor, n = f"{base}-{n}", n + 1
        used.add(anchor)
        anchors.append(anchor)
    return anchors


def wrap(words: Sequence[str], width: int) -> list[list[str]]:
    """Words in lines of at most `width` characters (a longer word alone on its line)."""
    lines: list[list[str]] = []
    line: list[str] = []
    length = 0
    for word in words:
        if line and length + 1 + len(word) > width:
            lines.append(line)
            line, length = [], 0
        length += len(word) + (1 if line else 0)
        line.append(word)
    if line:
        lines.append(line)
    return lines


def share_time(start: int, end: int, sizes: list[int]) -> list[tuple[int, int]]:
    """(start, end) of consecutive pieces of a paragraph by their sizes in characters: the first
    starts at `start`, the last ends at `end`, and each ends where the next starts."""
    total = sum(sizes) or 1
    out = []
    done = 0
    for size in sizes:
        piece_start = start + (end - start) * done // total
        done += size
        out.append((piece_start, start + (end - start) * done // total))
    return out
