"""sitegen serve, publishing: staged builds reach the served folder whole, the lock orders requests
and publishes, a failed build prunes nothing, a build that stopped is not published."""

from __future__ import annotations

import json
import shutil
import threading
import time
from pathlib import Path

from sitegen.errors import error
from sitegen.output import MANIFEST, OutputWriter, write_file
from sitegen.serve.publish import Publisher, ReadWriteLock, ServedSite, staging_dir_for
from sitegen.serve.rebuild import RebuildOutcome


def stage(staging: Path, files: dict[str, bytes], prune: bool = True) -> frozenset[str]:
    """A build into the staging folder, as `build()` writes it; returns what changed."""
    writer = OutputWriter(staging)
    for rel, data in files.items():
        writer.write(rel, data)
    return frozenset(writer.finish(prune=prune).changed)


def outcome(changed: frozenset[str] | None, failed: bool = False) -> RebuildOutcome:
    problems = (error(Path("x.txt"), 1, "bad"),) if failed else ()
    return RebuildOutcome(changed, problems, 0.1, "/")


def served_files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    }


def test_publishing_mirrors_the_staged_build_and_reports_what_changed(tmp_path: Path) -> None:
    out = tmp_path / "_site"
    staging = staging_dir_for(out)
    assert staging == tmp_path / "._site.sitegen-serve"
    site = ServedSite(out)
    publisher = Publisher(staging, site)

    first = {"index.html": b"home", "episodes/1/index.html": b"one", "gone/index.html": b"x"}
    changed = publisher.publish(outcome(stage(staging, first)))
    assert sorted(changed) == sorted(first)
    assert served_files(out) == first
    # Hard links: publishing costs no copy of an unchanged file.
    assert (out / "index.html").stat().st_ino == (staging / "index.html").stat().st_ino

    second = {"index.html": b"home", "episodes/1/index.html": b"one, edited"}
    changed = publisher.publish(outcome(stage(staging, second)))
    assert sorted(changed) == ["episodes/1/index.html", "gone/index.html"]
    assert served_files(out) == second
    assert not (out / "gone").exists()
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["files"] == sorted(second)  # a later `sitegen build` may prune correctly


def test_a_build_that_stopped_half_way_is_not_published(tmp_path: Path) -> None:
    out = tmp_path / "_site"
    staging = staging_dir_for(out)
    site = ServedSite(out)
    publisher = Publisher(staging, site)
    publisher.publish(outcome(stage(staging, {"a.html": b"1", "b.html": b"1"})))

    write_file(staging, "a.html", b"half")  # the build wrote one page, then raised
    assert publisher.publish(outcome(None)) == []
    assert served_files(out) == {"a.html": b"1", "b.html": b"1"}

    # The next complete build is compared in full: a.html is caught up even though this build
    # did not rewrite it.
    changed = publisher.publish(outcome(stage(staging, {"a.html": b"half", "b.html": b"2"})))
    assert sorted(changed) == ["a.html", "b.html"]
    assert served_files(out) == {"a.html": b"half", "b.html": b"2"}


def test_stale_files_of_an_earlier_build_go_only_after_a_clean_build(tmp_path: Path) -> None:
    out = tmp_path / "_site"
    stage(out, {"old/index.html": b"old", "keep.html": b"k"})  # a `sitegen build` from before
    (out / "mine.txt").write_text("not sitegen's")
    staging = staging_dir_for(out)
    publisher = Publisher(staging, ServedSite(out))

    publisher.publish(outcome(stage(staging, {"keep.html": b"k"}), failed=True))
    assert (out / "old/index.html").exists()  # errors: nothing pruned
    publisher.publish(outcome(stage(staging, {"keep.html": b"k"})))
    assert not (out / "old").exists()
    assert (out / "mine.txt").read_text() == "not sitegen's"


def test_the_base_path_changes_with_the_publish(tmp_path: Path) -> None:
    out = tmp_path / "_site"
    staging = staging_dir_for(out)
    site = ServedSite(out)
    publisher = Publisher(staging, site)
    publisher.publish(outcome(stage(staging, {"a.html": b"1"})))
    moved = RebuildOutcome(stage(staging, {"a.html": b"2"}), (), 0.1, "/archive/")
    publisher.publish(moved)
    assert site.base_path == "/archive/"


def test_readers_share_and_a_writer_waits_for_them_then_goes_first() -> None:
    lock = ReadWriteLock()
    order: list[str] = []
    reader_in = threading.Event()
    release_reader = threading.Event()

    def reader(name: str, hold: threading.Event | None) -> None:
        with lock.shared():
            order.append(f"{name} in")
            if hold is not None:
                reader_in.set()
                hold.wait(5)
            order.append(f"{name} out")

    def writer() -> None:
        with lock.exclusive():
            order.append("writer")

    first = threading.Thread(target=reader, args=("r1", release_reader))
    first.start()
    assert reader_in.wait(5)
    with lock.shared():  # readers share: a second one gets in while the first holds it
        pass
    w = threading.Thread(target=writer)
    w.start()
    time.sleep(0.1)
    late = threading.Thread(target=reader, args=("r2", None))
    late.start()  # arrives while the writer waits: goes after it
    time.sleep(0.1)
    assert order == ["r1 in"]  # the writer waits for r1; r2 waits for the writer
    release_reader.set()
    for thread in (first, w, late):
        thread.join(5)
    assert order == ["r1 in", "r1 out", "writer", "r2 in", "r2 out"]


def test_a_served_folder_deleted_while_serving_comes_back_whole(tmp_path: Path) -> None:
    out = tmp_path / "_site"
    staging = staging_dir_for(out)
    publisher = Publisher(staging, ServedSite(out))
    publisher.publish(outcome(stage(staging, {"a.html": b"1", "b.html": b"1"})))
    shutil.rmtree(out)
    publisher.publish(outcome(stage(staging, {"a.html": b"2", "b.html": b"1"})))
    assert served_files(out) == {"a.html": b"2", "b.html": b"1"}
