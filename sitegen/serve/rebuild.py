"""Rebuilding for the preview: the `Rebuilder` interface and the incremental rebuilder.

A rebuilder turns a batch of source changes into files in a staging folder and says which files
changed. It never raises for a problem in the site (a bad transcript, template or sitegen.toml):
those come back as diagnostics, so the server survives any edit. Publishing the staged files to
the served folder is not its job (see publish.py).
"""

from __future__ import annotations

import dataclasses
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sitegen.errors import Diagnostic, DiagnosticError, Severity, SitegenError, error
from sitegen.incremental import LiveSite
from sitegen.options import BuildOptions
from sitegen.search import IndexReport
from sitegen.serve.watch import Changes


@dataclass(frozen=True)
class RebuildOutcome:
    """What one rebuild did to the staging folder."""

    # Staging-relative paths written with new bytes or removed. None: unknown (the build stopped
    # half way), so the staging folder must not be published until a later build completes.
    changed_paths: frozenset[str] | None
    diagnostics: tuple[Diagnostic, ...]
    seconds: float
    base_path: str | None = None  # the site's URL subpath (`/archive/`); None: config unreadable
    episodes: int = 0

    @property
    def failed(self) -> bool:
        """Errors (not warnings): the browser shows them over the page."""
        return self.changed_paths is None or any(
            d.severity is Severity.ERROR for d in self.diagnostics
        )


class Rebuilder(Protocol):
    """Brings the staging folder up to date with the sources after `changes`.

    Implementations write files atomically (temp file + `os.replace`, as `output.write_file`
    does), never in place: the served folder hard-links the staged files.
    """

    @property
    def staging_dir(self) -> Path: ...

    def rebuild(self, changes: Changes) -> RebuildOutcome: ...

    @property
    def search_stale(self) -> bool:
        """Whether a rebuild left the search index behind the pages."""
        ...

    def index_search(
        self, should_stop: Callable[[], bool]
    ) -> tuple[RebuildOutcome, IndexReport] | None:
        """Bring the search index up to date in the staging folder, stopping early (keeping
        what it finished) when `should_stop` says so; None when there was nothing to do."""
        ...


class IncrementalRebuilder:
    """Keeps the site in memory between rebuilds (incremental.LiveSite): an edit to a
    transcript or page re-reads that file and renders only the pages it reaches; the first
    build, a template, a static file or sitegen.toml rebuilds everything.

    `LiveSite` writes each file to a temporary file and moves it into place, never in place, as the
    served folder's hard links need. A build that raised leaves the state unknown, so the next
    rebuild starts from scratch.
    """

    def __init__(self, options: BuildOptions, staging_dir: Path) -> None:
        self.site_dir = options.site_dir
        # The staging folder's name is sitegen's own (`staging_dir_for`), and one left by a
        # session that was killed mid-build may lack its manifest.
        self.options = dataclasses.replace(options, out_dir=staging_dir, force=True)
        self._staging_dir = staging_dir
        self._site: LiveSite | None = None

    @property
    def staging_dir(self) -> Path:
        return self._staging_dir

    def rebuild(self, changes: Changes) -> RebuildOutcome:
        started = time.perf_counter()
        try:
            if changes.full or self._site is None:
                self._site = LiveSite(self.options)
                result = self._site.build()
            else:
                paths = [self.site_dir / path for path in changes.episodes | changes.pages]
                result = self._site.update(paths)
        except Exception as exc:  # any edit may break the build; the server must live on
            self._site = None
            return RebuildOutcome(
                None, (exception_diagnostic(exc, self.site_dir),), time.perf_counter() - started
            )
        changed = frozenset(result.stats.changed) if result.stats is not None else frozenset()
        return RebuildOutcome(
            changed,
            tuple(result.diagnostics),
            time.perf_counter() - started,
            result.config.base_path,
            len(result.archive.episodes),
        )

    @property
    def search_stale(self) -> bool:
        return self._site is not None and self._site.search_stale

    def index_search(
        self, should_stop: Callable[[], bool]
    ) -> tuple[RebuildOutcome, IndexReport] | None:
        site = self._site
        if site is None:
            return None
        started = time.perf_counter()
        try:
            done = site.index_search(should_stop)
        except Exception as exc:  # Pagefind failed: the pages stay, the index stays as it was
            site.search_stale = False  # tried once; the next edit tries again
            diagnostic = exception_diagnostic(exc, self.site_dir)
            failed = RebuildOutcome(frozenset(), (diagnostic,), time.perf_counter() - started)
            return failed, IndexReport(parts=0, indexed=0)  # nothing written
        if done is None:
            return None
        result, report = done
        changed = frozenset(result.stats.changed) if result.stats is not None else frozenset()
        outcome = RebuildOutcome(
            changed,
            (),
            time.perf_counter() - started,
            result.config.base_path,
            len(result.archive.episodes),
        )
        return outcome, report


# Problems that belong to no file (an unsafe output folder, a bug) are reported as sitegen's own.
_NO_FILE = Path("sitegen")


def exception_diagnostic(exc: BaseException, site_dir: Path) -> Diagnostic:
    """A build that stopped, as `path:line: message` with the offending line where known."""
    if isinstance(exc, DiagnosticError):  # a template or sitegen.toml that failed
        return exc.diagnostic
    if isinstance(exc, SitegenError):
        return error(_NO_FILE, 0, str(exc))
    name = type(exc).__name__
    details = "".join(traceback.format_exception(exc)).rstrip()
    return error(_NO_FILE, 0, f"the build stopped: {name}: {exc}\n{details}")
