"""The immutable data model every stage reads: segments, turns, episodes, mentions, the archive.

Nothing here does I/O or knows a file format; readers build these values and later stages only
read them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path


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
    # file): talk time and the speakers' pages add them up over the whole archive.
    words: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", len(self.text.split()))


@dataclass(frozen=True, slots=True)
class Turn:
    """Consecutive paragraphs by one speaker (None when the source names nobody)."""

    speaker: str | None
    segments: tuple[Segment, ...]
    heading: str | None = None  # a section heading the source put just before this turn
    heading_links: tuple[Link, ...] = ()  # links the source put in that heading


@dataclass(frozen=True, slots=True)
class Metadata:
    """Episode metadata after derivation (front matter > sidecar > file name > transcript)."""

    title: str | None = None
    episode: int | None = None
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


@dataclass(frozen=True, slots=True)
class Episode:
    """One episode: identity, metadata, transcript turns and show notes (Markdown)."""

    key: str  # URL key: the number as text, else the slug; unique in an archive
    meta: Metadata
    turns: tuple[Turn, ...]
    source: Path
    format: str  # reader name, e.g. "plaintext", "markdown"
    notes: str = ""  # Markdown show notes that are not transcript
    derived: tuple[str, ...] = ()  # human-readable notes on values derived, for `sitegen check`
    also: tuple[Path, ...] = ()  # other files of the same episode (twins, show notes) merged in
    # Speakers in order of first appearance. Worked out once, when the episode is made: every
    # relink of the archive (each edit in `sitegen serve`) asks every episode for them.
    speakers: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        seen: dict[str, None] = {}
        for turn in self.turns:
            if turn.speaker is not None:
                seen.setdefault(turn.speaker, None)
        object.__setattr__(self, "speakers", tuple(seen))

    @property
    def number(self) -> int | None:
        return self.meta.episode

    @property
    def title(self) -> str:
        if self.meta.title:
            return self.meta.title
        if self.meta.episode is not None:
            return f"Episode {self.meta.episode}"
        return self.key

    def segments(self) -> list[tuple[Turn, Segment]]:
        return [(turn, seg) for turn in self.turns for seg in turn.segments]


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
    by_number: dict[int, Episode] = field(default_factory=dict)
    mentions_out: dict[str, tuple[Mention, ...]] = field(default_factory=dict)
    mentions_in: dict[int, tuple[Mention, ...]] = field(default_factory=dict)
    unresolved: tuple[Mention, ...] = ()
    speakers: dict[str, tuple[Episode, ...]] = field(default_factory=dict)
