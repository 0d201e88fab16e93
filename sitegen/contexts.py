"""Builds each page's view (sitegen.views) from the archive and the config: pure, no Jinja, no I/O.

What a page shows of the archive is worked out here: labels, links relative to the page, talk
time, the moments of mentions, speaker colours and slugs. Show notes and pages are Markdown,
rendered with raw HTML disabled, their root-absolute links made relative (urls.page_link).
"""

from __future__ import annotations

import functools
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, overload
from urllib.parse import urljoin

from markupsafe import Markup

from sitegen import jsonld, urls
from sitegen.chapters import chapters_for
from sitegen.config import Config
from sitegen.model import Archive, Episode, Link, Mention, Page, Turn
from sitegen.readers.timecode import format_clock, iso_duration
from sitegen.slugs import slug_or_hash, unique_name
from sitegen.summary import summary_of
from sitegen.talktime import talk_note
from sitegen.transcript_html import (
    TURN_END,
    Span,
    paragraph,
    paragraph_html,
    text_html,
    timed_paragraph,
    turn_start,
)
from sitegen.views import (
    Appearance,
    ChapterView,
    Download,
    EpisodeLink,
    EpisodeLinks,
    EpisodePage,
    HomePage,
    MarkdownPage,
    MentionIn,
    MentionOut,
    Neighbours,
    ParagraphView,
    Person,
    ReferencesPage,
    ResolvedReference,
    ShowEntry,
    ShowLink,
    Sitemap,
    SpeakerPage,
    SpeakersPage,
    TalkShare,
    TurnView,
    UnresolvedReference,
)

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

# Number of speaker colour slots in static/style.css (each checked for WCAG AA in both themes,
# on the page and on the highlighted and playing paragraph's tints).
SPEAKER_COLOURS = 12
HOME_LATEST = 10

# How the Download menu names each transcript format.
EXPORT_LABELS = {
    "vtt": "WebVTT captions",
    "srt": "SubRip subtitles",
    "json": "Podcasting 2.0 JSON",
    "txt": "Plain text",
    "html": "HTML transcript",
}


def speaker_colour(name: str) -> int:
    """The slot a name would like (crc32, not hash(): the same on every run and machine); where
    it has it is `SpeakerColours`' to say."""
    return zlib.crc32(name.encode("utf-8")) % SPEAKER_COLOURS


@dataclass(frozen=True)
class SpeakerColours:
    """One colour per person across the whole site, different from everyone they share an
    episode with.

    Worked out once per build from the archive by greedy colouring of the co-occurrence graph:
    people in order of how many episodes they are in (then by name), each taking the first slot
    from their own (`speaker_colour`) on that none of the people they have spoken with holds.
    Someone who has spoken with people of all twelve colours keeps their own slot site-wide
    (`crowded`) and is moved, in an episode where that slot is taken, to a free one for that
    episode only (`episode`). An episode of more than twelve speakers repeats colours."""

    site: dict[str, int]
    crowded: frozenset[str]

    @classmethod
    def of(cls, episodes: Iterable[tuple[str, ...]]) -> SpeakerColours:
        """The colours of the people of `episodes` (each its speakers)."""
        count: dict[str, int] = {}
        met: dict[str, set[str]] = {}
        for speakers in episodes:
            for name in speakers:
                count[name] = count.get(name, 0) + 1
                met.setdefault(name, set()).update(speakers)
        site: dict[str, int] = {}
        crowded: set[str] = set()
        for name in sorted(count, key=lambda n: (-count[n], n)):
            taken = {site[n] for n in met[name] if n in site and n != name}
            slot = _free_slot(speaker_colour(name), taken)
            if slot is None:
                crowded.add(name)
                slot = speaker_colour(name)
            site[name] = slot
        return cls(site, frozenset(crowded))

    def episode(self, speakers: tuple[str, ...]) -> dict[str, int]:
        """The colours of one episode's speakers: everyone's own, but for a crowded person whose
        colour another speaker of the episode has."""
        colours = {name: self.site[name] for name in speakers if name not in self.crowded}
        for name in speakers:
            if name in self.crowded:
                own = self.site[name]
                free = _free_slot(own, set(colours.values()))
                colours[name] = own if free is None else free
        return {name: colours[name] for name in speakers}


