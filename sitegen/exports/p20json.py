"""`transcript.json`: the episode as a Podcasting 2.0 JSON transcript, one segment a paragraph.

Owns the JSON export and the times it has to make up: the format wants `startTime` and `endTime`
on every segment, and many transcripts clock only some paragraphs (or none). A paragraph's end
is its own end, else the next paragraph's start, else its start plus its words at the average
speaking rate (talktime.py). A paragraph with no clock starts where the one before it ends; the
paragraphs between two clocks share that stretch by their words (as talk time does), and those
before the first clock are squeezed in before it. Such made-up times are marked
`"timeEstimated": true`, and the top-level `"segmentLevel": "paragraph"` tells sitegen's reader
that each segment is a whole paragraph (P2.0 readers ignore keys they do not know); with both,
reading the file back gives the same speakers, texts and clocks (to the millisecond).

Output is deterministic: fixed key order, `ensure_ascii=False`, two-space indent, final newline,
exactly as `json.dumps(document, ensure_ascii=False, indent=2)` writes it. It is written here
field by field (strings by json's own encoder) because json.dumps with an indent runs json's
pure-Python encoder, which took most of this export's time.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from sitegen.exports import ExportContext
from sitegen.model import Episode, Segment
from sitegen.readers.jsontranscript import PARAGRAPH_LEVEL, SEGMENT_LEVEL_KEY, TIME_ESTIMATED_KEY
from sitegen.talktime import estimate_ms, paragraph_lengths

VERSION = "1.0.0"


def export_json(episode: Episode, context: ExportContext) -> str:
    pairs = episode.segments()
    times = paragraph_times([segment for _turn, segment in pairs])
    segments = [
        _segment(turn.speaker, segment, start, end)
        for (turn, segment), (start, end) in zip(pairs, times, strict=True)
    ]
    listed = "[\n" + ",\n".join(segments) + "\n  ]" if segments else "[]"
    return (
        "{\n"
        f'  "version": {_string(VERSION)},\n'
        f"  {_string(SEGMENT_LEVEL_KEY)}: {_string(PARAGRAPH_LEVEL)},\n"
        f'  "segments": {listed}\n'
        "}\n"
    )


def _segment(speaker: str | None, segment: Segment, start: int, end: int) -> str:
    """One paragraph's segment object, indented as an item of the document's `segments`."""
    fields = [] if speaker is None else [f'"speaker": {_string(speaker)}']
    fields.append(f'"startTime": {_seconds(start)!r}')  # json writes a float as its repr
    fields.append(f'"endTime": {_seconds(end)!r}')
    fields.append(f'"body": {_string(segment.text)}')
    if segment.start is None:
        fields.append(f"{_string(TIME_ESTIMATED_KEY)}: true")
    return "    {\n      " + ",\n      ".join(fields) + "\n    }"


def paragraph_times(segments: Sequence[Segment]) -> list[tuple[int, int]]:
    """(start, end) in milliseconds for every paragraph, made up where the source has none."""
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


# What json.dumps(…, ensure_ascii=False) writes for a string: `encode` of a str goes straight to
# json's C string escaper.
_string = json.JSONEncoder(ensure_ascii=False).encode


def _seconds(ms: int) -> float:
    # ms / 1000 is the double nearest to the 3-decimal value, so json writes at most 3 decimals.
    return ms / 1000
