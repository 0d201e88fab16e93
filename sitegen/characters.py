"""Characters that are no text, replaced with U+FFFD at read time, with a warning at their line.

Three kinds reach a reader and would reach the pages and downloads if let through:

- lone surrogates: `\\udfff` escaped in JSON or YAML decodes to a code point that is half of a
  UTF-16 pair and no character, which no UTF-8 file can hold: writing the page (or the parse
  cache) would fail, at every build while the file is there;
- control characters, C0 but tab and line feed (NUL, backspace, escape…), DEL and C1: a NUL in a
  download makes it read back as binary, and they are invalid in XML (the feed) and WebVTT;
- noncharacters (U+FDD0-U+FDEF, and the last two code points of every plane, U+FFFE, U+FFFF,
  U+1FFFF…), which Unicode reserves for a program's own use, never for interchange.

They come from escapes in JSON strings (`\\u0000`, `\\b`), from YAML escapes (`"\\x08"`), from
numeric character references in HTML, WebVTT and Markdown (`&#7;`, which HTML's own rules
would drop without a word), and raw from a file's bytes (decode.py refuses only NUL; a cp1252
file's five undefined bytes are C1 controls). Each is made U+FFFD, so no text is silently
dropped, and a warning names the first one of its line. A carriage return is a line end, as in
a file's bytes: a JSON `\\r\\n` or lone `\\r` becomes a line feed, without a word.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from sitegen.errors import Diagnostic, warning

# Lines reported per file; past it, one more warning counts the rest.
MAX_REPORTED = 5

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17)
)
# Every code point replaced, raw: no line ends (tab, line feed; carriage return is made one).
_UNFIT = re.compile(f"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")
# A JSON escape that may give one (the leading backslashes say whether it is an escape): a
# surrogate half, a control character, a noncharacter of the first plane, `\b`, `\f`, `\r`.
_ESCAPE = re.compile(
    r"(\\+)(u([dD][89a-fA-F][0-9a-fA-F]{2}|00[01][0-9a-fA-F]|00[89][0-9a-fA-F]|007[fF]"
    r"|[fF][dD][dDeE][0-9a-fA-F]|[fF]{3}[eEfF])|[bfr])"
)
_LOW_ESCAPE = re.compile(r"\\u([dD][c-fC-F][0-9a-fA-F]{2})")
_NEWLINE_ESCAPE = re.compile(r"\\n")
# A numeric character reference, as HTML reads one (the `;` may be left out).
_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?")
_NAMES = {
    0x00: "NUL",
    0x08: "backspace",
    0x0B: "vertical tab",
    0x0C: "form feed",
    0x1B: "escape",
    0x7F: "delete",
}
REPLACEMENT = "\ufffd"
REPLACED = "lone surrogate {} is half of a UTF-16 pair, no character; replaced with U+FFFD"


def surrogate_name(point: str) -> str:
    """How a message shows a surrogate: `\\udfff`, as it is escaped."""
    return f"`\\u{ord(point):04x}`"


def replaced_message(point: str) -> str:
    """The warning for the character `point`, which was replaced with U+FFFD."""
    if 0xD800 <= ord(point) <= 0xDFFF:
        return REPLACED.format(surrogate_name(point))
    return f"{character_name(point)} is no text; replaced with U+FFFD"


def character_name(point: str) -> str:
    """How a message names the character `point`, one this module replaces: `control character
    U+0008 (backspace)`, `noncharacter U+FFFF`, `lone surrogate `\\udfff``."""
    number = ord(point)
    if 0xD800 <= number <= 0xDFFF:
        return f"lone surrogate {surrogate_name(point)}"
    if number < 0x20 or 0x7F <= number <= 0x9F:
        name = f" ({_NAMES[number]})" if number in _NAMES else ""
        return f"control character U+{number:04X}{name}"
    return f"noncharacter U+{number:04X}"


def is_unfit(point: str) -> bool:
    """Whether the character `point` is one this module replaces."""
    return _UNFIT.fullmatch(point) is not None


def escaped_surrogates(text: str, path: Path, first_line: int) -> tuple[str, list[Diagnostic]]:
    """JSON `text` with each escape of a character that is no text (a lone surrogate, a control
    character, a noncharacter, also as a surrogate pair) made `\\ufffd`, a warning at its line;
    `\\r` made `\\n` (none before a `\\n`). Lines stay where they were (no escape holds a line
    break); columns after a replaced `\\b`, `\\f` or pair move by a few characters."""
    if "\\" not in text or _ESCAPE.search(text) is None:
        return text, []
    parts: list[str] = []
    report = _Report(path)
    done = 0  # text before this is in `parts`
    for match in _ESCAPE.finditer(text):
        if match.start() < done or len(match.group(1)) % 2 == 0:
            continue  # the low half of a pair passed already, or an escaped backslash
        start, escape, end = match.end(1) - 1, match.group(2), match.end()
        point = {"b": "\b", "f": "\f", "r": "\r"}.get(escape) or chr(int(match.group(3), 16))
        if point == "\r":  # a line end: made `\n`, or dropped before one
            after_n = _NEWLINE_ESCAPE.match(text, end) is not None
            parts += [text[done:start], "" if after_n else "\\n"]
            done = end
            continue
        if 0xD800 <= ord(point) < 0xDC00:
            low = _LOW_ESCAPE.match(text, end)
            if low is not None:  # a pair: one character, kept unless a noncharacter
                whole = 0x10000 + ((ord(point) - 0xD800) << 10) + int(low.group(1), 16) - 0xDC00
                if (whole & 0xFFFE) != 0xFFFE:
                    parts.append(text[done : low.end()])
                    done = low.end()
                    continue
                point, end = chr(whole), low.end()
        if point in "\t\n":
            continue
        line = text.count("\n", 0, start)
        report.add(first_line + line, point, _line_of(text, start))
        parts += [text[done:start], "\\ufffd"]
        done = end
    parts.append(text[done:])
    return "".join(parts), report.diagnostics


def referenced(text: str, path: Path, first_line: int) -> tuple[str, list[Diagnostic]]:
    """Markup `text` (HTML, WebVTT, Markdown: `first_line` is its first line's) with each
        numeric character reference to a character that is no text (`&#7;`, `&#xffff;`, `&#0;`,
        past U+10FFFF), which HTML's rules would drop or keep, made `&#xFFFD;`, a warning at its
        line; `&#13;` made `&#10;`; `&#128;` to `&#159;` made the Windows-1252 characters HTML reads
    them as (`&#128;` is `€`)."""
    if "&#" not in text:
        return text, []
    report = _Report(path)

    def replace(match: re.Match[str]) -> str:
        number = int(match.group(1), 16) if match.group(1) else int(match.group(2))
        if number == 0x0D:
            return "&#10;"
        if 0x80 <= number <= 0x9F:  # what HTML reads them as, for WebVTT's reader too
            meant = html.unescape(f"&#{number};")
            if meant and not is_unfit(meant):
                return f"&#x{ord(meant):X};"
        if number <= 0x10FFFF and not (number == 0 or is_unfit(chr(number))):
            return match.group()
        start = match.start()
        line = first_line + text.count("\n", 0, start)
        point = chr(number) if number <= 0x10FFFF else None
        report.add(line, point, _line_of(text, start), match.group())
        return "&#xFFFD;"

    return _REFERENCE.sub(replace, text), report.diagnostics


# Characters that are text, but not printable to `str.isprintable`, and common in transcripts:
# white space, a byte order mark, a soft hyphen, zero-width joiners. `_all_text` sets them aside.
_TEXT_NOT_PRINTABLE = "\t\n\r\xa0\xad\u200b\u200c\u200d\u2028\u2029\u202f\u2060\ufeff"


def _all_text(text: str) -> bool:
    """Whether `text` surely holds no character that is no text. Every such character is
    unprintable, and `str.isprintable` reads a table per character, where `_UNFIT`, a class of
    ranges, costs `re` milliseconds per transcript. Text it turns down (another space or format
    character) is left to `_UNFIT`."""
    for character in _TEXT_NOT_PRINTABLE:
        if character in text:
            text = text.replace(character, " ")
    return text.isprintable()


def raw_surrogates(text: str, path: Path) -> tuple[str, list[Diagnostic]]:
    """`text` (a file's, line ends made `\\n`) with each character that is no text replaced with
    U+FFFD, a warning at the line of the first of each line."""
    if _all_text(text) or _UNFIT.search(text) is None:
        return text, []
    report = _Report(path)
    for number, line in enumerate(text.split("\n"), 1):
        found = _UNFIT.search(line)
        if found is not None:
            report.add(number, found.group(), _UNFIT.sub(REPLACEMENT, line))
    return _UNFIT.sub(REPLACEMENT, text), report.diagnostics


def whole_string(text: str) -> tuple[str, str | None]:
    """`text` with surrogate pairs made the character they stand for (PyYAML leaves
    `"\\ud83d\\ude00"` as two surrogates), carriage returns made line feeds, and every character
    that is no text made U+FFFD; the first of those, or None."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _UNFIT.search(text) is None:
        return text, None
    first: str | None = None
    if re.search("[\ud800-\udfff]", text) is not None:
        units = text.encode("utf-16-le", "surrogatepass")
        try:
            text = units.decode("utf-16-le")
        except UnicodeDecodeError as exc:
            first = units[exc.start : exc.start + 2].decode("utf-16-le", "surrogatepass")
            text = units.decode("utf-16-le", "replace")
    found = _UNFIT.search(text)
    if found is None:
        return text, first
    return _UNFIT.sub(REPLACEMENT, text), first or found.group()


def whole_characters(value: object) -> tuple[object, str | None]:
    """`value` (parsed YAML: strings, lists, mappings, numbers…) with `whole_string` applied to
    every string in it, keys too; the first character replaced, or None."""
    if isinstance(value, str):
        return whole_string(value)
    first: str | None = None
    if isinstance(value, list):
        items: list[object] = []
        for item in value:
            fixed, replaced = whole_characters(item)
            items.append(fixed)
            first = first or replaced
        return items, first
    if isinstance(value, dict):
        mapping: dict[object, object] = {}
        for key, item in value.items():
            fixed_key, replaced_key = whole_characters(key)
            fixed, replaced = whole_characters(item)
            mapping[fixed_key] = fixed
            first = first or replaced_key or replaced
        return mapping, first
    return value, None


class _Report:
    """The warnings of one file: one per line, up to MAX_REPORTED lines, then one counting the
    lines after them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []
        self._lines: set[int] = set()

    def add(self, line: int, point: str | None, shown: str, reference: str = "") -> None:
        """`point` (None: no character at all) replaced at `line`, which reads `shown`;
        `reference`: it was written as that character reference."""
        if line in self._lines:
            return
        self._lines.add(line)
        if len(self._lines) <= MAX_REPORTED:
            if point is None:
                message = "is no character; replaced with U+FFFD"
            else:
                message = replaced_message(point)
            if reference:
                message = f"character reference `{reference}`: {message}"
            self.diagnostics.append(warning(self.path, line, message, shown))
            return
        more = len(self._lines) - MAX_REPORTED
        message = (
            f"{more} more {'line holds' if more == 1 else 'lines hold'} characters that are no"
            " text (the first here); each replaced with U+FFFD"
        )
        summary = warning(self.path, line, message, shown)
        if more == 1:
            self.diagnostics.append(summary)
        else:  # the count grows; the line stays the first one past the reported ones
            first = self.diagnostics[-1]
            self.diagnostics[-1] = warning(self.path, first.line, message, first.source_line)


def _line_of(text: str, offset: int) -> str:
    return text[text.rfind("\n", 0, offset) + 1 :].partition("\n")[0]
