"""In a real Chromium: no index page is wider than a 390 px phone, in either colour scheme,
and axe-core finds nothing serious on them.

The site is made for the worst case of an index page: long names, long unbroken words in titles
and snippets, six-digit word counts, hours of talk time, and episodes with and without dates.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .browser_support import axe_violations, served_site, watched_page

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PAGES = ["", "speakers/", "speakers/abubakar-siddiq-ango-the-second/", "references/"]
NAMES = ("Abubakar Siddiq Ango the Second", "Adolfo García Veytia", "Gerhard Lazu")
LONG_WORD = "Kubernetes-observability-with-OpenTelemetry-and-eBPF-everywhere"


def transcript(number: int) -> str:
    lines = []
    words = " ".join(["talking"] * 3000)
    for minute in range(0, 180, 20):
        name = NAMES[(minute // 20) % len(NAMES)]
        hours, mins = divmod(minute, 60)
        lines.append(f"{name}: {hours:02d}:{mins:02d}:00 {words}.")
    lines.append(
        f"Gerhard Lazu: 03:00:00 As we said in episode {number - 1}, see"
        f' {LONG_WORD} and https://example.com/{LONG_WORD}/{LONG_WORD}."'
    )
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("phone")
    episodes = site / "content" / "episodes"
    episodes.mkdir(parents=True)
    for number in range(101, 113):
        date = f"---\ndate: 2024-03-{number - 100:02d}\n---\n" if number % 2 else ""
        if number % 4 == 0:  # a title with a word longer than a phone's line
            date = f"---\ntitle: {LONG_WORD}{LONG_WORD}\n---\n"
        name = f"{number}-{LONG_WORD.lower()}-and-a-very-long-title-indeed.txt"
        (episodes / name).write_text(date + transcript(number), encoding="utf-8")
    with served_site(site) as url:
        yield url


@pytest.fixture(scope="module")
def speakerless_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("speakerless")
    episodes = site / "content" / "episodes"
    episodes.mkdir(parents=True)
    (episodes / "1-hello.txt").write_text("00:00:06 Hello there.\n00:00:09 And welcome.\n")
    with served_site(site) as url:
        yield url


def overflowing(page: Any) -> list[str]:
    """The page's width past the viewport, and the elements whose right edge passes it."""
    return list(
        page.evaluate(
            """() => {
                const width = document.documentElement.clientWidth;
                const out = [];
                if (document.documentElement.scrollWidth > width) {
                    out.push(`page ${document.documentElement.scrollWidth}px > ${width}px`);
                }
                for (const el of document.body.querySelectorAll('*')) {
                    const r = el.getBoundingClientRect();
                    if (r.width && r.right > width + 0.5) {
                        out.push(`${el.tagName.toLowerCase()}.${el.className} right ${r.right}`);
                    }
                }
                return out.slice(0, 8);
            }"""
        )
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_index_pages_fit_a_390px_phone(browser: Any, site_url: str, path: str, scheme: str) -> None:
    context = browser.new_context(viewport=PHONE, color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + path)
    assert page.evaluate("document.body.innerText.length") > 100
    assert overflowing(page) == []
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_index_pages_on_a_phone_have_no_serious_accessibility_violations(
    browser: Any, site_url: str, path: str, scheme: str
) -> None:
    with watched_page(browser, viewport=PHONE, color_scheme=scheme) as page:
        page.goto(site_url + path)
        assert axe_violations(page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_speakers_page_of_a_show_without_speakers(
    browser: Any, speakerless_url: str, scheme: str
) -> None:
    with watched_page(browser, viewport=PHONE, color_scheme=scheme) as page:
        page.goto(speakerless_url + "speakers/")
        assert overflowing(page) == []
        assert axe_violations(page) == []
