"""The search index: one Pagefind document per episode whose sections are its paragraphs.

Owns what a search result is (a moment: the paragraph's text, its `#t=` anchor, the clock and
the speaker, inside its episode) and how the Pagefind binary turns the archive into the static
bundle that `/search/` loads. Documents are generated from the archive, never by crawling the
built HTML: only transcript text is indexed (not navigation, lists or the `transcript.html`
download, which repeat it).

Each episode is one document (HTML made here, given to Pagefind's add-HTML-file command) in which
every paragraph follows a heading whose id is the paragraph's anchor on the episode page
(`render.anchors_for`). Pagefind splits a document into sub-results at headings with ids, so a
hit is still a moment (`episodes/920/#t=10:19`) while the index holds ~1,000 documents for
1,000 episodes instead of ~76,000 one-paragraph records: Pagefind writes a fragment file per
document and its write step grows faster than linearly in the number of documents (259 s and
5.4 GB for one record per paragraph at 1,000 episodes; see the README for the figures now).

The binary ships in the `pagefind_bin` wheel; nothing is downloaded at build time. We talk to
it over its `--service` protocol (base64 JSON messages separated by commas, the protocol the
official `pagefind` Python and Node wrappers speak) with a pipe we write to and a thread that
reads: the official Python wrapper polls for each response after a 0.1 s sleep. This module
does no page rendering and writes only through the OutputWriter.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html
import importlib.metadata
import io
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from sitegen import urls
from sitegen.errors import SitegenError
from sitegen.model import Archive, Episode
from sitegen.output import OutputWriter
from sitegen.readers.timecode import format_clock
from sitegen.render import anchors_for, episode_label

FOLDER = urls.SEARCH_BUNDLE
# What the index in FOLDER was made from (see write_index); Pagefind itself ignores the file.
DIGEST_FILE = FOLDER + "sitegen-documents.sha256"
# The heading before each paragraph is a label (clock and speaker), not something said: it is
# indexed (Pagefind takes a sub-result's title from the indexed heading text, and drops headings
# it ignores) but weighs far less than the transcript text.
HEADING_WEIGHT = "0.1"


@dataclass(frozen=True)
class Moment:
    """One paragraph: a sub-result of its episode's document."""

    anchor: str  # the paragraph's id on the episode page: `t=10:19`
    heading: str  # the sub-result's title: `10:19 · Jon Krohn`
    text: str


@dataclass(frozen=True)
class Document:
    """One episode as Pagefind indexes it."""

    url: str  # relative to the site root: `episodes/920/`
    title: str
    speakers: tuple[str, ...]
    date: str | None  # ISO date, the sort key
    moments: tuple[Moment, ...]

    def html(self, language: str) -> str:
        """The page Pagefind reads: filters, sort and title in an ignored block (captured, not
        indexed), then a heading with the paragraph's anchor as id before each paragraph."""
        e = html.escape
        lines = [f'<!DOCTYPE html><html lang="{e(language)}"><head><meta charset="utf-8">']
        lines.append(f"<title>{e(self.title)}</title></head><body><div data-pagefind-ignore>")
        # Element content rather than `data-pagefind-filter="key:value"`: a label may hold the
        # `:` and `,` that the attribute form would split on.
        lines.append(f'<span data-pagefind-meta="title">{e(self.title)}</span>')
        lines.append(f'<span data-pagefind-filter="episode">{e(self.title)}</span>')
        lines.extend(f'<span data-pagefind-filter="speaker">{e(s)}</span>' for s in self.speakers)
        if self.date:
            lines.append(f'<span data-pagefind-sort="date">{e(self.date)}</span>')
        lines.append("</div>")
        for m in self.moments:
            lines.append(
                f'<h2 id="{e(m.anchor)}" data-pagefind-weight="{HEADING_WEIGHT}">'
                f"{e(m.heading)}</h2><p>{e(m.text)}</p>"
            )
        lines.append("</body></html>")
        return "\n".join(lines)


def episode_document(episode: Episode) -> Document | None:
    """The episode's document, its moments anchored where the episode page puts each paragraph's
    id; None when it has no text to find."""
    anchors = anchors_for(episode)
    moments = []
    speakers: dict[str, None] = {}  # in order of first appearance, once each
    for index, (turn, segment) in enumerate(episode.segments()):
        if not segment.text.strip():
            continue
        parts = [format_clock(segment.start)] if segment.start is not None else []
        if turn.speaker is not None:
            parts.append(turn.speaker)
            speakers[turn.speaker] = None
        # Pagefind shows only sub-results whose heading has a word character.
        heading = " · ".join(parts) or f"Paragraph {index + 1}"
        moments.append(Moment(anchors[index], heading, segment.text))
    if not moments:
        return None
    date = episode.meta.date.isoformat() if episode.meta.date else None
    label = episode_label(episode)
    return Document(urls.episode_url(episode.key), label, tuple(speakers), date, tuple(moments))


def archive_documents(archive: Archive) -> Iterator[Document]:
    for episode in archive.episodes:
        document = episode_document(episode)
        if document is not None:
            yield document


def index_files(documents: Iterable[Document], language: str) -> dict[str, bytes]:
    """The Pagefind bundle for `documents`: relative path under `pagefind/` → bytes."""
    with tempfile.TemporaryDirectory(prefix="sitegen-pagefind-") as tmp:
        bundle = Path(tmp) / "pagefind"
        with _PagefindService(cwd=Path(tmp)) as service:
            index = service.call({"type": "NewIndex", "config": None})["index_id"]
            lang = language.split("-")[0].lower() or "en"
            service.stream(
                {
                    "type": "AddFile",
                    "index_id": index,
                    "url": d.url,
                    "file_contents": d.html(lang),
                    "file_path": None,
                }
                for d in documents
            )
            service.call({"type": "WriteFiles", "index_id": index, "output_path": str(bundle)})
        files: dict[str, bytes] = {}
        for root, _, names in os.walk(bundle):
            for name in names:
                path = Path(root) / name
                files[FOLDER + path.relative_to(bundle).as_posix()] = path.read_bytes()
        return files


