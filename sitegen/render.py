"""Turns the archive into page bytes: the Jinja environment, each page's context, transcript HTML.

Templates come from the site's `templates/` first, then the built-in theme. Everything from the
archive is escaped (autoescape, and `markupsafe.escape` for transcript HTML built here for speed);
show notes and pages are Markdown rendered with raw HTML disabled. This module does no file I/O
beyond loading templates: it yields `(output path, bytes)` pairs for the writer.
"""

from __future__ import annotations

import bisect
import hashlib
import zlib
from collections.abc import Container, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from sitegen import jsonld, urls
from sitegen.config import Config
from sitegen.model import Archive, Episode, Mention, Page, content_repr
from sitegen.readers.timecode import format_clock
from sitegen.slugs import slugify
from sitegen.summary import summary_of
from sitegen.talktime import format_duration, talk_note
from sitegen.theme import builtin_theme_dir

# Number of speaker colour slots in static/style.css (each checked for WCAG AA in both themes).
SPEAKER_COLOURS = 8
HOME_LATEST = 10


@dataclass(frozen=True, slots=True)
class Span:
    """A link over part of a paragraph's text; href None keeps it plain but marked."""

    start: int
    end: int
    href: str | None
    css_class: str


# Transcript views are slotted classes, not dicts: Jinja looks an attribute up with getattr
# first, and on a dict that raises and catches an AttributeError for every paragraph field.
@dataclass(frozen=True, slots=True)
class ParagraphView:
    anchor: str
    start: int | None
    clock: str | None  # `12:34`, or `~12:34` when estimated
    iso: str | None
    html: Markup
    label: str | None = None  # the clock as said: `12:34`, `about 12:34, estimated time`
    estimated: bool = False
    position: str | None = None  # the old position id (`p7`) an estimated paragraph keeps


@dataclass(frozen=True, slots=True)
class TurnView:
    speaker: str | None
    colour: int | None
    speaker_url: str | None
    heading: Markup | None
    paragraphs: list[ParagraphView]


def speaker_colour(name: str) -> int:
    """A stable colour slot for a name (crc32, not hash(): the same on every run and machine)."""
    return zlib.crc32(name.encode("utf-8")) % SPEAKER_COLOURS


def episode_colours(speakers: tuple[str, ...]) -> dict[str, int]:
    """Colour slots for one episode: each name's stable slot, moved on to the next free slot when
    an earlier speaker of the same episode already has it, so that speakers side by side differ."""
    colours: dict[str, int] = {}
    for name in speakers:
        slot = speaker_colour(name)
        if len(colours) < SPEAKER_COLOURS:
            while slot in colours.values():
                slot = (slot + 1) % SPEAKER_COLOURS
        colours[name] = slot
    return colours


def speaker_slugs(names: list[str]) -> dict[str, str]:
    """Unique URL slugs for speaker names; clashes get `-2`, `-3` in sorted-name order."""
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(names):
        base = slugify(name) or f"speaker-{zlib.crc32(name.encode()):08x}"
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        slugs[name] = slug
    return slugs


def episode_label(episode: Episode) -> str:
    """How lists name an episode: `Episode 913: Title`, or just the title or number it has."""
    if episode.number is not None and episode.meta.title:
        if episode.meta.season is not None:
            return f"Season {episode.meta.season}, Episode {episode.number}: {episode.meta.title}"
        return f"Episode {episode.number}: {episode.meta.title}"
    return episode.title


def clock_label(start: int, estimated: bool) -> str:
    """A paragraph's time as a screen reader should say it: `~` alone would read as "tilde"."""
    return f"about {format_clock(start)}, estimated time" if estimated else format_clock(start)


