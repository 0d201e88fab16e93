"""The search index: one Pagefind document per episode whose sections are its paragraphs.

Owns what a search result is (a moment: the paragraph's text, its `#t=` anchor, the clock and
the speaker, inside its episode) and how the Pagefind binary turns the archive into the static
bundle that `/search/` loads. Documents are generated from the archive, never by crawling the
built HTML: only transcript text is indexed (not navigation, lists or the `transcript.html`
download, which repeat it).

Each episode is one document (HTML made here, given to Pagefind's add-HTML-file command) in which
every paragraph follows a heading whose id is the paragraph's anchor on the episode page (its
moments, in the episode's summary: summary.py). Pagefind splits a document into sub-results at
headings with ids, so a hit is still a moment (`episodes/920/#t=10:19`) while the index holds
~1,000 documents for 1,000 episodes instead of ~76,000 one-paragraph records: Pagefind writes a
fragment file per document and its write step grows faster than linearly in the number of
documents (259 s and 5.4 GB for one record per paragraph at 1,000 episodes; see the README for
the figures now).

The archive is indexed in parts of PART_EPISODES episodes, each its own Pagefind bundle, run
one process per core; `/search/` merges them. Parts bound Pagefind's memory (it holds a whole
index until it writes it), use every core, and let an edit index one part again.

The binary ships in the `pagefind_bin` wheel; nothing is downloaded at build time. We talk to
it over its `--service` protocol (base64 JSON messages separated by commas, the protocol the
official `pagefind` Python and Node wrappers speak) with a pipe we write to and a thread that
reads: the official Python wrapper polls for each response after a 0.1 s sleep. This module
does no page rendering and writes only through the OutputWriter.
"""

from __future__ import annotations

import base64
import contextlib
import html
import io
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from sitegen import keys, urls
from sitegen.contexts import episode_label
from sitegen.errors import SitegenError
from sitegen.model import Archive, Episode
from sitegen.output import OutputWriter
from sitegen.summary import summary_of

FOLDER = urls.SEARCH_BUNDLE
ShouldStop = Callable[[], bool] | None
# The index's parts and what each was made from (see write_index); Pagefind ignores the file.
PARTS_FILE = urls.SEARCH_PARTS
PARTS_VERSION = 1
PART_PREFIX = "part-"  # part N > 1 lives in `pagefind/part-N/`
# Episodes per part. Pagefind holds a whole index in memory (~1.2 MB per one-hour episode) and
# runs on one core (~16 ms per episode), linearly in both: parts of 250 run two at a time on
# two cores stay near 650 MB whatever the archive's size, and an edit re-indexes one part
# (~4 s) instead of the archive. Smaller parts would cost the browser more requests per search.
PART_EPISODES = 250
# What a merged part needs: part 1's scripts and WebAssembly search it.
_INDEX_FILES = (".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter")
# The heading before each paragraph is a label (clock and speaker), not something said: it is
# indexed (Pagefind takes a sub-result's title from the indexed heading text, and drops headings
# it ignores) but weighs far less than the transcript text.
HEADING_WEIGHT = "0.1"


@dataclass(frozen=True)
class Moment:
    """One paragraph: a sub-result of its episode's document."""

    anchor: str  # the paragraph's id on the episode page: `t=10:19`
    heading: str  # the sub-result's title: `10:19 · Jon Krohn` (`~10:19` when estimated)
    text: str


@dataclass(frozen=True)
class Document:
    """One episode as Pagefind indexes it."""

    url: str  # relative to the site root: `episodes/920/`
    title: str
    speakers: tuple[str, ...]
    date: str | None  # ISO date, the sort key
    moments: tuple[Moment, ...]
    show: str | None = None  # the title of its show, in a network (a filter)

    def html(self, language: str) -> str:
        """The page Pagefind reads: filters, sort and title in an ignored block (captured, not
        indexed), then a heading with the paragraph's anchor as id before each paragraph."""
        e = html.escape
        lines = [f'<!DOCTYPE html><html lang="{e(language)}"><head><meta charset="utf-8">']
        lines.append(f"<title>{e(self.title)}</title></head><body><div data-pagefind-ignore>")
        # Element content rather than `data-pagefind-filter="key:value"`: a label may hold the
        # `:` and `,` that the attribute form would split on.
        lines.append(f'<span data-pagefind-meta="title">{e(self.title)}</span>')
        lines.append(_filter_element("episode", self.title))
        if self.show is not None:
            lines.append(_filter_element("show", self.show))
        lines.extend(_filter_element("speaker", s) for s in self.speakers)
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


