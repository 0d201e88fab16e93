"""Runs the per-file stages on all cores: reading transcripts and rendering episode pages.

Work goes to a pool of forked processes in chunks. Rendering workers inherit the renderer (and
so the whole archive) from the parent at fork time rather than receiving it pickled, write their
pages themselves and send back only paths. Where fork is not available, or the archive is small,
the same functions run in this process; the output is the same either way.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from sitegen.exports import episode_exports
from sitegen.model import Episode
from sitegen.output import write_file
from sitegen.readers import ReadResult, read_episode_file
from sitegen.render import SiteRenderer

# Called as progress(stage, done, total) while a long stage runs.
Progress = Callable[[str, int, int], None]

# Below this many files a pool costs more (start-up, pickling) than it saves.
MIN_PARALLEL = 64

# The renderer and output folder of the build in progress, for forked render workers.
_renderer: SiteRenderer | None = None
_out_dir: Path | None = None


def default_jobs() -> int:
    """The processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _pool(jobs: int) -> ProcessPoolExecutor | None:
    if jobs < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))


def _chunk_size(total: int, jobs: int) -> int:
    # Several chunks per worker keep both cores busy to the end; 64 bounds the memory in flight.
    return max(1, min(64, total // (jobs * 8)))


def read_all(paths: Sequence[Path], jobs: int, progress: Progress | None) -> list[ReadResult]:
    """Read every transcript, in the order given."""
    pool = _pool(jobs) if len(paths) >= MIN_PARALLEL else None
    results: list[ReadResult] = []
    if pool is None:
        iterator: Iterator[ReadResult] = map(read_episode_file, paths)
    else:
        iterator = pool.map(read_episode_file, paths, chunksize=_chunk_size(len(paths), jobs))
    try:
        for done, result in enumerate(iterator, start=1):
            results.append(result)
            if progress is not None:
                progress("read", done, len(paths))
    finally:
        if pool is not None:
            pool.shutdown()
    return results


def render_episodes(
    renderer: SiteRenderer, out_dir: Path, jobs: int, progress: Progress | None
) -> Iterator[tuple[str, bool]]:
    """Render and write every episode page and its transcript downloads; yields (output path,
    whether the file changed) for each file."""
    global _renderer, _out_dir
    keys = [episode.key for episode in renderer.archive.episodes]
    pool = _pool(jobs) if len(keys) >= MIN_PARALLEL else None
    if pool is None:
        for done, key in enumerate(keys, start=1):
            yield from _render_and_write(renderer, out_dir, key)
            if progress is not None:
                progress("render", done, len(keys))
        return
    size = _chunk_size(len(keys), jobs)
    chunks = [keys[i : i + size] for i in range(0, len(keys), size)]
    _renderer, _out_dir = renderer, out_dir  # set before the pool forks its workers
    try:
        done = 0
        for chunk, written in zip(chunks, pool.map(_render_chunk, chunks), strict=True):
            yield from written
            done += len(chunk)
            if progress is not None:
                progress("render", done, len(keys))
    finally:
        pool.shutdown()
        _renderer = _out_dir = None


def _render_chunk(keys: list[str]) -> list[tuple[str, bool]]:
    """In a forked worker: render and write a chunk of episodes."""
    assert _renderer is not None and _out_dir is not None, "render worker started without state"
    return [written for key in keys for written in _render_and_write(_renderer, _out_dir, key)]


def _render_and_write(renderer: SiteRenderer, out_dir: Path, key: str) -> list[tuple[str, bool]]:
    files = episode_files(renderer, renderer.archive.by_key[key])
    return [(path, write_file(out_dir, path, data)) for path, data in files]


def episode_files(renderer: SiteRenderer, episode: Episode) -> list[tuple[str, bytes]]:
    """(output path, bytes) of an episode's page and its transcript downloads."""
    return [renderer.render_episode(episode), *episode_exports(episode, renderer.config)]
