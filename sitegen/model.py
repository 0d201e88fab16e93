"""The immutable data model every stage reads: segments, turns, episodes, mentions, the archive.

Nothing here does I/O or knows a file format; readers build these values and later stages only
read them. An episode's turns may be held packed (`PackedTurns`): the same values, compressed
while the whole archive is in memory.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, overload

import zstandard

if TYPE_CHECKING:  # the type only: a summary is made above this layer (summary.py)
    from sitegen.summary import EpisodeSummary


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink the source put on part of a segment's text (e.g. a Markdown link)."""

    start: int  # offset into Segment.text
    end: int
    href: str


@dataclass(frozen=True, slots=True)
class Segment:
    """One paragraph of speech: plain text, its clock, and where it came from."""

    start: int | None  # milliseconds from the start; None when the source has no clock
    end: int | None
    text: str  # plain text (no markup); what exports, search and mention-finding read
    line: int  # 1-based line in the source file where the paragraph starts
    links: tuple[Link, ...] = ()
    # Words in `text`, counted once when the segment is made (in the worker that reads the
    # file): talk time and the speakers' pages add them up over the whole archive. Given only
    # when a segment is made again from one that counted them (PackedTurns.unpack).
    words: int = field(default=-1, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.words < 0:
            object.__setattr__(self, "words", len(self.text.split()))


@dataclass(frozen=True, slots=True)
class Turn:
    """Consecutive paragraphs by one speaker (None when the source names nobody)."""

    speaker: str | None
    segments: tuple[Segment, ...]
    heading: str | None = None  # a section heading the source put just before this turn
    heading_links: tuple[Link, ...] = ()  # links the source put in that heading


class PackedTurns(Sequence[Turn]):
    """An episode's turns, held compressed until read: as nested arrays of plain values in
    JSON, Zstandard-compressed (the parse cache stores these bytes as they are; JSON, unlike
    `marshal` or `pickle`, is safe to read whatever a file holds, and with ASCII escapes
    writes them about as fast as `marshal`); a fifth of the size of the turns as objects,
    most of which is text. Reading the turns (iterating, indexing) unpacks them every time and
    keeps nothing, so a stage that reads one episode's turns several times unpacks them once
    (`Episode.unpacked`).

    Why: a build holds every episode for as long as it runs, and it is the transcripts' text
    that would fill memory at tens of thousands of episodes (benchmarks/README.md has the
    sizes). Whole-archive stages read it once per episode; rendering reads each episode's in
    the worker that renders it. Turns kept in the parse cache are not even held as bytes
    until they are read (`later`, `read_later`): a build after an edit renders a few episodes
    of many, and a first build's process need not hold what its reading workers kept there."""

    __slots__ = ("_count", "_data", "_digest", "_load", "speakers")

    def __init__(self, turns: Sequence[Turn]) -> None:
        rows = tuple(
            (
                turn.speaker,
                turn.heading,
                _link_rows(turn.heading_links),
                tuple(
                    (s.start, s.end, s.text, s.line, _link_rows(s.links), s.words)
                    for s in turn.segments
                ),
            )
            for turn in turns
        )
        self._data: bytes | None = zstandard.ZstdCompressor(level=_LEVEL).compress(
            _ROWS_ENCODER.encode(rows).encode("ascii")
        )
        self._load: Callable[[], bytes] | None = None
        self._count = len(rows)
        self._digest: str | None = None
        self.speakers = speakers_of(turns)  # asked of every episode by every relink

    @classmethod
    def from_data(
        cls, data: bytes, count: int, speakers: tuple[str, ...], digest: str | None = None
    ) -> PackedTurns:
        """Turns packed before (`data`, `len`, `speakers` and `digest` of a PackedTurns): the
        parse cache."""
        packed = cls.__new__(cls)
        packed._data, packed._count, packed.speakers = data, count, speakers
        packed._digest, packed._load = digest, None
        return packed

    @classmethod
    def later(
        cls, load: Callable[[], bytes], count: int, speakers: tuple[str, ...], digest: str
    ) -> PackedTurns:
        """Turns packed before whose bytes `load` gives whenever they are read: the parse
        cache's, which reads them only for the episodes whose pages or downloads are made.
        `load` gives bytes whose SHA-256 is `digest`, or raises."""
        packed = cls.from_data(b"", count, speakers, digest)
        packed._data, packed._load = None, load
        return packed

    @property
    def data(self) -> bytes:
        if self._data is not None:
            return self._data
        # Read each time, not kept: a stage that reads every episode's turns (the search
        # index) would otherwise end up holding them all. Each stage reads them once
        # (`Episode.unpacked`).
        assert self._load is not None, "packed turns with neither bytes nor a loader"
        return self._load()

    def read_later(self, load: Callable[[], bytes]) -> None:
        """Let go of the bytes, which `load` gives again whenever they are read (the parse
        cache, once it has kept them): their digest is worked out first."""
        if self._digest is None:
            self._digest = hashlib.sha256(self.data).hexdigest()
        self._data, self._load = None, load

    def __reduce__(self) -> tuple[object, ...]:
        if self._data is None and self._load is not None:
            # Held without their bytes: sent as where to read them, so that the build's
            # process, which gets every episode from its reading workers, holds none.
            return (PackedTurns.later, (self._load, self._count, self.speakers, self.digest))
        return (PackedTurns.from_data, (self.data, self._count, self.speakers, self._digest))

    @property
    def digest(self) -> str:
        """The SHA-256 of `data`, as hex digits: worked out once, and kept with the bytes in
        the parse cache, so that a build after an edit does not hash every episode's turns."""
        if self._digest is None:
            self._digest = hashlib.sha256(self.data).hexdigest()
        return self._digest

    def unpack(self) -> tuple[Turn, ...]:
        rows = json.loads(zstandard.ZstdDecompressor().decompress(self.data))
        return tuple(
            Turn(
                speaker,
                tuple(
                    Segment(start, end, text, line, _links(links), words)
                    for start, end, text, line, links, words in segments
                ),
                heading,
                _links(heading_links),
            )
            for speaker, heading, heading_links, segments in rows
        )

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Turn: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Turn, ...]: ...
    def __getitem__(self, index: int | slice) -> Turn | tuple[Turn, ...]:
        return self.unpack()[index]

    def __iter__(self) -> Iterator[Turn]:
        return iter(self.unpack())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PackedTurns):
            return self.data == other.data or self.unpack() == other.unpack()
        if isinstance(other, tuple):
            return self.unpack() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.unpack())

    def __repr__(self) -> str:
        # What the turns are, in a few bytes: the download keys digest episodes' reprs.
        return f"PackedTurns({self._count} turns, sha256 {self.digest})"


