"""An episode's chapters: where its parts start, for the table of contents on its page.

Owns which source gives an episode's chapters and which paragraph each starts at. The sources,
the first that gives any winning (they are never mixed: two lists of one episode's parts would
disagree with each other):

1. `chapters:` in the episode's metadata (front matter or sidecar; readers/metadata.py checks
   the entries and reports bad ones), else its Podcasting 2.0 chapters file
   (`<stem>.chapters.json`, readers/chapterfile.py): the podcaster's own list, as podcast apps
   show it.
2. The transcript's headings (a Markdown `## Intro` before a turn).
3. Marker paragraphs: a paragraph of nobody's whose text is a marker label (`Break`), or starts
   with one and a colon (`Jingle: The last word in podcasting news`); the labels are
   readers/turns.py's (`is_marker`).

A heading's or a marker's chapter starts at its own paragraph, with that paragraph's time. When
the first of them comes after the transcript's first paragraph, a "Start" chapter at that
paragraph comes first, so that the list covers the whole episode (the podcaster's own list is
taken as written). A metadata chapter keeps its own time and starts at the paragraph being
spoken then: the one that starts latest at or before it (the first paragraph, for a time
before any), as the page's player highlights it. In an episode with no clock at all, a
metadata chapter has no paragraph: the page lists it without a link.

Reads the episode (give one whose turns are objects: the turns are read once) and its moments
(summary.py); no files, no HTML.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sitegen.model import Episode, Turn
from sitegen.moments import Moments
from sitegen.readers.turns import is_marker
from sitegen.summary import summary_of

# The chapter before the first heading or marker, when paragraphs come before it.
START_TITLE = "Start"
# A marker paragraph's text is its chapter's title up to this many characters (a jingle's words
# may follow its label; a table of contents wants a few words).
TITLE_CHARS = 60

# `Break`, `Jingle: The last word…`: a label of a few words, alone or before a colon.
_MARKER = re.compile(r"\s*([^\W\d_][\w '\u2019-]{0,30}?)\s*(?::.*)?", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Chapter:
    """One chapter: its title, its start, and the paragraph it starts at."""

    title: str
    # Milliseconds: the metadata's own time, else its paragraph's (real or estimated); None
    # when the episode has no clock at all.
    start: int | None
    # The id of the paragraph it starts at (moments.py); None: a metadata chapter of an
    # episode with no clock, which lands on no paragraph.
    anchor: str | None
    estimated: bool = False  # `start` is its paragraph's estimated time


def chapters_for(episode: Episode) -> tuple[Chapter, ...]:
    """The episode's chapters, from the first source that gives any (module docstring)."""
    moments = summary_of(episode).moments
    if episode.meta.chapters:
        return from_metadata(episode.meta.chapters, moments)
    turns = episode.turns
    return from_headings(turns, moments) or from_markers(turns, moments)


def from_metadata(entries: Sequence[tuple[int, str]], moments: Moments) -> tuple[Chapter, ...]:
    """The metadata's (start, title) entries, each at the paragraph being spoken at its start."""
    return tuple(
        Chapter(title, start, _anchor_at(start, moments)) for start, title in entries if title
    )


def from_headings(turns: Sequence[Turn], moments: Moments) -> tuple[Chapter, ...]:
    """A chapter at each heading, at the first paragraph after it."""
    starts: list[tuple[int, str]] = []
    index = 0
    for turn in turns:
        # A heading over no paragraph of its own starts at the next one.
        if turn.heading is not None and turn.heading.strip() and index < len(moments.anchors):
            starts.append((index, " ".join(turn.heading.split())))
        index += len(turn.segments)
    return _at_paragraphs(starts, moments)


def from_markers(turns: Sequence[Turn], moments: Moments) -> tuple[Chapter, ...]:
    """A chapter at each marker paragraph (module docstring)."""
    starts: list[tuple[int, str]] = []
    index = 0
    for turn in turns:
        for segment in turn.segments:
            if turn.speaker is None and marker_label(segment.text) is not None:
                starts.append((index, _short(segment.text)))
            index += 1
    return _at_paragraphs(starts, moments)


def marker_label(text: str) -> str | None:
    """The marker label a paragraph's text is or starts with (`Break`, `Jingle`), else None."""
    match = _MARKER.fullmatch(text)
    if match is None or not is_marker(match.group(1)):
        return None
    return match.group(1)


def _at_paragraphs(starts: list[tuple[int, str]], moments: Moments) -> tuple[Chapter, ...]:
    """Chapters at (paragraph index, title), after a "Start" chapter at the first paragraph
    when the first of them is later."""
    if not starts:
        return ()
    if starts[0][0] > 0:
        starts.insert(0, (0, START_TITLE))
    return tuple(
        Chapter(title, moments.starts[index], moments.anchors[index], moments.estimated[index])
        for index, title in starts
    )


def _anchor_at(start: int, moments: Moments) -> str | None:
    """The anchor of the paragraph being spoken at `start`: the one starting latest at or
    before it, the first of those in the transcript on a tie; the earliest paragraph when all
    start later; None when no paragraph has a time."""
    best: tuple[int, int] | None = None  # (start, index) of the latest at or before `start`
    earliest: tuple[int, int] | None = None
    for index, paragraph_start in enumerate(moments.starts):
        if paragraph_start is None:
            continue
        if earliest is None or paragraph_start < earliest[0]:
            earliest = (paragraph_start, index)
        if paragraph_start <= start and (best is None or paragraph_start > best[0]):
            best = (paragraph_start, index)
    found = best or earliest
    return moments.anchors[found[1]] if found is not None else None


def _short(text: str) -> str:
    """A marker paragraph's text as a title: cut at a word before TITLE_CHARS, with `…`."""
    words = " ".join(text.split())
    if len(words) <= TITLE_CHARS:
        return words
    cut = words[:TITLE_CHARS].rsplit(" ", 1)[0] if " " in words[:TITLE_CHARS] else ""
    return (cut or words[:TITLE_CHARS]).rstrip(" ,;:") + "…"