def filter_value(label: str) -> str:
    """A filter's value as Pagefind stores it and its UI receives it: the label escaped as HTML.

    Pagefind's UI (1.5) puts a filter value into the page as HTML (Svelte's `{@html}`), while the
    result title, the moment headings and the filter names go in as text, and the excerpt is
    Pagefind's own, `<` and `>` escaped around its `<mark>`s. So the index holds
    `Tom &amp; Jerry &lt;3` and the reader sees `Tom & Jerry <3`, as written, and a name like
    `<img src=x onerror=…>` shows as those characters instead of running. A filter is chosen by
    the value the UI was given, so filtering works unchanged; only a program reading the index
    with Pagefind's JS API sees the escaped form."""
    return html.escape(label, quote=False)


def _filter_element(key: str, label: str) -> str:
    # Pagefind 1.5 decodes the character references in a filter element's text twice
    # (`&amp;amp;lt;` is stored as `<`): escape twice more than the value it should store.
    # tests/test_search.py reads the stored values back, so a Pagefind that changes this fails.
    text = html.escape(html.escape(filter_value(label), quote=False), quote=False)
    return f'<span data-pagefind-filter="{key}">{text}</span>'


def episode_document(episode: Episode, show: str | None = None) -> Document | None:
    """The episode's document, its moments anchored where the episode page puts each paragraph's
    id; None when it has no text to find. `show`: its show's title, in a network."""
    times = summary_of(episode).moments
    moments = []
    speakers: dict[str, None] = {}  # in order of first appearance, once each
    for index, (turn, segment) in enumerate(episode.segments()):  # unpacks them once
        if not segment.text.strip():
            continue
        # The time the page shows, `~12:34` when estimated: the reader can tell moments apart.
        clock = times.clock(index)
        parts = [clock] if clock is not None else []
        if turn.speaker is not None:
            parts.append(turn.speaker)
            speakers[turn.speaker] = None
        # Pagefind shows only sub-results whose heading has a word character.
        heading = " · ".join(parts) or f"Paragraph {index + 1}"
        moments.append(Moment(times.anchors[index], heading, segment.text))
    if not moments:
        return None
    date = episode.meta.date.isoformat() if episode.meta.date else None
    label = episode_label(episode)
    url = urls.episode_url(episode.key)
    return Document(url, label, tuple(speakers), date, tuple(moments), show)


class IndexCancelled(Exception):
    """Indexing stopped because `should_stop` said so (an edit arrived in `sitegen serve`)."""


def index_files(
    pages: Iterable[tuple[str, str]], should_stop: ShouldStop = None
) -> dict[str, bytes]:
    """The Pagefind bundle for `pages` (URL, the document's HTML): relative path under the
    bundle folder → bytes."""
    given: list[tuple[str, str]] = []

    def keeping() -> Iterator[tuple[str, str]]:  # Pagefind reads them as they are made
        for page in pages:
            given.append(page)
            yield page

    files = _index_once(keeping(), should_stop)
    for _ in range(INDEX_ATTEMPTS - 1):
        if _whole(files):
            return files
        files = _index_once(given, should_stop)
    if _whole(files):
        return files
    raise SitegenError("search index: Pagefind wrote an incomplete index, again and again")


# Pagefind has answered WriteFiles and exited with a bundle whose entry file was empty (seen
# under heavy load): a bundle is checked, and made again when it is not whole.
INDEX_ATTEMPTS = 3


def _index_once(pages: Iterable[tuple[str, str]], should_stop: ShouldStop) -> dict[str, bytes]:
    with tempfile.TemporaryDirectory(prefix="sitegen-pagefind-") as tmp:
        bundle = Path(tmp) / "pagefind"
        with _PagefindService(cwd=Path(tmp), should_stop=should_stop) as service:
            index = service.call({"type": "NewIndex", "config": None})["index_id"]
            service.stream(
                {
                    "type": "AddFile",
                    "index_id": index,
                    "url": url,
                    "file_contents": source,
                    "file_path": None,
                }
                for url, source in pages
            )
            service.call({"type": "WriteFiles", "index_id": index, "output_path": str(bundle)})
        files: dict[str, bytes] = {}
        for root, _, names in os.walk(bundle):
            for name in names:
                path = Path(root) / name
                files[path.relative_to(bundle).as_posix()] = path.read_bytes()
        return files


