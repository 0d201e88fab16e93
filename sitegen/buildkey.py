"""The build key: one digest of everything a build reads, so that building again with nothing
changed does nothing.

A build reads the site's `sitegen.toml`, `content/`, `templates/` and `static/`, sitegen's own
code and built-in theme, and the Pagefind version; its output also depends on the options
(`--base-url`, `--no-search`) through the config. A build that finished without a single
problem records the key of its inputs in the output folder (KEY_FILE, beside the manifest, with
the counts `sitegen build` reports). The next build with the same key into the same folder,
whose files are all still there, has nothing to write and stops there. A build that reports
anything (even a warning) records no key, so it runs, and reports, every time.

Content is hashed, not modification times: a fresh checkout in CI touches every file, and an
editor may save the same bytes.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
from dataclasses import dataclass
from pathlib import Path

from sitegen.config import CONFIG_FILE, Config
from sitegen.theme import builtin_theme_dir

KEY_FILE = ".sitegen-build.json"  # hidden, like the manifest: never listed, pruned or served
KEY_VERSION = 1
SOURCE_FOLDERS = ("content", "templates", "static")
_CODE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Recorded:
    """What the last clean build into a folder recorded."""

    key: str
    episodes: int
    speakers: int
    references: int
    files: int


def inputs_key(site_dir: Path, config: Config) -> str:
    """The digest of every input of a build of `site_dir` with `config`."""
    hasher = hashlib.blake2b(digest_size=32)
    hasher.update(f"{KEY_VERSION}\n{config!r}\n{_pagefind_version()}\n".encode())
    for label, root in (("code", _CODE_DIR), ("theme", builtin_theme_dir())):
        _hash_tree(hasher, label, root, only_theme=label == "theme")
    config_file = site_dir / CONFIG_FILE
    if config_file.is_file():
        _hash_file(hasher, CONFIG_FILE, config_file)
    for folder in SOURCE_FOLDERS:
        _hash_tree(hasher, folder, site_dir / folder)
    return hasher.hexdigest()


def _hash_tree(hasher: hashlib.blake2b, label: str, root: Path, only_theme: bool = False) -> None:
    if not root.is_dir():
        return
    folders = [root / "templates", root / "static"] if only_theme else [root]
    for folder in folders:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            dirnames[:] = [d for d in dirnames if d != "__pycache__"]
            for name in sorted(filenames):
                path = Path(dirpath) / name
                _hash_file(hasher, f"{label}/{path.relative_to(root).as_posix()}", path)


def _hash_file(hasher: hashlib.blake2b, name: str, path: Path) -> None:
    with path.open("rb") as source:
        data = source.read()
    hasher.update(f"{name}\0{len(data)}\0".encode())
    hasher.update(data)


def _pagefind_version() -> str:
    try:
        return importlib.metadata.version("pagefind_bin")
    except importlib.metadata.PackageNotFoundError:
        return "none"


def read_recorded(out_dir: Path) -> Recorded | None:
    try:
        data = json.loads((out_dir / KEY_FILE).read_bytes())
        return Recorded(**{k: data[k] for k in Recorded.__dataclass_fields__})
    except (OSError, ValueError, KeyError, TypeError):
        return None


def record(out_dir: Path, recorded: Recorded) -> None:
    tmp = out_dir / f"{KEY_FILE}.tmp{os.getpid()}"
    tmp.write_text(json.dumps(recorded.__dict__, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, out_dir / KEY_FILE)


def forget(out_dir: Path) -> None:
    """Drop the recorded key: the folder is about to change (a build, or `sitegen serve`)."""
    (out_dir / KEY_FILE).unlink(missing_ok=True)
