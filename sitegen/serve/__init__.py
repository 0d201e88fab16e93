"""`sitegen serve`: build, serve, watch, rebuild, live-reload; the entry point for the CLI.

Modules: watch (what changed), rebuild (the Rebuilder interface), publish (staging → served
folder, the readers/writer lock), reload (which tabs reload), overlay (build errors in the
browser), server (HTTP), session (wiring them together).
"""

from __future__ import annotations

import signal
import sys
import threading
import webbrowser
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from sitegen.errors import SitegenError
from sitegen.serve.session import PreviewSession, ServeOptions

__all__ = ["PreviewSession", "ServeOptions", "serve"]


def serve(options: ServeOptions, open_browser: bool = False) -> int:
    """Run a preview session until Ctrl-C (or SIGTERM); the exit code for the CLI."""
    try:
        session = PreviewSession(options)
    except SitegenError as exc:
        print(f"sitegen: error: {exc}", file=sys.stderr)
        return 1
    with _terminate_as_interrupt():
        try:
            if not options.quiet:
                print(f"building {_shown(options.site_dir)} …", flush=True)
            session.start()
            print(f"serving {session.url} (Ctrl-C to stop)", flush=True)
            if open_browser:
                webbrowser.open(session.url)
            session.wait()
        except KeyboardInterrupt:
            pass
        finally:
            with _ignore_interrupts():  # a second Ctrl-C must not leave threads or a traceback
                session.stop()
    if not options.quiet:
        print("stopped", flush=True)
    return 0


def _shown(site_dir: Path) -> str:
    return str(site_dir) if str(site_dir) != "." else "the current folder"


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (a process manager, `kill`) stops the session as cleanly as Ctrl-C does."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


@contextmanager
def _ignore_interrupts() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
