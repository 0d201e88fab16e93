"""People and being found: speaker pages and the speakers index, speaker renames (per episode
and site-wide), JSON-LD and OpenGraph tags, as a built site shows them."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from sitegen.build import build
from tests.browser_support import launched_chromium, static_server
from tests.conftest import MakeSite

CONFIG = """title = "Data Talk"
description = "Conversations about data."
base_url = "https://example.org/show/"
hosts = ["Jon Krohn"]

[speaker_aliases]
AvW = "Aaron van Wirdum"
"""

EP1 = """---
title: Graphs
date: 2024-01-10
audio: https://cdn.example.org/1.mp3
duration: 100
speakers: {Speaker 1: Jon Krohn, Speaker 2: AvW}
---
[Speaker 1] [00:00] Welcome to the show about graphs today.
[Speaker 2] [00:40] Thanks for having me on the show.
"""

EP2 = """---
title: Models
date: 2024-02-10
description: Models, models, models.
---
Jon Krohn: 00:00 Hello again.
Speaker 1: 00:30 One two three four five six.
Jon Krohn: 01:00 Bye.
"""


class Head(HTMLParser):
    """The `<meta property|name>` tags and the JSON-LD scripts of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.jsonld: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "meta" and (found.get("property") or found.get("name")):
            self.meta[found.get("property") or found.get("name") or ""] = found.get("content") or ""
        if tag == "script" and found.get("type") == "application/ld+json":
            self._in_jsonld = True
            self.jsonld.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_jsonld = False

    def handle_data(self, data: str) -> None:
        if self._in_jsonld:
            self.jsonld[-1] += data


def head(html: str) -> tuple[dict[str, str], list[dict[str, Any]]]:
    parser = Head()
    parser.feed(html)
    return parser.meta, [json.loads(text) for text in parser.jsonld]


def built(make_site: MakeSite, files: dict[str, str | bytes]) -> Path:
    site = make_site(files)
    result = build(site, out_dir=site / "_site", jobs=1)
    assert not result.failed(strict=False), [d.format() for d in result.diagnostics]
    return site / "_site"


def two_episodes(make_site: MakeSite) -> Path:
    return built(
        make_site,
        {
            "sitegen.toml": CONFIG,
            "content/episodes/1.txt": EP1,
            "content/episodes/2.txt": EP2,
        },
    )