def _whole(files: Mapping[str, bytes]) -> bool:
    """Whether a bundle's entry file reads, and the metadata file of each language it names is
    there and not empty."""
    try:
        languages = json.loads(files.get("pagefind-entry.json", b""))["languages"]
        return all(files.get(f"pagefind.{facts['hash']}.pf_meta") for facts in languages.values())
    except (ValueError, KeyError, TypeError, AttributeError):
        return False


@dataclass(frozen=True)
class Part:
    """A run of consecutive episodes (oldest first) indexed as one Pagefind bundle."""

    number: int  # from 1; part 1 is the primary bundle, with Pagefind's scripts and UI
    episodes: tuple[Episode, ...]
    show_titles: tuple[tuple[str, str], ...] = ()  # a network's show ids and titles

    @property
    def bundle(self) -> str:
        """The part's folder relative to FOLDER: `` for part 1, `part-2/` for part 2."""
        return "" if self.number == 1 else f"{PART_PREFIX}{self.number}/"

    def pages(self, language: str) -> Iterator[tuple[str, str]]:
        """What Pagefind reads for this part: (URL, document HTML) per episode with text, made
        as they are asked for."""
        titles = dict(self.show_titles)
        documents = (
            episode_document(e, titles.get(e.meta.show or "", e.meta.show)) for e in self.episodes
        )
        return ((d.url, d.html(language)) for d in documents if d is not None)

    def kept(self, name: str) -> bool:
        """Whether a file of Pagefind's output is published: merged parts are searched by part
        1's scripts and WebAssembly, so they need only their index."""
        return self.number == 1 or name == "pagefind-entry.json" or name.endswith(_INDEX_FILES)


def parts_of(archive: Archive, show_titles: Mapping[str, str] | None = None) -> list[Part]:
    """Consecutive runs of PART_EPISODES episodes with text, oldest first (the archive lists
    newest first). Runs, not hash buckets: a new episode comes last and an edit changes one
    episode, so either changes one part, and only that part is indexed again. Only episodes
    with text count, so every part has something to index (part 1 must exist: it holds the
    scripts that search the others). `show_titles`: a network's shows, for the show filter."""
    oldest_first = tuple(e for e in reversed(archive.episodes) if summary_of(e).has_text)
    titles = tuple(sorted((show_titles or {}).items()))
    return [
        Part(number, oldest_first[start : start + PART_EPISODES], titles)
        for number, start in enumerate(range(0, len(oldest_first), PART_EPISODES), start=1)
    ]


def bundle_of(path: str) -> str | None:
    """The part bundle a site file belongs to (`` for part 1, `part-2/`), None for none."""
    if path == PARTS_FILE or not path.startswith(FOLDER):
        return None
    inside = path[len(FOLDER) :]
    if inside.startswith(PART_PREFIX) and "/" in inside:
        return inside[: inside.index("/") + 1]
    return ""


@dataclass(frozen=True)
class IndexReport:
    parts: int  # parts the index has now
    indexed: int  # parts indexed by this call (the others were kept as they were)
    cancelled: bool = False  # stopped early: the index is part old, part new


@dataclass(frozen=True)
class _PartDone:
    part: Part
    digest: str | None  # None: the part has no text to index
    files: dict[str, bytes] | None  # None: the files already there hold this digest


