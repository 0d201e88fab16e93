"""feed.xml: what a podcast app reads from it, checked through feedparser and ElementTree."""

from __future__ import annotations

import dataclasses
import datetime
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import feedparser  # type: ignore[import-untyped]
import pytest

from sitegen import urls
from sitegen.config import DOWNLOAD_FORMATS, Config
from sitegen.errors import Severity
from sitegen.feeds import ATOM, ITUNES, PODCAST, render_feed, rfc822
from sitegen.model import Archive, Episode, Metadata, Segment, Turn
from sitegen.readers import read_episode_text
from sitegen.references import link
from sitegen.summary import transcript_start

BASE = "https://user.github.io/archive/"
NS = {"itunes": ITUNES, "podcast": PODCAST, "atom": ATOM}
# Elements of RSS 2.0 itself (no namespace) that the feed may use.
RSS_ELEMENTS = {
    "rss", "channel", "title", "link", "description", "language", "generator", "lastBuildDate",
    "image", "url", "item", "guid", "pubDate", "enclosure", "copyright",
}  # fmt: skip
# The channel settings Apple Podcasts requires of a show with audio (else a warning each).
LISTED: dict[str, Any] = {
    "image": "https://cdn.example/cover.jpg",
    "category": "Technology",
    "explicit": False,
}


def episode(
    key: str,
    *paragraphs: tuple[str | None, str],
    date: str | None = None,
    timed: bool = True,
    **meta: Any,
) -> Episode:
    """An episode of (speaker, text) paragraphs; `meta` are Metadata fields."""
    turns = tuple(
        Turn(speaker, (Segment(i * 1000 if timed else None, None, text, i + 1),))
        for i, (speaker, text) in enumerate(paragraphs)
    )
    number = meta.pop("episode", int(key) if key.isdigit() else None)
    metadata = Metadata(
        episode=number, date=datetime.date.fromisoformat(date) if date else None, **meta
    )
    return Episode(key, metadata, turns, Path(f"{key}.txt"), "plaintext")


def archive(*episodes: Episode) -> Archive:
    return link(episodes)


def config(**settings: Any) -> Config:
    return Config(**{"title": "Data Pod", "base_url": BASE, **settings})


def sample() -> Archive:
    return archive(
        episode(
            "7",
            ("Jon Krohn", "Welcome back."),
            ("Ann Lee", "Thanks for having me."),
            date="2024-03-01",
            title="Seven",
            audio="https://cdn.example/7.mp3",
            audio_type="audio/mpeg",
            audio_length=34216300,
            duration=3723,
            description="About seven.",
        ),
        episode("8", ("Jon Krohn", "Solo."), date="2024-04-01", title="Eight"),
        episode("6", ("Bob Ray", "Old."), date="2023-12-24", title="Six"),
    )


def feed(arch: Archive, conf: Config | None = None) -> tuple[bytes, Any]:
    data, _problems = render_feed(arch, conf or config())
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return data, parsed


def items(data: bytes) -> list[ET.Element]:
    return ET.fromstring(data).findall("channel/item")


def item(data: bytes, key: str) -> ET.Element:
    (found,) = [i for i in items(data) if i.findtext("guid") == f"episode-{key}"]
    return found


# --- the feed as a whole ---------------------------------------------------------------------


def test_feed_parses_cleanly_and_lists_episodes_newest_first() -> None:
    data, parsed = feed(sample())
    assert parsed.version == "rss20"
    assert [e.title for e in parsed.entries] == ["Eight", "Seven", "Six"]
    assert [e.id for e in parsed.entries] == ["episode-8", "episode-7", "episode-6"]
    assert all(e.guidislink is False for e in parsed.entries)
    assert parsed.entries[1].published == "Fri, 01 Mar 2024 12:00:00 GMT"
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<rss ')


def test_same_archive_gives_the_same_bytes() -> None:
    first, _ = render_feed(sample(), config())
    again, _ = render_feed(sample(), config())
    shuffled = archive(*reversed(sample().episodes))
    assert first == again == render_feed(shuffled, config())[0]


def test_every_prefixed_element_is_in_its_namespace() -> None:
    data, _ = feed(sample(), config(author="A", owner_email="a@b.co", image="c.jpg", explicit=True))
    declared = dict(re.findall(rb'xmlns:(\w+)="([^"]+)"', data))
    assert declared == {prefix.encode(): uri.encode() for prefix, uri in NS.items()}
    tags = {element.tag for element in ET.fromstring(data).iter()}
    for tag in tags:
        if tag.startswith("{"):
            assert tag[1:].split("}")[0] in NS.values(), tag
        else:
            assert tag in RSS_ELEMENTS, tag
    # The prefixes written are the conventional ones apps look for, each bound as declared.
    used = set(re.findall(rb"<(\w+):", data))
    assert used == {b"atom", b"itunes", b"podcast"}


