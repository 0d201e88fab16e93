"""sitegen serve, watching: what each file event triggers, debouncing, the real observer."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.serve.watch import Change, Changes, Debouncer, Kind, Watcher, classify

from .serve_support import EP_100, wait_until

SITE = Path("/site")
IGNORED = [SITE / "_site", SITE / "._site.sitegen-serve"]


@pytest.mark.parametrize(
    ("rel", "kind"),
    [
        ("content/episodes/920.txt", Kind.EPISODE),
        ("content/episodes/920.yaml", Kind.EPISODE),  # a sidecar changes its episode
        ("content/episodes/2024/ep1.vtt", Kind.EPISODE),
        ("content/episodes", Kind.EPISODE),  # the folder itself moved or removed
        ("content/pages/about.md", Kind.PAGE),
        ("content/go-time/5.md", Kind.EPISODE),  # a show of a network
        ("content/go-time", Kind.EPISODE),
        ("templates/episode.html", Kind.EVERYTHING),
        ("static/style.css", Kind.EVERYTHING),
        ("static/fonts/a.woff2", Kind.EVERYTHING),
        ("sitegen.toml", Kind.EVERYTHING),
        ("content", Kind.EVERYTHING),
    ],
)
def test_sources_are_classified_by_what_they_touch(rel: str, kind: Kind) -> None:
    assert classify(SITE / rel, SITE, IGNORED) == Change(kind, rel)


@pytest.mark.parametrize(
    "rel",
    [
        "_site/episodes/920/index.html",  # our own output
        "._site.sitegen-serve/index.html",  # our own staging
        "content/episodes/.#920.txt",  # emacs lock
        "content/episodes/#920.txt#",  # emacs autosave
        "content/episodes/920.txt~",  # backup
        "content/episodes/.920.txt.swp",  # vim swap
        "content/episodes/920.txt.swp",
        "templates/4913",  # vim's write probe
        "templates/episode.html___jb_tmp___",  # JetBrains safe write
        "content/episodes/.hidden/920.txt",  # hidden folders
        ".git/index",
        "content/notes.txt",  # content/ but neither episodes nor pages
        "README.md",
        "other.toml",
    ],
)
def test_output_editor_temp_files_and_hidden_folders_are_ignored(rel: str) -> None:
    assert classify(SITE / rel, SITE, IGNORED) is None


def test_output_inside_a_watched_folder_is_still_ignored() -> None:
    # `-o static/preview` must not rebuild on its own writes forever.
    ignored = [SITE / "static" / "preview"]
    assert classify(SITE / "static/preview/index.html", SITE, ignored) is None
    assert classify(SITE / "static/style.css", SITE, ignored) == Change(
        Kind.EVERYTHING, "static/style.css"
    )


def test_paths_outside_the_site_are_ignored() -> None:
    assert classify(Path("/elsewhere/content/episodes/1.txt"), SITE, IGNORED) is None


def test_changes_group_by_kind_and_say_what_changed() -> None:
    changes = Changes.of(
        [
            Change(Kind.EPISODE, "content/episodes/1.txt"),
            Change(Kind.EPISODE, "content/episodes/1.txt"),
        ]
    )
    assert changes.episodes == {"content/episodes/1.txt"}
    assert not changes.full
    assert changes.describe() == "content/episodes/1.txt"

    many = Changes.of(
        [Change(Kind.PAGE, "content/pages/a.md"), Change(Kind.EVERYTHING, "sitegen.toml")]
        + [Change(Kind.EPISODE, f"content/episodes/{n}.txt") for n in range(5)]
    )
    assert many.full
    assert many.describe().startswith("7 files (content/episodes/0.txt, ")
    assert Changes.startup().full and Changes.startup().describe() == "first build"


def test_a_save_storm_is_one_batch_after_the_window() -> None:
    debouncer: Debouncer[int] = Debouncer(window=0.2, max_wait=5.0)
    last_added = 0.0

    def storm() -> None:
        nonlocal last_added
        for i in range(10):  # an editor's save: ten events, 10 ms apart
            debouncer.add(i)
            last_added = time.monotonic()
            time.sleep(0.01)

    thread = threading.Thread(target=storm)
    thread.start()
    batch = debouncer.next_batch()
    handed_out = time.monotonic()
    thread.join()
    assert batch == list(range(10))
    assert handed_out - last_added >= 0.19  # only once the events stopped coming


def test_a_steady_stream_still_gets_a_batch_by_max_wait() -> None:
    debouncer: Debouncer[int] = Debouncer(window=0.2, max_wait=0.5)
    stop = threading.Event()

    def stream() -> None:
        i = 0
        while not stop.is_set():
            debouncer.add(i)
            i += 1
            time.sleep(0.05)  # never quiet for a whole window

    thread = threading.Thread(target=stream)
    thread.start()
    started = time.monotonic()
    try:
        batch = debouncer.next_batch()
    finally:
        stop.set()
        thread.join()
    assert batch
    assert time.monotonic() - started < 2.0


def test_events_during_a_batch_wait_for_the_next_one_and_close_ends_it() -> None:
    debouncer: Debouncer[str] = Debouncer(window=0.01)
    debouncer.add("a")
    assert debouncer.next_batch() == ["a"]
    debouncer.add("b")  # arrives while the first batch is being rebuilt
    assert debouncer.next_batch() == ["b"]
    threading.Timer(0.05, debouncer.close).start()
    assert debouncer.next_batch() is None  # woken by close, not left waiting


def test_the_observer_reports_source_edits_and_not_builds(tmp_path: Path) -> None:
    site = tmp_path / "site"
    episodes = site / "content" / "episodes"
    episodes.mkdir(parents=True)
    (episodes / "100.md").write_text(EP_100)
    seen: list[Change] = []
    watcher = Watcher(site, [site / "_site"], seen.append)
    watcher.start()
    try:
        # A build reads every source and writes the output: neither may wake the watcher.
        build(site, out_dir=site / "_site", jobs=1)
        (episodes / ".100.md.swp").write_text("swap")
        time.sleep(0.3)
        assert seen == []

        (episodes / "100.md").write_text(EP_100.replace("first show", "best show"))
        wait_until(lambda: bool(seen), what="the edit to be seen")
        assert {c for c in seen} == {Change(Kind.EPISODE, "content/episodes/100.md")}

        seen.clear()
        (site / "templates").mkdir()  # a source folder that did not exist at start
        wait_until(lambda: bool(seen), what="the new folder to be seen")
        seen.clear()

        def saved_and_seen() -> bool:
            # The new folder's watch starts in watchdog's own thread a moment later (until then
            # the rebuild its creation caused reads it anyway): save until an edit is seen.
            (site / "templates" / "base.html").write_text("x")
            time.sleep(0.05)
            return Change(Kind.EVERYTHING, "templates/base.html") in seen

        wait_until(saved_and_seen, what="a file in the new folder to be seen")
    finally:
        watcher.stop()
