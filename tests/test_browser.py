"""In a real Chromium (Debian's, driven by Playwright): clocks, mentions, deep links, axe-core.

The site is built into a temporary folder and served over HTTP from a loopback server, as a
static host would serve it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .browser_support import (
    REPO,
    WCAG_22_AA,
    axe_violations,
    served_site,
    watched_page,
)
from .test_build import EP_913, EP_920

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("site")
    episodes = site / "content" / "episodes"
    episodes.mkdir(parents=True)
    (episodes / "913.md").write_text(EP_913)
    (episodes / "920.md").write_text(EP_920)
    (episodes / "seed.txt").write_text(
        (REPO / "content/episodes/episode-920.txt").read_text().replace("920", "1920", 1)
    )
    with served_site(site) as url:
        yield url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    with watched_page(browser) as page:
        yield page


def is_target_in_view(page: Any, anchor: str) -> bool:
    return bool(
        page.evaluate(
            """(id) => {
                const el = document.getElementById(id);
                const r = el.getBoundingClientRect();
                return el.matches(':target') && r.top >= 0 && r.top < window.innerHeight;
            }""",
            anchor,
        )
    )


def test_clicking_a_clock_targets_its_paragraph(page: Any, site_url: str) -> None:
    page.goto(site_url + "episodes/1920/")
    clock = page.locator('a.clock[href="#t=16:29-2"]')
    clock.click()
    assert page.url.endswith("#t=16:29-2")
    assert is_target_in_view(page, "t=16:29-2")
    assert "Full name?" in page.locator(":target").inner_text()


def test_mention_leads_to_the_episode_and_backlink_to_the_moment(page: Any, site_url: str) -> None:
    page.goto(site_url + "episodes/920/")
    page.locator("a.mention", has_text="episode number 913").click()
    page.wait_for_url(site_url + "episodes/913/")
    assert page.locator("h1").inner_text() == "Post-training matters"
    page.locator(".mentions a", has_text="In case you missed it").click()
    page.wait_for_url(site_url + "episodes/920/#t=01:10")
    assert is_target_in_view(page, "t=01:10")
    assert "episode number 913" in page.locator(":target").inner_text()


@pytest.mark.parametrize(
    ("link", "anchor"),
    [
        ("#t=989", "t=16:29"),  # seconds
        ("#t=16:29", "t=16:29"),  # the anchor itself
        ("?t=0:16:30", "t=16:29"),  # the first paragraph of the latest start at or before it
        ("#t=2m", "t=01:16"),
        ("#t=1h0m3s", "t=21:30"),  # past the end: the last paragraph
    ],
)
def test_time_deep_links_land_on_the_paragraph(
    page: Any, site_url: str, link: str, anchor: str
) -> None:
    page.goto(site_url + "episodes/1920/" + link)
    page.wait_for_function("(id) => location.hash === '#' + id", arg=anchor)
    box = page.locator(f'[id="{anchor}"]').bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"]


# WCAG 2.2 AA, the level every page type is held to, and axe's best practices.
AXE_TAGS = (*WCAG_22_AA, "best-practice")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "path",
    [
        "",
        "episodes/1920/",
        "episodes/913/",
        "references/",
        "speakers/",
        "speakers/jon-krohn/",
        "404.html",
    ],
)
def test_pages_have_no_serious_accessibility_violations(
    browser: Any, site_url: str, path: str, scheme: str
) -> None:
    """In the reader's colour scheme: the dark one has colours of its own to get wrong."""
    with watched_page(browser, color_scheme=scheme) as page:
        page.goto(site_url + path)
        assert axe_violations(page, AXE_TAGS) == []


def test_pages_work_without_javascript(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "episodes/1920/#t=16:29")
    assert is_target_in_view(page, "t=16:29")
    page.locator(".prev-next a").first.click()
    assert page.locator("h1").count() == 1
    context.close()


def test_copy_link_appears_on_hover_and_copies_the_moment(browser: Any, site_url: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site_url + "episodes/1920/")
    paragraph = page.locator('[id="t=16:29-2"]')
    button = paragraph.locator(".copy-link")
    assert not button.is_visible()  # takes no room until wanted
    paragraph.hover()
    button.click()
    page.wait_for_function("() => navigator.clipboard.readText().then(t => t.length > 0)")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == site_url + "episodes/1920/#t=16:29-2"
    context.close()
