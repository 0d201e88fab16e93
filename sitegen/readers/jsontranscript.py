"""Reader for JSON transcripts: Podcasting 2.0 segments and the orbit.fm `transcript` dialect.

Owns recognising a JSON transcript by its shape, turning its segments into paragraphs and
turns, and reporting every segment it cannot use at the segment's line (with its number, since a
minified file is one line). The scan that finds each segment's line is jsonscan.py's; the tests
of segment level and the cues of the merged levels are jsoncues.py's; paragraphs become turns by
utterances.TurnBuilder or, merged, by cues.cues_to_turns.

Shapes, by the top-level value (anything else is an error naming what was expected):

- `{"segments": [{"speaker", "startTime", "endTime", "body"}, …]}` (Podcasting 2.0; `version`
  and other keys are ignored), or a bare array of such segments. Times are seconds (numbers;
  numeric or clock strings are accepted too). A segment without `speaker` continues the last.
- `{"transcript": [{"timestamp", "speaker", "text"}, …]}` (orbit.fm, beside `podcast` and
  `episode`): `timestamp` is a clock (`0:00:12.6`; an SRT-style `A --> B` range gives start and
  end), `speaker` and `timestamp` are optional, `text` is Markdown (links are kept as links) and a
  blank line in it separates paragraphs of one turn. Every entry is one or more paragraphs. An
  entry with a speaker or timestamp but no text is a header for the next entry (the converter
  writes a `0:54:32.0 **Name**` line alone that way).
- In both, a speaker written as a stage direction (`"(Long Pause)"`, `"[music]"`) is text, said
  by nobody; a "speaker" of more than 12 words or 100 characters is a sentence a converter put
  in the wrong field, kept as text (with a warning); a timestamp that is no clock on an entry
  with no text is that text (a converter took `0 = 3x + 2` for a timestamp; a warning too).
  Fields of either dialect are accepted in the other (`body`/`text`).

How Podcasting 2.0 segments become paragraphs, decided once per file from its shape:

1. `"segmentLevel": "paragraph"` at the top (sitegen's own export writes it): each segment is one
   paragraph, its body kept exactly; a segment without `speaker` is said by nobody, and
   `"timeEstimated": true` marks times the export made up (read back as no clock).
2. Token level: at least a quarter of the bodies are blank (`"It's"`, `" "`, `"Friday"`, `","`),
   or start with a space while hardly any holds two words (`" Hello"`, `","`): the producer
   spells its own spacing, so bodies are joined exactly as written and cut into words at
   whitespace, then merged as in 4.
3. Utterance level: at least half of the non-empty bodies end a sentence (`.` `?` `!` `…`): each
   segment is a paragraph (a blank line inside a body starts another paragraph of the turn).
   Measured: human-edited files end 72-100% of their segments so, caption and word files 5-16%.
4. Otherwise word or caption-fragment level (one word a segment; or, as Buzzsprout writes, the
   two lines of one caption as two segments with the same times, which are both kept: they are
   different text, not duplicates): segments are merged into paragraphs by `cues.cues_to_turns`
   (a speaker change ends a turn; a sentence end after enough words ends a paragraph). A body that
   ends in a line break (`"father.\\n"`, as in the specification's example) ends its paragraph,
   and a body of closing punctuation only (`","`) joins the word before it.

Problems are reported, never silently dropped: invalid JSON at the line and column of the error
(segments before it are kept), a segment that is not an object or has no text, a time that is
not a time or is negative, end before start, clocks going backwards, an empty segment list.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from sitegen.characters import escaped_surrogates
from sitegen.errors import Diagnostic, error, warning
from sitegen.model import Link, Turn
from sitegen.readers.cues import Cue, cues_to_turns
from sitegen.readers.inline import markdown_to_plain
from sitegen.readers.jsoncues import Item, is_token_level, is_utterance_level, token_cues, word_cues
from sitegen.readers.jsonscan import (
    ORBIT,
    P20,
    PARAGRAPH_LEVEL,
    SEGMENT_LEVEL_KEY,
    TIME_ESTIMATED_KEY,
    Scan,
)
from sitegen.readers.timecode import format_clock, parse_clock, time_ms
from sitegen.readers.turns import Transcript
from sitegen.readers.utterances import TurnBuilder, Utterance

# A blank line inside a text: the paragraph break of the orbit.fm dialect.
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
# A speaker that is a stage direction, not a person: `(Long Pause)`, `[music]`.
_STAGE_DIRECTION = re.compile(r"\(.*\)|\[.*\]", re.DOTALL)
# A speaker longer than this is a sentence put in the wrong field (group labels like
# "Jen Luker & Safia Abdalla & Adam Garrett-Harris" run to 8 words, 47 characters).
MAX_NAME_WORDS = 12
MAX_NAME_CHARS = 100
# Invalid JSON on a line longer than twice this (a minified file) is shown as this many
# characters either side of the error, not from the start of the line.
_EXCERPT = 80


def read_json(
    body: str, path: Path, first_line: int = 1, known_speakers: Iterable[str] = ()
) -> Transcript:
    """Turns of a JSON transcript body whose first line is file line `first_line`."""
    body, replaced = escaped_surrogates(body, path, first_line)
    reader = _JsonReader(body, path, first_line)
    reader.diagnostics += replaced
    return reader.read()


# ---------------------------------------------------------------------------------------------
# Segments


def _kind(value: object) -> str:
    """How a JSON value is called in messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


