"""Which files are one episode, and which of them supplies its transcript.

Podcasters keep the same episode in several files: `920.txt` and `920.vtt` from two tools,
`920.md` show notes beside `920.vtt`. Files are one episode when they have the same path but
for the suffix (letter case aside: `BookBytes-035.json`, `bookbytes-035.txt`). Files whose names
merely give the same number (`920.txt`, `episode-920.vtt`) are different transcripts: the build
reports the clash and publishes both, so that no transcript is lost to a guess.

Of such twins the richest transcript wins: one with clocks over one without, then more named
speakers, then more paragraphs with a clock, then finer clocks (fractions of a second, end
times). Show notes (a file with no turns)
never win over a transcript; their notes and metadata fill what the winner lacks. Every merge is
reported as a note (`sitegen check` prints it), so nobody wonders where a file went.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TypeVar

from sitegen.aliases import apply_aliases
from sitegen.model import Episode, Metadata
from sitegen.readers import ReadResult
from sitegen.walk import suffix_of

# Twins with equal richness: the format that usually carries more (voices, ms clocks) wins.
_FORMAT_ORDER = ("webvtt", "json", "srt", "html", "markdown", "plaintext")
_T = TypeVar("_T")


@dataclasses.dataclass(frozen=True)
class Merged:
    results: list[ReadResult]  # one per episode, in the order of the first file of each
    notes: list[tuple[Path, str]]  # which file was used for which episode


@functools.lru_cache(maxsize=2)  # `sitegen serve` asks again after every edit, for the same files
def twin_groups(paths: tuple[Path, ...]) -> tuple[tuple[int, ...], ...]:
    """Indexes into `paths` grouped by twin_key: the files of each episode, in order."""
    groups: dict[tuple[str, ...], list[int]] = {}
    for index, path in enumerate(paths):
        groups.setdefault(twin_key(path), []).append(index)
    return tuple(tuple(indexes) for indexes in groups.values())


def twin_key(path: Path) -> tuple[str, ...]:
    """Files with equal keys hold the same episode: their folder, and their name without its
    suffix (`Path.stem`), in lower case. Cut from the path as text: the build asks for every
    file's, and a `Path.parent` per file costs more than the rest."""
    folder, _, name = str(path).rpartition(os.sep)
    return (folder, name[: len(name) - len(suffix_of(name))].lower())


def merge_twins(
    results: Sequence[ReadResult], paths: Sequence[Path], aliases: Mapping[str, str] | None = None
) -> Merged:
    """One result per episode; `paths[i]` is the file `results[i]` was read from. Each file's
    speakers were renamed when it was read (workers.py); a winner that takes a `speakers:`
    mapping from a twin's metadata is renamed by it, then by the site's `aliases`."""
    merged: list[ReadResult] = []
    notes: list[tuple[Path, str]] = []
    for indexes in twin_groups(tuple(paths)):
        if len(indexes) == 1:
            merged.append(results[indexes[0]])
            continue
        members = [results[i] for i in indexes]
        diagnostics = tuple(d for r in members for d in r.diagnostics)
        episodes = [r.episode for r in members if r.episode is not None]
        if not episodes:
            merged.append(ReadResult(None, diagnostics))
            continue
        ranked = sorted(episodes, key=richness, reverse=True)
        winner = _combine(ranked)
        if aliases is not None and winner.meta.speaker_names != ranked[0].meta.speaker_names:
            winner = apply_aliases(winner, aliases)
        merged.append(ReadResult(winner, diagnostics))
        notes.append((winner.source, _merge_note(ranked)))
    return Merged(merged, notes)


