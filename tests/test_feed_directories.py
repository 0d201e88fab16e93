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
from sitegen.readers import read_episode_text
from tests.conftest import MakeSite
from tests.test_feeds import BASE, NS, archive, config, episode, sample

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


def test_strict_build_fails_on_a_feed_warning(make_site: MakeSite) -> None:
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
