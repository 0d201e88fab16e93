"""Walking the site's source folders (content/, templates/, static/) without trusting them.

Anything can lie in a folder a build reads: a symlink to nothing (an editor's lock file), a
symlink loop, a FIFO that blocks whoever opens it, a socket, folders nested thousands deep. A
walk here never follows a symlink to a folder, never goes deeper than MAX_DEPTH, and yields only
regular files (or symlinks to one); everything else is reported as a warning, when the caller
wants warnings, and skipped. The walk is iterative: no depth makes it recurse.

A symlink to a file outside the site folder (`content/episodes/501.txt -> /etc/passwd`) is read
like any file, since linking a transcript kept elsewhere is a fair layout, but it is reported,
naming where it points, when the caller says which folder is the site's: whatever it points to
is published (or, from templates/, used). Only symlinks are resolved for that check; plain
files cost nothing more.

A walk's result (Listing) also says what it passed over, so that one walk can stand for the
walks of the folders below its own when it found nothing there that those would take otherwise
(`Listing.within`): the build's first look walks content/, and its discover stage sorts out what
that walk found instead of walking content/episodes/ again.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sitegen.errors import Diagnostic, warning

MAX_DEPTH = 64  # folders below the walked one; deeper ones are reported and skipped


@dataclass(frozen=True)
class Listing:
    """What one walk of a folder found: its regular files, as paths (text) in the order their
    Paths sort in, what it reported of everything else, the folders it read, and the entries
    a walk of one of those folders with other settings could take otherwise: symlinks (only
    a walk told which folder is the site's says where they lead) and what `skip` left out."""

    root: str
    files: list[str]
    problems: list[Diagnostic]
    folders: frozenset[str]
    unusual: list[str]

    def within(self, folder: Path, skip: Callable[[str], bool]) -> list[str] | None:
        """What `regular_files(folder, problems, skip)` would give now (as text), when that
        walk would report nothing: the files below `folder` none of whose names below it `skip`
        says to skip. None when this listing cannot say (`folder` was not read as a folder of
        its own, or below it, where that walk goes, lies a problem, a symlink or an entry left
        out): walk it then."""
        top = str(folder)
        if top not in self.folders:
            return None
        inside = top.rstrip(os.sep) + os.sep
        cut = len(inside)

        def passed_over(text: str) -> bool:  # by that walk, `skip` saying so of a name on its way
            below = text[cut:]
            if os.sep in below:
                return any(skip(name) for name in below.split(os.sep))
            return skip(below)

        for text in [str(problem.path) for problem in self.problems] + self.unusual:
            if text == top or (text.startswith(inside) and not passed_over(text)):
                return None
        return [t for t in self.files if t.startswith(inside) and not passed_over(t)]


class Paths:
    """Paths made from their text (as a walk gives them) by joining a name to their folder's
    Path, made once: a Path parsed from the whole text costs more."""

    def __init__(self) -> None:
        self._folders: dict[str, Path] = {}

    def __call__(self, text: str) -> Path:
        head, _, name = text.rpartition(os.sep)
        folder = self._folders.get(head)
        if folder is None:
            # `/x` is in `/`; `x` (a walk of `.`) in `.`.
            spelt = head or (os.sep if text.startswith(os.sep) else ".")
            folder = self._folders[head] = Path(spelt)
        return folder / name


def walk(
    root: Path, skip: Callable[[str], bool] = lambda name: False, site_dir: Path | None = None
) -> Listing:
    """The regular files under `root` and what else lies there (`regular_files`), as a
    Listing."""
    site = os.path.realpath(site_dir) if site_dir is not None else None
    top = str(root)
    found: list[str] = []
    problems: list[Diagnostic] = []
    folders: list[str] = []
    unusual: list[str] = []
    stack: list[tuple[str, int]] = [(top, 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            with os.scandir(folder) as entries:
                listed = sorted(entries, key=_name)
        except OSError as exc:
            if folder != top or not isinstance(exc, FileNotFoundError | NotADirectoryError):
                message = f"cannot read folder: {exc.strerror or exc}; skipped"
                _report(problems, Path(folder), message)
            continue
        folders.append(folder)
        # Each entry's path as a Path would spell it (`./x` is `x`), without making one.
        base = "" if folder == "." else folder.rstrip(os.sep) + os.sep
        for entry in listed:
            name = entry.name
            text = base + name
            if skip(name):
                unusual.append(text)
                continue
            try:
                if entry.is_symlink():
                    unusual.append(text)
                    path = Path(text)
                    if symlink_to_file(path, problems):
                        found.append(text)
                        if site is not None:
                            check_inside(path, site, problems)
                elif entry.is_dir(follow_symlinks=False):
                    if depth + 1 > MAX_DEPTH:
                        message = f"folders nested more than {MAX_DEPTH} deep; skipped"
                        _report(problems, Path(text), message)
                    else:
                        stack.append((text, depth + 1))
                elif entry.is_file(follow_symlinks=False):
                    found.append(text)
                else:
                    _report(problems, Path(text), "not a regular file; skipped")
            except OSError as exc:
                _report(problems, Path(text), f"cannot read: {exc.strerror or exc}; skipped")
    found.sort(key=lambda text: text.split(os.sep))  # as Paths sort: name by name
    return Listing(top, found, problems, frozenset(folders), unusual)


def regular_files(
    root: Path,
    problems: list[Diagnostic] | None = None,
    skip: Callable[[str], bool] = lambda name: False,
    site_dir: Path | None = None,
) -> list[Path]:
    """The regular files under `root`, sorted by path. Entries whose name `skip` says to skip
    (files or folders) are left out without a word; every other entry that is not a regular file
    or a folder is appended to `problems` (when given) as a warning and skipped. With
    `site_dir`, a symlink to a file outside it is kept, and a warning says where it points."""
    listing = walk(root, skip, site_dir)
    if problems is not None:
        problems += listing.problems
    path = Paths()
    return [path(text) for text in listing.files]


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def folders_when_too_deep(root: Path, limit: int = MAX_DEPTH) -> list[Path] | None:
    """None when no folder under `root` is deeper than `limit`; else `root` and every folder
    under it to that depth (symlinks not followed)."""
    found: list[Path] = []
    stack: list[tuple[Path, int]] = [(root, 0)]
    deeper = False
    while stack:
        folder, depth = stack.pop()
        found.append(folder)
        try:
            with os.scandir(folder) as entries:
                inner = [Path(e.path) for e in entries if e.is_dir(follow_symlinks=False)]
        except OSError:
            continue
        if inner and depth + 1 > limit:
            deeper = True
            continue
        stack += [(path, depth + 1) for path in inner]
    return sorted(found) if deeper else None


def symlink_to_file(path: Path, problems: list[Diagnostic] | None) -> bool:
    """Whether the symlink `path` leads to a regular file; if not, why is reported."""
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        _report(problems, path, f"broken symlink (points to {target}); skipped")
        return False
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            _report(problems, path, f"symlink loop (points to {target}); skipped")
        else:
            _report(problems, path, f"cannot read: {exc.strerror or exc}; skipped")
        return False
    if stat.S_ISREG(mode):
        return True
    if stat.S_ISDIR(mode):
        real = os.path.realpath(path)
        if os.path.realpath(path.parent).startswith(real.rstrip(os.sep) + os.sep) or (
            real == os.path.realpath(path.parent)
        ):
            _report(problems, path, f"symlink loop (points to {target}); skipped")
        else:
            message = f"symlink to a folder (points to {target}); not followed, nothing read"
            _report(problems, path, message)
    else:
        _report(problems, path, "not a regular file; skipped")
    return False


def check_inside(path: Path, site: str, problems: list[Diagnostic] | None) -> None:
    """Report the symlink `path` when the file it leads to is not inside the folder `site`
    (a real path: symlinks resolved)."""
    real = os.path.realpath(path)
    if not real.startswith(site.rstrip(os.sep) + os.sep):
        message = f"symlink to a file outside the site folder (points to {real}); used all the same"
        _report(problems, path, message)


def suffix_of(name: str) -> str:
    """`Path(name).suffix`, taken from the text: a dot at the start or the end of the name
    begins no suffix. Asked of every file of the archive, where a Path per file costs more."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def _report(problems: list[Diagnostic] | None, path: Path, message: str) -> None:
    if problems is not None:
        problems.append(warning(path, 0, message))