def richness(episode: Episode) -> tuple[int, ...]:
    """Sorts transcripts poorest first: the last is the one to publish of several takes."""
    segments = [s for t in episode.turns for s in t.segments]
    named = {t.speaker for t in episode.turns if t.speaker is not None}
    clocked = sum(1 for s in segments if s.start is not None)
    fractions = any(s.start is not None and s.start % 1000 for s in segments)
    ends = any(s.end is not None for s in segments)
    fmt = _FORMAT_ORDER.index(episode.format) if episode.format in _FORMAT_ORDER else 99
    # Fractions of paragraphs, not counts: a file cut into more paragraphs is not richer.
    clocked_share = round(100 * clocked / len(segments)) if segments else -1
    # Clocks before names: a name at a line's start may be a heading that looks like one
    # (`**Michael #1:**`), a clock is a moment of the audio.
    return (bool(segments), clocked > 0, len(named), clocked_share, fractions, ends, -fmt)


def _combine(ranked: list[Episode]) -> Episode:
    """The winner's transcript, with notes and metadata the others add."""
    winner, others = ranked[0], ranked[1:]
    notes = winner.notes or next((e.notes for e in others if e.notes), "")
    meta = winner.meta
    for other in others:
        meta = _fill(meta, other.meta)
    also = tuple(e.source for e in others)
    derived = winner.derived
    # A title written in metadata beats one made from the winner's file name.
    written = next((e.meta.title for e in others if e.meta.title and not _named_title(e)), None)
    if written is not None and _named_title(winner):
        meta = dataclasses.replace(meta, title=written)
        derived = tuple(note for note in derived if not note.startswith(_TITLE_NOTE))
    return dataclasses.replace(
        winner, notes=notes, meta=meta, also=winner.also + also, derived=derived
    )


_TITLE_NOTE = 'title "'  # metadata.py's note on a title made from a file name


def _named_title(episode: Episode) -> bool:
    """Whether the episode's title was made from its file name (not written in metadata)."""
    return any(note.startswith(_TITLE_NOTE) for note in episode.derived)


def _fill(meta: Metadata, other: Metadata) -> Metadata:
    """`meta` with its empty fields taken from `other`; a draft in any file keeps it a draft.
    Field by field, so each keeps its type (tests/test_merge.py checks that none is missed)."""
    return Metadata(
        title=_filled(meta.title, other.title),
        episode=_filled(meta.episode, other.episode),
        season=_filled(meta.season, other.season),
        date=_filled(meta.date, other.date),
        audio=_filled(meta.audio, other.audio),
        audio_type=_filled(meta.audio_type, other.audio_type),
        audio_length=_filled(meta.audio_length, other.audio_length),
        duration=_filled(meta.duration, other.duration),
        description=_filled(meta.description, other.description),
        guests=_filled(meta.guests, other.guests),
        draft=meta.draft or other.draft,
        slug=_filled(meta.slug, other.slug),
        speaker_names=_filled(meta.speaker_names, other.speaker_names),
        number_from=_filled(meta.number_from, other.number_from),
        episode_type=_filled(meta.episode_type, other.episode_type),
        show=_filled(meta.show, other.show),
        mentions_add=_filled(meta.mentions_add, other.mentions_add),
        mentions_ignore=_filled(meta.mentions_ignore, other.mentions_ignore),
        chapters=_filled(meta.chapters, other.chapters),
        guid=_filled(meta.guid, other.guid),
    )


def _filled(mine: _T, theirs: _T) -> _T:
    """`theirs` where `mine` is empty (None, "" or ()) and `theirs` is not."""
    return theirs if mine in (None, "", ()) and theirs not in (None, "", ()) else mine


def _merge_note(ranked: list[Episode]) -> str:
    winner = ranked[0]
    transcripts = ", ".join(e.source.name for e in ranked[1:] if e.turns)
    notes = ", ".join(e.source.name for e in ranked[1:] if not e.turns)
    speakers = len(winner.speakers)
    why = f"{speakers} named speaker{'s' if speakers != 1 else ''}" if speakers else "no speakers"
    note = (
        f"one episode in several files: the transcript of {winner.source.name} is used"
        f" ({winner.format}, {why})"
    )
    if transcripts:
        note += f"; also read: {transcripts}"
    if notes:
        note += f"; show notes from {notes}"
    return note
