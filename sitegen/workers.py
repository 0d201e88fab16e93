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
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sitegen import keys, urls
from sitegen.aliases import apply_aliases
from sitegen.exports import episode_exports
from sitegen.mentions import ShowNames, names_key
from sitegen.model import Episode
from sitegen.output import stage_file
from sitegen.parsecache import ParseCache
from sitegen.readers import ReadResult, read_episode_file
from sitegen.render import SiteRenderer
from sitegen.summary import summarized

Result = TypeVar("Result")

# Called as progress(stage, done, total) while a long stage runs.
Progress = Callable[[str, int, int], None]

# How often a worker looks whether the build that forked it is still there.
PARENT_CHECK_SECONDS = 0.2
# Below this many files a pool costs more (start-up, pickling) than it saves.
MIN_PARALLEL = 64
# Episodes a rendering worker renders before a fresh one is forked in its place (rounded to
# whole chunks): bounds what of the archive it copies, for one fork per that many episodes.
# An episode whose page and downloads are kept counts as a fifth of one: looking at it copies
# less (the refcounts of its objects' pages), while each fork copies the page tables of the
# whole build, so forking as often for kept episodes as for rendered ones makes a build after
# one edit slow at tens of thousands of episodes (benchmarks/README.md has the figures).
EPISODES_PER_RENDER_WORKER = 250
KEPT_PER_RENDERED = 5

# The renderer and output folder of the build in progress, the episode keys recorded there
# (keys.take_episode_keys) and the theme's digest, for forked render workers.
_renderer: SiteRenderer | None = None
_out_dir: Path | None = None
_recorded = keys.EpisodeKeys()
_theme = ""

# What rendering one episode did: its key, (output path, whether its bytes changed) for each
# file, the key its downloads were made from (None: it has none) and its page's key.
Rendered = tuple[str, list[tuple[str, bool]], str | None, str]


def default_jobs() -> int:
    """The processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _can_fork(jobs: int) -> bool:
    return jobs >= 2 and "fork" in multiprocessing.get_all_start_methods()


def _pool(jobs: int) -> ProcessPoolExecutor | None:
    if not _can_fork(jobs):
        return None
    return _executor(jobs)


def _executor(jobs: int) -> ProcessPoolExecutor:
    """A pool of `jobs` forked workers that end when this process does, however it ends."""
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
) -> tuple[list[ReadResult], int]:
    """Read every transcript, in the order given (`read_packed`), and say how many of them were
    taken from the `cache`: what it holds of a file is taken instead of reading it, what was
    read is kept there, and entries this build did not use are deleted. `shows`: the show of
    each file's folder, in a network."""
    pool = _pool(jobs) if len(paths) >= MIN_PARALLEL else None
    results: list[ReadResult] = []
    used: list[str] = []
    kept = 0
    folder_shows = [(shows or {}).get(path) for path in paths]
    read = functools.partial(
        _read_keyed, show_names=_show_names(show_names), aliases=dict(aliases), cache=cache
    )
    if pool is None:
        iterator: Iterator[tuple[ReadResult, str | None, bool]] = map(read, paths, folder_shows)
    else:
        iterator = pool.map(read, paths, folder_shows, chunksize=_chunk_size(len(paths), jobs))
    try:
        for done, (result, key, from_cache) in enumerate(iterator, start=1):
            results.append(result)
            kept += from_cache
            if key is not None:
                used.append(key)
            if progress is not None:
                progress("read", done, len(paths))
    finally:
        if pool is not None:
            # After an error or Ctrl-C, the files not yet begun are dropped and the ones being
            # read finished: killing the workers instead races the pool's own thread.
            pool.shutdown(cancel_futures=True)
    if cache is not None:
        cache.prune(used)
    return results, kept


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
    return _read_keyed(path, show, _show_names(show_names), aliases, cache)[0]


def _show_names(names: Collection[str] | ShowNames) -> ShowNames:
    return names if isinstance(names, ShowNames) else ShowNames(tuple(names))


def _read_keyed(
    path: Path,
    show: str | None,
    show_names: ShowNames,
    aliases: Mapping[str, str],
    cache: ParseCache | None,
) -> tuple[ReadResult, str | None, bool]:
    """`read_packed`, the cache entry it used (None: none), and whether it was taken from the
    cache."""
    key = cache.key(path) if cache is not None else None
    if cache is not None and key is not None:
        kept = cache.load(key)
        if kept is not None:
            return kept, key, True
    result = _read(path, show, show_names, aliases)
    # Kept only if the files did not change while being read (serve's editor may be saving).
    if cache is not None and key is not None and cache.key(path) == key:
        cache.store(key, result)
    return result, key, False


def _read(
    path: Path, show: str | None, show_names: ShowNames, aliases: Mapping[str, str]
) -> ReadResult:
    result = read_episode_file(path)
    episode = result.episode
    if episode is None:
        return result
    published = apply_aliases(episode, aliases)
    own, siblings, others = show_names.of(published, show)
    published = summarized(published, names_key(own, siblings, others))
    return dataclasses.replace(result, episode=published.packed())


