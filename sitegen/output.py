"""The output folder: safety checks, atomic per-file writes, and the manifest of what we own.

Every file goes through a temp file in its own folder and `os.replace`, so a reader (or a crash)
never sees half a page. Files whose bytes did not change are not touched. The manifest lists what
sitegen wrote; only those files are ever deleted, and only after a build without errors.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from sitegen.errors import SitegenError

MANIFEST = ".sitegen-manifest.json"


def check_output_dir(out_dir: Path, site_dir: Path, content_dir: Path) -> None:
    """Refuse an output folder that would overwrite or prune sources."""
    out = out_dir.resolve()
    for source, what in (
        (site_dir.resolve(), "the site folder"),
        (content_dir.resolve(), "content"),
    ):
        if source.is_relative_to(out):
            raise SitegenError(
                f"output folder {out_dir} is or contains {what} ({source}); refusing"
            )
    if out.is_relative_to(content_dir.resolve()):
        raise SitegenError(f"output folder {out_dir} is inside the content folder; refusing")
    if out == Path(out.anchor) or out == Path.home().resolve():
        raise SitegenError(f"output folder {out_dir} is a root or home folder; refusing")


@dataclass
class WriteStats:
    written: int = 0
    unchanged: int = 0
    pruned: int = 0
    # Relative paths this build wrote with new bytes, then those it pruned: what a preview server
    # must republish and which open pages may need reloading.
    changed: list[str] = field(default_factory=list)


class OutputWriter:
    """Writes one build's files into out_dir; refuses two writes to one path in a build."""

    def __init__(self, out_dir: Path, previous: frozenset[str] | None = None) -> None:
        """`previous`: the files the last build into out_dir owned, when the caller knows them
        (an incremental rebuild); otherwise they are read from the manifest."""
        self.out_dir = out_dir
        self.stats = WriteStats()
        self._written: set[str] = set()
        self._previous = set(previous) if previous is not None else read_manifest(out_dir)

    def write(self, rel_path: str, data: bytes) -> None:
        self.record(rel_path, write_file(self.out_dir, rel_path, data))

    def record(self, rel_path: str, changed: bool) -> None:
        """Count a file written by `write_file` (here or in a worker process) as this build's."""
        rel = _safe_relative(rel_path)
        if rel in self._written:
            raise SitegenError(f"two pages write {rel}; refusing to overwrite one with the other")
        self._written.add(rel)
        if changed:
            self.stats.written += 1
            self.stats.changed.append(rel)
        else:
            self.stats.unchanged += 1

    def keep(self, rel_paths: Iterable[str]) -> None:
        """Count files an earlier build wrote and this one left alone as still this build's
        (an incremental rebuild renders only what changed), so they are not pruned."""
        paths = set(rel_paths)
        known = paths & self._previous  # checked when they entered the manifest
        self._written |= known
        self._written.update(_safe_relative(rel) for rel in paths - known)

    @property
    def paths(self) -> frozenset[str]:
        return frozenset(self._written)

    @property
    def previous(self) -> frozenset[str]:
        """The files the last build into out_dir owned."""
        return frozenset(self._previous)

    def finish(self, prune: bool) -> WriteStats:
        """Record the manifest; delete our own files this build did not write (when `prune`)."""
        owned = set(self._written)
        stale = self._previous - owned
        if prune:
            for rel in sorted(stale):
                path = self.out_dir / rel
                if path.is_file() and not path.is_symlink():
                    path.unlink()
                    self.stats.pruned += 1
                    self.stats.changed.append(rel)
                remove_empty_parents(path.parent, self.out_dir)
        else:
            owned |= stale  # still ours: a later clean build may prune them
        if owned == self._previous and (self.out_dir / MANIFEST).is_file():
            return self.stats  # the same files: the manifest on disk already says so
        manifest = json.dumps({"files": sorted(owned)}, indent=0).encode()
        self.out_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.out_dir / f".{MANIFEST}.tmp{os.getpid()}"
        tmp.write_bytes(manifest)
        os.replace(tmp, self.out_dir / MANIFEST)
        return self.stats


_ODD_PARTS = frozenset({"", ".", ".."})


def write_file(out_dir: Path, rel_path: str, data: bytes) -> bool:
    """Atomically put data at out_dir/rel_path unless the file already holds exactly those bytes.

    Returns whether the file changed. Safe to call from several processes for different paths.
    """
    target = out_dir / _safe_relative(rel_path)
    if _same_bytes(target, data):
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, target)
    return True


def _safe_relative(rel_path: str) -> str:
    """A normalised POSIX relative path that cannot leave the output folder."""
    parts = rel_path.split("/")
    # The paths sitegen makes are already normal (`episodes/920/index.html`): accept those
    # without PurePosixPath, which costs more than the check itself on every page of a site.
    if "\0" not in rel_path and parts[-1] != MANIFEST and all(p not in _ODD_PARTS for p in parts):
        return rel_path
    path = PurePosixPath(rel_path)
    if path.is_absolute() or any(part in {"..", ""} for part in path.parts) or "\0" in rel_path:
        raise SitegenError(f"refusing to write outside the output folder: {rel_path!r}")
    if path.name == MANIFEST:
        raise SitegenError(f"{MANIFEST} is sitegen's own file")
    return str(path)


def _same_bytes(target: Path, data: bytes) -> bool:
    try:
        if target.stat().st_size != len(data):
            return False
        return target.read_bytes() == data
    except OSError:
        return False


def read_manifest(out_dir: Path) -> set[str]:
    try:
        raw = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    files = raw.get("files") if isinstance(raw, dict) else None
    if not isinstance(files, list):
        return set()
    owned: set[str] = set()
    for item in files:
        if isinstance(item, str):
            try:
                owned.add(_safe_relative(item))
            except SitegenError:
                continue  # a tampered manifest cannot make us delete outside the folder
    return owned


def remove_empty_parents(folder: Path, stop: Path) -> None:
    """Remove `folder` and its parents up to (not including) `stop` while they are empty."""
    while folder != stop and folder.is_relative_to(stop):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
