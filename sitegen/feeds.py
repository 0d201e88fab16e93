"""The podcast feed, `/feed.xml`: RSS 2.0 with the iTunes and Podcasting 2.0 namespaces.

Owns which elements a podcast app reads for the channel and for each episode, their order, the
absolute URLs and RFC 822 dates in them. The XML is built with ElementTree, so every value from
the archive is escaped, and characters XML 1.0 cannot carry are dropped first. It reads the model
and the config only and returns bytes (build.py writes them to `urls.FEED`). No clock, no
randomness: the same archive and settings give the same bytes.

Also owns what a directory would refuse of a feed (`feed_problems`): the settings Apple requires,
a category not on Apple's list, cover art the site does not publish (the one look at the site's
files), guids two episodes share.
"""

from __future__ import annotations

import datetime
import html
import re
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from sitegen import urls
from sitegen.apple_categories import category_problem
from sitegen.config import CONFIG_FILE, Config, setting_line
from sitegen.errors import Diagnostic, warning
from sitegen.exports.chapters import MEDIA_TYPE as CHAPTERS_MEDIA_TYPE
from sitegen.exports.chapters import publishes_chapters
from sitegen.model import Archive, Episode
from sitegen.readers.metadata import audio_type_for
from sitegen.summary import summary_of
from sitegen.theme import static_files

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"

# The prefixes podcast apps and validators expect (ElementTree would write ns0, ns1 …).
for _prefix, _uri in (("itunes", ITUNES), ("podcast", PODCAST), ("atom", ATOM)):
    ET.register_namespace(_prefix, _uri)

GENERATOR = "sitegen"
# Transcript formats that carry a clock per cue: podcast apps can show them as captions.
CAPTION_FORMATS = frozenset({"vtt", "srt"})
# Enclosure type when neither metadata nor the URL's suffix says (metadata already warned).
UNKNOWN_AUDIO_TYPE = "application/octet-stream"

# Characters XML 1.0 forbids even escaped (C0 controls but tab/newline/return, lone surrogates,
# U+FFFE/U+FFFF): ElementTree would write them as they are and the feed would not parse. Listed,
# rather than as the complement of what XML allows: that is far slower to compile (at import).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Labels transcription tools give unidentified voices: not people to credit in podcast apps.
_GENERIC_SPEAKER = re.compile(
    r"(?:speaker|spk|unknown|unidentified|unknown speaker|host|guest)(?:[\s_-]*(?:\d+|[a-z]))?",
    re.IGNORECASE,
)
# The UUID namespace of `podcast:guid` (Podcasting 2.0 namespace, "guid").
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


def feed_shows(archive: Archive) -> list[str | None]:
    """The shows that get a feed: the site's own (`feed.xml`, always) and each show of a
    network with episodes (`<show>/feed.xml`)."""
    shows = sorted({e.meta.show for e in archive.episodes if e.meta.show is not None})
    return [None, *shows]


def render_feed(
    archive: Archive,
    config: Config,
    *,
    config_path: Path = Path(CONFIG_FILE),
    show: str | None = None,
) -> tuple[bytes, list[Diagnostic]]:
    """The bytes of feed.xml (`feed_xml`), and the problems with it (`feed_problems`, reported
    against `config_path`)."""
    return feed_xml(archive, config, show), feed_problems(archive, config, config_path=config_path)


def feed_xml(archive: Archive, config: Config, show: str | None = None) -> bytes:
    """The bytes of feed.xml; with `show`, of that show of a network (`<show>/feed.xml`, its
    `[shows.<id>]` settings). A network with no show of its own gets, in `feed.xml`, every
    show's episodes. What is wrong with it is `feed_problems`', which a build asks once for all
    its feeds.

    Podcast apps need absolute URLs. When `base_url` is not absolute the feed is still written,
    with site-root paths (`/archive/episodes/920/`) that work for a browser opening the file on
    the site. A warning says what to set when an episode has audio: only then is the feed one a
    podcast app would subscribe to (a transcript archive without audio needs no warning on
    every build, and `--strict` must stay usable for it).
    """
    base = config.absolute_base or config.base_path
    episodes = _feed_episodes(archive, show)
    config = config.for_show(show)
    rss = ET.Element("rss", {"version": "2.0"})
    channel = _sub(rss, "channel")
    _channel_head(channel, episodes, config, base, show)
    # Drafts never enter the feed, even when `drafts = true` builds their pages: a page can be
    # taken down quietly, but a podcast app has already notified its listeners.
    published = [ep for ep in episodes if not ep.meta.draft]
    if config.feed_limit is not None:
        published = published[: config.feed_limit]
    for episode in published:  # newest first, as archive.episodes is
        _item(_sub(channel, "item"), episode, config, base)
    ET.indent(rss, space="  ")
    return _XML_DECLARATION + ET.tostring(rss, encoding="unicode").encode("utf-8") + b"\n"


