"""The output folder: safety checks, atomic per-file writes, and the manifest of what we own.

Every file goes through a temp file in its own folder and `os.replace`, so a reader (or a crash)
never sees half a page. Files whose bytes did not change are not touched. The manifest lists what
sitegen wrote; only those files are ever deleted, and only after a build without errors. A
non-empty folder without a manifest holds someone else's files: it is refused unless forced.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from sitegen.errors import SitegenError

MANIFEST = ".sitegen-manifest.json"


def check_output_dir(
    out_dir: Path, site_dir: Path, content_dir: Path, *, force: bool = False
) -> None:
    """Refuse an output folder that would overwrite or prune sources, that cannot be written, or
    (unless `force`, `--force`) that holds someone else's files."""
    out = out_dir.resolve()
    for source, what in (
        (site_dir.resolve(), "the site folder"),
        (content_dir.resolve(), "content"),
    ):
        if source.is_relative_to(out):
            raise SitegenError(
                f"output folder {out_dir} is or contains {what} ({source}); refusing"
            )
    site = site_dir.resolve()
    for source, what in (
        (content_dir.resolve(), "the content folder"),
        (site / "templates", "the site's templates/ folder"),
        (site / "static", "the site's static/ folder"),
    ):
        if out.is_relative_to(source):
            where = "is" if out == source else "is inside"
            raise SitegenError(f"output folder {out_dir} {where} {what}; refusing")
    if out == Path(out.anchor) or out == Path.home().resolve():
        raise SitegenError(f"output folder {out_dir} is a root or home folder; refusing")
    _check_writable(out_dir, out)
    if not force:
        _check_not_foreign(out_dir, out)


def _check_writable(out_dir: Path, out: Path) -> None:
    """A file where the folder should be, or a folder we may not write into, is a clear error
    now, not a traceback half way through a build."""
    if out.exists() and not out.is_dir():
        raise SitegenError(f"output folder {out_dir} is a file, not a folder; choose another -o")
    existing = out
    while not existing.exists():  # the nearest folder that exists: the build creates the rest
        existing = existing.parent
    if not existing.is_dir():
        raise SitegenError(f"output folder {out_dir} cannot be made: {existing} is a file")
    if not os.access(existing, os.W_OK | os.X_OK):
        what = "is" if existing == out else f"would be made in {existing}, which is"
        raise SitegenError(f"output folder {out_dir} {what} not writable; choose another -o")


SHOWN_FOREIGN = 3  # entries of a foreign output folder named in the error


def _check_not_foreign(out_dir: Path, out: Path) -> None:
    """Refuse a folder with files in it that sitegen did not make (no valid manifest): sitegen
    would overwrite the user's `index.html` and the like.

    Hidden entries (`.git`, `.nojekyll`, `.DS_Store`) do not count: a folder holding only those
    is as good as empty. Publishing to GitHub Pages from a worktree of a `gh-pages` branch is
    common, and sitegen never writes a hidden file of its own apart from its bookkeeping
    (`.sitegen-*`), skips hidden files in `static/`, and never prunes a file it did not write.
    """
    if not out.is_dir() or _load_manifest(out) is not None:
        return
    try:
        names = sorted(
            entry.name + ("/" if entry.is_dir() else "")
            for entry in os.scandir(out)
            if not entry.name.startswith(".")
        )
    except OSError as exc:
        raise SitegenError(f"output folder {out_dir} cannot be read: {exc.strerror}") from exc
    if not names:
        return
    shown = ", ".join(names[:SHOWN_FOREIGN])
    if len(names) > SHOWN_FOREIGN:
        shown += f" and {len(names) - SHOWN_FOREIGN} more"
    raise SitegenError(
        f"{out_dir} is not empty and was not made by sitegen (it holds {shown}); refusing to "
        "write into it. Delete it, choose another -o, or pass --force to write over them"
    )


def claim_output_dir(out_dir: Path) -> None:
    """Mark out_dir as sitegen's before the first file goes in: a build stopped half way (Ctrl-C)
    leaves a folder that the next build still recognises as its own. An empty manifest owns
    nothing, so nothing is pruned on its say-so."""
    if _load_manifest(out_dir) is not None:
        return
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out_dir / f".{MANIFEST}.tmp{os.getpid()}"
    tmp.write_bytes(json.dumps({"files": []}, indent=0).encode())
    os.replace(tmp, out_dir / MANIFEST)


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
    """The files the manifest in out_dir says sitegen wrote (none without a valid manifest)."""
    owned = _load_manifest(out_dir)
    return owned if owned is not None else set()


def _load_manifest(out_dir: Path) -> set[str] | None:
    """The manifest's files, or None when out_dir has no manifest sitegen could have written."""
    try:
        raw = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = raw.get("files") if isinstance(raw, dict) else None
    if not isinstance(files, list):
        return None
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
