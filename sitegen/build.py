"""The build pipeline; the one place that knows the order of the stages.

discover → read (per file) → merge (twin files of one episode) → select (duplicates, drafts,
aliases) → link (whole archive) → render (per page, each episode's transcript downloads, the
feed) → write (atomic, only changed bytes; prune only after a clean build). What the options
are is options.BuildOptions'; how serve updates a built site is incremental.py's.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import time
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Unpack

from sitegen import keys, urls
from sitegen.accounting import Accounting, account
from sitegen.config import CONFIG_FILE, Config
from sitegen.discover import Sources, discover
from sitegen.errors import Diagnostic, Severity, SitegenError, error, warning
from sitegen.feeds import feed_problems, feed_shows, feed_xml
from sitegen.identity import settle_identities
from sitegen.mentions import ShowNames
from sitegen.merge import merge_twins
from sitegen.model import Archive, Episode, Page
from sitegen.nochange import FirstLook, first_look, kept_warnings, recorded_warnings
from sitegen.options import BuildFlags, BuildOptions
from sitegen.output import OutputWriter, WriteStats, claim_output_dir
from sitegen.parsecache import ParseCache
from sitegen.readers import ReadResult
from sitegen.readers.page import read_page_file
from sitegen.references import link
from sitegen.render import SiteRenderer
from sitegen.suggest import closest, did_you_mean
from sitegen.theme import site_theme_problems, static_files
from sitegen.workers import default_jobs, read_all, render_episodes


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
    # was (see keys); `archive` is then empty and this holds what that build counted.
    reused: keys.Recorded | None = None
    accounting: Accounting | None = None  # what became of every file (None when kept)
    recovered: str | None = None  # what was done first about an interrupted earlier build

    def failed(self, strict: bool) -> bool:
        bad = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
        return any(d.severity in bad for d in self.diagnostics)


def build(site_dir: Path, out_dir: Path | None = None, **flags: Unpack[BuildFlags]) -> BuildResult:
    """Build the site in site_dir into out_dir (or, with write=False, only read and check it):
    `BuildOptions(site_dir, out_dir, **flags)`, run by `Site.build`."""
    return Site(BuildOptions(site_dir, out_dir, **flags)).build()


@dataclass
class Built:
    """What the last complete build left, for `sitegen serve` to update the output from."""

    config: Config
    target: Path
    archive: Archive
    renderer: SiteRenderer
    pages: tuple[Page, ...]
    files: frozenset[str]  # every file of the output (the manifest)


class Site:
    """One site folder and its output, built as `options` say. `build` runs every stage, and
    keeps what they made (the files found, each transcript's read, the last build) for
    incremental.LiveSite to update from."""

    def __init__(self, options: BuildOptions) -> None:
        self.options = options
        self.site_dir = options.site_dir
        self.jobs = options.jobs if options.jobs is not None else default_jobs()
        self.content_dir = options.site_dir / "content"
        self.sources = Sources()
        self._stems: dict[Path, list[Path]] | None = None  # `_by_stem`, once asked
        self.reads: dict[Path, ReadResult] = {}
        self.built: Built | None = None
        # What is compiled of the templates is kept too, unless nothing is (`--no-cache`).
        self._keep_compiled = options.cache_dir is not None

    def build(self, look: FirstLook | None = None) -> BuildResult:
        """Build everything. With `reuse`, first compare the inputs with those of the last
        clean build into the output folder, and when they are the same, keep it as it is.
        `look`: that first look, when the caller took it for these options (the command line
        does, before it imports the stages)."""
        started = time.perf_counter()
        options, self.built = self.options, None
        look = look if look is not None else first_look(options)
        config, target, inputs = look.config, look.target, look.inputs
        if look.kept is not None:
            seconds = time.perf_counter() - started
            return _kept(config, target, look.kept, seconds, self.site_dir)
        if options.write:
            claim_output_dir(target)
            keys.forget_key(target)  # the folder is about to change
        cache = self._cache(config, target if options.write else None)
        with _long_lived():
            self._discover(inputs)
            from_cache = self._read_all(config, cache, inputs)
            result, pages = self._select_and_link(config, previous=None)
            result.read, result.from_cache = len(self.reads), from_cache
        if options.write:
            self._write(result, pages, target)
            # No error, and not failed by --strict: the next build may keep the output.
            if (
                inputs is not None
                and not result.failed(options.strict)
                and not any(d.severity is Severity.ERROR for d in result.diagnostics)
            ):
                keys.record(target, _recorded(result, inputs, self.site_dir))
        else:  # `check`: a template that would stop the build stops the check alike
            renderer = SiteRenderer(
                result.archive, config, self.site_dir, pages, keep_compiled=self._keep_compiled
            )
            renderer.check_templates()
            # and it says what the build would of the feeds it would write.
            result.diagnostics += feed_problems(
                result.archive,
                config,
                config_path=self.site_dir / CONFIG_FILE,
                site_dir=self.site_dir,
            )
        result.seconds = time.perf_counter() - started
        return result

    def _read_all(
        self, config: Config, cache: ParseCache | None, inputs: keys.Inputs | None = None
    ) -> int:
        """Read every transcript found; how many came from the parse cache. `inputs`: the
        digests the first look took, which name the cache entries of unchanged files."""
        paths = self.sources.episodes
        names, aliases = read_names(config), config.speaker_aliases
        digests = {rel: str(d) for rel, (_, _, d) in inputs.sources.items()} if inputs else None
        shows = self.sources.shows
        results, from_cache = read_all(
            paths, self.jobs, self.options.progress, names, aliases, cache, shows, digests
        )
        self.reads = dict(zip(paths, results, strict=True))
        return from_cache

    def _write(self, result: BuildResult, pages: tuple[Page, ...], target: Path) -> None:
        """Render and write every output file, all committed together (output.OutputWriter).
        An output whose key is the one the last build into `target` recorded, with its file
        still there, is kept as it is (keys: the outputs' record)."""
        config = result.config
        renderer = SiteRenderer(
            result.archive, config, self.site_dir, pages, keep_compiled=self._keep_compiled
        )
        theme = keys.theme_digest(self.site_dir)
        listed = keys.ListKeys(result.archive, config, theme, renderer.views.og_image)
        made = keys.OutputKeys(around=listed.around(result.archive))
        keeper = _Keeper(target, keys.take_output_keys(target), made, listed)
        seen_ns = time.time_ns()  # before any episode folder is looked at
        with OutputWriter(target) as writer:
            folders_to_look_at = self._write_episodes(renderer, writer, keeper)
            self._write_indexes(renderer, writer, keeper, f"{made.around}\n{pages!r}")
            config_path = self.site_dir / CONFIG_FILE
            result.diagnostics += feed_problems(
                result.archive, config, config_path=config_path, site_dir=self.site_dir
            )
            self._write_feeds(result, writer, keeper)
            self._write_static(result, writer)
            if config.search:  # after the pages: it indexes the archive they show
                from sitegen import search  # Pagefind's machinery: only a build that indexes

                titles = show_titles(result.archive, config)
                search.write_index(result.archive, config.language, writer, self.jobs, None, titles)
            self._finish(result, writer, target)
        for episode_key in folders_to_look_at:  # as the commit left them
            with contextlib.suppress(OSError):
                folder = target / urls.episode_url(episode_key)
                made.folders[episode_key] = folder.stat().st_mtime_ns
        keys.record_output_keys(target, keeper.made, seen_ns)
        self.built = Built(config, target, result.archive, renderer, pages, writer.paths)

    def _write_indexes(
        self, renderer: SiteRenderer, writer: OutputWriter, keeper: _Keeper, rest: str
    ) -> None:
        """Every page but the episodes', each kept when its key is the recorded one. A page
        whose facts (keys.ListKeys.facts, over `rest`) are those recorded with its key has that
        key: its view, which can list every episode, is made only to render it."""
        archive, listed = renderer.archive, keeper.listed
        for url in renderer.index_urls():
            path = urls.file_for(url)
            talk_of: Sequence[Episode] | None = None
            if url == urls.SPEAKERS:
                talk_of = archive.episodes
            elif (speaker := renderer.speaker_at(url)) is not None:
                talk_of = archive.speakers[speaker]
            facts = keeper.made.facts[path] = listed.facts(url, talk_of, rest)
            view = None
            key = keeper.recorded.others.get(path)
            if key is None or keeper.recorded.facts.get(path) != facts:
                view = renderer.index_view(url)
                key = listed.page(url, view)
            if not keeper.kept(path, key, writer):
                writer.write(
                    *renderer.page(url, view if view is not None else renderer.index_view(url))
                )

    def _write_episodes(
        self, renderer: SiteRenderer, writer: OutputWriter, keeper: _Keeper
    ) -> list[str]:
        """Each episode's page and downloads (in workers, which stage the files), keeping those
        whose keys the last build recorded. Returns the keys of the episodes whose output
        folders changed, or were not looked at: their times are taken once the files are in."""
        made = keeper.made
        to_look_at: list[str] = []
        for episode_key, files, download_key, page_key, content, folder_time in render_episodes(
            renderer,
            keeper.target,
            self.jobs,
            self.options.progress,
            keeper.theme,
            keeper.recorded,
            made.around,
        ):
            for path, changed in files:
                writer.record(path, changed)
            if download_key is not None:
                made.downloads[episode_key] = download_key
            made.pages[episode_key] = page_key
            made.contents[episode_key] = content
            if folder_time is None:
                to_look_at.append(episode_key)
            else:
                made.folders[episode_key] = folder_time
        return to_look_at

    def _write_static(self, result: BuildResult, writer: OutputWriter) -> None:
        """The theme's static files, the site's own over the built-in ones."""
        for name, source in static_files(self.site_dir).items():
            try:
                data = source.read_bytes()
            except OSError as exc:
                message = f"cannot read file: {exc.strerror or exc}; not published"
                result.diagnostics.append(error(source, 0, message))
                continue
            writer.write(urls.static_url(name), data)

    def _cache(self, config: Config, target: Path | None) -> ParseCache | None:
        """The parse cache for reads with `config`, None without a cache folder. Refused inside
        content/ (its entries would be read as transcripts) or the output folder (served,
        published)."""
        cache_dir = self.options.cache_dir
        if cache_dir is None:
            return None
        folder = cache_dir.resolve()
        for inside, what in ((self.content_dir, "content"), (target, "the output folder")):
            if inside is not None and folder.is_relative_to(inside.resolve()):
                raise SitegenError(f"cache folder {cache_dir} is inside {what}; refusing")
        return ParseCache.open(cache_dir, self.site_dir, read_names(config), config.speaker_aliases)

    def _discover(self, inputs: keys.Inputs | None = None) -> None:
        """Find the site's files. `inputs`: the first look's, whose walk of content/ is used
        where it serves rather than walking the folder again."""
        self.sources = discover(self.content_dir, inputs.content if inputs is not None else None)
        self.sources.diagnostics += site_theme_problems(self.site_dir)
        self._stems = None

    @property
    def _by_stem(self) -> dict[Path, list[Path]]:
        """Each transcript's path without its suffix, and the transcripts of that name: made
        when first asked (an update in `sitegen serve` asks, a build does not)."""
        if self._stems is None:
            self._stems = {}
            for path in self.sources.episodes:
                self._stems.setdefault(path.with_suffix(""), []).append(path)
        return self._stems

    def _select_and_link(
        self, config: Config, previous: Archive | None
    ) -> tuple[BuildResult, tuple[Page, ...]]:
        """merge → select → link: the archive, from the reads of the files found."""
        paths = self.sources.episodes
        merged = merge_twins([self.reads[path] for path in paths], paths, config.speaker_aliases)
        selection = select_episodes(merged.results, config, paths, self.sources.shows)
        shows = {e.meta.show for e in selection.episodes if e.meta.show is not None}
        archive = link(
            selection.episodes,
            show_names=show_names(config),
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

    def _write_feeds(
        self, result: BuildResult, writer: OutputWriter, keeper: _Keeper | None
    ) -> None:
        """feed.xml, and in a network each show's `<show>/feed.xml`, each kept when `keeper`
        says so (what is wrong with them is feeds.feed_problems')."""
        archive, config = result.archive, result.config
        for show in feed_shows(archive):
            path = urls.feed_url(show)
            if keeper is not None and keeper.kept(path, keeper.listed.feed(show), writer):
                continue
            writer.write(path, feed_xml(archive, config, show))

    def _finish(self, result: BuildResult, writer: OutputWriter, target: Path) -> None:
        result.stats = writer.finish(prune=not result.failed(self.options.strict))
        result.recovered = writer.recovered
        result.out_dir = target
        result.pages = len(writer.paths)


def show_names(config: Config) -> tuple[str, ...]:
    """The names this show goes by, for telling its episodes' mentions from other shows'."""
    return (config.title, *config.show_names)


def read_names(config: Config) -> ShowNames:
    """The show names a reading worker finds mentions with: what `_select_and_link` gives
    `link` when every show of the configuration has episodes."""
    shows = sorted(config.shows)
    return ShowNames(
        show_names(config),
        tuple(network_names(config, shows).items()),
        config.show_names,
        other_show_names(config, shows),
    )


def network_names(config: Config, shows: Collection[str]) -> dict[str, tuple[str, ...]]:
    """The names of each show of a network, by id: `link`'s `network_names`."""
    return {show: show_names(config.for_show(show)) for show in sorted(shows)}


def other_show_names(config: Config, shows: Collection[str]) -> tuple[str, ...]:
    """Names of shows whose episodes are not in the site: `other_shows`, and the shows of a
    `[shows.<id>]` table that has no episodes here."""
    empty = sorted(set(config.shows) - set(shows))
    return (*config.other_shows, *(n for show in empty for n in show_names(config.for_show(show))))


def mention_names(
    config: Config, episode: Episode, shows: Collection[str]
) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]], tuple[str, ...]]:
    """What `link` tells the linker about the shows for `episode`'s mentions: its show's
    names, the other shows' of the site by id, and `other_shows` (for `check --mentions`)."""
    show = episode.meta.show
    names = network_names(config, shows)
    others = other_show_names(config, shows)
    if show is None:
        return show_names(config), {}, others
    siblings = {other: n for other, n in names.items() if other != show}
    return names.get(show, (show,)), siblings, others


