"""Watching the site folder: which file events matter and what they touch, and debouncing them.

Owns the classification rules (an episode, a page, or everything), the debouncer that turns an
editor's save storm into one batch, and the watchdog observer. It never builds anything.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import Generic, TypeVar

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

from sitegen.config import CONFIG_FILE
from sitegen.walk import MAX_DEPTH, folders_when_too_deep

# Folders of the site that are sources; each is watched recursively when it exists.
SOURCE_FOLDERS = ("content", "templates", "static")

# Event types that can mean new bytes. Opening and closing without writing are left out: the
# build itself reads every source, and would otherwise trigger the next build forever.
RELEVANT_EVENTS = frozenset({"created", "modified", "deleted", "moved", "closed"})

# Files editors write beside the one being saved (vim, emacs, JetBrains, Kate, backups).
_TEMP_SUFFIXES = (
    "~",
    ".swp",
    ".swo",
    ".swx",
    ".swpx",
    ".kate-swp",
    "___jb_tmp___",
    "___jb_old___",
    ".crdownload",
)
_TEMP_NAMES = frozenset({"4913"})  # vim probes whether it may write in a folder with this name


class Kind(StrEnum):
    """What a change touches, from narrowest to widest."""

    EPISODE = "episode"  # a transcript or its sidecar under content/episodes/ (or a show's)
    PAGE = "page"  # a Markdown page under content/pages/
    EVERYTHING = "everything"  # templates, static files, sitegen.toml: every page may change


@dataclass(frozen=True, slots=True)
class Change:
    kind: Kind
    path: str  # relative to the site folder, POSIX


def is_editor_temp(name: str) -> bool:
    """Files an editor writes while saving, and hidden files (which sitegen never reads)."""
    return name.startswith((".", "#")) or name.endswith(_TEMP_SUFFIXES) or name in _TEMP_NAMES


def classify(path: str | Path, site_dir: Path, ignored: Sequence[Path] = ()) -> Change | None:
    """The change a file event at `path` (absolute) stands for, or None when it does not matter.

    `ignored` are folders whose events never matter (the output folder and the staging folder:
    sitegen writes there itself).
    """
    absolute = Path(path)
    for folder in ignored:
        if absolute == folder or absolute.is_relative_to(folder):
            return None
    try:
        rel = PurePosixPath(absolute.relative_to(site_dir).as_posix())
    except ValueError:
        return None
    parts = rel.parts
    if not parts or any(part.startswith(".") for part in parts) or is_editor_temp(parts[-1]):
        return None
    if parts == (CONFIG_FILE,):
        return Change(Kind.EVERYTHING, str(rel))
    if parts[0] in ("templates", "static"):
        return Change(Kind.EVERYTHING, str(rel))
    if parts[0] == "content":
        if len(parts) == 1:
            return Change(Kind.EVERYTHING, str(rel))  # the whole content folder came or went
        if parts[1] == "pages":
            return Change(Kind.PAGE, str(rel))
        if parts[1] == "episodes" or len(parts) > 2 or not PurePosixPath(parts[1]).suffix:
            # content/episodes/, or a show's folder of a network (content/go-time/…)
            return Change(Kind.EPISODE, str(rel))
    return None  # anything else in the site folder: notes, .git, the output, a README


@dataclass(frozen=True)
class Changes:
    """One debounced batch of changes, by kind; what a rebuilder gets."""

    episodes: frozenset[str] = frozenset()
    pages: frozenset[str] = frozenset()
    everything: frozenset[str] = frozenset()
    initial: bool = False  # the first build of the session: nothing is known yet

    @classmethod
    def of(cls, changes: Iterable[Change]) -> Changes:
        by_kind: dict[Kind, set[str]] = {kind: set() for kind in Kind}
        for change in changes:
            by_kind[change.kind].add(change.path)
        return cls(
            frozenset(by_kind[Kind.EPISODE]),
            frozenset(by_kind[Kind.PAGE]),
            frozenset(by_kind[Kind.EVERYTHING]),
        )

    @classmethod
    def startup(cls) -> Changes:
        return cls(initial=True)

    @property
    def full(self) -> bool:
        """Whether every page may have changed (the first build, a template, a static file)."""
        return self.initial or bool(self.everything)

    @property
    def paths(self) -> list[str]:
        return sorted(self.episodes | self.pages | self.everything)

    def describe(self) -> str:
        """For the console: `content/episodes/920.txt` or `3 files (content/…, …)`."""
        if self.initial:
            return "first build"
        paths = self.paths
        if len(paths) == 1:
            return paths[0]
        shown = ", ".join(paths[:3]) + (", …" if len(paths) > 3 else "")
        return f"{len(paths)} files ({shown})"


T = TypeVar("T")


class Debouncer(Generic[T]):
    """Collects items from any thread and hands them out in batches, once they stop coming.

    A batch is ready when no item came for `window` seconds (an editor's save is a burst of
    events a few milliseconds apart), or `max_wait` seconds after its first item, so a stream
    of events (a `git checkout` of thousands of files) cannot postpone a rebuild forever.
    """

    def __init__(
        self,
        window: float = 0.15,
        max_wait: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.window = window
        self.max_wait = max_wait
        self._clock = clock
        self._cond = threading.Condition()
        self._items: list[T] = []
        self._first = 0.0
        self._last = 0.0
        self._closed = False

    def add(self, item: T) -> None:
        with self._cond:
            now = self._clock()
            if not self._items:
                self._first = now
            self._items.append(item)
            self._last = now
            self._cond.notify_all()

    def close(self) -> None:
        """Wake `next_batch` for good: it returns None from now on."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def pending(self) -> bool:
        """Whether items are waiting for `next_batch`."""
        with self._cond:
            return bool(self._items)

    def next_batch(self) -> list[T] | None:
        """Block until a batch is ready and return it; None once closed."""
        with self._cond:
            while not self._closed:
                if not self._items:
                    self._cond.wait()
                    continue
                now = self._clock()
                due = min(self._last + self.window, self._first + self.max_wait)
                if now >= due:
                    batch, self._items = self._items, []
                    return batch
                self._cond.wait(due - now)
            return None


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: Watcher) -> None:
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in RELEVANT_EVENTS:
            return
        if event.is_directory and event.event_type in ("modified", "closed"):
            return  # a folder "modified" only echoes a change to a file in it, reported itself
        for raw in (event.src_path, event.dest_path):
            if raw:
                self.watcher.seen(raw if isinstance(raw, str) else raw.decode())