def write_index(
    archive: Archive,
    language: str,
    writer: OutputWriter,
    jobs: int = 1,
    should_stop: ShouldStop = None,
    show_titles: Mapping[str, str] | None = None,
) -> IndexReport:
    """Index the archive into `pagefind/`, `jobs` parts at a time, indexing again only the
    parts whose documents changed since the index in the output folder was made.

    Pagefind names its filter files after Rust hash-map order, which changes from run to run,
    so indexing the same documents twice gives different bytes: PARTS_FILE records what each
    part was made from, so an unchanged part keeps its files and costs no indexing time. It also
    tells `/search/` which parts to merge. When `should_stop` says so, the parts finished so far
    are written, the others keep their old files, and the report says `cancelled`.

    Each part is made into documents, compared and indexed in a worker thread, so only the parts
    in progress are held in memory, and making one part's documents overlaps with Pagefind
    indexing another.
    """
    lang = language.split("-")[0].lower() or "en"
    before = _read_parts(writer.out_dir / PARTS_FILE)
    owned: dict[str, list[str]] = {}  # bundle → its files in the output folder
    for path in sorted(writer.previous):
        bundle = bundle_of(path)
        if bundle is not None:
            owned.setdefault(bundle, []).append(path)
    stop = threading.Event()

    def stopping() -> bool:
        return stop.is_set() or (should_stop is not None and should_stop())

    def index_part(part: Part) -> _PartDone:
        if stopping():
            raise IndexCancelled
        files = owned.get(part.bundle, [])
        if (
            files
            and part.bundle in before
            and all((writer.out_dir / path).is_file() for path in files)
        ):  # the part's documents are made first, to see whether they changed
            pages = list(part.pages(lang))
            digest = keys.pages_digest(pages, lang)
            if not pages:
                return _PartDone(part, None, None)
            if before[part.bundle] == digest:
                return _PartDone(part, digest, None)
            return _PartDone(part, digest, index_files(pages, stopping))
        # Nothing to compare with (a clean build, a new part): each document goes to Pagefind
        # as it is made, so making them overlaps with Pagefind reading them.
        made = keys.PagesDigest(lang)
        bundle = index_files(made.through(part.pages(lang)), stopping)
        if not made.pages:
            return _PartDone(part, None, None)
        return _PartDone(part, made.hexdigest(), bundle)

    parts = parts_of(archive, show_titles)
    listed: dict[str, str] = {}  # bundle → digest of what its files hold now
    cancelled = False
    indexed = 0
    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(parts)))) as pool:
        running = [pool.submit(index_part, part) for part in parts]
        try:
            for part, future in zip(parts, running, strict=True):
                try:
                    done = future.result()
                except IndexCancelled:
                    cancelled = True
                    continue
                if done.digest is None:
                    continue
                if done.files is None:
                    for path in owned[part.bundle]:
                        writer.record(path, changed=False)
                else:
                    for name, data in sorted(done.files.items()):
                        if part.kept(name):
                            writer.write(FOLDER + part.bundle + name, data)
                    indexed += 1
                listed[part.bundle] = done.digest
        finally:
            stop.set()  # an error in one part ends the others
            pool.shutdown(cancel_futures=True)
    if cancelled:  # the parts not indexed again keep their old files, if they had any
        for part in parts:
            files = owned.get(part.bundle, [])
            if part.bundle not in listed and files and part.bundle in before:
                for path in files:
                    writer.record(path, changed=False)
                listed[part.bundle] = before[part.bundle]
    entries = [
        {"bundle": p.bundle, "digest": listed[p.bundle]} for p in parts if p.bundle in listed
    ]
    manifest = {"version": PARTS_VERSION, "parts": entries}
    writer.write(PARTS_FILE, (json.dumps(manifest, indent=1) + "\n").encode())
    return IndexReport(len(parts), indexed, cancelled)


def _read_parts(path: Path) -> dict[str, str]:
    """The parts recorded in a PARTS_FILE (bundle → digest); none when absent or unreadable."""
    try:
        manifest = json.loads(path.read_bytes())
        if manifest.get("version") != PARTS_VERSION:
            return {}
        return {str(p["bundle"]): str(p["digest"]) for p in manifest["parts"]}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def index_paths(owned: Iterable[str]) -> set[str]:
    """The files of an index among `owned` (a manifest): their names are content hashes only
    the indexer knows, so an update that does not index again keeps the ones it has."""
    return {path for path in owned if path.startswith(FOLDER)}


class _PagefindService:
    """The `pagefind --service` process. Requests are written as they come; a reader thread
    collects responses, so the pipe never fills in either direction. When `should_stop` says
    so, the next request or wait raises IndexCancelled and the process is killed."""

    def __init__(self, cwd: Path, should_stop: ShouldStop = None) -> None:
        self.cwd = cwd
        self.should_stop = should_stop
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

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        assert self._process.stdin is not None
        if kind is not None:  # cancelled or failed: what it has indexed is of no use
            self._process.kill()
        with contextlib.suppress(OSError):  # it may have exited already (an error)
            self._process.stdin.close()
        self._process.wait()
        self._reader.join()

    def _check_stop(self) -> None:
        if self.should_stop is not None and self.should_stop():
            raise IndexCancelled

    def _send(self, payload: dict[str, Any]) -> int:
        self._check_stop()
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
            # In short waits when it can be cancelled: an edit in `serve` waits for this.
            timeout = None if self.should_stop is None else 0.01
            while not self._done.wait_for(
                lambda: self._error is not None or self._closed or message_id in self._responses,
                timeout,
            ):
                self._check_stop()
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
