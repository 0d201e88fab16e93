"""The output folder: safety checks, staged writes committed all at once, and the manifest.

A build never changes a published file while it works. Each new file is staged beside its target
(`.<name>.sitegen-new`, hidden, so no host serves it); files whose bytes did not change are not
touched. When the build is done, `OutputWriter.finish` writes a commit journal listing what to
move into place and what to delete, then does it (a burst of renames), then removes the journal.
So a build stopped at any moment leaves the previous site whole, or a journal that the next
writer into the folder carries out first (`recover`). A marker file says a build is writing; if
one is found from a process that is gone, its staged files are swept away.

The manifest lists what sitegen wrote; only those files are ever deleted, only after a build
without errors, and never through a symlinked folder. A non-empty folder without a manifest
holds someone else's files: it is refused unless forced.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from sitegen.errors import SitegenError
from sitegen.interrupts import signals_held

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
    if not out.is_dir() or _has_manifest(out):
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
    if _has_manifest(out_dir):
        return
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_atomically(out_dir / MANIFEST, json.dumps({"files": []}, indent=0).encode())


STAGED = ".sitegen-new"  # suffix of a file staged beside its target: `.<name>.sitegen-new`
JOURNAL = ".sitegen-commit.json"  # what a finishing build moves into place and deletes
WRITING = ".sitegen-writing"  # the id of the process writing into the folder, while it does
# Temporary files of sitegen's own that a killed process may leave: staged files, and the
# `.<name>.tmp<pid>` / `.<name>.serve-tmp<pid>` of bookkeeping files and older versions.
_LEFTOVER = re.compile(r"\..+(?:\.sitegen-new|\.(?:serve-)?tmp\d+)")


def staged_path(target: Path) -> Path:
    """Where the new bytes of `target` wait until the build commits them."""
    return target.with_name(f".{target.name}{STAGED}")


@dataclass
class WriteStats:
    written: int = 0
    unchanged: int = 0
    pruned: int = 0
    # Relative paths this build wrote with new bytes, then those it pruned: what a preview server
    # must republish and which open pages may need reloading.
    changed: list[str] = field(default_factory=list)


class OutputWriter:
    """Stages one build's files in out_dir and commits them together (`finish`); refuses two
    writes to one path in a build.

    Making one first carries out what a killed writer into the folder left (`recover`).
    """

    def __init__(self, out_dir: Path, previous: frozenset[str] | None = None) -> None:
        """`previous`: the files the last build into out_dir owned, when the caller knows them
        (an incremental rebuild); otherwise they are read from the manifest."""
        self.out_dir = out_dir
        self.stats = WriteStats()
        self.recovered = recover(out_dir)
        self._written: set[str] = set()
        self._staged: list[str] = []
        self._previous = set(previous) if previous is not None else read_manifest(out_dir)
        _mark_writing(out_dir)

    def write(self, rel_path: str, data: bytes) -> None:
        self.record(rel_path, stage_file(self.out_dir, rel_path, data))

    def record(self, rel_path: str, changed: bool) -> None:
        """Count a file staged by `stage_file` (here or in a worker process) as this build's;
        `changed`: whether it was staged (new bytes) rather than left as it is."""
        rel = _safe_relative(rel_path)
        if rel in self._written:
            raise SitegenError(f"two pages write {rel}; refusing to overwrite one with the other")
        self._written.add(rel)
        if changed:
            self._staged.append(rel)
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
        """Commit: move every staged file into place, delete our own files this build did not
        write (when `prune`), record the manifest."""
        owned = set(self._written)
        stale = self._previous - owned
        if not prune:
            owned |= stale  # still ours: a later clean build may prune them
            stale = set()
        same_files = owned == self._previous and (self.out_dir / MANIFEST).is_file()
        if self._staged or stale or not same_files:
            journal = {
                "staged": self._staged,
                "stale": sorted(stale),
                "files": None if same_files else sorted(owned),
            }
            # Stopped half way, the commit would leave a mix of two builds until the next run.
            with signals_held():
                _write_atomically(self.out_dir / JOURNAL, json.dumps(journal, indent=0).encode())
                done = _carry_out(self.out_dir, journal)
            self.stats.pruned += len(done)
            self.stats.changed += done
        _unmark_writing(self.out_dir)
        return self.stats

    def __enter__(self) -> OutputWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is not None:
            self.abandon()

    def abandon(self) -> None:
        """After a failed build: remove what it staged; the published site stays as it was.
        (Failing while committing, it finishes the commit: the new site is whole.)"""
        journal = _load_journal(self.out_dir)
        if journal is not None:
            _carry_out(self.out_dir, journal)
        _sweep(self.out_dir)
        _unmark_writing(self.out_dir)


_ODD_PARTS = frozenset({"", ".", ".."})
_OWN_FILES = frozenset({MANIFEST, JOURNAL, WRITING})


def stage_file(out_dir: Path, rel_path: str, data: bytes) -> bool:
    """Stage data for out_dir/rel_path unless the file already holds exactly those bytes.

    Returns whether it was staged. Safe to call from several processes for different paths.
    """
    target = out_dir / _safe_relative(rel_path)
    if _same_bytes(target, data):
        return False
    staged = staged_path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staged.write_bytes(data)
    except OSError as exc:
        staged.unlink(missing_ok=True)
        raise SitegenError(f"cannot write {target}: {exc.strerror or exc}") from exc
    return True


def write_file(out_dir: Path, rel_path: str, data: bytes) -> bool:
    """Put data at out_dir/rel_path at once (staged, then renamed), unless it is there already;
    for a file that is a commit on its own. Returns whether the file changed."""
    if not stage_file(out_dir, rel_path, data):
        return False
    target = out_dir / _safe_relative(rel_path)
    os.replace(staged_path(target), target)
    return True


def recover(out_dir: Path) -> str | None:
    """Finish or clean up after a writer into out_dir that was killed; what was done, if any.

    A commit journal means the writer died committing: its staged files are moved into place
    as it meant to, so the folder holds the new site. A writing marker of a process that is
    gone means it died before committing: its staged files are deleted, so the folder holds the
    previous site and nothing else."""
    said = None
    journal = _load_journal(out_dir)
    if journal is not None:
        _carry_out(out_dir, journal)
        said = f"finished committing the site an interrupted build had made in {out_dir}"
    writer = _writing_process(out_dir)
    if writer is not None and writer != os.getpid() and not _alive(writer):
        if _sweep(out_dir):
            said = said or f"removed the unfinished files of an interrupted build in {out_dir}"
        _unmark_writing(out_dir)
    return said


def _carry_out(out_dir: Path, journal: Mapping[str, object]) -> list[str]:
    """Do what a commit journal says; safe to do again after it was done, wholly or in part.
    Returns the stale files it deleted."""
    inside = _InsideChecker(out_dir)
    for rel in _strings(journal.get("staged")):
        target = out_dir / rel
        staged = staged_path(target)
        if not inside(target):
            staged.unlink(missing_ok=True)
            continue
        try:
            os.replace(staged, target)
        except FileNotFoundError:
            continue  # moved already, by the commit this one finishes
    deleted = []
    for rel in _strings(journal.get("stale")):
        path = out_dir / rel
        if inside(path) and path.is_file() and not path.is_symlink():
            path.unlink()
            deleted.append(rel)
        remove_empty_parents(path.parent, out_dir)
    files = journal.get("files")
    if isinstance(files, list):
        manifest = json.dumps({"files": list(_strings(files))}, indent=0).encode()
        _write_atomically(out_dir / MANIFEST, manifest)
    (out_dir / JOURNAL).unlink(missing_ok=True)
    return deleted


def _strings(value: object) -> Iterable[str]:
    """The safe relative paths among a journal's list (a tampered one names others)."""
    if not isinstance(value, list):
        return
    for item in value:
        if isinstance(item, str):
            try:
                yield _safe_relative(item)
            except SitegenError:
                continue


