"""The walk of content/ a build's first look takes (keys.inputs_key) serves its discover stage
too: what discover finds from that walk is what it finds walking the folders itself, down to
every warning, whatever lies in content/."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen import discover, keys, walk
from sitegen.build import Site
from sitegen.config import load_config
from sitegen.options import BuildOptions

EPISODE = "Title: One\n\nAda: Hello there.\n"


def _plain(content: Path) -> None:
    (content / "episodes/sub").mkdir(parents=True)
    for name in ("1.txt", "2.vtt", "2.yaml", "3.md", "sub/4.txt", "sub/4.chapters.json"):
        (content / "episodes" / name).write_text(EPISODE)


def _odd_names(content: Path) -> None:
    _plain(content)
    for name in ("5.TXT", "6.Chapters.JSON", "orphan.yaml", "notes.pdf", "7.", "8.txt.bak"):
        (content / "episodes" / name).write_text(EPISODE)
    (content / "episodes/.hidden").mkdir()
    (content / "episodes/.hidden/9.txt").write_text(EPISODE)
    (content / "episodes/.#1.txt").write_text("lock")


def _network(content: Path) -> None:
    _plain(content)
    (content / "other-show/season-1").mkdir(parents=True)
    (content / "other-show/season-1/1.txt").write_text(EPISODE)
    (content / "other-show/1.yaml").write_text("title: x\n")
    (content / "pages").mkdir()
    (content / "pages/about.md").write_text("# About\n")


def _broken_symlink(content: Path) -> None:
    _plain(content)
    (content / "episodes/gone.txt").symlink_to(content / "nowhere.txt")


def _hidden_broken_symlink(content: Path) -> None:
    _plain(content)
    (content / "episodes/.#2.vtt").symlink_to("user@host.1234")  # an editor's lock


def _symlink_out_of_site(content: Path) -> None:
    _plain(content)
    outside = content.parent.parent / "elsewhere.txt"
    outside.write_text(EPISODE)
    (content / "episodes/linked.txt").symlink_to(outside)


def _symlinked_show(content: Path) -> None:
    _plain(content)
    elsewhere = content.parent / "kept-elsewhere"
    elsewhere.mkdir()
    (elsewhere / "1.txt").write_text(EPISODE)
    (content / "linked-show").symlink_to(elsewhere)


def _fifo(content: Path) -> None:
    _plain(content)
    os.mkfifo(content / "episodes/pipe.txt")


def _pycache(content: Path) -> None:
    _plain(content)
    (content / "episodes/__pycache__").mkdir()
    (content / "episodes/__pycache__/5.txt").write_text(EPISODE)


def _too_deep(content: Path) -> None:
    _plain(content)
    # One folder deeper than a walk of content/ takes, none deeper than one of episodes/ does.
    (content / "episodes").joinpath(*["d"] * walk.MAX_DEPTH).mkdir(parents=True)
    (content / "episodes").joinpath(*["d"] * walk.MAX_DEPTH, "5.txt").write_text(EPISODE)


@pytest.mark.parametrize(
    "lay_out",
    [
        _plain,
        _odd_names,
        _network,
        _broken_symlink,
        _hidden_broken_symlink,
        _symlink_out_of_site,
        _symlinked_show,
        _fifo,
        _pycache,
        _too_deep,
    ],
)
def test_discover_finds_from_the_first_looks_walk_what_it_finds_walking(
    tmp_path: Path, lay_out: Callable[[Path], None]
) -> None:
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "sitegen.toml").write_text('title = "T"\n')
    lay_out(site / "content")
    inputs = keys.inputs_key(site, load_config(site, None))
    assert inputs.content is not None
    walked = discover.discover(site / "content", inputs.content)
    assert walked == discover.discover(site / "content")


def test_a_listing_gives_a_folder_only_when_a_walk_of_it_would_find_the_same(
    tmp_path: Path,
) -> None:
    (tmp_path / "a/b").mkdir(parents=True)
    (tmp_path / "a/b/1.txt").write_text("x")
    (tmp_path / "a/.x/2.txt").parent.mkdir()
    (tmp_path / "a/.x/2.txt").write_text("x")
    (tmp_path / "a/.#lock").symlink_to("user@host")  # passed over by a walk skipping it
    (tmp_path / "c").mkdir()
    (tmp_path / "c/gone").symlink_to(tmp_path / "nowhere")
    listing = walk.walk(tmp_path)

    def hidden(name: str) -> bool:
        return name.startswith(".")

    assert listing.within(tmp_path / "a", hidden) == [str(tmp_path / "a/b/1.txt")]
    assert listing.within(tmp_path / "a", lambda name: False) is None  # the lock is a problem
    assert listing.within(tmp_path / "c", hidden) is None  # a problem below it
    assert listing.within(tmp_path / "missing", hidden) is None  # never read
    assert [Path(t) for t in listing.files] == walk.regular_files(tmp_path)


def test_a_build_after_its_first_look_does_not_walk_content_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    _plain(site / "content")
    (site / "sitegen.toml").write_text('title = "T"\n')
    walked: list[str] = []
    real = walk.walk

    def counted(root: Path, *args: object, **kwargs: object) -> walk.Listing:
        walked.append(root.relative_to(site).as_posix())
        return real(root, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(keys, "walk", counted)
    monkeypatch.setattr(discover, "walk", counted)
    Site(BuildOptions(site_dir=site, search=False, jobs=1, reuse=True)).build()
    assert walked.count("content") == 1 and "content/episodes" not in walked
