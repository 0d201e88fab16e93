"""One pass over a JSON transcript's text that keeps where each of its segments starts.

Owns scanning the document with the standard library's decoder a value at a time, so that each
segment of the `segments` (Podcasting 2.0) or `transcript` (orbit.fm) array keeps its offset
(hence its line for messages, even in a minified file), the other top-level keys are read whole,
and the segments before a syntax error survive it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

# The key of the segments' array: Podcasting 2.0's, and orbit.fm's.
P20 = "segments"
ORBIT = "transcript"
# The top-level key sitegen's export writes, and the value meaning "one segment, one paragraph"
# (here, not in jsontranscript.py, so that the export does not import the whole reader).
SEGMENT_LEVEL_KEY = "segmentLevel"
PARAGRAPH_LEVEL = "paragraph"
# Per segment, in that export: its times were estimated from the words (the source had no clock).
TIME_ESTIMATED_KEY = "timeEstimated"
# JSON insignificant whitespace (RFC 8259 §2).
_JSON_SPACE = re.compile(r"[ \t\n\r]*")


@dataclass(slots=True)
class Scan:
    """What one pass over the document found; `items` survive a syntax error after them."""

    text: str
    top: object = None  # the top-level value when it is neither an object nor an array
    top_kind: str = ""  # "object", "array" or "value"
    keys: dict[str, object] = field(default_factory=dict)  # top-level object keys -> values
    items_key: str | None = None  # the key whose array holds the segments ("" for a bare array)
    items: list[tuple[int, object]] = field(default_factory=list)  # (offset, value)
    decoder: json.JSONDecoder = field(default_factory=lambda: json.JSONDecoder(parse_int=_int))

    def run(self) -> None:
        """Scan the document; raises JSONDecodeError (items read so far stay in `items`)."""
        pos = self._space(0)
        if self.text.startswith("{", pos):
            self.top_kind = "object"
            pos = self._object(pos)
        elif self.text.startswith("[", pos):
            self.top_kind = "array"
            self.items_key = ""
            pos = self._array(pos)
        else:
            self.top_kind = "value"
            self.top, pos = self.decoder.raw_decode(self.text, pos)
        pos = self._space(pos)
        if pos != len(self.text):
            raise json.JSONDecodeError("Extra data", self.text, pos)

    def _space(self, pos: int) -> int:
        match = _JSON_SPACE.match(self.text, pos)
        assert match is not None  # `*` always matches
        return match.end()

    def _object(self, pos: int) -> int:
        text = self.text
        pos = self._space(pos + 1)
        if text.startswith("}", pos):
            return pos + 1
        while True:
            if not text.startswith('"', pos):
                raise json.JSONDecodeError(
                    "Expecting property name enclosed in double quotes", text, pos
                )
            key, pos = self.decoder.raw_decode(text, pos)
            pos = self._space(pos)
            if not text.startswith(":", pos):
                raise json.JSONDecodeError("Expecting ':' delimiter", text, pos)
            pos = self._space(pos + 1)
            if key in (P20, ORBIT) and self.items_key is None and text.startswith("[", pos):
                # Segments are walked one by one so each keeps its offset (for its line).
                self.items_key = key
                pos = self._array(pos)
                self.keys[key] = None
            else:
                self.keys[key], pos = self.decoder.raw_decode(text, pos)
            pos = self._space(pos)
            if text.startswith(",", pos):
                pos = self._space(pos + 1)
            elif text.startswith("}", pos):
                return pos + 1
            else:
                raise json.JSONDecodeError("Expecting ',' delimiter", text, pos)

    def _array(self, pos: int) -> int:
        text = self.text
        pos = self._space(pos + 1)
        if text.startswith("]", pos):
            return pos + 1
        while True:
            value, end = self.decoder.raw_decode(text, pos)
            self.items.append((pos, value))
            pos = self._space(end)
            if text.startswith(",", pos):
                pos = self._space(pos + 1)
            elif text.startswith("]", pos):
                return pos + 1
            else:
                raise json.JSONDecodeError("Expecting ',' delimiter", text, pos)


def _int(digits: str) -> int | float:
    """A JSON integer; one too long for Python's int (over 4,300 digits: ValueError) is read as
    the float it is near (infinity), which no reader takes as a time or a number of anything."""
    return int(digits) if len(digits) <= 4000 else float(digits)
