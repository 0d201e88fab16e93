"""Which output files an edit reaches: the dependency rules of an incremental rebuild.

Owns the one question "given the archive before and after an edit, which pages must be rendered
again?". An episode whose content changed gets its page and downloads. Everything else that
shows something of it is found by comparing the keys (sitegen.keys) of what it shows, before and
after; which outputs show which kind of fact is written here:

* its listing facts (key, metadata, speakers, the start of its transcript) appear on the home
  page, the speaker pages, the sitemap, the feed, its neighbours' previous/next links and the
  "mentioned in" / "mentioned by" lists of the episodes it links with;
* its mentions appear on the references page and on the pages of the episodes mentioned, with
  the time and anchor of the paragraph holding each (which an edit of the text around it moves,
  when that time is estimated between clocks);
* its talk time and words per speaker appear on its speakers' pages and the speakers index;
* an episode number that appears or disappears changes how every mention of it is linked;
* speaker colours are worked out over the whole archive (contexts.SpeakerColours), so an edit
  that brings or takes a speaker, or makes two people meet, can recolour people far away: the
  pages of the episodes they speak in and their speaker pages and the speakers index.

The rules are checked by a test that applies random edits and compares the result with a clean
build byte for byte; a rule missing here shows up there.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from sitegen import keys, urls
from sitegen.contexts import episode_label, neighbours
from sitegen.exports.chapters import publishes_chapters
from sitegen.feeds import feed_shows
from sitegen.model import Archive, Episode, Mention
from sitegen.render import SiteRenderer
from sitegen.theme import static_files


class _Built(Protocol):
    """The previous build, as build.py keeps it."""

    @property
    def archive(self) -> Archive: ...

    @property
    def renderer(self) -> SiteRenderer: ...


@dataclass
class Plan:
    """What to render again."""

    episodes: set[str] = field(default_factory=set)  # page and downloads
    pages: set[str] = field(default_factory=set)  # episode page only
    indexes: set[str] = field(default_factory=set)  # URLs of index pages
    feed: bool = False
    same_files: bool = True  # no episode, speaker or page came or went: the same output files


def plan_update(
    built: _Built,
    archive: Archive,
    renderer: SiteRenderer,
    stale: set[str],
    pages_changed: bool,
) -> Plan | None:
    """The pages to render after an edit; None when every page must be (speaker URLs moved).

    `stale`: keys of episodes that are new or changed. Markdown pages are few and cheap, so any
    change to one renders them all, with the sitemap that lists them.
    """
    old, old_renderer = built.archive, built.renderer
    if any(old_renderer.speaker_slug.get(n, s) != s for n, s in renderer.speaker_slug.items()):
        return None
    removed = old.by_key.keys() - archive.by_key.keys()
    plan = Plan(episodes=set(stale))
    if pages_changed:
        plan.indexes |= {f"{page.slug}/" for page in renderer.pages} | {urls.SITEMAP}
    listing_changed = bool(removed)
    for key in stale | removed:
        before, after = old.by_key.get(key), archive.by_key.get(key)
        listed = keys.listing_key(before) != keys.listing_key(after)
        listing_changed |= listed
        plan.feed |= keys.feed_key(before) != keys.feed_key(after)
        old_mentions = old.mentions_out.get(key, ())
        new_mentions = archive.mentions_out.get(key, ())
        moved = keys.moments_key(before, old_mentions) != keys.moments_key(after, new_mentions)
        if listed or old_mentions != new_mentions or moved:
            plan.indexes.add(urls.REFERENCES)
            plan.pages |= _targets(old, old_mentions) | _targets(archive, new_mentions)
        if listed:
            plan.pages |= _mentioning(old, before) | _mentioning(archive, after)
        names = _speakers(before) | _speakers(after)
        if listed or keys.talk_key(before) != keys.talk_key(after):
            plan.indexes.add(urls.SPEAKERS)
            plan.indexes |= {
                urls.speaker_url(renderer.speaker_slug[n])
                for n in names
                if n in renderer.speaker_slug
            }
    plan.same_files = not (listing_changed or pages_changed)
    if listing_changed:
        plan.indexes |= {urls.HOME, urls.SITEMAP, urls.SPEAKERS}
        plan.indexes |= {urls.show_url(show) for show in renderer.shows}
        plan.feed = True
        plan.pages |= _new_neighbours(old, archive)
    for identity in old.by_number.keys() ^ archive.by_number.keys():
        plan.indexes.add(urls.REFERENCES)
        plan.pages |= {m.source_key for m in _mentions_of(archive, identity)}
    _recoloured(plan, old_renderer, renderer)
    plan.pages &= archive.by_key.keys()
    return plan


def _recoloured(plan: Plan, old: SiteRenderer, new: SiteRenderer) -> None:
    """Add the pages whose speaker colours differ between the renderers' archives."""
    before, after = old.views.colours, new.views.colours
    if before == after:
        return
    names = {n for n, slot in after.site.items() if before.site.get(n) != slot}
    names |= before.crowded ^ after.crowded
    plan.indexes.add(urls.SPEAKERS)
    plan.indexes |= {urls.speaker_url(new.speaker_slug[n]) for n in names if n in new.speaker_slug}
    for episode in new.archive.episodes:
        speakers = episode.speakers
        # A speaker new to the archive speaks only in an edited episode, rendered anyway.
        if any(n not in before.site for n in speakers) or (
            before.episode(speakers) != after.episode(speakers)
        ):
            plan.pages.add(episode.key)


