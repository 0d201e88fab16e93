"""Which episode each transcript is, across the archive: the rules that need every file.

A reader settles what one file says of itself (metadata.py: front matter, sidecar, file name,
transcript). What only the whole archive can settle is here:

- a number at the end of a name (`ship-it-10`) counts episodes only in a series, when other
  files of the folder share its words (`ship-it-9`); alone (`april-dunford-20`, a guest's
  second visit) it may be anything, and no number beats a wrong one;
- numbers are a show's own: each show of a network has its episode 5 (keys `<show>/5`);
- a show with episodes in two or more seasons gives them season keys (`/episodes/s2e5/`),
  since its numbers start again each season; a show with one season keeps `/episodes/5/`;
- two files claiming one episode are an error naming both, and both are published, unless
  they are byte-for-byte copies, which are one episode said once. The number goes to the
  file whose metadata says it, else the richest transcript (merge.richness: a take with
  speaker names beats one without), else the one in more files (twins, show notes), else the
  first by path; the others go under their slugs.

It never reads a transcript's text, only compares bytes of files that clash.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sitegen import urls
from sitegen.errors import Diagnostic, error
from sitegen.merge import richness
from sitegen.model import Episode
from sitegen.readers.filenames import name_identity, trailing_words
from sitegen.readers.metadata import season_key
from sitegen.slugs import slug_or_hash, unique_name


@dataclass
class Identities:
    """The episodes with their final keys and numbers, and what was said of them."""

    episodes: list[Episode]
    diagnostics: list[Diagnostic]
    notes: list[tuple[Path, str]]
    copies: list[Episode]  # left out: byte-for-byte copies of a published episode


def settle_identities(episodes: Sequence[Episode], all_files: Sequence[Path]) -> Identities:
    """Final numbers and keys for `episodes` (one per file group, in path order); `all_files`
    are every transcript file found, for telling a series of names from a lone one."""
    diagnostics: list[Diagnostic] = []
    notes: list[tuple[Path, str]] = []
    # Only a number at the end of a name asks whether the name is one of a series.
    ends = any(e.meta.number_from == "file name end" for e in episodes)
    series = _series(all_files) if ends else Counter[tuple[Path, str]]()
    settled = [_refuse_lone_trailing_number(e, series, notes) for e in episodes]
    seasons: dict[str | None, set[int]] = {}
    for e in settled:
        if e.number is not None and e.meta.season is not None:
            seasons.setdefault(e.meta.show, set()).add(e.meta.season)
    with_seasons = {show for show, numbers in seasons.items() if len(numbers) >= 2}
    owners = _owners(settled, with_seasons)
    by_source = {e.source: e for e in settled}
    # The numbers' keys are kept for their owners, whatever comes first by path.
    keys = {_number_key(identity) for identity in owners}
    copies: list[Episode] = []
    published: list[Episode] = []
    for episode in settled:
        number = episode.number
        show = episode.meta.show
        season = episode.meta.season if show in with_seasons else None
        if number is not None:
            identity = (show, season, number)
            episode = episode.with_identity(_number_key(identity), episode.meta)
            owner = by_source[owners[identity]]
            if owner.source == episode.source:
                published.append(episode)  # its key was kept for it
                continue
            if _same_bytes(owner.source, episode.source):
                copies.append(episode)
                notes.append((episode.source, f"a copy of {owner.source.name}: published once"))
                continue
            episode = _published_without_number(episode, owner, season, diagnostics)
        elif show is not None:
            episode = episode.with_identity(f"{show}/{episode.key}", episode.meta)
        episode = _unique_key(episode, keys)
        keys.add(episode.key)
        published.append(episode)
    return Identities(published, diagnostics, notes, copies)


Identity = tuple[str | None, int | None, int]  # show, season (in a show with seasons), number


def _owners(episodes: Sequence[Episode], with_seasons: set[str | None]) -> dict[Identity, Path]:
    """Which file keeps each identity several files claim: see the module's rules."""
    claims: dict[Identity, list[Episode]] = {}
    for episode in episodes:
        if episode.number is not None:
            show = episode.meta.show
            season = episode.meta.season if show in with_seasons else None
            claims.setdefault((show, season, episode.number), []).append(episode)
    owners: dict[Identity, Path] = {}
    for identity, claimants in claims.items():
        if len(claimants) == 1:  # ranking reads the turns: only for a clash
            owners[identity] = claimants[0].source
            continue
        best = max(_rank(e) for e in claimants)
        owners[identity] = next(e for e in claimants if _rank(e) == best).source  # first by path
    return owners


def _number_key(identity: Identity) -> str:
    show, season, number = identity
    key = season_key(season, number) if season is not None else str(number)
    return f"{show}/{key}" if show is not None else key


def _rank(episode: Episode) -> tuple[bool, tuple[int, ...], int]:
    return (episode.meta.number_from == "metadata", richness(episode), len(episode.also))


def _series(files: Sequence[Path]) -> Counter[tuple[Path, str]]:
    """How many differently named episodes of each folder end in a number after the same
    words (`ship-it-9`, `ship-it-10`: two of `ship-it`)."""
    names = {_named(path) for path in files}
    return Counter(
        (folder, words) for folder, name in names if (words := trailing_words(name)) is not None
    )


def _named(path: Path) -> tuple[Path, str]:
    """The folder that lists an episode and its name there: the file's, or for a
    `transcript.md` in a folder of its own, that folder's."""
    name = name_identity(path).name
    return (path.parent, name.lower()) if name == path.stem else (path.parent.parent, name.lower())


def _refuse_lone_trailing_number(
    episode: Episode, series: Counter[tuple[Path, str]], notes: list[tuple[Path, str]]
) -> Episode:
    """The episode without the number its name ends in, when that name is no series."""
    if episode.meta.number_from != "file name end":
        return episode
    folder, name = _named(episode.source)
    words = trailing_words(name)
    if words is None or series[(folder, words)] >= 2:
        return episode
    notes.append(
        (
            episode.source,
            f'"{name}" ends in {episode.number}, but no other name here is "{words}-<number>":'
            " not taken as an episode number (write `episode:` in its metadata if it is one)",
        )
    )
    slug = episode.meta.slug or slug_or_hash(name, "episode")
    derived = tuple(d for d in episode.derived if not d.startswith("episode number"))
    meta = dataclasses.replace(episode.meta, episode=None, number_from="", slug=slug)
    return episode.with_identity(slug, meta, derived)


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()
    except OSError:
        return False


def _published_without_number(
    episode: Episode, first: Episode, season: int | None, diagnostics: list[Diagnostic]
) -> Episode:
    number = episode.number
    slug = slug_or_hash(episode.meta.slug or episode.source.stem, "episode")
    if slug.isdigit():  # `920.txt` beside `episode-920.vtt`, which keeps 920: `920-txt`
        slug = f"{slug}-{episode.source.suffix.lstrip('.').lower()}"
    what = f"season {season}, episode {number}" if season is not None else f"episode {number}"
    show = episode.meta.show
    key = f"{show}/{slug}" if show is not None else slug
    diagnostics.append(
        error(
            episode.source,
            0,
            f"{what} is also claimed by {first.source.name}; both are published, this file as"
            f" {urls.episode_url(key)} without a number (if they are one episode, give the files"
            " one name)",
        )
    )
    meta = dataclasses.replace(episode.meta, episode=None, number_from="")
    return episode.with_identity(key, meta)


def _unique_key(episode: Episode, taken: set[str]) -> Episode:
    key = unique_name(episode.key, taken)
    return episode if key == episode.key else episode.with_identity(key, episode.meta)
