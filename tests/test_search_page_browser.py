"""The search page on any screen (issue 17), in a real Chromium: readable and axe-clean with
results shown in both colour schemes, one search box, exact phrases first (across episodes and
within one), the searched words marked on the page a result lands on, speakers' names not
matched as headings, and the first result in view on a 390 px phone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest

from sitegen.build import build

from .browser_support import WCAG_22_AA, axe_violations, static_server

pytestmark = pytest.mark.browser

PHRASE = "dependency injection"
# Episode 1 says the words (in other forms) again and again, never the phrase: by terms alone
# it outranks episode 2, which says the phrase once.
WORDY = (
    "Our service depends on the database, and we keep injecting the config by hand. The "
    "injection happens at startup and everything depends on that dependency graph."
)
EPISODES = {
    "1.txt": "".join(f"Zanzibar Quill: 00:{i:02d}:00 {WORDY}\n" for i in range(12)),
    "1.yaml": "title: Wiring services\n",
    # Within episode 2 the moment that says the phrase comes after ones that hold more of the
    # words' forms, more often.
    "2.txt": (
        "Mara Vell: 00:00:00 We talked about testing and the weather today.\n"
        "Mara Vell: 00:01:00 Dependencies get injected, dependent code is injecting "
        "dependencies, injections everywhere.\n"
        "Zanzibar Quill: 00:02:00 Agreed, the injected dependencies multiply.\n"
        "Mara Vell: 00:03:00 Dependency injection is how we pass collaborators in.\n"
        "Zanzibar Quill: 00:04:00 Thanks, Mara, that is all for today.\n"
    ),
    "2.yaml": "title: On testing\n",
}
SCHEMES = ["light", "dark"]
RESULTS = ".pagefind-ui__result"
TITLES = ".pagefind-ui__result-link:not(.pagefind-ui__result-nested *)"
MOMENTS = ".pagefind-ui__result-nested .pagefind-ui__result-link"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("search-page")
    (site / "sitegen.toml").write_text('title = "Phrase Cast"\n')
    episodes = site / "content" / "episodes"
    episodes.mkdir(parents=True)
    for name, text in EPISODES.items():
        (episodes / name).write_text(text)
    www = tmp_path_factory.mktemp("www")
    result = build(site, out_dir=www / "sub", base_url="/sub/")
    assert not result.failed(strict=False), [d.format() for d in result.diagnostics]
    with static_server(www) as url:
        yield url + "sub/"


def new_page(browser: Any, errors: list[str], **context: Any) -> Any:
    page = browser.new_context(**context).new_page()
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return page


def search(page: Any, site_url: str, query: str) -> None:
    """Open /search/?q=… and wait for the results and their moments to be drawn."""
    page.goto(site_url + "search/?q=" + quote(query))
    page.locator(MOMENTS).first.wait_for(timeout=15_000)
    page.wait_for_load_state("networkidle")
    # Pagefind draws a result's moments as its data arrives: wait until they stop changing.
    page.wait_for_function(
        """() => {
          const now = document.querySelectorAll('.pagefind-ui__result-nested').length;
          const same = window.__moments === now; window.__moments = now; return same;
        }""",
        polling=300,
        timeout=10_000,
    )


@pytest.mark.parametrize("scheme", SCHEMES)
def test_search_page_with_results_is_axe_clean(browser: Any, site_url: str, scheme: str) -> None:
    errors: list[str] = []
    page = new_page(browser, errors, color_scheme=scheme)
    search(page, site_url, PHRASE)
    for summary in page.locator(".pagefind-ui__filter-name").all():
        summary.click()  # the filters open, so their labels are checked too
    page.locator(".pagefind-ui__filter-label").first.wait_for()
    assert axe_violations(page, WCAG_22_AA, impacts=None) == []
    assert errors == []
    page.context.close()


CONTRAST = """(el) => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  let back = el;
  while (back && (rgb(getComputedStyle(back).backgroundColor)[3] ?? 1) === 0) {
    back = back.parentElement;
  }
  const bg = back ? rgb(getComputedStyle(back).backgroundColor) : [255, 255, 255];
  const fg = rgb(getComputedStyle(el).color);
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""


@pytest.mark.parametrize("scheme", SCHEMES)
def test_typed_search_text_contrasts_with_its_box(browser: Any, site_url: str, scheme: str) -> None:
    errors: list[str] = []
    page = new_page(browser, errors, color_scheme=scheme)
    page.goto(site_url + "search/")
    box = page.locator(".pagefind-ui__search-input")
    box.fill("injection")
    page.locator(RESULTS).first.wait_for(timeout=15_000)
    assert box.input_value() == "injection"
    assert box.evaluate(CONTRAST) >= 4.5
    # Named for assistive technology, and the only search box on the page.
    assert box.get_attribute("aria-label") == "Search the transcripts"
    assert page.locator("input[type=search], input.pagefind-ui__search-input").count() == 1
    assert page.locator(".site-search").count() == 0
    assert errors == []
    page.context.close()


def test_other_pages_keep_the_header_search_box(browser: Any, site_url: str) -> None:
    errors: list[str] = []
    page = new_page(browser, errors)
    page.goto(site_url)
    assert page.locator(".site-search input[type=search]").count() == 1
    page.context.close()


