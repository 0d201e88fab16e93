"""The Pagefind binary: pages in, a bundle's files out.

Owns finding the binary, running it as `pagefind --service`, the JSON messages of that
protocol, and checking that the bundle it writes is whole. What a document holds and how the
archive is cut into parts is search.py's.

The binary ships in the `pagefind_bin` wheel; nothing is downloaded at build time. We talk to
it over its `--service` protocol (base64 JSON messages separated by commas, the protocol the
official `pagefind` Python and Node wrappers speak) with a pipe we write to and a thread that
reads: the official Python wrapper polls for each response after a 0.1 s sleep.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Literal, TypedDict, cast

from sitegen.errors import SitegenError

ShouldStop = Callable[[], bool] | None
# Pagefind has answered WriteFiles and exited with a bundle whose entry file was empty (seen
# under heavy load): a bundle is checked, and made again when it is not whole.
INDEX_ATTEMPTS = 3


class NewIndex(TypedDict):
    type: Literal["NewIndex"]
    config: None  # Pagefind's defaults


class AddFile(TypedDict):
    type: Literal["AddFile"]
    index_id: int
    url: str
    file_contents: str  # the document's HTML
    file_path: None  # the document is given, not read from a file


class WriteFiles(TypedDict):
    type: Literal["WriteFiles"]
    index_id: int
    output_path: str


Request = NewIndex | AddFile | WriteFiles


class Message(TypedDict):
    """What goes down the pipe: a request and the id its answer comes back with."""

    message_id: int
    payload: Request


# An answer's payload as parsed JSON: its fields are checked where they are read.
Answer = Mapping[str, object]


class IndexCancelled(Exception):
    """Indexing stopped because `should_stop` said so (an edit arrived in `sitegen serve`)."""


def index_files(
    pages: Iterable[tuple[str, str]], should_stop: ShouldStop = None
) -> dict[str, bytes]:
    """The Pagefind bundle for `pages` (URL, the document's HTML): relative path under the
    bundle folder → bytes."""
    given: list[tuple[str, str]] = []

    def keeping() -> Iterator[tuple[str, str]]:  # Pagefind reads them as they are made
        for page in pages:
            given.append(page)
            yield page

    files = _index_once(keeping(), should_stop)
    for _ in range(INDEX_ATTEMPTS - 1):
        if _whole(files):
            return files
        files = _index_once(given, should_stop)
    if _whole(files):
        return files
    raise SitegenError("search index: Pagefind wrote an incomplete index, again and again")


def _index_once(pages: Iterable[tuple[str, str]], should_stop: ShouldStop) -> dict[str, bytes]:
    with tempfile.TemporaryDirectory(prefix="sitegen-pagefind-") as tmp:
        bundle = Path(tmp) / "pagefind"
        with _Service(cwd=Path(tmp), should_stop=should_stop) as service:
            index = service.call(NewIndex(type="NewIndex", config=None)).get("index_id")
            if not isinstance(index, int):
                raise SitegenError("search index: Pagefind made no index")
            service.stream(
                AddFile(
                    type="AddFile", index_id=index, url=url, file_contents=source, file_path=None
                )
                for url, source in pages
            )
            service.call(WriteFiles(type="WriteFiles", index_id=index, output_path=str(bundle)))
        files: dict[str, bytes] = {}
        for root, _, names in os.walk(bundle):
            for name in names:
                path = Path(root) / name
                files[path.relative_to(bundle).as_posix()] = path.read_bytes()
        return files


def _whole(files: Mapping[str, bytes]) -> bool:
    """Whether a bundle's entry file reads, and the metadata file of each language it names is
    there and not empty."""
    try:
        languages = json.loads(files.get("pagefind-entry.json", b""))["languages"]
        return all(files.get(f"pagefind.{facts['hash']}.pf_meta") for facts in languages.values())
    except (ValueError, KeyError, TypeError, AttributeError):
        return False


def _fields(value: object) -> Answer:
    """A JSON object's fields; none for anything else (a missing payload reads as none)."""
    return cast(Answer, value) if isinstance(value, dict) else {}


class _Service:
    """The `pagefind --service` process. Requests are written as they come; a reader thread
    collects responses, so the pipe never fills in either direction. When `should_stop` says
    so, the next request or wait raises IndexCancelled and the process is killed."""

    def __init__(self, cwd: Path, should_stop: ShouldStop = None) -> None:
        self.cwd = cwd
        self.should_stop = should_stop
        self._next_id = 0
        self._responses: dict[int, Answer] = {}
        self._done = threading.Condition()
        self._closed = False
        self._error: str | None = None

    def __enter__(self) -> _Service:
        binary = executable()
        self._process = subprocess.Popen(
            [str(binary), "--service"],
            cwd=self.cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        assert self._process.stdin is not None
        if kind is not None:  # cancelled or failed: what it has indexed is of no use
            self._process.kill()
        with contextlib.suppress(OSError):  # it may have exited already (an error)
            self._process.stdin.close()
        self._process.wait()
        self._reader.join()

    def _check_stop(self) -> None:
        if self.should_stop is not None and self.should_stop():
            raise IndexCancelled

    def _send(self, payload: Request) -> int:
        self._check_stop()
        self._next_id += 1
        message = Message(message_id=self._next_id, payload=payload)
        assert self._process.stdin is not None
        try:
            self._process.stdin.write(base64.b64encode(json.dumps(message).encode()) + b",")
        except BrokenPipeError as exc:
            raise SitegenError(f"the Pagefind indexer stopped: {self._error}") from exc
        return self._next_id

    def stream(self, payloads: Iterable[Request]) -> None:
        """Send many requests without waiting for each answer; fail on the first error."""
        last = 0
        for payload in payloads:
            last = self._send(payload)
        if last:
            self._wait(last, keep=False)

    def call(self, payload: Request) -> Answer:
        return self._wait(self._send(payload), keep=True)

    def _wait(self, message_id: int, keep: bool) -> Answer:
        assert self._process.stdin is not None
        self._process.stdin.flush()
        with self._done:
            # In short waits when it can be cancelled: an edit in `serve` waits for this.
            timeout = None if self.should_stop is None else 0.01
            while not self._done.wait_for(
                lambda: self._error is not None or self._closed or message_id in self._responses,
                timeout,
            ):
                self._check_stop()
            if self._error is not None:
                raise SitegenError(f"search index: Pagefind reported: {self._error}")
            if message_id not in self._responses:
                raise SitegenError("search index: the Pagefind indexer exited unexpectedly")
            return self._responses.pop(message_id) if keep else {}

    def _read(self) -> None:
        assert self._process.stdout is not None
        pending = b""
        try:
            stdout = cast(io.BufferedReader, self._process.stdout)  # unbuffered reads: read1
            while chunk := stdout.read1(1 << 16):
                pending += chunk
                *messages, pending = pending.split(b",")
                for raw in messages:
                    response = _fields(json.loads(base64.b64decode(raw)))
                    payload = _fields(response.get("payload"))
                    with self._done:
                        if payload.get("type") == "Error":  # its message_id may be null
                            self._error = str(payload.get("message"))
                            self._done.notify_all()
                            continue
                        message_id = response["message_id"]
                        if not isinstance(message_id, int):
                            raise TypeError(f"Pagefind answered with message id {message_id!r}")
                        if payload.get("type") in {"NewIndex", "WriteFiles"}:
                            # Only these answers are read; keeping an answer per AddFile
                            # would cost memory for nothing.
                            self._responses[message_id] = payload
                        else:
                            self._responses.pop(message_id - 1, None)
                            self._responses[message_id] = {}
                        self._done.notify_all()
        finally:
            with self._done:
                self._closed = True
                self._done.notify_all()


def executable() -> Path:
    """The Pagefind binary from the `pagefind_bin` wheel (or PAGEFIND_BINARY_PATH / PATH)."""
    override = os.environ.get("PAGEFIND_BINARY_PATH")
    if override:
        return Path(override)
    try:
        from pagefind_bin import get_executable  # type: ignore[import-untyped]

        found: Path = get_executable()
        return found
    except (ImportError, FileNotFoundError):
        pass
    on_path = shutil.which("pagefind")
    if on_path is None:
        raise SitegenError(
            "search index: the Pagefind binary is missing; install it with "
            "`pip install 'pagefind[bin]'` or build with --no-search"
        )
    return Path(on_path)
