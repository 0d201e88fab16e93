"""The build pipeline; the one place that knows the order of the stages.

discover → read (per file) → merge (twin files of one episode) → select (duplicates, drafts,
aliases) → link (whole archive) → render (per page, each episode's transcript downloads, the
feed) → write (atomic, only changed bytes; prune only after a clean build).
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import gc
import os
import time
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sitegen import buildkey, search, urls
from sitegen.accounting import Accounting, account
from sitegen.affected import expected_files, plan_update
from sitegen.config import CONFIG_FILE, RESERVED_SHOW_IDS, Config, load_config
from sitegen.errors import Diagnostic, Severity, SitegenError, error, warning
from sitegen.feeds import feed_problems, feed_shows, render_feed
from sitegen.identity import settle_identities
from sitegen.mentions import ShowNames
from sitegen.merge import merge_twins
from sitegen.model import Archive, Episode, Page
from sitegen.output import (
    OutputWriter,
    WriteStats,
    check_output_dir,
    claim_output_dir,
    read_manifest,
)
from sitegen.parsecache import ParseCache
from sitegen.readers import SUPPORTED_SUFFIXES, ReadResult
from sitegen.readers.page import read_page_file
from sitegen.references import link
from sitegen.render import SiteRenderer
from sitegen.slugs import slugify
from sitegen.theme import site_theme_problems, static_files
from sitegen.walk import check_inside, regular_files
from sitegen.workers import (
    Progress,
    default_jobs,
    episode_files,
    read_all,
    read_packed,
    render_episodes,
)

SIDECAR_SUFFIXES = frozenset({".yaml", ".yml"})
PAGE_SUFFIXES = frozenset({".md", ".markdown"})


@dataclass
class Sources:
    """The files found under content/."""

    episodes: list[Path] = field(default_factory=list)
    pages: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    shows: dict[Path, str] = field(default_factory=dict)  # transcript -> show of its folder
    sidecars: int = 0  # metadata files beside a transcript
    others: int = 0  # files of no kind sitegen reads (each reported)


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
    read: int = 0  # transcripts read (in full builds): all of them, from the parse cache or not
    from_cache: int = 0  # of those, how many were taken from the parse cache
    # Set when nothing changed since the last clean build into out_dir, which was kept as it
    # was (see buildkey); `archive` is then empty and this holds what that build counted.
    reused: buildkey.Recorded | None = None
    accounting: Accounting | None = None  # what became of every file (None when kept)
    recovered: str | None = None  # what was done first about an interrupted earlier build

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
    search: bool = True,
    reuse: bool = False,
    cache_dir: Path | None = None,
    force: bool = False,
) -> BuildResult:
    """Build the site in site_dir (or, with write=False, only read and check it).
    `search=False` (`--no-search`) writes no search index, page or search box. `reuse=True`
    (`sitegen build`) does nothing when no input changed since the last clean build.
    `cache_dir`: the parse cache's folder (parsecache; the CLI's default is
    `SITE_DIR/.sitegen-cache`); None reads every transcript. `force` (`--force`) writes into
    an output folder that holds files sitegen did not make (they are never pruned)."""
    site = Site(site_dir, out_dir, base_url, jobs, progress, search, cache_dir, force)
    return site.build(strict, write, reuse)


@dataclass
class _Built:
    """What the last complete build left for `Site.update` to start from."""

    config: Config
    target: Path
    archive: Archive
    renderer: SiteRenderer
    pages: tuple[Page, ...]
    files: frozenset[str]  # every file of the output (the manifest)


class Site:
    """One site folder and its output. `build` runs every stage; `update` redoes only what an
    edit to some content files touches, from the stages' results kept in memory (DESIGN §7:
    the preview server re-renders the edited episode and the pages that list or link to it,
    not the site). Both give byte-identical output; a test holds that after random edits."""

    def __init__(
        self,
        site_dir: Path,
        out_dir: Path | None = None,
        base_url: str | None = None,
        jobs: int | None = None,
        progress: Progress | None = None,
        search: bool = True,
        cache_dir: Path | None = None,
        force: bool = False,
    ) -> None:
        self.site_dir = site_dir
        self.force = force
        self.search = search
        self.cache_dir = cache_dir
        self.out_dir = out_dir
        self.base_url = base_url
        self.jobs = jobs if jobs is not None else default_jobs()
        self.progress = progress
        self.content_dir = site_dir / "content"
        self.sources = Sources()
        self._by_stem: dict[Path, list[Path]] = {}  # a transcript's path without suffix -> it
        self.reads: dict[Path, ReadResult] = {}
        self.built: _Built | None = None
        # The search index lags behind `update` (see there) until `index_search` runs.
        self.search_stale = False

    def build(self, strict: bool = False, write: bool = True, reuse: bool = False) -> BuildResult:
        """Build everything. With `reuse`, first compare the inputs with those of the last
        clean build into the output folder, and when they are the same, keep it as it is."""
        started = time.perf_counter()
        self.built = None
        config = load_config(self.site_dir, self.base_url)
        if not self.search:
            config = dataclasses.replace(config, search=False)
        target = self.out_dir if self.out_dir is not None else self.site_dir / config.output_dir
        inputs = None
        if write:
            # before any work
            check_output_dir(target, self.site_dir, self.content_dir, force=self.force)
            if reuse:
                recorded = buildkey.read_recorded(target)
                inputs = buildkey.inputs_key(self.site_dir, config, recorded)
                if recorded is not None and recorded.key == inputs.key:
                    kept = _unchanged_build(config, target, recorded)
                    if kept is not None:
                        kept.seconds = time.perf_counter() - started
                        return kept
            claim_output_dir(target)
            buildkey.forget_key(target)  # the folder is about to change
        cache = self._cache(config, target if write else None)
        with _long_lived():
            self._discover()
            results, from_cache = read_all(
                self.sources.episodes,
                self.jobs,
                self.progress,
                _read_names(config),
                config.speaker_aliases,
                cache,
                self.sources.shows,
            )
            self.reads = dict(zip(self.sources.episodes, results, strict=True))
            result, pages = self._select_and_link(config, previous=None)
            result.read, result.from_cache = len(results), from_cache
        if write:
            renderer = SiteRenderer(result.archive, config, self.site_dir, pages)
            with OutputWriter(target) as writer:
                made_before = buildkey.take_episode_keys(target)
                theme = buildkey.theme_digest(self.site_dir)
                made = buildkey.EpisodeKeys()
                for episode_key, files, download_key, page_key in render_episodes(
                    renderer, target, self.jobs, self.progress, theme, made_before
                ):
                    for path, changed in files:
                        writer.record(path, changed)
                    if download_key is not None:
                        made.downloads[episode_key] = download_key
                    made.pages[episode_key] = page_key
                for path, data in renderer.render_indexes():
                    writer.write(path, data)
                self._write_feed(result, writer)
                for name, source in static_files(self.site_dir).items():
                    try:
                        data = source.read_bytes()
                    except OSError as exc:
                        message = f"cannot read file: {exc.strerror or exc}; not published"
                        result.diagnostics.append(error(source, 0, message))
                        continue
                    writer.write(urls.static_url(name), data)
                if config.search:  # after the pages: it indexes the archive they show
                    search.write_index(
                        result.archive,
                        config.language,
                        writer,
                        self.jobs,
                        show_titles=_show_titles(result.archive, config),
                    )
                self.search_stale = False
                self._finish(result, writer, target, strict)
            buildkey.record_episode_keys(target, made)
            self.built = _Built(config, target, result.archive, renderer, pages, writer.paths)
            if inputs is not None and not result.diagnostics:  # clean: the next may keep it
                buildkey.record(target, _recorded(result, inputs))
        else:  # `check`: a template that would stop the build stops the check alike
            SiteRenderer(result.archive, config, self.site_dir, pages).check_templates()
        result.seconds = time.perf_counter() - started
        return result

    def update(self, changed: Collection[Path], strict: bool = False) -> BuildResult:
        """Bring the output up to date after the files `changed` under content/ were created,
        edited or deleted. Without a previous build to start from this is `build`."""
        built = self.built
        if built is None:
            return self.build(strict)
        started = time.perf_counter()
        buildkey.forget(built.target)  # what it writes is not what the last build recorded
        known = self._by_stem.keys() | set(self.sources.pages)
        if not all(
            (path in known or path.with_suffix("") in known) and path.is_file() for path in changed
        ):
            # Files came or went: find them all again. Editing files that were already there
            # (transcripts, sidecars, pages), the usual case, leaves the list as it was.
            self._discover()
            for gone in self.reads.keys() - set(self.sources.episodes):
                del self.reads[gone]
        config, cache = built.config, self._cache(built.config, built.target)
        for source in self._transcripts_touched_by(changed):
            self.reads[source] = read_packed(
                source,
                _read_names(config),
                config.speaker_aliases,
                cache,
                self.sources.shows.get(source),
            )
        result, pages = self._select_and_link(built.config, previous=built.archive)
        archive = result.archive
        stale = {key for key, ep in archive.by_key.items() if not _same(built.archive, key, ep)}
        renderer = built.renderer.renew(archive, pages)
        plan = plan_update(built, archive, renderer, stale, pages != built.pages)
        if plan is None:  # the change reaches every page (speaker URLs moved): render them all
            return self.build(strict)
        with OutputWriter(built.target, previous=built.files) as writer:
            for key in sorted(plan.episodes):
                for path, data in episode_files(renderer, archive.by_key[key]):
                    writer.write(path, data)
            for key in sorted(plan.pages - plan.episodes):
                writer.write(*renderer.render_episode(archive.by_key[key]))
            for path, data in renderer.render_indexes(only=plan.indexes):
                writer.write(path, data)
            if plan.feed:
                self._write_feed(result, writer)
            else:
                config_path = self.site_dir / CONFIG_FILE
                result.diagnostics += feed_problems(archive, built.config, config_path=config_path)
            # The same episodes, speakers and pages mean the same files (and listing them for
            # 10,000 episodes costs more than rendering the edited one).
            files: frozenset[str] | set[str] = built.files
            if not plan.same_files:
                files = expected_files(renderer, self.site_dir, search.index_paths(built.files))
            # The search index is not rebuilt here: indexing the part of the archive an edit is in
            # takes seconds, and an edit must show in the preview in well under one. The old index
            # stays and `index_search` renews it off the edit path.
            edited = bool(stale) or archive.by_key.keys() != built.archive.by_key.keys()
            self.search_stale |= built.config.search and edited
            writer.keep(files - writer.paths)
            self._finish(result, writer, built.target, strict)
        self.built = _Built(built.config, built.target, archive, renderer, pages, writer.paths)
        result.seconds = time.perf_counter() - started
        return result

    def index_search(
        self, should_stop: search.ShouldStop = None
    ) -> tuple[BuildResult, search.IndexReport] | None:
        """Index again the parts of the archive that `update` left the search index behind on;
        None when there was nothing to do. When `should_stop` says so it stops early, keeps
        what it finished and stays `search_stale`."""
        built = self.built
        if built is None or not self.search_stale:
            return None
        started = time.perf_counter()
        with OutputWriter(built.target, previous=built.files) as writer:
            report = search.write_index(
                built.archive,
                built.config.language,
                writer,
                self.jobs,
                should_stop,
                _show_titles(built.archive, built.config),
            )
            writer.keep(built.files - search.index_paths(built.files))
            result = BuildResult(built.config, built.archive, [], [])
            self._finish(result, writer, built.target, strict=False)
        self.built = dataclasses.replace(built, files=writer.paths)
        self.search_stale = report.cancelled
        result.seconds = time.perf_counter() - started
        return result, report

    def _cache(self, config: Config, target: Path | None) -> ParseCache | None:
        """The parse cache for reads with `config`, None without a cache folder. Refused inside
        content/ (its entries would be read as transcripts) or the output folder (served,
        published)."""
        if self.cache_dir is None:
            return None
        folder = self.cache_dir.resolve()
        for inside, what in ((self.content_dir, "content"), (target, "the output folder")):
            if inside is not None and folder.is_relative_to(inside.resolve()):
                raise SitegenError(f"cache folder {self.cache_dir} is inside {what}; refusing")
        return ParseCache.open(
            self.cache_dir, self.site_dir, _read_names(config), config.speaker_aliases
        )

    def _discover(self) -> None:
        self.sources = discover(self.content_dir)
        self.sources.diagnostics += site_theme_problems(self.site_dir)
        self._by_stem = {}
        for path in self.sources.episodes:
            self._by_stem.setdefault(path.with_suffix(""), []).append(path)

    def _transcripts_touched_by(self, changed: Collection[Path]) -> list[Path]:
        """Transcripts to read again: those that changed, those whose sidecar `<stem>.yaml`
        changed, and any not read yet (new files)."""
        touched = {path for p in changed for path in self._by_stem.get(p.with_suffix(""), [])}
        touched |= {path for path in self.sources.episodes if path not in self.reads}
        return sorted(touched)

    def _select_and_link(
        self, config: Config, previous: Archive | None
    ) -> tuple[BuildResult, tuple[Page, ...]]:
        paths = self.sources.episodes
        merged = merge_twins([self.reads[path] for path in paths], paths, config.speaker_aliases)
        selection = select_episodes(merged.results, config, paths, self.sources.shows)
        shows = {e.meta.show for e in selection.episodes if e.meta.show is not None}
        archive = link(
            selection.episodes,
            show_names=_show_names(config),
            previous=previous,
            network_names=network_names(config, shows),
            other_shows=other_show_names(config, shows),
        )
        pages, page_diagnostics = read_pages(self.sources.pages, shows)
        diagnostics = self.sources.diagnostics + [d for r in merged.results for d in r.diagnostics]
        diagnostics += selection.diagnostics + page_diagnostics
        accounting, unnamed = account(
            paths, self.reads, selection.episodes, selection.copies, selection.drafts, diagnostics
        )
        accounting.sidecars, accounting.other_files = self.sources.sidecars, self.sources.others
        notes = merged.notes + selection.notes
        result = BuildResult(config, archive, diagnostics + unnamed, notes, accounting=accounting)
        return result, pages

    def _write_feed(self, result: BuildResult, writer: OutputWriter) -> None:
        """feed.xml, and in a network each show's `<show>/feed.xml`."""
        config_path = self.site_dir / CONFIG_FILE
        for index, show in enumerate(feed_shows(result.archive)):
            feed, problems = render_feed(
                result.archive, result.config, config_path=config_path, show=show
            )
            writer.write(urls.feed_url(show), feed)
            if index == 0:  # the problems are the site's settings', the same for every feed
                result.diagnostics += problems

    @staticmethod
    def _finish(result: BuildResult, writer: OutputWriter, target: Path, strict: bool) -> None:
        result.stats = writer.finish(prune=not result.failed(strict))
        result.recovered = writer.recovered
        result.out_dir = target
        result.pages = len(writer.paths)


