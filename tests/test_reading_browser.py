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

from .browser_support import axe_violations, served_site
from .test_audio_browser import RangeHandler, silent_wav
from .test_browser import AXE_TAGS

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
    with served_site(site, RangeHandler) as url:
        yield url


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


# Find in this transcript


def test_find_counts_marks_and_steps_through_matches(page: Any, site_url: str) -> None:
    page.goto(site_url + "episodes/1/")
    field = page.get_by_role("searchbox", name="Find in transcript")
    field.fill("quagga")
    status = page.get_by_role("status")
    wait_for_count(page, "1 of 3")
    assert page.locator("mark.find-hit").count() == 3  # case-insensitive: quagga, Quagga
    assert current_match(page)["para"] == "t=00:00"

    field.press("Enter")  # next, keeping focus in the field as a browser's find does
    assert status.inner_text() == "2 of 3"
    assert current_match(page)["text"] == "Quagga"
    assert page.evaluate("() => document.activeElement.matches('.find-input')")

    page.get_by_role("button", name="Next match").click()
    assert status.inner_text() == "3 of 3"
    page.wait_for_function(
        "() => { const r = document.querySelector('mark.is-current').getBoundingClientRect();"
        " return r.top > 0 && r.bottom <= innerHeight; }"
    )
    assert current_match(page) == {"text": "quagga", "para": "t=01:00", "visible": True}
    assert page.locator("mark.is-current").count() == 1

    page.get_by_role("button", name="Next match").click()  # wraps round
    assert status.inner_text() == "1 of 3"
    field.press("Shift+Enter")  # previous, wrapping back
    assert status.inner_text() == "3 of 3"
    page.get_by_role("button", name="Previous match").click()
    assert status.inner_text() == "2 of 3"


def test_find_matches_curly_quotes_and_clears_its_marks(page: Any, site_url: str) -> None:
    page.goto(site_url + "episodes/1/")
    before = page.locator('[id="t=00:20"]').inner_html()
    field = page.get_by_role("searchbox", name="Find in transcript")
    field.fill("I'd say")  # the transcript has a curly apostrophe
    wait_for_count(page, "1 of 1")
    assert page.locator("mark.find-hit").inner_text() == "I\u2019d say"
    field.fill("no such words")
    wait_for_count(page, "No matches")
    assert page.locator("mark.find-hit").count() == 0
    field.fill("quagga")
    page.wait_for_function("() => document.querySelectorAll('mark.find-hit').length === 3")
    field.press("Escape")
    assert field.input_value() == ""
    assert page.locator("mark").count() == 0
    assert page.locator('[id="t=00:20"]').inner_html() == before  # the text is as it was


def test_find_works_on_a_page_without_audio_or_times(page: Any, site_url: str) -> None:
    page.goto(site_url + "episodes/3/")
    page.get_by_role("searchbox", name="Find in transcript").fill("words")
    wait_for_count(page, "1 of 2")
    assert page.locator("mark.find-hit").count() == 2


# Playing from a paragraph, speed, keys


def test_clicking_a_paragraph_plays_from_its_start(page: Any, site_url: str) -> None:
    page.goto(site_url + "episodes/1/")
    page.locator('[id="t=00:40"]').click(position={"x": 300, "y": 10})
    wait_for_playing(page)
    assert audio_time(page) == pytest.approx(40, abs=1)
    assert ids(page, PLAYING) == ["t=00:40"]
    assert page.url.endswith("/episodes/1/")  # playing is not navigating


def test_selecting_text_in_a_paragraph_does_not_play(page: Any, site_url: str) -> None:
    page.goto(site_url + "episodes/1/")
    para = page.locator('[id="t=00:20"]')
    para.dblclick(position={"x": 300, "y": 10})  # selects a word
    box = para.bounding_box()
    page.mouse.move(box["x"] + 100, box["y"] + 10)  # and a drag selects some more
    page.mouse.down()
    page.mouse.move(box["x"] + 400, box["y"] + 30)
    page.mouse.up()
    page.wait_for_timeout(600)
    assert paused(page)
    assert audio_time(page) == 0


def test_speed_menu_sets_and_remembers_the_playback_rate(page: Any, site_url: str) -> None:
    page.goto(site_url + "episodes/1/")
    speed = page.get_by_role("combobox", name="Playback speed")
    assert speed.input_value() == "1"
    speed.select_option("1.5")
    assert page.evaluate("() => document.querySelector('audio').playbackRate") == 1.5
    page.locator('a.clock[href="#t=00:20"]').click()
    wait_for_playing(page)
    assert page.evaluate("() => document.querySelector('audio').playbackRate") == 1.5
    page.goto(site_url + "episodes/1/#t=01:00")  # another visit: the same speed
    assert page.get_by_role("combobox", name="Playback speed").input_value() == "1.5"
    assert page.evaluate("() => document.querySelector('audio').playbackRate") == 1.5


def test_keyboard_shortcuts_play_pause_and_seek(page: Any, site_url: str) -> None:
    page.goto(site_url + "episodes/1/#t=00:20")
    page.locator("h1").click()  # focus on the page, not in a control
    page.keyboard.press("Space")
    wait_for_playing(page)
    assert audio_time(page) == pytest.approx(20, abs=1)
    page.keyboard.press("ArrowRight")
    assert audio_time(page) == pytest.approx(25, abs=1)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert audio_time(page) == pytest.approx(15, abs=1)
    assert page.get_by_role("button", name="Follow along").get_attribute("aria-pressed") == "true"
    page.keyboard.press("k")
    page.wait_for_function("() => document.querySelector('audio').paused")


