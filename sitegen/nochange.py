"""A build with nothing to do: whether the output of the last clean build stands as it is.

This module owns `sitegen build`'s first question: with the build's options applied to the
site's config, is the output folder what the last clean build into it left, made from the same
inputs (keys.inputs_key)? It asks with the modules below the stages only (config, the build
key, the output folder's checks and manifest), so that a build with nothing changed starts none
of the stages. cli.py takes this first look (`first_look`) before it imports them, and hands it
to the build, which takes it itself when called otherwise (serve, tests).
"""

from __future__ import annotations

import contextlib
import dataclasses
from dataclasses import dataclass
from pathlib import Path

from sitegen import keys
from sitegen.config import Config, load_config
from sitegen.errors import Diagnostic, warning
from sitegen.options import BuildOptions
from sitegen.output import check_output_dir, read_manifest


def _configured(options: BuildOptions) -> tuple[Config, Path]:
    """The site's config with the build's options applied, and the output folder."""
    config = load_config(options.site_dir, options.base_url)
    if not options.search:
        config = dataclasses.replace(config, search=False)
    target = (
        options.out_dir if options.out_dir is not None else options.site_dir / config.output_dir
    )
    return config, target


def _last_build_kept(
    site_dir: Path, config: Config, target: Path, strict: bool
) -> tuple[keys.Inputs, keys.Recorded | None]:
    """The key of this build's inputs, and what the last build into `target` recorded when it
    had no error, had the same key, and left every file it listed there: then `target` is kept
    as it is. Not with `strict` after a build that warned: that build fails, and says why."""
    recorded = keys.read_recorded(target)
    inputs = keys.inputs_key(site_dir, config, recorded)
    if recorded is None or recorded.key != inputs.key or (strict and recorded.warnings):
        return inputs, None
    if not keys.unchanged(target, recorded, read_manifest(target)):
        return inputs, None
    if inputs.to_trust:
        # Files written just before the last record could not be trusted by their stat then,
        # and were read again now: recorded anew, the next build trusts them. (Otherwise the
        # record is left as it is: a build with nothing to do writes nothing.)
        with contextlib.suppress(OSError):  # a folder that cannot take it is kept as it is
            again = dataclasses.replace(recorded, sources=inputs.sources, seen_ns=inputs.seen_ns)
            keys.record(target, again)
    return inputs, recorded


@dataclass(frozen=True)
class FirstLook:
    """What a build knows before it reads a transcript."""

    config: Config  # with the build's options applied
    target: Path  # the output folder
    inputs: keys.Inputs | None  # the build key, for a build that may keep the output (`reuse`)
    kept: keys.Recorded | None  # the last clean build's record, when the output stands as it is


def first_look(options: BuildOptions) -> FirstLook:
    """The config, the output folder (checked, for a build that writes), and whether the last
    clean build into it stands. Raises what the build would raise about either."""
    config, target = _configured(options)
    inputs = kept = None
    if options.write:
        content = options.site_dir / "content"
        check_output_dir(target, options.site_dir, content, force=options.force)
        if options.reuse:
            inputs, kept = _last_build_kept(options.site_dir, config, target, options.strict)
    return FirstLook(config, target, inputs, kept)


def kept_summary(recorded: keys.Recorded, seconds: float, out_dir: Path | None) -> str:
    """The line `sitegen build` prints when it kept the output as it was."""
    return (
        f"{_count(recorded.episodes, 'episode')}, {_count(recorded.speakers, 'speaker')}, "
        f"{_count(recorded.references, 'cross-reference')}, 0 errors, "
        f"{_count(len(recorded.warnings), 'warning')}; nothing "
        f"changed since the last build: {recorded.files} files kept in {seconds:.2f} s "
        f"→ {out_dir}"
    )


def kept_warnings(recorded: keys.Recorded, site_dir: Path) -> list[Diagnostic]:
    """The warnings of the build whose output is kept, as it reported them."""
    # The record's shape is checked when it is read (keys.read_recorded).
    return [
        warning(
            site_dir / str(where),
            line if isinstance(line, int) else 0,
            str(message),
            source if isinstance(source, str) else None,
        )
        for where, line, message, source in recorded.warnings
    ]


def recorded_warnings(diagnostics: list[Diagnostic], site_dir: Path) -> list[list[object]]:
    """The build's warnings as a record keeps them (keys.Recorded.warnings)."""
    recorded: list[list[object]] = []
    for diagnostic in diagnostics:
        path = diagnostic.path
        with contextlib.suppress(ValueError):
            path = path.relative_to(site_dir)
        where = path.as_posix() if not path.is_absolute() else str(path)
        recorded.append([where, diagnostic.line, diagnostic.message, diagnostic.source_line])
    return recorded


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
