"""feed.xml as podcast directories and apps read it: the channel tags Apple Podcasts and
Podcast Index ask for, checked against the Podcasting 2.0 namespace's rules, through
feedparser and podcastparser (the parser gPodder uses)."""

from __future__ import annotations

import io
import re
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import feedparser  # type: ignore[import-untyped]
import podcastparser  # type: ignore[import-untyped]
import pytest

from sitegen.config import MEDIUMS, Config, ShowConfig, parse_config
from sitegen.errors import ConfigError
from sitegen.feeds import render_feed
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
