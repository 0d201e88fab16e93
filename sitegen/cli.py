"""The command line: `sitegen new`, `build`, `check` and `serve`; prints problems; sets the exit
code.

Exit codes: 0 success; 1 the build found errors (or warnings, with --strict) or could not run;
2 the command line itself was wrong (argparse); 130 or 143 stopped by Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from sitegen import __version__, nochange
from sitegen.config import CACHE_DIR
from sitegen.errors import DiagnosticError, SitegenError
from sitegen.interrupts import exit_code, terminate_as_interrupt
from sitegen.nochange import FirstLook
from sitegen.options import BuildOptions

if TYPE_CHECKING:
    from sitegen.build import BuildResult


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
    if args.command == "new":
        return _new_site(Path(args.directory))
    site_dir = Path(args.site_dir)
    if not site_dir.is_dir():
        print(f"sitegen: {site_dir} is not a folder", file=sys.stderr)
        return 1
    if args.command == "serve":
        from sitegen import commands  # the stages: imported only when there is work to do

        return commands.serve_site(args, _options(args, site_dir, None))
    started = time.perf_counter()
    progress = ProgressBar(sys.stderr) if sys.stderr.isatty() and not args.quiet else None
    options = _options(args, site_dir, progress)
    look: FirstLook | None = None
    result: BuildResult | None = None
    try:
        with terminate_as_interrupt():
            look = _first_look(options)
            if look is None or look.kept is None:
                from sitegen import commands  # the stages: imported only when there is work

                result = commands.build_or_check(options, look)
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
    if result is None:
        assert look is not None and look.kept is not None
        for diagnostic in nochange.kept_warnings(look.kept, site_dir):
            print(diagnostic.format(root=site_dir), file=sys.stderr)
        if not args.quiet:
            seconds = time.perf_counter() - started
            print(nochange.kept_summary(look.kept, seconds, look.target))
        return 0
    return commands.finish(result, args, site_dir)


def _new_site(directory: Path) -> int:
    """`sitegen new`: write the starter site, say what came of it."""
    from sitegen import starter  # its templates are of no use to any other command

    source = starter.install_source()
    try:
        written = starter.create_site(directory, source)
    except SitegenError as exc:
        print(f"sitegen: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        where = f": {exc.filename}" if exc.filename else ""
        print(
            f"sitegen: error: cannot write the site ({exc.strerror or exc}{where})", file=sys.stderr
        )
        return 1
    print(f"created a sitegen site in {directory}:")
    for name in written:
        print(f"  {name}")
    shown = "" if directory == Path(".") else f"cd {shlex.quote(str(directory))} && "
    print(f"next: {shown}sitegen serve   (then edit sitegen.toml and add transcripts to content/)")
    if source is None:  # installed from a folder or file of this machine: CI cannot reach it
        print(
            f"before publishing: in {starter.WORKFLOW_FILE}, replace "
            f'"{starter.SOURCE_PLACEHOLDER}" with where your builds get sitegen '
            '(a pip requirement such as "sitegen @ git+https://…/sitegen@v0.1.0")'
        )
    return 0


def _options(
    args: argparse.Namespace, site_dir: Path, progress: ProgressBar | None
) -> BuildOptions:
    """The build the command asks for (serve's first build, and each one after it, too)."""
    cache_dir = _cache_dir(args, site_dir)
    if args.command == "check":
        return BuildOptions(
            site_dir,
            base_url=args.base_url,
            jobs=args.jobs,
            cache_dir=cache_dir,
            write=False,
            progress=progress,
        )
    out_dir = Path(args.output) if args.output and args.command == "build" else None
    return BuildOptions(
        site_dir,
        out_dir,
        base_url=args.base_url,
        jobs=args.jobs,
        search=not args.no_search,
        cache_dir=cache_dir,
        force=args.force and args.command == "build",
        strict=args.command == "build" and args.strict,
        reuse=args.command == "build",
        progress=progress,
    )


def _first_look(options: BuildOptions) -> FirstLook | None:
    """The build's first look (nochange.py), which tells whether it has anything to do; None
    when it fails: the build meets that again, and reports it."""
    try:
        return nochange.first_look(options)
    except (SitegenError, DiagnosticError, OSError):
        return None


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
    new_cmd = commands.add_parser(
        "new", help="create a starter site: settings, a sample transcript, a deploy workflow"
    )
    new_cmd.add_argument(
        "directory",
        nargs="?",
        default=".",
        metavar="DIR",
        help="where to create it; made if missing, refused if not empty (default: the current"
        " folder)",
    )
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
            "--no-cache",
            action="store_true",
            help="read every transcript and compile every template; keep nothing",
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
