"""The episode page on any screen, in a real Chromium, light and dark (issue 17): the player keeps
a seek bar on a phone, clocks and copy buttons are big enough to tap, the transcript costs few tab
stops and can be skipped, twelve speakers get twelve colours and a person one colour on every
page, the talk-time bars start at one x, nothing is wider than a phone, and axe-core finds no
WCAG 2.2 AA violation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .browser_support import WCAG_22_AA, axe_violations, served_site
from .test_audio_browser import SECONDS, RangeHandler, silent_wav

pytestmark = pytest.mark.browser

PANEL = [
    "Ann Host",
    "Bo Cohost",
    "Cy Guest",
    "Dee Guest",
    "Eli Guest",
    "Fay Guest",
    "Gus Guest",
    "Hal Guest",
    "Ida Guest",
    "Jo Guest",
    "Kim Guest",
    "Lou Guest",
]


def panel_episode() -> str:
    """Twelve speakers, the two hosts alternating between each guest; a mention, a long URL."""
    lines = []
    second = 0
    for i, guest in enumerate(PANEL[2:] * 2):
        for name in (PANEL[i % 2], guest):
            text = f"Turn {second} of the panel, about models and data and what they learned."
            if second == 30:
                text += " Back in episode 2 we said so; see https://example.org/" + "x" * 80
            lines.append(f"{name}: {second // 60:02d}:{second % 60:02d} {text}")
            second += 3
    return (
        "---\ntitle: The big panel\nepisode: 1\ndate: 2025-01-01\n"
        "audio: ../../static/clip.wav\n---\n" + "\n".join(lines) + "\n"
    )


SMALL = (
    "---\ntitle: Two of them\nepisode: 2\ndate: 2024-12-01\n---\n"
    "Cy Guest: 00:00 Hello again.\nAnn Host: 00:05 Welcome back, and episode 1 was long.\n"
)


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("site")
    episodes = site / "content" / "episodes"
    episodes.mkdir(parents=True)
    (site / "sitegen.toml").write_text('title = "Panels"\nhosts = ["Ann Host", "Bo Cohost"]\n')
    (episodes / "1.md").write_text(panel_episode())
    (episodes / "2.md").write_text(SMALL)
    (site / "static").mkdir()
    (site / "static" / "clip.wav").write_bytes(silent_wav(SECONDS))
    with served_site(site, RangeHandler) as url:
        yield url


@pytest.fixture(params=["light", "dark"])
def scheme(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def open_page(browser: Any, url: str, scheme: str, width: int = 390, **more: Any) -> Any:
    context = browser.new_context(
        viewport={"width": width, "height": 800}, color_scheme=scheme, **more
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    page.wait_for_load_state("load")
    page.errors = errors  # checked by the tests that end with `close`
    return page


def close(page: Any) -> None:
    errors = page.errors
    page.context.close()
    assert errors == []


def box(page: Any, selector: str) -> list[dict[str, float]]:
    return list(
        page.locator(selector).evaluate_all(
            "els => els.map(e => { const r = e.getBoundingClientRect();"
            " return {x: r.left, y: r.top, w: r.width, h: r.height}; })"
        )
    )


def test_a_phone_keeps_a_wide_seek_bar_and_nothing_is_wider(
    browser: Any, site_url: str, scheme: str
) -> None:
    page = open_page(browser, site_url + "episodes/1/", scheme, has_touch=True, is_mobile=True)
    page.wait_for_selector(".player .follow")  # the script's toggle is there, beside or below
    (audio,) = box(page, "audio.episode-audio")
    assert audio["w"] >= 200, audio
    (follow,) = box(page, ".player .follow")
    assert follow["h"] >= 24 and follow["w"] >= 24
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    # The length shows before play (preload="metadata"), not 0:00.
    page.wait_for_function("() => document.querySelector('audio').readyState >= 1")
    assert page.evaluate("() => document.querySelector('audio').duration") == pytest.approx(
        SECONDS, abs=1
    )
    close(page)


def test_the_player_does_not_move_when_the_toggle_arrives(browser: Any, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "episodes/1/")
    without = box(page, ".transcript h2")[0]["y"]
    context.close()
    page = open_page(browser, site_url + "episodes/1/", "light")
    page.wait_for_selector(".player .follow")
    # Room for the toggle is kept whenever scripts run; without them the player is as it was.
    assert box(page, ".transcript h2")[0]["y"] >= without
    player = box(page, ".player")[0]
    follow = box(page, ".player .follow")[0]
    assert follow["y"] + follow["h"] <= player["y"] + player["h"] + 0.5
    close(page)


def test_clocks_and_copy_buttons_are_big_enough_to_tap(
    browser: Any, site_url: str, scheme: str
) -> None:
    page = open_page(browser, site_url + "episodes/1/", scheme, has_touch=True, is_mobile=True)
    page.wait_for_selector(".copy-link")
    clocks = box(page, ".para > .clock")
    copies = box(page, ".para > .copy-link")
    assert clocks and len(copies) == len(clocks)
    small = [b for b in clocks + copies if b["w"] < 24 or b["h"] < 24]
    assert small == []
    close(page)


TABBABLE = (
    "a[href], button, input, select, textarea, audio[controls], video[controls],"
    " [tabindex]:not([tabindex='-1']), summary"
)


def test_the_transcript_costs_at_most_two_tab_stops_a_paragraph(
    browser: Any, site_url: str
) -> None:
    """Per clocked paragraph: its clock and, once the clock has focus, its copy button. The
    speaker names are text; links in the text (mentions, the source's), the skip link and the
    find bar (sitegen.js) come on top, a handful in an episode of hundreds of paragraphs."""
    page = open_page(browser, site_url + "episodes/1/", "light", width=1000)
    page.wait_for_selector(".copy-link", state="attached")  # shown on hover or focus
    counts = page.evaluate(
        """(selector) => {
            const all = [...document.querySelectorAll('.transcript :is(' + selector + ')')]
                .filter(e => e.tabIndex >= 0);
            const inText = '.skip-transcript, .find *, .para > a.mention, .para > a.link';
            return {
                all: all.length,
                inText: all.filter(e => e.matches(inText)).length,
                atRest: all.filter(e => e.checkVisibility()).length,
                clocked: document.querySelectorAll('.transcript .para[data-start]').length,
                names: document.querySelectorAll('.transcript .speaker a').length,
            };
        }""",
        TABBABLE,
    )
    assert counts["clocked"] == 40
    assert counts["names"] == 0
    assert counts["all"] - counts["inText"] <= 2 * counts["clocked"], counts
    assert counts["atRest"] <= 2 * counts["clocked"], counts  # copy buttons hidden till focus
    # Tabbing through a paragraph: its clock, then its copy button, then the next clock.
    page.locator(".para .clock").nth(5).focus()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "copy-link"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "clock"
    close(page)


def test_skip_transcript_moves_focus_past_it(browser: Any, site_url: str, scheme: str) -> None:
    page = open_page(browser, site_url + "episodes/1/", scheme, width=1000)
    page.wait_for_selector(".copy-link", state="attached")
    skip = page.locator(".transcript .skip-transcript")
    assert skip.count() == 1
    assert box(page, ".skip-transcript")[0]["w"] <= 1  # out of sight until focused
    # It is the first stop in the transcript: tab to it from the heading's section.
    page.locator(".talk-time a.speaker-name").last.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip-transcript"
    shown = box(page, ".skip-transcript")[0]
    assert shown["w"] >= 24 and shown["h"] >= 24
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'after-transcript'")
    page.keyboard.press("Tab")
    outside = page.evaluate(
        "() => !document.activeElement.closest('.transcript')"
        " && document.activeElement.matches('.mentions a, .prev-next a')"
    )
    assert outside
    close(page)


def colour(page: Any, selector: str) -> dict[str, str]:
    """Each name's computed colour where `selector` finds it."""
    pairs = page.locator(selector).evaluate_all(
        "els => els.map(e => [e.textContent.trim(), getComputedStyle(e).color])"
    )
    found: dict[str, str] = {}
    for name, value in pairs:
        assert found.setdefault(name, value) == value, (selector, name)
    return found


def test_speakers_have_one_colour_each_on_every_page(
    browser: Any, site_url: str, scheme: str
) -> None:
    page = open_page(browser, site_url + "episodes/1/", scheme, width=1000)
    turns = colour(page, ".turn > .speaker")
    assert sorted(turns) == sorted(PANEL)
    assert len(set(turns.values())) == 12  # twelve speakers, twelve colours
    seen = {"turns 1": turns, "talk time 1": colour(page, ".talk-time .speaker-name")}
    page.goto(site_url + "episodes/2/")
    seen["turns 2"] = colour(page, ".turn > .speaker")
    seen["talk time 2"] = colour(page, ".talk-time .speaker-name")
    page.goto(site_url + "speakers/")
    seen["index"] = colour(page, ".people .speaker-name")
    for name in PANEL:
        slug = name.lower().replace(" ", "-")
        page.goto(f"{site_url}speakers/{slug}/")
        seen[slug] = colour(page, "h1 .speaker-name")
    for name in PANEL:
        values = {where: found[name] for where, found in seen.items() if name in found}
        assert len(set(values.values())) == 1, (name, values)
    assert len(set(seen["index"].values())) == 12
    close(page)


@pytest.mark.parametrize("width", [390, 1000])
def test_the_talk_time_bars_start_at_one_x(browser: Any, site_url: str, width: int) -> None:
    page = open_page(browser, site_url + "episodes/1/", "light", width=width)
    bars = box(page, ".talk-time .bar")
    assert len(bars) == 12
    assert max(b["x"] for b in bars) - min(b["x"] for b in bars) < 0.5, bars
    assert min(b["w"] for b in bars) >= 60
    close(page)


@pytest.mark.parametrize("width", [390, 1000])
def test_the_episode_page_passes_axe_wcag_22_aa(
    browser: Any, site_url: str, scheme: str, width: int
) -> None:
    page = open_page(browser, site_url + "episodes/1/", scheme, width=width)
    page.wait_for_selector(".copy-link", state="attached")
    page.locator(".para .clock").nth(3).focus()  # a copy button on screen
    assert axe_violations(page, WCAG_22_AA, impacts=None) == []
    close(page)
