"""The preview HTTP server: safe path resolution, clean URLs, content types, the site's 404 page,
the reload script and error overlay injected into HTML on the fly, and the events endpoint.

It only reads the served folder (never anything outside it: `..`, encoded dots, symlinks out,
NUL bytes and backslashes are refused before the file system is asked) and never writes to disk.
"""

from __future__ import annotations

import contextlib
import email.utils
import mimetypes
import os
import queue
import select
import shutil
import socket
import sys
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO, Literal
from urllib.parse import parse_qs, unquote, urlsplit

from sitegen import urls
from sitegen.serve.overlay import inject
from sitegen.serve.publish import ServedSite
from sitegen.serve.reload import EVENTS_PATH, HEARTBEAT, ReloadHub, client_tag, page_version

GONE_CHECK = 0.5  # seconds between looks at whether a tab closed its event stream

# Types a podcast archive's files need, whatever the system's mime.types says.
CONTENT_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".vtt": "text/vtt",
    ".srt": "application/x-subrip",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".ogg": "audio/ogg",
    ".opus": "audio/ogg",
    ".wav": "audio/wav",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".wasm": "application/wasm",
    ".pdf": "application/pdf",
}
_TEXT_TYPES = frozenset(
    {
        "application/json",
        "application/manifest+json",
        "application/xml",
        "application/rss+xml",
        "application/x-subrip",
        "image/svg+xml",
    }
)
HTML_SUFFIXES = frozenset({".html", ".htm"})
WELL_KNOWN = ".well-known"  # the one hidden folder a site may publish


def content_type(name: str) -> str:
    """The Content-Type header for a file name; text gets `charset=utf-8` (sitegen writes UTF-8)."""
    suffix = os.path.splitext(name)[1].lower()
    kind = CONTENT_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in _TEXT_TYPES:
        return f"{kind}; charset=utf-8"
    return kind


# --- resolving a request target to a file ----------------------------------------------------


@dataclass(frozen=True)
class Found:
    path: Path  # real path, inside the served folder
    rel: str  # site-relative, e.g. `episodes/920/index.html`


@dataclass(frozen=True)
class Redirect:
    location: str


@dataclass(frozen=True)
class NotFound:
    pass


@dataclass(frozen=True)
class BadRequest:
    reason: str


Resolution = Found | Redirect | NotFound | BadRequest


def resolve(root: Path, base_path: str, target: str) -> Resolution:
    """What a request target (`/archive/episodes/920/?t=3`) means in the served folder.

    The site lives under `base_path` (`/` or `/archive/`): `/` and `/archive` redirect there.
    A URL ending in `/` serves that folder's `index.html`; a folder without the slash redirects
    to the slash form. Nothing outside `root` is ever returned, whatever the target holds.
    """
    raw, _, query = target.partition("?")
    raw = raw.partition("#")[0]
    if raw.startswith(("http://", "https://")):  # absolute-form target (proxies send these)
        raw = urlsplit(raw).path or "/"
    if not raw.startswith("/") or "\\" in raw or "\0" in raw:
        return BadRequest("malformed path")
    try:
        path = unquote(raw, errors="strict")
    except UnicodeDecodeError:
        return BadRequest("path is not UTF-8")
    if "\\" in path or "\0" in path:  # encoded as %5C or %00
        return BadRequest("malformed path")
    again = f"?{query}" if query else ""
    if base_path != "/" and path in ("/", base_path.rstrip("/")):
        return Redirect(base_path + again)
    if not path.startswith(base_path):
        return NotFound()
    rel = path[len(base_path) :]
    *folders, last = rel.split("/")
    segments = [*folders, last] if last else folders
    for segment in segments:
        if segment in (".", ".."):
            return BadRequest("path leaves the site")
        if not segment or (segment.startswith(".") and segment != WELL_KNOWN):
            return NotFound()  # `a//b`, and hidden files: the manifest, temp files
    root_real = os.path.realpath(root)
    candidate = os.path.realpath(os.path.join(root_real, *segments))
    if not _inside(candidate, root_real):
        return NotFound()  # a symlink pointing out of the site
    if not last:
        index = os.path.realpath(os.path.join(candidate, "index.html"))
        if _inside(index, root_real) and os.path.isfile(index):
            return Found(Path(index), urls.file_for(rel))
        return NotFound()
    if os.path.isdir(candidate):
        return Redirect(raw + "/" + again)
    if os.path.isfile(candidate):
        return Found(Path(candidate), rel)
    return NotFound()


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root + os.sep)


def served_version(site: ServedSite, page: str) -> str:
    """The version of the page a tab at `page` would be served now (the 404 page when missing)."""
    with site.lock.shared():
        _, opened = open_target(site, page)
    if opened is None:
        return ""
    with opened:
        return page_version(opened.read())


