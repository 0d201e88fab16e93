"""The search index in `sitegen serve`: renewed after an edit while nothing else waits, one part
at a time, and stopped (not waited for) when the next edit arrives."""

from __future__ import annotations

import gzip
import re
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from sitegen import pagefind, search
from sitegen.errors import SitegenError

from .conftest import MakeSite
from .serve_support import SITE_FILES, WAIT, edit, running, wait_until


@pytest.fixture
def site(make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(search, "PART_EPISODES", 1)  # two parts: episode 100, then 101
    return make_site(SITE_FILES)


def indexed_text(out: Path, bundle: str) -> str:
    """Everything a part of the served index holds (Pagefind's fragments, decompressed)."""
    fragments = sorted((out / "pagefind" / bundle / "fragment").glob("*.pf_fragment"))
    return "".join(gzip.decompress(f.read_bytes()).decode() for f in fragments)


def test_an_edit_is_indexed_in_the_background_in_its_part_only(site: Path) -> None:
    out = site / "_site"
    with running(site) as serve:
        assert "Back again" in indexed_text(out, "part-2/")  # episodes oldest first
        first_part = indexed_text(out, "")
        edit(site / "content/episodes/101.md", "Back again", "Quokka again")
        assert serve.session.wait_for_indexings(1, WAIT)
        assert "Quokka" in indexed_text(out, "part-2/")
        assert indexed_text(out, "") == first_part
        log = serve.stdout.getvalue()
        assert re.search(r"search index: 1 of 2 parts indexed again in \d+\.\d\d s", log)


def test_an_edit_during_indexing_stops_it_and_is_served_at_once(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pagefind.index_files
    indexing = threading.Event()
    release = threading.Event()

    def slow_pagefind(
        pages: Iterable[tuple[str, str]], should_stop: Callable[[], bool] | None = None
    ) -> dict[str, bytes]:
        indexing.set()
        while not release.is_set():  # as Pagefind on a large part: many seconds
            if should_stop is not None and should_stop():
                raise pagefind.IndexCancelled
            time.sleep(0.01)
        return real(pages, should_stop)

    out = site / "_site"
    with running(site) as serve:
        monkeypatch.setattr(pagefind, "index_files", slow_pagefind)
        edit(site / "content/episodes/101.md", "Back again", "Quokka again")
        assert indexing.wait(WAIT)
        started = time.monotonic()
        edit(site / "content/episodes/100.md", "original words", "wombat words")
        wait_until(lambda: "wombat words" in serve.text("/episodes/100/"), what="the edit")
        assert time.monotonic() - started < 2  # not after the indexing
        wait_until(lambda: "stopped by an edit" in serve.stdout.getvalue(), what="the stop")
        assert serve.session.indexings == 0
        release.set()
        assert serve.session.wait_for_indexings(1, WAIT)
        assert "wombat" in indexed_text(out, "")
        assert "Quokka" in indexed_text(out, "part-2/")


def test_a_failing_indexer_is_reported_and_the_pages_stay_served(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_pagefind(
        pages: Iterable[tuple[str, str]], should_stop: Callable[[], bool] | None = None
    ) -> dict[str, bytes]:
        raise SitegenError("search index: Pagefind reported: disk full")

    with running(site) as serve:
        monkeypatch.setattr(pagefind, "index_files", broken_pagefind)
        edit(site / "content/episodes/101.md", "Back again", "Quokka again")
        wait_until(lambda: "disk full" in serve.stderr.getvalue(), what="the error")
        assert serve.session.indexings == 0  # a failure is not a renewal
        assert "Quokka again" in serve.text("/episodes/101/")
        assert "indexed again" not in serve.stdout.getvalue()
        assert "Back again" in indexed_text(site / "_site", "part-2/")  # the old index stays