def test_channel_describes_the_show() -> None:
    conf = config(
        description="Every episode, searchable.",
        language="de",
        hosts=("Jon Krohn",),
        author="Jon Krohn & Co",
        owner_email="pod@example.com",
        image="static/cover.jpg",
        explicit=False,
        category="Society & Culture > Documentary",
    )
    data, parsed = feed(sample(), conf)
    channel = parsed.feed
    assert channel.title == "Data Pod"
    assert channel.link == BASE
    assert channel.subtitle == "Every episode, searchable."
    assert channel.language == "de"
    assert channel.author == "Jon Krohn & Co"
    assert channel.image.href == BASE + "static/cover.jpg"
    assert channel.updated == "Mon, 01 Apr 2024 12:00:00 GMT"  # the newest episode, not "now"
    assert channel.generator == "sitegen"
    root = ET.fromstring(data).find("channel")
    assert root is not None
    self_link = root.find("atom:link", NS)
    assert self_link is not None and self_link.attrib == {
        "href": BASE + "feed.xml",
        "rel": "self",
        "type": "application/rss+xml",
    }
    # Apple's documented values; feedparser still knows only the older "yes"/"clean".
    assert root.findtext("itunes:explicit", namespaces=NS) == "false"
    assert root.findtext("itunes:owner/itunes:email", namespaces=NS) == "pod@example.com"
    assert root.findtext("itunes:owner/itunes:name", namespaces=NS) == "Jon Krohn & Co"
    category = root.find("itunes:category", NS)
    assert category is not None and category.get("text") == "Society & Culture"
    assert [c.get("text") for c in category.findall("itunes:category", NS)] == ["Documentary"]
    assert root.findtext("image/url") == BASE + "static/cover.jpg"
    hosts = root.findall("podcast:person", NS)
    assert [(p.text, p.get("role")) for p in hosts] == [("Jon Krohn", "host")]


def test_settings_not_given_are_left_out() -> None:
    data, parsed = feed(sample(), Config(title="Data Pod", base_url=BASE))
    assert parsed.feed.subtitle == "Data Pod"  # RSS requires a description: the title
    for tag in (b"itunes:author", b"itunes:owner", b"itunes:image", b"itunes:explicit"):
        assert tag not in data
    assert b"itunes:category" not in data and b"<image>" not in data


# --- items -------------------------------------------------------------------------------------


def test_enclosure_has_url_type_and_length() -> None:
    _, parsed = feed(sample())
    (enclosure,) = parsed.entries[1].enclosures
    assert enclosure == {
        "href": "https://cdn.example/7.mp3",
        "type": "audio/mpeg",
        "length": "34216300",
    }
    assert parsed.entries[1].itunes_duration == "3723"


def test_episode_without_audio_has_no_enclosure() -> None:
    data, parsed = feed(sample())
    assert parsed.entries[0].enclosures == []
    assert item(data, "8").find("enclosure") is None


def test_enclosure_length_and_type_when_metadata_does_not_give_them() -> None:
    arch = archive(
        episode("1", ("A", "x"), audio="../../media/1.m4a"),  # relative to the episode page
        episode("2", ("A", "x"), audio="https://cdn.example/play/2"),
    )
    data, _ = feed(arch)
    first = item(data, "1").find("enclosure")
    assert first is not None
    assert first.attrib == {
        "url": BASE + "media/1.m4a",
        "length": "0",  # unknown: the RSS board's advice for this required attribute
        "type": "audio/x-m4a",
    }
    second = item(data, "2").find("enclosure")
    assert second is not None and second.get("type") == "application/octet-stream"


def test_transcripts_one_per_export_with_type_language_and_captions() -> None:
    data, _ = feed(sample(), config(language="en-GB"))
    transcripts = item(data, "7").findall("podcast:transcript", NS)
    assert [t.attrib for t in transcripts] == [
        {
            "url": BASE + urls.export_url("7", fmt),
            "type": urls.EXPORT_MIME_TYPES[fmt],
            "language": "en-GB",
            **({"rel": "captions"} if fmt in ("vtt", "srt") else {}),
        }
        for fmt in DOWNLOAD_FORMATS
    ]
    assert transcripts[0].get("url") == BASE + "episodes/7/transcript.vtt"
    assert transcripts[1].get("type") == "application/x-subrip"


