"""A Podcasting 2.0 chapters file beside a transcript (`<stem>.chapters.json`): the chapters a
podcast host exported, as the metadata's `chapters:` holds them ((start in milliseconds, title),
in time order), and what is wrong with the file, at its lines.

The format (the namespace's "JSON chapters"): `{"version": "1.2.0", "chapters": [{"startTime":
12.5, "title": "Intro", "img": …, "url": …, "toc": false, "endTime": …}]}`. A chapter with
`"toc": false` marks a change of artwork or link for players, not a part of the episode, so it
is left out of the table of contents; one without a title has nothing to list, and is reported.
A file that is no chapters file at all is an error; a bad chapter is a warning and the others
are kept, as with `chapters:` in metadata (readers/metadata.py).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from sitegen.errors import Diagnostic, error, warning
from sitegen.readers.decode import decode
from sitegen.readers.timecode import format_clock
from sitegen.walk import suffix_of

CHAPTERS_SUFFIX = ".chapters.json"
# Where the list of chapters starts in the file's text: its entries are then located one by one
# for their line numbers (`json` gives none).
_CHAPTERS_KEY = re.compile(r'"chapters"\s*:\s*\[')

Chapters = tuple[tuple[int, str], ...]


def chapters_path(transcript: Path) -> Path:
    """Where a transcript's chapters file lives: `12.chapters.json` beside `12.vtt`."""
    return transcript.with_name(transcript.stem + CHAPTERS_SUFFIX)


def is_chapters_file(path: Path) -> bool:
    return is_chapters_name(path.name)


def is_chapters_name(name: str) -> bool:
    """Whether a file of this name (or path, as text) is a chapters file."""
    return name.lower().endswith(CHAPTERS_SUFFIX)


def transcript_stem(path: Path) -> Path:
    """The path without its suffix, which names the episode its files belong to: `12` for
    `12.vtt`, its sidecar `12.yaml` and its chapters `12.chapters.json` alike."""
    return path.with_name(transcript_stem_text(path.name))


def transcript_stem_text(path: str) -> str:
    """`transcript_stem` of a path (or a name) given as text, as a walk gives them: asked of
    every file of the archive, where a Path per file costs more."""
    if is_chapters_name(path):
        return path[: -len(CHAPTERS_SUFFIX)]
    return path[: len(path) - len(suffix_of(path[path.rfind(os.sep) + 1 :]))]


def read_chapters_file(path: Path) -> tuple[Chapters, list[Diagnostic]] | None:
    """The chapters of the file at `path` and its problems; None when there is no such file."""
    if not path.is_file():
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        return (), [error(path, 0, f"cannot read chapters file: {exc.strerror or exc}")]
    text, problems = decode(data, path)
    if text is None:
        return (), problems
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        return (), [*problems, error(path, exc.lineno, f"not JSON: {exc.msg}; chapters not used")]
    entries = value.get("chapters") if isinstance(value, dict) else None
    if not isinstance(entries, list):
        message = (
            'not a chapters file: expected {"version": "1.2.0", "chapters": [{"startTime": 0,'
            ' "title": "…"}, …]}; chapters not used'
        )
        return (), [*problems, error(path, 1, message)]
    lines = _entry_lines(text, len(entries))
    chapters: list[tuple[int, str]] = []
    for index, entry in enumerate(entries):
        line = lines[index] if index < len(lines) else 1
        chapter = _chapter(entry, index, path, line, problems)
        if chapter is None:
            continue
        if chapters and chapter[0] < chapters[-1][0]:
            message = (
                f"chapter {index + 1} ({format_clock(chapter[0])}) starts before the one above"
                " it; chapters are listed in time order"
            )
            problems.append(warning(path, line, message))
        chapters.append(chapter)
    return tuple(sorted(chapters, key=lambda chapter: chapter[0])), problems


def _chapter(
    entry: object, index: int, path: Path, line: int, problems: list[Diagnostic]
) -> tuple[int, str] | None:
    """(start in milliseconds, title) of one entry; None when it is left out (`toc: false`) or
    is no chapter (reported)."""
    name = f"chapter {index + 1}"
    if not isinstance(entry, dict):
        example = '{"startTime": 0, "title": "Intro"}'
        problems.append(warning(path, line, f"{name} must be an object like {example}; skipped"))
        return None
    if entry.get("toc") is False:
        return None
    start = entry.get("startTime")
    if isinstance(start, bool) or not isinstance(start, int | float) or not 0 <= start < 1e9:
        shown = json.dumps(start, ensure_ascii=False)[:40]
        message = f"{name} needs a `startTime` in seconds (a number ≥ 0), not {shown}; skipped"
        problems.append(warning(path, line, message))
        return None
    title = entry.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(warning(path, line, f"{name} has no `title` to list; skipped"))
        return None
    return round(start * 1000), " ".join(title.split())


def _entry_lines(text: str, count: int) -> list[int]:
    """The line each of the `count` entries of the chapters list starts at (an empty list when
    they cannot be found so: each is then reported at line 1)."""
    found = _CHAPTERS_KEY.search(text)
    if found is None:
        return []
    decoder = json.JSONDecoder()
    at, lines = found.end(), []
    for _ in range(count):
        while at < len(text) and text[at] in " \t\r\n,":
            at += 1
        lines.append(text.count("\n", 0, at) + 1)
        try:
            at = decoder.raw_decode(text, at)[1]
        except json.JSONDecodeError:
            return []
    return lines
