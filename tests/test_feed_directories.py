"""feed.xml as podcast directories and apps read it: the channel tags Apple Podcasts and
Podcast Index ask for, checked against the Podcasting 2.0 namespace's rules, through
feedparser and podcastparser (the parser gPodder uses)."""

from __future__ import annotations

import io
import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from typing import Any

import feedparser  # type: ignore[import-untyped]
import podcastparser  # type: ignore[import-untyped]
import pytest

from sitegen.apple_categories import category_problem, closest_category
from sitegen.cli import main
from sitegen.config import MEDIUMS, Config, ShowConfig, load_config, parse_config
from sitegen.errors import ConfigError, Severity
from sitegen.feeds import feed_problems, render_feed
from sitegen.keys import ListKeys, feed_key
from sitegen.model import Episode, Metadata, Segment, Turn
from sitegen.readers import read_episode_text
from tests.conftest import MakeSite
from tests.test_feeds import BASE, LISTED, NS, archive, config, episode, sample

FEED_URL = BASE + "feed.xml"
TOML = Path("sitegen.toml")
# The UUID namespace the Podcasting 2.0 spec gives for podcast:guid, written out here rather
# than taken from sitegen, so that a typo there cannot pass.
NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


def channel(data: bytes) -> ET.Element:
    found = ET.fromstring(data).find("channel")
    assert found is not None
    return found


def parsed(data: bytes, url: str = FEED_URL) -> dict[str, Any]:
    """The feed as podcastparser reads it (it raises on a feed it cannot take)."""
    result: dict[str, Any] = podcastparser.parse(url, io.BytesIO(data))
    return result


def build(arch: Any = None, conf: Config | None = None, show: str | None = None) -> bytes:
    data, _problems = render_feed(arch or sample(), conf or config(), show=show)
    assert not feedparser.parse(data).bozo
    return data


# --- podcast namespace: channel ---------------------------------------------------------------


def test_podcast_guid_is_the_uuid5_podcast_index_derives_from_the_feed_url() -> None:
    value = channel(build()).findtext("podcast:guid", namespaces=NS)
    assert value is not None
    guid = uuid.UUID(value)
    assert guid.version == 5 and str(guid) == value  # lowercase, hyphenated
    namespace = NAMESPACE
    assert guid == uuid.uuid5(namespace, "user.github.io/archive/feed.xml")
    # The namespace's own example: the feed at podnews.net/rss.
    podnews = build(conf=config(base_url="https://podnews.net/"))
    assert uuid.uuid5(namespace, "podnews.net/rss") == uuid.UUID(
        "9b024349-ccf0-5f69-a609-6b82873eab3c"
    )
    assert channel(podnews).findtext("podcast:guid", namespaces=NS) == str(
        uuid.uuid5(namespace, "podnews.net/feed.xml")
    )


def test_podcast_guid_from_config_and_each_show_its_own() -> None:
    kept = "9B024349-CCF0-5F69-A609-6B82873EAB3C"
    conf = parse_config({"base_url": BASE, "podcast_guid": kept, "shows": {"go-time": {}}}, TOML)
    assert channel(build(conf=conf)).findtext("podcast:guid", namespaces=NS) == kept.lower()
    show = archive(episode("1", ("A", "x"), show="go-time"))
    shown = channel(build(show, conf, show="go-time")).findtext("podcast:guid", namespaces=NS)
    assert shown not in (None, kept.lower())  # a show's feed is another podcast
    assert shown == str(uuid.uuid5(NAMESPACE, "user.github.io/archive/go-time/feed.xml"))


def test_no_podcast_guid_without_an_absolute_base_url() -> None:
    data, _ = render_feed(sample(), Config(base_url="/archive/"))
    assert b"podcast:guid" not in data


def test_medium_defaults_to_podcast_and_takes_the_namespace_values() -> None:
    assert channel(build()).findtext("podcast:medium", namespaces=NS) == "podcast"
    assert "audiobook" in MEDIUMS and "podcastL" in MEDIUMS and "mixed" in MEDIUMS
    data = build(conf=config(medium="audiobook"))
    assert channel(data).findtext("podcast:medium", namespaces=NS) == "audiobook"


