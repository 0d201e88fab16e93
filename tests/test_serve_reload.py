"""sitegen serve, live reload: which tabs reload, stylesheet swaps, the error overlay and its
escaping, and where the script goes in a page."""

from __future__ import annotations

import json
import queue
import tomllib
from pathlib import Path

from sitegen.errors import error, warning
from sitegen.serve.overlay import NO_OVERLAY, build_overlay, inject
from sitegen.serve.reload import ReloadHub, Subscriber

from .conftest import REPO

ROOT = Path("/site")


def drain(subscriber: Subscriber) -> list[tuple[str, object]]:
    """The events waiting for a tab, as (name, data); comments and `retry:` left out."""
    events: list[tuple[str, object]] = []
    while True:
        try:
            message = subscriber.messages.get_nowait()
        except queue.Empty:
            return events
        if message is None:
            events.append(("end", None))
            continue
        lines = dict(
            line.split(": ", 1) for line in message.decode().strip().splitlines() if ": " in line
        )
        if "event" in lines:
            events.append((lines["event"], json.loads(lines["data"])))


def names(subscriber: Subscriber) -> list[str]:
    return [name for name, _ in drain(subscriber)]


class Pages:
    """Stands in for the served folder: the version of the file at each path."""

    def __init__(self) -> None:
        self.versions = {"/episodes/1/": "a1", "/episodes/2/": "b1", "/missing/": "404-v1"}

    def __call__(self, page: str) -> str:
        return self.versions.get(page, "")


def test_only_tabs_whose_page_changed_reload() -> None:
    pages = Pages()
    hub = ReloadHub(pages)
    one, two = hub.subscribe("/episodes/1/", "a1"), hub.subscribe("/episodes/2/", "b1")
    assert names(one) == ["overlay"] and names(two) == ["overlay"]  # the current overlay: none

    pages.versions["/episodes/1/"] = "a2"
    assert hub.published(["episodes/1/index.html", "feed.xml"], NO_OVERLAY) == 1
    assert names(one) == ["reload", "end"]  # the tab goes away: its stream ends
    assert names(two) == []
    assert hub.tabs == 1

    # A publish whose bytes did not touch page 2 (only exports and the sitemap) leaves it be.
    assert hub.published(["episodes/1/transcript.vtt", "sitemap.xml"], NO_OVERLAY) == 0
    assert names(two) == []


def test_a_tab_that_subscribes_after_its_page_changed_reloads_at_once() -> None:
    hub = ReloadHub(Pages())
    late = hub.subscribe("/episodes/1/", "a0")  # served a0; a1 was published in between
    assert names(late) == ["overlay", "reload", "end"]


def test_a_tab_on_a_missing_page_reloads_when_the_page_appears() -> None:
    pages = Pages()
    hub = ReloadHub(pages)
    tab = hub.subscribe("/missing/", "404-v1")
    drain(tab)
    pages.versions["/missing/"] = "new-page"
    hub.published(["missing/index.html"], NO_OVERLAY)
    assert names(tab) == ["reload", "end"]


def test_a_stylesheet_change_is_swapped_in_place_and_a_script_change_reloads_all() -> None:
    hub = ReloadHub(Pages())
    one, two = hub.subscribe("/episodes/1/", "a1"), hub.subscribe("/episodes/2/", "b1")
    drain(one), drain(two)
    hub.published(["static/style.css"], NO_OVERLAY)
    assert drain(one) == [("css", ["static/style.css"])]
    assert drain(two) == [("css", ["static/style.css"])]
    hub.published(["static/style.css", "static/sitegen.js"], NO_OVERLAY)
    assert names(one) == ["reload", "end"] and names(two) == ["reload", "end"]


def test_the_overlay_goes_to_every_tab_without_a_reload_and_clears() -> None:
    hub = ReloadHub(Pages())
    tab = hub.subscribe("/episodes/1/", "a1")
    drain(tab)
    overlay = build_overlay([error(ROOT / "content/episodes/1.txt", 3, "bad clock")], ROOT)
    hub.published([], overlay)
    [(name, data)] = drain(tab)
    assert name == "overlay"
    assert isinstance(data, dict) and data["digest"] == overlay.digest
    assert "content/episodes/1.txt:3:" in data["html"]

    hub.published([], overlay)  # the same errors again: nothing new to tell
    assert drain(tab) == []
    hub.published([], NO_OVERLAY)
    assert drain(tab) == [("overlay", {"html": "", "digest": ""})]

    late = hub.subscribe("/episodes/2/", "b1")  # a tab opened later gets the current state
    assert drain(late) == [("overlay", {"html": "", "digest": ""})]


def test_closing_the_hub_ends_every_stream() -> None:
    hub = ReloadHub(Pages())
    tab = hub.subscribe("/episodes/1/", "a1")
    drain(tab)
    hub.close()
    assert drain(tab) == [("end", None)]
    assert drain(hub.subscribe("/episodes/1/", "a1")) == [("end", None)]


def test_the_overlay_escapes_everything_it_shows() -> None:
    hostile = error(
        ROOT / "content/episodes/<x>.md",
        2,
        'front matter is not valid YAML: "<img src=x onerror=alert(1)>"',
        "title: <script>alert('pwned')</script>",
    )
    overlay = build_overlay([hostile, warning(ROOT / "a.txt", 1, "only a warning")], ROOT)
    assert "<script>alert" not in overlay.html
    assert "<img" not in overlay.html
    assert "&lt;script&gt;alert(&#x27;pwned&#x27;)&lt;/script&gt;" in overlay.html
    assert "content/episodes/&lt;x&gt;.md:2:" in overlay.html
    assert "only a warning" not in overlay.html  # warnings stay on the console
    assert "1 error" in overlay.html


def test_no_errors_no_overlay_and_long_lists_are_cut() -> None:
    assert build_overlay([warning(ROOT / "a.txt", 1, "w")], ROOT) == NO_OVERLAY
    many = [error(ROOT / f"content/episodes/{n}.txt", 1, "bad") for n in range(80)]
    overlay = build_overlay(many, ROOT)
    assert overlay.html.count("<li>") == 51
    assert "… and 30 more" in overlay.html


def test_injection_goes_before_the_last_body_end_tag() -> None:
    page = b"<html><body><p>&lt;/body&gt; in text</p></BODY>\n</html>"
    assert inject(page, b"<x>") == b"<html><body><p>&lt;/body&gt; in text</p><x></BODY>\n</html>"
    assert inject(b"<p>fragment", b"<x>") == b"<p>fragment<x>"


def test_the_client_script_ships_in_the_wheel() -> None:
    # It is read with importlib.resources at import time: a wheel without it cannot serve.
    setuptools = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "sitegen.serve" in setuptools["packages"]
    assert "client.js" in setuptools["package-data"]["sitegen.serve"]
    assert (REPO / "sitegen" / "serve" / "client.js").is_file()