def _show_names(config: Config) -> tuple[str, ...]:
    """The names this show goes by, for telling its episodes' mentions from other shows'."""
    return (config.title, *config.show_names)


def _read_names(config: Config) -> ShowNames:
    """The show names a reading worker finds mentions with: what `_select_and_link` gives
    `link` when every show of the configuration has episodes."""
    shows = sorted(config.shows)
    return ShowNames(
        _show_names(config),
        tuple(network_names(config, shows).items()),
        config.show_names,
        other_show_names(config, shows),
    )


def network_names(config: Config, shows: Collection[str]) -> dict[str, tuple[str, ...]]:
    """The names of each show of a network, by id: `link`'s `network_names`."""
    return {show: _show_names(config.for_show(show)) for show in sorted(shows)}


def other_show_names(config: Config, shows: Collection[str]) -> tuple[str, ...]:
    """Names of shows whose episodes are not in the site: `other_shows`, and the shows of a
    `[shows.<id>]` table that has no episodes here."""
    empty = sorted(set(config.shows) - set(shows))
    return (*config.other_shows, *(n for show in empty for n in _show_names(config.for_show(show))))


def mention_names(
    config: Config, episode: Episode, shows: Collection[str]
) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]], tuple[str, ...]]:
    """What `link` tells the linker about the shows for `episode`'s mentions: its show's
    names, the other shows' of the site by id, and `other_shows` (for `check --mentions`)."""
    show = episode.meta.show
    names = network_names(config, shows)
    others = other_show_names(config, shows)
    if show is None:
        return _show_names(config), {}, others
    siblings = {other: n for other, n in names.items() if other != show}
    return names.get(show, (show,)), siblings, others