def test_locked_is_yes_or_no_with_the_owner_email() -> None:
    assert b"podcast:locked" not in build()
    locked = channel(build(conf=config(locked=True, owner_email="pod@example.com")))
    element = locked.find("podcast:locked", NS)
    assert element is not None
    assert (element.text, element.attrib) == ("yes", {"owner": "pod@example.com"})
    unlocked = channel(build(conf=config(locked=False))).find("podcast:locked", NS)
    assert unlocked is not None and (unlocked.text, unlocked.attrib) == ("no", {})


def test_block_keeps_an_archive_feed_out_of_directories() -> None:
    assert b"block>" not in build()
    root = channel(build(conf=config(block=True)))
    assert root.findtext("itunes:block", namespaces=NS) == "Yes"  # Apple reads only "Yes"
    assert root.findtext("podcast:block", namespaces=NS) == "yes"
    assert parsed(build(conf=config(block=True)))  # still a feed apps can read


def test_copyright_and_new_feed_url() -> None:
    conf = config(copyright="© 2025 Data Pod", new_feed_url="https://feeds.example/pod.xml")
    data = build(conf=conf)
    assert feedparser.parse(data).feed.rights == "© 2025 Data Pod"
    assert channel(data).findtext("itunes:new-feed-url", namespaces=NS) == (
        "https://feeds.example/pod.xml"
    )
    assert parsed(data)["new_url"] == "https://feeds.example/pod.xml"
    plain = build()
    assert b"<copyright>" not in plain and b"new-feed-url" not in plain


def test_a_show_inherits_block_but_not_the_new_feed_url() -> None:
    conf = config(
        block=True,
        new_feed_url="https://feeds.example/site.xml",
        shows={"go-time": ShowConfig(medium="video")},
    )
    root = channel(build(archive(episode("1", ("A", "x"), show="go-time")), conf, "go-time"))
    assert root.findtext("itunes:block", namespaces=NS) == "Yes"
    assert root.find("itunes:new-feed-url", NS) is None
    assert root.findtext("podcast:medium", namespaces=NS) == "video"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("podcast_guid", "not-a-uuid", '"podcast_guid" must be a UUID'),
        ("medium", "Podcast", '"medium" must be one of podcast, music'),
        ("locked", "yes", '"locked" must be true or false'),
        ("new_feed_url", "feeds.example/x", '"new_feed_url" must be an http(s) URL'),
    ],
)
def test_feed_settings_of_the_wrong_form_are_refused(key: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        parse_config({key: value}, TOML, f'{key} = "{value}"\n')


# --- what Apple Podcasts requires: a warning each ---------------------------------------------


def warnings(arch: Any, conf: Config, site: Path | None = None) -> list[str]:
    problems = feed_problems(
        arch, conf, config_path=TOML if site is None else site / TOML, site_dir=site
    )
    assert all(p.severity is Severity.WARNING for p in problems)
    return [p.format(site) for p in problems]


def test_a_show_with_audio_and_no_cover_art_is_a_warning_naming_image() -> None:
    (message,) = warnings(sample(), config(category="Technology", explicit=False))
    assert message == (
        "sitegen.toml: warning: feed.xml has no cover art, which Apple Podcasts requires:"
        ' set image = "static/cover.jpg" (a square JPEG or PNG, 1400-3000 px, in static/)'
        " (or block = true to keep an archive's feed out of directories)"
    )


def test_a_show_with_audio_and_no_category_is_a_warning_naming_category() -> None:
    (message,) = warnings(sample(), config(image="https://cdn.example/c.jpg", explicit=True))
    assert "feed.xml has no category, which Apple Podcasts requires" in message
    assert 'set category = "Technology"' in message


def test_a_show_with_audio_and_no_explicit_is_a_warning_naming_explicit() -> None:
    (message,) = warnings(sample(), config(image="https://cdn.example/c.jpg", category="Comedy"))
    assert "feed.xml has no explicit setting, which Apple Podcasts requires" in message
    assert "set explicit = false" in message


def test_no_apple_warnings_without_audio_or_for_a_blocked_feed() -> None:
    silent = archive(episode("1", ("A", "x")), episode("2", ("A", "y")))
    assert warnings(silent, config()) == []
    draft = archive(episode("1", ("A", "x"), draft=True, audio="https://cdn.example/1.mp3"))
    assert warnings(draft, config()) == []  # a draft is never in the feed
    assert warnings(sample(), config(block=True)) == []


def test_settings_every_show_of_a_network_lacks_are_one_warning() -> None:
    arch = archive(
        episode("1", ("A", "x"), show="go-time", audio="https://cdn.example/1.mp3"),
        episode("2", ("A", "x"), show="js-party", audio="https://cdn.example/2.mp3"),
    )
    conf = config(image="https://cdn.example/c.jpg", category="Technology")
    assert [m.split(":", 1)[1] for m in warnings(arch, conf)] == [
        " warning: feed.xml, go-time/feed.xml and js-party/feed.xml have no explicit setting,"
        " which Apple Podcasts requires: set explicit = false (true if episodes have explicit"
        " content) (or block = true to keep an archive's feed out of directories)"
    ]


def test_a_category_apple_does_not_list_is_a_warning_with_did_you_mean(tmp_path: Path) -> None:
    (tmp_path / "sitegen.toml").write_text(
        'title = "Pod"\ncategory = "Tecknology"\n\n[shows.go-time]\ncategory = "Books"\n',
        encoding="utf-8",
    )
    conf = load_config(tmp_path, base_url=BASE)
    arch = archive(episode("1", ("A", "x")), episode("2", ("A", "x"), show="go-time"))
    assert warnings(arch, conf, tmp_path) == [
        'sitegen.toml:2: warning: category "Tecknology" is not an Apple Podcasts category'
        ' (did you mean "Technology"?); Apple lists the show nowhere\n    category = "Tecknology"',
        'sitegen.toml:5: warning: category "Books" is not an Apple Podcasts category'
        ' (did you mean "Arts > Books"?); Apple lists the show nowhere\n    category = "Books"',
    ]
    assert category_problem("Society & Culture > Documentary") is None
    assert closest_category("technology > gadgets") == "Technology"


def test_an_image_the_site_does_not_publish_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "sitegen.toml").write_text('image = "static/cover.jpg"\n', encoding="utf-8")
    conf = load_config(tmp_path, base_url=BASE)
    silent = archive(episode("1", ("A", "x")))
    (message,) = warnings(silent, conf, tmp_path)
    assert message.startswith(
        'sitegen.toml:1: warning: image "static/cover.jpg" is no file the site publishes'
    )
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "cover.jpg").write_bytes(b"\xff\xd8\xff")
    assert warnings(silent, conf, tmp_path) == []
    url = replace(conf, image="https://cdn.example/cover.jpg")
    assert warnings(silent, url, tmp_path) == []