def render_episodes(
    renderer: SiteRenderer,
    out_dir: Path,
    jobs: int,
    progress: Progress | None,
    theme: str,
    recorded: keys.EpisodeKeys | None = None,
) -> Iterator[Rendered]:
    """Render and write every episode page and its transcript downloads; yields, per episode,
    (output path, whether the file changed) for each file and the keys of its downloads and
    page. A page, or downloads, whose key is the one `recorded` for the episode, with the files
    still in `out_dir`, is kept as it is. `theme`: keys.theme_digest."""
    global _renderer, _out_dir, _recorded, _theme
    order = [episode.key for episode in renderer.archive.episodes]
    recorded = recorded if recorded is not None else keys.EpisodeKeys()
    if len(order) < MIN_PARALLEL or not _can_fork(jobs):
        for done, key in enumerate(order, start=1):
            yield _render_and_write(renderer, out_dir, key, recorded, theme)[0]
            if progress is not None:
                progress("render", done, len(order))
        return
    size = _chunk_size(len(order), jobs)
    chunks = [order[i : i + size] for i in range(0, len(order), size)]
    keys.code_digest()  # worked out once here, not once in every worker
    # Set before the pool forks its workers (and the fresh ones that replace them).
    _renderer, _out_dir, _recorded, _theme = renderer, out_dir, recorded, theme
    try:
        done = 0
        rendered_chunks = _map_in_fresh_workers(
            _render_chunk, chunks, jobs, EPISODES_PER_RENDER_WORKER * KEPT_PER_RENDERED
        )
        for chunk, rendered in zip(chunks, rendered_chunks, strict=True):
            yield from rendered
            done += len(chunk)
            if progress is not None:
                progress("render", done, len(order))
    finally:
        _renderer = _out_dir = None
        _recorded, _theme = keys.EpisodeKeys(), ""


@dataclass
class _Worker:
    """One forked process (a single-worker executor) and the work it has done."""

    executor: ProcessPoolExecutor
    work: int = 0


def _map_in_fresh_workers(
    function: Callable[[list[str]], tuple[int, Result]],
    chunks: Sequence[list[str]],
    jobs: int,
    per_worker: int,
) -> Iterator[Result]:
    """`function` over `chunks` in `jobs` forked processes, results in order; `function` also
    says how much work a chunk was, and each process is replaced by a fresh fork once it has
    done `per_worker` work. (One single-process executor per core, renewed in turn:
    concurrent.futures will not renew forked workers itself, and multiprocessing's Pool, which
    would, waits forever when a worker is killed.)"""
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


def _render_chunk(chunk: list[str]) -> tuple[int, list[Rendered]]:
    """In a forked worker: render and write a chunk of episodes; the work it was (each episode
    something was made for counts KEPT_PER_RENDERED, each kept one 1), and what it did for
    each."""
    assert _renderer is not None and _out_dir is not None, "render worker started without state"
    done = [_render_and_write(_renderer, _out_dir, key, _recorded, _theme) for key in chunk]
    work = sum(KEPT_PER_RENDERED if made else 1 for _, made in done)
    return work, [rendered for rendered, _ in done]


def _render_and_write(
    renderer: SiteRenderer, out_dir: Path, key: str, recorded: keys.EpisodeKeys, theme: str
) -> tuple[Rendered, bool]:
    """What was done for the episode, and whether anything was made (not all of it kept)."""
    held = renderer.archive.by_key[key]
    episode = held  # unpacked when something is made from the turns
    page = urls.file_for(urls.episode_url(key))
    around = renderer.episode_links(held)
    page_key = renderer.page_key(held, theme, around)
    if recorded.pages.get(key) == page_key and os.path.isfile(out_dir / page):
        written = [(page, False)]
    else:
        episode = episode.unpacked()  # the page and each download read the turns
        page, data = renderer.render_episode(episode, around)
        written = [(page, stage_file(out_dir, page, data))]
    if not held.turns or not renderer.config.downloads:  # show notes alone: no transcript
        return (key, written, None, page_key), episode is not held
    made = keys.download_key(held, renderer.config)  # the packed one's repr is short
    paths = [urls.export_url(key, fmt) for fmt in renderer.config.downloads]
    if recorded.downloads.get(key) == made and all(os.path.isfile(out_dir / p) for p in paths):
        kept = [(path, False) for path in paths]
        return (key, written + kept, made, page_key), episode is not held
    exports = episode_exports(episode.unpacked(), renderer.config)
    written += [(path, stage_file(out_dir, path, data)) for path, data in exports]
    return (key, written, made, page_key), True


def episode_files(renderer: SiteRenderer, episode: Episode) -> list[tuple[str, bytes]]:
    """(output path, bytes) of an episode's page and its transcript downloads."""
    episode = episode.unpacked()  # each of them reads the turns
    return [renderer.render_episode(episode), *episode_exports(episode, renderer.config)]
