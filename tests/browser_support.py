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
from collections.abc import Collection, Iterator, Sequence
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


# Every test module's browser (the `browser` fixture of conftest.py): audio muted, and playback
# started from script (a deep link, a clicked paragraph) allowed without a user gesture.
BROWSER_ARGS = ("--autoplay-policy=no-user-gesture-required", "--mute-audio")


@contextlib.contextmanager
def watched_page(browser: Any, **context_options: Any) -> Iterator[Any]:
    """A page in a new browser context (`context_options`: viewport, colour scheme…) that
    fails the test if it logged a console error or raised an uncaught exception."""
    context = browser.new_context(**context_options)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == [], f"console errors: {errors}"


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


# WCAG 2.2 at levels A and AA, the level every page type is held to.
WCAG_22_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
SERIOUS = frozenset({"serious", "critical"})


def axe_violations(
    page: Any, tags: Sequence[str] | None = None, impacts: Collection[str] | None = SERIOUS
) -> list[str]:
    """What axe-core finds wrong with the page as it is now, a line per rule: its id, what it
    asks, how many elements and the first one's HTML. `tags`: only the rules of these tags
    (None: axe's default rules); `impacts`: only violations of these impacts (None: all)."""
    require(AXE, "npm install; `make test` does it")
    page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        """async (tags) => await axe.run(
            document, tags ? {runOnly: {type: 'tag', values: tags}} : {})""",
        list(tags) if tags is not None else None,
    )
    assert results["passes"], "axe checked nothing"
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes, e.g. {v['nodes'][0]['html'][:160]})"
        for v in results["violations"]
        if impacts is None or v["impact"] in impacts
    ]


@contextlib.contextmanager
def served_site(
    site: Path,
    handler: type[http.server.SimpleHTTPRequestHandler] = QuietHandler,
    **flags: Any,
) -> Iterator[str]:
    """`site` built into its `_site/` (`flags`: build's, as `base_url`), the test failing on an
    error, and served as a static host would (`static_server`); yields its URL."""
    from sitegen.build import build

    out = site / "_site"
    result = build(site, out_dir=out, **flags)
    assert not result.failed(strict=False), [d.format() for d in result.diagnostics]
    with static_server(out, handler) as url:
        yield url
