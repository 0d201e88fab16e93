"""`sitegen serve`: build, serve, watch, rebuild, live-reload; the entry point for the CLI.

Modules: watch (what changed), rebuild (the Rebuilder interface), publish (staging → served
folder, the readers/writer lock), reload (which tabs reload), overlay (build errors in the
browser), server (HTTP), lock (one session per output folder), session (wiring them together).
"""

from __future__ import annotations

import sys
import webbrowser
from pathlib import Path

from sitegen.errors import SitegenError
from sitegen.interrupts import ignore_interrupts, terminate_as_interrupt
from sitegen.serve.session import PreviewSession, ServeOptions

__all__ = ["PreviewSession", "ServeOptions", "serve"]


def serve(options: ServeOptions, open_browser: bool = False) -> int:
    """Run a preview session until Ctrl-C (or SIGTERM); the exit code for the CLI."""
    try:
        session = PreviewSession(options)
    except SitegenError as exc:
        print(f"sitegen: error: {exc}", file=sys.stderr)
        return 1
    with terminate_as_interrupt():
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
            with ignore_interrupts():  # a second Ctrl-C must not leave threads or a traceback
                session.stop()
    if not options.quiet:
        print("stopped", flush=True)
    return 0


def _shown(site_dir: Path) -> str:
    return str(site_dir) if str(site_dir) != "." else "the current folder"
