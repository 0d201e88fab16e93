"""Helpers for the `sitegen serve` tests: a small site, a running preview session, HTTP, polling."""

from __future__ import annotations

import html
import http.client
import io
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sitegen.options import BuildOptions
from sitegen.serve import PreviewSession, ServeOptions

EP_100 = (
    "---\ntitle: First light\nepisode: 100\ndate: 2025-01-01\n---\n"
    "Ann Lee: 00:00 Welcome to the very first show.\n"
    "Bob Ray: 00:10 Glad to be here, original words.\n"
)
EP_101 = (
    "---\ntitle: Second wind\nepisode: 101\ndate: 2025-02-01\n---\n"
    "Ann Lee: 00:00 Back again for another one.\n"
    "Cy Dee: 00:12 Hello from the second show.\n"
)
ABOUT = "---\ntitle: About\n---\n# About\n\nA podcast about things.\n"
# A page whose front matter is not YAML: an error in a file no episode page depends on.
BROKEN_ABOUT = "---\ntitle: About: <b>bold</b>: here\n---\n# About\n\nA podcast about things.\n"

SITE_FILES: dict[str, str | bytes] = {
    "content/episodes/100.md": EP_100,
    "content/episodes/101.md": EP_101,
    "content/pages/about.md": ABOUT,
}

OVERLAY = '<div id="sitegen-overlay"'  # the overlay element (the script only names its id)
WAIT = 15.0  # seconds: a rebuild of these sites takes a fraction of that, even on a busy machine


def overlay_text(page: str) -> str:
    """The text a reader sees in the page's error overlay ("" when there is none)."""
    start = page.find(OVERLAY)
    if start < 0:
        return ""
    fragment = page[start : page.index('<script id="sitegen-reload"', start)]
    fragment = re.sub(r"<style>.*?</style>", "", fragment, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def wait_until(condition: Callable[[], bool], timeout: float = WAIT, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or condition}")
        time.sleep(0.02)


@dataclass
class Running:
    session: PreviewSession
    stdout: io.StringIO
    stderr: io.StringIO

    @property
    def port(self) -> int:
        return self.session.port

    def get(
        self, path: str, method: str = "GET", headers: dict[str, str] | None = None
    ) -> Response:
        return request(self.port, path, method, headers)

    def text(self, path: str) -> str:
        return self.get(path).text


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def request(
    port: int, path: str, method: str = "GET", headers: dict[str, str] | None = None
) -> Response:
    """One request with the path sent exactly as given (no normalising), on a fresh connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return Response(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
    finally:
        connection.close()


@contextmanager
def running(
    site: Path, base_url: str | None = None, out_dir: Path | None = None
) -> Iterator[Running]:
    """A preview session on a free loopback port, stopped (and checked stopped) afterwards."""
    stdout, stderr = io.StringIO(), io.StringIO()
    session = PreviewSession(
        ServeOptions(
            BuildOptions(site, base_url=base_url, jobs=1),
            port=0,
            out_dir=out_dir,
            debounce=0.05,
        ),
        stdout=stdout,
        stderr=stderr,
    )
    try:
        session.start()
        yield Running(session, stdout, stderr)
    finally:
        session.stop()


def edit(path: Path, old: str, new: str) -> None:
    """Change a source file the way an editor saves it: new bytes replace the file at once."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    tmp = path.with_name(f".{path.name}.swp")
    tmp.write_text(text.replace(old, new), encoding="utf-8")
    tmp.replace(path)