def test_a_transcript_without_clocks_is_not_offered_as_captions() -> None:
    data, _ = feed(archive(episode("3", ("A", "No clocks here."), timed=False)))
    transcripts = item(data, "3").findall("podcast:transcript", NS)
    assert len(transcripts) == len(DOWNLOAD_FORMATS)
    assert all("rel" not in t.attrib for t in transcripts)


def test_people_are_credited_with_their_roles() -> None:
    ep = episode(
        "9",
        ("Jon Krohn", "Hi."),
        ("Speaker 2", "Unidentified."),
        ("Ann Lee", "Hello."),
        ("Jon Krohn", "Again."),
        ("SPEAKER_01", "Diarised."),
        guests=("Ann Lee", "Cy Young"),
    )
    data, _ = feed(archive(ep), config(hosts=("Jon Krohn", "Not Here")))
    people = item(data, "9").findall("podcast:person", NS)
    assert [(p.text, p.get("role"), p.get("group")) for p in people] == [
        ("Jon Krohn", "host", "cast"),
        ("Ann Lee", "guest", "cast"),
        ("Cy Young", "guest", "cast"),  # named in metadata, no line in the transcript
    ]


def test_episode_numbers() -> None:
    arch = archive(
        episode("12", ("A", "x"), date="2024-01-03"),
        episode("0", ("A", "x"), date="2024-01-02"),
        episode("notes", ("A", "x"), date="2024-01-01"),
    )
    data, parsed = feed(arch)
    assert (parsed.entries[0].itunes_episode, parsed.entries[0].podcast_episode) == ("12", "12")
    pilot = item(data, "0")
    assert pilot.findtext("podcast:episode", namespaces=NS) == "0"
    assert pilot.find("itunes:episode", NS) is None  # Apple wants a non-zero number
    unnumbered = item(data, "notes")
    assert unnumbered.find("podcast:episode", NS) is None
    assert unnumbered.find("itunes:episode", NS) is None


def test_markup_in_titles_and_text_is_escaped() -> None:
    hostile = "<script>alert('x')</script> Q&A"
    arch = archive(
        episode("1", ("A & B", f"Body {hostile}"), title=hostile),
        episode("2", ("A", "x"), title="Tom & Jerry", description=f"Notes {hostile}"),
    )
    data, parsed = feed(arch, config(title="Pod & <Co>"))
    assert b"<script>" not in data
    assert parsed.feed.title == "Pod & <Co>"
    by_id = {e.id: e for e in parsed.entries}
    assert by_id["episode-1"].title == hostile
    assert by_id["episode-2"].title == "Tom & Jerry"
    # Apps read a description as HTML: the text's own markup arrives escaped, shown as written.
    assert by_id["episode-2"].summary == "Notes &lt;script&gt;alert('x')&lt;/script&gt; Q&amp;A"
    assert by_id["episode-1"].summary.startswith("Body &lt;script&gt;")
    person = item(data, "1").find("podcast:person", NS)
    assert person is not None and person.text == "A & B"


def test_characters_xml_cannot_carry_are_dropped() -> None:
    text = "bell\x07 form\x0cfeed \ufffe end \U0001f399"
    arch = archive(episode("1", ("A\x1b", "x"), title="t\x00itle", description=text))
    data, parsed = feed(arch)
    assert parsed.entries[0].title == "title"
    assert parsed.entries[0].summary == "bell formfeed  end \U0001f399"  # emoji are fine
    assert item(data, "1").findtext("podcast:person", namespaces=NS) == "A"


def test_every_url_is_absolute_under_the_subpath() -> None:
    data, parsed = feed(sample(), config(image="static/cover.jpg"))
    root = ET.fromstring(data)
    found = [
        el.get("url") or el.get("href") for el in root.iter() if el.get("url") or el.get("href")
    ]
    found += [el.text for el in root.iter("link")]
    assert len(found) > 15
    for url in found:
        assert url is not None
        assert url.startswith(BASE) or url.startswith("https://cdn.example/"), url
    assert parsed.entries[0].link == BASE + "episodes/8/"


def test_without_an_absolute_base_url_links_are_site_paths_and_a_warning_says_so() -> None:
    data, problems = render_feed(sample(), Config(base_url="/archive/", **LISTED))
    assert not feedparser.parse(data).bozo
    assert item(data, "7").findtext("link") == "/archive/episodes/7/"
    assert [(p.severity, p.format()) for p in problems] == [
        (
            Severity.WARNING,
            "sitegen.toml: warning: base_url is not absolute; feed.xml links need it for "
            'podcast apps (set base_url = "https://…/" or build with --base-url)',
        )
    ]
    _, none = render_feed(sample(), config(**LISTED))
    assert none == []