# Level 1: as small as zlib at its fastest, in a third of the time. A (de)compressor object is
# made per call: one may not be used by two threads at once (the search indexer's threads
# unpack episodes), and a shared one corrupts what it unpacks.
_LEVEL = 1
_ROWS_ENCODER = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"), check_circular=False)
LinkRow = tuple[int, int, str]


def _link_rows(links: tuple[Link, ...]) -> tuple[LinkRow, ...]:
    return tuple((link.start, link.end, link.href) for link in links)


def _links(rows: Sequence[LinkRow]) -> tuple[Link, ...]:
    return tuple(Link(*row) for row in rows) if rows else ()


def speakers_of(turns: Sequence[Turn]) -> tuple[str, ...]:
    """Speakers in order of first appearance."""
    seen: dict[str, None] = {}
    for turn in turns:
        if turn.speaker is not None:
            seen.setdefault(turn.speaker, None)
    return tuple(seen)


@dataclass(frozen=True, slots=True)
class Metadata:
    """Episode metadata after derivation (front matter > sidecar > file name > transcript)."""

    title: str | None = None
    episode: int | None = None
    season: int | None = None
    date: datetime.date | None = None
    audio: str | None = None  # URL, or a path relative to the episode page
    audio_type: str | None = None  # MIME type of the audio, for the feed's enclosure
    audio_length: int | None = None  # size of the audio file in bytes (RSS enclosure `length`)
    duration: int | None = None  # whole seconds of audio (`itunes:duration`)
    description: str | None = None
    guests: tuple[str, ...] = ()
    draft: bool = False
    slug: str | None = None
    # Front matter `speakers: {Speaker 1: Jon Krohn}`: labels of this transcript renamed for this
    # episode only, as (label, name) pairs; the site's speaker_aliases apply after them.
    speaker_names: tuple[tuple[str, str], ...] = ()
    # Where `episode` came from: "metadata", "file name", "file name end" (a number at the end
    # of a name, `ship-it-10`: the build keeps it only for a series of such names),
    # "transcript" (its self-introduction), or "" when there is no number.
    number_from: str = ""
    episode_type: str | None = None  # "full", "trailer" or "bonus" (`itunes:episodeType`)
    # The show of a network this episode belongs to (`[shows.<id>]`, `content/<id>/`, or
    # `show:` in its metadata); None for the site's own show (`content/episodes/`).
    show: str | None = None
    # Front matter `mentions: {add: [...], ignore: [...]}`: what no rule of the linker can see.
    # Each is (show id or None for the episode's own show, number).
    mentions_add: tuple[tuple[str | None, int], ...] = ()
    mentions_ignore: tuple[tuple[str | None, int], ...] = ()
    # Front matter `chapters: ["12:30 Title", {start: "45:00", title: …}]`: the podcaster's own
    # chapters, as (start in milliseconds, title) in time order (chapters.py places them).
    chapters: tuple[tuple[int, str], ...] = ()
    # Front matter `guid:`: the feed item's guid the episode already has elsewhere (its old host's
    # feed); None: the feed's own (feeds.guid).
    guid: str | None = None


