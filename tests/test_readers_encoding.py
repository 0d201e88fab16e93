"""Readers: bytes to text. Every encoding a transcript tool exports is read without mojibake,
and files that are not text are refused with an error instead of crashing."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.errors import Severity
from sitegen.readers import decode, read_episode_file

P = Path("ep.txt")
# Typographic quotes, an en dash and é: the characters cp1252 files are full of.
LATE = "\u201cCaf\u00e9\u201d \u2013 it\u2019s late."
TEXT = f"Ann Lee: 00:01 {LATE}\nBob: 00:02 Ok.\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with BOM, native order
        b"\xfe\xff" + TEXT.encode("utf-16-be"),
        b"\xff\xfe" + TEXT.encode("utf-16-le"),
        TEXT.encode("utf-32"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-be", "utf-16-le", "utf-32"],
)
def test_unicode_encodings_decode_silently(data: bytes) -> None:
    assert decode(data, P) == (TEXT, [])


def test_cp1252_is_read_with_a_warning_pointing_at_the_first_bad_line() -> None:
    data = f"Intro line.\r\nRené: 00:01 {LATE}\r\n".encode("cp1252")
    text, diagnostics = decode(data, P)
    assert text == f"Intro line.\nRené: 00:01 {LATE}\n"
    assert [d.format() for d in diagnostics] == [
        "ep.txt:2: warning: file is not UTF-8; read as cp1252 (Windows-1252)\n"
        f"    René: 00:01 {LATE}"
    ]


def test_stray_non_utf8_bytes_do_not_garble_the_utf8_text_around_them() -> None:
    data = "naïve “quotes” ".encode() + b"\x93stray\x94 \x81"
    text, diagnostics = decode(data, P)
    assert text == "naïve “quotes” “stray” \x81"  # 0x81 is undefined in cp1252: kept, not lost
    assert [d.severity for d in diagnostics] == [Severity.WARNING]


def test_invalid_utf8_after_a_bom_falls_back_to_cp1252() -> None:
    text, diagnostics = decode(b"\xef\xbb\xbfcaf\xe9", P)
    assert text == "café"
    assert len(diagnostics) == 1


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"text\x00more", b"\xff\xfeA"],
    ids=["png", "nul-in-text", "broken-utf-16"],
)
def test_binary_files_are_an_error_and_not_read(data: bytes) -> None:
    text, diagnostics = decode(data, P)
    assert text is None
    assert [d.severity for d in diagnostics] == [Severity.ERROR]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"a\r\nb\r\n", "a\nb\n"),
        (b"a\rb\r", "a\nb\n"),
        (b"a\r\nb\rc\n", "a\nb\nc\n"),
        (b"no final newline", "no final newline"),
    ],
    ids=["crlf", "cr", "mixed", "no-final-newline"],
)
def test_line_endings_are_normalised(data: bytes, expected: str) -> None:
    assert decode(data, P) == (expected, [])


def test_crlf_file_keeps_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "ep.txt"
    path.write_bytes(b"Ann: 00:01 One.\r\n\r\nBob: 00:02 Two.\r\nAnn: 00:01 Back.")
    result = read_episode_file(path)
    assert result.episode is not None
    assert [s.line for _t, s in result.episode.segments()] == [1, 3, 4]
    assert [d.line for d in result.diagnostics] == [4]  # the clock going backwards


def test_cp1252_file_reads_names_and_text_correctly(tmp_path: Path) -> None:
    path = tmp_path / "ep.txt"
    path.write_bytes("René Dupont: 00:01 “Café”.\n".encode("cp1252"))
    result = read_episode_file(path)
    assert result.episode is not None
    assert result.episode.speakers == ("René Dupont",)
    assert result.episode.turns[0].segments[0].text == "“Café”."


def test_empty_and_binary_files_give_no_episode(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n\n")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02")
    assert read_episode_file(empty).episode is None
    assert read_episode_file(binary).episode is None
    missing = read_episode_file(tmp_path / "missing.txt")
    assert missing.episode is None
    assert [d.severity for d in missing.diagnostics] == [Severity.ERROR]
