"""What search engines and link previews read of a page: schema.org JSON-LD and OpenGraph tags.

Owns the `PodcastEpisode` (episode pages) and `PodcastSeries` (home page) JSON-LD objects and
the OpenGraph/Twitter facts of an episode, built as plain Python values and serialised here, so
no template concatenates JSON by hand. Every URL in them is absolute when `base_url` is (else
root-relative, which JSON-LD resolves against the page). It renders no HTML beyond the one
`<script>` body and does no I/O.
"""

from __future__ import annotations

import json
from typing import TypeAlias
from urllib.parse import urljoin

from markupsafe import Markup

from sitegen import urls
from sitegen.config import Config
from sitegen.model import Episode
from sitegen.readers.timecode import iso_duration

# A JSON value, as json.dumps writes it.
JSON: TypeAlias = "str | int | float | bool | list[JSON] | dict[str, JSON] | None"
JSONObject: TypeAlias = dict[str, JSON]

SCHEMA = "https://schema.org"
# The transcript download that JSON-LD and apps are pointed at: plain text is what schema.org's
# `transcript` (a Text) means, and it reads without a captions parser. (None when the site
# writes no such download: `downloads` in the config.)
TRANSCRIPT_FORMAT = "txt"


def site_base(config: Config) -> str:
    """Where URLs start: `https://host/path/` when base_url is absolute, else `/path/`."""
    return config.absolute_base or config.base_path


def script_json(data: JSONObject) -> Markup:
    """`data` as the body of a `<script type="application/ld+json">`.

    A `<script>` ends at the first `</script` whatever the JSON means, and `<!--` changes how
    the browser looks for that end, so every `<` is written as the JSON escape `\\u003c`: the
    JSON parses to the same strings and a transcript title cannot close the tag.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c"))


def series(config: Config) -> JSONObject:
    """The `PodcastSeries` the whole site is."""
    base = site_base(config)
    data: JSONObject = {
        "@context": SCHEMA,
        "@type": "PodcastSeries",
        "name": config.title,
        "url": base + urls.HOME,
        "webFeed": base + urls.FEED,
    }
    if config.description:
        data["description"] = config.description
    if config.language:
        data["inLanguage"] = config.language
    if config.author:
        data["author"] = {"@type": "Person", "name": config.author}
    if config.image:
        data["image"] = urljoin(base, config.image)
    return data


def episode(
    ep: Episode, config: Config, speakers: list[tuple[str, str]], has_transcript: bool
) -> JSONObject:
    """The `PodcastEpisode` of one episode page; `speakers` are (name, speaker page URL)."""
    base = site_base(config)
    page = base + urls.episode_url(ep.key)
    meta = ep.meta
    data: JSONObject = {
        "@context": SCHEMA,
        "@type": "PodcastEpisode",
        "name": ep.title,
        "url": page,
    }
    if meta.episode is not None:
        data["episodeNumber"] = meta.episode
    if meta.season is not None:
        data["partOfSeason"] = {"@type": "PodcastSeason", "seasonNumber": meta.season}
    if meta.date is not None:
        data["datePublished"] = meta.date.isoformat()
    if meta.description:
        data["description"] = meta.description
    if config.language:
        data["inLanguage"] = config.language
    whole = series(config)
    del whole["@context"]
    data["partOfSeries"] = whole
    transcript = base + urls.export_url(ep.key, TRANSCRIPT_FORMAT) if has_transcript else None
    if meta.audio:
        media: JSONObject = {"@type": "AudioObject", "contentUrl": audio_url(ep, config)}
        if meta.audio_type:
            media["encodingFormat"] = meta.audio_type
        if meta.duration is not None:
            media["duration"] = iso_duration(meta.duration * 1000)
        if transcript is not None:
            media["transcript"] = transcript
        data["associatedMedia"] = media
    if speakers:
        data["actor"] = [
            {"@type": "Person", "name": name, "url": base + url} for name, url in speakers
        ]
    return data


def audio_url(ep: Episode, config: Config) -> str:
    """The episode's audio as an absolute (or root-relative) URL: a relative `audio` is relative
    to the episode page, as its player reads it."""
    assert ep.meta.audio is not None
    return urljoin(site_base(config) + urls.episode_url(ep.key), ep.meta.audio)
