"""Printing an episode page, in a real Chromium (Debian's, via Playwright): dark text on white
whatever the reader's colour scheme, no controls, the page's address on paper, and a compact
transcript (the sample episode 920, with an audio player, printed to PDF)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from .browser_support import REPO, served_site, watched_page
from .test_audio_browser import silent_wav

pytestmark = pytest.mark.browser

BASE_URL = "https://example.org/podcast/"
CANONICAL = BASE_URL + "episodes/920/"
HIDDEN_IN_PRINT = (
    ".player",
    "audio",
    ".follow",
    "select.speed",
    ".find",
    ".downloads",
    ".copy-link",
    ".site-search",
    ".site-header nav",
    ".prev-next",
)


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("print")
    episodes = site / "content" / "episodes"
    episodes.mkdir(parents=True)
    (episodes / "episode-920.txt").write_text(
        (REPO / "content" / "episodes" / "episode-920.txt").read_text()
    )
    (episodes / "episode-920.yaml").write_text(
        (REPO / "content" / "episodes" / "episode-920.yaml").read_text()
        + "\naudio: ../../static/clip.wav\n"
    )
    # Served by the site itself: the player loads its length before play, and a page offline
    # must not log a failed request.
    (site / "static").mkdir()
    (site / "static" / "clip.wav").write_bytes(silent_wav(5))
    with served_site(site, base_url=BASE_URL) as url:
        yield url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    with watched_page(browser, color_scheme="dark") as page:
        page.set_default_timeout(10_000)
        yield page


def rgb(css: str) -> tuple[float, ...]:
    parts = [float(x) for x in re.findall(r"[\d.]+", css)[:3]]
    return tuple(parts)


def luminance(colour: tuple[float, ...]) -> float:
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        for c in (x / 255 for x in colour)
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_on_white(css: str) -> float:
    return 1.05 / (luminance(rgb(css)) + 0.05)


def computed(page: Any, selector: str, prop: str) -> str:
    return str(
        page.evaluate(
            "([s, p]) => getComputedStyle(document.querySelector(s))[p]", [selector, prop]
        )
    )


def test_print_is_dark_on_white_in_a_dark_scheme(page: Any, site_url: str) -> None:
    page.goto(site_url + "episodes/920/#t=00:45")  # a highlighted moment, too
    assert rgb(computed(page, "body", "backgroundColor")) != (255.0, 255.0, 255.0)  # dark screen
    page.emulate_media(media="print", color_scheme="dark")
    assert rgb(computed(page, "body", "backgroundColor")) == (255.0, 255.0, 255.0)
    for selector in (
        "body",
        "h1",
        ".transcript .speaker",
        ".transcript .speaker a, .transcript .speaker",
        ".para .clock",
        ".para",
        ".talk-time .speaker-name",
        ".episode-meta",
        ".print-url",
    ):
        colour = computed(page, selector, "color")
        assert contrast_on_white(colour) >= 4.5, f"{selector}: {colour} on white"
    # No tint behind the linked paragraph on paper.
    assert computed(page, '[id="t=00:45"]', "backgroundColor") in {"rgba(0, 0, 0, 0)", "none"}


def test_print_shows_the_address_and_no_controls(page: Any, site_url: str) -> None:
    page.goto(site_url + "episodes/920/")
    assert page.locator(".print-url").is_hidden()  # on screen the address bar has it
    page.emulate_media(media="print", color_scheme="dark")
    assert page.locator(".print-url").is_visible()
    assert page.locator(".print-url").inner_text() == CANONICAL
    for selector in HIDDEN_IN_PRINT:
        shown = page.locator(selector).evaluate_all(
            "els => els.filter(e => getComputedStyle(e).display !== 'none').length"
        )
        assert shown == 0, f"{selector} is printed"
    # The transcript flows: a long turn may break across pages.
    assert computed(page, ".turn", "breakInside") == "auto"


def test_printed_transcript_is_compact(page: Any, site_url: str) -> None:
    """Episode 920 (about 3,800 words) fits on a handful of A4 pages, the address on the first."""
    page.goto(site_url + "episodes/920/")
    page.emulate_media(media="print", color_scheme="dark")
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert 1 <= pages <= 8, pages
