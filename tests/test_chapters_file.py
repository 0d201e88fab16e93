"""Podcasting 2.0 chapters files. Read: one beside a transcript (`12.chapters.json`, as podcast
hosts export them) makes the page's table of contents, is a sidecar and never a transcript, has
its problems reported at their lines, comes after the metadata's own `chapters:`, and an edit of
it alone makes the page again, with the parse cache and in `sitegen serve`. Published: the
podcaster's chapters (two or more) as `episodes/<key>/chapters.json`, named by the feed's
`podcast:chapters`, whatever `downloads` lists, and kept right by incremental builds."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.cli import main
from sitegen.feeds import PODCAST
from sitegen.incremental import LiveSite
from sitegen.options import BuildOptions

from .conftest import MakeSite

TRANSCRIPT = (
    "Ann Lee: 00:00 Hello and welcome.\n"
    "Bob Ray: 01:00 Let us talk about the main thing.\n"
    "Ann Lee: 02:30 And that was it.\n"
)
CHAPTERS = {
    "version": "1.2.0",
    "chapters": [
        {"startTime": 0, "title": "Welcome"},
        {"startTime": 42.5, "img": "art.png", "toc": False},  # artwork for players only
        {"startTime": 60, "title": "The  main\nthing", "url": "https://example.org"},
    ],
}


def chapter_titles(site: Path, key: str = "12", out: str = "_site") -> list[str]:
    html = (site / out / "episodes" / key / "index.html").read_text()
    match = re.search(r'<nav class="chapters".*?</nav>', html, re.DOTALL)
    return re.findall(r'class="chapter-title">([^<]*)<', match.group(0)) if match else []


def test_the_chapters_file_gives_the_table_of_contents(make_site: MakeSite) -> None:
    site = make_site(
        {
            "content/episodes/12.txt": TRANSCRIPT,
            "content/episodes/12.chapters.json": json.dumps(CHAPTERS),
        }
    )
    result = build(site, out_dir=site / "_site")
    assert result.diagnostics == []
    assert chapter_titles(site) == ["Welcome", "The main thing"]
    html = (site / "_site" / "episodes" / "12" / "index.html").read_text()
    assert '<a href="#t=01:00"><time datetime="PT1M0S">01:00</time>' in html
    # A sidecar of the episode: one episode, and the file counted, not read as a transcript.
    assert len(result.archive.episodes) == 1
    assert result.accounting is not None and result.accounting.sidecars == 1


def test_each_bad_chapter_is_a_warning_at_its_line_and_the_rest_are_kept(
    make_site: MakeSite,
) -> None:
    chapters = (
        '{"version": "1.2.0",\n'
        ' "chapters": [\n'
        '  {"startTime": 60, "title": "Later"},\n'
        '  {"startTime": "1:00", "title": "A clock, not seconds"},\n'
        '  {"startTime": 30},\n'
        '  "Intro",\n'
        '  {"startTime": 0, "title": "Start"}\n'
        " ]}\n"
    )
    site = make_site(
        {"content/episodes/12.txt": TRANSCRIPT, "content/episodes/12.chapters.json": chapters}
    )
    result = build(site, out_dir=site / "_site")
    found = [(d.line, d.message) for d in result.diagnostics]
    assert [line for line, _ in found] == [4, 5, 6, 7]
    assert "chapter 2 needs a `startTime` in seconds" in found[0][1]
    assert "chapter 3 has no `title`" in found[1][1]
    assert "chapter 4 must be an object" in found[2][1]
    assert "chapter 5 (00:00) starts before the one above it" in found[3][1]
    assert chapter_titles(site) == ["Start", "Later"]  # in time order


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('{"version": "1.2.0",\n "chapters": [\n', 3, "not JSON"),
        ('{"segments": []}', 1, "not a chapters file"),
    ],
    ids=["cut short", "a transcript's JSON"],
)
def test_a_file_that_is_no_chapters_file_is_an_error_and_the_episode_is_built(
    make_site: MakeSite, text: str, line: int, words: str
) -> None:
    site = make_site(
        {"content/episodes/12.txt": TRANSCRIPT, "content/episodes/12.chapters.json": text}
    )
    result = build(site, out_dir=site / "_site")
    (problem,) = result.diagnostics
    assert problem.path.name == "12.chapters.json" and problem.line == line
    assert problem.severity.value == "error" and words in problem.message
    assert "chapters not used" in problem.message
    assert (site / "_site" / "episodes" / "12" / "index.html").is_file()
    assert chapter_titles(site) == []


def test_the_metadatas_own_chapters_come_first(make_site: MakeSite) -> None:
    site = make_site(
        {
            "content/episodes/12.md": "---\nchapters:\n  - 0:00 Own\n  - 1:00 List\n---\n"
            "**Ann Lee:** [00:00] Hello.\n\n**Bob Ray:** [01:00] Then.\n",
            "content/episodes/12.chapters.json": json.dumps(CHAPTERS),
        }
    )
    result = build(site, out_dir=site / "_site")
    assert chapter_titles(site) == ["Own", "List"]
    (problem,) = result.diagnostics
    assert problem.path.name == "12.chapters.json" and "not used" in problem.message


def test_a_chapters_file_without_its_transcript_is_reported(make_site: MakeSite) -> None:
    site = make_site(
        {
            "content/episodes/12.txt": TRANSCRIPT,
            "content/episodes/14.chapters.json": json.dumps(CHAPTERS),
        }
    )
    result = build(site, out_dir=site / "_site")
    (problem,) = result.diagnostics
    assert problem.path.name == "14.chapters.json"
    assert problem.message == "chapters with no transcript of the same name; not used"
    assert result.accounting is not None and result.accounting.other_files == 1


def test_an_edited_chapters_file_alone_makes_the_page_again(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """With the parse cache (its entry names the chapters file's digest) and in serve."""
    site = make_site(
        {
            "content/episodes/12.txt": TRANSCRIPT,
            "content/episodes/12.chapters.json": json.dumps(CHAPTERS),
        }
    )
    chapters_file = site / "content" / "episodes" / "12.chapters.json"
    assert main(["build", str(site), "-q", "--no-search"]) == 0
    live = LiveSite(BuildOptions(site, tmp_path / "live", jobs=1, cache_dir=tmp_path / "cache"))
    assert not live.build().failed(strict=False)

    renamed = json.loads(json.dumps(CHAPTERS).replace("Welcome", "Hello"))
    chapters_file.write_text(json.dumps(renamed))
    assert main(["build", str(site), "-q", "--no-search"]) == 0
    assert chapter_titles(site) == ["Hello", "The main thing"]
    assert not live.update([chapters_file]).failed(strict=False)
    assert chapter_titles(tmp_path, out="live") == ["Hello", "The main thing"]


def test_the_podcasters_chapters_are_published_and_named_in_the_feed(
    make_site: MakeSite,
) -> None:
    site = make_site(
        {
            "sitegen.toml": 'base_url = "https://user.github.io/archive/"\ndownloads = []\n',
            "content/episodes/12.md": "---\naudio: https://cdn.example/12.mp3\n"
            "audio_length: 1000\nchapters:\n  - 0:00 Welcome\n  - 1:00.5 The main thing\n---\n"
            + TRANSCRIPT,
            "content/episodes/13.md": "## Intro\n\n" + TRANSCRIPT + "\n## Outro\n\nBob Ray: Bye.\n",
        }
    )
    build(site, out_dir=site / "_site")
    published = json.loads((site / "_site" / "episodes" / "12" / "chapters.json").read_text())
    assert published == {
        "version": "1.2.0",
        "chapters": [
            {"startTime": 0, "title": "Welcome"},
            {"startTime": 60.5, "title": "The main thing"},
        ],
    }
    items = {
        item.findtext("guid"): item
        for item in ET.parse(site / "_site" / "feed.xml").getroot().iter("item")
    }
    (tag,) = items["episode-12"].findall(f"{{{PODCAST}}}chapters")
    assert tag.attrib == {
        "url": "https://user.github.io/archive/episodes/12/chapters.json",
        "type": "application/json+chapters",
    }
    # Chapters the page makes from headings are sitegen's reading, not the podcaster's list.
    assert chapter_titles(site, "13") == ["Intro", "Outro"]
    assert not (site / "_site" / "episodes" / "13" / "chapters.json").exists()
    assert items["episode-13"].find(f"{{{PODCAST}}}chapters") is None


def test_chapters_added_in_serve_are_published_as_a_clean_build_would(
    make_site: MakeSite, tmp_path: Path
) -> None:
    site = make_site(
        {
            "sitegen.toml": 'base_url = "https://example.org/"\n',
            "content/episodes/12.txt": TRANSCRIPT,
            "content/episodes/13.md": "---\ntitle: Other\n---\n" + TRANSCRIPT,
        }
    )
    live = LiveSite(BuildOptions(site, tmp_path / "live", jobs=1, search=False))
    assert not live.build().failed(strict=False)
    chapters_file = site / "content" / "episodes" / "12.chapters.json"
    other = site / "content" / "episodes" / "13.md"
    # Chapters added; another episode's title changed (every listing page is made again, and
    # the output's file list with it); the chapters taken away again.
    for edited in (chapters_file, other, chapters_file):
        if edited == other:
            other.write_text(other.read_text().replace("Other", "Renamed"))
        elif edited.exists():
            edited.unlink()
        else:
            edited.write_text(json.dumps(CHAPTERS))
        assert not live.update([edited]).failed(strict=False)
        build(site, out_dir=tmp_path / "clean", jobs=1, search=False)
        assert tree(tmp_path / "live") == tree(tmp_path / "clean"), edited.name
        published = (tmp_path / "live" / "episodes" / "12" / "chapters.json").exists()
        assert published == chapters_file.exists()


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by its path, but the output folder's own records."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith(".sitegen")
    }
