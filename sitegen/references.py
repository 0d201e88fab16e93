"""The whole-archive graph of episode cross-references (`link`).

This module owns building, once every episode has been read, the archive's indexes:
newest-first order, lookups by key and number, mentions out (found by sitegen.mentions),
backlinks in, unresolved mentions and the speakers index.

It must not do I/O, know a file format, produce markup or URLs, or mutate the model: readers
give it `Episode` values, and render/feeds read the `Archive` it returns. What counts as a
mention is sitegen.mentions' business (its modules' docstrings hold the rules).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Collection, Mapping, Sequence

from sitegen.mentions import (
    Found,
    NamesKey,
    NearMiss,
    explain_mentions,
    find_mentions,
    find_mentions_in_text,
    names_key,
    scan_text,
)
from sitegen.model import Archive, Episode, Mention

# The mention finders stay importable from here for callers that use them with the graph.
__all__ = [
    "Found",
    "NearMiss",
    "explain_mentions",
    "find_mentions",
    "find_mentions_in_text",
    "link",
    "scan_text",
]


def _newest_first(episode: Episode) -> tuple[int, int, int, int, str]:
    """Sort key: date descending (undated last), number descending (unnumbered last), key."""
    date: datetime.date | None = episode.meta.date
    number = episode.number
    return (
        0 if date is not None else 1,
        -date.toordinal() if date is not None else 0,
        0 if number is not None else 1,
        -number if number is not None else 0,
        episode.key,
    )


def link(
    episodes: Sequence[Episode],
    *,
    show_names: Collection[str] = (),
    previous: Archive | None = None,
    network_names: Mapping[str, Collection[str]] | None = None,
    other_shows: Collection[str] = (),
) -> Archive:
    """Build the whole-archive graph once every episode has been read. `show_names` are the
    names of the site's own show; `network_names` those of each show of a network (by id), for
    its episodes' mentions, which may name each other; `other_shows` the names of shows not in
    the site, whose episodes are not linked.

    Keys are assumed unique (the build settles them, identity.py); a number several episodes
    share (seasons) is left out of `by_number`. Every index
    is built in a fixed order so identical input gives identical output:

    * `episodes`, `by_key`, `by_number`: newest first (date, then number, descending; then key).
    * `mentions_out`: every episode key (empty tuple when it mentions nothing), in that order.
    * `mentions_in`: only episodes that are mentioned, by key, ordered by show and number
      (a mention means that number of the mentioning episode's own show); each tuple lists
      mentioning episodes newest first, in reading order within an episode.
    * `unresolved`: mentions of numbers the show does not have, in the same order.
    * `speakers`: name (sorted case-insensitively) → the episodes they speak in, newest first.

    With `previous` (an archive linked with the same show names), the mentions of episodes
    that did not change are taken from it instead of being searched for again: the preview
    server relinks the whole archive after every edit.
    """
    kept = _previous_order(episodes, previous)
    ordered = kept if kept is not None else tuple(sorted(episodes, key=_newest_first))
    by_key = {ep.key: ep for ep in ordered}
    by_number = _by_number(ordered)

    names_by_show: dict[str | None, NamesKey] = {}  # what each show's mentions are found with

    def names(ep: Episode) -> NamesKey:
        show = ep.meta.show
        if show not in names_by_show:
            own, siblings = (
                _names_of(ep, show_names, network_names),
                _siblings_of(ep, network_names),
            )
            names_by_show[show] = names_key(own, siblings, other_shows)
        return names_by_show[show]

    mentions_out = {
        ep.key: previous.mentions_out[ep.key]
        if previous is not None and _unchanged(ep, previous)
        else find_mentions(ep, names=names(ep))
        for ep in ordered
    }
    # After an edit that moved no episode and changed no mention (most edits in `serve`), the
    # graph of mentions is the previous one: it refers to episodes by key and number only.
    if (
        kept is not None
        and previous is not None
        and by_number.keys() == previous.by_number.keys()
        and all(
            mentions is previous.mentions_out[key] or mentions == previous.mentions_out[key]
            for key, mentions in mentions_out.items()
        )
    ):
        mentions_in, unresolved = previous.mentions_in, previous.unresolved
    else:
        mentions_in, unresolved = _mention_graph(mentions_out, by_key, by_number)
    return Archive(
        episodes=ordered,
        by_key=by_key,
        by_number=by_number,
        mentions_out=mentions_out,
        mentions_in=mentions_in,
        unresolved=unresolved,
        speakers=_appearances(ordered, by_key, previous if kept is not None else None),
    )


def _names_of(
    episode: Episode,
    show_names: Collection[str],
    network_names: Mapping[str, Collection[str]] | None,
) -> Collection[str]:
    show = episode.meta.show
    if show is None or network_names is None:
        return show_names
    return network_names.get(show, (show,))


def _siblings_of(
    episode: Episode, network_names: Mapping[str, Collection[str]] | None
) -> Mapping[str, Collection[str]] | None:
    """The names of the other shows of the site, by id, for an episode of a network."""
    show = episode.meta.show
    if show is None or not network_names:
        return None
    return {other: names for other, names in network_names.items() if other != show}


def _by_number(ordered: Sequence[Episode]) -> dict[tuple[str | None, int], Episode]:
    """Episodes by show and number, for numbers only one episode of the show has: in a show
    with seasons, "episode 5" may be any season's, and a mention is better left unlinked than
    linked wrong. Each show of a network has its own numbers."""
    counts = Counter((ep.meta.show, ep.number) for ep in ordered if ep.number is not None)
    return {
        (ep.meta.show, ep.number): ep
        for ep in ordered
        if ep.number is not None and counts[(ep.meta.show, ep.number)] == 1
    }


def _previous_order(
    episodes: Sequence[Episode], previous: Archive | None
) -> tuple[Episode, ...] | None:
    """The previous archive's order, holding `episodes`, when no episode came or went and none
    changed what it is sorted by (sorting 10,000 episodes again is most of a relink)."""
    if previous is None or len(episodes) != len(previous.episodes):
        return None
    given = {ep.key: ep for ep in episodes}
    ordered = []
    for old in previous.episodes:
        new = given.get(old.key)
        if new is None or (new is not old and _newest_first(new) != _newest_first(old)):
            return None
        ordered.append(new)
    return tuple(ordered)


def _mention_graph(
    mentions_out: dict[str, tuple[Mention, ...]],
    by_key: dict[str, Episode],
    by_number: dict[tuple[str | None, int], Episode],
) -> tuple[dict[str, tuple[Mention, ...]], tuple[Mention, ...]]:
    """Incoming mentions per episode key (by show, then number ascending), and the mentions
    of numbers the mentioning episode's show does not have."""
    incoming: dict[tuple[str, int], list[Mention]] = {}
    keys: dict[tuple[str, int], str] = {}
    unresolved: list[Mention] = []
    for source_key, mentions in mentions_out.items():
        source_show = by_key[source_key].meta.show
        for mention in mentions:
            show = mention.target_show or source_show
            target = by_number.get((show, mention.target))
            if target is None:
                unresolved.append(mention)
                continue
            order = (show or "", mention.target)
            incoming.setdefault(order, []).append(mention)
            keys[order] = target.key
    return {keys[o]: tuple(incoming[o]) for o in sorted(incoming)}, tuple(unresolved)


def _appearances(
    ordered: tuple[Episode, ...], by_key: dict[str, Episode], previous: Archive | None
) -> dict[str, tuple[Episode, ...]]:
    """Speaker name (sorted case-insensitively) → the episodes they speak in, newest first.
    `previous`: an archive in the same order, whose lists are kept where no episode in them
    changed its speakers (the changed episodes themselves are put in)."""
    if previous is not None:
        changed = [ep for ep in ordered if previous.by_key[ep.key] is not ep]
        if all(ep.speakers == previous.by_key[ep.key].speakers for ep in changed):
            speakers = dict(previous.speakers)
            for name in {name for ep in changed for name in ep.speakers}:
                speakers[name] = tuple(by_key[ep.key] for ep in speakers[name])
            return speakers
    appearances: dict[str, list[Episode]] = {}
    for ep in ordered:
        for name in ep.speakers:
            appearances.setdefault(name, []).append(ep)
    return {name: tuple(appearances[name]) for name in sorted(appearances, key=_speaker_order)}


def _unchanged(episode: Episode, previous: Archive) -> bool:
    old = previous.by_key.get(episode.key)
    # `is` first: most episodes are the very same object; `==` is cheap too, since equal parts
    # are mostly shared objects that tuple comparison checks by identity first.
    return old is not None and (old is episode or old == episode)


def _speaker_order(name: str) -> tuple[str, str]:
    return (name.casefold(), name)
