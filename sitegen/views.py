"""The template contract: one frozen view per page type, and the parts pages share.

A template sees the fields of its page's view as top-level names, plus the site chrome
(`Chrome`) and the globals of the Jinja environment (`site`, `urls`, `clock`, `duration`).
These classes hold values only; building them from the archive belongs to `contexts`, rendering
them to `render`. Slotted classes, not dicts: Jinja looks an attribute up with getattr first,
and on a dict that raises and catches an AttributeError for every field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import ClassVar, Protocol

from markupsafe import Markup

from sitegen.model import Episode, Mention, Page


class Names(Protocol):
    """A dataclass whose fields a template sees as top-level names."""

    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[object]]]


class View(Names, Protocol):
    """A page's view, with the name of the template that renders it."""

    template: ClassVar[str]


def template_names(view: Names) -> dict[str, object]:
    """A view's fields by name: the top-level names its template sees (not copied deeply)."""
    return {name: getattr(view, name) for name in _field_names(type(view))}


@cache
def _field_names(cls: type[Names]) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(cls))


class HTML(Protocol):
    """What Jinja's autoescape shows as it is: a `Markup`, or HTML made when first shown."""

    def __html__(self) -> str: ...


# -- shared parts --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Chrome:
    """What every page's frame (base.html) needs about the page itself."""

    root: str  # the relative prefix back to the site root: `../../`, or `` at the root
    url: str  # the page's own URL, relative to the site root
    canonical: str | None  # absolute URL, when the site has an absolute `base_url`
    og_image: str | None  # absolute URL of the cover art, for link previews


@dataclass(frozen=True, slots=True)
class EpisodeLink:
    """A link to another episode by its label (`Episode 913: Title`)."""

    title: str
    url: str


def quotation(snippet: str) -> str:
    """A snippet as `<q>` shows it, which adds its own quote marks: an edge quote mark whose
    pair is not in the snippet is dropped (`…see episode 12."` would end in two), and quotes
    that reach an edge with their pair inside become single marks, as quotes inside a
    quotation are written; a snippet that is one quotation loses its marks to `<q>`'s."""
    text = snippet
    whole = text[:1] + text[-1:]
    marks = text.count('"') + text.count("\u201c") + text.count("\u201d")
    if len(text) > 1 and whole in ('""', "\u201c\u201d") and marks == 2:
        return text[1:-1]  # one quotation, all of it: `<q>` marks it
    if text.count('"') % 2 == 1:
        if text.endswith('"'):
            text = text[:-1]
        elif text.startswith('"'):
            text = text[1:]
    if text.endswith("\u201d") and text.count("\u201c") < text.count("\u201d"):
        text = text[:-1]
    if text.startswith("\u201c") and text.count("\u201c") > text.count("\u201d"):
        text = text[1:]
    if text[:1] in _DOUBLE_QUOTES or text[-1:] in _DOUBLE_QUOTES:
        text = _nested(text)
    return text


_DOUBLE_QUOTES = frozenset('"\u201c\u201d')


def _nested(text: str) -> str:
    """Double quote marks as single ones: straight ones open and close in turn."""
    out = []
    opening = True
    for char in text:
        if char == '"':
            out.append("\u2018" if opening else "\u2019")
            opening = not opening
        else:
            out.append({"\u201c": "\u2018", "\u201d": "\u2019"}.get(char, char))
    return "".join(out)


@dataclass(frozen=True, slots=True)
class MentionOut:
    """A mention this episode makes, listed on its page with its moment: the paragraph's anchor,
    its time (`clock`, marked by templates when `estimated`), else its place (`paragraph`, from
    1). `url` leads to the episode named; None when the site cannot link to it."""

    number: int
    label: str
    url: str | None
    anchor: str
    clock: str | None
    estimated: bool
    paragraph: int
    snippet: str

    @property
    def quote(self) -> str:
        """The snippet as a `<q>` shows it (`quotation`)."""
        return quotation(self.snippet)


@dataclass(frozen=True, slots=True)
class MentionIn:
    """A mention of an episode, listed where that episode is (its page, the references page),
    with its moment as in `MentionOut`; `url` leads to the moment in the mentioning episode."""

    label: str
    date: date | None
    url: str
    anchor: str
    clock: str | None
    estimated: bool
    paragraph: int
    snippet: str

    @property
    def quote(self) -> str:
        """The snippet as a `<q>` shows it (`quotation`)."""
        return quotation(self.snippet)


@dataclass(frozen=True, slots=True)
class Neighbours:
    """An episode's older and newer episode in its own show, for its previous/next links."""

    older: EpisodeLink | None
    newer: EpisodeLink | None


