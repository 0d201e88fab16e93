"""Search-index benchmark: time and peak memory of indexing N generated episodes with Pagefind.

Uses build_bench.py's generator (`prepare_site`: one-hour episodes, ~80 paragraphs each), reads
and links the archive once (not measured), then measures `search.index_files` over every episode
document (one per episode, a sub-result per paragraph), the way `sitegen build` indexes: wall
time, and the peak RSS of the Pagefind process (the indexer holds the index; `ru_maxrss` of the
reaped child) and of this Python process. With `--cli`, also runs the Pagefind CLI over the
built HTML (`sitegen build --no-search` first) for comparison.

    .venv/bin/python benchmarks/search_bench.py --episodes 1000 10000 [--cli]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from build_bench import DEFAULT_SEED, DEFAULT_WORKDIR, OUTPUT_DIR_NAME, folder_size, prepare_site

from sitegen.build import Site
from sitegen.search import archive_documents, executable, index_files


def measure_documents(site_dir: Path) -> tuple[int, int, float, int, int, int]:
    """(documents, moments, seconds, pagefind peak RSS KiB, python peak RSS KiB, bundle
    bytes)."""
    site = Site(site_dir, out_dir=site_dir / OUTPUT_DIR_NAME)
    result = site.build(write=False)  # read and link only
    archive = result.archive
    documents = list(archive_documents(archive))
    moments = sum(len(d.moments) for d in documents)
    started = time.perf_counter()
    files = index_files(documents, result.config.language)
    seconds = time.perf_counter() - started
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return len(documents), moments, seconds, child, own, sum(len(d) for d in files.values())


def measure_cli(site_dir: Path) -> tuple[float, int]:
    """Pagefind CLI over the built HTML (episode pages and everything else): seconds, RSS KiB."""
    out = site_dir / OUTPUT_DIR_NAME
    subprocess.run(
        [sys.executable, "-m", "sitegen", "build", str(site_dir), "-q", "--no-search"], check=True
    )
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(executable()), "--site", str(out), "--output-subdir", "_pagefind_cli"],
        stdout=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("the Pagefind CLI failed")
    return seconds, usage.ru_maxrss


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--cli", action="store_true", help="also time the Pagefind CLI on HTML")
    args = parser.parse_args(argv)
    print(
        "| episodes | documents | moments | index (s) | Pagefind peak RSS (MB) "
        "| Python peak RSS (MB) | bundle (MB) | CLI on HTML (s) | CLI peak RSS (MB) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in args.episodes:
        site_dir = prepare_site(args.workdir, n, args.seed)
        # A fresh process per N: ru_maxrss of children is the largest child so far.
        if len(args.episodes) > 1:
            command = [sys.executable, __file__, "--episodes", str(n), "--workdir"]
            command += [str(args.workdir), "--seed", str(args.seed)]
            rows = subprocess.run(
                [*command, *(["--cli"] if args.cli else [])],
                check=True,
                capture_output=True,
                text=True,
            ).stdout.splitlines()
            print(rows[-1], flush=True)
            continue
        documents, moments, seconds, child, own, size = measure_documents(site_dir)
        cli = measure_cli(site_dir) if args.cli else None
        cli_cells = f"{cli[0]:.1f} | {cli[1] / 1024:.0f}" if cli else "- | -"
        print(
            f"| {n:,} | {documents:,} | {moments:,} | {seconds:.1f} | {child / 1024:.0f} "
            f"| {own / 1024:.0f} | {size / 1e6:.0f} | {cli_cells} |",
            flush=True,
        )
        if cli:
            size_cli, files_cli = folder_size(site_dir / OUTPUT_DIR_NAME / "_pagefind_cli")
            print(f"CLI bundle: {size_cli / 1e6:.0f} MB in {files_cli} files", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
