"""Lone surrogates: `\\udfff` escaped in JSON or YAML decodes to a code point that is half of a
UTF-16 pair and no character, which no UTF-8 file can hold: writing the page (or the parse
cache) would fail, at every build while the file is there. They are replaced with U+FFFD at read
time, with a warning at their line. (Bytes cannot give one: decode.py reads UTF-8 and UTF-16
strictly; only an escape, or a caller's own text, can.)
"""

from __future__ import annotations

import re
from pathlib import Path

from sitegen.errors import Diagnostic, warning

_ESCAPE = re.compile(r"(\\+)u([dD][89a-fA-F][0-9a-fA-F]{2})")
_LOW_ESCAPE = re.compile(r"\\u([dD][c-fC-F][0-9a-fA-F]{2})")
_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACED = "lone surrogate {} is half of a UTF-16 pair, no character; replaced with U+FFFD"


def surrogate_name(point: str) -> str:
    """How a message shows the surrogate: `\\udfff`, as it is escaped."""
    return f"`\\u{ord(point):04x}`"


def escaped_surrogates(text: str, path: Path, first_line: int) -> tuple[str, list[Diagnostic]]:
    """JSON `text` with each `\\uD800`-`\\uDFFF` escape that is not half of a pair made
    `\\ufffd` (the same length: offsets and lines stay), a warning at its line."""
    if "\\" not in text or _ESCAPE.search(text) is None:
        return text, []
    parts: list[str] = []
    diagnostics: list[Diagnostic] = []
    done = 0  # text before this is in `parts`
    for match in _ESCAPE.finditer(text):
        if match.start() < done or len(match.group(1)) % 2 == 0:
            continue  # the low half of a pair passed already, or an escaped backslash
        start, unit = match.end(1) - 1, int(match.group(2), 16)
        low = _LOW_ESCAPE.match(text, match.end()) if unit < 0xDC00 else None
        if low is not None:  # a pair: one character
            parts.append(text[done : low.end()])
            done = low.end()
            continue
        line = text.count("\n", 0, start)
        shown = text[text.rfind("\n", 0, start) + 1 :].partition("\n")[0]
        message = REPLACED.format(surrogate_name(chr(unit)))
        diagnostics.append(warning(path, first_line + line, message, shown))
        parts += [text[done:start], "\\ufffd"]
        done = match.end()
    parts.append(text[done:])
    return "".join(parts), diagnostics


def raw_surrogates(text: str, path: Path) -> tuple[str, list[Diagnostic]]:
    """`text` with surrogate code points themselves (from a caller's text, never from a file's
    bytes) replaced with U+FFFD, a warning at the first line of each."""
    if _SURROGATE.search(text) is None:
        return text, []
    diagnostics: list[Diagnostic] = []
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        found = _SURROGATE.search(line)
        if found is not None:
            message = REPLACED.format(surrogate_name(found.group()))
            shown = _SURROGATE.sub("\ufffd", line)
            diagnostics.append(warning(path, number, message, shown))
    return _SURROGATE.sub("\ufffd", text), diagnostics


def whole_string(text: str) -> tuple[str, str | None]:
    """`text` with surrogate pairs made the character they stand for (PyYAML leaves
    `"\\ud83d\\ude00"` as two surrogates) and lone ones made U+FFFD; the first lone one."""
    if _SURROGATE.search(text) is None:
        return text, None
    units = text.encode("utf-16-le", "surrogatepass")
    try:
        return units.decode("utf-16-le"), None
    except UnicodeDecodeError as exc:
        lone = units[exc.start : exc.start + 2].decode("utf-16-le", "surrogatepass")
        return units.decode("utf-16-le", "replace"), lone


def whole_characters(value: object) -> tuple[object, str | None]:
    """`value` (parsed YAML: strings, lists, mappings, numbers…) with `whole_string` applied to
    every string in it, keys too; the first lone surrogate, or None."""
    if isinstance(value, str):
        return whole_string(value)
    first: str | None = None
    if isinstance(value, list):
        items: list[object] = []
        for item in value:
            fixed, lone = whole_characters(item)
            items.append(fixed)
            first = first or lone
        return items, first
    if isinstance(value, dict):
        mapping: dict[object, object] = {}
        for key, item in value.items():
            fixed_key, lone_key = whole_characters(key)
            fixed, lone = whole_characters(item)
            mapping[fixed_key] = fixed
            first = first or lone_key or lone
        return mapping, first
    return value, None