def test_exact_phrase_comes_first(browser: Any, site_url: str) -> None:
    errors: list[str] = []
    page = new_page(browser, errors)
    search(page, site_url, PHRASE)
    # The episode that says the phrase, above the one that says its words more often.
    assert page.locator(TITLES).all_inner_texts() == [
        "Episode 2: On testing",
        "Episode 1: Wiring services",
    ]
    # Within it, the moment that says the phrase first, before those with more of the words.
    first = page.locator(RESULTS).first
    moments = first.locator(".pagefind-ui__result-nested")
    assert moments.first.locator("a").inner_text() == "03:00 · Mara Vell"
    assert "Dependency" in moments.first.inner_text()
    assert moments.count() > 1  # the other moments still follow
    # A quoted search is Pagefind's own: only the phrase.
    search(page, site_url, f'"{PHRASE}"')
    assert page.locator(TITLES).all_inner_texts() == ["Episode 2: On testing"]
    assert errors == []
    page.context.close()


def test_speaker_names_are_not_matched_as_headings(browser: Any, site_url: str) -> None:
    errors: list[str] = []
    page = new_page(browser, errors)
    # Zanzibar Quill speaks in both episodes but nobody says "Quill": no result.
    page.goto(site_url + "search/?q=quill")
    page.locator(".pagefind-ui__message").filter(has_text="No results").wait_for(timeout=15_000)
    assert page.locator(RESULTS).count() == 0
    # "Mara" is said once (by Zanzibar Quill), and she speaks four times: one moment.
    search(page, site_url, "mara")
    assert page.locator(TITLES).all_inner_texts() == ["Episode 2: On testing"]
    assert page.locator(MOMENTS).all_inner_texts() == ["04:00 · Zanzibar Quill"]
    assert errors == []
    page.context.close()


def test_landing_page_marks_the_searched_words(browser: Any, site_url: str) -> None:
    errors: list[str] = []
    page = new_page(browser, errors)
    search(page, site_url, PHRASE)
    moment = page.locator(MOMENTS).first
    href = moment.get_attribute("href")
    assert href.endswith("episodes/2/?highlight=dependency%20injection#t=03:00"), href
    moment.click()
    page.wait_for_url("**/episodes/2/?highlight=*#t=03:00")
    marks = page.locator("main mark.search-hit")
    marks.first.wait_for(timeout=5_000)
    landed = page.locator('[id="t=03:00"]')
    assert landed.locator("mark.search-hit").all_inner_texts() == ["Dependency", "injection"]
    # Longer words that begin with a searched word are marked too; clocks and names are not.
    assert "injections" in marks.all_inner_texts()
    assert page.locator(".clock mark, .speaker mark, header mark").count() == 0
    assert page.evaluate("() => location.hash") == "#t=03:00"
    assert errors == []
    page.context.close()


def test_landing_link_works_without_javascript(browser: Any, site_url: str) -> None:
    errors: list[str] = []
    page = new_page(browser, errors, java_script_enabled=False)
    page.goto(site_url + "episodes/2/?highlight=dependency%20injection#t=03:00")
    assert page.locator('[id="t=03:00"]').evaluate("(el) => el.matches(':target')")
    assert page.locator("mark").count() == 0
    assert "Dependency injection" in page.locator('[id="t=03:00"]').inner_text()
    page.context.close()


def test_first_result_is_in_view_on_a_phone(browser: Any, site_url: str) -> None:
    errors: list[str] = []
    page = new_page(
        browser, errors, viewport={"width": 390, "height": 664}, is_mobile=True, has_touch=True
    )
    search(page, site_url, PHRASE)
    first = page.locator(TITLES).first
    box = first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 664, box
    panel = page.locator(".pagefind-ui__filter-panel")
    assert not panel.is_visible()
    # The filters are one tap away, and the tap says whether they are open.
    toggle = page.get_by_role("button", name="Filters")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert panel.is_visible()
    toggle.click()
    assert not panel.is_visible()
    # Nothing is wider than the screen.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert errors == []
    page.context.close()


def test_wide_screens_show_the_filters_beside_the_results(browser: Any, site_url: str) -> None:
    errors: list[str] = []
    page = new_page(browser, errors, viewport={"width": 1024, "height": 768})
    search(page, site_url, PHRASE)
    assert page.locator(".pagefind-ui__filter-panel").is_visible()
    assert not page.locator(".search-filters-toggle").is_visible()
    # A filter narrows the results.
    speaker = page.locator(".pagefind-ui__filter-block", has_text="Speaker")
    speaker.locator("summary").click()
    label = speaker.locator(".pagefind-ui__filter-label", has_text="Mara Vell")
    speaker.locator(f'[id="{label.get_attribute("for")}"]').check()
    page.wait_for_function(
        f"() => document.querySelectorAll('{TITLES}').length === 1", timeout=15_000
    )
    # Pagefind's own search by filters alone (a null term) goes through the phrase wrapper.
    found = page.evaluate(
        """async () => {
          const pf = await import(new URL('../static/pagefind.js', location.href).href);
          const r = await pf.search(null, {filters: {speaker: ['Mara Vell']}});
          return Promise.all(r.results.map(async (x) => (await x.data()).meta.title));
        }"""
    )
    assert found == ["Episode 2: On testing"]
    assert errors == []
    page.context.close()


def test_search_page_without_javascript_has_no_dead_filter_button(
    browser: Any, site_url: str
) -> None:
    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(site_url + "search/")
    assert not page.locator(".search-filters-toggle").is_visible()
    assert "home page" in page.locator("main").inner_text()
    page.context.close()