def paragraph_html(text: str, links: list[Span], mentions: list[Span]) -> Markup:
    """Escaped paragraph text with links over the spans.

    The links the source itself made win over mentions that overlap them (their URLs are part of
    the text); among spans of one kind, the earlier one wins. Linear after sorting, so a huge
    paragraph with many mentions stays fast.
    """
    kept_links = _without_overlaps(links)
    link_starts = [span.start for span in kept_links]
    kept = list(kept_links)
    for span in _without_overlaps(mentions):
        i = bisect.bisect_right(link_starts, span.start)
        before = kept_links[i - 1] if i else None
        after = kept_links[i] if i < len(kept_links) else None
        if (before is None or before.end <= span.start) and (
            after is None or span.end <= after.start
        ):
            kept.append(span)
    out: list[str] = []
    position = 0
    for span in sorted(kept, key=lambda s: s.start):
        out.append(escape(text[position : span.start]))
        words = escape(text[span.start : span.end])
        if span.href is None:
            out.append(f'<span class="{span.css_class}">{words}</span>')
        else:
            out.append(f'<a class="{span.css_class}" href="{escape(span.href)}">{words}</a>')
        position = span.end
    out.append(escape(text[position:]))
    return Markup("".join(out))


def _without_overlaps(spans: list[Span]) -> list[Span]:
    """Non-empty spans sorted by start, dropping any that overlaps one kept before it."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start < span.end and (not kept or kept[-1].end <= span.start):
            kept.append(span)
    return kept


def template_environment(site_dir: Path, config: Config) -> jinja2.Environment:
    """Templates from the site's templates/ folder, falling back to the built-in theme."""
    theme = builtin_theme_dir() / "templates"
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(site_dir / "templates"), str(theme)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # Templates build links through urls.py too, so it stays the one place that knows them.
    env.globals.update(site=config, urls=urls, clock=format_clock, duration=format_duration)
    return env


# How the Download menu names each transcript format.
EXPORT_LABELS = {
    "vtt": "WebVTT captions",
    "srt": "SubRip subtitles",
    "json": "Podcasting 2.0 JSON",
    "txt": "Plain text",
    "html": "HTML transcript",
}