def _show_titles(archive: Archive, config: Config) -> dict[str, str]:
    """The title of each show of a network, for the search page's show filter."""
    shows = {e.meta.show for e in archive.episodes if e.meta.show is not None}
    return {show: config.for_show(show).title for show in sorted(shows)}


def _recorded(result: BuildResult, inputs: buildkey.Inputs) -> buildkey.Recorded:
    """What a clean build records for the next one: its inputs and what it counted."""
    archive = result.archive
    references = sum(len(m) for m in archive.mentions_in.values())
    counts = (len(archive.episodes), len(archive.speakers), references)
    return buildkey.Recorded(inputs.key, *counts, result.pages, inputs.sources, inputs.seen_ns)


@contextlib.contextmanager
def _long_lived() -> Iterator[None]:
    """Around making the archive: millions of objects (1.8 million at 10,000 episodes) that
    live as long as the build, or the preview session. A full collection by Python's cyclic
    garbage collector scans every one of them (~1 s at 10,000 episodes), and would run several
    times while they are made and then every few edits in `sitegen serve`. The collector pauses
    while they are made, then they are frozen (`gc.freeze`): later collections skip them, and
    forked workers do not copy their pages by touching their collector headers. The previous
    build's frozen objects are unfrozen first, so a new archive lets the old one go."""
    gc.unfreeze()
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _unchanged_build(
    config: Config, target: Path, recorded: buildkey.Recorded
) -> BuildResult | None:
    """The result of keeping `target` as it is, when the last build into it (clean, with the
    same inputs) left every file it listed still there."""
    if not buildkey.unchanged(target, recorded, read_manifest(target)):
        return None
    empty = link([], show_names=())
    stats = WriteStats(unchanged=recorded.files)
    return BuildResult(config, empty, [], [], target, stats, recorded.files, reused=recorded)


