"""`transcript.json`: the episode as a Podcasting 2.0 JSON transcript, one segment a paragraph.

Owns the JSON export: the format wants `startTime` and `endTime` on every segment, and many
transcripts clock only some paragraphs (or none). The times it has to make up
(talktime.paragraph_times: the episode page's estimated anchors are the same) are marked
`"timeEstimated": true`, and
the top-level `"segmentLevel": "paragraph"` tells sitegen's reader that each segment is a whole
paragraph (P2.0 readers ignore keys they do not know); with both, reading the file back gives
the same speakers, texts and clocks (to the millisecond).

Output is deterministic: fixed key order, `ensure_ascii=False`, two-space indent, final newline,
exactly as `json.dumps(document, ensure_ascii=False, indent=2)` writes it. It is written here
field by field (strings by json's own encoder) because json.dumps with an indent runs json's
pure-Python encoder, which took most of this export's time.
"""

from __future__ import annotations

import json

from sitegen.exports import ExportContext
from sitegen.model import Episode, Segment
from sitegen.readers.jsonscan import PARAGRAPH_LEVEL, SEGMENT_LEVEL_KEY, TIME_ESTIMATED_KEY
from sitegen.talktime import paragraph_times

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


# What json.dumps(…, ensure_ascii=False) writes for a string: `encode` of a str goes straight to
# json's C string escaper.
_string = json.JSONEncoder(ensure_ascii=False).encode


def _seconds(ms: int) -> float:
    # ms / 1000 is the double nearest to the 3-decimal value, so json writes at most 3 decimals.
    return ms / 1000