class SiteRenderer:
    """Renders every page of one archive with one configuration."""

    def __init__(
        self,
        archive: Archive,
        config: Config,
        site_dir: Path,
        pages: tuple[Page, ...] = (),
        env: jinja2.Environment | None = None,
    ) -> None:
        self.archive = archive
        self.config = config
        self.pages = pages
        self.site_dir = site_dir
        self.env = env if env is not None else template_environment(site_dir, config)
        self.markdown = MarkdownIt("commonmark", {"html": False})
        self.speaker_slug = speaker_slugs(list(archive.speakers))
        self._neighbours = neighbours(archive)
        self.shows = shows_of(archive, config)
        # Link previews need an absolute image URL; the cover art is the one the site has.
        image = config.image
        self.og_image = urljoin(jsonld.site_base(config), image) if image else None

    def renew(self, archive: Archive, pages: tuple[Page, ...]) -> SiteRenderer:
        """A renderer for an updated archive that keeps the compiled templates. (What it reads
        per episode, talk time and moments, the episode's summary holds: summary.py.)"""
        return SiteRenderer(archive, self.config, self.site_dir, pages, self.env)

    # -- the whole site ---------------------------------------------------------------------

    def index_urls(self) -> list[str]:
        """The URL of every page but the episode pages, in the order they are rendered."""
        speakers = [urls.speaker_url(self.speaker_slug[name]) for name in self.archive.speakers]
        pages = [f"{page.slug}/" for page in self.pages]
        return [
            urls.HOME,
            *(urls.show_url(show) for show in self.shows),
            urls.REFERENCES,
            urls.SPEAKERS,
            *speakers,
            *pages,
            *([urls.SEARCH] if self.config.search else []),
            urls.NOT_FOUND,
            urls.SITEMAP,
            urls.ROBOTS,
        ]

    def render_indexes(self, only: Container[str] | None = None) -> Iterator[tuple[str, bytes]]:
        """Every page but the episode pages (the ones that list across the archive), or only
        those whose URLs are in `only`."""
        wanted = self.index_urls()
        if only is not None:
            wanted = [url for url in wanted if url in only]
        speaker_names = {urls.speaker_url(slug): name for name, slug in self.speaker_slug.items()}
        pages = {f"{page.slug}/": page for page in self.pages}
        shows = {urls.show_url(show): show for show in self.shows}
        for url in wanted:
            if url == urls.HOME:
                yield self.page(urls.HOME, "home.html", self.home_context())
            elif url in shows:
                yield self.page(url, "home.html", self.home_context(shows[url]))
            elif url == urls.REFERENCES:
                yield self.page(url, "references.html", self.references_context())
            elif url == urls.SPEAKERS:
                yield self.page(url, "speakers.html", self.speakers_context())
            elif url in speaker_names:
                yield self.page(url, "speaker.html", self.speaker_context(speaker_names[url], url))
            elif url in pages:
                body = Markup(self.markdown.render(pages[url].body))
                yield self.page(url, "page.html", {"page": pages[url], "body": body})
            elif url == urls.SEARCH:
                yield self.page(url, "search.html", {})
            elif url == urls.NOT_FOUND:
                yield self.page(url, "404.html", {})
            elif url == urls.SITEMAP:
                yield self.page(url, "sitemap.xml", self.sitemap_context())
            else:
                yield self.page(url, "robots.txt", {})

    def render_episode(
        self, episode: Episode, around: dict[str, Any] | None = None
    ) -> tuple[str, bytes]:
        """The episode's page; `around`: its `episode_links`, when already worked out."""
        url = urls.episode_url(episode.key)
        episode = episode.unpacked()  # the page reads the turns more than once
        return self.page(url, "episode.html", self.episode_context(episode, url, around))

    def page(self, url: str, template: str, context: dict[str, Any]) -> tuple[str, bytes]:
        # 404.html is served at whatever URL was missing, so it links from the base path.
        root = self.config.base_path if url == urls.NOT_FOUND else urls.root_prefix(url)
        base = self.config.absolute_base
        canonical = base + url if base else None
        html = self.env.get_template(template).render(
            root=root, url=url, canonical=canonical, og_image=self.og_image, **context
        )
        return urls.file_for(url), html.encode("utf-8")

    # -- contexts ---------------------------------------------------------------------------

    def home_context(self, show: str | None = None) -> dict[str, Any]:
        """The home page of the site's own show (`show` None), which in a network also lists
        the other shows, or of one show of a network (`/<show>/`). A network with no show of
        its own lists the newest episodes of all shows on its home page."""
        config = self.config.for_show(show)
        episodes = [e for e in self.archive.episodes if e.meta.show == show]
        latest = episodes or (list(self.archive.episodes) if show is None else [])
        by_year: dict[str, list[Episode]] = {}
        for episode in episodes:
            year = str(episode.meta.date.year) if episode.meta.date else "Undated"
            by_year.setdefault(year, []).append(episode)
        root = urls.root_prefix(urls.show_url(show) if show is not None else urls.HOME)
        return {
            "heading": config.title,
            "lede": config.description,
            "feed": urls.feed_url(show) if show is not None else urls.FEED,
            "shows": [self.show_entry(s, root) for s in self.shows] if show is None else [],
            "latest": latest[:HOME_LATEST],
            "by_year": list(by_year.items()),
            "jsonld": jsonld.script_json(jsonld.series(config)),
        }

    def show_entry(self, show: str, root: str) -> dict[str, Any]:
        """How the network's home page lists one show."""
        config = self.config.for_show(show)
        count = sum(1 for e in self.archive.episodes if e.meta.show == show)
        return {
            "title": config.title,
            "description": config.description,
            "url": root + urls.show_url(show),
            "episodes": count,
        }

    def page_key(self, episode: Episode, theme: str, around: dict[str, Any]) -> str:
        """A digest of everything the episode's page is made from: the episode, what the page
        shows of the archive around it (`around`: its `episode_links`), the config, and `theme`
        (buildkey.theme_digest). The same key, the same page."""
        text = f"{theme}\n{self.config!r}\n{self.og_image!r}\n{content_repr(episode)}\n{around!r}"
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def episode_links(self, episode: Episode) -> dict[str, Any]:
        """What an episode's page shows of the rest of the archive: where its mentions lead,
        its speakers' pages, the mentions of it, its neighbours."""
        root = urls.root_prefix(urls.episode_url(episode.key))
        mentions = self.archive.mentions_out.get(episode.key, ())
        mentions_in = self.archive.mentions_in.get(episode.key, ())
        older, newer = self._neighbours[episode.key]
        return {
            "mentions": mentions,
            "mention_hrefs": [self.mention_href(mention, root) for mention in mentions],
            "speaker_urls": {
                name: root + urls.speaker_url(self.speaker_slug[name]) for name in episode.speakers
            },
            "mentions_out": [self.mention_out_entry(m, root) for m in one_per_moment(mentions)],
            "mentions_in": [self.mention_in_entry(m, root) for m in one_per_moment(mentions_in)],
            "older": self.episode_link(older, root),
            "newer": self.episode_link(newer, root),
        }

    def episode_context(
        self, episode: Episode, url: str, around: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        root = urls.root_prefix(url)
        around = around if around is not None else self.episode_links(episode)
        speaker_urls: dict[str, str] = around["speaker_urls"]
        mentions: tuple[Mention, ...] = around["mentions"]
        moments = summary_of(episode).moments
        spans_by_segment: dict[int, list[Span]] = {}
        for mention, href in zip(mentions, around["mention_hrefs"], strict=True):
            spans_by_segment.setdefault(mention.segment_index, []).append(
                Span(mention.start, mention.end, href, "mention")
            )
        colours = episode_colours(episode.speakers)
        turns: list[TurnView] = []
        index = 0
        for turn in episode.turns:
            paragraphs = []
            for segment in turn.segments:
                spans = [Span(ln.start, ln.end, ln.href, "link") for ln in segment.links]
                html = paragraph_html(segment.text, spans, spans_by_segment.get(index, []))
                start = moments.starts[index]
                estimated = moments.estimated[index]
                paragraphs.append(
                    ParagraphView(
                        anchor=moments.anchors[index],
                        start=start,
                        clock=moments.clock(index),
                        iso=moments.iso(index),
                        html=html,
                        label=clock_label(start, estimated) if start is not None else None,
                        estimated=estimated,
                        position=moments.position_anchor(index),
                    )
                )
                index += 1
            speaker = turn.speaker
            turns.append(
                TurnView(
                    speaker=speaker,
                    colour=colours[speaker] if speaker is not None else None,
                    speaker_url=speaker_urls[speaker] if speaker is not None else None,
                    heading=paragraph_html(
                        turn.heading,
                        [Span(ln.start, ln.end, ln.href, "link") for ln in turn.heading_links],
                        [],
                    )
                    if turn.heading is not None
                    else None,
                    paragraphs=paragraphs,
                )
            )
        times = summary_of(episode).talk_time
        show = episode.meta.show
        return {
            "episode": episode,
            "show": {
                "title": self.config.for_show(show).title,
                "url": urls.root_prefix(url) + urls.show_url(show),
            }
            if show is not None
            else None,
            "turns": turns,
            "times_estimated": moments.any_estimated,
            "notes": Markup(self.markdown.render(episode.notes)) if episode.notes else None,
            "talk": [
                {
                    "name": name,
                    "ms": ms,
                    "share": round(100 * ms / times.total) if times.total else 0,
                    "colour": colours[name],
                    "url": speaker_urls[name],
                }
                for name, ms in times.by_speaker.items()
            ],
            "talk_estimated": times.estimated,
            "talk_note": talk_note(times, episode.meta.duration),
            "jsonld": jsonld.script_json(
                jsonld.episode(
                    episode,
                    self.config.for_show(show),
                    [(n, urls.speaker_url(self.speaker_slug[n])) for n in episode.speakers],
                    has_transcript=bool(episode.turns)
                    and jsonld.TRANSCRIPT_FORMAT in self.config.downloads,
                )
            ),
            "og_audio": jsonld.audio_url(episode, self.config) if episode.meta.audio else None,
            "mentions_out": around["mentions_out"],
            "mentions_in": around["mentions_in"],
            "older": around["older"],
            "newer": around["newer"],
            "downloads": [
                {
                    "url": root + urls.export_url(episode.key, fmt),
                    "type": urls.EXPORT_MIME_TYPES[fmt],
                    "label": EXPORT_LABELS[fmt],
                    "suffix": fmt,
                }
                for fmt in self.config.downloads
            ]
            if episode.turns
            else [],
        }

    def references_context(self) -> dict[str, Any]:
        root = urls.root_prefix(urls.REFERENCES)
        resolved: list[dict[str, Any]] = []
        listed = [(k, one_per_moment(ms)) for k, ms in self.archive.mentions_in.items()]
        # Most mentioned first; then in the archive's order of shows and numbers (stable).
        ranked = sorted(listed, key=lambda kv: -len(kv[1]))
        for key, mentions in ranked:
            target = self.archive.by_key[key]
            resolved.append(
                {
                    "number": target.number,
                    "label": episode_label(target),
                    "url": root + urls.episode_url(target.key),
                    "mentions": [self.mention_in_entry(m, root) for m in mentions],
                }
            )
        # By number and show: episode 5 of a sibling show is not our episode 5.
        unresolved: dict[tuple[int, str], list[dict[str, Any]]] = {}
        for mention in one_per_moment(self.archive.unresolved):
            entry = self.mention_in_entry(mention, root)
            unresolved.setdefault((mention.target, mention.target_show or ""), []).append(entry)
        return {
            "resolved": resolved,
            "unresolved": [
                {"number": n, "show": show or None, "url": self.external_url(n, show or None),
                 "mentions": ms}
                for (n, show), ms in sorted(unresolved.items(), key=lambda kv: (-len(kv[1]), kv[0]))
            ],
        }  # fmt: skip

    def speakers_context(self) -> dict[str, Any]:
        """Everyone, most appearances first (the order without JavaScript; static/sort-table.js
        re-sorts the table by any column)."""
        root = urls.root_prefix(urls.SPEAKERS)
        ranked = sorted(
            self.archive.speakers.items(), key=lambda kv: (-len(kv[1]), kv[0].casefold(), kv[0])
        )
        people = []
        for name, episodes in ranked:
            ms, words, _airtime = self.speaker_totals(name, episodes)
            people.append(
                {
                    "name": name,
                    "url": root + urls.speaker_url(self.speaker_slug[name]),
                    "count": len(episodes),
                    "ms": ms,
                    "words": words,
                    "colour": speaker_colour(name),
                    "host": name in self.config.hosts,
                }
            )
        return {"people": people}

    def speaker_context(self, name: str, url: str) -> dict[str, Any]:
        root = urls.root_prefix(url)
        episodes = self.archive.speakers[name]
        rows = []
        for episode in episodes:
            times = summary_of(episode).talk_time
            rows.append(
                {
                    "episode": episode,
                    "url": root + urls.episode_url(episode.key),
                    "ms": times.by_speaker.get(name, 0),
                    "words": times.words.get(name, 0),
                    "share": _percent(times.by_speaker.get(name, 0), times.total),
                }
            )
        total, words, airtime = self.speaker_totals(name, episodes)
        return {
            "name": name,
            "colour": speaker_colour(name),
            "rows": rows,
            "total": total,
            "words": words,
            # Of the airtime of the episodes they are in: "a third of the talking where they
            # appear", not a share of the whole archive, which shrinks with every new episode.
            "share": _percent(total, airtime),
            "first": episodes[-1],
            "last": episodes[0],
            "first_url": root + urls.episode_url(episodes[-1].key),
            "last_url": root + urls.episode_url(episodes[0].key),
        }

    def speaker_totals(self, name: str, episodes: Sequence[Episode]) -> tuple[int, int, int]:
        """A speaker's talk time and words over `episodes`, and those episodes' whole airtime."""
        ms = words = airtime = 0
        for episode in episodes:
            times = summary_of(episode).talk_time
            ms += times.by_speaker.get(name, 0)
            words += times.words.get(name, 0)
            airtime += times.total
        return ms, words, airtime

    def sitemap_context(self) -> dict[str, Any]:
        base = self.config.absolute_base or self.config.base_path
        locs = [base + urls.HOME, base + urls.REFERENCES, base + urls.SPEAKERS]
        locs += [base + urls.show_url(show) for show in self.shows]
        locs += [base + urls.episode_url(ep.key) for ep in self.archive.episodes]
        locs += [base + urls.speaker_url(self.speaker_slug[n]) for n in self.archive.speakers]
        locs += [f"{base}{page.slug}/" for page in self.pages]
        lastmod = {base + urls.episode_url(ep.key): ep.meta.date for ep in self.archive.episodes}
        return {"locs": locs, "lastmod": lastmod}

    # -- links ------------------------------------------------------------------------------

    def episode_link(self, episode: Episode | None, root: str) -> dict[str, Any] | None:
        if episode is None:
            return None
        return {"title": episode_label(episode), "url": root + urls.episode_url(episode.key)}

    def external_url(self, number: int, show: str | None = None) -> str | None:
        """Where episode `number` is outside the site: `external_episode_url`; for another show
        of the site (`show`), only the one its own `[shows.<id>]` table gives, since the
        site's leads to the site's own show."""
        if show is None:
            template = self.config.external_episode_url
        else:
            own = self.config.shows.get(show, {}).get("external_episode_url")
            template = own if isinstance(own, str) else None
        return template.replace("{number}", str(number)) if template else None

    def mention_href(self, mention: Mention, root: str) -> str | None:
        target = self.archive.target_of(mention)
        if target is not None:
            return root + urls.episode_url(target.key)
        return self.external_url(mention.target, mention.target_show)

    def moment(self, mention: Mention) -> tuple[str, str | None, bool]:
        """The anchor of the paragraph holding a mention, its time for display (`12:34`, without
        the estimate's mark: templates mark it), and whether that time is estimated."""
        moments = summary_of(self.archive.by_key[mention.source_key]).moments
        index = mention.segment_index
        start = moments.starts[index]
        clock = format_clock(start) if start is not None else None
        return moments.anchors[index], clock, moments.estimated[index]

    def moment_entry(self, mention: Mention) -> dict[str, Any]:
        """What a list of mentions shows of the moment: its anchor, its time (`clock`, marked by
        templates when `estimated`), else its paragraph's place (`paragraph`, from 1), so that
        several mentions in one episode read apart."""
        anchor, clock, estimated = self.moment(mention)
        return {
            "anchor": anchor,
            "clock": clock,
            "estimated": estimated,
            "paragraph": mention.segment_index + 1,
        }

    def mention_out_entry(self, mention: Mention, root: str) -> dict[str, Any]:
        target = self.archive.target_of(mention)
        return {
            "number": mention.target,
            "label": episode_label(target) if target else f"Episode {mention.target}",
            "url": self.mention_href(mention, root),
            **self.moment_entry(mention),
            "snippet": mention.snippet,
        }

    def mention_in_entry(self, mention: Mention, root: str) -> dict[str, Any]:
        moment = self.moment_entry(mention)
        source = self.archive.by_key[mention.source_key]
        return {
            "label": episode_label(source),
            "date": source.meta.date,
            "url": f"{root}{urls.episode_url(source.key)}#{moment['anchor']}",
            **moment,
            "snippet": mention.snippet,
        }


def neighbours(archive: Archive) -> dict[str, tuple[Episode | None, Episode | None]]:
    """Each episode's older and newer neighbour in its own show (archive order: newest first),
    for the previous/next links of its page."""
    by_show: dict[str | None, list[Episode]] = {}
    for episode in archive.episodes:
        by_show.setdefault(episode.meta.show, []).append(episode)
    links: dict[str, tuple[Episode | None, Episode | None]] = {}
    for order in by_show.values():
        for i, episode in enumerate(order):
            older = order[i + 1] if i + 1 < len(order) else None
            links[episode.key] = (older, order[i - 1] if i > 0 else None)
    return links


def shows_of(archive: Archive, config: Config) -> list[str]:
    """The shows of a network that have episodes: those of `[shows.<id>]` in its order, then
    the others by id. Empty for a site of one show."""
    present = {e.meta.show for e in archive.episodes if e.meta.show is not None}
    return [s for s in config.shows if s in present] + sorted(present - config.shows.keys())


def _percent(part: int, whole: int) -> int:
    """A whole-number percentage for display (0 when there is nothing to divide)."""
    return round(100 * part / whole) if whole else 0


def one_per_moment(mentions: Sequence[Mention]) -> list[Mention]:
    """Mentions for lists: a paragraph naming the same episode twice is listed once (the same
    number of two shows is two episodes)."""
    seen: set[tuple[str, int, int, str | None]] = set()
    kept = []
    for mention in mentions:
        moment = (mention.source_key, mention.segment_index, mention.target, mention.target_show)
        if moment not in seen:
            seen.add(moment)
            kept.append(mention)
    return kept