def open_target(site: ServedSite, target: str) -> tuple[Resolution, BinaryIO | None]:
    """Resolve a target and open what answers it: the file, or for a miss the site's 404 page.

    The caller holds the site's lock (shared); once open, a file keeps its bytes whatever a
    publish does next.
    """
    resolution = resolve(site.root, site.base_path, target)
    if isinstance(resolution, Found):
        try:
            return resolution, resolution.path.open("rb")
        except OSError:
            resolution = NotFound()  # gone between looking and opening
    if isinstance(resolution, NotFound):
        page = _not_found_page(site.root)
        with contextlib.suppress(OSError):
            return resolution, page.open("rb") if page is not None else None
    return resolution, None


def _not_found_page(root: Path) -> Path | None:
    page = root / urls.NOT_FOUND
    return page if page.is_file() and not page.is_symlink() else None


# Served when the site has no 404.html yet (its first build failed): HTML, so the overlay shows.
_FALLBACK_404 = (
    b'<!doctype html><html lang="en"><meta charset="utf-8"><title>Not found</title>'
    b"<body><h1>Not found</h1><p>There is no page at this address.</p></body></html>"
)


# --- the HTTP server ----------------------------------------------------------------------------


class PreviewHTTPServer(ThreadingHTTPServer):
    """One thread per connection; threads are joined on close, after their sockets are shut."""

    daemon_threads = False
    block_on_close = True
    request_queue_size = 128  # many tabs and scripts connecting at once must not be refused

    def __init__(self, address: tuple[str, int], site: ServedSite, hub: ReloadHub) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.site = site
        self.hub = hub
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, PreviewHandler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """End idle keep-alive connections, so their threads finish and can be joined."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            return  # the browser went away (closed tab, reload, cancelled request): not news
        super().handle_error(request, client_address)


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewHTTPServer
    protocol_version = "HTTP/1.1"  # keep-alive: a page and its assets over one connection
    server_version = "sitegen"
    sys_version = ""
    timeout = 60  # seconds an idle keep-alive connection may hold a thread

    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        except (ConnectionError, TimeoutError):
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the console is for builds; a request log would bury them

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def _not_allowed(self) -> None:
        self._simple(HTTPStatus.METHOD_NOT_ALLOWED, "GET and HEAD only", {"Allow": "GET, HEAD"})

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _not_allowed

    def _serve(self, head: bool) -> None:
        try:
            if self.path.split("?", 1)[0] == EVENTS_PATH:
                self._events(head)
            else:
                self._file(head)
        except (ConnectionError, TimeoutError):
            self.close_connection = True
        except Exception as exc:  # a bug here must cost one response, not the server
            print(f"sitegen serve: error answering {self.path!r}: {exc!r}", file=sys.stderr)
            self.close_connection = True
            with contextlib.suppress(OSError):
                self._simple(HTTPStatus.INTERNAL_SERVER_ERROR, "internal error")

    def _file(self, head: bool) -> None:
        site = self.server.site
        with site.lock.shared():
            resolution, opened = open_target(site, self.path)
        if isinstance(resolution, Redirect):
            self._simple(HTTPStatus.FOUND, "", {"Location": resolution.location})
            return
        if isinstance(resolution, BadRequest):
            self._simple(HTTPStatus.BAD_REQUEST, resolution.reason)
            return
        status = HTTPStatus.OK if isinstance(resolution, Found) else HTTPStatus.NOT_FOUND
        if opened is None:
            self._html(status, _FALLBACK_404, head)
            return
        name = resolution.path.name if isinstance(resolution, Found) else urls.NOT_FOUND
        with opened:
            if os.path.splitext(name)[1].lower() in HTML_SUFFIXES:
                self._html(status, opened.read(), head)
            else:
                self._stream(status, name, opened, head)

    def _html(self, status: HTTPStatus, raw: bytes, head: bool) -> None:
        """An HTML page with the error overlay (if any) and the reload script put in."""
        version = page_version(raw)
        overlay = self.server.hub.overlay
        etag = f'"{version}-{overlay.digest}"'
        if status is HTTPStatus.OK and self._not_modified(etag, None):
            return
        page = self.path.split("?", 1)[0]
        body = inject(raw, (overlay.html + client_tag(page, version)).encode())
        headers = {"Content-Type": content_type("x.html"), "Cache-Control": "no-cache"}
        if status is HTTPStatus.OK:
            headers["ETag"] = etag
        self._send(status, headers, len(body))
        if not head:
            self.wfile.write(body)

    def _stream(self, status: HTTPStatus, name: str, file: BinaryIO, head: bool) -> None:
        stat = os.fstat(file.fileno())
        etag = f'"{stat.st_ino:x}-{stat.st_size:x}-{stat.st_mtime_ns:x}"'
        if status is HTTPStatus.OK and self._not_modified(etag, stat.st_mtime):
            return
        headers = {
            "Content-Type": content_type(name),
            "Cache-Control": "no-cache",  # revalidate every time: the next save may change it
            "ETag": etag,
            "Last-Modified": email.utils.formatdate(stat.st_mtime, usegmt=True),
            "Accept-Ranges": "bytes",
        }
        size = stat.st_size
        wanted = byte_range(self.headers.get("Range"), size) if status is HTTPStatus.OK else None
        if isinstance(wanted, str):  # "unsatisfiable"
            headers = {"Content-Range": f"bytes */{size}"}
            self._send(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE, headers, 0)
            return
        if wanted is None:
            self._send(status, headers, size)
            if not head:
                shutil.copyfileobj(file, self.wfile, 256 * 1024)
            return
        # A part of the file: browsers seek in audio with Range requests, and without a 206
        # answer Chromium starts every seek over from 0.
        first, last = wanted
        headers["Content-Range"] = f"bytes {first}-{last}/{size}"
        self._send(HTTPStatus.PARTIAL_CONTENT, headers, last - first + 1)
        if not head:
            file.seek(first)
            remaining = last - first + 1
            while remaining > 0:
                chunk = file.read(min(remaining, 256 * 1024))
                if not chunk:
                    break
                self.wfile.write(chunk)
                remaining -= len(chunk)

    def _not_modified(self, etag: str, mtime: float | None) -> bool:
        """Answer 304 when the browser's copy is current (If-None-Match, else If-Modified-Since)."""
        match = self.headers.get("If-None-Match")
        since = self.headers.get("If-Modified-Since")
        if match is not None:
            fresh = etag in (tag.strip() for tag in match.split(",")) or match.strip() == "*"
        elif since is not None and mtime is not None:
            try:
                fresh = int(mtime) <= email.utils.parsedate_to_datetime(since).timestamp()
            except (TypeError, ValueError):
                fresh = False
        else:
            fresh = False
        if fresh:
            self._send(HTTPStatus.NOT_MODIFIED, {"ETag": etag}, length=None)
        return fresh

    def _events(self, head: bool) -> None:
        """A server-sent event stream for one tab: `?page=<its path>&version=<what it shows>`."""
        query = parse_qs(urlsplit(self.path).query)
        page = query.get("page", [""])[0]
        version = query.get("version", [""])[0]
        self.close_connection = True  # the stream ends only when the connection does
        self._send(
            HTTPStatus.OK,
            {"Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store"},
            length=None,
            until_close=True,
        )
        if head:
            return
        hub = self.server.hub
        subscriber = hub.subscribe(page, version)
        quiet = 0.0
        try:
            while True:
                try:
                    message = subscriber.messages.get(timeout=GONE_CHECK)
                except queue.Empty:
                    if self._client_gone():
                        return
                    quiet += GONE_CHECK
                    if quiet < HEARTBEAT:
                        continue
                    message = b": ping\n\n"  # keeps proxies and idle timeouts away
                if message is None:
                    return
                self.wfile.write(message)
                quiet = 0.0
        finally:
            hub.unsubscribe(subscriber)

    def _client_gone(self) -> bool:
        """Whether the tab closed its stream (it never sends anything, so readable means EOF)."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return bool(readable) and not self.connection.recv(1, socket.MSG_PEEK)
        except (OSError, ValueError):
            return True

    def _simple(self, status: HTTPStatus, text: str, headers: dict[str, str] | None = None) -> None:
        body = (text + "\n").encode() if text else b""
        self._send(
            status,
            {"Content-Type": "text/plain; charset=utf-8", **(headers or {})},
            len(body),
        )
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def _send(
        self,
        status: HTTPStatus,
        headers: dict[str, str],
        length: int | None,
        until_close: bool = False,
    ) -> None:
        """Status and headers; a body of `length` bytes follows, or runs `until_close`."""
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("X-Content-Type-Options", "nosniff")
        if length is not None:
            self.send_header("Content-Length", str(length))
        if until_close:
            self.send_header("Connection", "close")
        self.end_headers()


def byte_range(header: str | None, size: int) -> tuple[int, int] | Literal["unsatisfiable"] | None:
    """The (first, last) bytes a `Range: bytes=…` header asks for; None to send the whole file
    (no header, or one we do not serve, like several ranges); "unsatisfiable" past the end."""
    if header is None or not header.startswith("bytes=") or "," in header:
        return None
    start, dash, end = header[len("bytes=") :].strip().partition("-")
    if not dash or not (start.isdigit() or end.isdigit()):
        return None
    if not start:  # `bytes=-500`: the last 500 bytes
        length = int(end)
        if length == 0:
            return "unsatisfiable"
        return max(size - length, 0), size - 1
    first = int(start)
    if first >= size:
        return "unsatisfiable"
    last = min(int(end), size - 1) if end.isdigit() else size - 1
    return (first, last) if last >= first else None