def write_index(archive: Archive, language: str, writer: OutputWriter) -> bool:
    """Index every episode of the archive into `pagefind/`; False when the index already
    there was made from the same documents and is kept.

    Pagefind names its filter files after Rust hash-map order, which changes from run to run,
    so indexing the same documents twice gives different bytes. A digest of them is kept
    beside the index: when it matches, the files already there are kept as they are, so a
    rebuild with no transcript changed writes nothing and costs no indexing time.
    """
    digest = documents_digest(archive_documents(archive), language)
    stamp = writer.out_dir / DIGEST_FILE
    owned = index_paths(writer.previous)
    if (
        DIGEST_FILE in owned
        and _read(stamp) == digest
        and all((writer.out_dir / path).is_file() for path in owned)
    ):
        for path in sorted(owned):
            writer.record(path, changed=False)
        return False
    for path, data in sorted(index_files(archive_documents(archive), language).items()):
        writer.write(path, data)
    writer.write(DIGEST_FILE, digest)
    return True


def documents_digest(documents: Iterable[Document], language: str) -> bytes:
    """What the index was made from: a SHA-256 over every document's HTML (which holds all of
    it) and the Pagefind version."""
    hasher = hashlib.sha256(f"{_pagefind_version()}\n{language}\n".encode())
    for d in documents:
        hasher.update(json.dumps([d.url, d.html(language)]).encode() + b"\n")
    return hasher.hexdigest().encode() + b"\n"


def _pagefind_version() -> str:
    try:
        return importlib.metadata.version("pagefind_bin")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def index_paths(owned: Iterable[str]) -> set[str]:
    """The files of an index among `owned` (a manifest): their names are content hashes only
    the indexer knows, so an update that does not index again keeps the ones it has."""
    return {path for path in owned if path.startswith(FOLDER)}


class _PagefindService:
    """The `pagefind --service` process. Requests are written as they come; a reader thread
    collects responses, so the pipe never fills in either direction."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self._next_id = 0
        self._responses: dict[int, dict[str, Any]] = {}
        self._done = threading.Condition()
        self._closed = False
        self._error: str | None = None

    def __enter__(self) -> _PagefindService:
        binary = executable()
        self._process = subprocess.Popen(
            [str(binary), "--service"],
            cwd=self.cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._process.stdin is not None
        with contextlib.suppress(OSError):  # it may have exited already (an error)
            self._process.stdin.close()
        self._process.wait()
        self._reader.join()

    def _send(self, payload: dict[str, Any]) -> int:
        self._next_id += 1
        message = {"message_id": self._next_id, "payload": payload}
        assert self._process.stdin is not None
        try:
            self._process.stdin.write(base64.b64encode(json.dumps(message).encode()) + b",")
        except BrokenPipeError as exc:
            raise SitegenError(f"the Pagefind indexer stopped: {self._error}") from exc
        return self._next_id

    def stream(self, payloads: Iterable[dict[str, Any]]) -> None:
        """Send many requests without waiting for each answer; fail on the first error."""
        last = 0
        for payload in payloads:
            last = self._send(payload)
        if last:
            self._wait(last, keep=False)

    def call(self, payload: dict[str, Any]) -> dict[str, Any]:
        return self._wait(self._send(payload), keep=True)

    def _wait(self, message_id: int, keep: bool) -> dict[str, Any]:
        assert self._process.stdin is not None
        self._process.stdin.flush()
        with self._done:
            self._done.wait_for(
                lambda: self._error is not None or self._closed or message_id in self._responses
            )
            if self._error is not None:
                raise SitegenError(f"search index: Pagefind reported: {self._error}")
            if message_id not in self._responses:
                raise SitegenError("search index: the Pagefind indexer exited unexpectedly")
            return self._responses.pop(message_id) if keep else {}

    def _read(self) -> None:
        assert self._process.stdout is not None
        pending = b""
        try:
            stdout = cast(io.BufferedReader, self._process.stdout)  # unbuffered reads: read1
            while chunk := stdout.read1(1 << 16):
                pending += chunk
                *messages, pending = pending.split(b",")
                for raw in messages:
                    response = json.loads(base64.b64decode(raw))
                    payload = response.get("payload") or {}
                    with self._done:
                        if payload.get("type") == "Error":
                            self._error = str(payload.get("message"))
                        elif payload.get("type") in {"NewIndex", "WriteFiles"}:
                            # Only these answers are read; keeping an answer per AddFile
                            # would cost memory for nothing.
                            self._responses[response["message_id"]] = payload
                        else:
                            self._responses.pop(response.get("message_id", -1) - 1, None)
                            self._responses[response["message_id"]] = {}
                        self._done.notify_all()
        finally:
            with self._done:
                self._closed = True
                self._done.notify_all()


def executable() -> Path:
    """The Pagefind binary from the `pagefind_bin` wheel (or PAGEFIND_BINARY_PATH / PATH)."""
    override = os.environ.get("PAGEFIND_BINARY_PATH")
    if override:
        return Path(override)
    try:
        from pagefind_bin import get_executable  # type: ignore[import-untyped]

        found: Path = get_executable()
        return found
    except (ImportError, FileNotFoundError):
        pass
    on_path = shutil.which("pagefind")
    if on_path is None:
        raise SitegenError(
            "search index: the Pagefind binary is missing; install it with "
            "`pip install 'pagefind[bin]'` or build with --no-search"
        )
    return Path(on_path)
