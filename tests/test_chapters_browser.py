"""The chapters on the episode page in a real Chromium, light and dark (issue 17): clicking one
lands on its paragraph (`:target`, in view below the sticky player) and moves the player there;
without JavaScript the link still lands; at 390 px nothing is wider than the phone; axe-core
finds no WCAG 2.2 AA violation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .browser_support import WCAG_22_AA, axe_violations, served_site
from .test_audio_browser import SECONDS, RangeHandler, silent_wav
from .test_transcript_page_browser import box, close, open_page

pytestmark = pytest.mark.browser

CHAPTERS = [
    "0:00 Welcome",
    "0:20 Why transcripts matter more than anyone thinks, and what the archives of twenty"
    " years of shows taught us about them",
    "0:41 Break",
    "1:02:03 Past the end",
]


def episode() -> str:
    lines = []
    for second in range(0, SECONDS, 5):
        name = ("Ann Host", "Bo Guest")[second // 5 % 2]
        lines.append(f"{name}: 00:{second // 60:01d}:{second % 60:02d} Paragraph at {second} s.")
    listed = "".join(f"  - {entry}\n" for entry in CHAPTERS)
    return (
        "---\ntitle: Chapters\nepisode: 1\naudio: ../../static/clip.wav\n"
        f"chapters:\n{listed}---\n" + "\n\n".join(lines) + "\n"
    )


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("site")
    (site / "content" / "episodes").mkdir(parents=True)
    (site / "content" / "episodes" / "1.md").write_text(episode())
    (site / "static").mkdir()
    (site / "static" / "clip.wav").write_bytes(silent_wav(SECONDS))
    with served_site(site, RangeHandler) as url:
        yield url


@pytest.fixture(params=["light", "dark"])
def scheme(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def landed(page: Any, anchor: str) -> None:
    """The paragraph `anchor` is the page's target and in view, below the sticky player."""
    target = page.locator(".para:target")
    assert target.get_attribute("id") == anchor
    (paragraph,) = box(page, ".para:target")
    (player,) = box(page, ".player")
    height = page.evaluate("() => window.innerHeight")
    assert player["y"] + player["h"] <= paragraph["y"] + 1 and paragraph["y"] < height


def test_a_chapter_lands_on_its_paragraph_and_moves_the_player(
    browser: Any, site_url: str, scheme: str
) -> None:
    page = open_page(browser, site_url + "episodes/1/", scheme)
    page.wait_for_selector(".player .follow")  # sitegen.js is running
    page.wait_for_function("() => document.querySelector('audio').readyState >= 1")
    page.locator(".chapters a", has_text="Break").click()
    # 0:41 is spoken in the paragraph that starts at 0:40.
    page.wait_for_function("() => location.hash === '#t=00:40'")
    landed(page, "t=00:40")
    page.wait_for_function("() => Math.abs(document.querySelector('audio').currentTime - 40) < 1")
    # A chapter past the last paragraph lands on the last one.
    page.locator(".chapters a", has_text="Past the end").click()
    page.wait_for_function("() => location.hash === '#t=01:25'")
    landed(page, "t=01:25")
    close(page)


def test_a_chapter_lands_without_javascript(browser: Any, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "episodes/1/")
    page.locator(".chapters a", has_text="Why transcripts").click()
    page.wait_for_url("**#t=00:20")
    landed(page, "t=00:20")
    context.close()


def test_a_phone_shows_the_chapters_no_wider_than_itself(
    browser: Any, site_url: str, scheme: str
) -> None:
    page = open_page(browser, site_url + "episodes/1/", scheme, has_touch=True, is_mobile=True)
    page.wait_for_selector(".player .follow")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    entries = box(page, ".chapters li")
    assert len(entries) == len(CHAPTERS)
    assert all(entry["x"] >= 0 and entry["x"] + entry["w"] <= 390 for entry in entries)
    # The long title wraps under itself, beside its time, not under the time.
    times = box(page, ".chapters time")
    titles = box(page, ".chapter-title")
    assert len({round(title["x"]) for title in titles}) == 1
    assert titles[1]["h"] > titles[0]["h"] and titles[1]["x"] > times[1]["x"] + times[1]["w"]
    # Each entry is big enough to tap (WCAG 2.2, 2.5.8).
    assert all(link["h"] >= 24 for link in box(page, ".chapters a"))
    close(page)


@pytest.mark.parametrize("width", [390, 1000])
def test_the_chapters_pass_axe_wcag_22_aa(
    browser: Any, site_url: str, scheme: str, width: int
) -> None:
    page = open_page(browser, site_url + "episodes/1/", scheme, width=width)
    page.wait_for_selector(".player .follow")
    page.locator(".chapters a").first.focus()
    assert axe_violations(page, WCAG_22_AA, impacts=None) == []
    close(page)
