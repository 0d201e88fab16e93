"""Build benchmark: how long `sitegen build` takes on large synthetic archives, and how much memory.

Generates N one-hour episodes (~50 KB of plain text each, in the seed's format) into
`<workdir>/site/content/episodes/`, then times `sitegen build <site> -q` as a subprocess: a full
build into an empty output folder, then a no-op rebuild with nothing changed, each `--repeat`
times. Prints a Markdown table of medians, the peak RSS of the sitegen process, milliseconds per
episode and the size of the output.

Generation is deterministic (seeded) and not measured: the transcripts are kept in the work folder
and reused while N and the seed are unchanged (a marker file records both). Every episode depends
only on the seed and its own number, so growing N only writes the new files.

    .venv/bin/python benchmarks/build_bench.py --episodes 1000 10000 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sitegen.config import CACHE_DIR

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
DEFAULT_WORKDIR = BENCH_DIR / "work"
DEFAULT_SEED = 920
# Bump when the generated text changes, so stale data in a work folder is regenerated.
GENERATOR_VERSION = 1
MARKER_NAME = ".bench-data.json"  # in the site folder, outside content/ (sitegen skips dot files)
OUTPUT_DIR_NAME = "_site"  # sitegen's default output folder; sitegen.toml here does not change it

SPEAKER_POOL_SIZE = 200
HOST_COUNT = 2  # the first speakers of the pool are the show's hosts; each episode has one
SENTENCE_POOL_SIZE = 6000
EPISODE_CHARS = (45_000, 51_000)  # text per episode, ~8,000 words
EPISODE_SECONDS = (3_480, 3_720)  # about an hour: some episodes run past 1:00:00
UNRESOLVED_BASE = 90_000  # mentions of 90000-99999 stay unresolved while N < 90000


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# A fixed vocabulary of everyday and technical English; no digits and no "episode", so the only
# episode mentions in the text are the ones put there on purpose.
VOCABULARY = _words(
    """
    a about actually after again against algorithm all almost already also always amazing an
    analysis and another answer any anyone anything approach are area around as ask at audience
    back bad based basically be because been before being believe benchmark best better between
    big bit book both break bring build building business but by call came can career case cause
    change choose clear close code come common community company compute computer context could
    course create curious customer data day deal decide deep deploy design detail did different
    difficult do does doing done down during each early easy else end engineer engineering enough
    even ever every example expect experience experiment explain fact fair far fast feel few field
    figure find first focus follow for found framework free from front full fun future game gave
    general get give go going good great group grow had hard has have he hear help her here high
    him his history hope how huge I idea if important in industry information inside instead
    interesting into is issue it its job just keep kind know knowledge language large last later
    learn learning less let life like little live long look lot machine made make many market
    matter maybe me mean memory method might mind model moment more most move much my need network
    never new next nice no not nothing now number of off often old on once one only open or order
    other our out over own paper part people performance perhaps person piece place plan point
    possible power practice pretty probably problem process product production project pull put
    question quick quite rather read ready real really reason research result right risk run said
    same say scale science second see seem sense series set share she short should show side
    simple since small so software some someone something sometimes soon sort space speak special
    start step still story strong student such sure system take talk team tell test than thank
    that the their them then theory there these they thing think this those though thought through
    time to today together too tool train true try turn under understand until up us use useful
    user value very view want was way we well went were what when where which while who whole why
    will with without word work world would write wrong yeah year yes yet you your
    it's that's I'm I'd don't can't we're you're there's didn't
    """.replace("'", "\u2019")  # the seed's typographic apostrophe
)
FIRST_NAMES = _words(
    "Aaron Ada Adele Ahmed Aisha Alan Alice Amara Ana Andrei Anika Ben Bianca Carlos Chen Chloe "
    "Daniel Dara Diego Elena Emeka Emma Fatima Felix Grace Hana Hugo Ines Ivan Jamal Jon Julien "
    "Kai Kenji Lara Leila Liam Lucia Marco Maria Maya Mei Nadia Noah Olga Omar Priya Rafael Ravi "
    "Rosa Sam Sara Sofia Tariq Tom Uma Vera Wei Yusuf Zoë José Søren Zoltán"
)
LAST_NAMES = _words(
    "Abbott Adeyemi Alvarez Andersen Baker Banerjee Becker Brooks Castro Chen Costa Dubois Evans "
    "Fischer Garcia Gonzalez Hansen Hayes Ivanova Jensen Kamau Khan Kim Kowalski Krohn Launay Lee "
    "Lopez Martin Meyer Moreau Murphy Nakamura Nguyen Novak Okafor Olsen Park Patel Petrov Quinn "
    "Rossi Santos Schmidt Silva Singh Sato Tanaka Torres Walsh Weber Wong Yilmaz Zhang Núñez "
    "Müller"
)
MENTION_TEMPLATES = (
    "We covered that in episode number {n}.",
    "As I said back in episode #{n}, it still holds today.",
    "If you missed it, episode {n} goes much deeper on this.",
    "Our guest in episode number {n} made the same point.",
    "Back in episode {n} we had a long argument about exactly that.",
    "You can hear the whole story in episode {n}.",
)


@dataclass(frozen=True)
class Corpus:
    """What every episode draws from: speaker names and ready-made sentences, built per seed."""

    hosts: tuple[str, ...]
    guests: tuple[str, ...]
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class Run:
    """One measured `sitegen build`."""

    seconds: float
    max_rss_kib: int  # the sitegen process's own peak (Linux ru_maxrss is in KiB)
    exit_code: int
    output: str  # stdout and stderr together: with -q, only problems


@dataclass(frozen=True)
class Result:
    """All measured builds for one N."""

    episodes: int
    full: list[Run]
    noop: list[Run]
    output_bytes: int
    output_files: int

    @property
    def runs(self) -> list[Run]:
        return self.full + self.noop


# --- generation ---------------------------------------------------------------------------------


def make_corpus(seed: int) -> Corpus:
    """Speaker names and a pool of sentences; deterministic for a seed."""
    rng = random.Random(seed)
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < SPEAKER_POOL_SIZE:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        if name not in seen:
            seen.add(name)
            names.append(name)
    sentences = []
    for _ in range(SENTENCE_POOL_SIZE):
        words = rng.choices(VOCABULARY, k=rng.randint(5, 22))
        if len(words) > 9 and rng.random() < 0.4:
            comma = rng.randint(3, len(words) - 3)
            words[comma] += ","
        first = words[0]
        words[0] = first[:1].upper() + first[1:]
        end = "?" if rng.random() < 0.1 else "."
        sentences.append(" ".join(words) + end)
    return Corpus(tuple(names[:HOST_COUNT]), tuple(names[HOST_COUNT:]), tuple(sentences))


def format_clock(seconds: int) -> str:
    """`MM:SS` under an hour, `H:MM:SS` from an hour on, as in the seed transcript."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"


