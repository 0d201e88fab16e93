"""Serve benchmark: how long an edit to one transcript takes to reach the served page.

Generates N episodes exactly as `build_bench.py` does (same generator, same work folder, reused
while N and the seed are unchanged), starts `sitegen serve <site> --port 0` as a subprocess and
waits for it to serve (the first build). Then, `--edits` times, it changes one word in the
middle of a different episode's transcript (a typo fix, see `typo_fix`) the way an editor saves
(a temporary file moved over the original) and measures the time from that save to the
episode's page in the output folder holding the new text, polling every 2 ms. Prints a Markdown
table of the median (and range) per N, with the start-up time and the serve process's peak RSS.
Every edited transcript is restored afterwards.

    .venv/bin/python benchmarks/serve_bench.py --episodes 1000 10000 --edits 5
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from build_bench import (
    DEFAULT_SEED,
    DEFAULT_WORKDIR,
    OUTPUT_DIR_NAME,
    log,
    positive,
    prepare_site,
    sitegen_command,
)


def typo_fix(text: str, token: str) -> str:
    """The transcript with one word in its middle paragraph changed into `token`-suffixed form,
    the way a podcaster fixes a misheard word: the word count, the clocks and the opening
    lines (which the home page and feed quote) stay as they were, so the edit reaches only the
    episode's own page and downloads."""
    lines = text.split("\n")
    middle = len(lines) // 2
    line = lines[middle]
    cut = line.rfind(" ")
    assert cut > 0, "the middle paragraph has no words to change"
    lines[middle] = f"{line[:cut]} {line[cut + 1 :].rstrip('.?!')}-{token}."
    return "\n".join(lines)


POLL = 0.002
STARTUP_TIMEOUT = 3600.0  # a first build of a large archive on a busy machine
EDIT_TIMEOUT = 1800.0


@dataclass(frozen=True)
class Result:
    episodes: int
    startup: float  # launch to "serving": the first build and its publish
    latencies: list[float]  # save → page on disk with the new text, one per edit
    rebuilds: list[float]  # the rebuild time the server reported for each edit
    max_rss_kib: int


class Server:
    """`sitegen serve` in a subprocess, its stdout read line by line in a thread."""

    def __init__(self, command: Sequence[str], site: Path) -> None:
        self.process = subprocess.Popen(
            # Search indexing is search_bench.py's to measure; serve leaves the index alone
            # after an edit anyway.
            [*command, "serve", str(site), "--port", "0", "--no-search"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                if self.process.poll() is not None:
                    code = self.process.returncode
                    raise RuntimeError(f"sitegen serve exited with {code}") from None
                continue
            match = re.search(pattern, line)
            if match:
                return match
            if "error" in line:
                log(f"    server: {line}")
        raise TimeoutError(f"sitegen serve said nothing matching {pattern!r} in {timeout} s")

    def stop(self) -> int:
        """Ctrl-C, as a user would, then SIGTERM if that did nothing within 10 s; the process's
        peak RSS in KiB. A program started in the background by a shell without job control
        inherits SIGINT ignored, and Python then leaves it ignored: Ctrl-C cannot stop it."""
        self.process.send_signal(signal.SIGINT)
        term_at = time.monotonic() + 10
        try:
            while True:
                pid, status, usage = os.wait4(self.process.pid, os.WNOHANG)
                if pid:
                    break
                if term_at and time.monotonic() > term_at:
                    self.process.send_signal(signal.SIGTERM)
                    term_at = 0.0
                time.sleep(0.05)
        except ChildProcessError:
            return 0
        self.process.returncode = os.waitstatus_to_exitcode(status)
        return usage.ru_maxrss


def save(path: Path, text: str) -> float:
    """Write text over path as an editor does; returns the moment the new file is in place."""
    tmp = path.with_name(f".{path.name}.bench-tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return time.perf_counter()


def wait_for_text(page: Path, token: str, timeout: float) -> float:
    needle = token.encode()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if needle in page.read_bytes():
                return time.perf_counter()
        except OSError:
            pass  # not there yet
        time.sleep(POLL)
    raise TimeoutError(f"{page} did not get {token!r} in {timeout} s")


def measure(command: Sequence[str], site: Path, episodes: int, edits: int) -> Result:
    out_dir = site / OUTPUT_DIR_NAME
    shutil.rmtree(out_dir, ignore_errors=True)
    started = time.perf_counter()
    server = Server(command, site)
    originals: dict[Path, str] = {}
    latencies: list[float] = []
    rebuilds: list[float] = []
    try:
        server.wait_for(r"^serving http://", STARTUP_TIMEOUT)
        startup = time.perf_counter() - started
        log(f"N={episodes}: serving after {startup:.2f} s")
        # Episodes spread over the archive, so no two edits hit one page.
        numbers = sorted({max(1, episodes * (i + 1) // (edits + 1)) for i in range(edits)})
        for i, number in enumerate(numbers, start=1):
            source = site / "content" / "episodes" / f"{number}.txt"
            text = originals.setdefault(source, source.read_text(encoding="utf-8"))
            token = f"serve-bench-edit-{i}-{time.time_ns()}"
            saved = save(source, typo_fix(text, token))
            page = out_dir / "episodes" / str(number) / "index.html"
            seen = wait_for_text(page, token, EDIT_TIMEOUT)
            report = server.wait_for(r"rebuilt in (\d+\.\d+) s", EDIT_TIMEOUT)
            latencies.append(seen - saved)
            rebuilds.append(float(report.group(1)))
            log(
                f"N={episodes} edit {i}/{len(numbers)} (episode {number}): page updated after "
                f"{seen - saved:.2f} s (server: rebuilt in {report.group(1)} s)"
            )
    finally:
        for source, text in originals.items():
            save(source, text)
        max_rss = server.stop()
    return Result(episodes, startup, latencies, rebuilds, max_rss)


def table(results: Sequence[Result]) -> str:
    rows = [
        "| N | first build, until serving (s) | edit → page on disk, median (s) | min to max (s) "
        "| rebuild reported, median (s) | peak RSS (MB) |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        rows.append(
            f"| {r.episodes} | {r.startup:.2f} | {statistics.median(r.latencies):.2f} | "
            f"{min(r.latencies):.2f} to {max(r.latencies):.2f} | "
            f"{statistics.median(r.rebuilds):.2f} | {r.max_rss_kib / 1024:.0f} |"
        )
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--episodes",
        type=positive,
        nargs="+",
        default=[1000],
        metavar="N",
        help="archive sizes to measure (default: 1000)",
    )
    parser.add_argument(
        "--edits", type=positive, default=5, help="transcript edits per N (default: 5)"
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=DEFAULT_WORKDIR,
        help="where generated sites live (default: benchmarks/work, shared with build_bench)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="generator seed")
    parser.add_argument(
        "--keep", action="store_true", help="keep the output folder (<workdir>/site/_site)"
    )
    args = parser.parse_args(argv)

    command = sitegen_command()
    workdir: Path = args.workdir.resolve()
    results = []
    for episodes in args.episodes:
        site = prepare_site(workdir, episodes, args.seed)
        results.append(measure(command, site, episodes, args.edits))
        if not args.keep:
            shutil.rmtree(site / OUTPUT_DIR_NAME, ignore_errors=True)

    print(
        f"sitegen serve: one transcript edit until its page is rewritten, {args.edits} edits "
        f"per N; {' '.join(command)}; {os.cpu_count()} CPUs\n"
    )
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
