"""What the commands do once cli.py has read the command line and found work to do: build or
check the site and report what came of it, or serve it.

Imported by cli.py only then: a build with nothing to do is answered by cli.py and
nochange.py alone, without starting the stages this module imports.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sitegen.build import BuildResult, Site, mention_names
from sitegen.errors import Severity
from sitegen.mentions import NearMiss, explain_mentions
from sitegen.model import Archive, Episode, Mention
from sitegen.nochange import FirstLook, kept_summary
from sitegen.options import BuildOptions


def serve_site(args: argparse.Namespace, options: BuildOptions) -> int:
    """`sitegen serve`: build, serve and rebuild on change until stopped."""
    # Here, not at the top: a build has no use for the server and the file watcher.
    from sitegen.serve import ServeOptions, serve

    return serve(
        ServeOptions(
            options,
            host=args.host,
            port=args.port,
            out_dir=Path(args.output) if args.output else None,
            quiet=args.quiet,
            force=args.force,
        ),
        open_browser=args.open,
    )


def build_or_check(options: BuildOptions, look: FirstLook | None) -> BuildResult:
    """`sitegen build` or `sitegen check`, as `options` say; `look`: the first look cli.py
    took for them (None when it failed, and the build meets that again)."""
    return Site(options).build(look)


def finish(result: BuildResult, args: argparse.Namespace, site_dir: Path) -> int:
    """Print what the build or check found; the exit code."""
    report(result, site_dir, args.command, args.strict, args.quiet)
    if args.command == "check" and args.mentions:
        for line in mention_report(result, site_dir):
            print(line)
    return 1 if result.failed(args.strict) else 0


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
    if result.reused is not None:  # nothing changed: the counts the last build recorded
        print(kept_summary(result.reused, result.seconds, result.out_dir))
        return
    archive = result.archive
    episodes, speakers = len(archive.episodes), len(archive.speakers)
    references = sum(len(m) for m in archive.mentions_in.values())
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
    if command == "build" and result.stats is not None and result.out_dir is not None:
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