@dataclass(frozen=True, slots=True)
class EpisodeLinks:
    """What an episode's page shows of the rest of the archive: where its mentions lead (one
    href per mention, in order), its speakers' pages and colours (worked out over the whole
    archive), the mentions both ways, its neighbours. The page's cache key is made from it."""

    mentions: tuple[Mention, ...]
    mention_hrefs: tuple[str | None, ...]
    speaker_urls: dict[str, str]
    colours: dict[str, int]  # each speaker's colour slot on this page (contexts.SpeakerColours)
    mentions_out: tuple[MentionOut, ...]
    mentions_in: tuple[MentionIn, ...]
    neighbours: Neighbours


# -- the episode page ----------------------------------------------------------------------------


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


@dataclass(frozen=True, slots=True)
class ChapterView:
    """One entry of the episode's table of contents (sitegen.chapters): its title, a link to
    the paragraph it starts at (`anchor`; None: it lands on none, in an episode with no clock),
    and its time (`clock`, `12:34` without the estimate's mark: templates mark it when
    `estimated`; None when it has none)."""

    title: str
    anchor: str | None
    clock: str | None
    iso: str | None
    estimated: bool


@dataclass(frozen=True, slots=True)
class ShowLink:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class TalkShare:
    """One speaker's talk time in one episode."""

    name: str
    ms: int
    share: int  # percent of the episode's talk time
    colour: int
    url: str


@dataclass(frozen=True, slots=True)
class Download:
    url: str
    type: str  # MIME type
    label: str
    suffix: str


@dataclass(frozen=True, slots=True)
class EpisodePage:
    template: ClassVar[str] = "episode.html"

    episode: Episode
    show: ShowLink | None
    # The transcript in parts, for a theme that lays it out itself; made when first read.
    turns: Sequence[TurnView]
    # The same turns as HTML, as the built-in theme shows them (sitegen.transcript_html); made
    # when first shown.
    transcript: HTML
    times_estimated: bool
    # Its table of contents (sitegen.chapters); the built-in theme shows two or more.
    chapters: tuple[ChapterView, ...]
    notes: Markup | None
    talk: list[TalkShare]
    talk_estimated: bool
    talk_note: str | None
    jsonld: Markup
    og_audio: str | None
    mentions_out: tuple[MentionOut, ...]
    mentions_in: tuple[MentionIn, ...]
    older: EpisodeLink | None
    newer: EpisodeLink | None
    downloads: list[Download]


# -- the home page and the shows of a network ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class ShowEntry:
    """How the network's home page lists one show."""

    title: str
    description: str
    url: str
    episodes: int


@dataclass(frozen=True, slots=True)
class HomePage:
    template: ClassVar[str] = "home.html"

    heading: str
    lede: str
    feed: str
    shows: list[ShowEntry]
    latest: list[Episode]
    by_year: list[tuple[str, list[Episode]]]
    jsonld: Markup


# -- the indexes ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ResolvedReference:
    number: int | None
    label: str
    url: str
    mentions: list[MentionIn]


@dataclass(frozen=True, slots=True)
class UnresolvedReference:
    number: int
    show: str | None  # another show of the site, whose episode this is; None: this site's show
    url: str | None  # from `external_episode_url`, when the config has one
    mentions: list[MentionIn]


@dataclass(frozen=True, slots=True)
class ReferencesPage:
    template: ClassVar[str] = "references.html"

    resolved: list[ResolvedReference]
    unresolved: list[UnresolvedReference]


@dataclass(frozen=True, slots=True)
class Person:
    """One row of the speakers table."""

    name: str
    url: str
    count: int
    ms: int
    words: int
    colour: int
    host: bool


@dataclass(frozen=True, slots=True)
class SpeakersPage:
    template: ClassVar[str] = "speakers.html"

    people: list[Person]


@dataclass(frozen=True, slots=True)
class Appearance:
    """One episode on a speaker's page."""

    episode: Episode
    url: str
    ms: int
    words: int
    share: int


@dataclass(frozen=True, slots=True)
class SpeakerPage:
    template: ClassVar[str] = "speaker.html"

    name: str
    colour: int
    rows: list[Appearance]
    total: int
    words: int
    share: int  # percent of the airtime of the episodes they are in
    first: Episode
    last: Episode
    first_url: str
    last_url: str


# -- pages with little or nothing of their own ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class MarkdownPage:
    """A page from content/pages/."""

    template: ClassVar[str] = "page.html"

    page: Page
    body: Markup


@dataclass(frozen=True, slots=True)
class SearchPage:
    template: ClassVar[str] = "search.html"


@dataclass(frozen=True, slots=True)
class NotFoundPage:
    template: ClassVar[str] = "404.html"


@dataclass(frozen=True, slots=True)
class RobotsPage:
    template: ClassVar[str] = "robots.txt"


@dataclass(frozen=True, slots=True)
class Sitemap:
    template: ClassVar[str] = "sitemap.xml"

    locs: list[str]
    lastmod: dict[str, date | None]
