"""A network of shows in a real Chromium: its pages pass axe-core, and search filters by show."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from sitegen.build import build

from .browser_support import axe_violations, static_server, watched_page
from .test_shows import NETWORK_TOML

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def network_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("network")
    files = {
        "sitegen.toml": NETWORK_TOML,
        "content/go-time/5.md": "**Mat:** [00:01] We compared zebra crossings in Go.\n",
        "content/go-time/6.md": "**Mat:** [00:01] As we said in episode 5, zebra again.\n",
        "content/js-party/5.md": "**Kball:** [00:01] A zebra in the browser.\n",
    }
    for rel, text in files.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    www = tmp_path_factory.mktemp("www")
    result = build(site, out_dir=www / "net", base_url="/net/")
    assert not result.failed(strict=False), [d.format() for d in result.diagnostics]
    with static_server(www) as url:
        yield url + "net/"


@pytest.mark.parametrize("path", ["", "go-time/", "go-time/episodes/6/", "js-party/"])
def test_network_pages_have_no_serious_accessibility_violations(
    browser: Any, network_url: str, path: str
) -> None:
    with watched_page(browser) as page:
        page.goto(network_url + path)
        assert axe_violations(page) == []


def test_the_network_home_leads_to_a_show_and_its_episode(browser: Any, network_url: str) -> None:
    page = browser.new_page()
    page.goto(network_url)
    page.get_by_role("link", name="Go Time").click()
    page.wait_for_url(network_url + "go-time/")
    assert page.locator("h1").inner_text() == "Go Time"
    page.locator(".episode-list a").first.click()
    page.wait_for_url(network_url + "go-time/episodes/6/")
    # The mention of "episode 5" on Go Time leads to Go Time 5.
    page.locator("a.mention").first.click()
    page.wait_for_url(network_url + "go-time/episodes/5/")
    page.close()


def test_search_across_the_network_filters_by_show(browser: Any, network_url: str) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(network_url + "search/?q=zebra")
    results = page.locator(".pagefind-ui__result-link:not(.pagefind-ui__result-nested *)")
    results.nth(2).wait_for(timeout=10_000)
    assert results.count() == 3
    show_filter = page.locator(".pagefind-ui__filter-block", has_text="show")
    show_filter.locator("summary").click()
    # The UI draws the filters again once the search's counts are in: wait for them, then
    # check the box (which Playwright retries until it holds) rather than click a label once.
    show_filter.locator(".pagefind-ui__filter-label", has_text="JS Party (1)").wait_for()
    show_filter.get_by_role("checkbox", name=re.compile("JS Party")).check()
    page.wait_for_function(
        "() => document.querySelectorAll("
        "'.pagefind-ui__result-link:not(.pagefind-ui__result-nested *)').length === 1"
    )
    assert "js-party/episodes/5/" in (results.first.get_attribute("href") or "")
    assert errors == []
    page.close()
