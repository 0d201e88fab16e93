"""Several shows in one site (a network): `content/<show>/` folders or `show:` in metadata,
`[shows.<id>]` settings, each show with its own numbers, home page and feed."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import sitegen.build
import sitegen.mentions.episode as mention_episode
import sitegen.references
from sitegen.build import build
from sitegen.config import parse_config
from sitegen.errors import ConfigError
from sitegen.mentions import NamesKey
from sitegen.model import Archive, Episode
from sitegen.search import parts_of

from .conftest import MakeSite

NETWORK_TOML = """title = "Changelog network"
base_url = "https://example.org/net/"

[shows.go-time]
title = "Go Time"
description = "A panel show about Go."

[shows.js-party]
title = "JS Party"
"""


def text(site: Path, rel: str) -> str:
    return (site / "_site" / rel).read_text(encoding="utf-8")


@pytest.fixture
def network(make_site: MakeSite) -> Path:
    return make_site(
        {
            "sitegen.toml": NETWORK_TOML,
            "content/go-time/5.md": "---\ndate: 2024-01-05\n---\n**Mat:** [00:01] Go five.\n",
            "content/go-time/6.md": (
                "---\ndate: 2024-01-12\n---\n**Mat:** [00:01] As we said in episode 5, go.\n"
            ),
            "content/go-time/7.md": (
                "---\ndate: 2024-01-19\n---\n"
                "**Mat:** [00:01] Back in Go Time episode 5, and on JS Party episode 6 too.\n"
            ),
            "content/js-party/5.md": "---\ndate: 2024-01-06\n---\n**Kball:** [00:01] JS five.\n",
            "content/js-party/S02E01.md": "**Kball:** [00:01] JS season two.\n",
        }
    )


def test_each_show_has_its_own_numbers_pages_and_feed(network: Path) -> None:
    result = build(network)
    assert result.diagnostics == []
    assert sorted(result.archive.by_key) == [
        "go-time/5",
        "go-time/6",
        "go-time/7",
        "js-party/1",
        "js-party/5",
    ]
    assert "Go five." in text(network, "go-time/episodes/5/index.html")
    assert "JS five." in text(network, "js-party/episodes/5/index.html")
    assert "JS season two." in text(network, "js-party/episodes/1/index.html")
    # Files in = episodes out.
    assert result.accounting is not None
    assert result.accounting.summary() == "5 files → 5 episodes: 5 transcripts"


def test_a_mention_means_that_number_of_the_same_show(network: Path) -> None:
    result = build(network)
    page = text(network, "go-time/episodes/6/index.html")
    assert 'href="../../../go-time/episodes/5/"' in page  # Go Time 5, not JS Party 5
    assert [m.source_key for m in result.archive.mentions_in["go-time/5"]] == [
        "go-time/7",
        "go-time/6",
    ]
    assert "js-party/5" not in result.archive.mentions_in
    # The show's own name qualifies a mention of it; another show's name makes it that
    # show's episode (JS Party has no episode 6: unresolved).
    mentions = result.archive.mentions_out["go-time/7"]
    assert [(m.target_show, m.target) for m in mentions] == [(None, 5), ("js-party", 6)]
    assert ("js-party", 6) in [(m.target_show, m.target) for m in result.archive.unresolved]


def test_network_home_lists_shows_and_each_show_has_a_home(network: Path) -> None:
    build(network)
    home = text(network, "index.html")
    assert '<a href="go-time/">Go Time</a>' in home
    assert '<a href="js-party/">JS Party</a>' in home
    go_time = text(network, "go-time/index.html")
    assert "<h1>Go Time</h1>" in go_time
    assert "A panel show about Go." in go_time
    assert 'href="../go-time/episodes/6/"' in go_time
    assert "js-party/episodes" not in go_time
    assert "<title>Go Time · Changelog network</title>" in go_time
    episode = text(network, "go-time/episodes/6/index.html")
    assert '<a class="show" href="../../../go-time/">Go Time</a>' in episode
    # Previous/next stay within the show.
    assert "js-party" not in episode.split('class="prev-next', 1)[1]


def test_each_show_has_its_own_feed(network: Path) -> None:
    build(network)
    channel = ET.parse(network / "_site/go-time/feed.xml").getroot().find("channel")
    assert channel is not None
    assert channel.findtext("title") == "Go Time"
    assert channel.findtext("link") == "https://example.org/net/go-time/"
    links = [item.findtext("link") for item in channel.iter("item")]
    assert links == [
        "https://example.org/net/go-time/episodes/7/",
        "https://example.org/net/go-time/episodes/6/",
        "https://example.org/net/go-time/episodes/5/",
    ]
    js = ET.parse(network / "_site/js-party/feed.xml").getroot()
    assert len(list(js.iter("item"))) == 2
    # The network has no show of its own: its feed.xml carries every show's episodes.
    assert len(list(ET.parse(network / "_site/feed.xml").getroot().iter("item"))) == 5


def test_the_sites_own_show_beside_a_network_show(make_site: MakeSite) -> None:
    site = make_site(
        {
            "content/episodes/1.txt": "Ann: 00:01 own show one\n",
            "content/bonus/1.txt": "Ann: 00:01 bonus one\n",
            "content/episodes/2.md": "---\nshow: bonus\n---\n**Ann:** [00:01] bonus two\n",
        }
    )
    result = build(site)
    assert sorted(result.archive.by_key) == ["1", "bonus/1", "bonus/2"]
    assert "own show one" in text(site, "episodes/1/index.html")
    assert "bonus two" in text(site, "bonus/episodes/2/index.html")
    own_feed = ET.parse(site / "_site/feed.xml").getroot()
    assert len(list(own_feed.iter("item"))) == 1
    assert len(list(ET.parse(site / "_site/bonus/feed.xml").getroot().iter("item"))) == 2


def test_a_show_named_in_metadata_with_no_settings_is_a_warning(make_site: MakeSite) -> None:
    site = make_site({"content/episodes/1.md": "---\nshow: go-tme\n---\n**A:** [00:01] x\n"})
    (site / "sitegen.toml").write_text('[shows.go-time]\ntitle = "Go Time"\n')
    result = build(site)
    assert [d.format(root=site) for d in result.diagnostics] == [
        'content/episodes/1.md: warning: show "go-tme" has no [shows.go-tme] table in'
        ' sitegen.toml and no content/go-tme/ folder (did you mean "go-time"?); it is'
        " published as its own show at /go-tme/"
    ]
    assert (site / "_site/go-tme/episodes/1/index.html").is_file()


def test_a_folder_whose_url_the_site_uses_cannot_be_a_show(make_site: MakeSite) -> None:
    site = make_site({"content/episodes/1.txt": "A: 00:01 x\n", "content/speakers/2.txt": "y\n"})
    result = build(site)
    messages = [d.format(root=site) for d in result.diagnostics]
    assert messages == [
        "content/speakers: error: folder content/speakers/ cannot be a show: its URL would be"
        " /speakers/, which the site itself uses; rename it"
    ]


def test_seasons_are_counted_per_show(make_site: MakeSite) -> None:
    site = make_site(
        {
            "content/a/S01E01.srt": "1\n00:00:01,000 --> 00:00:02,000\nA one one\n",
            "content/a/S02E01.srt": "1\n00:00:01,000 --> 00:00:02,000\nA two one\n",
            "content/b/S01E01.srt": "1\n00:00:01,000 --> 00:00:02,000\nB one one\n",
        }
    )
    result = build(site)
    assert sorted(result.archive.by_key) == ["a/s1e1", "a/s2e1", "b/1"]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"shows": {"go-time": {"titel": "x"}}}, 'unknown key "shows.go-time.titel"'),
        ({"shows": {"Go Time": {}}}, 'show id "Go Time" must be'),
        ({"shows": {"episodes": {}}}, 'show id "episodes" must be'),
        ({"shows": {"go-time": {"feed_limit": 0}}}, '"feed_limit" must be'),
    ],
)
def test_show_settings_are_checked(raw: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        parse_config(raw, Path("sitegen.toml"))


def test_search_has_a_show_filter_across_the_network(network: Path) -> None:
    result = build(network, search=False)
    titles = {"go-time": "Go Time", "js-party": "JS Party"}
    [part] = parts_of(result.archive, titles)
    documents = dict(part.pages("en"))
    go_time = documents["go-time/episodes/5/"]
    assert '<span data-pagefind-filter="show">Go Time</span>' in go_time
    assert '<span data-pagefind-filter="show">JS Party</span>' in documents["js-party/episodes/5/"]


def test_a_page_cannot_take_a_shows_url(make_site: MakeSite) -> None:
    site = make_site(
        {
            "content/go-time/1.md": "**Mat:** [00:01] One.\n",
            "content/pages/go-time.md": "# Go Time\n\nAbout the show.\n",
        }
    )
    result = build(site, search=False)
    assert [d.format(root=site) for d in result.diagnostics] == [
        "content/pages/go-time.md: error: page URL /go-time/ is already taken; rename the page"
    ]
    assert "<h1>go-time</h1>" in text(site, "go-time/index.html")  # the show's home


def test_reading_finds_mentions_with_the_names_link_uses(
    network: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each transcript's mentions are found as it is read, with the names `link` gives the
    linker (the network's shows, `other_shows`), so that `link` searches no text again."""
    toml = network / "sitegen.toml"
    toml.write_text('other_shows = ["Python Bytes"]\n' + NETWORK_TOML, encoding="utf-8")
    linking: list[bool] = []
    searched: list[str] = []
    real_found, real_link = mention_episode.found_mentions, sitegen.references.link

    def found(episode: Episode, key: NamesKey) -> object:
        if linking:
            searched.append(episode.key)
        return real_found(episode, key)

    def link(*args: object, **kwargs: object) -> Archive:
        linking.append(True)
        try:
            return real_link(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            linking.clear()

    monkeypatch.setattr(mention_episode, "found_mentions", found)
    monkeypatch.setattr(sitegen.build, "link", link)
    result = build(network)
    assert result.archive.mentions_out["go-time/7"]  # the mentions were found, while reading
    assert searched == []


def test_another_shows_unresolved_episode_is_not_linked_to_ours(make_site: MakeSite) -> None:
    """An episode of another show of the site that the site does not have links to that
    show's `external_episode_url`, or nowhere: the site's leads to its own show. Both shows'
    number 9 in one paragraph are two episodes, listed apart."""
    toml = NETWORK_TOML.replace(
        'title = "JS Party"',
        'title = "JS Party"\nexternal_episode_url = "https://js.example/{number}"',
    )
    site = make_site(
        {
            "sitegen.toml": 'external_episode_url = "https://go.example/{number}"\n' + toml,
            "content/go-time/8.md": (
                "---\ndate: 2024-01-05\n---\n"
                "**Mat:** [00:01] See Go Time episode 9, JS Party episode 9 and Changelog "
                "episode 9.\n"
            ),
            "content/js-party/5.md": "---\ndate: 2024-01-06\n---\n**Kball:** [00:01] JS five.\n",
            "content/changelog/1.md": "---\ndate: 2024-01-06\n---\n**Adam:** [00:01] Hi.\n",
        }
    )
    result = build(site)
    assert [(m.target_show, m.target) for m in result.archive.unresolved] == [
        (None, 9),
        ("js-party", 9),
        ("changelog", 9),
    ]
    page = text(site, "go-time/episodes/8/index.html")
    assert 'href="https://go.example/9"' in page
    assert 'href="https://js.example/9"' in page
    # Not linked; the show's name is part of the mention, as with the two shows named by a
    # table (an id named "changelog" is said with a capital, like a title).
    assert '<span class="mention">Changelog episode 9</span>' in page
    references = text(site, "references/index.html")
    assert '<h3 id="unresolved-9"><a href="https://go.example/9">' in references
    assert '<h3 id="unresolved-js-party-9"><a href="https://js.example/9">' in references
    assert '<h3 id="unresolved-changelog-9">Episode 9</h3>' in references
