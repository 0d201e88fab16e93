"""The output folder: atomic writes, unchanged bytes untouched, manifest-only pruning, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.errors import SitegenError
from sitegen.output import MANIFEST, OutputWriter, check_output_dir


def test_writes_then_skips_unchanged_and_prunes_only_its_own(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = OutputWriter(out)
    first.write("a/index.html", b"A")
    first.write("b/index.html", b"B")
    first.finish(prune=True)
    (out / "mine.txt").write_text("not sitegen's")
    mtime = (out / "a/index.html").stat().st_mtime_ns

    second = OutputWriter(out)
    second.write("a/index.html", b"A")
    stats = second.finish(prune=True)

    assert stats.unchanged == 1 and stats.written == 0 and stats.pruned == 1
    assert (out / "a/index.html").stat().st_mtime_ns == mtime
    assert not (out / "b").exists()  # pruned, and its empty folder too
    assert (out / "mine.txt").read_text() == "not sitegen's"
    assert not list(out.rglob("*.tmp*"))


def test_failed_build_keeps_stale_files_for_later(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = OutputWriter(out)
    first.write("old.html", b"old")
    first.finish(prune=True)
    second = OutputWriter(out)
    second.finish(prune=False)
    assert (out / "old.html").exists()
    assert "old.html" in (out / MANIFEST).read_text()
    third = OutputWriter(out)
    third.finish(prune=True)
    assert not (out / "old.html").exists()


def test_two_pages_for_one_path_are_refused(tmp_path: Path) -> None:
    writer = OutputWriter(tmp_path)
    writer.write("x/index.html", b"1")
    with pytest.raises(SitegenError, match=r"two pages write x/index\.html"):
        writer.write("x/index.html", b"2")


@pytest.mark.parametrize("rel", ["../escape.html", "/etc/passwd", "a/../../b", "a\0b"])
def test_paths_cannot_leave_the_output_folder(tmp_path: Path, rel: str) -> None:
    with pytest.raises(SitegenError, match=r"outside the output folder"):
        OutputWriter(tmp_path / "out").write(rel, b"x")


def test_tampered_manifest_cannot_delete_outside(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    (out / MANIFEST).write_text('{"files": ["../victim.txt"]}')
    OutputWriter(out).finish(prune=True)
    assert victim.read_text() == "keep"


def test_output_folder_must_not_hold_sources(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    with pytest.raises(SitegenError, match="is or contains the site folder"):
        check_output_dir(tmp_path, tmp_path, content)
    with pytest.raises(SitegenError, match="is or contains content"):
        check_output_dir(content, tmp_path / "elsewhere", content)
    with pytest.raises(SitegenError, match="inside the content folder"):
        check_output_dir(content / "out", tmp_path / "elsewhere", content)
    check_output_dir(tmp_path / "_site", tmp_path, content)  # the normal case is fine


def test_stats_list_the_paths_that_changed_and_were_pruned(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = OutputWriter(out)
    for rel in ("same.html", "edited.html", "gone.html"):
        first.write(rel, b"v1")
    assert sorted(first.finish(prune=True).changed) == ["edited.html", "gone.html", "same.html"]

    second = OutputWriter(out)
    second.write("same.html", b"v1")
    second.write("edited.html", b"v2")
    second.write("new/index.html", b"v1")
    second.record("worker.html", changed=False)  # written unchanged by a worker process
    stats = second.finish(prune=True)

    # Written with new bytes in build order, then pruned: what a preview must republish.
    assert stats.changed == ["edited.html", "new/index.html", "gone.html"]
