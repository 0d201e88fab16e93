"""The command line: `sitegen build`, `check` and `serve`; prints problems; sets the exit code.

Exit codes: 0 success; 1 the build found errors (or warnings, with --strict) or could not run;
2 the command line itself was wrong (argparse); 130 or 143 stopped by Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from sitegen import __version__
from sitegen.build import BuildResult, build, mention_names
from sitegen.errors import DiagnosticError, Severity, SitegenError
from sitegen.interrupts import exit_code, terminate_as_interrupt
from sitegen.mentions import NearMiss, explain_mentions
from sitegen.model import Archive, Episode, Mention
from sitegen.options import BuildOptions
from sitegen.parsecache import CACHE_DIR
from sitegen.serve import ServeOptions, serve


class ProgressBar:
    """A one-line progress bar on a terminal, shown only once a stage has run for a moment."""

    DELAY = 0.5  # seconds before showing anything: quick builds stay quiet

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.started = time.monotonic()
        self.last_draw = 0.0
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.started < self.DELAY or (now - self.last_draw < 0.1 and done < total):
            return
        self.last_draw = now
        width = 30
        filled = width * done // max(total, 1)
        self.stream.write(f"\r{stage:>7} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * 60 + "\r")
            self.stream.flush()


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    site_dir = Path(args.site_dir)
    if not site_dir.is_dir():
        print(f"sitegen: {site_dir} is not a folder", file=sys.stderr)
        return 1
    if args.command == "serve":
        return serve(
            ServeOptions(
                BuildOptions(
                    site_dir,
                    base_url=args.base_url,
                    jobs=args.jobs,
                    search=not args.no_search,
                    cache_dir=_cache_dir(args, site_dir),
                ),
                host=args.host,
                port=args.port,
                out_dir=Path(args.output) if args.output else None,
                quiet=args.quiet,
                force=args.force,
            ),
            open_browser=args.open,
        )
    progress = ProgressBar(sys.stderr) if sys.stderr.isatty() and not args.quiet else None
    try:
        with terminate_as_interrupt():
            result = _build_or_check(args, site_dir, progress)
    except KeyboardInterrupt as interrupt:
        if progress is not None:
            progress.clear()
        print("sitegen: stopped; the output folder holds the previous build", file=sys.stderr)
        return exit_code(interrupt)
    except DiagnosticError as exc:  # e.g. a broken template: printed as the other problems
        print(exc.diagnostic.format(root=site_dir), file=sys.stderr)
        return 1
    except SitegenError as exc:
        print(f"sitegen: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # the output folder checked fine, then could not be written after all
        where = f": {exc.filename}" if exc.filename else ""
        print(
            f"sitegen: error: cannot write the site ({exc.strerror or exc}{where})", file=sys.stderr
        )
        return 1
    finally:
        if progress is not None:
            progress.clear()
    report(result, site_dir, args.command, args.strict, args.quiet)
    if args.command == "check" and args.mentions:
        for line in mention_report(result, site_dir):
            print(line)
    return 1 if result.failed(args.strict) else 0


def _build_or_check(
    args: argparse.Namespace, site_dir: Path, progress: ProgressBar | None
) -> BuildResult:
    if args.command == "build":
        return build(
            site_dir,
            out_dir=Path(args.output) if args.output else None,
            base_url=args.base_url,
            strict=args.strict,
            progress=progress,
            jobs=args.jobs,
            search=not args.no_search,
            reuse=True,
            cache_dir=_cache_dir(args, site_dir),
            force=args.force,
        )
    return build(
        site_dir,
        base_url=args.base_url,
        write=False,
        progress=progress,
        jobs=args.jobs,
        cache_dir=_cache_dir(args, site_dir),
    )


def report(result: BuildResult, site_dir: Path, command: str, strict: bool, quiet: bool) -> None:
    if result.recovered is not None:
        print(f"sitegen: {result.recovered}", file=sys.stderr)
    for diagnostic in result.diagnostics:
        print(diagnostic.format(root=site_dir), file=sys.stderr)
    errors = sum(d.severity is Severity.ERROR for d in result.diagnostics)
    warnings = len(result.diagnostics) - errors
    if command == "check":
        for path, note in result.notes:
            print(f"{_relative(path, site_dir)}: {note}")
    if quiet and not result.failed(strict):
        return
    archive = result.archive
    episodes, speakers = len(archive.episodes), len(archive.speakers)
    references = sum(len(m) for m in archive.mentions_in.values())
    if result.reused is not None:
        episodes, speakers = result.reused.episodes, result.reused.speakers
        references = result.reused.references
    summary = ", ".join(
        [
            _count(episodes, "episode"),
            _count(speakers, "speaker"),
            _count(references, "cross-reference"),
            _count(errors, "error"),
            _count(warnings, "warning"),
        ]
    )
    if result.from_cache:
        summary += (
            f"; {result.from_cache} of {_count(result.read, 'transcript')} from the parse cache"
        )
    if command == "build" and result.reused is not None:
        summary += (
            f"; nothing changed since the last build: {result.pages} files kept in "
            f"{result.seconds:.2f} s → {result.out_dir}"
        )
    elif command == "build" and result.stats is not None and result.out_dir is not None:
        stats = result.stats
        summary += (
            f"; {result.pages} files ({stats.written} written, {stats.unchanged} unchanged, "
            f"{stats.pruned} removed) in {result.seconds:.2f} s → {result.out_dir}"
        )
    print(summary)
    if result.accounting is not None:
        print(f"content: {result.accounting.summary()}")


def mention_report(result: BuildResult, site_dir: Path) -> list[str]:
    """`check --mentions`: per episode, in reading order, every mention the linker found
    (`path:line: "words" → target (rule)`) and every near miss it rejected, with why."""
    archive = result.archive
    shows = {e.meta.show for e in archive.episodes if e.meta.show is not None}
    lines: list[str] = []
    for episode in sorted(archive.episodes, key=lambda e: (str(e.source), e.key)):
        names, siblings, others = mention_names(result.config, episode, shows)
        segments = episode.segments()
        where = _relative(episode.source, site_dir)
        entries: list[tuple[int, int, str]] = []
        for mention in archive.mentions_out.get(episode.key, ()):
            entries.append(
                (mention.segment_index, mention.start, _found_line(archive, episode, mention))
            )
        for index, item in explain_mentions(
            episode, show_names=names, siblings=siblings, other_shows=others
        ):
            if isinstance(item, NearMiss):
                text = segments[index][1].text[item.start : item.end]
                entries.append((index, item.start, f'not a mention: "{text}" — {item.reason}'))
        for index, _start, entry in sorted(entries, key=lambda e: (e[0], e[1])):
            line = segments[index][1].line if segments else 0
            lines.append(f"{where}:{line}: {entry}")
    found = sum(len(m) for m in archive.mentions_out.values())
    lines.append(f"{_count(found, 'mention')} found; near misses listed with why")
    return lines


def _found_line(archive: Archive, episode: Episode, mention: Mention) -> str:
    show = f"{mention.target_show} " if mention.target_show else ""
    target = archive.target_of(mention)
    linked = f"{target.key}" if target is not None else "not in the archive"
    words = f'"{mention.words}"' if mention.words else "(no words)"
    return f"{words} → {show}episode {mention.target} [{linked}] ({mention.rule})"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _relative(path: Path, root: Path) -> Path:
    try:
        return path.relative_to(root)
    except ValueError:
        return path


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _port(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be a port number (0-65535), not {value}")
    return value


def _cache_dir(args: argparse.Namespace, site_dir: Path) -> Path | None:
    if args.no_cache:
        return None
    return Path(args.cache_dir) if args.cache_dir else site_dir / CACHE_DIR


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sitegen", description="Build a static website from a folder of podcast transcripts."
    )
    parser.add_argument("--version", action="version", version=f"sitegen {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    build_cmd = commands.add_parser("build", help="build the site into the output folder")
    check_cmd = commands.add_parser(
        "check", help="read everything and report problems; write nothing"
    )
    check_cmd.add_argument(
        "--mentions",
        action="store_true",
        help="list every episode mention found (file:line, words, target, rule) and every"
        " near miss rejected, with why",
    )
    serve_cmd = commands.add_parser(
        "serve", help="build, serve on localhost, rebuild on change and reload the browser"
    )
    for sub in (build_cmd, check_cmd, serve_cmd):
        sub.add_argument(
            "site_dir",
            nargs="?",
            default=".",
            metavar="SITE_DIR",
            help="the site folder (default: the current folder)",
        )
        sub.add_argument(
            "--base-url", help="where the site will be published (overrides sitegen.toml)"
        )
        if sub is not serve_cmd:  # serve keeps going whatever the build finds
            sub.add_argument("--strict", action="store_true", help="treat warnings as errors")
        sub.add_argument("-q", "--quiet", action="store_true", help="print only problems")
        sub.add_argument(
            "-j",
            "--jobs",
            type=_positive,
            metavar="N",
            help="processes for reading and rendering (default: one per processor)",
        )
        sub.add_argument(
            "--cache-dir",
            metavar="DIR",
            help=f"keep transcripts as read here, to read only changed ones next time "
            f"(default: SITE_DIR/{CACHE_DIR})",
        )
        sub.add_argument(
            "--no-cache", action="store_true", help="read every transcript; keep nothing"
        )
    for sub in (build_cmd, serve_cmd):
        sub.add_argument("-o", "--output", metavar="OUT", help="output folder (default: _site)")
        sub.add_argument(
            "--force",
            action="store_true",
            help="write into an output folder that holds files sitegen did not make "
            "(overwriting those the site has; the others stay, never pruned)",
        )
        sub.add_argument(
            "--no-search",
            action="store_true",
            help="no search index, /search/ page or search box (skips Pagefind indexing)",
        )
    serve_cmd.add_argument(
        "--port", type=_port, default=8000, help="port to listen on (default: 8000)"
    )
    serve_cmd.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this computer only)",
    )
    serve_cmd.add_argument(
        "--open", action="store_true", help="open the site in the web browser once built"
    )
    return parser