def expected_files(
    renderer: SiteRenderer, site_dir: Path, search_files: Collection[str] = ()
) -> set[str]:
    """Every file a complete build of the renderer's archive writes (the output's manifest).
    `search_files`: the search index's files, named by content hashes only Pagefind knows
    (search.index_paths of the last build's files)."""
    archive = renderer.archive
    files = {urls.file_for(url) for url in renderer.index_urls()} | set(search_files)
    files |= {urls.feed_url(show) for show in feed_shows(archive)}
    files |= {urls.static_url(name) for name in static_files(site_dir)}
    for episode in archive.episodes:
        files.add(urls.file_for(urls.episode_url(episode.key)))
        if episode.turns:  # as exports.episode_exports: show notes alone have no downloads
            files |= {urls.export_url(episode.key, fmt) for fmt in renderer.config.downloads}
        if publishes_chapters(episode):
            files.add(urls.chapters_url(episode.key))
    return files


def _speakers(episode: Episode | None) -> set[str]:
    return set(episode.speakers) if episode is not None else set()


def _targets(archive: Archive, mentions: Collection[Mention]) -> set[str]:
    """Keys of the episodes `mentions` refer to in `archive`."""
    return {target.key for m in mentions if (target := archive.target_of(m)) is not None}


def _mentioning(archive: Archive, episode: Episode | None) -> set[str]:
    """Keys of the episodes whose pages list `episode` as mentioned in them."""
    if episode is None:
        return set()
    return {m.source_key for m in archive.mentions_in.get(episode.key, ())}


def _mentions_of(archive: Archive, identity: tuple[str | None, int]) -> list[Mention]:
    """The mentions of an episode number of a show, wherever they are linked to now."""
    show, number = identity
    return [
        m
        for key, ms in archive.mentions_out.items()
        for m in ms
        if m.target == number and (m.target_show or archive.by_key[key].meta.show) == show
    ]


def _new_neighbours(old: Archive, new: Archive) -> set[str]:
    """Keys of episodes whose previous/next links read differently now."""
    before = _neighbours(old)
    return {key for key, links in _neighbours(new).items() if before.get(key) != links}


def _neighbours(archive: Archive) -> dict[str, tuple[str | None, ...]]:
    out: dict[str, tuple[str | None, ...]] = {}
    for key, (older, newer) in neighbours(archive).items():
        out[key] = (
            older.key if older else None,
            episode_label(older) if older else None,
            newer.key if newer else None,
            episode_label(newer) if newer else None,
        )
    return out