_PLURAL = {
    "null": "nulls",
    "true": "true/false values",
    "false": "true/false values",
    "a number": "numbers",
    "text": "text",
    "a list": "lists",
    "an object": "objects",
}


def _shown(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


class _JsonReader:
    def __init__(self, body: str, path: Path, first_line: int) -> None:
        self.body = body
        self.path = path
        self.first_line = first_line
        self.diagnostics: list[Diagnostic] = []

    # -- top level

    def read(self) -> Transcript:
        scan = Scan(self.body)
        broken: json.JSONDecodeError | None = None
        try:
            scan.run()
        except json.JSONDecodeError as exc:
            broken = exc
        except RecursionError:
            self._error(0, "JSON nests too deeply to read; no transcript read")
            return self._result(())
        if broken is not None:
            self._syntax_error(broken, bool(scan.items))
            if scan.items_key is None:
                return self._result(())
        elif scan.items_key is None or (scan.items and not self._any_object(scan)):
            self._not_a_transcript(scan)
            return self._result(())
        noun = "entry" if scan.items_key == ORBIT else "segment"
        if not scan.items:
            if broken is None:
                key = scan.items_key or "the array"
                self._warn(
                    self._top_line(), f'"{key}" is empty: no segments, so no transcript', None
                )
            return self._result(())
        marked = scan.keys.get(SEGMENT_LEVEL_KEY) == PARAGRAPH_LEVEL
        self._check_marker(scan)
        items = self._items(scan, noun, marked)
        if scan.items_key == ORBIT:
            turns = self._paragraph_turns(items, markdown=True, exact=False)
        elif marked:
            turns = self._paragraph_turns(items, markdown=False, exact=True)
        elif is_token_level(items):
            turns = self._merged_turns(token_cues(items))
        elif is_utterance_level(items):
            turns = self._paragraph_turns(items, markdown=False, exact=False)
        else:
            turns = self._merged_turns(word_cues(items))
        return self._result(turns)

    def _result(self, turns: tuple[Turn, ...]) -> Transcript:
        return Transcript(turns, "", tuple(self.diagnostics))

    @staticmethod
    def _any_object(scan: Scan) -> bool:
        return any(isinstance(value, dict) for _offset, value in scan.items)

    def _check_marker(self, scan: Scan) -> None:
        level = scan.keys.get(SEGMENT_LEVEL_KEY, PARAGRAPH_LEVEL)
        if level != PARAGRAPH_LEVEL:
            message = (
                f'"{SEGMENT_LEVEL_KEY}" {_shown(level)} is not "{PARAGRAPH_LEVEL}";'
                " the segment level is decided from the segments"
            )
            self._warn(self._top_line(), message, None)

    def _syntax_error(self, exc: json.JSONDecodeError, kept: bool) -> None:
        # json's messages read "Expecting value" or "Unterminated string starting at".
        joint = " " if exc.msg.endswith(" at") else " at "
        where = f"{exc.msg}{joint}column {exc.colno}"
        outcome = "the segments before it are kept" if kept else "no transcript read"
        message = f"invalid JSON: {where[0].lower()}{where[1:]}; {outcome}"
        line_text = self._source_line(exc.lineno)
        if len(line_text) > 2 * _EXCERPT:
            # A minified file is one long line: show the part around the error.
            col = exc.colno - 1
            start = max(0, col - _EXCERPT)
            line_text = ("…" if start else "") + line_text[start : col + _EXCERPT] + "…"
        self.diagnostics.append(
            error(self.path, self.first_line - 1 + exc.lineno, message, line_text)
        )

    def _not_a_transcript(self, scan: Scan) -> None:
        expected = 'expected {"segments": [...]} (Podcasting 2.0) or {"transcript": [...]}'
        if scan.top_kind == "object":
            for key in (P20, ORBIT):
                if key in scan.keys:
                    found = f'"{key}" is {_kind(scan.keys[key])}, not a list of segments'
                    break
            else:
                names = list(scan.keys)
                shown = ", ".join(f'"{name}"' for name in names[:6])
                more = ", …" if len(names) > 6 else ""
                found = f"found keys {shown}{more}" if names else "found an empty object"
        elif scan.top_kind == "array":
            kinds = sorted({_PLURAL[_kind(value)] for _offset, value in scan.items})
            found = f"found an array of {' and '.join(kinds)}"
            expected = "expected an array of segment objects"
        else:
            found = f"found {_kind(scan.top)}"
        self._error(self._top_line(), f"JSON is not a transcript: {expected}; {found}")

    # -- segments

    def _items(self, scan: Scan, noun: str, marked: bool) -> list[Item]:
        items: list[Item] = []
        line = self.first_line
        previous = 0
        for number, (offset, value) in enumerate(scan.items, start=1):
            # Offsets only grow, so counting newlines between them keeps this linear.
            line += self.body.count("\n", previous, offset)
            previous = offset
            item = self._item(number, line, value, noun, marked)
            if item is not None:
                items.append(item)
        return items

    def _item(self, number: int, line: int, value: object, noun: str, marked: bool) -> Item | None:
        source = _shown(value)
        if not isinstance(value, dict):
            self._warn(line, f"{noun} {number} is {_kind(value)}, not an object; skipped", source)
            return None
        label = f"{noun} {number}"
        item = Item(label, line, source, "")
        item.raw = self._text_field(value, item, label, noun)
        self._speaker_field(item, value, label, marked)
        if "timestamp" in value:
            item.start, item.end = self._timestamp(value["timestamp"], item, label)
        else:
            item.start = self._seconds(value, "startTime", item, label, "kept without a clock")
            item.end = self._seconds(value, "endTime", item, label, "kept without an end time")
        if marked and value.get(TIME_ESTIMATED_KEY) is True:
            item.start = item.end = None
            item.estimated = True
        return item

    def _text_field(self, value: dict[str, object], item: Item, label: str, noun: str) -> str:
        key = "body" if "body" in value else "text" if "text" in value else None
        if key is None:
            wanted = '"text"' if noun == "entry" else '"body"'
            self._warn(item.line, f"{label} has no {wanted}; nothing to read in it", item.source)
            item.reported = True
            return ""
        text = value[key]
        if isinstance(text, str):
            return text
        if text is None:
            return ""
        if isinstance(text, int | float) and not isinstance(text, bool):
            message = f'{label}: "{key}" is a number, not text; kept as text'
            self._warn(item.line, message, item.source)
            return _shown(text)
        message = f'{label}: "{key}" must be text, not {_kind(text)}; skipped'
        self._warn(item.line, message, item.source)
        item.reported = True
        return ""

    def _speaker_field(
        self, item: Item, value: dict[str, object], label: str, marked: bool
    ) -> None:
        # In sitegen's export a segment without a speaker is said by nobody; elsewhere it
        # continues the last speaker, as the specification's examples do.
        item.named = marked
        if "speaker" not in value or value["speaker"] is None:
            return
        name = value["speaker"]
        if isinstance(name, int) and not isinstance(name, bool):
            name = str(name)  # diarizers number their speakers
        if not isinstance(name, str):
            message = f'{label}: "speaker" must be text, not {_kind(name)}; ignored'
            self._warn(item.line, message, item.source)
            return
        name = " ".join(name.split())  # a line break in a name would break the downloads' lines
        if not name:
            return
        if marked:  # sitegen's own export: the name as the episode had it
            item.speaker = name
            return
        if _STAGE_DIRECTION.fullmatch(name):
            item.raw = f"{name} {item.raw}" if item.raw.strip() else name
            item.speaker, item.named = None, True
            return
        if len(name) > MAX_NAME_CHARS or len(name.split()) > MAX_NAME_WORDS:
            # A converter put a sentence where the name goes: it is text, and the turn goes on.
            message = f'{label}: "speaker" reads like a sentence, not a name; kept as text'
            self._warn(item.line, message, item.source)
            item.raw = f"{name} {item.raw}" if item.raw.strip() else name
            return
        item.speaker, item.named = name, True

    def _seconds(
        self, value: dict[str, object], key: str, item: Item, label: str, outcome: str
    ) -> int | None:
        if key not in value or value[key] is None:
            return None
        raw = value[key]
        ms = time_ms(raw)
        if ms is None:
            message = (
                f'{label}: "{key}" {_shown(raw)} is not a time (seconds like 12.5,'
                f" or a clock like 0:00:12.5); {outcome}"
            )
        elif ms < 0:
            message = f'{label}: "{key}" is negative ({_shown(raw)}); {outcome}'
        else:
            return ms
        self._warn(item.line, message, item.source)
        return None

    def _timestamp(self, raw: object, item: Item, label: str) -> tuple[int | None, int | None]:
        if raw is None or raw == "":
            return None, None
        if isinstance(raw, str) and "-->" in raw:
            # `00:01:19,880 --> 00:01:53.1`: an SRT timing line pasted as the timestamp.
            first, _, second = raw.partition("-->")
            start, end = parse_clock(first.strip()), parse_clock(second.strip())
            if start is not None and end is not None:
                return start, end
        elif (ms := time_ms(raw)) is not None and ms >= 0:
            return ms, None
        if not item.raw.strip() and isinstance(raw, str):
            # `0 = 3x + 2` mistaken for a timestamp by a converter, with the text left empty:
            # the "timestamp" is the text.
            item.raw = raw
            message = f'{label}: "timestamp" {_shown(raw)} is not a clock; kept as text'
        else:
            message = (
                f'{label}: "timestamp" {_shown(raw)} is not a clock like 0:00:12.5;'
                " kept without a clock"
            )
        self._warn(item.line, message, item.source)
        return None, None

    # -- paragraph level

    def _paragraph_turns(
        self, items: Sequence[Item], *, markdown: bool, exact: bool
    ) -> tuple[Turn, ...]:
        builder = TurnBuilder(self.path)
        header: Item | None = None  # an entry with a speaker or time but no text
        for item in items:
            if not exact and not item.raw.strip():
                if item.named or item.start is not None:
                    if header is not None:
                        self._dangling(header)
                    header = item
                continue
            self._check_end(item)
            speaker, named, start, end = item.speaker, item.named, item.start, item.end
            if header is not None:
                if not named and header.named:
                    speaker, named = header.speaker, True
                if start is None:
                    start = header.start
                    end = end if end is not None else header.end
                header = None
            texts = [item.raw] if exact else _split_paragraphs(item.raw)
            for index, text in enumerate(texts):
                plain: str = text
                links: tuple[Link, ...] = ()
                if markdown:
                    plain, links = markdown_to_plain(text)
                elif not exact:
                    plain = _one_line(text)
                first = index == 0
                builder.paragraph(
                    Utterance(
                        plain,
                        item.line,
                        item.source,
                        speaker,
                        named and first,
                        start if first else None,
                        end if first else None,
                        links,
                    )
                )
        if header is not None:
            self._dangling(header)
        self.diagnostics.extend(builder.diagnostics)
        return builder.finish()

    def _check_end(self, item: Item) -> None:
        # Merged segments are checked by cues.py; a paragraph-level segment is checked here.
        if item.start is not None and item.end is not None and item.end < item.start:
            message = (
                f"{item.label} ends ({format_clock(item.end)}) before it starts"
                f" ({format_clock(item.start)}); its text is kept"
            )
            self._warn(item.line, message, item.source)

    def _dangling(self, header: Item) -> None:
        # Its speaker or clock applied to nothing: say so, since the name is text of the file.
        if not header.reported:
            message = f"{header.label} has a speaker or time but no text follows it"
            self._warn(header.line, message, header.source)

    # -- merged (word, token, caption-fragment level)

    def _merged_turns(self, cues: list[Cue]) -> tuple[Turn, ...]:
        turns, diagnostics = cues_to_turns(cues, self.path)
        self.diagnostics.extend(diagnostics)
        return turns

    # -- messages

    def _top_line(self) -> int:
        """The line where the top-level value starts."""
        text = self.body
        return self.first_line + text.count("\n", 0, len(text) - len(text.lstrip()))

    def _source_line(self, lineno: int) -> str:
        lines = self.body.split("\n", lineno)
        return lines[lineno - 1] if lineno - 1 < len(lines) else ""

    def _warn(self, line: int, message: str, source: str | None) -> None:
        self.diagnostics.append(warning(self.path, line, message, source))

    def _error(self, line: int, message: str) -> None:
        self.diagnostics.append(error(self.path, line, message))


def _split_paragraphs(text: str) -> list[str]:
    """Paragraphs of a text where a blank line separates paragraphs."""
    if "\n" not in text:
        return [text.strip()]
    return [part for part in (p.strip() for p in _BLANK_LINE.split(text)) if part]


def _one_line(text: str) -> str:
    """Wrapped lines joined by spaces, as plain-text paragraphs are."""
    if "\n" not in text:
        return text.strip()
    return " ".join(part for part in (line.strip() for line in text.split("\n")) if part)
