"""A real transcript with sparse clocks (Ship It, a clock every few minutes) built into pages
whose every paragraph has a time anchor: estimated ones marked, the old position ids kept, the
times those of the JSON download, and mentions linking and showing them."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from sitegen.build import build

from .conftest import CORPUS, MakeSite, require_shared

SHIP_IT = CORPUS / "changelog-shipit"
PARAGRAPH = re.compile(
    r'<p class="para" id="([^"]+)"(?: data-start="(\d+)")?>(<a class="clock[^>]*>)?'
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_shared(SHIP_IT)
    root = tmp_path_factory.mktemp("shipit")
    episodes = root / "content" / "episodes"
    episodes.mkdir(parents=True)
    for number in (40, 50):  # 50 mentions 40 between two clocks
        shutil.copy(SHIP_IT / f"ship-it-{number}.md", episodes)
    (root / "sitegen.toml").write_text('show_names = ["Ship It"]\n')
    out = root / "_site"
    result = build(root, out_dir=out, search=False)
    assert not result.failed(strict=False), [d.format() for d in result.diagnostics]
    return out


def paragraphs(site: Path, key: str) -> list[tuple[str, int | None, str]]:
    html = (site / f"episodes/{key}/index.html").read_text()
    return [
        (anchor, int(start) if start else None, clock or "")
        for anchor, start, clock in PARAGRAPH.findall(html)
    ]


def test_every_paragraph_has_a_time_anchor_and_estimated_ones_are_marked(site: Path) -> None:
    found = paragraphs(site, "50")
    assert len(found) > 200
    assert all(anchor.startswith("t=") and start is not None for anchor, start, _c in found)
    assert len({anchor for anchor, _s, _c in found}) == len(found)  # unique
    estimated = [clock for _a, _s, clock in found if "estimated" in clock]
    clocked = [clock for _a, _s, clock in found if "estimated" not in clock]
    assert len(clocked) == 16 and len(estimated) == len(found) - 16  # the clocks the file has
    assert all('aria-label="Link to about ' in c and ', estimated time"' in c for c in estimated)
    page = (site / "episodes/50/index.html").read_text()
    assert "Times marked ~ are estimated" in page
    # One clock per paragraph in the transcript (the chapter list above it has clocks of its own).
    start = page.index('<section class="transcript"')
    transcript = page[start : page.index("</section>", start)]
    assert transcript.count("<time datetime=") == len(found)
    assert ">~05:37</time></a> Hence we are flying." in page


def test_estimated_times_are_the_json_downloads(site: Path) -> None:
    segments = json.loads((site / "episodes/50/transcript.json").read_text())["segments"]
    found = paragraphs(site, "50")
    assert [round(s["startTime"] * 1000) for s in segments] == [s for _a, s, _c in found]
    assert [bool(s.get("timeEstimated")) for s in segments] == [
        "estimated" in clock for _a, _s, clock in found
    ]


def test_old_position_ids_stay_on_the_paragraphs_they_named(site: Path) -> None:
    # Before every paragraph had a time, a paragraph without a clock had the id `p<index>`.
    for index, (_anchor, _start, clock) in enumerate(paragraphs(site, "50")):
        if "estimated" in clock:
            assert f' id="p{index}"' in clock
        else:
            assert ' id="p' not in clock


def test_mentions_link_the_time_anchor_and_show_the_time(site: Path) -> None:
    link = (
        '<a href="../../episodes/50/#t=05:37">Episode 50 at <span class="estimated" '
        'title="Estimated time">~05:37<span class="visually-hidden">, estimated</span></span></a>'
    )
    assert link in (site / "episodes/40/index.html").read_text()
    references = (site / "references/index.html").read_text()
    assert link.replace("../../", "../") in references
    out = (site / "episodes/50/index.html").read_text()
    assert '<a class="moment" href="#t=05:37">at <span class="estimated"' in out


def test_without_any_clock_mentions_name_the_paragraph(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site(
        {
            "content/episodes/33.md": "**Ann:** Merry Shipmas.\n",
            "content/episodes/80.md": "**Ann:** Hi.\n\n**Bob:** As in episode 33, yes.\n",
        }
    )
    out = tmp_path / "out"
    assert not build(site, out_dir=out, search=False).failed(strict=False)
    page = (out / "episodes/80/index.html").read_text()
    assert '<p class="para" id="p1">As in' in page  # no time to show, nothing estimated
    assert "~" not in page and "Times marked" not in page
    link = '<a href="../../episodes/80/#p1">Episode 80, paragraph 2</a>'
    assert link in (out / "episodes/33/index.html").read_text()
    assert '<a class="moment" href="#p1">paragraph 2</a>' in page
