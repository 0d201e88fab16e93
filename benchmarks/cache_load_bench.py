"""Parse cache benchmark: what loading a site's kept read results costs, as a build after one
edit loads every unchanged transcript's (`workers.read_all`, in the build's process, with the
garbage collector paused as the build pauses it).

Loads every entry in `<site>/.sitegen-cache/read/` (or `--cache`) through `ParseCache.load`,
`--repeat` times, and prints the median and the least of the wall and the processor time, and
the time per entry. The entries must be of this sitegen's format (CACHE_VERSION): build the
site once with it first.

    .venv/bin/python benchmarks/cache_load_bench.py path/to/site --repeat 5
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import time
from pathlib import Path

from sitegen.config import CACHE_DIR
from sitegen.parsecache import ParseCache


def entry_keys(folder: Path) -> list[str]:
    """The names of the entries in the cache's `read/` folder."""
    return sorted(
        name.removesuffix(".json")
        for shard in os.scandir(folder)
        if shard.is_dir()
        for name in os.listdir(shard.path)
        if name.endswith(".json")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--cache", type=Path, help="the cache folder (default: the site's)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    site = args.site.resolve()
    folder = (args.cache or site / CACHE_DIR) / "read"
    keys = entry_keys(folder)
    cache = ParseCache(folder, site, "")  # entries are named already: the settings go unused
    walls: list[float] = []
    cpus: list[float] = []
    gc.disable()
    for _ in range(args.repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        loaded = [cache.load(key) for key in keys]
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        missing = sum(result is None for result in loaded)
        if missing:
            raise SystemExit(f"{missing} of {len(keys)} entries did not load (another format?)")
        del loaded
        gc.collect()
    per_entry = statistics.median(cpus) / max(1, len(keys)) * 1e3
    print(
        f"{len(keys)} entries: wall median {statistics.median(walls):.3f} s, least"
        f" {min(walls):.3f} s; processor median {statistics.median(cpus):.3f} s, least"
        f" {min(cpus):.3f} s ({per_entry:.4f} ms an entry)"
    )


if __name__ == "__main__":
    main()
