"""Readers: one transcript file in, one `Episode` (or nothing) plus its diagnostics out.

This is the package's public face and the order of reading: decode bytes (decode.py), split off
front matter (frontmatter.py), pick the reader from suffix and content (sniff.py), read turns
(plaintext.py / markdown.py on top of prefix.py, paragraphs.py, turns.py; webvtt.py, srt.py,
jsontranscript.py, htmltranscript.py on top of cues.py and utterances.py), then settle the
metadata (metadata.py, with filenames.py for what a file's name says). Readers never stop on
bad input: every problem becomes a Diagnostic. They do no escaping and know nothing about the
archive (duplicates are the build's business).

An episode whose file holds metadata (front matter, or a sidecar beside an empty file) and no
transcript at all is still an episode, with no turns: its page says there is no transcript yet,
and a warning says so. A file with neither is empty: a warning, and no episode. A file larger
than LARGE_TRANSCRIPT is read all the same, with a warning saying what that costs.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass
from pathlib import Path

from sitegen.characters import raw_surrogates, referenced
from sitegen.errors import Diagnostic, error, warning
from sitegen.model import Episode
from sitegen.readers.chapterfile import chapters_path, read_chapters_file
from sitegen.readers.decode import decode, normalise_newlines
from sitegen.readers.frontmatter import Split, YamlMapping, parse_yaml_mapping, split_front_matter
from sitegen.readers.metadata import derive_metadata, known_speakers
from sitegen.readers.sniff import MARKDOWN_SUFFIXES, choose_format
from sitegen.readers.turns import Transcript, markers_as_text

__all__ = [
    "SUPPORTED_SUFFIXES",
    "ReadResult",
    "decode",
    "read_episode_file",
    "read_episode_text",
    "transcript_beside",
    "transcript_beside_in",
]

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(
    {".txt", ".md", ".markdown", ".vtt", ".srt", ".json", ".html", ".htm"}
)
SIDECAR_SUFFIX = ".yaml"
# A transcript larger than this is reported, with the memory reading it takes: far above any
# real episode's transcript, even word-timed JSON, so only a file that is no transcript, or
# many episodes in one, is reported, well before it costs gigabytes (the sizes measured are in
# benchmarks/README.md).
LARGE_TRANSCRIPT = 20_000_000
# Memory a build takes per byte of a transcript while reading and rendering it: the text, its
# paragraphs as objects, the page and the five downloads (measured: benchmarks/README.md).
MEMORY_PER_BYTE = 16
# Formats whose text holds character references (`&#7;`): characters.referenced.
_MARKUP = frozenset({"markdown", "webvtt", "html"})
# A format's reader: (body, path, line the body starts on, known speakers) -> what it read.
Reader = Callable[[str, Path, int, Iterable[str]], Transcript]


@dataclass(frozen=True)
class ReadResult:
    episode: Episode | None  # None only when nothing at all could be read (empty/binary file)
    diagnostics: tuple[Diagnostic, ...]


def read_episode_file(path: Path) -> ReadResult:
    """Read one episode file and its sidecar `<stem>.yaml`, if there is one beside it."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return ReadResult(None, (error(path, 0, f"cannot read file: {exc.strerror or exc}"),))
    text, diagnostics = decode(data, path)
    if len(data) > LARGE_TRANSCRIPT:
        diagnostics.insert(0, _large(path, len(data)))
    if text is None:
        return ReadResult(None, tuple(diagnostics))
    sidecar, sidecar_diagnostics = _read_sidecar(sidecar_path(path))
    result = read_episode_text(text, path, sidecar, transcript_beside(path))
    episode, chapter_diagnostics = _with_chapters_file(result.episode, chapters_path(path))
    return ReadResult(
        episode,
        (*diagnostics, *sidecar_diagnostics, *result.diagnostics, *chapter_diagnostics),
    )


