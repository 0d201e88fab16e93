"""Live reload: which open tabs must reload after a publish, told over server-sent events.

A tab subscribes with the path of its page and the version (a hash of the file's bytes) it was
served. After each publish the hub compares every tab's version with the file now served at its
path: only tabs whose page changed reload. Stylesheet-only changes are swapped in place, and the
error overlay is pushed to every tab without a reload. Versions are content hashes, so a tab that
reconnects to a restarted server reloads only if its page really differs.
"""

from __future__ import annotations

import hashlib
import html
import json
import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources

from sitegen import urls
from sitegen.serve.overlay import NO_OVERLAY, Overlay

EVENTS_PATH = "/_sitegen/events"  # reserved, outside any base path
HEARTBEAT = 15.0  # seconds of silence before a keep-alive comment on an event stream
RETRY_MS = 1000  # how soon a browser reconnects after the server went away

_CLIENT_JS = resources.files("sitegen.serve").joinpath("client.js").read_text(encoding="utf-8")
if "</script" in _CLIENT_JS.lower():  # it is inlined into pages
    raise AssertionError("client.js must not contain </script")


def page_version(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=8).hexdigest()


def client_tag(page: str, version: str) -> str:
    """The script element injected into every served HTML page."""
    return (
        f'<script id="sitegen-reload" data-events="{EVENTS_PATH}" '
        f'data-page="{html.escape(page)}" data-version="{html.escape(version)}">'
        f"{_CLIENT_JS}</script>"
    )


def event(name: str, data: object) -> bytes:
    """One server-sent event; JSON keeps the data on a single `data:` line."""
    return f"event: {name}\ndata: {json.dumps(data)}\n\n".encode()


def overlay_event(overlay: Overlay) -> bytes:
    return event("overlay", {"html": overlay.html, "digest": overlay.digest})


@dataclass(eq=False)
class Subscriber:
    """One open tab: its page path, the version it shows, and the events waiting for it."""

    page: str
    version: str
    messages: queue.SimpleQueue[bytes | None] = field(default_factory=queue.SimpleQueue)

    def send(self, message: bytes | None) -> None:
        self.messages.put(message)


class ReloadHub:
    """The open tabs and what to tell them. `version_of(page)` is the version of the file served
    at that path now (the 404 page's when there is none)."""

    def __init__(self, version_of: Callable[[str], str]) -> None:
        self.version_of = version_of
        self._lock = threading.Lock()
        self._subscribers: set[Subscriber] = set()
        self._overlay = NO_OVERLAY
        self._closed = False

    @property
    def overlay(self) -> Overlay:
        return self._overlay

    @property
    def tabs(self) -> int:
        with self._lock:
            return len(self._subscribers)

    def subscribe(self, page: str, version: str) -> Subscriber:
        subscriber = Subscriber(page, version)
        with self._lock:
            if self._closed:
                subscriber.send(None)
                return subscriber
            self._subscribers.add(subscriber)
            subscriber.send(f"retry: {RETRY_MS}\n\n".encode())
            subscriber.send(overlay_event(self._overlay))
            # The page may have changed between being served and subscribing (or while a
            # restarted server was down).
            if self.version_of(page) != version:
                self._reload(subscriber)
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        with self._lock:
            self._subscribers.discard(subscriber)

    def published(self, changed: Sequence[str], overlay: Overlay) -> int:
        """Tell the tabs about a publish; returns how many were told to reload."""
        static = [rel for rel in changed if rel.startswith(urls.STATIC)]
        stylesheets = [rel for rel in static if rel.endswith(".css")]
        # A changed script or font may matter to any page; a stylesheet can be swapped in place.
        everyone = len(stylesheets) < len(static)
        reloaded = 0
        with self._lock:
            if overlay != self._overlay:
                self._overlay = overlay
                for subscriber in self._subscribers:
                    subscriber.send(overlay_event(overlay))
            if not changed:
                return 0
            versions: dict[str, str] = {}
            for subscriber in list(self._subscribers):
                if subscriber.page not in versions:
                    versions[subscriber.page] = self.version_of(subscriber.page)
                if everyone or versions[subscriber.page] != subscriber.version:
                    self._reload(subscriber)
                    reloaded += 1
                elif stylesheets:
                    subscriber.send(event("css", stylesheets))
        return reloaded

    def close(self) -> None:
        """End every event stream (the server is stopping)."""
        with self._lock:
            self._closed = True
            for subscriber in self._subscribers:
                subscriber.send(None)
            self._subscribers.clear()

    def _reload(self, subscriber: Subscriber) -> None:
        # The tab is going away: tell it once and end its stream, rather than hold a thread
        # until the next heartbeat finds the connection closed.
        subscriber.send(event("reload", {}))
        subscriber.send(None)
        self._subscribers.discard(subscriber)