def show_titles(archive: Archive, config: Config) -> dict[str, str]:
    """The title of each show of a network, for the search page's show filter."""
    shows = {e.meta.show for e in archive.episodes if e.meta.show is not None}
    return {show: config.for_show(show).title for show in sorted(shows)}


def _recorded(result: BuildResult, inputs: keys.Inputs, site_dir: Path) -> keys.Recorded:
    """What a build without errors records for the next one: its inputs, what it counted and
    its warnings."""
    archive = result.archive
    references = sum(len(m) for m in archive.mentions_in.values())
    counts = (len(archive.episodes), len(archive.speakers), references)
    warnings = recorded_warnings(result.diagnostics, site_dir)
    return keys.Recorded(
        inputs.key, *counts, result.pages, inputs.sources, inputs.seen_ns, warnings
    )


@dataclass
class _Keeper:
    """What the last build into `target` recorded of its outputs' keys, and what this one
    makes (keys: the outputs' record): an output whose key is the recorded one, with its file
    still there, is kept as it is."""

    target: Path
    recorded: keys.OutputKeys
    made: keys.OutputKeys
    listed: keys.ListKeys

    @property
    def theme(self) -> str:
        return self.listed.theme

    def kept(self, path: str, key: str, writer: OutputWriter) -> bool:
        """Whether the page or feed at `path`, made from `key`, stays; if so, it is counted
        as unchanged. Its key is recorded for the next build either way."""
        self.made.others[path] = key
        if self.recorded.others.get(path) != key or not (self.target / path).is_file():
            return False
        writer.record(path, False)
        return True


@contextlib.contextmanager
def _long_lived() -> Iterator[None]:
    """Around making the archive: millions of objects at tens of thousands of episodes, that
    live as long as the build, or the preview session. A full collection by Python's cyclic
    garbage collector scans every one of them, which is slow at that size, and would run several
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


def _kept(
    config: Config, target: Path, recorded: keys.Recorded, seconds: float, site_dir: Path
) -> BuildResult:
    """The result of keeping `target` as the last build left it (nochange.py), with its
    warnings."""
    empty = link([], show_names=())
    stats = WriteStats(unchanged=recorded.files)
    warned = kept_warnings(recorded, site_dir)
    kept = BuildResult(config, empty, warned, [], target, stats, recorded.files, reused=recorded)
    kept.seconds = seconds
    return kept


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
    suggestion = did_you_mean(closest(show or "", sorted(known)))
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
