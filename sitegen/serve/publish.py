"""The served folder: publishing a rebuild's staged files into it, and the lock readers share.

A rebuild writes into a private staging folder while requests go on being answered from the
served folder, which holds the last published build. Publishing hard-links the changed staged
files into the served folder (copies where links are impossible) and removes what the build
removed: staged beside their places first, then committed (output.OutputWriter, which also
finishes a publish that a killed session left half done) under the exclusive side of a
readers/writer lock that every request holds shared while it looks a file up and opens it.
So a request waits only while a build is being published (milliseconds), and never sees a mix
of two builds or a half-written page.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.output import MANIFEST, OutputWriter, staged_path
from sitegen.serve.rebuild import RebuildOutcome


class ReadWriteLock:
    """Many readers or one writer; a waiting writer goes before readers that arrive after it, so a
    steady stream of requests cannot postpone a publish forever."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    @contextlib.contextmanager
    def shared(self) -> Iterator[None]:
        with self._cond:
            while self._writing or self._writers_waiting:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                if self._readers == 0:
                    self._cond.notify_all()

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        with self._cond:
            self._writers_waiting += 1
            try:
                while self._writing or self._readers:
                    self._cond.wait()
            finally:
                self._writers_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


@dataclass
class ServedSite:
    """What requests read: the served folder, its URL subpath and the lock that guards both."""

    root: Path
    base_path: str = "/"
    lock: ReadWriteLock = field(default_factory=ReadWriteLock)


def staging_dir_for(out_dir: Path) -> Path:
    """The staging folder beside the served one: same file system, so publishing can hard-link.

    Hidden, so sitegen's watcher, a static host and `discover` all ignore it.
    """
    out = out_dir.resolve()
    return out.parent / f".{out.name}.sitegen-serve"


class Publisher:
    """Mirrors the staging folder into the served folder, one rebuild at a time."""

    def __init__(self, staging: Path, site: ServedSite) -> None:
        self.staging = staging
        self.site = site
        self._synced_once = False
        self._needs_full = False

    def publish(self, outcome: RebuildOutcome) -> list[str]:
        """Publish what a rebuild staged; returns the served paths that changed (or went)."""
        if outcome.changed_paths is None:
            # The build stopped half way: the staged files are a mix. Keep serving the last
            # published build, and compare everything once a build completes again.
            self._needs_full = True
            return []
        # The served folder's manifest gone means the folder was deleted or emptied by hand while
        # serving: bring all of it back, not only what this build changed.
        missing = not (self.site.root / MANIFEST).is_file()
        if not self._synced_once or self._needs_full or missing:
            changed = self._full_sync(prune=not outcome.failed, base_path=outcome.base_path)
            # A failed build may not prune: stale files of an older build stay listed, and the
            # next sync must look at everything again to remove them.
            self._needs_full = outcome.failed
            self._synced_once = True
            return changed
        return self._sync(outcome.changed_paths, outcome.base_path)

    def _full_sync(self, prune: bool, base_path: str | None) -> list[str]:
        # OutputWriter keeps the served folder's manifest honest, so that a later `sitegen build`
        # into it prunes exactly what sitegen wrote, and prunes stale files of older builds here.
        writer = OutputWriter(self.site.root)
        for rel in sorted(_walk(self.staging)):
            writer.record(rel, self._stage(rel))
        with self.site.lock.exclusive():
            stats = writer.finish(prune=prune)
            if base_path is not None:
                self.site.base_path = base_path
        return stats.changed

    def _sync(self, paths: Iterable[str], base_path: str | None) -> list[str]:
        writer = OutputWriter(self.site.root)
        changed = set(paths)
        for rel in sorted(changed):
            if (self.staging / rel).is_file():
                writer.record(rel, self._stage(rel))
            # else the build removed it: not recorded, it is pruned
        writer.keep(writer.previous - changed)
        with self.site.lock.exclusive():
            stats = writer.finish(prune=True)
            if base_path is not None:
                self.site.base_path = base_path
        return stats.changed

    def _stage(self, rel: str) -> bool:
        """Stage the staged file beside its served place (output.staged_path), for the commit
        to move in; False when the served file already is it."""
        source = self.staging / rel
        target = self.site.root / rel
        if _same_file(source, target):
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        staged = staged_path(target)
        with contextlib.suppress(FileNotFoundError):
            staged.unlink()
        try:
            os.link(source, staged)
        except OSError:  # another file system, or links not allowed: copy, keeping the mtime
            shutil.copy2(source, staged)
        return True


def _walk(folder: Path) -> Iterator[str]:
    """Relative POSIX paths of the files under folder, hidden ones (manifest, temp) left out."""
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        base = Path(root).relative_to(folder)
        for name in names:
            if not name.startswith("."):
                yield (base / name).as_posix()


def _same_file(source: Path, target: Path) -> bool:
    """Whether target already is source: the same inode, or a copy of the same size and mtime."""
    try:
        a, b = source.stat(), target.stat()
    except OSError:
        return False
    if (a.st_ino, a.st_dev) == (b.st_ino, b.st_dev):
        return True
    # Staged files are replaced, never rewritten in place, so a new build of a file always has a
    # new mtime; a copy made by copy2 keeps its source's.
    return a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns
