"""The audio player follows the transcript, in a real Chromium (Debian's, driven by Playwright).

A 90-second silent WAV generated here is the episode's audio; its paragraphs start at 00:00,
00:20, 00:40 and 01:00 and are long enough that each fills most of a small window, so "in view"
means something. The site is served from a loopback server that answers Range requests, as static
hosts do: Chromium seeks in audio only over ranges.
"""

from __future__ import annotations

import io
import os
import re
import wave
from collections.abc import Iterator
from typing import Any

import pytest

from .browser_support import QuietHandler, axe_violations, served_site, watched_page

pytestmark = pytest.mark.browser

SECONDS = 90
FILLER = " ".join(["and that is how the model learned to follow instructions"] * 12)
WITH_AUDIO = (
    "---\ntitle: Listening along\nepisode: 1\ndate: 2025-01-01\n"
    "audio: ../../static/clip.wav\n---\n"
    f"Jon Krohn: 00:00 Welcome to the show. {FILLER}\n"
    f"Julien Launay: 00:20 Thanks for having me. {FILLER}\n"
    f"Jon Krohn: 00:40 Let us talk post-training. {FILLER}\n"
    f"Julien Launay: 01:00 Reinforcement learning, mostly. {FILLER}\n"
)
WITHOUT_AUDIO = (
    "---\ntitle: Only words\nepisode: 2\ndate: 2025-01-08\n---\n"
    "Jon Krohn: 00:00 No audio for this one.\n"
    "Julien Launay: 00:20 Just the transcript.\n"
)
PLAYING = ".para.is-playing"


def silent_wav(seconds: int) -> bytes:
    """Mono 8 kHz 8-bit silence (unsigned samples, so 128 is zero): 720 kB for 90 s."""
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(1)
        w.setframerate(8000)
        w.writeframes(b"\x80" * 8000 * seconds)
    return out.getvalue()


class RangeHandler(QuietHandler):
    """SimpleHTTPRequestHandler always sends the whole file with 200, and Chromium then resets
    every seek to 0; answer `Range: bytes=a-b` with 206 and the slice, as static hosts do."""

    def send_head(self) -> Any:
        path = self.translate_path(self.path)
        match = re.fullmatch(r"bytes=(\d*)-(\d*)", self.headers.get("Range", "").strip())
        if match is None or not os.path.isfile(path) or match.groups() == ("", ""):
            return super().send_head()
        size = os.path.getsize(path)
        first, last = match.groups()
        if first == "":  # "bytes=-500": the last 500 bytes
            start, end = max(0, size - int(last)), size - 1
        else:
            start, end = int(first), min(int(last) if last else size - 1, size - 1)
        if start >= size or start > end:
            self.send_error(416)
            return None
        with open(path, "rb") as f:
            f.seek(start)
            body = f.read(end - start + 1)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("site")
    (site / "content" / "episodes").mkdir(parents=True)
    (site / "content" / "episodes" / "1.md").write_text(WITH_AUDIO)
    (site / "content" / "episodes" / "2.md").write_text(WITHOUT_AUDIO)
    (site / "static").mkdir()
    (site / "static" / "clip.wav").write_bytes(silent_wav(SECONDS))  # copied into the output
    with served_site(site, RangeHandler) as url:
        yield url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    # A small window, so one paragraph fills most of it and "kept in view" is a real question.
    with watched_page(browser, viewport={"width": 800, "height": 500}) as page:
        yield page


def current_time(page: Any) -> float:
    return float(page.evaluate("() => document.querySelector('audio').currentTime"))


def wait_for_playing(page: Any) -> None:
    page.wait_for_function(
        "() => { const a = document.querySelector('audio');"
        " return !a.paused && a.readyState >= 2; }"
    )


def playing_ids(page: Any) -> list[str]:
    return list(page.locator(PLAYING).evaluate_all("els => els.map(e => e.id)"))


