"""Whole-process measurements shared by the benchmarks: wall time and peak memory of a process
tree (a build and its worker processes, or Pagefind's processes), sampled from /proc.

A tree's peak memory is the largest sum, at one moment, of the PSS (proportional set size) of
every process in it: `ru_maxrss` gives only the largest single process, which hides worker
pools, and a sum of RSS counts twice the pages forked workers share with their parent (PSS
splits a shared page between the processes that map it). Where PSS cannot be read, RSS is used.
A sample during which a process of the tree started or ended is dropped (see `peak_memory`).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.1


def rss_kib(pid: int) -> int:
    return _field(f"/proc/{pid}/status", "VmRSS:")


def pss_kib(pid: int) -> int:
    return _field(f"/proc/{pid}/smaps_rollup", "Pss:") or rss_kib(pid)


def _field(path: str, name: str) -> int:
    try:
        with open(path, encoding="ascii") as lines:
            for line in lines:
                if line.startswith(name):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _parents() -> dict[int, int]:
    """pid → parent pid, for every process."""
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            found[int(entry)] = int(fields[1])
    return found


def descendants(root: int) -> list[int]:
    parents = _parents()
    children: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


@dataclass
class Peak:
    """Peaks in KiB: of the tree below the root (`below`), and with the root (`total`)."""

    below: int = 0
    total: int = 0
    processes: int = 0  # processes below the root at the moment of `below`'s peak


@contextmanager
def peak_memory(root: int | None = None) -> Iterator[Peak]:
    """Sample `root` (default: this process) and its descendants until the block ends."""
    peak = Peak()
    done = threading.Event()
    pid = os.getpid() if root is None else root

    def sample() -> None:
        while not done.wait(SAMPLE_SECONDS):
            pids = descendants(pid)
            below = sum(pss_kib(p) for p in pids)
            total = below + pss_kib(pid)
            # A process that exits (or forks) while the others are read moves its share of
            # their common pages to them after its own share was counted: such a sample counts
            # those pages more than once (up to half of a 500 MB parent), so it is dropped.
            if set(descendants(pid)) != set(pids):
                continue
            if below > peak.below:
                peak.below, peak.processes = below, len(pids)
            peak.total = max(peak.total, total)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield peak
    finally:
        done.set()
        sampler.join()


@dataclass(frozen=True)
class Run:
    """One measured command."""

    seconds: float
    peak_kib: int  # the whole process tree's PSS, sampled (or the largest process's RSS)
    exit_code: int
    output: str  # stdout and stderr together


def run(command: Sequence[str], cwd: Path | None = None) -> Run:
    """Run `command` to its end: wall time, the peak RSS of its process tree, its output."""
    # What ran before (a build's hundreds of megabytes, a deleted output folder) is written out
    # first: the kernel would otherwise write it back, and discard the freed blocks, while this
    # command runs, and bill whichever tool comes next for the one before.
    os.sync()
    with tempfile.TemporaryFile() as captured:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(command),
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=captured,
            stderr=subprocess.STDOUT,
        )
        with peak_memory(process.pid) as peak:
            _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        captured.seek(0)
        output = captured.read().decode("utf-8", errors="replace")
    # The sampler may miss a process that lived less than a sample; its own peak is exact.
    return Run(seconds, max(peak.total, usage.ru_maxrss), process.returncode, output)
