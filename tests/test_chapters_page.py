"""The chapters on a built episode page: a `<nav>` under the player and before the transcript,
an ordered list of links to the paragraphs' moments with their times; none for fewer than two
chapters; plain entries where no paragraph can be linked; and a changed chapter makes its page
again in an incremental build."""

from __future__ import annotations

import re
from pathlib import Path

from sitegen.build import build

from .conftest import MakeSite

EPISODE = (
    "---\ntitle: With chapters\nepisode: 1\naudio: https://cdn.example/1.mp3\n"
    "chapters:\n  - 0:00 Welcome\n  - 12:30 The <main> thing\n---\n"
    "Ann Lee: 00:00 Hello and welcome.\n"
    "Bob Ray: 12:00 Let us talk about the main thing.\n"
    "Ann Lee: 12:40 Gladly.\n"
)


def built(make_site: MakeSite, files: dict[str, str | bytes]) -> Path:
    site = make_site(files)
    assert not build(site, out_dir=site / "_site").failed(strict=False)
    return site


def page(site: Path, key: str) -> str:
    return (site / "_site" / "episodes" / key / "index.html").read_text()


def nav(html: str) -> str:
    match = re.search(r'<nav class="chapters".*?</nav>', html, re.DOTALL)
    assert match is not None
    return match.group(0)


def test_the_chapters_are_a_list_of_moment_links_under_the_player(make_site: MakeSite) -> None:
    html = page(built(make_site, {"content/episodes/1.md": EPISODE}), "1")
    chapters = nav(html)
    assert chapters == (
        '<nav class="chapters" aria-labelledby="chapters-heading">\n'
        '  <h2 id="chapters-heading">Chapters</h2>\n'
        "  <ol>\n"
        '    <li><a href="#t=00:00"><time datetime="PT0S">00:00</time>'
        ' <span class="chapter-title">Welcome</span></a></li>\n'
        '    <li><a href="#t=12:00"><time datetime="PT12M30S">12:30</time>'
        ' <span class="chapter-title">The &lt;main&gt; thing</span></a></li>\n'
        "  </ol>\n"
        "</nav>"
    )
    # Right under the player, before the transcript; each link lands on a paragraph.
    assert html.index('class="player"') < html.index(chapters) < html.index('class="transcript"')
    for anchor in re.findall(r'href="#(t=[^"]+)"', chapters):
        assert f'<p class="para" id="{anchor}"' in html


def test_headings_give_chapters_with_their_paragraphs_times(make_site: MakeSite) -> None:
    text = (
        "---\nepisode: 2\n---\n## Intro\n\n**Ann Lee:** [00:00] Hello.\n\n"
        "## Main\n\n**Bob Ray:** [00:00:10] Hi.\n\nMore from Bob, no clock.\n\n"
        "## After\n\nStill Bob, no clock either.\n\n**Ann Lee:** [00:01:00] Bye.\n"
    )
    chapters = nav(page(built(make_site, {"content/episodes/2.md": text}), "2"))
    titles = re.findall(r'class="chapter-title">([^<]*)<', chapters)
    assert titles == ["Intro", "Main", "After"]
    # A heading over an estimated time shows it marked, as the transcript does.
    assert re.search(
        r'<time datetime="[^"]+" class="estimated" title="Estimated time">~00:\d\d'
        r'<span class="visually-hidden">, estimated</span></time>',
        chapters,
    )


def test_one_chapter_is_no_table_of_contents(make_site: MakeSite) -> None:
    text = EPISODE.replace("  - 12:30 The <main> thing\n", "")
    html = page(built(make_site, {"content/episodes/1.md": text}), "1")
    assert 'class="chapters"' not in html


def test_an_episode_without_chapters_has_no_list(make_site: MakeSite) -> None:
    text = "Ann Lee: 00:00 Hello.\nBob Ray: 00:05 Hi.\n"
    html = page(built(make_site, {"content/episodes/3.txt": text}), "3")
    assert 'class="chapters"' not in html


def test_without_any_clock_the_chapters_are_listed_unlinked(make_site: MakeSite) -> None:
    text = "---\nepisode: 4\nchapters: ['0:00 One', '5:00 Two']\n---\nJust words.\n\nMore.\n"
    chapters = nav(page(built(make_site, {"content/episodes/4.md": text}), "4"))
    assert "<a " not in chapters
    assert (
        '<li><span class="chapter-entry"><time datetime="PT5M0S">05:00</time>'
        ' <span class="chapter-title">Two</span></span></li>'
    ) in chapters


def test_editing_the_chapters_makes_the_page_again(make_site: MakeSite) -> None:
    site = built(make_site, {"content/episodes/1.md": EPISODE})
    (site / "content" / "episodes" / "1.md").write_text(EPISODE.replace("Welcome", "Hello"))
    assert not build(site, out_dir=site / "_site").failed(strict=False)
    assert ">Hello</span>" in nav(page(site, "1"))