def in_view(page: Any, anchor: str) -> bool:
    """The paragraph's top is on screen, below the sticky player."""
    return bool(
        page.evaluate(
            """(id) => {
                const r = document.getElementById(id).getBoundingClientRect();
                const bar = document.querySelector('.player').getBoundingClientRect();
                return r.top >= bar.bottom - 1 && r.top < window.innerHeight;
            }""",
            anchor,
        )
    )


def test_clicking_a_clock_plays_from_that_paragraph(page: Any, site_url: str) -> None:
    page.goto(site_url + "episodes/1/")
    page.locator('a.clock[href="#t=00:40"]').click()
    wait_for_playing(page)
    assert current_time(page) == pytest.approx(40, abs=1)
    assert page.url.endswith("#t=00:40")  # the link still goes to its anchor
    page.wait_for_function("() => document.querySelector('audio').currentTime > 40.3")
    assert playing_ids(page) == ["t=00:40"]  # highlighted, and only it
    assert page.locator(PLAYING).get_attribute("aria-current") == "true"


def test_the_highlight_moves_with_the_audio(page: Any, site_url: str) -> None:
    page.goto(site_url + "episodes/1/")
    page.locator('a.clock[href="#t=00:00"]').click()
    wait_for_playing(page)
    page.evaluate("() => { document.querySelector('audio').currentTime = 61; }")
    page.wait_for_function("() => document.querySelector('audio').currentTime > 61.3")
    assert playing_ids(page) == ["t=01:00"]
    page.evaluate("() => { document.querySelector('audio').currentTime = 25; }")
    page.wait_for_function(
        "() => document.querySelector('[id=\"t=00:20\"]').classList.contains('is-playing')"
    )
    assert playing_ids(page) == ["t=00:20"]


def test_keyboard_plays_from_a_clock(page: Any, site_url: str) -> None:
    page.goto(site_url + "episodes/1/")
    clock = page.locator('a.clock[href="#t=00:20"]')
    assert clock.get_attribute("aria-label") == "Play from 00:20"
    clock.focus()
    page.keyboard.press("Enter")
    wait_for_playing(page)
    assert current_time(page) == pytest.approx(20, abs=1)


@pytest.mark.parametrize(
    ("link", "anchor", "seconds"),
    [
        ("?t=20", "t=00:20", 20),
        ("#t=1:00", "t=01:00", 60),
        ("#t=45", "t=00:40", 45),  # inside a paragraph: that paragraph, from that second
        ("#t=1m", "t=01:00", 60),
        ("#t=00:40", "t=00:40", 40),  # the anchor itself, as a clock links it
    ],
)
def test_deep_links_land_on_the_paragraph_and_play_from_there(
    page: Any, site_url: str, link: str, anchor: str, seconds: float
) -> None:
    page.goto(site_url + "episodes/1/" + link)
    page.wait_for_function("(id) => location.hash === '#' + id", arg=anchor)
    assert in_view(page, anchor)
    assert playing_ids(page) == [anchor]  # the player is cued there before any play
    assert page.evaluate("() => document.querySelector('audio').paused")
    page.evaluate("() => document.querySelector('audio').play()")
    wait_for_playing(page)
    assert current_time(page) == pytest.approx(seconds, abs=1)
    assert playing_ids(page) == [anchor]


def test_a_range_link_stops_at_its_end(page: Any, site_url: str) -> None:
    page.goto(site_url + "episodes/1/#t=20,21.5")
    assert in_view(page, "t=00:20")
    page.evaluate("() => document.querySelector('audio').play()")
    wait_for_playing(page)
    assert current_time(page) == pytest.approx(20, abs=1)
    page.wait_for_function("() => document.querySelector('audio').paused", timeout=10_000)
    assert 21.5 <= current_time(page) < 23
    assert page.url.endswith("#t=20,21.5")  # the range stays in the address to share


