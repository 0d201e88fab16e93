"""Shared fixtures: build a site folder from a dict of files; locate the shared corpus and seed;
one Chromium per browser test module."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from .browser_support import BROWSER_ARGS, launched_chromium

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEED = SHARED / "seed" / "episode-920.txt"
CORPUS = SHARED / "corpus"

MakeSite = Callable[[dict[str, str | bytes]], Path]


@pytest.fixture
def make_site(tmp_path: Path) -> MakeSite:
    """Write {relative path: text or bytes} under a fresh site folder and return the folder."""

    def make(files: dict[str, str | bytes]) -> Path:
        site = tmp_path / "site"
        (site / "content" / "episodes").mkdir(parents=True, exist_ok=True)
        for rel, data in files.items():
            path = site / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data, encoding="utf-8")
        return site

    return make


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, driven by Playwright, for the tests of one module
    (browser_support.launched_chromium; pages come from browser_support.watched_page)."""
    with launched_chromium(*BROWSER_ARGS) as chromium:
        yield chromium


def require_shared(path: Path) -> Path:
    """Skip (locally) or fail (in CI) when the shared test data is not beside the repository."""
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing; CI must have ../shared beside the repository")
        pytest.skip(f"{path} is not present")
    return path


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/ from the current output (review the diff before committing)",
    )


def episode_fields(row: list[Any]) -> dict[str, Any]:
    """A parse cache entry's episode (a row, sitegen.codec) as an object of its fields, its
    metadata and summary too, to edit by name (`episode_row` makes the rows again)."""
    from sitegen.codec import ROW_FIELDS

    episode = dict(zip(ROW_FIELDS["Episode"], row, strict=True))
    episode["meta"] = dict(zip(ROW_FIELDS["Metadata"], episode["meta"], strict=True))
    episode["summary"] = dict(zip(ROW_FIELDS["EpisodeSummary"], episode["summary"], strict=True))
    return episode


def episode_row(episode: dict[str, Any]) -> list[Any]:
    """The row of an episode made an object by `episode_fields`, with what was added at the end
    and without what was taken out."""
    for name in ("meta", "summary"):
        if isinstance(episode.get(name), dict):
            episode[name] = list(episode[name].values())
    return list(episode.values())
