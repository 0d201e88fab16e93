"""Bytes to text: pick the encoding, refuse binary files, normalise line endings.

Owns the one rule for reading a transcript file's bytes: UTF-8 (with or without a byte-order
mark), UTF-16/UTF-32 with a byte-order mark, and cp1252 (Windows-1252) as the fallback for bytes
that are not UTF-8, with a warning. It never produces mojibake and never raises on bad input.
It knows nothing about transcript formats.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from sitegen.errors import Diagnostic, error, warning

# Longest BOM first: the UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _cp1252_table() -> dict[int, str]:
    """Byte value -> cp1252 character, for every byte from 0x80 (`str.translate` table).

    Python's cp1252 codec rejects the five bytes Windows leaves undefined (0x81, 0x8D, 0x8F,
    0x90, 0x9D); those keep their latin-1 meaning so no byte is ever lost or replaced.
    """
    table: dict[int, str] = {}
    for byte in range(0x80, 0x100):
        try:
            table[byte] = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            table[byte] = chr(byte)
    return table


_CP1252 = _cp1252_table()
# A well-formed UTF-8 multi-byte sequence. A file with none is decoded as cp1252 throughout.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_ERRORS = "sitegen-cp1252"


def _bytes_as_cp1252(exc: UnicodeError) -> tuple[str, int]:
    """Decode error handler: a byte that is not UTF-8 is read as cp1252, one at a time, so a
    UTF-8 file with a few stray Windows bytes keeps its UTF-8 text intact (no mojibake)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return _CP1252[exc.object[exc.start]], exc.start + 1


codecs.register_error(_ERRORS, _bytes_as_cp1252)


def decode(data: bytes, path: Path) -> tuple[str | None, list[Diagnostic]]:
    """The file's text with `\\n` line endings, or None (with an error) when it is not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_with_bom(data[len(bom) :], encoding, path)
    if b"\x00" in data:
        return None, [error(path, 0, "file looks binary (it contains NUL bytes); not read")]
    try:
        return normalise_newlines(data.decode("utf-8")), []
    except UnicodeDecodeError as exc:
        return _decode_cp1252(data, exc.start, path)


def _decode_with_bom(body: bytes, encoding: str, path: Path) -> tuple[str | None, list[Diagnostic]]:
    name = encoding.upper()
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding == "utf-8":
            return _decode_cp1252(body, exc.start, path)
        message = f"file starts with a {name} byte-order mark but is not valid {name}; not read"
        return None, [error(path, 0, message)]
    if "\x00" in text:
        return None, [error(path, 0, f"file looks binary (NUL characters after a {name} mark)")]
    return normalise_newlines(text), []


def _decode_cp1252(data: bytes, bad_offset: int, path: Path) -> tuple[str | None, list[Diagnostic]]:
    if _UTF8_SEQUENCE.search(data) is None:
        text = data.decode("latin-1").translate(_CP1252)  # fast: the whole file is cp1252
    else:
        text = data.decode("utf-8", errors=_ERRORS)
    # Point at the first line that is not UTF-8 so the user can find the stray byte.
    line_no = data.count(b"\n", 0, bad_offset) + 1
    line_start = data.rfind(b"\n", 0, bad_offset) + 1
    line_end = data.find(b"\n", bad_offset)
    raw_line = data[line_start : line_end if line_end >= 0 else len(data)]
    shown = raw_line.decode("utf-8", errors=_ERRORS).rstrip("\r")
    message = "file is not UTF-8; read as cp1252 (Windows-1252)"
    return normalise_newlines(text), [warning(path, line_no, message, shown)]


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; a leading byte-order mark character is dropped."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
