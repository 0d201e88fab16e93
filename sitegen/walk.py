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
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

from sitegen.errors import Diagnostic, warning

MAX_DEPTH = 64  # folders below the walked one; deeper ones are reported and skipped


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
    site = os.path.realpath(site_dir) if site_dir is not None else None
    found: list[Path] = []
    stack: list[tuple[Path, int]] = [(root, 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            with os.scandir(folder) as entries:
                listed = sorted(entries, key=lambda e: e.name)
        except OSError as exc:
            if folder != root or not isinstance(exc, FileNotFoundError | NotADirectoryError):
                _report(problems, folder, f"cannot read folder: {exc.strerror or exc}; skipped")
            continue
        for entry in listed:
            if skip(entry.name):
                continue
            path = Path(entry.path)
            try:
                if entry.is_symlink():
                    if symlink_to_file(path, problems):
                        found.append(path)
                        if site is not None:
                            check_inside(path, site, problems)
                elif entry.is_dir(follow_symlinks=False):
                    if depth + 1 > MAX_DEPTH:
                        message = f"folders nested more than {MAX_DEPTH} deep; skipped"
                        _report(problems, path, message)
                    else:
                        stack.append((path, depth + 1))
                elif entry.is_file(follow_symlinks=False):
                    found.append(path)
                else:
                    _report(problems, path, "not a regular file; skipped")
            except OSError as exc:
                _report(problems, path, f"cannot read: {exc.strerror or exc}; skipped")
    return sorted(found)


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


def _report(problems: list[Diagnostic] | None, path: Path, message: str) -> None:
    if problems is not None:
        problems.append(warning(path, 0, message))