def _same(previous: Archive, key: str, episode: Episode) -> bool:
    old = previous.by_key.get(key)
    return old is not None and (old is episode or old == episode)


def discover(content_dir: Path) -> Sources:
    """Episode files under content/episodes/ (the site's own show) and under each other
    folder of content/ (a show of a network, `content/<id>/`), and Markdown pages under
    content/pages/."""
    sources = Sources()
    folders: list[tuple[Path, str | None]] = []
    if (content_dir / "episodes").is_dir():
        folders.append((content_dir / "episodes", None))
    folders += _show_folders(content_dir, sources.diagnostics)
    if not folders:
        sources.diagnostics.append(
            error(
                content_dir / "episodes",
                0,
                "no content/episodes/ folder: put one transcript file per episode there",
            )
        )
        return sources
    for folder, show in folders:
        _discover_episodes(folder, show, sources, content_dir.parent)
    pages_dir = content_dir / "pages"
    if pages_dir.is_dir():
        sources.pages = sorted(
            p for p in pages_dir.glob("*") if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES
        )
        site = os.path.realpath(content_dir.parent)
        for page in sources.pages:
            if page.is_symlink():
                check_inside(page, site, sources.diagnostics)
    return sources


def _show_folders(
    content_dir: Path, diagnostics: list[Diagnostic]
) -> list[tuple[Path, str | None]]:
    """The folders of content/ that hold a show of a network, with the show's id."""
    if not content_dir.is_dir():
        return []
    folders: list[tuple[Path, str | None]] = []
    for folder in sorted(p for p in content_dir.iterdir() if p.is_dir()):
        if folder.name in ("episodes", "pages") or folder.name.startswith("."):
            continue
        if folder.is_symlink() and content_dir.resolve().is_relative_to(folder.resolve()):
            target = os.readlink(folder)
            diagnostics.append(warning(folder, 0, f"symlink loop (points to {target}); skipped"))
            continue
        show = slugify(folder.name)
        if not show or show in RESERVED_SHOW_IDS:
            message = (
                f"folder content/{folder.name}/ cannot be a show: its URL would be /{show}/,"
                " which the site itself uses; rename it"
            )
            diagnostics.append(error(folder, 0, message))
            continue
        folders.append((folder, show))
    return folders