class _InsideChecker:
    """Whether a path's folder really is inside the output folder: a folder of it may have been
    replaced by a symlink (a restored cache, a tampered manifest), and nothing is written or
    deleted through one."""

    def __init__(self, out_dir: Path) -> None:
        self._root = os.path.realpath(out_dir)
        self._known: dict[str, bool] = {}

    def __call__(self, path: Path) -> bool:
        folder = str(path.parent)
        inside = self._known.get(folder)
        if inside is None:
            real = os.path.realpath(folder)
            inside = real == self._root or real.startswith(self._root + os.sep)
            self._known[folder] = inside
        return inside


def _load_journal(out_dir: Path) -> dict[str, object] | None:
    try:
        raw = json.loads((out_dir / JOURNAL).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        raw = None
    # A journal is written whole (temp file, then rename), so an unreadable one was not written
    # by sitegen: carried out as empty, it is removed.
    return raw if isinstance(raw, dict) else {}


def _sweep(out_dir: Path) -> int:
    """Delete sitegen's leftover temporary files under out_dir; how many there were. Hidden
    folders (`.git`) are someone else's and not looked into."""
    removed = 0
    for root, dirs, names in os.walk(out_dir):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if _LEFTOVER.fullmatch(name):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(root, name))
                    removed += 1
    return removed


def _mark_writing(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_atomically(out_dir / WRITING, str(os.getpid()).encode())


def _unmark_writing(out_dir: Path) -> None:
    with contextlib.suppress(OSError):
        if _writing_process(out_dir) in (os.getpid(), -1):
            (out_dir / WRITING).unlink()


def _writing_process(out_dir: Path) -> int | None:
    """The id of the process the marker names (-1: an unreadable marker), None without one."""
    try:
        text = (out_dir / WRITING).read_text(encoding="ascii")
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return -1
    return int(text) if text.isdigit() else -1


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        tmp.write_bytes(data)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise SitegenError(f"cannot write {path}: {exc.strerror or exc}") from exc
    os.replace(tmp, path)


def _safe_relative(rel_path: str) -> str:
    """A normalised POSIX relative path that cannot leave the output folder."""
    parts = rel_path.split("/")
    # The paths sitegen makes are already normal (`episodes/920/index.html`): accept those
    # without PurePosixPath, which costs more than the check itself on every page of a site.
    if "\0" not in rel_path and parts[-1] not in _OWN_FILES and _ODD_PARTS.isdisjoint(parts):
        return rel_path
    path = PurePosixPath(rel_path)
    if path.is_absolute() or any(part in {"..", ""} for part in path.parts) or "\0" in rel_path:
        raise SitegenError(f"refusing to write outside the output folder: {rel_path!r}")
    if path.name in _OWN_FILES:
        raise SitegenError(f"{path.name} is sitegen's own file")
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


def _has_manifest(out_dir: Path) -> bool:
    """Whether out_dir has a manifest sitegen could have written (`_load_manifest` is not
    None), without checking each of its files: asked before every build."""
    return _manifest_files(out_dir) is not None


def _manifest_files(out_dir: Path) -> list[object] | None:
    try:
        raw = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = raw.get("files") if isinstance(raw, dict) else None
    return files if isinstance(files, list) else None


def _load_manifest(out_dir: Path) -> set[str] | None:
    """The manifest's files, or None when out_dir has no manifest sitegen could have written."""
    files = _manifest_files(out_dir)
    if files is None:
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
