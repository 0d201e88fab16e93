"""Reading and listening tools on an episode page, in a real Chromium (Debian's, via Playwright).

Find in the transcript, a paragraph clicked anywhere playing from its start, playback speed,
keyboard shortcuts, a link to a selected passage, and the highlight of a linked moment moving
(not staying behind) when the reader follows a link to another moment. The audio is a silent
WAV served with Range support, as in tests/test_audio_browser.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from sitegen.build import build

from .browser_support import launched_chromium, static_server
from .test_audio_browser import RangeHandler, silent_wav

pytestmark = pytest.mark.browser

FILLER = " ".join(["and that is how the model learned to follow instructions"] * 6)
WITH_AUDIO = (
    "---\ntitle: Reading along\nepisode: 1\ndate: 2025-01-01\n"
    "audio: ../../static/clip.wav\n---\n"
    f"Jon Krohn: 00:00 Welcome to the show, a quagga is here. {FILLER}\n"
    f"Julien Launay: 00:20 Thanks for having me. I\u2019d say the Quagga matters. {FILLER}\n"
    f"Jon Krohn: 00:40 Let us talk post-training. {FILLER}\n"
    f"Julien Launay: 01:00 Reinforcement learning, mostly quagga. {FILLER}\n"
)


def words(word: str, n: int) -> str:
    return " ".join([word] * n)


# Two clocks ten minutes apart: the three paragraphs between them get estimated times, and
# their clocks keep the old position ids (#p2 …).
SPARSE = (
    "---\ntitle: Sparse clocks\nepisode: 2\n---\n\n"
    "**Ann:** \\[00:00\\] Welcome to the show.\n\n"
    f"**Bob:** {words('alpha', 100)}\n\n"
    f"**Ann:** The quagga paragraph. {words('beta', 97)}\n\n"
    f"**Bob:** {words('gamma', 96)}\n\n"
    "**Ann:** \\[10:00\\] Back at ten minutes.\n"
)
# No clocks at all: position anchors only (#p1 …), and no audio.
NO_TIMES = (
    "---\ntitle: No times\nepisode: 3\n---\n\n"
    "**Ann:** First words about the quagga.\n\n**Bob:** Second words.\n"
)
PLAYING = ".para.is-playing"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("site")
    episodes = site / "content" / "episodes"
    episodes.mkdir(parents=True)
    (episodes / "1.md").write_text(WITH_AUDIO)
    (episodes / "2.md").write_text(SPARSE)
    (episodes / "3.md").write_text(NO_TIMES)
    (site / "static").mkdir()
    (site / "static" / "clip.wav").write_bytes(silent_wav(90))
    out = site / "_site"
    result = build(site, out_dir=out)
    assert not result.failed(strict=False), [d.format() for d in result.diagnostics]
    with static_server(out, RangeHandler) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_chromium("--autoplay-policy=no-user-gesture-required", "--mute-audio") as b:
        yield b


def watch_errors(page: Any) -> list[str]:
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 800, "height": 500})
    page = context.new_page()
    errors = watch_errors(page)
    yield page
    context.close()
    assert errors == [], f"console errors: {errors}"


def audio_time(page: Any) -> float:
    return float(page.evaluate("() => document.querySelector('audio').currentTime"))


def paused(page: Any) -> bool:
    return bool(page.evaluate("() => document.querySelector('audio').paused"))


def wait_for_playing(page: Any) -> None:
    page.wait_for_function(
        "() => { const a = document.querySelector('audio');"
        " return !a.paused && a.readyState >= 2; }"
    )


def ids(page: Any, selector: str) -> list[str]:
    return list(page.locator(selector).evaluate_all("els => els.map(e => e.id)"))


def wait_for_count(page: Any, text: str) -> None:
    page.wait_for_function(
        "(text) => document.querySelector('.find-count').textContent === text", arg=text
    )


def highlighted(page: Any) -> list[str]:
    """The paragraphs shown as linked: by the script, or as the browser's :target."""
    return ids(page, ".para.is-target, .para:target, .para:has(> .clock:target)")


def current_match(page: Any) -> dict[str, Any]:
    """The current match's text, its paragraph and whether it is on screen below the player."""
    return dict(
        page.evaluate(
            """() => {
                const m = document.querySelector('mark.find-hit.is-current');
                const r = m.getBoundingClientRect();
                const bar = document.querySelector('.player').getBoundingClientRect();
                return { text: m.textContent, para: m.closest('.para').id,
                         visible: r.top >= bar.bottom - 1 && r.bottom <= innerHeight };
            }"""
        )
    )


# Moments and passages


def test_following_a_link_to_another_moment_moves_the_highlight(page: Any, site_url: str) -> None:
    page.goto(site_url + "episodes/2/#t=03:30")  # inside the estimated quagga paragraph
    page.wait_for_function("() => location.hash === '#t=03:28'")
    assert highlighted(page) == ["t=03:28"]
    page.evaluate("() => { location.hash = '#p1'; }")  # an old position link, elsewhere
    page.wait_for_function("() => location.hash === '#t=00:08'")
    assert highlighted(page) == ["t=00:08"]
    page.evaluate("() => { location.hash = '#t=0'; }")
    page.wait_for_function("() => location.hash === '#t=00:00'")
    assert highlighted(page) == ["t=00:00"]
    page.evaluate("() => { location.hash = '#t=10:00'; }")  # a paragraph's own anchor
    page.wait_for_function("() => location.hash === '#t=10:00'")
    assert highlighted(page) == ["t=10:00"]
    page.evaluate("() => { location.hash = '#main'; }")  # not a moment: nothing to move
    assert highlighted(page) == []


def test_a_range_link_highlights_its_whole_passage(page: Any, site_url: str) -> None:
    page.goto(site_url + "episodes/1/#t=00:25,01:00")
    assert highlighted(page) == ["t=00:20", "t=00:40"]
    page.evaluate("() => { location.hash = '#t=01:00'; }")
    page.wait_for_function("() => document.querySelectorAll('.para.is-target').length === 0")
    assert highlighted(page) == ["t=01:00"]
    page.evaluate("() => { location.hash = '#t=5,25'; }")
    page.wait_for_function("() => document.querySelectorAll('.para.is-target').length === 2")
    assert highlighted(page) == ["t=00:00", "t=00:20"]