def test_seeking_by_key_before_playing_moves_the_cued_paragraph(page: Any, site_url: str) -> None:
    page.goto(site_url + "episodes/1/#t=00:35")  # cued at 35 s, not playing
    assert ids(page, PLAYING) == ["t=00:20"]
    page.locator("h1").click()
    page.keyboard.press("ArrowRight")
    # At once before the audio's length has loaded, on its seeked event after.
    page.wait_for_function(
        "(s) => [...document.querySelectorAll(s)].map(e => e.id).join() === 't=00:40'", arg=PLAYING
    )
    assert paused(page)
    page.keyboard.press("Space")
    wait_for_playing(page)
    assert audio_time(page) == pytest.approx(40, abs=1)


def test_finding_while_playing_turns_follow_off(page: Any, site_url: str) -> None:
    page.goto(site_url + "episodes/1/")
    page.locator('a.clock[href="#t=00:00"]').click()
    wait_for_playing(page)
    follow = page.get_by_role("button", name="Follow along")
    assert follow.get_attribute("aria-pressed") == "true"
    page.get_by_role("searchbox", name="Find in transcript").fill("mostly quagga")
    wait_for_count(page, "1 of 1")
    assert follow.get_attribute("aria-pressed") == "false"  # the match stays where it is shown
    page.wait_for_function(
        "() => { const r = document.querySelector('mark.is-current').getBoundingClientRect();"
        " return r.top > 0 && r.bottom <= innerHeight; }"
    )


def test_shortcuts_leave_fields_buttons_and_modifiers_alone(page: Any, site_url: str) -> None:
    page.goto(site_url + "episodes/1/")
    field = page.get_by_role("searchbox", name="Find in transcript")
    field.press("Space")
    field.press("ArrowLeft")
    assert field.input_value() == " "  # typed, not taken
    page.locator("h1").click()
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Control+ArrowRight")
    assert audio_time(page) == 0
    assert paused(page)
    page.get_by_role("button", name="Follow along").focus()
    page.keyboard.press("Space")  # presses the button
    assert page.get_by_role("button", name="Follow along").get_attribute("aria-pressed") == "false"
    assert paused(page)


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


def test_a_selected_passage_gets_a_link_to_its_time_range(browser: Any, site_url: str) -> None:
    context = browser.new_context(
        viewport={"width": 800, "height": 900}, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    errors = watch_errors(page)
    page.goto(site_url + "episodes/1/")
    page.evaluate(
        """() => {
            const from = document.getElementById('t=00:20').lastChild;  // its text
            const to = document.getElementById('t=00:40').lastChild;
            const range = document.createRange();
            range.setStart(from, 10);
            range.setEnd(to, 12);
            getSelection().removeAllRanges();
            getSelection().addRange(range);
        }"""
    )
    share = page.get_by_role("button", name="Copy link to 00:20\u201301:00")
    share.click()
    page.wait_for_function(
        "() => document.querySelector('.share-passage').textContent === 'Link copied'"
    )
    url = page.evaluate("() => navigator.clipboard.readText()")
    assert url == site_url + "episodes/1/#t=00:20,01:00"
    assert paused(page)  # the click copied; it did not play

    page.goto(url)  # whoever opens it lands on the passage, highlighted, and hears only it
    assert highlighted(page) == ["t=00:20", "t=00:40"]
    page.evaluate("() => getSelection().removeAllRanges()")
    page.wait_for_selector(".share-passage", state="hidden")
    context.close()
    assert errors == [], f"console errors: {errors}"


def test_no_share_button_for_a_selection_outside_the_transcript(page: Any, site_url: str) -> None:
    page.goto(site_url + "episodes/1/")
    page.locator("h1").dblclick()
    page.wait_for_timeout(400)
    assert page.locator(".share-passage:visible").count() == 0


# Without script, and accessibility


def test_without_javascript_there_are_no_reading_controls(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "episodes/1/")
    assert page.locator(".find, select.speed, .share-passage, .print-url").count() == 0
    assert page.locator("audio[controls]").count() == 1
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_reading_controls_pass_axe_in_both_schemes(
    browser: Any, site_url: str, scheme: str
) -> None:
    context = browser.new_context(
        viewport={"width": 800, "height": 900},
        color_scheme=scheme,
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = context.new_page()
    errors = watch_errors(page)
    page.goto(site_url + "episodes/1/#t=00:25,01:00")  # a highlighted passage
    page.get_by_role("searchbox", name="Find in transcript").fill("quagga")
    page.wait_for_function("() => document.querySelectorAll('mark.find-hit').length === 3")
    page.locator('a.clock[href="#t=00:40"]').click()  # the paragraph being played, too
    wait_for_playing(page)
    page.evaluate(
        """() => { const t = document.getElementById('t=01:00').lastChild;
                   const r = document.createRange(); r.setStart(t, 5); r.setEnd(t, 30);
                   getSelection().removeAllRanges(); getSelection().addRange(r); }"""
    )
    page.wait_for_selector(".share-passage:visible")
    serious = axe_violations(page, AXE_TAGS)
    context.close()
    assert serious == []
    assert errors == [], f"console errors: {errors}"