def _with_chapters_file(
    episode: Episode | None, path: Path
) -> tuple[Episode | None, list[Diagnostic]]:
    """The episode with the chapters of its chapters file (readers/chapterfile.py) when its
    metadata has no `chapters:` of its own, which come first; the file's problems."""
    read = read_chapters_file(path) if episode is not None else None
    if episode is None or read is None:
        return episode, []
    chapters, diagnostics = read
    if episode.meta.chapters:
        message = "not used: the episode's metadata has `chapters:` of its own, which come first"
        return episode, [*diagnostics, warning(path, 0, message)]
    if not chapters:
        return episode, diagnostics
    return dataclasses.replace(
        episode, meta=dataclasses.replace(episode.meta, chapters=chapters)
    ), (diagnostics)


def read_episode_text(
    text: str, path: Path, sidecar: str | None = None, beside_transcript: bool = False
) -> ReadResult:
    """Read an episode from its text; `path` names it (suffix, file-name number, messages).
    `beside_transcript`: a Markdown file is then the show notes unless it has clocks
    (`transcript_beside`)."""
    text, replaced = raw_surrogates(normalise_newlines(text), path)
    empty = _blank(text)
    if empty and sidecar is None:
        return ReadResult(None, (_empty_file(path),))
    split = Split(None, "", 1, ()) if empty else split_front_matter(text, path)
    diagnostics: list[Diagnostic] = [*replaced, *split.diagnostics]
    side: YamlMapping | None = None
    if sidecar is not None:
        side_text, problems = raw_surrogates(normalise_newlines(sidecar), sidecar_path(path))
        side, yaml_problems = parse_yaml_mapping(
            side_text, sidecar_path(path), first_line=1, label="sidecar"
        )
        diagnostics.extend(problems + yaml_problems)
    if _blank(split.body):
        if not any(block is not None and block.values for block in (split.front, side)):
            return ReadResult(None, _in_file_order([_empty_file(path), *diagnostics], path))
        return _metadata_only(split.front, side, path, diagnostics, beside_transcript)
    fmt = choose_format(path, split.body)
    body = split.body
    if fmt in _MARKUP:
        body, references = referenced(body, path, split.body_first_line)
        diagnostics.extend(references)
    speakers = known_speakers(split.front, side)
    if fmt == "markdown":
        from sitegen.readers.markdown import read_markdown  # imported when needed, as `_reader`

        # Only a Markdown file is show notes beside a transcript: a `.txt` in the Markdown
        # dialect beside a `.vtt` is another take of the transcript.
        notes_beside = beside_transcript and path.suffix.lower() in MARKDOWN_SUFFIXES
        transcript = read_markdown(body, path, split.body_first_line, speakers, notes_beside)
    else:
        transcript = _reader(fmt)(body, path, split.body_first_line, speakers)
    diagnostics.extend(transcript.diagnostics)
    turns = markers_as_text(transcript.turns)  # `<v Jingle>` is no person
    if not turns and not transcript.notes and fmt != "markdown":
        # Nothing to publish (a JSON file that is no transcript, a VTT with no cues): a page
        # would be empty. The reader has said why; Markdown front matter alone still counts.
        return ReadResult(None, _in_file_order(diagnostics, path))
    derivation = derive_metadata(split.front, side, path, turns)
    diagnostics.extend(derivation.diagnostics)
    episode = Episode(
        key=derivation.key,
        meta=derivation.meta,
        turns=turns,
        source=path,
        format=fmt,
        notes=transcript.notes,
        derived=derivation.derived,
    )
    return ReadResult(episode, _in_file_order(diagnostics, path))


def _reader(fmt: str) -> Reader:
    """The reader of format `fmt` (Episode.format, chosen by sniff.py), imported the first time
    a file of that format is read: an archive's transcripts are mostly of one format, and
    importing every reader (html.parser, cue timing, JSON scanning) would cost each build,
    however few files it reads, milliseconds for formats it never meets."""
    match fmt:
        case "plaintext":
            from sitegen.readers.plaintext import read_plaintext

            return read_plaintext
        case "webvtt":
            from sitegen.readers.webvtt import read_webvtt

            return read_webvtt
        case "srt":
            from sitegen.readers.srt import read_srt

            return read_srt
        case "json":
            from sitegen.readers.jsontranscript import read_json

            return read_json
        case "html":
            from sitegen.readers.htmltranscript import read_html

            return read_html
    raise ValueError(f"no reader for format {fmt!r}")