def _feed_episodes(archive: Archive, show: str | None) -> list[Episode]:
    """The episodes of `show`'s feed, drafts too (see `render_feed`)."""
    episodes = [ep for ep in archive.episodes if ep.meta.show == show]
    if show is None and not episodes:
        episodes = list(archive.episodes)
    return episodes


def _channel_head(
    channel: ET.Element, episodes: list[Episode], config: Config, base: str, show: str | None
) -> None:
    home = base + (urls.show_url(show) if show is not None else urls.HOME)
    _sub(channel, "title", config.title)
    _sub(channel, "link", home)
    _sub(
        channel,
        f"{{{ATOM}}}link",
        href=base + urls.feed_url(show),
        rel="self",
        type="application/rss+xml",
    )
    # RSS requires a channel description; the title is the one sentence every site has.
    _sub(channel, "description", config.description or config.title)
    _sub(channel, "language", config.language)
    if config.copyright:
        _sub(channel, "copyright", config.copyright)
    _sub(channel, "generator", GENERATOR)
    dates = [ep.meta.date for ep in episodes if ep.meta.date and not ep.meta.draft]
    if dates:
        # The newest episode's date, not the time of the build: rebuilding the same archive
        # must give the same bytes, and nothing in the feed changed since that episode.
        _sub(channel, "lastBuildDate", rfc822(max(dates)))
    image = urljoin(base, config.image) if config.image else None
    if image is not None:
        picture = _sub(channel, "image")
        _sub(picture, "url", image)
        _sub(picture, "title", config.title)
        _sub(picture, "link", home)
    if config.author:
        _sub(channel, f"{{{ITUNES}}}author", config.author)
    if config.owner_email:
        owner = _sub(channel, f"{{{ITUNES}}}owner")
        _sub(owner, f"{{{ITUNES}}}name", config.author or config.title)
        _sub(owner, f"{{{ITUNES}}}email", config.owner_email)
    if image is not None:
        _sub(channel, f"{{{ITUNES}}}image", href=image)
    if config.explicit is not None:
        _sub(channel, f"{{{ITUNES}}}explicit", "true" if config.explicit else "false")
    if config.category:
        parent = channel
        for name in config.category.split(" > "):  # config normalised the separator
            parent = _sub(parent, f"{{{ITUNES}}}category", text=name)
    # An archive lists every episode newest first and needs no particular order to make sense.
    _sub(channel, f"{{{ITUNES}}}type", "episodic")
    if config.new_feed_url:
        _sub(channel, f"{{{ITUNES}}}new-feed-url", config.new_feed_url)
    if config.block:
        # Apple's value is "Yes" (any other leaves the show listed); the namespace's is "yes".
        _sub(channel, f"{{{ITUNES}}}block", "Yes")
        _sub(channel, f"{{{PODCAST}}}block", "yes")
    feed_guid = podcast_guid(config, show)
    if feed_guid is not None:
        _sub(channel, f"{{{PODCAST}}}guid", feed_guid)
    if config.locked is not None:
        # The address a host asks to confirm an import with, when the feed gives one.
        email = {"owner": config.owner_email} if config.owner_email else {}
        _sub(channel, f"{{{PODCAST}}}locked", "yes" if config.locked else "no", **email)
    _sub(channel, f"{{{PODCAST}}}medium", config.medium)
    for host in config.hosts:
        _sub(channel, f"{{{PODCAST}}}person", host, role="host", group="cast")


