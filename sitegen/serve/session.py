"""One preview session: wires the watcher, the rebuilder, the publisher, the reload hub and the
HTTP server together, reports each rebuild on the console, and stops them all cleanly.

Threads: the HTTP server (one more per connection), watchdog's observer, and one rebuild thread
that runs every build in turn: the first, then one per debounced batch of changes, and between
them, while no change is waiting, the search index's renewal (which the next change stops).
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import multiprocessing
import os
import shutil
import signal
import socket
import sys
import threading
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from sitegen import keys
from sitegen.config import load_config
from sitegen.errors import Diagnostic, Severity, SitegenError
from sitegen.options import BuildOptions
from sitegen.output import check_output_dir
from sitegen.serve.lock import try_lock
from sitegen.serve.overlay import build_overlay
from sitegen.serve.publish import Publisher, ServedSite, staging_dir_for
from sitegen.serve.rebuild import IncrementalRebuilder, Rebuilder, RebuildOutcome
from sitegen.serve.reload import ReloadHub
from sitegen.serve.server import PreviewHTTPServer, served_version
from sitegen.serve.watch import Change, Changes, Debouncer, Watcher

# An editor's save (temp file, rename, backup) lands within a few milliseconds; waiting longer
# only adds to the time from save to updated page, which the user is waiting on.
DEBOUNCE_SECONDS = 0.05
SHOWN_FILES = 3  # changed files named in a rebuild's console line
LOCK_FILE = ".serve.lock"  # hidden: builds neither list nor prune it


@dataclass(frozen=True)
class ServeOptions:
    """`sitegen serve`'s own options, and the builds' (whose output goes to the staging folder
    beside `out_dir`, whatever `build.out_dir` says)."""

    build: BuildOptions
    host: str = "127.0.0.1"
    port: int = 8000
    out_dir: Path | None = None  # the served folder; None: the config's output_dir
    quiet: bool = False
    force: bool = False  # --force: serve into a folder holding files sitegen did not make
    debounce: float = DEBOUNCE_SECONDS

    @property
    def site_dir(self) -> Path:
        return self.build.site_dir


class PreviewSession:
    """Construct (checks the folders and takes the port), `start()` (first build, then serve),
    `stop()`. Raises SitegenError when the session cannot start (bad config, port taken)."""

    def __init__(
        self,
        options: ServeOptions,
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
        rebuilder: Rebuilder | None = None,
    ) -> None:
        self.options = options
        self.site_dir = options.site_dir.resolve()
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr
        config = load_config(self.site_dir, options.build.base_url)
        # As `sitegen build` has it: -o is relative to the current folder, output_dir to the site.
        out_dir = options.out_dir or self.site_dir / config.output_dir
        self.out_dir = out_dir.resolve()
        self.staging_dir = staging_dir_for(self.out_dir)
        # The staging folder's name is sitegen's own; one left by a killed session may hold a
        # half build without its manifest, so only the output folder is checked for foreign files.
        for folder, force in ((self.out_dir, options.force), (self.staging_dir, True)):
            check_output_dir(folder, self.site_dir, self.site_dir / "content", force=force)

        self.site = ServedSite(self.out_dir, config.base_path)
        self.hub = ReloadHub(lambda page: served_version(self.site, page))
        self.httpd = _listen(options.host, options.port, self.site, self.hub)
        try:
            self._lock_fd = _lock_staging(self.staging_dir, self.out_dir)
        except BaseException:
            self.httpd.server_close()
            raise
        build = dataclasses.replace(options.build, site_dir=self.site_dir)
        self.rebuilder = rebuilder or IncrementalRebuilder(build, self.staging_dir)
        self.publisher = Publisher(self.rebuilder.staging_dir, self.site)
        self.debouncer: Debouncer[Change] = Debouncer(window=options.debounce)
        # Set by every change: it stops a search indexing in progress, which the edit must not
        # wait for.
        self._change_seen = threading.Event()
        cache_dir = options.build.cache_dir
        self.watcher = Watcher(
            self.site_dir,
            [self.out_dir, self.staging_dir, *([cache_dir] if cache_dir else [])],
            on_change=self._on_change,
        )
        self._builder = threading.Thread(target=self._build_loop, name="sitegen-rebuild")
        self._http = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.1}, name="sitegen-http"
        )
        self._ready = threading.Event()
        self._stopping = threading.Event()
        self._stopped = False
        self._built = threading.Condition()
        self.builds = 0  # completed builds (published or not); tests wait on it
        self.indexings = 0  # completed search index renewals (not stopped ones); tests wait on it
        self._last_failed = False
        self._warnings_shown: set[str] = set()

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    @property
    def url(self) -> str:
        host = self.options.host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self.port}{self.site.base_path}"

    def start(self) -> None:
        """Watch, run the first build, publish it, then answer requests. Connections made before
        the first build is published wait in the listen queue."""
        self.out_dir.mkdir(parents=True, exist_ok=True)
        keys.forget(self.out_dir)  # what serve publishes is not what the last build recorded
        self.watcher.start()  # before the first build, so no edit made during it is missed
        self._builder.start()
        while not self._ready.wait(0.2):  # a timed wait lets Ctrl-C through
            if not self._builder.is_alive():
                raise SitegenError("the first build could not run")
        self._http.start()

    def wait(self) -> None:
        """Block until `stop()` is called from another thread (or Ctrl-C)."""
        while not self._stopping.wait(0.5):
            pass

    def wait_for_builds(self, count: int, timeout: float) -> bool:
        """Wait until `count` builds have completed since the session started."""
        with self._built:
            return self._built.wait_for(lambda: self.builds >= count, timeout)

    def wait_for_indexings(self, count: int, timeout: float) -> bool:
        """Wait until the search index has been renewed `count` times."""
        with self._built:
            return self._built.wait_for(lambda: self.indexings >= count, timeout)

    def stop(self) -> None:
        """Stop watching, end a build in progress, close every connection, join every thread."""
        if self._stopped:
            return
        self._stopped = True
        self._stopping.set()
        self._change_seen.set()  # ends a search indexing in progress
        self.watcher.stop()
        self.debouncer.close()
        if self._builder.is_alive():
            self._builder.join(timeout=0.5)
            if self._builder.is_alive():
                # A full build can take minutes; its worker processes are ours to end. SIGKILL,
                # not SIGTERM: forked workers inherit our SIGTERM handler and would raise
                # KeyboardInterrupt inside the pool. The staging folder they write is ours too.
                for child in multiprocessing.active_children():
                    child.kill()
                self._builder.join(timeout=30)
        self.hub.close()  # ends every event stream
        if self._http.is_alive():
            self.httpd.shutdown()
            self._http.join(timeout=5)
        self.httpd.close_connections()
        self.httpd.server_close()  # joins the connection threads
        shutil.rmtree(self.staging_dir, ignore_errors=True)
        os.close(self._lock_fd)

    # --- the rebuild thread ---------------------------------------------------------------------

    def _build_loop(self) -> None:
        # Build workers are forked from this thread and inherit its signal mask: with SIGINT
        # blocked they leave Ctrl-C to the main thread, which stops the session cleanly.
        with contextlib.suppress(AttributeError, ValueError):
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        self._rebuild(Changes.startup())
        self._ready.set()
        while True:
            self._index_search_while_idle()
            batch = self.debouncer.next_batch()
            if batch is None:
                return
            self._rebuild(Changes.of(batch))

    def _on_change(self, change: Change) -> None:
        self._change_seen.set()
        self.debouncer.add(change)

    def _index_search_while_idle(self) -> None:
        """Renew the search index after an edit, while no change waits: an edit that arrives
        meanwhile stops it (the parts finished are published) and is built first; the index is
        renewed again after that build."""
        if self._stopping.is_set() or self._last_failed or not self.rebuilder.search_stale:
            return
        self._change_seen.clear()
        if self.debouncer.pending():  # a change that came before the clear
            return
        try:
            done = self.rebuilder.index_search(self._change_seen.is_set)
            if done is None or self._stopping.is_set():
                return
            outcome, report = done
            changed = self.publisher.publish(outcome)
            self.hub.published(changed, build_overlay(outcome.diagnostics, self.site_dir))
        except Exception:  # as for a rebuild: the session goes on
            print("sitegen serve: could not publish the search index:", file=self.stderr)
            traceback.print_exc(file=self.stderr)
            return
        if outcome.diagnostics:  # Pagefind failed: said here and over the page, not counted
            for diagnostic in outcome.diagnostics:
                print(diagnostic.format(root=self.site_dir), file=self.stderr)
            return
        if report.cancelled:
            line = f"search index: stopped by an edit after {outcome.seconds:.2f} s"
        else:
            with self._built:
                self.indexings += 1
                self._built.notify_all()
            parts = f"{report.indexed} of {report.parts} part{'' if report.parts == 1 else 's'}"
            line = f"search index: {parts} indexed again in {outcome.seconds:.2f} s"
        if not self.options.quiet:
            print(f"{_clock()} {line}", file=self.stdout, flush=True)

    def _rebuild(self, changes: Changes) -> None:
        try:
            try:
                outcome = self.rebuilder.rebuild(changes)
            except BaseException:
                if self._stopping.is_set():
                    return  # a build cut short by stopping (its workers were ended): not news
                raise
            if self._stopping.is_set():
                return
            self._last_failed = outcome.failed
            started = time.perf_counter()
            changed = self.publisher.publish(outcome)
            reloaded = self.hub.published(
                changed, build_overlay(outcome.diagnostics, self.site_dir)
            )
            published = time.perf_counter() - started
            self._report(changes, outcome, changed, reloaded, published)
        except Exception:  # a bug in publishing must not end live reload for the session
            print("sitegen serve: could not publish the build:", file=self.stderr)
            traceback.print_exc(file=self.stderr)
        finally:
            with self._built:
                self.builds += 1
                self._built.notify_all()

    def _report(
        self,
        changes: Changes,
        outcome: RebuildOutcome,
        changed: Sequence[str],
        reloaded: int,
        published: float,
    ) -> None:
        fresh = self._new_problems(outcome.diagnostics)
        for diagnostic in fresh:
            print(diagnostic.format(root=self.site_dir), file=self.stderr)
        errors = sum(d.severity is Severity.ERROR for d in outcome.diagnostics)
        if outcome.failed:
            noun = "error" if errors == 1 else "errors"
            kept = "serving what was built" if changes.initial else "still serving the last build"
            line = (
                f"{changes.describe()}: build failed after {outcome.seconds:.2f} s with {errors} "
                f"{noun} (shown in the browser); {kept}"
            )
            print(f"{_clock()} {line}", file=self.stderr, flush=True)
            return
        if self.options.quiet:
            return
        if changes.initial:
            line = (
                f"built {outcome.episodes} episode{'' if outcome.episodes == 1 else 's'} "
                f"in {outcome.seconds:.2f} s (published in {published * 1000:.0f} ms)"
            )
        else:
            shown = ", ".join(changed[:SHOWN_FILES]) + (", …" if len(changed) > SHOWN_FILES else "")
            files = f"{len(changed)} file{'' if len(changed) == 1 else 's'} updated"
            line = (
                f"{changes.describe()}: rebuilt in {outcome.seconds:.2f} s "
                f"(published in {published * 1000:.0f} ms); {files}"
                + (f" ({shown})" if changed else "")
                + (f"; reloading {reloaded} tab{'' if reloaded == 1 else 's'}" if reloaded else "")
            )
        print(f"{_clock()} {line}", file=self.stdout, flush=True)

    def _new_problems(self, diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
        """Every error, and the warnings not already shown: a rebuild repeats the old ones."""
        shown = []
        warnings = set()
        for diagnostic in diagnostics:
            if diagnostic.severity is Severity.ERROR:
                shown.append(diagnostic)
                continue
            key = diagnostic.format()
            warnings.add(key)
            if key not in self._warnings_shown:
                shown.append(diagnostic)
        self._warnings_shown = warnings
        return shown


def _listen(host: str, port: int, site: ServedSite, hub: ReloadHub) -> PreviewHTTPServer:
    try:
        return PreviewHTTPServer((host, port), site, hub)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise SitegenError(
                f"port {port} is in use; try --port {_free_port(host, port)}"
            ) from exc
        if exc.errno == errno.EACCES:
            raise SitegenError(
                f"not allowed to listen on port {port} (ports below 1024 need privileges); "
                "try --port 8000"
            ) from exc
        raise SitegenError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc


def _lock_staging(staging_dir: Path, out_dir: Path) -> int:
    """Claim the staging folder for this process: two sessions publishing into one output folder
    would overwrite each other's builds."""
    staging_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(staging_dir / LOCK_FILE, os.O_CREAT | os.O_RDWR, 0o644)
    if not try_lock(fd):
        os.close(fd)
        raise SitegenError(
            f"another `sitegen serve` is already serving {out_dir}; stop it, "
            "or give this one another output folder with -o"
        ) from None
    return fd


def _free_port(host: str, taken: int) -> int:
    """The next port after `taken` that is free now, to suggest (taken + 1 if none is found)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    for candidate in range(taken + 1, min(taken + 50, 65536)):
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((host, candidate))
            except OSError:
                continue
            return candidate
    return taken + 1


def _clock() -> str:
    return time.strftime("%H:%M:%S")