@dataclass(frozen=True, slots=True)
class Episode:
    """One episode: identity, metadata, transcript turns and show notes (Markdown)."""

    # URL key, unique in an archive: the number as text (`s2e5` in a show with seasons), else
    # the slug; prefixed `<show>/` for an episode of another show of a network (urls.py).
    key: str
    meta: Metadata
    turns: tuple[Turn, ...] | PackedTurns  # packed while the whole archive is held
    source: Path
    format: str  # reader name, e.g. "plaintext", "markdown"
    notes: str = ""  # Markdown show notes that are not transcript
    derived: tuple[str, ...] = ()  # human-readable notes on values derived, for `sitegen check`
    also: tuple[Path, ...] = ()  # other files of the same episode (twins, show notes) merged in
    # Speakers in order of first appearance. Found once, when the episode is made: every
    # relink of the archive (each edit in `sitegen serve`) asks every episode for them.
    speakers: tuple[str, ...] = field(init=False, repr=False, compare=False)
    # What the whole-archive stages need of its text (summary.py), set once made
    # (`set_summary`). Not an argument: an episode made from another (dataclasses.replace, with
    # other turns or metadata) carries none, so it can never carry one of another episode.
    summary: EpisodeSummary | None = field(default=None, init=False, repr=False, compare=False)
    # Digests of this episode that keys are made from (`content_digest`, keys.episode_digests),
    # each worked out once for it: a build asks every episode for them, and the parse cache
    # keeps them with the episode it read. Not an argument either: an episode made from
    # another starts with none.
    digests: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        turns = self.turns
        speakers = turns.speakers if isinstance(turns, PackedTurns) else speakers_of(turns)
        object.__setattr__(self, "speakers", speakers)

    @property
    def number(self) -> int | None:
        return self.meta.episode

    @property
    def title(self) -> str:
        if self.meta.title:
            return self.meta.title
        if self.meta.episode is not None and self.meta.season is not None:
            return f"Season {self.meta.season}, Episode {self.meta.episode}"
        if self.meta.episode is not None:
            return f"Episode {self.meta.episode}"
        return self.key

    def segments(self) -> list[tuple[Turn, Segment]]:
        return [(turn, seg) for turn in self.turns for seg in turn.segments]

    def set_summary(self, summary: EpisodeSummary) -> None:
        """Carry `summary`, made from this episode (summary.summarize)."""
        object.__setattr__(self, "summary", summary)

    def packed(self) -> Episode:
        """This episode with its turns packed (see PackedTurns), carrying its summary."""
        if isinstance(self.turns, PackedTurns):
            return self
        episode = dataclasses.replace(self, turns=PackedTurns(self.turns))
        object.__setattr__(episode, "summary", self.summary)
        return episode

    def with_identity(
        self, key: str, meta: Metadata, derived: tuple[str, ...] | None = None
    ) -> Episode:
        """This episode under another key, or with other identity in its metadata (number,
        season, show, slug: what the build settles across the archive), carrying its summary,
        which identity does not change. `meta` may differ from this episode's in those fields
        only."""
        if key == self.key and meta == self.meta and derived in (None, self.derived):
            return self
        derived = self.derived if derived is None else derived
        episode = dataclasses.replace(self, key=key, meta=meta, derived=derived)
        object.__setattr__(episode, "summary", self.summary)
        return episode

    def unpacked(self) -> Episode:
        """This episode with its turns as objects, for a stage that reads them repeatedly,
        carrying its summary."""
        if not isinstance(self.turns, PackedTurns):
            return self
        episode = dataclasses.replace(self, turns=self.turns.unpack())
        object.__setattr__(episode, "summary", self.summary)
        return episode


