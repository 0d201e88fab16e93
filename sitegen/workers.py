"""Runs the per-file stages on all cores: reading transcripts and rendering episode pages.

Work goes to a pool of forked processes in chunks. Rendering workers inherit the renderer (and
so the whole archive) from the parent at fork time rather than receiving it pickled, write their
pages themselves and send back only paths. A rendering worker is replaced after a few chunks:
what it reads of the inherited archive, it copies (reading an object writes its reference
count, and the kernel then copies that page), so a worker that lived for the whole build would
end up holding its own copy of half the archive. Where fork is not available, or the archive is
small, the same functions run in this process; the output is the same either way.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import signal
import threading
import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from sitegen import keys, urls
from sitegen.aliases import apply_aliases
from sitegen.exports import episode_exports
from sitegen.exports.chapters import publishes_chapters
from sitegen.mentions import ShowNames, names_key
from sitegen.model import Episode, content_digest
from sitegen.output import stage_file
from sitegen.parsecache import Pack, ParseCache
from sitegen.readers import ReadResult, read_episode_file
from sitegen.render import SiteRenderer
from sitegen.summary import summarized

if TYPE_CHECKING:
    # Imported where a pool is made: a build after one edit makes none.
    from concurrent.futures import Future, ProcessPoolExecutor

Result = TypeVar("Result")
Item = TypeVar("Item")

# Called as progress(stage, done, total) while a long stage runs.
Progress = Callable[[str, int, int], None]

# How often a worker looks whether the build that forked it is still there.
PARENT_CHECK_SECONDS = 0.2
# Below this many files a pool costs more (start-up, pickling) than it saves.
MIN_PARALLEL = 64
# Episodes a rendering worker renders before a fresh one is forked in its place (rounded to
# whole chunks): bounds what of the archive it copies, for one fork per that many episodes.
EPISODES_PER_WORKER = 250

# The renderer and output folder of the build in progress and the theme's digest, for forked
# render workers.
_renderer: SiteRenderer | None = None
_out_dir: Path | None = None
_theme = ""

# What rendering one episode did: its key, (output path, whether its bytes changed) for each
# file, the key its downloads were made from (None: it has none), its page's key, the digest
# of the episode they were made from (model.content_digest), and the modification time of its
# output folder when all its files stayed as they were (None: the folder changed, or is gone).
Rendered = tuple[str, list[tuple[str, bool]], str | None, str, str, int | None]


def default_jobs() -> int:
    """The processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _can_fork(jobs: int) -> bool:
    if jobs < 2:
        return False
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _pool(jobs: int) -> ProcessPoolExecutor | None:
    if not _can_fork(jobs):
        return None
    return _executor(jobs)


