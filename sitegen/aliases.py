"""Speakers renamed: an episode's labels by its own `speakers:` mapping, then the site's
`speaker_aliases`.

Applied once, by the reading worker, while the turns are still objects: the episode a read
result holds is the renamed one (workers.py), and the parse cache keeps it so.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from sitegen.model import Episode, PackedTurns


def apply_aliases(episode: Episode, aliases: Mapping[str, str]) -> Episode:
    """Speaker labels renamed: first by the episode's own `speakers:` mapping (`Speaker 1` is
    someone else in every episode), then by the site's speaker_aliases (`AvW` everywhere). The
    episode itself when no label changes."""
    renamed = _renamed(episode, aliases)
    if renamed is None:
        return episode
    return _rename(episode, renamed)


def _renamed(episode: Episode, aliases: Mapping[str, str]) -> dict[str, str] | None:
    """Label → name for the episode's speakers, None when no label changes (which needs no
    look at the turns)."""
    own = dict(episode.meta.speaker_names)
    if not own and not aliases:
        return None
    renamed = {
        label: aliases.get(own.get(label, label), own.get(label, label))
        for label in episode.speakers
    }
    if all(label == name for label, name in renamed.items()):
        return None
    return renamed


def _rename(episode: Episode, renamed: dict[str, str]) -> Episode:
    turns = tuple(
        dataclasses.replace(t, speaker=renamed[t.speaker])
        if t.speaker is not None and renamed[t.speaker] != t.speaker
        else t
        for t in episode.turns
    )
    packed = isinstance(episode.turns, PackedTurns)  # held as it was
    return dataclasses.replace(episode, turns=PackedTurns(turns) if packed else turns)