def mention_target(rng: random.Random, number: int) -> int:
    """Mostly an earlier episode (often a recent one), sometimes a later or a missing one."""
    roll = rng.random()
    if number > 1 and roll < 0.75:
        if rng.random() < 0.5:
            return rng.randint(max(1, number - 30), number - 1)
        return rng.randint(1, number - 1)
    if roll < 0.9:
        return number + rng.randint(1, 30)  # unresolved for the last episodes of the archive
    return UNRESOLVED_BASE + rng.randrange(10_000)


def episode_text(number: int, corpus: Corpus, seed: int) -> str:
    """One episode's transcript; depends only on the seed and the episode number."""
    rng = random.Random(f"sitegen-bench:{seed}:{number}")
    host = rng.choice(corpus.hosts)
    guests = rng.sample(corpus.guests, rng.randint(1, 3))
    target_chars = rng.randint(*EPISODE_CHARS)
    duration = rng.randint(*EPISODE_SECONDS)
    sentences = corpus.sentences

    intro = (
        f"This is episode number {number}. Welcome back to the show. I am your host, {host}, "
        f"and today I am joined by {' and '.join(guests)}. "
        + " ".join(rng.choices(sentences, k=rng.randint(2, 5)))
    )
    speakers: list[str | None] = [host]  # None: a continuation paragraph, same speaker
    texts: list[str] = [intro]
    chars = len(intro)
    current = host
    while chars < target_chars:
        if rng.random() < 0.55:
            if current == host:
                current = rng.choice(guests)
            elif len(guests) == 1 or rng.random() < 0.7:
                current = host
            else:
                current = rng.choice([g for g in guests if g != current])
            speakers.append(current)
        else:
            speakers.append(None)
        text = " ".join(rng.choices(sentences, k=rng.randint(2, 14)))
        texts.append(text)
        chars += len(text) + 8
    outro = "That is all for today. Thank you for listening, and see you next time."
    speakers.append(host if current != host else None)
    texts.append(outro)

    for _ in range(rng.randint(0, 5)):
        index = rng.randrange(1, len(texts) - 1)
        mention = rng.choice(MENTION_TEMPLATES).format(n=mention_target(rng, number))
        texts[index] = (
            f"{texts[index]} {mention}" if rng.random() < 0.5 else f"{mention} {texts[index]}"
        )

    # Clocks follow the amount of text spoken so far, strictly increasing.
    total = sum(len(t) for t in texts)
    lines = []
    done = 0
    previous = -1
    for speaker, text in zip(speakers, texts, strict=True):
        start = max(duration * done // total, previous + 1)
        previous = start
        done += len(text)
        clock = format_clock(start)
        lines.append(f"{speaker}: {clock} {text}" if speaker else f"{clock} {text}")
    lines.append("")
    return "\n".join(lines)


def site_config(corpus: Corpus) -> str:
    hosts = ", ".join(json.dumps(h, ensure_ascii=False) for h in corpus.hosts)
    return f'title = "Synthetic benchmark archive"\nhosts = [{hosts}]\n'


def prepare_site(workdir: Path, episodes: int, seed: int) -> Path:
    """The site folder with `episodes` generated transcripts, reusing what is already there."""
    site = workdir / "site"
    episodes_dir = site / "content" / "episodes"
    marker = site / MARKER_NAME
    wanted = {"generator": GENERATOR_VERSION, "seed": seed, "episodes": episodes}
    try:
        previous = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = None
    have = len(list(episodes_dir.glob("*.txt"))) if episodes_dir.is_dir() else 0
    if previous == wanted and have == episodes:
        log(f"reusing {episodes} generated episodes in {episodes_dir}")
        return site

    marker.unlink(missing_ok=True)  # until generation completes
    same_text = isinstance(previous, dict) and all(
        previous.get(k) == wanted[k] for k in ("generator", "seed")
    )
    existing = previous["episodes"] if same_text and previous is not None else 0
    if not same_text or have != existing:
        shutil.rmtree(episodes_dir, ignore_errors=True)
        existing = 0
    for number in range(episodes + 1, existing + 1):
        (episodes_dir / f"{number}.txt").unlink()
    episodes_dir.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    corpus = make_corpus(seed)
    (site / "sitegen.toml").write_text(site_config(corpus), encoding="utf-8")
    written = 0
    for number in range(existing + 1, episodes + 1):
        path = episodes_dir / f"{number}.txt"
        with path.open("w", encoding="utf-8", newline="\n") as out:
            out.write(episode_text(number, corpus, seed))
        written += 1
    marker.write_text(json.dumps(wanted) + "\n", encoding="utf-8")
    log(f"generated {written} episodes in {time.perf_counter() - started:.1f} s → {episodes_dir}")
    return site


# --- measuring ----------------------------------------------------------------------------------


def sitegen_command() -> list[str]:
    """The installed console script next to this Python, else the repo's venv, else -m."""
    for candidate in (
        Path(sys.executable).parent / "sitegen",
        REPO_DIR / ".venv" / "bin" / "sitegen",
    ):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return [str(candidate)]
    return [sys.executable, "-m", "sitegen"]


def run_build(command: Sequence[str], site: Path) -> Run:
    """One `sitegen build <site> -q`; wall time and the child's own peak RSS via wait4."""
    with tempfile.TemporaryFile() as captured:
        started = time.perf_counter()
        process = subprocess.Popen(
            [*command, "build", str(site), "-q"],
            stdin=subprocess.DEVNULL,
            stdout=captured,
            stderr=subprocess.STDOUT,
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        captured.seek(0)
        output = captured.read().decode("utf-8", errors="replace")
    return Run(seconds, usage.ru_maxrss, process.returncode, output)


def folder_size(folder: Path) -> tuple[int, int]:
    """Total bytes and number of files under folder."""
    size = files = 0
    for root, _, names in os.walk(folder):
        for name in names:
            size += os.path.getsize(os.path.join(root, name))
            files += 1
    return size, files


def measure(command: Sequence[str], site: Path, episodes: int, repeat: int) -> Result:
    out_dir = site / OUTPUT_DIR_NAME
    full: list[Run] = []
    noop: list[Run] = []
    for i in range(1, repeat + 1):
        shutil.rmtree(out_dir, ignore_errors=True)
        shutil.rmtree(site / CACHE_DIR, ignore_errors=True)  # a full build reads every file
        for kind, runs in (("full build", full), ("no-op rebuild", noop)):
            run = run_build(command, site)
            runs.append(run)
            status = "" if run.exit_code == 0 else f", exit {run.exit_code}"
            log(
                f"N={episodes} {kind} {i}/{repeat}: {run.seconds:.2f} s, "
                f"{run.max_rss_kib / 1024:.0f} MB{status}"
            )
        if run.exit_code != 0 and not out_dir.is_dir():
            log(f"N={episodes}: sitegen wrote nothing; not repeating")
            break
    size, files = folder_size(out_dir) if out_dir.is_dir() else (0, 0)
    return Result(episodes, full, noop, size, files)


def report_problems(result: Result, limit: int = 15) -> None:
    """sitegen's own messages on the generated input (with -q it prints only problems)."""
    for kind, run in (("full build", result.full[0]), ("no-op rebuild", result.noop[0])):
        lines = run.output.splitlines()
        if (run.exit_code == 0 and not lines) or (
            run is result.noop[0] and run.output == result.full[0].output
        ):
            continue  # nothing said, or the same as the full build said
        log(f"N={result.episodes} {kind}: exit {run.exit_code}, {len(lines)} lines of output:")
        for line in lines[:limit]:
            log(f"    {line}")
        if len(lines) > limit:
            log(f"    … {len(lines) - limit} more")


def table(results: Sequence[Result]) -> str:
    rows = [
        "| N | full build (s) | no-op rebuild (s) | peak RSS (MB) | ms/episode | output |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        full = statistics.median(run.seconds for run in r.full)
        noop = statistics.median(run.seconds for run in r.noop)
        rss = max(run.max_rss_kib for run in r.runs) / 1024
        failed = any(run.exit_code != 0 for run in r.runs)
        note = " (sitegen failed)" if failed else ""
        rows.append(
            f"| {r.episodes}{note} | {full:.2f} | {noop:.2f} | {rss:.0f} | "
            f"{1000 * full / r.episodes:.2f} | "
            f"{r.output_bytes / 1e6:.1f} MB, {r.output_files} files |"
        )
    return "\n".join(rows)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


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
        "--repeat", type=positive, default=3, help="builds of each kind per N (default: 3)"
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=DEFAULT_WORKDIR,
        help="where generated sites live (default: benchmarks/work, gitignored)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="generator seed")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the last build's output folder (<workdir>/site/_site) for inspection",
    )
    args = parser.parse_args(argv)

    command = sitegen_command()
    workdir: Path = args.workdir.resolve()
    results = []
    for episodes in args.episodes:
        site = prepare_site(workdir, episodes, args.seed)
        result = measure(command, site, episodes, args.repeat)
        report_problems(result)
        results.append(result)
        if not args.keep:
            shutil.rmtree(site / OUTPUT_DIR_NAME, ignore_errors=True)

    print(f"sitegen build, median of {args.repeat}; {' '.join(command)}; {os.cpu_count()} CPUs\n")
    print(table(results))
    return 1 if any(run.exit_code != 0 for r in results for run in r.runs) else 0


if __name__ == "__main__":
    sys.exit(main())
