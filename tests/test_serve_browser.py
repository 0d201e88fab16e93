"""sitegen serve in a real Chromium (Debian's, driven by Playwright): an edited page reloads itself
where the reader was, a tab on another page does not reload, the error overlay comes and goes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .browser_support import launched_chromium
from .conftest import MakeSite
from .serve_support import ABOUT, BROKEN_ABOUT, EP_100, SITE_FILES, edit, running, wait_until

pytestmark = pytest.mark.browser

TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with launched_chromium() as browser:
        yield browser


def test_edits_reload_only_their_tab_and_the_overlay_comes_and_goes(
    chromium: Any, make_site: MakeSite
) -> None:
    filler = "".join(f"Ann Lee: 00:{20 + n} Filler paragraph number {n}.\n" for n in range(30))
    site = make_site({**SITE_FILES, "content/episodes/100.md": EP_100 + filler})
    errors: list[str] = []
    with running(site) as serve:
        context = chromium.new_context(viewport={"width": 480, "height": 320})
        tab, other = context.new_page(), context.new_page()
        for page in (tab, other):
            page.on("pageerror", lambda exc: errors.append(str(exc)))
        tab.goto(f"http://127.0.0.1:{serve.port}/episodes/100/")
        other.goto(f"http://127.0.0.1:{serve.port}/episodes/101/")
        wait_until(lambda: serve.session.hub.tabs == 2, what="both tabs to listen")
        tab.evaluate("window.scrollTo(0, 400)")
        for page in (tab, other):
            page.evaluate("window.sitegenMarker = 'not reloaded'")

        edit(site / "content/episodes/100.md", "original words", "edited words")
        tab.wait_for_function(
            "() => document.body.innerText.includes('edited words')", timeout=TIMEOUT_MS
        )
        assert tab.evaluate("window.sitegenMarker") is None  # a fresh page
        tab.wait_for_function("() => window.scrollY > 300", timeout=TIMEOUT_MS)  # kept its place
        assert other.evaluate("window.sitegenMarker") == "not reloaded"

        # An error in a file neither page depends on: the overlay, over both, without reloads.
        wait_until(lambda: serve.session.hub.tabs == 2, what="the reloaded tab to listen again")
        tab.evaluate("window.sitegenMarker = 'not reloaded'")
        (site / "content/pages/about.md").write_text(BROKEN_ABOUT)
        for page in (tab, other):
            overlay = page.locator("#sitegen-overlay")
            overlay.wait_for(timeout=TIMEOUT_MS)
            text = overlay.inner_text()
            assert "content/pages/about.md:2:" in text
            assert "title: About: <b>bold</b>: here" in text  # shown as text, not markup
            assert page.locator("#sitegen-overlay b").count() == 0

        (site / "content/pages/about.md").write_text(ABOUT)
        for page in (tab, other):
            page.locator("#sitegen-overlay").wait_for(state="detached", timeout=TIMEOUT_MS)
            assert page.evaluate("window.sitegenMarker") == "not reloaded"
        context.close()
    assert errors == []


def test_the_overlay_can_be_dismissed(chromium: Any, make_site: MakeSite) -> None:
    site: Path = make_site({**SITE_FILES, "content/pages/about.md": BROKEN_ABOUT})
    with running(site) as serve:
        context = chromium.new_context()
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{serve.port}/")
        page.locator("#sitegen-overlay").wait_for(timeout=TIMEOUT_MS)  # shown at first load
        page.get_by_role("button", name="Dismiss").click()
        assert page.locator("#sitegen-overlay").count() == 0
        assert "First light" in page.locator("main").inner_text()
        context.close()


def test_a_hidden_tab_lets_go_of_its_stream_and_catches_up_when_shown(
    chromium: Any, make_site: MakeSite
) -> None:
    site = make_site(SITE_FILES)
    hide = """(hidden) => {
        Object.defineProperty(document, "hidden", { value: hidden, configurable: true });
        document.dispatchEvent(new Event("visibilitychange"));
    }"""
    with running(site) as serve:
        context = chromium.new_context()
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{serve.port}/episodes/100/")
        wait_until(lambda: serve.session.hub.tabs == 1, what="the tab to listen")
        page.evaluate(hide, True)
        wait_until(lambda: serve.session.hub.tabs == 0, what="the hidden tab to let go")

        builds = serve.session.builds
        edit(site / "content/episodes/100.md", "original words", "edited words")
        assert serve.session.wait_for_builds(builds + 1, timeout=15)
        assert "original words" in page.locator("main").inner_text()  # hidden: left alone

        page.evaluate(hide, False)
        page.wait_for_function(
            "() => document.body.innerText.includes('edited words')", timeout=TIMEOUT_MS
        )
        context.close()


def test_the_download_menu_links_every_transcript_with_its_content_type(
    chromium: Any, make_site: MakeSite
) -> None:
    site = make_site(SITE_FILES)
    with running(site) as serve:
        page = chromium.new_page()
        page.goto(f"http://127.0.0.1:{serve.port}/episodes/100/")
        menu = page.locator("details.downloads")
        links = menu.locator("a")
        assert not links.first.is_visible()  # closed until asked
        menu.locator("summary").click()
        assert links.first.is_visible()
        found = {}
        for i in range(links.count()):
            href = links.nth(i).get_attribute("href")
            response = page.request.get(page.url + href)
            assert response.status == 200, href
            found[href.rsplit(".", 1)[1]] = (
                response.headers["content-type"].split(";")[0],
                response.text(),
            )
        page.close()
    assert {suffix: kind for suffix, (kind, _body) in found.items()} == {
        "vtt": "text/vtt",
        "srt": "application/x-subrip",
        "json": "application/json",
        "txt": "text/plain",
        "html": "text/html",
    }
    assert found["vtt"][1].startswith("WEBVTT")
    assert found["json"][1].lstrip().startswith("{")
    assert "<cite>" in found["html"][1]