def _free_slot(first: int, taken: set[int]) -> int | None:
    """The first slot from `first` on (round the twelve) not in `taken`; None if all are."""
    for step in range(SPEAKER_COLOURS):
        slot = (first + step) % SPEAKER_COLOURS
        if slot not in taken:
            return slot
    return None


def speaker_slugs(names: list[str]) -> dict[str, str]:
    """Unique URL slugs for speaker names; clashes get `-2`, `-3` in sorted-name order."""
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(names):
        slug = unique_name(slug_or_hash(name, "speaker"), taken)
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


# The attribute of a Markdown token that holds where it leads.
_LINK_ATTRIBUTES = {"link_open": "href", "image": "src"}


class PageViews:
    """Builds the view of every page of one archive with one configuration."""

    def __init__(self, archive: Archive, config: Config, pages: tuple[Page, ...] = ()) -> None:
        self.archive = archive
        self.config = config
        self.pages = pages
        self.speaker_slug = speaker_slugs(list(archive.speakers))
        self.colours = SpeakerColours.of(episode.speakers for episode in archive.episodes)
        self._neighbours = neighbours(archive)
        # Each mention's moment is shown on both episodes' pages and the references page.
        self._moments: dict[tuple[str, int], tuple[str, str | None, bool]] = {}
        self.shows = shows_of(archive, config)
        # Link previews need an absolute image URL; the cover art is the one the site has.
        image = config.image
        self.og_image = urljoin(jsonld.site_base(config), image) if image else None

    # -- the episode page ---------------------------------------------------------------------

    def episode_links(self, episode: Episode) -> EpisodeLinks:
        """What an episode's page shows of the rest of the archive: where its mentions lead,
        its speakers' pages, the mentions of it, its neighbours."""
        root = urls.root_prefix(urls.episode_url(episode.key))
        mentions = self.archive.mentions_out.get(episode.key, ())
        mentions_in = self.archive.mentions_in.get(episode.key, ())
        older, newer = self._neighbours[episode.key]
        return EpisodeLinks(
            mentions=mentions,
            mention_hrefs=tuple(self.mention_href(mention, root) for mention in mentions),
            speaker_urls={
                name: root + urls.speaker_url(self.speaker_slug[name]) for name in episode.speakers
            },
            colours=self.colours.episode(episode.speakers),
            mentions_out=tuple(self.mention_out(m, root) for m in one_per_moment(mentions)),
            mentions_in=tuple(self.mention_in(m, root) for m in one_per_moment(mentions_in)),
            neighbours=Neighbours(self.episode_link(older, root), self.episode_link(newer, root)),
        )

    def episode(self, episode: Episode, url: str, links: EpisodeLinks) -> EpisodePage:
        """The episode's page (`episode` unpacked: the page reads its turns)."""
        root = urls.root_prefix(url)
        speaker_urls = links.speaker_urls
        colours = links.colours
        times = summary_of(episode).talk_time
        show = episode.meta.show
        return EpisodePage(
            episode=episode,
            show=ShowLink(self.config.for_show(show).title, root + urls.show_url(show))
            if show is not None
            else None,
            turns=TurnViews(len(episode.turns), lambda: self.turns(episode, links, colours)),
            transcript=DeferredHTML(
                bool(episode.turns), lambda: self.transcript(episode, links, colours)
            ),
            times_estimated=summary_of(episode).moments.any_estimated,
            chapters=self.chapters(episode),
            notes=self.markdown_html(episode.notes, root) if episode.notes else None,
            talk=[
                TalkShare(
                    name=name,
                    ms=ms,
                    share=round(100 * ms / times.total) if times.total else 0,
                    colour=colours[name],
                    url=speaker_urls[name],
                )
                for name, ms in times.by_speaker.items()
            ],
            talk_estimated=times.estimated,
            talk_note=talk_note(times, episode.meta.duration),
            jsonld=jsonld.script_json(
                jsonld.episode(
                    episode,
                    self.config.for_show(show),
                    [(n, urls.speaker_url(self.speaker_slug[n])) for n in episode.speakers],
                    has_transcript=bool(episode.turns)
                    and jsonld.TRANSCRIPT_FORMAT in self.config.downloads,
                )
            ),
            og_audio=jsonld.audio_url(episode, self.config) if episode.meta.audio else None,
            mentions_out=links.mentions_out,
            mentions_in=links.mentions_in,
            older=links.neighbours.older,
            newer=links.neighbours.newer,
            downloads=[
                Download(
                    url=root + urls.export_url(episode.key, fmt),
                    type=urls.EXPORT_MIME_TYPES[fmt],
                    label=EXPORT_LABELS[fmt],
                    suffix=fmt,
                )
                for fmt in self.config.downloads
            ]
            if episode.turns
            else [],
        )

    def chapters(self, episode: Episode) -> tuple[ChapterView, ...]:
        """The episode's table of contents (`episode` unpacked: its turns are read)."""
        return tuple(
            ChapterView(
                title=chapter.title,
                anchor=chapter.anchor,
                clock=format_clock(chapter.start) if chapter.start is not None else None,
                iso=iso_duration(chapter.start) if chapter.start is not None else None,
                estimated=chapter.estimated,
            )
            for chapter in chapters_for(episode)
        )

    def transcript(self, episode: Episode, links: EpisodeLinks, colours: dict[str, int]) -> Markup:
        """The transcript's turns as HTML, written in one pass: what `turns` holds, laid out as
        the built-in theme shows it (sitegen.transcript_html)."""
        moments = summary_of(episode).moments
        anchors, starts, estimated = moments.anchors, moments.starts, moments.estimated
        mentions = mention_spans(links)
        out: list[str] = []
        index = 0
        for turn in episode.turns:
            speaker = turn.speaker
            out.append(
                turn_start(
                    heading_html(turn),
                    colours[speaker] if speaker is not None else None,
                    speaker,
                )
            )
            for segment in turn.segments:
                spans = link_spans(segment.links) if segment.links else NO_SPANS
                html = text_html(segment.text, spans, mentions.get(index, NO_SPANS))
                start, clock = starts[index], moments.clock(index)
                if start is None or clock is None:  # no time: its episode has no clock at all
                    out.append(paragraph(anchors[index], html))
                else:
                    guessed = estimated[index]
                    # A clock of the source's own is said as it is shown.
                    label = clock_label(start, guessed) if guessed else clock
                    iso, position = iso_duration(start), moments.position_anchor(index)
                    out.append(
                        timed_paragraph(
                            anchors[index], html, start, clock, iso, label, guessed, position
                        )
                    )
                index += 1
            out.append(TURN_END)
        return Markup("".join(out))

    def turns(
        self, episode: Episode, links: EpisodeLinks, colours: dict[str, int]
    ) -> list[TurnView]:
        """The transcript in parts: each paragraph's HTML with its mentions linked, its time and
        anchor."""
        moments = summary_of(episode).moments
        mentions = mention_spans(links)
        turns: list[TurnView] = []
        index = 0
        for turn in episode.turns:
            paragraphs = []
            for segment in turn.segments:
                spans = link_spans(segment.links)
                html = paragraph_html(segment.text, spans, mentions.get(index, []))
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
            heading = heading_html(turn)
            turns.append(
                TurnView(
                    speaker=speaker,
                    colour=colours[speaker] if speaker is not None else None,
                    speaker_url=links.speaker_urls[speaker] if speaker is not None else None,
                    heading=Markup(heading) if heading is not None else None,
                    paragraphs=paragraphs,
                )
            )
        return turns

    # -- the other pages ----------------------------------------------------------------------

    def home(self, show: str | None = None) -> HomePage:
        """The home page of the site's own show (`show` None), which in a network also lists
        the other shows, or of one show of a network (`/<show>/`). A network with no show of
        its own lists the newest episodes of all shows on its home page."""
        config = self.config.for_show(show)
        episodes = [e for e in self.archive.episodes if e.meta.show == show]
        latest = (episodes or (list(self.archive.episodes) if show is None else []))[:HOME_LATEST]
        by_year: dict[str, list[Episode]] = {}
        for episode in episodes[len(latest) :]:  # each episode once: the rest after the latest
            year = str(episode.meta.date.year) if episode.meta.date else "Undated"
            by_year.setdefault(year, []).append(episode)
        root = urls.root_prefix(urls.show_url(show) if show is not None else urls.HOME)
        return HomePage(
            heading=config.title,
            lede=config.description,
            feed=urls.feed_url(show) if show is not None else urls.FEED,
            shows=[self.show_entry(s, root) for s in self.shows] if show is None else [],
            latest=latest,
            by_year=list(by_year.items()),
            jsonld=jsonld.script_json(jsonld.series(config)),
        )

    def show_entry(self, show: str, root: str) -> ShowEntry:
        config = self.config.for_show(show)
        count = sum(1 for e in self.archive.episodes if e.meta.show == show)
        return ShowEntry(config.title, config.description, root + urls.show_url(show), count)

    def references(self) -> ReferencesPage:
        root = urls.root_prefix(urls.REFERENCES)
        resolved: list[ResolvedReference] = []
        listed = [(k, one_per_moment(ms)) for k, ms in self.archive.mentions_in.items()]
        # Most mentioned first; then in the archive's order of shows and numbers (stable).
        ranked = sorted(listed, key=lambda kv: -len(kv[1]))
        for key, mentions in ranked:
            target = self.archive.by_key[key]
            resolved.append(
                ResolvedReference(
                    number=target.number,
                    label=episode_label(target),
                    url=root + urls.episode_url(target.key),
                    mentions=[self.mention_in(m, root) for m in mentions],
                )
            )
        # By number and show: episode 5 of a sibling show is not our episode 5.
        unresolved: dict[tuple[int, str], list[MentionIn]] = {}
        for mention in one_per_moment(self.archive.unresolved):
            entry = self.mention_in(mention, root)
            unresolved.setdefault((mention.target, mention.target_show or ""), []).append(entry)
        return ReferencesPage(
            resolved=resolved,
            unresolved=[
                UnresolvedReference(n, show or None, self.external_url(n, show or None), ms)
                for (n, show), ms in sorted(unresolved.items(), key=lambda kv: (-len(kv[1]), kv[0]))
            ],
        )

    def speakers(self) -> SpeakersPage:
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
                Person(
                    name=name,
                    url=root + urls.speaker_url(self.speaker_slug[name]),
                    count=len(episodes),
                    ms=ms,
                    words=words,
                    colour=self.colours.site[name],
                    host=name in self.config.hosts,
                )
            )
        return SpeakersPage(people)

    def speaker(self, name: str, url: str) -> SpeakerPage:
        root = urls.root_prefix(url)
        episodes = self.archive.speakers[name]
        rows = []
        for episode in episodes:
            times = summary_of(episode).talk_time
            rows.append(
                Appearance(
                    episode=episode,
                    url=root + urls.episode_url(episode.key),
                    ms=times.by_speaker.get(name, 0),
                    words=times.words.get(name, 0),
                    share=_percent(times.by_speaker.get(name, 0), times.total),
                )
            )
        total, words, airtime = self.speaker_totals(name, episodes)
        return SpeakerPage(
            name=name,
            colour=self.colours.site[name],
            rows=rows,
            total=total,
            words=words,
            # Of the airtime of the episodes they are in: "a third of the talking where they
            # appear", not a share of the whole archive, which shrinks with every new episode.
            share=_percent(total, airtime),
            first=episodes[-1],
            last=episodes[0],
            first_url=root + urls.episode_url(episodes[-1].key),
            last_url=root + urls.episode_url(episodes[0].key),
        )

    def speaker_totals(self, name: str, episodes: Sequence[Episode]) -> tuple[int, int, int]:
        """A speaker's talk time and words over `episodes`, and those episodes' whole airtime."""
        ms = words = airtime = 0
        for episode in episodes:
            times = summary_of(episode).talk_time
            ms += times.by_speaker.get(name, 0)
            words += times.words.get(name, 0)
            airtime += times.total
        return ms, words, airtime

    def page(self, page: Page) -> MarkdownPage:
        root = urls.root_prefix(urls.page_url(page.slug))
        return MarkdownPage(page, self.markdown_html(page.body, root))

    @functools.cached_property
    def markdown(self) -> MarkdownIt:
        """The parser of show notes and pages, made when first needed: not every build has
        Markdown to render, and markdown-it is then never loaded."""
        from markdown_it import MarkdownIt

        return MarkdownIt("commonmark", {"html": False})

    def markdown_html(self, text: str, root: str) -> Markup:
        """Markdown as HTML for the page at `root`, its links and images to `/…` relative."""
        tokens = self.markdown.parse(text)
        base = self.config.base_path
        for block in tokens:
            for token in block.children or ():
                name = _LINK_ATTRIBUTES.get(token.type)
                target = token.attrGet(name) if name is not None else None
                if name is not None and isinstance(target, str):
                    token.attrSet(name, urls.page_link(target, root, base))
        return Markup(self.markdown.renderer.render(tokens, self.markdown.options, {}))

    def sitemap(self) -> Sitemap:
        base = self.config.absolute_base or self.config.base_path
        locs = [base + urls.HOME, base + urls.REFERENCES, base + urls.SPEAKERS]
        locs += [base + urls.show_url(show) for show in self.shows]
        locs += [base + urls.episode_url(ep.key) for ep in self.archive.episodes]
        locs += [base + urls.speaker_url(self.speaker_slug[n]) for n in self.archive.speakers]
        locs += [base + urls.page_url(page.slug) for page in self.pages]
        lastmod = {base + urls.episode_url(ep.key): ep.meta.date for ep in self.archive.episodes}
        return Sitemap(locs, lastmod)

    # -- links --------------------------------------------------------------------------------

    def episode_link(self, episode: Episode | None, root: str) -> EpisodeLink | None:
        if episode is None:
            return None
        return EpisodeLink(episode_label(episode), root + urls.episode_url(episode.key))

    def external_url(self, number: int, show: str | None = None) -> str | None:
        """Where episode `number` is outside the site: `external_episode_url`; for another show
        of the site (`show`), only the one its own `[shows.<id>]` table gives, since the
        site's leads to the site's own show."""
        if show is None:
            template = self.config.external_episode_url
        else:
            own = self.config.shows.get(show)
            template = own.external_episode_url if own is not None else None
        return template.replace("{number}", str(number)) if template else None

    def mention_href(self, mention: Mention, root: str) -> str | None:
        target = self.archive.target_of(mention)
        if target is not None:
            return root + urls.episode_url(target.key)
        return self.external_url(mention.target, mention.target_show)

    def moment(self, mention: Mention) -> tuple[str, str | None, bool]:
        """The anchor of the paragraph holding a mention, its time for display (`12:34`, without
        the estimate's mark: templates mark it), and whether that time is estimated."""
        place = (mention.source_key, mention.segment_index)
        known = self._moments.get(place)
        if known is None:
            moments = summary_of(self.archive.by_key[mention.source_key]).moments
            index = mention.segment_index
            start = moments.starts[index]
            clock = format_clock(start) if start is not None else None
            known = self._moments[place] = moments.anchors[index], clock, moments.estimated[index]
        return known

    def mention_out(self, mention: Mention, root: str) -> MentionOut:
        target = self.archive.target_of(mention)
        anchor, clock, estimated = self.moment(mention)
        return MentionOut(
            number=mention.target,
            label=episode_label(target) if target else f"Episode {mention.target}",
            url=self.mention_href(mention, root),
            anchor=anchor,
            clock=clock,
            estimated=estimated,
            paragraph=mention.segment_index + 1,
            snippet=mention.snippet,
        )

    def mention_in(self, mention: Mention, root: str) -> MentionIn:
        anchor, clock, estimated = self.moment(mention)
        source = self.archive.by_key[mention.source_key]
        return MentionIn(
            label=episode_label(source),
            date=source.meta.date,
            url=f"{root}{urls.episode_url(source.key)}#{anchor}",
            anchor=anchor,
            clock=clock,
            estimated=estimated,
            paragraph=mention.segment_index + 1,
            snippet=mention.snippet,
        )


