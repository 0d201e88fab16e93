"""Search shows every title and name as the text it is (issue 16): in a real Chromium, an episode
title, speaker names (from a sidecar's `speakers:` mapping and from a JSON transcript) and show
titles that look like HTML reach the reader of /search/ as text, in results and filters."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from sitegen.build import build

from .browser_support import static_server

pytestmark = pytest.mark.browser

PAYLOAD = "<img src=x onerror=window.__xss=1>"
TOM = "Tom & Jerry <3"
TITLE = f"{PAYLOAD} {TOM}"

NETWORK_TOML = f"""title = "Network"

[shows.evil]
title = {json.dumps(PAYLOAD + " Show")}

[shows.tom]
title = {json.dumps(TOM)}
"""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("escaping")
    json_transcript = {
        "version": "1.0.0",
        "segments": [
            {"speaker": PAYLOAD, "startTime": 0.0, "endTime": 9.0, "body": "The zebra is here."},
            {
                "speaker": TOM,
                "startTime": 9.0,
                "endTime": 12.0,
                "body": f"A zebra {PAYLOAD} again.",
            },
        ],
    }
    files = {
        "sitegen.toml": NETWORK_TOML,
        "content/evil/1.txt": (
            "Speaker 1: 00:00 The zebra said hello.\nSpeaker 2: 00:10 A zebra answered back.\n"
        ),
        "content/evil/1.yaml": (
            f"title: {json.dumps(TITLE)}\n"
            f"speakers: {{Speaker 1: {json.dumps(PAYLOAD)}, Speaker 2: {json.dumps(TOM)}}}\n"
        ),
        "content/tom/2.json": json.dumps(json_transcript),
    }
    for rel, text in files.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    www = tmp_path_factory.mktemp("www")
    result = build(site, out_dir=www / "net", base_url="/net/")
    assert not result.failed(strict=False), [d.format() for d in result.diagnostics]
    with static_server(www) as url:
        yield url + "net/"


def _filter_labels(page: Any, name: str) -> list[str]:
    block = page.locator(".pagefind-ui__filter-block", has_text=name)
    texts: list[str] = block.locator(".pagefind-ui__filter-label").all_inner_texts()
    return sorted(t.strip() for t in texts)


def test_titles_and_names_reach_the_search_page_as_text(browser: Any, site_url: str) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(site_url + "search/?q=zebra")
    results = page.locator(".pagefind-ui__result-link:not(.pagefind-ui__result-nested *)")
    results.nth(1).wait_for(timeout=10_000)
    for block in page.locator(".pagefind-ui__filter-block").all():
        if block.get_attribute("open") is None:
            block.locator("summary").click()
    page.locator(".pagefind-ui__filter-label").nth(5).wait_for(timeout=10_000)
    page.wait_for_load_state("networkidle")

    # Nothing that looks like markup became markup.
    assert page.evaluate("() => window.__xss") is None
    assert page.locator("img[src=x]").count() == 0
    assert page.locator("#search img").count() == 0

    # The reader sees exactly the original text: no markup, no `&amp;`.
    assert sorted(results.all_inner_texts()) == ["Episode 1: " + TITLE, "Episode 2"]
    moments = page.locator(".pagefind-ui__result-nested .pagefind-ui__result-link")
    headings = set(moments.all_inner_texts())
    assert {f"00:00 · {PAYLOAD}", f"00:09 · {TOM}", f"00:10 · {TOM}"} <= headings
    excerpts = page.locator(".pagefind-ui__result-nested .pagefind-ui__result-excerpt")
    assert any(PAYLOAD in text for text in excerpts.all_inner_texts())
    # An excerpt is only what was said: the heading Pagefind puts before it is dropped.
    assert not any("Jerry" in text for text in excerpts.all_inner_texts())

    assert _filter_labels(page, "Episode") == ["Episode 1: " + TITLE + " (1)", "Episode 2 (1)"]
    assert _filter_labels(page, "Speaker") == sorted([f"{PAYLOAD} (2)", f"{TOM} (2)"])
    assert _filter_labels(page, "Show") == sorted([f"{PAYLOAD} Show (1)", f"{TOM} (1)"])

    # And the filters still filter.
    show_filter = page.locator(".pagefind-ui__filter-block", has_text="Show")
    # Checked, not clicked once: Playwright retries until the box holds, should the UI draw
    # the filters again meanwhile.
    label = show_filter.locator(".pagefind-ui__filter-label", has_text=TOM)
    box_id = label.get_attribute("for")
    show_filter.locator(f'[id="{box_id}"]').check()
    page.wait_for_function(
        "() => document.querySelectorAll("
        "'.pagefind-ui__result-link:not(.pagefind-ui__result-nested *)').length === 1"
    )
    assert results.first.inner_text() == "Episode 2"
    assert page.evaluate("() => window.__xss") is None
    assert errors == []
    page.close()
