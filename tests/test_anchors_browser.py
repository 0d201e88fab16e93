"""In a real Chromium: links into a transcript with sparse clocks land on the moment. `#t=` on an
estimated time lands on the paragraph being said then, old `#p2` links still land (with and
without JavaScript), a mention and a search result lead to the paragraph and show its time,
and the pages pass axe-core."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .browser_support import axe_violations, served_site, watched_page

pytestmark = pytest.mark.browser


def words(word: str, n: int) -> str:
    return " ".join([word] * n)


# Two clocks ten minutes apart and three paragraphs between them of ~100 words each: the
# paragraph naming the quagga is estimated at ~03:25 and is said until ~06:43.
SPARSE = (
    "---\ntitle: Sparse clocks\n---\n\n"
    "**Ann:** \\[00:00\\] Welcome to the show.\n\n"
    f"**Bob:** {words('alpha', 100)}\n\n"
    f"**Ann:** The quagga paragraph. {words('beta', 97)}\n\n"
    f"**Bob:** {words('gamma', 96)} episode 1 again.\n\n"
    "**Ann:** \\[10:00\\] Back at ten minutes.\n"
)
QUAGGA = "t=03:25"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("sparse")
    episodes = site / "content" / "episodes"
    episodes.mkdir(parents=True)
    (episodes / "1.md").write_text("**Ann:** \\[00:00\\] The first one.\n")
    (episodes / "2.md").write_text(SPARSE)
    with served_site(site) as url:
        yield url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    with watched_page(browser) as page:
        yield page


def in_view(page: Any, selector: str) -> bool:
    return bool(
        page.evaluate(
            """(selector) => {
                const r = document.querySelector(selector).getBoundingClientRect();
                return r.top >= 0 && r.top < window.innerHeight;
            }""",
            selector,
        )
    )


@pytest.mark.parametrize("link", ["#t=5:00", "#t=300", "?t=4m10s", "#t=06:42"])
def test_a_time_between_clocks_lands_on_the_paragraph_said_then(
    page: Any, site_url: str, link: str
) -> None:
    page.goto(site_url + "episodes/2/" + link)
    page.wait_for_function("(id) => location.hash === '#' + id", arg=QUAGGA)
    paragraph = page.locator(f'[id="{QUAGGA}"]')
    assert paragraph.inner_text().startswith("~03:25 The quagga paragraph.")
    assert "is-target" in (paragraph.get_attribute("class") or "")
    assert in_view(page, f'[id="{QUAGGA}"]')
    clock = paragraph.locator(".clock.estimated")
    assert clock.get_attribute("aria-label") == "Link to about 03:25, estimated time"


def test_an_old_position_link_lands_and_is_renamed_to_the_time_anchor(
    page: Any, site_url: str
) -> None:
    page.goto(site_url + "episodes/2/#p2")
    page.wait_for_function("(id) => location.hash === '#' + id", arg=QUAGGA)
    assert in_view(page, f'[id="{QUAGGA}"]')
    assert "is-target" in (page.locator(f'[id="{QUAGGA}"]').get_attribute("class") or "")


def test_without_javascript_old_and_time_links_land(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "episodes/2/#p2")
    assert page.evaluate("() => location.hash") == "#p2"
    assert in_view(page, f'[id="{QUAGGA}"]')
    # The paragraph whose clock holds the old id is highlighted as a target.
    highlighted = page.locator(".para:has(> .clock:target)")
    assert highlighted.get_attribute("id") == QUAGGA
    background = highlighted.evaluate("(p) => getComputedStyle(p).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    page.goto(site_url + "episodes/2/#" + QUAGGA)
    assert page.locator(":target").get_attribute("id") == QUAGGA
    context.close()


def test_a_mention_shows_the_estimated_time_and_lands_there(page: Any, site_url: str) -> None:
    page.goto(site_url + "episodes/1/")
    link = page.locator(".mentions a", has_text="Sparse clocks")
    # Seen as `~06:43`, heard as "06:43, estimated" (the words after it are visually hidden).
    assert link.text_content() == "Episode 2: Sparse clocks at ~06:43, estimated"
    hidden = link.locator(".visually-hidden").bounding_box()
    assert hidden is not None and hidden["width"] <= 1 and hidden["height"] <= 1
    link.click()
    page.wait_for_url(site_url + "episodes/2/#t=06:43")
    target = page.locator(":target")
    assert target.get_attribute("id") == "t=06:43" and "episode 1 again" in target.inner_text()
    assert in_view(page, ":target")


def test_a_search_result_shows_the_time_and_lands_on_the_paragraph(
    page: Any, site_url: str
) -> None:
    page.goto(site_url + "search/?q=quagga")
    moment = page.locator(".pagefind-ui__result-nested .pagefind-ui__result-link").first
    moment.wait_for(timeout=10_000)
    assert moment.inner_text() == "~03:25 · Ann"
    # The searched word rides along, for the landed page to mark it.
    assert (moment.get_attribute("href") or "").endswith(f"episodes/2/?highlight=quagga#{QUAGGA}")
    excerpt = page.locator(".pagefind-ui__result-nested .pagefind-ui__result-excerpt").first
    assert excerpt.inner_text().startswith("The quagga paragraph.")  # no `~03:25 · Ann` in it
    moment.click()
    page.wait_for_url(site_url + f"episodes/2/?highlight=quagga#{QUAGGA}")
    target = page.locator(":target")
    assert target.get_attribute("id") == QUAGGA
    assert target.locator(".clock").inner_text() == "~03:25"
    assert in_view(page, ":target")


@pytest.mark.parametrize("path", ["episodes/2/", "episodes/1/", "references/"])
def test_pages_with_estimated_times_have_no_serious_accessibility_violations(
    page: Any, site_url: str, path: str
) -> None:
    page.goto(site_url + path)
    assert axe_violations(page) == []