def text_of(html: str) -> str:
    """The page as a reader sees it: tags gone, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_per_episode_names_then_site_aliases_rename_speakers(make_site: MakeSite) -> None:
    out = two_episodes(make_site)
    speakers = sorted(p.name for p in (out / "speakers").iterdir() if p.is_dir())
    # Episode 1's "Speaker 1" is Jon Krohn and its "Speaker 2" is AvW, whom the site's aliases
    # call Aaron van Wirdum; episode 2's "Speaker 1" is nobody's mapping and stays.
    assert speakers == ["aaron-van-wirdum", "jon-krohn", "speaker-1"]
    ep1 = (out / "episodes/1/index.html").read_text()
    assert "Speaker 1" not in ep1 and "AvW" not in ep1
    assert ">Aaron van Wirdum</a>" in ep1
    ep2 = (out / "episodes/2/index.html").read_text()
    assert ">Speaker 1</a>" in ep2


def test_speaker_page_shows_talk_time_share_words_and_each_episode(make_site: MakeSite) -> None:
    out = two_episodes(make_site)
    page = text_of((out / "speakers/jon-krohn/index.html").read_text())
    # Episode 1: 0:00-0:40 of 100 s of audio. Episode 2: 0:00-0:30, and from 1:00 one word
    # ("Bye.": 0.4 s at 155 words a minute) of 60.4 s. Together 70.4 s of 160.4 s: 44%.
    assert "Episodes 2" in page
    assert "Talk time 1 min" in page
    assert "Share of airtime 44% of the episodes Jon Krohn is in" in page
    assert "Words 10" in page  # 7 in episode 1, 3 in episode 2
    assert "First appearance Graphs ( 2024-01-10 )" in page
    assert "Latest appearance Models ( 2024-02-10 )" in page
    assert "#2 Models 2024-02-10 30 s 50% 3" in page
    assert "#1 Graphs 2024-01-10 40 s 40% 7" in page


def test_speakers_index_is_a_table_sorted_by_appearances_and_sortable(
    make_site: MakeSite,
) -> None:
    out = two_episodes(make_site)
    html = (out / "speakers/index.html").read_text()
    rows = re.findall(r'class="speaker-name" href="[^"]+">([^<]+)</a>', html)
    assert rows == ["Jon Krohn", "Aaron van Wirdum", "Speaker 1"]  # most appearances first
    assert '<th scope="col" data-sort="number" aria-sort="descending">Episodes</th>' in html
    assert '<td data-value="70387">1 min</td>' in html  # sorts by milliseconds, not by text
    assert 'src="../static/sort-table.js"' in html
    assert (out / "static/sort-table.js").is_file()


def test_episode_page_states_how_talk_time_ends(make_site: MakeSite) -> None:
    out = two_episodes(make_site)
    ep1 = text_of((out / "episodes/1/index.html").read_text())
    assert "the last paragraph to the end of the audio (01:40)" in ep1
    ep2 = text_of((out / "episodes/2/index.html").read_text())
    assert "the last paragraph&#39;s length is estimated from its words" in ep2


def test_episode_json_ld_is_a_podcast_episode_with_audio_transcript_and_people(
    make_site: MakeSite,
) -> None:
    out = two_episodes(make_site)
    _meta, objects = head((out / "episodes/1/index.html").read_text())
    assert len(objects) == 1
    data = objects[0]
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "PodcastEpisode"
    assert data["name"] == "Graphs"
    assert data["url"] == "https://example.org/show/episodes/1/"
    assert data["episodeNumber"] == 1
    assert data["datePublished"] == "2024-01-10"
    assert data["partOfSeries"] == {
        "@type": "PodcastSeries",
        "name": "Data Talk",
        "url": "https://example.org/show/",
        "webFeed": "https://example.org/show/feed.xml",
        "description": "Conversations about data.",
        "inLanguage": "en",
    }
    assert data["associatedMedia"] == {
        "@type": "AudioObject",
        "contentUrl": "https://cdn.example.org/1.mp3",
        "encodingFormat": "audio/mpeg",
        "duration": "PT1M40S",
        "transcript": "https://example.org/show/episodes/1/transcript.txt",
    }
    assert data["actor"] == [
        {
            "@type": "Person",
            "name": "Jon Krohn",
            "url": "https://example.org/show/speakers/jon-krohn/",
        },
        {
            "@type": "Person",
            "name": "Aaron van Wirdum",
            "url": "https://example.org/show/speakers/aaron-van-wirdum/",
        },
    ]
    assert (out / "episodes/1/transcript.txt").is_file()  # the transcript it names exists


def test_episode_without_audio_has_no_media_object(make_site: MakeSite) -> None:
    out = two_episodes(make_site)
    _meta, (data,) = head((out / "episodes/2/index.html").read_text())
    assert "associatedMedia" not in data
    assert data["description"] == "Models, models, models."


def test_home_page_json_ld_is_the_podcast_series(make_site: MakeSite) -> None:
    out = two_episodes(make_site)
    meta, objects = head((out / "index.html").read_text())
    assert objects == [
        {
            "@context": "https://schema.org",
            "@type": "PodcastSeries",
            "name": "Data Talk",
            "url": "https://example.org/show/",
            "webFeed": "https://example.org/show/feed.xml",
            "description": "Conversations about data.",
            "inLanguage": "en",
        }
    ]
    assert meta["og:type"] == "website"
    assert meta["og:url"] == "https://example.org/show/"


def test_link_preview_tags_for_an_episode(make_site: MakeSite) -> None:
    out = two_episodes(make_site)
    meta, _objects = head((out / "episodes/2/index.html").read_text())
    assert meta["og:title"] == "Models"
    assert meta["og:type"] == "article"
    assert meta["og:url"] == "https://example.org/show/episodes/2/"
    assert meta["og:description"] == "Models, models, models."
    assert meta["og:site_name"] == "Data Talk"
    assert meta["twitter:card"] == "summary"
    assert "og:audio" not in meta
    meta, _objects = head((out / "episodes/1/index.html").read_text())
    assert meta["og:audio"] == "https://cdn.example.org/1.mp3"
    assert meta["og:audio:type"] == "audio/mpeg"
    assert meta["og:description"] == "Conversations about data."  # the site's, lacking its own


def test_a_title_cannot_close_the_json_ld_script(make_site: MakeSite) -> None:
    hostile = "</script><script>alert(1)</script><!-- x"
    out = built(
        make_site,
        {
            "content/episodes/7.txt": (
                f"---\ntitle: '{hostile}'\ndescription: '</SCRIPT >'\n---\nAnn: 00:00 Hi.\n"
            )
        },
    )
    html = (out / "episodes/7/index.html").read_text()
    assert "<script>alert(1)" not in html
    start = html.index('<script type="application/ld+json">')
    body = html[start : html.index("</script>", start)]
    assert "<" not in body.partition(">")[2]  # nothing in the JSON can end or reopen the tag
    _meta, (data,) = head(html)
    assert data["name"] == hostile  # and the JSON still means the title as written
    assert data["description"] == "</SCRIPT >"
    # Without an absolute base_url, URLs are root-relative (JSON-LD resolves them on the page).
    assert data["url"] == "/episodes/7/"


@pytest.mark.browser
def test_the_speakers_table_sorts_by_a_column_and_says_so(make_site: MakeSite) -> None:
    out = two_episodes(make_site)
    with static_server(out) as url, launched_chromium() as browser:
        page = browser.new_page()
        page.goto(url + "speakers/")

        def names() -> list[str]:
            shown: list[str] = page.locator("table.people .speaker-name").all_inner_texts()
            return shown

        def sort_state() -> list[str | None]:
            headers = page.locator("table.people thead th")
            return [headers.nth(i).get_attribute("aria-sort") for i in range(headers.count())]

        assert names() == ["Jon Krohn", "Aaron van Wirdum", "Speaker 1"]
        talk = page.get_by_role("button", name="Talk time")
        talk.click()  # most talk time first
        assert names() == ["Jon Krohn", "Aaron van Wirdum", "Speaker 1"]
        assert sort_state() == [None, None, "descending", None]
        talk.click()  # again: reversed, by milliseconds (as text, "30 s" > "1 min")
        assert names() == ["Speaker 1", "Aaron van Wirdum", "Jon Krohn"]
        assert sort_state() == [None, None, "ascending", None]
        page.get_by_role("button", name="Name").press("Enter")  # a real button: the keyboard too
        assert names() == ["Aaron van Wirdum", "Jon Krohn", "Speaker 1"]
        assert sort_state()[0] == "ascending"
        page.close()
