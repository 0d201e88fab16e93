"""The build pipeline; the one place that knows the order of the stages.

discover → read (per file) → merge (twin files of one episode) → select (duplicates, drafts,
aliases) → link (whole archive) → render (per page, each episode's transcript downloads, the
feed) → write (atomic, only changed bytes; prune only after a clean build).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sitegen import urls
from sitegen.config import CONFIG_FILE, Config, load_config
from sitegen.errors import Diagnostic, Severity, error, warning
from sitegen.feeds import render_feed
from sitegen.merge import merge_twins
from sitegen.model import Archive, Episode, Page
from sitegen.output import OutputWriter, WriteStats, check_output_dir
from sitegen.readers import SUPPORTED_SUFFIXES, ReadResult
from sitegen.readers.page import read_page_file
from sitegen.references import link
from sitegen.render import SiteRenderer
from sitegen.slugs import slugify
from sitegen.theme import static_files
from sitegen.workers import Progress, default_jobs, read_all, render_episodes

SIDECAR_SUFFIXES = frozenset({".yaml", ".yml"})
PAGE_SUFFIXES = frozenset({".md", ".markdown"})


@dataclass
class Sources:
    """The files found under content/."""

    episodes: list[Path] = field(default_factory=list)
    pages: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass
class BuildResult:
    config: Config
    archive: Archive
    diagnostics: list[Diagnostic]
    notes: list[tuple[Path, str]]  # derived values and choices worth telling (sitegen check)
    out_dir: Path | None = None
    stats: WriteStats | None = None
    pages: int = 0
    seconds: float = 0.0

    def failed(self, strict: bool) -> bool:
        bad = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
        return any(d.severity in bad for d in self.diagnostics)


def build(
    site_dir: Path,
    out_dir: Path | None = None,
    base_url: str | None = None,
    strict: bool = False,
    write: bool = True,
    progress: Progress | None = None,
    jobs: int | None = None,
) -> BuildResult:
    """Build the site in site_dir (or, with write=False, only read and check it)."""
    started = time.perf_counter()
    jobs = jobs if jobs is not None else default_jobs()
    config = load_config(site_dir, base_url)
    content_dir = site_dir / "content"
    target = out_dir if out_dir is not None else site_dir / config.output_dir
    if write:
        check_output_dir(target, site_dir, content_dir)  # before any work: refuse early
    sources = discover(content_dir)
    results = read_all(sources.episodes, jobs, progress)
    merged = merge_twins(results, sources.episodes)
    episodes, select_diagnostics, notes = select_episodes(merged.results, config)
    notes = merged.notes + notes
    archive = link(episodes, show_names=(config.title, *config.show_names))
    pages, page_diagnostics = read_pages(sources.pages)
    diagnostics = sources.diagnostics + [d for r in merged.results for d in r.diagnostics]
    diagnostics += select_diagnostics + page_diagnostics
    result = BuildResult(config, archive, diagnostics, notes)
    if write:
        renderer = SiteRenderer(archive, config, site_dir, pages)
        writer = OutputWriter(target)
        for path, changed in render_episodes(renderer, target, jobs, progress):
            writer.record(path, changed)
        for path, data in renderer.render_indexes():
            writer.write(path, data)
        feed, feed_problems = render_feed(archive, config, config_path=site_dir / CONFIG_FILE)
        writer.write(urls.FEED, feed)
        result.diagnostics += feed_problems
        for name, source in static_files(site_dir).items():
            writer.write(urls.static_url(name), source.read_bytes())
        result.stats = writer.finish(prune=not result.failed(strict))
        result.out_dir = target
        result.pages = len(writer.paths)
    result.seconds = time.perf_counter() - started
    return result


def discover(content_dir: Path) -> Sources:
    """Episode files under content/episodes/ and Markdown pages under content/pages/."""
    sources = Sources()
    episodes_dir = content_dir / "episodes"
    if not episodes_dir.is_dir():
        sources.diagnostics.append(
            error(
                episodes_dir,
                0,
                "no content/episodes/ folder: put one transcript file per episode there",
            )
        )
        return sources
    transcripts: set[str] = set()
    for path in sorted(p for p in episodes_dir.rglob("*") if p.is_file()):
        if any(part.startswith(".") for part in path.relative_to(content_dir).parts):
            continue
        suffix = path.suffix.lower()
        if suffix in SUPPORTED_SUFFIXES:
            sources.episodes.append(path)
            transcripts.add(str(path.with_suffix("")))
        elif suffix not in SIDECAR_SUFFIXES:
            known = ", ".join(sorted(SUPPORTED_SUFFIXES))
            sources.diagnostics.append(
                warning(path, 0, f"not read: sitegen reads {known} files; this file was skipped")
            )
    for path in sorted(episodes_dir.rglob("*")):
        if path.suffix.lower() in SIDECAR_SUFFIXES and str(path.with_suffix("")) not in transcripts:
            sources.diagnostics.append(
                warning(path, 0, "sidecar metadata with no transcript of the same name; not used")
            )
    pages_dir = content_dir / "pages"
    if pages_dir.is_dir():
        sources.pages = sorted(
            p for p in pages_dir.glob("*") if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES
        )
    return sources


def select_episodes(
    results: Sequence[ReadResult], config: Config
) -> tuple[list[Episode], list[Diagnostic], list[tuple[Path, str]]]:
    """The episodes to publish: drafts left out, aliases applied, every key and number unique.

    When two files claim one episode number, the first (by path) keeps it and the other is still
    published, under its slug and without the number, so no transcript disappears.
    """
    episodes: list[Episode] = []
    diagnostics: list[Diagnostic] = []
    notes: list[tuple[Path, str]] = []
    numbers: dict[int, Episode] = {}
    keys: set[str] = set()
    for result in results:
        episode = result.episode
        if episode is None:
            continue
        notes += [(episode.source, note) for note in episode.derived]
        if episode.meta.draft and not config.drafts:
            notes.append((episode.source, "draft: not published (set drafts = true to build it)"))
            continue
        number = episode.meta.episode
        if number is not None and number in numbers:
            first = numbers[number]
            slug = slugify(episode.meta.slug or episode.source.stem) or "episode"
            diagnostics.append(
                error(
                    episode.source,
                    0,
                    f"episode {number} is also claimed by {first.source.name}; "
                    f"this file is published as episodes/{slug}/ without a number",
                )
            )
            episode = dataclasses.replace(
                episode, key=slug, meta=dataclasses.replace(episode.meta, episode=None)
            )
        elif number is not None:
            numbers[number] = episode
        episode = _unique_key(episode, keys)
        keys.add(episode.key)
        episodes.append(_apply_aliases(episode, config.speaker_aliases))
    return episodes, diagnostics, notes


def _unique_key(episode: Episode, taken: set[str]) -> Episode:
    if episode.key not in taken:
        return episode
    n = 2
    while f"{episode.key}-{n}" in taken:
        n += 1
    return dataclasses.replace(episode, key=f"{episode.key}-{n}")


def _apply_aliases(episode: Episode, aliases: dict[str, str]) -> Episode:
    if not aliases or not any(t.speaker in aliases for t in episode.turns):
        return episode
    turns = tuple(
        dataclasses.replace(t, speaker=aliases[t.speaker])
        if t.speaker is not None and t.speaker in aliases
        else t
        for t in episode.turns
    )
    return dataclasses.replace(episode, turns=turns)


def read_pages(paths: Sequence[Path]) -> tuple[tuple[Page, ...], list[Diagnostic]]:
    """Markdown pages; a page whose URL another page already has is reported and left out."""
    pages: list[Page] = []
    diagnostics: list[Diagnostic] = []
    taken = {"episodes", "speakers", "references", "static"}
    for path in paths:
        page, problems = read_page_file(path)
        diagnostics.extend(problems)
        if page is None:
            continue
        if page.slug in taken:
            diagnostics.append(
                error(path, 0, f"page URL /{page.slug}/ is already taken; rename the page")
            )
            continue
        taken.add(page.slug)
        pages.append(page)
    return tuple(pages), diagnostics