def _discover_episodes(folder: Path, show: str | None, sources: Sources, site_dir: Path) -> None:
    """The transcripts and sidecars under `folder`, which holds `show` (None: the site's own)."""
    transcripts: set[str] = set()
    problems: list[Diagnostic] = []
    files = regular_files(folder, problems, skip=_hidden, site_dir=site_dir)
    found = set(files)  # a symlink out of the site folder is reported, and read all the same
    sources.others += sum(1 for problem in problems if problem.path not in found)
    sources.diagnostics += problems
    for path in files:
        suffix = path.suffix.lower()
        if suffix in SUPPORTED_SUFFIXES:
            sources.episodes.append(path)
            transcripts.add(str(path.with_suffix("")))
            if show is not None:
                sources.shows[path] = show
        elif suffix not in SIDECAR_SUFFIXES:
            sources.others += 1
            known = ", ".join(sorted(SUPPORTED_SUFFIXES))
            sources.diagnostics.append(
                warning(path, 0, f"not read: sitegen reads {known} files; this file was skipped")
            )
    for path in files:
        if path.suffix.lower() not in SIDECAR_SUFFIXES:
            continue
        if str(path.with_suffix("")) in transcripts:
            sources.sidecars += 1
        else:
            sources.others += 1
            sources.diagnostics.append(
                warning(path, 0, "sidecar metadata with no transcript of the same name; not used")
            )