def _item(item: ET.Element, episode: Episode, config: Config, base: str) -> None:
    meta = episode.meta
    page = base + urls.episode_url(episode.key)
    _sub(item, "title", episode.title)
    _sub(item, "link", page)
    # Whatever it is (a URL too), it is no link to the episode page: never a permalink.
    _sub(item, "guid", guid(episode), isPermaLink="false")
    # An undated episode gets no pubDate rather than an invented one: the build time or a file
    # date would change between builds and place the episode wrongly in apps that sort by date.
    if meta.date is not None:
        _sub(item, "pubDate", rfc822(meta.date))
    if meta.description or not episode.notes.strip():
        description = meta.description or summary_of(episode).transcript_start
        # Apps render an item description as HTML; this is plain text, so it is HTML-escaped
        # here (and XML-escaped again on output): `<b>` in a transcript shows as `<b>`.
        description = html.escape(description, quote=False)
    else:
        description = notes_html(episode.notes, page, base, config.base_path)
    if description:
        _sub(item, "description", description)
    if meta.audio:
        _sub(
            item,
            "enclosure",
            # A relative `audio` is relative to the episode page, as the page's player reads it.
            url=urljoin(page, meta.audio),
            # RSS requires a length; when it is unknown the RSS Advisory Board's advice is 0.
            length=str(meta.audio_length if meta.audio_length is not None else 0),
            type=meta.audio_type or audio_type_for(meta.audio) or UNKNOWN_AUDIO_TYPE,
        )
    if meta.title:  # Apple's own title field: the title alone, without "Episode 12"
        _sub(item, f"{{{ITUNES}}}title", meta.title)
    if episode.number is not None:
        if episode.number > 0:  # Apple reads itunes:episode as a non-zero whole number
            _sub(item, f"{{{ITUNES}}}episode", str(episode.number))
        _sub(item, f"{{{PODCAST}}}episode", str(episode.number))
    if meta.season is not None:
        if meta.season > 0:  # likewise itunes:season
            _sub(item, f"{{{ITUNES}}}season", str(meta.season))
        _sub(item, f"{{{PODCAST}}}season", str(meta.season))
    # Apple asks for it on every item: "full" unless the metadata says trailer or bonus.
    _sub(item, f"{{{ITUNES}}}episodeType", meta.episode_type or "full")
    if meta.duration is not None:
        _sub(item, f"{{{ITUNES}}}duration", str(meta.duration))
    for name, role in people(episode, config):
        _sub(item, f"{{{PODCAST}}}person", name, role=role, group="cast")
    if publishes_chapters(episode):  # the podcaster's chapters, for apps to show and skip by
        chapters = base + urls.chapters_url(episode.key)
        _sub(item, f"{{{PODCAST}}}chapters", url=chapters, type=CHAPTERS_MEDIA_TYPE)
    captioned = summary_of(episode).captioned
    # Show notes alone get no downloads (exports.episode_exports), so no transcript to announce.
    for fmt in config.downloads if episode.turns else ():
        attributes = {
            "url": base + urls.export_url(episode.key, fmt),
            "type": urls.EXPORT_MIME_TYPES[fmt],
            "language": config.language,
        }
        # rel="captions" promises times to show each line at; an untimed transcript has none,
        # and one whose times are mostly estimates would show lines well before or after.
        if fmt in CAPTION_FORMATS and captioned:
            attributes["rel"] = "captions"
        _sub(item, f"{{{PODCAST}}}transcript", **attributes)


