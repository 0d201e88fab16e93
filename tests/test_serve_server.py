"""sitegen serve, HTTP: nothing outside the output folder, clean URLs, content types, 404, HEAD,
304, the injected script, quiet disconnects. Served from a hand-made folder; no builds here."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.serve.publish import ServedSite
from sitegen.serve.reload import EVENTS_PATH, ReloadHub
from sitegen.serve.server import (
    BadRequest,
    Found,
    NotFound,
    PreviewHTTPServer,
    Redirect,
    resolve,
    served_version,
)

from .conftest import MakeSite
from .serve_support import EP_100, request

SECRET = b"TOP SECRET: outside the site"
PAGE = b"<!doctype html><html><body><h1>Episode 920</h1></body></html>\n"
FILES: dict[str, bytes] = {
    "index.html": b"<!doctype html><html><body><h1>Home</h1></body></html>\n",
    "episodes/920/index.html": PAGE,
    "episodes/920/transcript.vtt": b"WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n",
    "episodes/920/transcript.srt": b"1\n00:00:00,000 --> 00:00:01,000\nHi\n",
    "episodes/920/transcript.json": b'{"version": "1.0.0", "segments": []}',
    "episodes/920/transcript.txt": b"Hi\n",
    "feed.xml": b"<rss/>",
    "sitemap.xml": b"<urlset/>",
    "static/sitegen.js": b"console.log(1);",
    "static/style.css": b"body{}",
    "static/logo.svg": b"<svg/>",
    "static/font.woff2": b"wOF2",
    "static/big.bin": bytes(range(256)) * 19_532,  # ~5 MB, every offset distinguishable
    "404.html": b"<!doctype html><html><body><h1>Page not found</h1></body></html>\n",
    ".sitegen-manifest.json": b'{"files": []}',
}


def make_folder(tmp_path: Path) -> Path:
    root = tmp_path / "out"
    for rel, data in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    (tmp_path / "secret.txt").write_bytes(SECRET)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "secret.txt").write_bytes(SECRET)
    (root / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (root / "leakdir").symlink_to(tmp_path / "elsewhere")
    (root / "alias.css").symlink_to(root / "static" / "style.css")  # inside: fine
    return root


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[int, ServedSite]]:
    site = ServedSite(make_folder(tmp_path))
    hub = ReloadHub(lambda page: served_version(site, page))
    server = PreviewHTTPServer(("127.0.0.1", 0), site, hub)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server.server_address[1], site
    finally:
        hub.close()
        server.shutdown()
        thread.join(timeout=10)
        server.close_connections()
        server.server_close()


@pytest.mark.parametrize(
    "target",
    [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/episodes/..%2f..%2f..%2fsecret.txt",
        "/%252e%252e/secret.txt",  # double encoded: a file literally named `%2e%2e`
        "/%c0%ae%c0%ae/secret.txt",  # overlong UTF-8 dots
        "/leak.txt",  # a symlink out of the folder
        "/leakdir/secret.txt",  # a folder symlink out of it
        "/leakdir/",
        "//etc/passwd",
        "/%2fetc/passwd",
        "/etc/passwd",
        "http://127.0.0.1/../secret.txt",  # absolute-form request target
        "/secret.txt%00.html",
        "/episodes%00/920/",
        "/..%5csecret.txt",
        "/episodes\\..\\..\\secret.txt",
        "/.sitegen-manifest.json",  # sitegen's own bookkeeping is not part of the site
        "/episodes/920/../../../secret.txt",
    ],
)
def test_nothing_outside_the_output_folder_is_served(
    served: tuple[int, ServedSite], target: str
) -> None:
    port, _ = served
    response = request(port, target)
    assert response.status in (400, 404)
    assert SECRET not in response.body
    assert b"root:" not in response.body  # /etc/passwd


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/../secret.txt", BadRequest),
        ("/%2e%2e/secret.txt", BadRequest),
        ("/a%00b", BadRequest),
        ("/a%5cb", BadRequest),
        ("/leak.txt", NotFound),
        ("/alias.css", Found),  # a symlink that stays inside is fine
        ("/episodes/920", Redirect),
        ("/episodes/920/", Found),
        ("/episodes//920/", NotFound),
        ("relative", BadRequest),
    ],
)
def test_resolution_of_a_target(tmp_path: Path, target: str, expected: type) -> None:
    assert isinstance(resolve(make_folder(tmp_path), "/", target), expected)


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/episodes/920/", "text/html; charset=utf-8"),
        ("/episodes/920/transcript.vtt", "text/vtt; charset=utf-8"),
        ("/episodes/920/transcript.srt", "application/x-subrip; charset=utf-8"),
        ("/episodes/920/transcript.json", "application/json; charset=utf-8"),
        ("/episodes/920/transcript.txt", "text/plain; charset=utf-8"),
        ("/feed.xml", "application/xml; charset=utf-8"),
        ("/static/sitegen.js", "text/javascript; charset=utf-8"),
        ("/static/style.css", "text/css; charset=utf-8"),
        ("/static/logo.svg", "image/svg+xml; charset=utf-8"),
        ("/static/font.woff2", "font/woff2"),
        ("/static/big.bin", "application/octet-stream"),
    ],
)
def test_content_types(served: tuple[int, ServedSite], path: str, content_type: str) -> None:
    port, _ = served
    response = request(port, path)
    assert response.status == 200
    assert response.headers["content-type"] == content_type


def test_files_other_than_html_are_served_byte_for_byte(served: tuple[int, ServedSite]) -> None:
    port, _ = served
    for rel in ("episodes/920/transcript.vtt", "static/style.css", "static/big.bin"):
        assert request(port, "/" + rel).body == FILES[rel]


def test_clean_urls(served: tuple[int, ServedSite]) -> None:
    port, _ = served
    page = request(port, "/episodes/920/")
    assert page.status == 200 and "<h1>Episode 920</h1>" in page.text
    assert request(port, "/episodes/920/index.html").status == 200
    home = request(port, "/")
    assert home.status == 200 and "<h1>Home</h1>" in home.text

    slashless = request(port, "/episodes/920")
    assert slashless.status in (301, 302, 307, 308)
    assert slashless.headers["location"] == "/episodes/920/"
    with_query = request(port, "/episodes/920?t=16:29")
    assert with_query.headers["location"] == "/episodes/920/?t=16:29"


def test_a_miss_gets_the_sites_404_page_with_status_404(served: tuple[int, ServedSite]) -> None:
    port, _ = served
    for target in ("/no/such/page/", "/no-such-file.css", "/episodes/999"):
        response = request(port, target)
        assert response.status == 404
        assert "<h1>Page not found</h1>" in response.text
        assert response.headers["content-type"] == "text/html; charset=utf-8"


def test_html_gets_the_reload_script_before_body_end_and_nothing_else_does(
    served: tuple[int, ServedSite],
) -> None:
    port, _ = served
    html = request(port, "/episodes/920/").text
    assert html.startswith(PAGE.decode().split("</body>")[0])
    script_at = html.index('<script id="sitegen-reload"')
    assert script_at < html.index("</body>")
    assert f'data-events="{EVENTS_PATH}"' in html
    assert 'data-page="/episodes/920/"' in html
    assert html.endswith("</body></html>\n")


def test_head_gives_the_headers_of_get_without_a_body(served: tuple[int, ServedSite]) -> None:
    port, _ = served
    for path in ("/episodes/920/", "/static/big.bin", "/no-such-page/"):
        get, head = request(port, path), request(port, path, method="HEAD")
        assert head.status == get.status
        assert head.body == b""
        assert head.headers["content-length"] == str(len(get.body))
        assert head.headers["content-type"] == get.headers["content-type"]


def test_unchanged_files_answer_304(served: tuple[int, ServedSite]) -> None:
    port, site = served
    for path in ("/static/style.css", "/episodes/920/"):
        first = request(port, path)
        etag = first.headers["etag"]
        again = request(port, path, headers={"If-None-Match": etag})
        assert again.status == 304 and again.body == b""
    css = request(port, "/static/style.css")
    since = request(
        port, "/static/style.css", headers={"If-Modified-Since": css.headers["last-modified"]}
    )
    assert since.status == 304
    # A new build of the file is a new version: served in full again.
    (site.root / "static" / "style.css").write_bytes(b"body{color:red}")
    fresh = request(port, "/static/style.css", headers={"If-None-Match": css.headers["etag"]})
    assert fresh.status == 200 and fresh.body == b"body{color:red}"


def test_only_get_and_head(served: tuple[int, ServedSite]) -> None:
    port, _ = served
    response = request(port, "/episodes/920/", method="POST")
    assert response.status == 405
    assert response.headers["allow"] == "GET, HEAD"


def test_the_site_is_served_under_its_base_path(tmp_path: Path) -> None:
    root = make_folder(tmp_path)
    assert resolve(root, "/archive/", "/") == Redirect("/archive/")
    assert resolve(root, "/archive/", "/archive") == Redirect("/archive/")
    assert resolve(root, "/archive/", "/archive?x=1") == Redirect("/archive/?x=1")
    assert isinstance(resolve(root, "/archive/", "/archive/episodes/920/"), Found)
    assert resolve(root, "/archive/", "/archive/episodes/920") == Redirect("/archive/episodes/920/")
    assert isinstance(resolve(root, "/archive/", "/episodes/920/"), NotFound)
    assert isinstance(resolve(root, "/archive/", "/archive/../secret.txt"), BadRequest)


def _reset(sock: socket.socket) -> None:
    """Close with a TCP reset, as a browser cancelling a request can."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def test_clients_that_go_away_make_no_noise(
    served: tuple[int, ServedSite], capfd: pytest.CaptureFixture[str]
) -> None:
    port, _ = served
    for partial in (b"", b"GET /static/big", b"GET /static/big.bin HTTP/1.1\r\nHost: x\r\n\r\n"):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        if partial:
            sock.sendall(partial)
        if partial.endswith(b"\r\n\r\n"):
            sock.recv(1024)  # the response has started; 5 MB are still to come
        _reset(sock)
    events = socket.create_connection(("127.0.0.1", port), timeout=5)
    events.sendall(f"GET {EVENTS_PATH}?page=/&version=x HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    assert b"text/event-stream" in events.recv(4096)
    _reset(events)
    assert request(port, "/episodes/920/").status == 200  # still serving
    captured = capfd.readouterr()
    assert captured.err == ""
    assert captured.out == ""


def test_built_sites_never_contain_the_reload_script(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({"content/episodes/100.md": EP_100})
    out = tmp_path / "built"
    assert not build(site, out_dir=out, jobs=1).failed(strict=False)
    for path in out.rglob("*"):
        if path.is_file():
            assert b"sitegen-reload" not in path.read_bytes(), path
            assert b"/_sitegen/" not in path.read_bytes(), path


def test_byte_ranges_let_audio_seek(served: tuple[int, ServedSite]) -> None:
    port, _ = served
    whole = FILES["static/big.bin"]
    part = request(port, "/static/big.bin", headers={"Range": "bytes=10-19"})
    assert part.status == 206
    assert part.body == whole[10:20]
    assert part.headers["content-range"] == f"bytes 10-19/{len(whole)}"
    tail = request(port, "/static/big.bin", headers={"Range": "bytes=-5"})
    assert (tail.status, tail.body) == (206, whole[-5:])
    open_ended = request(port, "/static/big.bin", headers={"Range": "bytes=100-"})
    assert (open_ended.status, open_ended.body) == (206, whole[100:])
    past = request(port, "/static/big.bin", headers={"Range": f"bytes={len(whole)}-"})
    assert past.status == 416
    several = request(port, "/static/big.bin", headers={"Range": "bytes=0-1,5-6"})
    assert (several.status, several.body) == (200, whole)  # not served in parts: all of it
    assert request(port, "/static/big.bin").headers["accept-ranges"] == "bytes"
