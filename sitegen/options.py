"""What a build is asked to do: the one record of a build's options (`BuildOptions`).

`sitegen build`, `sitegen check` and `sitegen serve` each make one and hand it down as it is;
no stage takes the options one by one. Owns no behaviour: the stages read the fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:  # the options are read before any stage is imported (nochange.py)
    from sitegen.workers import Progress


@dataclass(frozen=True)
class BuildOptions:
    """One build of the site in `site_dir`."""

    site_dir: Path
    # None: the config's output_dir under site_dir.
    out_dir: Path | None = None
    # --base-url: overrides the config's base_url.
    base_url: str | None = None
    # Worker processes; None: one per core.
    jobs: int | None = None
    # False (--no-search): no search index, page or search box.
    search: bool = True
    # The parse cache's folder (the CLI's default is SITE_DIR/.sitegen-cache); None: every
    # transcript is read.
    cache_dir: Path | None = None
    # --force: write into an output folder holding files sitegen did not make (never pruned).
    force: bool = False
    # --strict: warnings fail the build (and so keep the output folder from being pruned).
    strict: bool = False
    # False (`sitegen check`): read and check only; nothing is written.
    write: bool = True
    # True (`sitegen build`): do nothing when no input changed since the last clean build.
    reuse: bool = False
    # Called while a long stage runs; not part of what is built.
    progress: Progress | None = field(default=None, compare=False, repr=False)


class BuildFlags(TypedDict, total=False):
    """`BuildOptions`' fields after the folders, as keywords of `build.build`."""

    base_url: str | None
    jobs: int | None
    search: bool
    cache_dir: Path | None
    force: bool
    strict: bool
    write: bool
    reuse: bool
    progress: Progress | None