def test_follow_keeps_the_paragraph_in_view_until_the_reader_scrolls(
    page: Any, site_url: str
) -> None:
    page.goto(site_url + "episodes/1/")
    follow = page.get_by_role("button", name="Follow along")
    assert follow.get_attribute("aria-pressed") == "true"
    page.locator('a.clock[href="#t=00:00"]').click()
    wait_for_playing(page)
    assert not in_view(page, "t=01:00")
    page.evaluate("() => { document.querySelector('audio').currentTime = 61; }")
    page.wait_for_function(
        "() => document.querySelector('[id=\"t=01:00\"]').matches('.is-playing')"
    )
    page.wait_for_function(
        "() => { const r = document.querySelector('.is-playing').getBoundingClientRect();"
        " return r.top < innerHeight && r.bottom > 0; }"
    )

    page.mouse.move(400, 300)
    page.mouse.wheel(0, -300)  # the reader scrolls back up: follow lets go
    page.wait_for_function("() => document.querySelector('.follow').ariaPressed === 'false'")
    page.wait_for_timeout(300)  # let the wheel's own scrolling settle
    where = page.evaluate("() => scrollY")
    page.evaluate("() => { document.querySelector('audio').currentTime = 21; }")
    page.wait_for_function(
        "() => document.querySelector('[id=\"t=00:20\"]').matches('.is-playing')"
    )
    page.wait_for_timeout(300)
    assert page.evaluate("() => scrollY") == where  # the page stays where the reader put it
    assert not in_view(page, "t=00:20")

    follow.click()  # back on: straight to the paragraph being played
    assert follow.get_attribute("aria-pressed") == "true"
    page.wait_for_function(
        "() => { const r = document.querySelector('.is-playing').getBoundingClientRect();"
        " return r.top < innerHeight && r.bottom > 0 && scrollY > 0; }"
    )


def test_follow_scrolls_without_animation_for_reduced_motion(browser: Any, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 800, "height": 500}, reduced_motion="reduce")
    page = context.new_page()
    page.goto(site_url + "episodes/1/")
    page.locator('a.clock[href="#t=00:00"]').click()
    page.wait_for_function("() => !document.querySelector('audio').paused")
    # Watch the scroll position on each frame: an instant jump has no values in between.
    page.evaluate(
        """() => { window.positions = [];
                   const rec = () => { positions.push(scrollY); requestAnimationFrame(rec); };
                   rec(); document.querySelector('audio').currentTime = 61; }"""
    )
    page.wait_for_function(
        "() => document.querySelector('[id=\"t=01:00\"]').matches('.is-playing')"
    )
    page.wait_for_timeout(500)
    positions = page.evaluate("() => positions")
    context.close()
    assert len(set(positions)) == 2, positions  # where it was, then where it jumped to


def test_a_page_without_audio_has_no_player_controls(page: Any, site_url: str) -> None:
    page.goto(site_url + "episodes/2/")
    assert page.locator("audio").count() == 0
    assert page.get_by_role("button", name="Follow along").count() == 0
    page.locator('a.clock[href="#t=00:20"]').click()
    assert page.url.endswith("#t=00:20")
    assert page.locator(":target").inner_text().endswith("Just the transcript.")
    assert page.locator(PLAYING).count() == 0


def test_without_javascript_the_player_and_anchors_still_work(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "episodes/1/#t=00:40")
    assert page.locator(":target").get_attribute("id") == "t=00:40"
    assert page.locator("audio[controls]").count() == 1
    assert page.locator(".follow").count() == 0  # nothing that needs the script is shown
    context.close()


def test_episode_page_with_audio_has_no_serious_accessibility_violations(
    page: Any, site_url: str
) -> None:
    page.goto(site_url + "episodes/1/")
    page.locator('a.clock[href="#t=00:20"]').click()  # highlight and follow toggle on screen
    wait_for_playing(page)
    assert axe_violations(page) == []