def _hidden(name: str) -> bool:
    """Hidden files and folders (`.git`, an editor's `.#episode.txt` lock) are not content."""
    return name.startswith(".")


@dataclass
class Selection:
    """The episodes to publish, and what was left out and said on the way."""

    episodes: list[Episode]
    diagnostics: list[Diagnostic]
    notes: list[tuple[Path, str]]
    copies: list[Episode]  # byte-for-byte copies of a published episode
    drafts: list[Episode]


def select_episodes(
    results: Sequence[ReadResult],
    config: Config,
    files: Sequence[Path] = (),
    shows: Mapping[Path, str] | None = None,
) -> Selection:
    """The episodes to publish: drafts left out, shows given (`shows`: the show of each file's
    folder; metadata's `show:` wins), identities settled (identity.py: numbers, season keys,
    clashes, copies; `files` are all transcript files found). Speakers were renamed when the
    files were read (workers.py)."""
    candidates: list[Episode] = []
    drafts: list[Episode] = []
    notes: list[tuple[Path, str]] = []
    diagnostics: list[Diagnostic] = []
    shows = shows or {}
    known_shows = set(config.shows) | set(shows.values())
    for result in results:
        episode = result.episode
        if episode is None:
            continue
        if episode.meta.show is None and episode.source in shows:
            meta = dataclasses.replace(episode.meta, show=shows[episode.source])
            episode = episode.with_identity(episode.key, meta)
        elif episode.meta.show is not None and episode.meta.show not in known_shows:
            diagnostics.append(_unknown_show(episode, known_shows))
        notes += [(episode.source, note) for note in episode.derived]
        if episode.meta.draft and not config.drafts:
            notes.append((episode.source, "draft: not published (set drafts = true to build it)"))
            drafts.append(episode)
            continue
        candidates.append(episode)
    settled = settle_identities(candidates, files or [e.source for e in candidates])
    diagnostics += settled.diagnostics
    return Selection(settled.episodes, diagnostics, notes + settled.notes, settled.copies, drafts)


def _unknown_show(episode: Episode, known: set[str]) -> Diagnostic:
    show = episode.meta.show
    hint = difflib.get_close_matches(show or "", sorted(known), n=1)
    suggestion = f' (did you mean "{hint[0]}"?)' if hint else ""
    return warning(
        episode.source,
        0,
        f'show "{show}" has no [shows.{show}] table in sitegen.toml and no content/{show}/'
        f" folder{suggestion}; it is published as its own show at /{show}/",
    )


def read_pages(
    paths: Sequence[Path], shows: Collection[str] = ()
) -> tuple[tuple[Page, ...], list[Diagnostic]]:
    """Markdown pages; a page whose URL another page (or a show of a network, `shows`)
    already has is reported and left out."""
    pages: list[Page] = []
    diagnostics: list[Diagnostic] = []
    taken = {"episodes", "speakers", "references", "static", "search", "pagefind", *shows}
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