def test_without_audio_a_relative_base_url_is_no_warning() -> None:
    silent = [
        dataclasses.replace(ep, meta=dataclasses.replace(ep.meta, audio=None))
        for ep in sample().episodes
    ]
    data, problems = render_feed(link(silent), Config(base_url="/archive/"))
    assert problems == []
    assert item(data, "7").findtext("link") == "/archive/episodes/7/"


def test_undated_episodes_have_no_pubdate_and_an_empty_archive_no_build_date() -> None:
    data, parsed = feed(
        archive(episode("1", ("A", "x"), date="2024-05-05"), episode("2", ("A", "x")))
    )
    assert [e.get("published") for e in parsed.entries] == ["Sun, 05 May 2024 12:00:00 GMT", None]
    assert item(data, "2").find("pubDate") is None
    empty, parsed_empty = feed(archive())
    assert parsed_empty.entries == [] and b"lastBuildDate" not in empty


def test_description_falls_back_to_the_start_of_the_transcript() -> None:
    long = episode("1", ("A", "word " * 100), ("B", "never reached"))
    assert transcript_start(long, limit=23) == "word word word word …"
    assert len(transcript_start(long)) <= 302
    assert transcript_start(episode("2", ("A", "x" * 500)), limit=10) == "xxxxxxxxxx …"
    data, _ = feed(archive(long, episode("2")))
    assert item(data, "1").findtext("description", "").endswith("word …")
    assert item(data, "2").find("description") is None  # nothing to say: no empty element


def test_drafts_stay_out_and_feed_limit_keeps_the_newest() -> None:
    arch = archive(
        *(episode(str(n), ("A", "x"), date=f"2024-01-{n:02d}") for n in range(1, 6)),
        episode("9", ("A", "x"), date="2024-02-01", draft=True),
    )
    _, parsed = feed(arch, config(drafts=True))
    assert [e.id for e in parsed.entries] == [f"episode-{n}" for n in (5, 4, 3, 2, 1)]
    assert parsed.feed.updated == "Fri, 05 Jan 2024 12:00:00 GMT"
    _, limited = feed(arch, config(feed_limit=2))
    assert [e.id for e in limited.entries] == ["episode-5", "episode-4"]


@pytest.mark.parametrize(
    ("date", "text"),
    [
        ("2025-09-01", "Mon, 01 Sep 2025 12:00:00 GMT"),
        ("1999-12-31", "Fri, 31 Dec 1999 12:00:00 GMT"),
    ],
)
def test_rfc822_dates_are_noon_utc(date: str, text: str) -> None:
    assert rfc822(datetime.date.fromisoformat(date)) == text


def test_front_matter_reaches_the_feed() -> None:
    text = (
        "---\ntitle: From the reader\nepisode: 31\ndate: 2024-06-01\n"
        "audio: https://cdn.example/31.m4a?source=rss\naudio_length: 1200\nduration: 1:02:03\n"
        "guests: [Ann Lee]\n---\n**Jon:** [00:00:01] Hello.\n\n**Ann Lee:** [00:00:05] Hi.\n"
    )
    result = read_episode_text(text, Path("31.md"))
    assert result.episode is not None, result.diagnostics
    _, parsed = feed(archive(result.episode), config(hosts=("Jon",)))
    entry = parsed.entries[0]
    assert entry.enclosures == [
        {"href": "https://cdn.example/31.m4a?source=rss", "type": "audio/x-m4a", "length": "1200"}
    ]
    assert entry.itunes_duration == "3723"
    assert entry.published == "Sat, 01 Jun 2024 12:00:00 GMT"


def test_an_episode_can_be_changed_without_changing_its_guid() -> None:
    before = episode("5", ("A", "x"), title="Draft title")
    after = dataclasses.replace(before, meta=dataclasses.replace(before.meta, title="Final"))
    moved = config(base_url="https://podcast.example.org/")
    first, _ = feed(archive(before))
    second, _ = feed(archive(after), moved)
    assert item(first, "5").findtext("guid") == item(second, "5").findtext("guid") == "episode-5"


def test_show_notes_without_a_transcript_announce_no_transcripts() -> None:
    notes_only = [
        dataclasses.replace(ep, turns=()) if ep.key == "7" else ep for ep in sample().episodes
    ]
    data, _parsed = feed(link(notes_only))
    assert item(data, "7").findall(f"{{{PODCAST}}}transcript") == []
    assert len(item(data, "8").findall(f"{{{PODCAST}}}transcript")) == len(DOWNLOAD_FORMATS)
