"""The index pages of a site with thin metadata: the home page lists each episode once, a
speaker page has no empty Date column, word counts have thousands separators, and a snippet's
own quote marks are not doubled by `<q>`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.views import quotation


def make_site(root: Path, count: int, dated: bool = False) -> Path:
    episodes = root / "content" / "episodes"
    episodes.mkdir(parents=True)
    words = " ".join(["word"] * 700)
    for number in range(1, count + 1):
        text = f"Ann Lee: 00:01 {words}.\nBob Ray: 05:00 Thanks.\n"
        if number == count:
            text += 'Bob Ray: 06:00 He said "go back to episode 1"\n'
        front = f"---\ndate: 2024-01-{number:02d}\n---\n" if dated else ""
        (episodes / f"{number}-topic-{number}.txt").write_text(front + text, encoding="utf-8")
    result = build(root, out_dir=root / "_site")
    assert not [d for d in result.diagnostics if d.severity.name == "ERROR"]
    return root / "_site"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site(tmp_path_factory.mktemp("undated"), 12)


def episode_links(html: str) -> list[str]:
    return re.findall(r'<a href="(episodes/[^"]+)"', html)


def test_home_lists_each_episode_once(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    links = episode_links(html)
    assert sorted(links) == sorted(f"episodes/{n}/" for n in range(1, 13))
    assert "Latest episodes" in html and "Earlier episodes" in html
    assert "All episodes" not in html


def test_a_small_archive_is_one_list(tmp_path: Path) -> None:
    html = (make_site(tmp_path, 3) / "index.html").read_text(encoding="utf-8")
    assert len(episode_links(html)) == 3
    assert "Earlier episodes" not in html and "Undated" not in html


def test_speaker_page_has_no_date_column_when_no_episode_has_a_date(site: Path) -> None:
    html = (site / "speakers" / "ann-lee" / "index.html").read_text(encoding="utf-8")
    assert ">Date</th>" not in html
    assert "<td></td>" not in html
    header = re.search(r"<thead>(.*?)</thead>", html, re.S)
    row = re.search(r"<tbody>\s*<tr>(.*?)</tr>", html, re.S)
    assert header is not None and row is not None
    assert header.group(1).count("<th") == row.group(1).count("<t")


def test_speaker_page_has_the_date_column_when_episodes_have_dates(tmp_path: Path) -> None:
    site = make_site(tmp_path, 2, dated=True)
    html = (site / "speakers" / "ann-lee" / "index.html").read_text(encoding="utf-8")
    assert ">Date</th>" in html
    assert '<time datetime="2024-01-02">' in html


def test_word_counts_have_thousands_separators(site: Path) -> None:
    people = (site / "speakers" / "index.html").read_text(encoding="utf-8")
    assert '<td data-value="8400">8,400</td>' in people  # raw in data-value, for sorting
    speaker = (site / "speakers" / "ann-lee" / "index.html").read_text(encoding="utf-8")
    assert "<dd>8,400</dd>" in speaker
    assert '<td data-label="Words">700</td>' in speaker


@pytest.mark.parametrize(
    "page",
    [
        "references/index.html",
        "episodes/1/index.html",  # Mentioned by
        "episodes/12/index.html",  # Mentioned in this episode
    ],
)
def test_reference_quotes_are_not_doubled(site: Path, page: str) -> None:
    html = (site / page).read_text(encoding="utf-8")
    assert "<q>He said \u2018go back to episode 1\u2019</q>" in html
    assert not re.search(r"[\"\u201d]</q>|<q>[\"\u201c]", html)


@pytest.mark.parametrize(
    ("snippet", "shown"),
    [
        ('\u2026see episode 12."', "\u2026see episode 12."),  # its pair is cut off
        ('"see episode 12 \u2026', "see episode 12 \u2026"),
        ('"see episode 12"', "see episode 12"),  # one quotation: `<q>` marks it
        ("\u201cas in episode 12.\u201d", "as in episode 12."),
        ('He said "see episode 12"', "He said \u2018see episode 12\u2019"),  # nested
        ('as in "episode 12" and more', 'as in "episode 12" and more'),  # not at an edge
        ("the hosts\u2019", "the hosts\u2019"),  # an apostrophe is no quote mark
    ],
)
def test_quotation(snippet: str, shown: str) -> None:
    assert quotation(snippet) == shown


def test_a_show_without_speakers_says_so_on_its_speakers_page(tmp_path: Path) -> None:
    episodes = tmp_path / "content" / "episodes"
    episodes.mkdir(parents=True)
    (episodes / "1-hello.txt").write_text("00:00:06 Hello there.\n00:00:09 And welcome.\n")
    result = build(tmp_path, out_dir=tmp_path / "_site")
    assert not result.archive.speakers
    site = tmp_path / "_site"
    html = (site / "speakers" / "index.html").read_text(encoding="utf-8")
    assert "<table" not in html and "sort-table.js" not in html
    assert "do not name their speakers" in html
    assert [p.name for p in (site / "speakers").iterdir()] == ["index.html"]
