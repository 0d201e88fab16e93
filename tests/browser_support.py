"""What every browser test shares: Debian's Chromium driven by Playwright, and a static server.

Chromium comes from Debian (`/usr/bin/chromium`, installed by `make test`), not from
Playwright's own download. Missing tools skip the tests locally and fail them under CI.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
# Quiet and deterministic: no background traffic, no first-run or sync screens.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def require(path: Path, how: str) -> None:
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing ({how})")
        pytest.skip(f"{path} is missing ({how})")


@contextlib.contextmanager
def launched_chromium(*extra_args: str) -> Iterator[Any]:
    """A headless Chromium browser (Playwright's Browser), closed afterwards."""
    require(CHROMIUM, "apt-get install chromium; `make test` does it")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, *extra_args]
        )
        yield browser
        browser.close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def static_server(
    directory: Path, handler: type[http.server.SimpleHTTPRequestHandler] = QuietHandler
) -> Iterator[str]:
    """`directory` served on a free loopback port, as a static host would; yields its URL."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(directory))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        thread.join()