class TurnViews(Sequence[TurnView]):
    """An episode page's `turns`, made when a template first reads them. The built-in theme
    shows `transcript`, the same turns as one piece of HTML, and does not pay for a view of
    every paragraph."""

    __slots__ = ("_count", "_made", "_make")

    def __init__(self, count: int, make: Callable[[], list[TurnView]]) -> None:
        self._count = count  # known without making them: `{% if turns %}` asks
        self._make = make
        self._made: list[TurnView] | None = None

    def _turns(self) -> list[TurnView]:
        if self._made is None:
            self._made = self._make()
        return self._made

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> TurnView: ...
    @overload
    def __getitem__(self, index: slice) -> list[TurnView]: ...
    def __getitem__(self, index: int | slice) -> TurnView | list[TurnView]:
        return self._turns()[index]

    def __iter__(self) -> Iterator[TurnView]:
        return iter(self._turns())

    def __repr__(self) -> str:
        return repr(self._turns())


class DeferredHTML:
    """An episode page's `transcript`, made when a template first shows it: Jinja's autoescape
    takes it as HTML (`__html__`), and `{% if transcript %}` asks whether there is any without
    making it. A theme that lays out `turns` itself does not pay for it."""

    __slots__ = ("_any", "_made", "_make")

    def __init__(self, any_html: bool, make: Callable[[], Markup]) -> None:
        self._any = any_html
        self._make = make
        self._made: Markup | None = None

    def __html__(self) -> Markup:
        if self._made is None:
            self._made = self._make()
        return self._made

    def __str__(self) -> str:
        return self.__html__()

    def __bool__(self) -> bool:
        return self._any


NO_SPANS: tuple[Span, ...] = ()


def mention_spans(links: EpisodeLinks) -> dict[int, list[Span]]:
    """The spans of an episode's mentions, by the index of the paragraph that holds them."""
    spans: dict[int, list[Span]] = {}
    for mention, href in zip(links.mentions, links.mention_hrefs, strict=True):
        spans.setdefault(mention.segment_index, []).append(
            Span(mention.start, mention.end, href, "mention")
        )
    return spans


def link_spans(links: Sequence[Link]) -> list[Span]:
    """The spans of the links the source made in a paragraph or a heading."""
    return [Span(ln.start, ln.end, ln.href, "link") for ln in links]


def heading_html(turn: Turn) -> str | None:
    """A turn's chapter heading as HTML, with the links its source made."""
    if turn.heading is None:
        return None
    return text_html(turn.heading, link_spans(turn.heading_links), NO_SPANS)


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
