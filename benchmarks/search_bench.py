"""Search-index benchmark: time and peak memory of indexing N generated episodes with Pagefind.

Uses build_bench.py's generator (`prepare_site`: one-hour episodes, ~80 paragraphs each), reads
and links the archive once (not measured), then measures `search.write_index` into an empty
folder the way `sitegen build` indexes (parts of `PART_EPISODES` episodes, `--jobs` Pagefind
processes at a time): wall time, and peak memory, sampled every 100 ms as the sum of the PSS of
every Pagefind process running at that moment (they run side by side) plus this Python process
(measure.py).
Then the same call again with nothing changed (no part indexed), and with one part's record
cleared, as after an edit (that part indexed again). With `--cli`, also runs the Pagefind CLI
over the built HTML (`sitegen build --no-search` first) for comparison.

    .venv/bin/python benchmarks/search_bench.py --episodes 1000 10000 [--cli]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from build_bench import DEFAULT_SEED, DEFAULT_WORKDIR, OUTPUT_DIR_NAME, folder_size, prepare_site
from measure import peak_memory

from sitegen.build import Site
from sitegen.options import BuildOptions
from sitegen.output import OutputWriter
from sitegen.pagefind import executable
from sitegen.search import PARTS_FILE, write_index


def measure_index(site_dir: Path, jobs: int) -> dict[str, float]:
    options = BuildOptions(site_dir, site_dir / OUTPUT_DIR_NAME, write=False)
    result = Site(options).build()  # read and link only
    archive, language = result.archive, result.config.language
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        out = Path(tmp)

        def index() -> tuple[float, int]:
            writer = OutputWriter(out)
            started = time.perf_counter()
            report = write_index(archive, language, writer, jobs)
            writer.finish(prune=True)
            return time.perf_counter() - started, report.indexed

        with peak_memory() as peak:
            figures["seconds"], figures["parts"] = index()
        figures["pagefind_mb"] = peak.below / 1024
        print(f"Pagefind's peak: {peak.processes} processes at once", file=sys.stderr)
        figures["total_mb"] = peak.total / 1024
        figures["bundle_mb"] = folder_size(out / "pagefind")[0] / 1e6
        figures["noop_seconds"], _ = index()
        manifest = json.loads((out / PARTS_FILE).read_text())
        manifest["parts"][len(manifest["parts"]) // 2]["digest"] = "edited"
        (out / PARTS_FILE).write_text(json.dumps(manifest))
        figures["edit_seconds"], edited = index()
        assert edited == 1, edited
    return figures


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
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--cli", action="store_true", help="also time the Pagefind CLI on HTML")
    args = parser.parse_args(argv)
    print(
        "| episodes | parts | index (s) | ms/episode | peak memory, Pagefind (MB) "
        "| peak memory, all (MB) | bundle (MB) | no change (s) | one part again (s) "
        "| CLI on HTML (s) | CLI peak RSS (MB) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in args.episodes:
        site_dir = prepare_site(args.workdir, n, args.seed)
        f = measure_index(site_dir, args.jobs)
        cli = measure_cli(site_dir) if args.cli else None
        cli_cells = f"{cli[0]:.1f} | {cli[1] / 1024:.0f}" if cli else "- | -"
        print(
            f"| {n:,} | {f['parts']:.0f} | {f['seconds']:.1f} | {f['seconds'] / n * 1000:.1f} "
            f"| {f['pagefind_mb']:.0f} | {f['total_mb']:.0f} | {f['bundle_mb']:.0f} "
            f"| {f['noop_seconds']:.2f} | {f['edit_seconds']:.1f} | {cli_cells} |",
            flush=True,
        )
        if cli:
            size_cli, files_cli = folder_size(site_dir / OUTPUT_DIR_NAME / "_pagefind_cli")
            print(f"CLI bundle: {size_cli / 1e6:.0f} MB in {files_cli} files", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
