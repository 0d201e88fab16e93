"""Linker benchmark: what finding the mentions of one one-hour episode costs.

Reads one-hour transcripts into `Episode`s (not measured), then times `find_mentions` on each,
with the episode's cached mentions dropped before every call so each call searches the whole
text, as `link` does for an episode it has not seen. Each episode's show names are what its
site would configure. Two sets of episodes:

* `generated`: `build_bench.py`'s synthetic one-hour episodes (~50 KB of text each; the show's
  title, two other shows of a network and one show outside it), and
* `corpus`: the real one-hour transcripts of ../shared/corpus, when that folder is there: Talk
  Python (.txt; "Python Bytes" as another show) and Ship It (.md; a network with the
  Changelog and Go Time).

Prints, per set, the median and the least over `--repeat` rounds of the mean cost per episode,
in milliseconds, and its characters per episode.

    .venv/bin/python benchmarks/mentions_bench.py --episodes 200 --repeat 7
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from build_bench import DEFAULT_SEED, episode_text, make_corpus, positive

from sitegen.mentions import find_mentions
from sitegen.model import Episode
from sitegen.readers import read_episode_file, read_episode_text

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
# (show names, other shows of the site by id, shows outside the site) per set of episodes.
Names = tuple[tuple[str, ...], dict[str, tuple[str, ...]], tuple[str, ...]]
NETWORK: dict[str, tuple[str, ...]] = {"changelog": ("The Changelog",), "go-time": ("Go Time",)}
GENERATED: Names = (("Synthetic benchmark archive",), NETWORK, ("Python Bytes",))
TALK_PYTHON: Names = (("Talk Python To Me", "Talk Python"), {}, ("Python Bytes",))
SHIP_IT: Names = (("Ship It",), NETWORK, ())


def generated(count: int, seed: int) -> list[tuple[Episode, Names]]:
    corpus = make_corpus(seed)
    episodes = []
    for number in range(1, count + 1):
        result = read_episode_text(episode_text(number, corpus, seed), Path(f"{number}.txt"))
        if result.episode is not None:
            episodes.append((result.episode, GENERATED))
    return episodes


def real(count: int) -> list[tuple[Episode, Names]]:
    paths = [(p, TALK_PYTHON) for p in sorted((CORPUS / "talkpython").glob("*.txt"))]
    paths += [(p, SHIP_IT) for p in sorted((CORPUS / "changelog-shipit").glob("*.md"))]
    episodes = []
    for path, names in paths[:count]:
        result = read_episode_file(path)
        if result.episode is not None and result.episode.turns:
            episodes.append((result.episode, names))
    return episodes


def per_episode_ms(episodes: Sequence[tuple[Episode, Names]], repeat: int) -> tuple[float, float]:
    """Median and least, over `repeat` rounds, of the mean milliseconds `find_mentions` takes
    per episode. The least is the cost with the least interference from other processes."""
    rounds = []
    for _ in range(repeat):
        total = 0.0
        for episode, (names, siblings, others) in episodes:
            started = time.perf_counter()
            find_mentions(episode, show_names=names, siblings=siblings, other_shows=others)
            total += time.perf_counter() - started
        rounds.append(total / len(episodes) * 1000)
    return statistics.median(rounds), min(rounds)


def characters(episodes: Sequence[tuple[Episode, Names]]) -> int:
    return sum(len(s.text) for e, _ in episodes for _, s in e.segments()) // len(episodes)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=positive, default=200, help="episodes per set")
    parser.add_argument("--repeat", type=positive, default=7, help="rounds (median is shown)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="generator seed")
    args = parser.parse_args(argv)
    sets = {"generated": generated(args.episodes, args.seed)}
    if CORPUS.is_dir():
        sets["corpus"] = real(args.episodes)
    else:
        print(f"{CORPUS} is not there: only generated episodes", file=sys.stderr)
    print("| episodes | count | characters per episode | ms per episode (median) | (least) |")
    print("|---|---|---|---|---|")
    for name, episodes in sets.items():
        median, least = per_episode_ms(episodes, args.repeat)
        print(
            f"| {name} | {len(episodes)} | {characters(episodes):,} | {median:.3f} | {least:.3f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