def _executor(jobs: int) -> ProcessPoolExecutor:
    """A pool of `jobs` forked workers that end when this process does, however it ends."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_end_with_parent,
        initargs=(os.getpid(),),
    )


def _end_with_parent(parent: int) -> None:
    """In a forked worker: exit as soon as the process that forked it is gone.

    A worker waits for work on a pipe that its siblings hold open too, so when the build is
    killed (SIGKILL, or SIGTERM, whose default is to die at once) nothing would ever wake it.
    A thread looks at the parent's id instead: when the parent dies the worker is adopted and
    the id changes. SIGTERM is reset to its default: a handler inherited from the parent
    would raise inside the pool's machinery."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    watch = threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True)
    watch.start()


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _chunk_size(total: int, jobs: int) -> int:
    # Several chunks per worker keep both cores busy to the end; 64 bounds the memory in flight.
    return max(1, min(64, total // (jobs * 8)))


def read_all(
    paths: Sequence[Path],
    jobs: int,
    progress: Progress | None,
    show_names: Collection[str] | ShowNames,
    aliases: Mapping[str, str],
    cache: ParseCache | None = None,
    shows: Mapping[Path, str] | None = None,
    digests: Mapping[str, str] | None = None,
) -> tuple[list[ReadResult], int]:
    """Read every transcript, in the order given (`read_packed`), and say how many of them were
    taken from the `cache`: what it holds of a file is taken instead of reading it, what was
    read is kept there, and entries this build did not use are deleted. `shows`: the show of
    each file's folder, in a network. `digests`: the site files' digests, when the build took
    them already (ParseCache.trusted_key): the files are then read only on a cache miss.

    The entries those digests name are loaded here, in this process: a worker would spend
    longer sending an episode back than loading it. Only the files left go to the workers."""
    results: list[ReadResult | None] = [None] * len(paths)
    used: list[str] = []
    folder_shows = [(shows or {}).get(path) for path in paths]
    trusted: list[str | None] = [None] * len(paths)
    names, aliases = _show_names(show_names), dict(aliases)
    pack: Pack | None = None  # with digests: the entries they name are loaded from it
    if cache is not None and digests is not None:
        pack = cache.pack()
        for index, path in enumerate(paths):
            key = trusted[index] = cache.trusted_key(path, digests)
            if key is None:
                continue
            again = functools.partial(
                _read_again, path, folder_shows[index], names, aliases, cache, key
            )
            kept = cache.load(key, again, pack)
            if kept is not None:
                results[index] = kept
                used.append(key)
    kept_count = len(used)
    left = [index for index, result in enumerate(results) if result is None]
    if progress is not None and kept_count:
        progress("read", kept_count, len(paths))
    pool = _pool(jobs) if len(left) >= MIN_PARALLEL else None
    read = functools.partial(_read_keyed, show_names=names, aliases=aliases, cache=cache)
    arguments = (
        [paths[i] for i in left],
        [folder_shows[i] for i in left],
        [trusted[i] for i in left],
    )
    if pool is None:
        iterator: Iterator[_Read] = map(read, *arguments)
    else:
        iterator = pool.map(read, *arguments, chunksize=_chunk_size(len(left), jobs))
    written: dict[str, bytes] = {}  # the pack records of the entries the reads wrote
    try:
        for done, (index, (result, key, from_cache, record)) in enumerate(
            zip(left, iterator, strict=True), start=kept_count + 1
        ):
            results[index] = result
            kept_count += from_cache
            if key is not None:
                used.append(key)
                if record is not None and pack is not None:
                    written[key] = record
            if progress is not None:
                progress("read", done, len(paths))
    finally:
        if pool is not None:
            # After an error or Ctrl-C, the files not yet begun are dropped and the ones being
            # read finished: killing the workers instead races the pool's own thread.
            pool.shutdown(cancel_futures=True)
    if cache is not None:
        cache.prune(used)
        if pack is not None:
            cache.write_pack(used, pack, written)
    read_results = [result for result in results if result is not None]
    if len(read_results) != len(paths):  # every file left was given to `read`, in order
        raise RuntimeError("a transcript was neither loaded nor read")
    return read_results, kept_count


def read_packed(
    path: Path,
    show_names: Collection[str] | ShowNames,
    aliases: Mapping[str, str],
    cache: ParseCache | None = None,
    show: str | None = None,
) -> ReadResult:
    """A transcript read, its turns packed (model.PackedTurns): the build holds every episode
    until it ends, and a packed one is also a fifth as much to send from the worker. The
    episode is the one published: its speakers renamed (`aliases.apply_aliases`), carrying its
    summary (summary.py: what the whole-archive stages need of its text, made here, on all
    cores, while its turns are objects, so that those stages need not unpack it). Its
    mentions are looked for with the names `link` will give the linker (`ShowNames.of`); a
    collection of names is the site's own show's. With a `cache`, the result kept there for the
    file as it is now, if any, else one read and then kept."""
    return _read_keyed(path, show, None, _show_names(show_names), aliases, cache).result


def _show_names(names: Collection[str] | ShowNames) -> ShowNames:
    return names if isinstance(names, ShowNames) else ShowNames(tuple(names))


class _Read(NamedTuple):
    """What `_read_keyed` did for one transcript."""

    result: ReadResult
    key: str | None  # the cache entry it used; None: none
    from_cache: bool  # the result was the entry's
    record: bytes | None = None  # the pack record of the entry it wrote (ParseCache.keep)


def _read_keyed(
    path: Path,
    show: str | None,
    trusted: str | None,
    show_names: ShowNames,
    aliases: Mapping[str, str],
    cache: ParseCache | None,
) -> _Read:
    """`read_packed`, and which cache entry it used. `trusted`: the entry's name from the
    build's digests (ParseCache.trusted_key), if known; a miss is named from the file as it is
    read.

    What was read is kept only under the name of its files as they were both before and after
    the read (serve's editor may be saving). A trusted name is the files' before the read (as
    the first look saw them), so a miss of it takes one key, after the read (a key hashes the
    transcript, its sidecar and chapters file, and looks for a transcript beside it); files
    that no longer have that name changed since the first look, and are named and read again
    as with no trusted name."""
    if cache is None:
        return _Read(_read(path, show, show_names, aliases), None, False)
    if trusted is not None:
        again = functools.partial(_read_again, path, show, show_names, aliases, cache, trusted)
        kept = cache.load(trusted, again)
        if kept is not None:
            return _Read(kept, trusted, True)
        result = _read(path, show, show_names, aliases)
        key = cache.key(path)
        if key == trusted:
            kept, record = cache.keep(key, result, again)
            return _Read(kept, key, False, record)
        if key is None:  # gone since, or no longer readable: nothing to keep
            return _Read(result, None, False)
        # Changed since the first look: as with no trusted name.
    else:
        key = cache.key(path)
    if key is None:
        return _Read(_read(path, show, show_names, aliases), None, False)
    again = functools.partial(_read_again, path, show, show_names, aliases, cache, key)
    kept = cache.load(key, again)
    if kept is not None:
        return _Read(kept, key, True)
    result = _read(path, show, show_names, aliases)
    if cache.key(path) == key:
        kept, record = cache.keep(key, result, again)
        return _Read(kept, key, False, record)
    return _Read(result, key, False)


def _read_again(
    path: Path,
    show: str | None,
    show_names: ShowNames,
    aliases: Mapping[str, str],
    cache: ParseCache,
    key: str,
) -> ReadResult:
    """The transcript read again for the entry `key`, whose turns were found damaged or gone
    when they were read (ParseCache.load), and kept there again while the files are still
    those the entry is named after."""
    result = _read(path, show, show_names, aliases)
    if cache.key(path) == key:
        cache.store(key, result)
    return result


def _read(
    path: Path, show: str | None, show_names: ShowNames, aliases: Mapping[str, str]
) -> ReadResult:
    result = read_episode_file(path)
    episode = result.episode
    if episode is None:
        return result
    published = apply_aliases(episode, aliases)
    own, siblings, others = show_names.of(published, show)
    published = summarized(published, names_key(own, siblings, others)).packed()
    keys.episode_digests(published)  # here, on all cores, and then kept with it
    return dataclasses.replace(result, episode=published)


def render_episodes(
    renderer: SiteRenderer,
    out_dir: Path,
    jobs: int,
    progress: Progress | None,
    theme: str,
    recorded: keys.OutputKeys | None = None,
    around: str = "",
) -> Iterator[Rendered]:
    """Render and write every episode page and its transcript downloads; yields, per episode,
    (output path, whether the file changed) for each file and the keys of its downloads and
    page. A page, or downloads, whose key is the one `recorded` for the episode, with the files
    still in `out_dir`, is kept as it is. `theme`: keys.theme_digest. `around`: this archive's
    keys.ListKeys.around; when it is the one recorded, an episode's page key and downloads' key
    are the recorded ones for as long as its content is the same, and are not worked out again.

    With a record, what is kept is decided here, before any worker starts, and only the
    episodes with something to make go to the workers: a worker that looked at every episode
    would copy the archive's memory pages and fork again and again for episodes it keeps."""
    global _renderer, _out_dir, _theme
    order = [episode.key for episode in renderer.archive.episodes]
    done = 0
    if recorded is not None and (recorded.pages or recorded.downloads):
        same_around = bool(around) and recorded.around == around
        plans = [_plan(renderer, out_dir, key, recorded, theme, same_around) for key in order]
        todo = []
        for plan in plans:
            if plan.page_kept and plan.downloads_kept:
                done += 1
                yield _kept(plan)
            else:
                todo.append(plan)
    else:
        todo = [_Plan(key) for key in order]
    if len(todo) < MIN_PARALLEL or not _can_fork(jobs):
        for plan in todo:
            yield _make(renderer, out_dir, plan, theme)
            done += 1
            if progress is not None:
                progress("render", done, len(order))
        return
    size = _chunk_size(len(todo), jobs)
    chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
    keys.code_digest()  # worked out once here, not once in every worker
    # Set before the pool forks its workers (and the fresh ones that replace them).
    _renderer, _out_dir, _theme = renderer, out_dir, theme
    try:
        for rendered in _map_in_fresh_workers(_render_chunk, chunks, jobs, EPISODES_PER_WORKER):
            yield from rendered
            done += len(rendered)
            if progress is not None:
                progress("render", done, len(order))
    finally:
        _renderer = _out_dir = None
        _theme = ""


@dataclass(frozen=True)
class _Plan:
    """What to do for one episode: its page's and downloads' keys when already worked out
    (None: the worker works them out), and whether each stays as the last build left it."""

    key: str
    page_key: str | None = None
    download_key: str | None = None  # also None when the episode has no downloads
    page_kept: bool = False
    downloads_kept: bool = False  # also True when the episode has no downloads
    content: str = ""  # the episode's model.content_digest, once worked out
    downloads: tuple[str, ...] = ()  # the paths of its downloads, once worked out
    folder_time: int | None = None  # its output folder's modification time, when looked at


def _plan(
    renderer: SiteRenderer,
    out_dir: Path,
    key: str,
    recorded: keys.OutputKeys,
    theme: str,
    same_around: bool = False,
) -> _Plan:
    """`key`'s keys, and whether its page and its downloads are those `recorded`, still there.
    `same_around`: what the pages show of the archive around their episodes is what it was
    when `recorded` (see render_episodes)."""
    episode = renderer.archive.by_key[key]
    content = content_digest(episode)
    recorded_page, recorded_downloads = recorded.pages.get(key), recorded.downloads.get(key)
    # What the pages show around their episodes covers the config and sitegen's code too,
    # which with the episode's content is all its downloads are made from (keys.download_key):
    # while all three are as recorded, so are both keys.
    same = same_around and recorded.contents.get(key) == content
    page_key = recorded_page if same else None
    if page_key is None:
        page_key = renderer.page_key(content, theme, renderer.episode_links(episode))
    folder = urls.episode_url(key)
    page = urls.file_for(folder)
    paths = _download_paths(renderer, episode)
    made = None  # the downloads' key (None: the episode has none)
    if paths and same and recorded_downloads is not None:
        made = recorded_downloads
    elif paths:
        made = keys.download_key(episode, renderer.config, content)
    page_kept = recorded_page == page_key
    kept = recorded_downloads == made
    folder_time = None
    if page_kept or (paths and kept):
        # The page and its downloads lie in its folder (urls.export_url). While the folder's
        # time is the recorded one, it holds what the recorded build left there: the files of
        # the recorded keys. Otherwise it is listed once, which says which of its entries are
        # files, rather than each file looked at.
        folder_time = _modified(f"{out_dir}/{folder}")
        if folder_time is None or recorded.folders.get(key) != folder_time:
            there = {folder + name for name in _files_in(f"{out_dir}/{folder}")}
            page_kept = page_kept and page in there
            kept = kept and there.issuperset(paths)
    if not paths:
        return _Plan(key, page_key, None, page_kept, True, content, (), folder_time)
    return _Plan(key, page_key, made, page_kept, kept, content, tuple(paths), folder_time)


def _modified(folder: str) -> int | None:
    """The modification time (ns) of `folder`; None when it is gone."""
    try:
        return os.stat(folder).st_mtime_ns
    except OSError:
        return None


def _files_in(folder: str) -> set[str]:
    """The names of the files in `folder` (none when it is gone, or is no folder)."""
    try:
        with os.scandir(folder) as entries:
            return {entry.name for entry in entries if entry.is_file()}
    except OSError:
        return set()


def _download_paths(renderer: SiteRenderer, episode: Episode) -> list[str]:
    """Where the episode's transcript downloads and chapters file go (exports.episode_exports);
    none for show notes alone."""
    if not episode.turns:
        return []
    paths = [urls.export_url(episode.key, fmt) for fmt in renderer.config.downloads]
    return [*paths, urls.chapters_url(episode.key)] if publishes_chapters(episode) else paths


def _kept(plan: _Plan) -> Rendered:
    """What was done for an episode whose files all stay."""
    assert plan.page_key is not None, "a kept episode without its page key"
    paths = [urls.file_for(urls.episode_url(plan.key)), *plan.downloads]
    kept = [(path, False) for path in paths]
    return plan.key, kept, plan.download_key, plan.page_key, plan.content, plan.folder_time


def _render_chunk(chunk: list[_Plan]) -> tuple[int, list[Rendered]]:
    """In a forked worker: render and write a chunk of episodes; how many, and what it did for
    each."""
    assert _renderer is not None and _out_dir is not None, "render worker started without state"
    return len(chunk), [_make(_renderer, _out_dir, plan, _theme) for plan in chunk]


def _make(renderer: SiteRenderer, out_dir: Path, plan: _Plan, theme: str) -> Rendered:
    """Make what `plan` does not keep of an episode's page and downloads; what was done."""
    key = plan.key
    if plan.page_key is None:  # a build with no record: nothing to keep, the keys to work out
        plan = _plan(renderer, out_dir, key, keys.OutputKeys(), theme)
    assert plan.page_key is not None
    page_key = plan.page_key
    held = renderer.archive.by_key[key]
    episode = held.unpacked()  # the page and each download read the turns
    page = urls.file_for(urls.episode_url(key))
    if plan.page_kept:
        written = [(page, False)]
    else:
        page, data = renderer.render_episode(episode, renderer.episode_links(held))
        written = [(page, stage_file(out_dir, page, data))]
    paths = _download_paths(renderer, held)
    if not paths:
        return key, written, None, page_key, plan.content, None
    if plan.downloads_kept:
        kept = [(path, False) for path in paths]
        return key, written + kept, plan.download_key, page_key, plan.content, None
    exports = episode_exports(episode, renderer.config)
    written += [(path, stage_file(out_dir, path, data)) for path, data in exports]
    return key, written, plan.download_key, page_key, plan.content, None


@dataclass
class _Worker:
    """One forked process (a single-worker executor) and the work it has done."""

    executor: ProcessPoolExecutor
    work: int = 0


def _map_in_fresh_workers(
    function: Callable[[list[Item]], tuple[int, Result]],
    chunks: Sequence[list[Item]],
    jobs: int,
    per_worker: int,
) -> Iterator[Result]:
    """`function` over `chunks` in `jobs` forked processes, results in order; `function` also
    says how much work a chunk was, and each process is replaced by a fresh fork once it has
    done `per_worker` work. (One single-process executor per core, renewed in turn:
    concurrent.futures will not renew forked workers itself, and multiprocessing's Pool, which
    would, waits forever when a worker is killed.)"""
    from concurrent.futures import FIRST_COMPLETED, wait

    todo = iter(enumerate(chunks))
    workers = [_Worker(_executor(1)) for _ in range(jobs)]
    running: dict[Future[tuple[int, Result]], tuple[int, _Worker]] = {}
    finished: dict[int, Result] = {}

    def give_next_chunk(worker: _Worker) -> None:
        task = next(todo, None)
        if task is None:
            return
        if worker.work >= per_worker:  # the process has done its share: fork a fresh one
            worker.executor.shutdown()
            worker.executor, worker.work = _executor(1), 0
        running[worker.executor.submit(function, task[1])] = (task[0], worker)

    try:
        for worker in workers:
            give_next_chunk(worker)
        wanted = 0
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                index, worker = running.pop(future)
                work, finished[index] = future.result()
                worker.work += work
                give_next_chunk(worker)
            while wanted in finished:
                yield finished.pop(wanted)
                wanted += 1
    finally:
        for worker in workers:
            worker.executor.shutdown(cancel_futures=True)


def episode_files(renderer: SiteRenderer, episode: Episode) -> list[tuple[str, bytes]]:
    """(output path, bytes) of an episode's page and its transcript downloads."""
    episode = episode.unpacked()  # each of them reads the turns
    return [renderer.render_episode(episode), *episode_exports(episode, renderer.config)]