def content_digest(episode: Episode) -> str:
    """A digest of the episode's repr (every field; its turns' is a digest of them) without the
    folders of its files (their names stay), for the keys of what is made from it: no page or
    download shows where a transcript lies, and the same site spelled `.` or `/home/me/show`
    must find the same keys."""
    known = episode.digests.get("content")
    if known is not None:
        return known
    # Field by field rather than the repr of a copy with those folders dropped: making the copy
    # costs as much as the rest, once per episode of every build. tests/test_model.py checks
    # that every field is here.
    fields = (episode.key, episode.meta, episode.turns, episode.source.name, episode.format)
    text = repr((*fields, episode.notes, episode.derived))
    digest = episode.digests["content"] = hashlib.sha256(
        text.encode("utf-8", "surrogatepass")
    ).hexdigest()
    return digest


@dataclass(frozen=True, slots=True)
class Mention:
    """One place where an episode refers to another episode by number."""

    source_key: str  # the mentioning episode
    target: int  # the episode number referred to
    segment_index: int  # index into source episode's flattened segments
    start: int  # character span of the matched words in that segment's text
    end: int
    words: str  # the matched words, as written
    snippet: str  # a short context around the match
    # Another show of the site the mention names ("Go Time episode 163" said on JS Party);
    # None: the mentioning episode's own show.
    target_show: str | None = None
    rule: str = "phrase"  # which rule of sitegen/mentions/ found it (`check --mentions`)


@dataclass(frozen=True, slots=True)
class Page:
    """A Markdown page from content/pages/ (about, contact, …)."""

    slug: str
    title: str
    body: str  # Markdown
    source: Path


@dataclass(frozen=True)
class Archive:
    """All episodes plus the indexes derived from them once every file is read."""

    episodes: tuple[Episode, ...]  # newest first
    by_key: dict[str, Episode] = field(default_factory=dict)
    # (show, number) -> the episode, for numbers only one episode of its show has (seasons).
    by_number: dict[tuple[str | None, int], Episode] = field(default_factory=dict)
    mentions_out: dict[str, tuple[Mention, ...]] = field(default_factory=dict)
    mentions_in: dict[str, tuple[Mention, ...]] = field(default_factory=dict)  # by target key
    unresolved: tuple[Mention, ...] = ()
    speakers: dict[str, tuple[Episode, ...]] = field(default_factory=dict)

    def target_of(self, mention: Mention) -> Episode | None:
        """The episode a mention refers to: that number of the show it names, by default the
        mentioning episode's."""
        show = mention.target_show
        if show is None:
            source = self.by_key.get(mention.source_key)
            show = source.meta.show if source is not None else None
        return self.by_number.get((show, mention.target))