class Watcher:
    """A watchdog observer over the site's sources, feeding classified changes to `on_change`.

    Each source folder is watched recursively and the site folder itself only for its own entries
    (sitegen.toml, a source folder appearing), so the output folder inside the site is never
    watched at all: builds do not wake the watcher.
    """

    def __init__(
        self, site_dir: Path, ignored: Sequence[Path], on_change: Callable[[Change], None]
    ) -> None:
        self.site_dir = site_dir.resolve()
        self.ignored = [p.resolve() for p in ignored]
        self.on_change = on_change
        self._observer: BaseObserver = Observer()
        self._handler = _Handler(self)
        self._watches: dict[str, list[ObservedWatch]] = {}
        self._lock = threading.Lock()

    def start(self) -> None:
        self._observer.schedule(self._handler, str(self.site_dir), recursive=False)
        self._schedule_sources()
        self._observer.start()

    def stop(self) -> None:
        self._observer.stop()
        if self._observer.is_alive():
            self._observer.join(timeout=5)

    def seen(self, raw_path: str) -> None:
        path = Path(raw_path)
        if path.parent == self.site_dir and path.name in SOURCE_FOLDERS:
            self._schedule_sources()  # a source folder appeared (or went): (re)watch it
        change = classify(path, self.site_dir, self.ignored)
        if change is not None:
            self.on_change(change)

    def _schedule_sources(self) -> None:
        with self._lock:
            for name in SOURCE_FOLDERS:
                folder = self.site_dir / name
                watches = self._watches.get(name)
                if watches is not None and not folder.is_dir():
                    del self._watches[name]
                    for watch in watches:
                        with contextlib.suppress(KeyError, OSError):
                            self._observer.unschedule(watch)
                elif watches is None and folder.is_dir():
                    try:
                        self._watches[name] = self._schedule(folder)
                    except OSError:
                        continue  # gone again already; its reappearance reschedules it

    def _schedule(self, folder: Path) -> list[ObservedWatch]:
        """One recursive watch of `folder`; or, when its folders nest deeper than a build reads
        (sitegen.walk.MAX_DEPTH; watchdog's recursive walk would overflow Python's stack), one
        watch of each folder a build reads. (A folder made later inside those is then not
        watched: its files are seen at the next start.)"""
        shallow = folders_when_too_deep(folder, MAX_DEPTH + 1)  # content/<show>/ is one more
        if shallow is None:
            return [self._observer.schedule(self._handler, str(folder), recursive=True)]
        return [self._observer.schedule(self._handler, str(f), recursive=False) for f in shallow]