def feed_problems(
    archive: Archive,
    config: Config,
    *,
    config_path: Path = Path(CONFIG_FILE),
    site_dir: Path | None = None,
) -> list[Diagnostic]:
    """What is wrong with the feeds `render_feed` writes, without writing them: each reported
    once, at the line of the setting in `config_path` when there is one. With `site_dir`, an
    `image` that is a path is also looked for among the files the site publishes."""
    problems: list[Diagnostic] = []
    has_audio = any(ep.meta.audio for ep in archive.episodes)
    if config.absolute_base is None and has_audio:
        message = (
            "base_url is not absolute; feed.xml links need it for podcast apps "
            '(set base_url = "https://…/" or build with --base-url)'
        )
        problems.append(warning(config_path, 0, message))
    static = frozenset(static_files(site_dir)) if site_dir is not None else None
    unset: dict[str, list[str]] = {}  # a setting Apple requires → the feeds without it
    for show in feed_shows(archive):
        own = config.for_show(show)
        table = f"shows.{show}" if show is not None else ""
        for key, message in _setting_problems(own, static):
            # At the line of the show's table when it sets the key, else of the site's.
            set_in = table if getattr(config.shows.get(show or ""), key, None) else ""
            line, text = setting_line(config_path, key, set_in)
            problems.append(warning(config_path, line, message, text))
        episodes = _feed_episodes(archive, show)
        problems += _shared_guids(episodes, urls.feed_url(show))
        # Apple asks these of a show it lists; a feed with no audio is no show to list, and a
        # blocked one asks not to be listed.
        listed = [ep for ep in episodes if not ep.meta.draft]
        if own.block or not any(ep.meta.audio for ep in listed):
            continue
        for key in APPLE_REQUIRED:
            if getattr(own, key) is None:
                unset.setdefault(key, []).append(urls.feed_url(show))
    for key, feeds in unset.items():
        shown = feeds if len(feeds) <= 3 else [*feeds[:2], f"{len(feeds) - 2} more"]
        names = " and ".join(filter(None, (", ".join(shown[:-1]), shown[-1])))
        message = (
            f"{names} {'has' if len(feeds) == 1 else 'have'} {APPLE_REQUIRED[key]}, which"
            f" Apple Podcasts requires: set {_APPLE_FIX[key]} (or block = true to keep an"
            " archive's feed out of directories)"
        )
        problems.append(warning(config_path, 0, message))
    return list(dict.fromkeys(problems))  # a site setting every show takes: said once


def _shared_guids(episodes: list[Episode], feed: str) -> list[Diagnostic]:
    """A warning for each episode whose guid (a `guid:` of its metadata) an episode above it
    in the feed has: apps would take the two for one episode and list only one."""
    problems: list[Diagnostic] = []
    first: dict[str, Episode] = {}
    for episode in episodes:
        if episode.meta.draft:
            continue
        other = first.setdefault(guid(episode), episode)
        if other is not episode:
            message = (
                f'guid "{guid(episode)}" is also that of "{other.title}" ({other.source.name})'
                f" in {feed}; podcast apps would list the two as one episode: give each its"
                " own `guid:`"
            )
            problems.append(warning(episode.source, 0, message))
    return problems


# The channel settings Apple requires of a show it lists, and what the warning says is missing.
APPLE_REQUIRED = {
    "image": "no cover art",
    "category": "no category",
    "explicit": "no explicit setting",
}
_APPLE_FIX = {
    "image": 'image = "static/cover.jpg" (a square JPEG or PNG, 1400-3000 px, in static/)',
    "category": 'category = "Technology" (an Apple Podcasts category, "Arts > Books" with a'
    " subcategory)",
    "explicit": "explicit = false (true if episodes have explicit content)",
}


def _setting_problems(config: Config, static: frozenset[str] | None) -> list[tuple[str, str]]:
    """(key, message) for each feed setting of `config` a podcast directory would refuse."""
    problems: list[tuple[str, str]] = []
    if config.category is not None:
        wrong = category_problem(config.category)
        if wrong is not None:
            problems.append(("category", f"category {wrong}; Apple lists the show nowhere"))
    image = config.image
    if image is not None and static is not None and not _published(image, config, static):
        message = (
            f'image "{config.image}" is no file the site publishes: a path from the site'
            ' root such as "static/cover.jpg" names the file static/cover.jpg in the site'
            " folder; add the file there, or give the image's http(s) URL"
        )
        problems.append(("image", message))
    return problems


def _published(image: str, config: Config, static: frozenset[str]) -> bool:
    """Whether `image` is a URL, or a path to a file of the site's static/ folder."""
    if urlsplit(image).scheme:
        return True  # a URL: whether it answers is the network's business, not the build's
    path = urlsplit(urljoin(config.base_path, image)).path
    rel = path.removeprefix(config.base_path) if path.startswith(config.base_path) else None
    return rel is not None and rel.startswith(urls.STATIC) and rel[len(urls.STATIC) :] in static