def _large(path: Path, size: int) -> Diagnostic:
    message = (
        f"file is {_size(size)}, far larger than any real transcript (a one-hour episode"
        f" is ~50 KB); reading it takes about {_size(size * MEMORY_PER_BYTE)} of memory"
    )
    return warning(path, 0, message)


def _size(size: int) -> str:
    if size >= 1e9:
        return f"{size / 1e9:.1f} GB"
    if size >= 1e7:
        return f"{size / 1e6:.0f} MB"
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.0f} KB"


def _blank(text: str) -> bool:
    return not text or text.isspace()  # not `strip()`: that would copy the whole text


def _empty_file(path: Path) -> Diagnostic:
    return warning(path, 0, "file is empty; no episode read")


def _metadata_only(
    front: YamlMapping | None,
    side: YamlMapping | None,
    path: Path,
    diagnostics: list[Diagnostic],
    beside_transcript: bool,
) -> ReadResult:
    """The episode of a file with metadata and no transcript yet: no turns, and a warning
    (unless it is the front matter of show notes beside their transcript, as `920.md` beside
    `920.vtt`: the transcript is there)."""
    derivation = derive_metadata(front, side, path, ())
    episode = Episode(
        key=derivation.key,
        meta=derivation.meta,
        turns=(),
        source=path,
        format=choose_format(path, ""),
        derived=derivation.derived,
    )
    number = derivation.meta.episode
    name = f"episode {number}" if number is not None else f'episode "{derivation.key}"'
    message = f"{name} has metadata but no transcript yet; its page says so"
    diagnostics = [*diagnostics, *derivation.diagnostics]
    if not beside_transcript:
        diagnostics.append(warning(path, 0, message))
    return ReadResult(episode, _in_file_order(diagnostics, path))


def transcript_beside(path: Path) -> bool:
    """Whether another transcript file of the same name lies beside `path`: `412.md` beside
    `412.vtt` is then the show notes (the layout of notes kept next to their transcript), and
    front matter with no transcript beside `14.vtt` is no episode waiting for its transcript."""
    return any(path.with_suffix(suffix).is_file() for suffix in _twin_suffixes(path.suffix))


def transcript_beside_in(name: str, files: Container[str]) -> bool:
    """`transcript_beside` for the file `name` (a path, as text) among `files` (such paths):
    whether `files` holds another transcript of the same name."""
    stem, suffix = os.path.splitext(name)
    return any(stem + other in files for other in _twin_suffixes(suffix))


@functools.cache
def _twin_suffixes(suffix: str) -> tuple[str, ...]:
    """The suffixes of the transcripts a file with `suffix` would have beside it (asked once
    per transcript of the archive, of a few suffixes: kept)."""
    own = suffix.lower()
    markdown = MARKDOWN_SUFFIXES if own in MARKDOWN_SUFFIXES else set()
    return tuple(sorted(SUPPORTED_SUFFIXES - ({own} | markdown)))


def sidecar_path(path: Path) -> Path:
    """Where an episode file's metadata sidecar lives: `<stem>.yaml` beside it."""
    return path.with_suffix(SIDECAR_SUFFIX)


def _read_sidecar(path: Path) -> tuple[str | None, list[Diagnostic]]:
    if not path.is_file():
        return None, []
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [error(path, 0, f"cannot read sidecar: {exc.strerror or exc}")]
    return decode(data, path)


def _in_file_order(diagnostics: list[Diagnostic], path: Path) -> tuple[Diagnostic, ...]:
    """The episode file's problems by line, then the sidecar's (sorting is stable)."""
    return tuple(sorted(diagnostics, key=lambda d: (d.path != path, d.line)))