def test_audio_without_its_length_is_a_warning_at_the_audio_line() -> None:
    text = "---\ntitle: T\naudio: https://cdn.example/1.mp3\n---\n**A:** Hello.\n"
    result = read_episode_text(text, Path("1.md"))
    (problem,) = result.diagnostics
    assert problem.format() == (
        '1.md:3: warning: the feed\'s enclosure says length="0" (unknown) without'
        " `audio_length:`; add the audio file's size in bytes (e.g. `audio_length: 34216300`),"
        " which Apple Podcasts asks for\n    audio: https://cdn.example/1.mp3"
    )
    sized = text.replace("---\n**", "audio_length: 1200\n---\n**")
    assert read_episode_text(sized, Path("1.md")).diagnostics == ()


def test_strict_build_fails_on_a_feed_warning(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site(
        {
            "sitegen.toml": f'base_url = "{BASE}"\nimage = "static/cover.jpg"\n'
            'category = "Technology"\nexplicit = false\n',
            "static/cover.jpg": b"\xff\xd8\xff",
            "content/episodes/1.md": "---\naudio: https://cdn.example/1.mp3\naudio_length: 9\n"
            "---\n**A:** Hello.\n",
        }
    )
    assert main(["build", str(site), "--strict", "-q"]) == 0
    toml = site / "sitegen.toml"
    toml.write_text(toml.read_text().replace("Technology", "Tecknology"), encoding="utf-8")
    assert main(["build", str(site), "-q"]) == 0  # a warning: the build goes on
    assert main(["build", str(site), "--strict", "-q"]) == 1
    capsys.readouterr()
    assert main(["check", str(site)]) == 0  # `check` says it too, writing nothing
    assert 'category "Tecknology" is not an Apple Podcasts category' in capsys.readouterr().err


# --- items ----------------------------------------------------------------------------------


def items_by_guid(data: bytes) -> dict[str, ET.Element]:
    return {i.findtext("guid", ""): i for i in ET.fromstring(data).iter("item")}


def read(text: str, name: str) -> Any:
    result = read_episode_text(text, Path(name))
    assert result.episode is not None, result.diagnostics
    return result


def test_a_guid_from_front_matter_or_sidecar_is_kept_as_written() -> None:
    body = "**A:** [00:00:01] Hello.\n"
    front = read(f"---\nguid: https://old.host/ep/31\n---\n{body}", "31.md").episode
    numeric = read(f"---\nguid: 4417\n---\n{body}", "32.md").episode
    plain = read(body, "33.md").episode
    data = build(archive(front, numeric, plain), config(**LISTED))
    assert set(items_by_guid(data)) == {"https://old.host/ep/31", "4417", "episode-33"}
    for element in ET.fromstring(data).iter("guid"):
        assert element.get("isPermaLink") == "false"
    ids = {e["guid"] for e in parsed(data)["episodes"]}
    assert ids == {"https://old.host/ep/31", "4417", "episode-33"}


def test_a_guid_in_the_sidecar_is_read_too() -> None:
    with_sidecar = read_episode_text("**A:** Hello.\n", Path("7.txt"), "guid: abc-7\n")
    assert with_sidecar.episode is not None and with_sidecar.episode.meta.guid == "abc-7"
    front = "---\nguid: from-front\n---\n**A:** Hello.\n"
    both = read_episode_text(front, Path("7.md"), "guid: abc-7\n")
    assert both.episode is not None and both.episode.meta.guid == "from-front"


def test_two_episodes_with_one_guid_in_a_feed_is_a_warning() -> None:
    first = episode("1", ("A", "x"), guid="same")
    second = episode("2", ("A", "x"), guid="same", title="Two")
    (message,) = warnings(archive(first, second), config(block=True))
    assert message == (
        '1.txt: warning: guid "same" is also that of "Two" (2.txt) in feed.xml; podcast apps'
        " would list the two as one episode: give each its own `guid:`"
    )


def test_itunes_title_season_and_episode_type() -> None:
    text = "---\ntitle: The title\nepisode_type: trailer\n---\n**A:** [00:00:01] Hi.\n"
    result = read(text, "show-s02e05.md")
    untitled = episode("9", ("A", "x"))
    data = build(archive(result.episode, untitled), config(**LISTED))
    named, plain = items_by_guid(data)["episode-5"], items_by_guid(data)["episode-9"]
    assert named.findtext("itunes:title", namespaces=NS) == "The title"
    assert named.findtext("itunes:season", namespaces=NS) == "2"  # from the file name
    assert named.findtext("podcast:season", namespaces=NS) == "2"
    assert named.findtext("itunes:episodeType", namespaces=NS) == "trailer"
    assert plain.find("itunes:title", NS) is None  # "Episode 9" is no title of its own
    assert plain.findtext("itunes:episodeType", namespaces=NS) == "full"
    types = {e["guid"]: e["type"] for e in parsed(data)["episodes"]}
    assert types == {"episode-5": "trailer", "episode-9": "full"}


def test_an_unknown_episode_type_is_a_warning_and_the_feed_says_full() -> None:
    text = "---\nepisode_type: bonsu\n---\n**A:** Hi.\n"
    result = read(text, "4.md")
    assert [d.format() for d in result.diagnostics] == [
        "4.md:2: warning: front matter `episode_type` must be one of full, trailer, bonus, not"
        ' "bonsu" (did you mean "bonus"?); the feed says full\n    episode_type: bonsu'
    ]
    data = build(archive(result.episode), config(**LISTED))
    assert items_by_guid(data)["episode-4"].findtext("itunes:episodeType", namespaces=NS) == (
        "full"
    )


def test_the_description_is_the_show_notes_when_there_are_some() -> None:
    notes = "Links: [the paper](../../papers/7.pdf) and <b>bold</b> **words**.\n"
    with_notes = replace(episode("7", ("A", "Transcript words.")), notes=notes)
    written = replace(
        episode("8", ("A", "Transcript words."), description="Written for the feed."), notes=notes
    )
    data = build(archive(with_notes, written), config(**LISTED))
    entries = {e.id: e for e in feedparser.parse(data).entries}
    assert entries["episode-7"].summary == (
        '<p>Links: <a href="https://user.github.io/archive/papers/7.pdf">the paper</a> and'
        " &lt;b&gt;bold&lt;/b&gt; <strong>words</strong>.</p>"
    )
    assert entries["episode-8"].summary == "Written for the feed."  # metadata wins
    by_guid = {e["guid"]: e for e in parsed(data)["episodes"]}
    assert "the paper" in by_guid["episode-7"]["description"]


def test_captions_only_where_most_paragraphs_have_their_own_clock() -> None:
    def clocked(key: str, clocks: list[int | None]) -> Any:
        turns = tuple(
            Turn("A", (Segment(start, None, f"words {i}", i + 1),))
            for i, start in enumerate(clocks)
        )
        return Episode(key, Metadata(episode=int(key)), turns, Path(f"{key}.txt"), "plaintext")

    estimated = clocked("1", [0, None, None, None, None, None, None, 60_000])  # 2 of 8 real
    half = clocked("2", [0, None, 20_000, None, 40_000, None, 60_000, None])  # 4 of 8 real
    data = build(archive(estimated, half), config(**LISTED))
    rels = {
        key: [t.get("rel") for t in item.findall("podcast:transcript", NS)]
        for key, item in items_by_guid(data).items()
    }
    assert "captions" not in rels["episode-1"]
    assert rels["episode-2"].count("captions") == 2  # VTT and SRT


def test_the_feed_key_changes_with_the_notes_and_the_captions() -> None:
    before = replace(episode("7", ("A", "x")), notes="Old notes.")
    after = replace(before, notes="New notes.")
    assert feed_key(before) != feed_key(after)
    untimed = episode("7", ("A", "x"), timed=False)
    assert feed_key(untimed) != feed_key(episode("7", ("A", "x")))
    lists = [ListKeys(archive(e), config(), "theme", None).feed(None) for e in (before, after)]
    assert lists[0] != lists[1]


# --- the whole feed through both parsers ------------------------------------------------------


def test_podcastparser_reads_the_channel_and_every_item() -> None:
    conf = config(**LISTED, author="Jon", owner_email="pod@example.com", copyright="© Pod")
    result = parsed(build(sample(), conf))
    assert result["title"] == "Data Pod"
    assert result["cover_url"] == "https://cdn.example/cover.jpg"
    assert result["itunes_categories"] == [["Technology"]]
    assert result["explicit"] is False
    assert [e["guid"] for e in result["episodes"]] == ["episode-8", "episode-7", "episode-6"]
    seven = result["episodes"][1]
    assert seven["enclosures"] == [
        {"url": "https://cdn.example/7.mp3", "mime_type": "audio/mpeg", "file_size": 34216300}
    ]
    assert (seven["number"], seven["total_time"], seven["type"]) == (7, 3723, "full")


def test_podcast_namespace_tags_follow_the_spec() -> None:
    conf = config(**LISTED, locked=True, owner_email="pod@example.com", block=True)
    root = channel(build(sample(), conf))
    guid = uuid.UUID(root.findtext("podcast:guid", "", NS))
    assert guid.version == 5
    assert root.findtext("podcast:locked", namespaces=NS) in ("yes", "no")
    assert root.findtext("podcast:medium", namespaces=NS) in SPEC_MEDIUMS
    assert [b.text for b in root.findall("podcast:block", NS)] == ["yes"]
    for element in root.iter(f"{{{NS['podcast']}}}transcript"):
        assert element.get("rel") in (None, "captions")
        assert element.get("url", "").startswith(BASE)
    for element in root.iter(f"{{{NS['podcast']}}}person"):
        assert element.get("role") in ("host", "guest") and element.get("group") == "cast"


# The medium names the namespace lists (podcasting2.org, "medium"), written out here so that a
# value sitegen accepts wrongly shows.
SPEC_MEDIUMS = {
    *(
        base + suffix
        for base in (
            "podcast",
            "music",
            "video",
            "film",
            "audiobook",
            "newsletter",
            "blog",
            "publisher",
            "course",
        )
        for suffix in ("", "L")
    ),
    "mixed",
}


def test_every_medium_sitegen_accepts_is_one_the_spec_lists() -> None:
    assert set(MEDIUMS) == SPEC_MEDIUMS