def podcast_guid(config: Config, show: str | None = None) -> str | None:
    """The feed's `podcast:guid`: the one the config sets, else the UUIDv5 Podcast Index derives
    from the feed's URL (scheme and trailing slashes stripped, in the namespace's own UUID
    namespace); None without an absolute `base_url`, since a site path names no feed.

    The namespace means a show to keep its guid for life: a feed derived from its URL gets
    another one when the site moves, so a show about to move sets `podcast_guid` to the value
    its feed has now."""
    if config.podcast_guid is not None:
        return config.podcast_guid
    if config.absolute_base is None:
        return None
    url = config.absolute_base + urls.feed_url(show)
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, _SCHEME.sub("", url).rstrip("/")))


def guid(episode: Episode) -> str:
    """The item's guid: the metadata's `guid` (the one the episode has in the show's other
    feed), else `episode-<key>` (`episode-920`), not a URL.

    Podcast apps treat a new guid as a new episode and download it again, so the guid must
    never change. The page URL would change with `base_url` (a move from `user.github.io/x/`
    to a custom domain would re-announce every episode); the key changes only if the episode's
    number or slug does, and then its page URL changes too.

    The default is the same in every sitegen feed (`episode-1` in two shows), which the RSS
    spec's "globally unique" does not allow; podcast apps keep an item's guid per feed, so no
    app mixes the two. Making it unique (with the site's address, say) would change the guid
    of every episode already in subscribers' apps, each downloaded again; a show that wants
    unique guids sets `guid:`.
    """
    return episode.meta.guid if episode.meta.guid is not None else f"episode-{episode.key}"


def notes_html(notes: str, page: str, base: str, base_path: str) -> str:
    """The episode's Markdown show notes as the HTML of an item description, its links and
    images made absolute (an app has no page to resolve them against): relative ones from the
    episode `page`, root-absolute ones (`/episodes/301/`) from the site's `base`, as the page
    itself links them (urls.page_link). Raw HTML in the notes is escaped, as on the page
    (contexts.py)."""
    from markdown_it import MarkdownIt  # not every build has show notes to put in a feed

    markdown = MarkdownIt("commonmark", {"html": False})
    tokens = markdown.parse(notes)
    for token in tokens:
        for child in token.children or ():
            attribute = {"link_open": "href", "image": "src"}.get(child.type)
            target = child.attrGet(attribute) if attribute is not None else None
            if attribute is not None and isinstance(target, str):
                root_absolute = target.startswith("/") and not target.startswith("//")
                if root_absolute:  # as from the site's root: `urls.page_link` with no prefix
                    child.attrSet(attribute, urljoin(base, urls.page_link(target, "", base_path)))
                else:
                    child.attrSet(attribute, urljoin(page, target))
    rendered: str = markdown.renderer.render(tokens, markdown.options, {})
    return rendered.strip()


def people(episode: Episode, config: Config) -> list[tuple[str, str]]:
    """(name, role) of everyone in an episode: its speakers, then guests named only in metadata.

    An item's `podcast:person` list replaces the channel's, so the hosts who speak are listed
    again here. Generic labels ("Speaker 1") are left out.
    """
    names = list(episode.speakers)
    names += [name for name in episode.meta.guests if name not in names]
    return [
        (name, "host" if name in config.hosts else "guest")
        for name in names
        if name.strip() and not _GENERIC_SPEAKER.fullmatch(name.strip())
    ]


def rfc822(date: datetime.date) -> str:
    """An RFC 822 date at noon UTC (`Mon, 01 Sep 2025 12:00:00 GMT`).

    Metadata dates have no time; noon UTC is the same calendar day from UTC-12 to UTC+11,
    so apps show listeners the date the podcaster wrote. English names whatever the locale.
    """
    import email.utils  # here: it imports socket and more, which only writing a feed needs

    moment = datetime.datetime.combine(date, datetime.time(12), tzinfo=datetime.UTC)
    return email.utils.format_datetime(moment, usegmt=True)


def _sub(
    parent: ET.Element, tag: str, content: str | None = None, /, **attributes: str
) -> ET.Element:
    """A child element whose text and attribute values are cleaned of XML-forbidden characters.

    `content` is positional-only so that an attribute may be called `text` (itunes:category).
    """
    element = ET.SubElement(parent, tag, {k: _clean(v) for k, v in attributes.items()})
    if content is not None:
        element.text = _clean(content)
    return element


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)
