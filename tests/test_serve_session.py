"""sitegen serve, end to end: a real session on a free loopback port over real files. Edits show up
over HTTP, bad edits show the overlay and the server lives on, many requests during rebuilds,
the base-URL subpath, and the command line (Ctrl-C, port in use)."""

from __future__ import annotations

import http.client
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.serve.reload import EVENTS_PATH

from .conftest import MakeSite
from .serve_support import (
    BROKEN_ABOUT,
    EP_100,
    OVERLAY,
    SITE_FILES,
    WAIT,
    Running,
    edit,
    overlay_text,
    running,
    wait_until,
)


@pytest.fixture
def site(make_site: MakeSite) -> Path:
    return make_site(SITE_FILES)


def test_an_edited_transcript_is_served_after_one_rebuild(site: Path) -> None:
    with running(site) as serve:
        assert "original words" in serve.text("/episodes/100/")
        builds = serve.session.builds
        started = time.monotonic()
        edit(site / "content/episodes/100.md", "original words", "edited words")
        wait_until(lambda: "edited words" in serve.text("/episodes/100/"), what="the new text")
        assert time.monotonic() - started < WAIT
        assert serve.session.builds == builds + 1  # one save, one rebuild

        on_disk = (site / "_site/episodes/100/index.html").read_text()
        assert "edited words" in on_disk
        assert "sitegen-reload" not in on_disk  # injected into responses only
        log = serve.stdout.getvalue()
        rebuilt = (
            r"content/episodes/100\.md: rebuilt in \d+\.\d\d s \(published in \d+ ms\); "
            r"\d+ files? updated"
        )
        assert re.search(rebuilt, log)
        assert "episodes/100/index.html" in log


def test_new_and_deleted_episodes_appear_and_disappear(site: Path) -> None:
    with running(site) as serve:
        new = site / "content/episodes/102.md"
        new.write_text(EP_100.replace("100", "102").replace("First light", "Third time"))
        wait_until(lambda: serve.get("/episodes/102/").status == 200, what="the new page")
        assert "Third time" in serve.text("/")
        new.unlink()
        wait_until(lambda: serve.get("/episodes/102/").status == 404, what="the page to go")
        assert not (site / "_site/episodes/102").exists()


def test_a_broken_file_shows_the_overlay_and_the_next_good_save_clears_it(site: Path) -> None:
    transcript = site / "content/episodes/100.md"
    with running(site) as serve:
        edit(transcript, "title: First light", "title: Bad: <script>alert(1)</script>: here")
        wait_until(lambda: OVERLAY in serve.text("/episodes/101/"), what="the overlay")
        page = serve.text("/episodes/101/")
        shown = overlay_text(page)
        assert "content/episodes/100.md:2: front matter is not valid YAML" in shown
        assert "title: Bad: <script>alert(1)</script>: here" in shown
        # The offending line is shown, escaped: the page runs no script from a transcript.
        assert "title: Bad: &lt;script&gt;alert(1)&lt;/script&gt;: here" in page
        assert "<script>alert(1)" not in page
        assert serve.get("/static/style.css").status == 200  # the server lives on
        assert "content/episodes/100.md:2: error: front matter" in serve.stderr.getvalue()
        assert "build failed" in serve.stderr.getvalue()

        edit(transcript, "title: Bad: <script>alert(1)</script>: here", "title: First light")
        wait_until(lambda: OVERLAY not in serve.text("/episodes/101/"), what="clearing")
        assert "First light" in serve.text("/episodes/100/")


@pytest.mark.parametrize(
    ("rel", "text", "shown"),
    [
        (
            "templates/episode.html",
            '{% extends "base.html" %}\n{% block main %}\n{% if %}\n{% endblock %}\n',
            "templates/episode.html:3: template error",
        ),
        (
            "templates/episode.html",
            '{% extends "base.html" %}\n{% block main %}\n{{ episode.titel }}\n{% endblock %}\n',
            "templates/episode.html:3: template error: 'sitegen.model.Episode object' has no",
        ),
        ("sitegen.toml", 'title = "x"\ntitel = "y"\n', 'sitegen.toml:2: unknown key "titel"'),
        ("sitegen.toml", 'title = "x"\nbase_url = \n', "sitegen.toml:2: "),
    ],
)
def test_broken_templates_and_settings_are_reported_and_survived(
    site: Path, rel: str, text: str, shown: str
) -> None:
    with running(site) as serve:
        (site / rel).parent.mkdir(exist_ok=True)
        (site / rel).write_text(text)
        wait_until(lambda: OVERLAY in serve.text("/episodes/100/"), what="the overlay")
        assert shown in overlay_text(serve.text("/episodes/100/"))
        assert "original words" in serve.text("/episodes/100/")  # the last good page
        (site / rel).unlink()
        wait_until(lambda: OVERLAY not in serve.text("/"), what="the overlay to clear")


def read_events(sock: socket.socket, until: bytes, timeout: float) -> bytes:
    sock.settimeout(0.2)
    data = b""
    deadline = time.monotonic() + timeout
    while until not in data and time.monotonic() < deadline:
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            continue
        if not chunk:
            break
        data += chunk
    return data


def subscribe(serve: Running, page: str) -> socket.socket:
    """An open event stream for a tab showing `page`, as the injected script opens it."""
    html = serve.text(page)
    version = re.search(r'data-version="([0-9a-f]+)"', html)
    assert version is not None
    sock = socket.create_connection(("127.0.0.1", serve.port), timeout=WAIT)
    target = f"{EVENTS_PATH}?page={page}&version={version.group(1)}"
    sock.sendall(f"GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
    assert b"event: overlay" in read_events(sock, b"event: overlay", WAIT)
    return sock


def test_only_the_stream_of_the_changed_page_is_told_to_reload(site: Path) -> None:
    with running(site) as serve:
        changed, other = subscribe(serve, "/episodes/100/"), subscribe(serve, "/episodes/101/")
        wait_until(lambda: serve.session.hub.tabs == 2, what="two tabs")
        edit(site / "content/episodes/100.md", "original words", "edited words")
        assert b"event: reload" in read_events(changed, b"event: reload", WAIT)
        assert b"event: reload" not in read_events(other, b"event: reload", 0.5)

        (site / "content/pages/about.md").write_text(BROKEN_ABOUT)
        # The overlay reaches the open tab without a reload.
        events = read_events(other, b"sitegen-overlay", WAIT)
        assert b"event: overlay" in events and b"event: reload" not in events
        changed.close()
        other.close()


def test_many_requests_during_rebuilds_all_succeed_whole(site: Path) -> None:
    transcript = site / "content/episodes/100.md"
    paths = ["/", "/episodes/100/", "/episodes/101/", "/static/style.css", "/episodes/100"]
    paths += ["/no/such/page/", "/about/", "/speakers/"]
    with running(site) as serve:
        assert serve.session.httpd.server_address[0] == "127.0.0.1"  # loopback only
        builds = serve.session.builds
        stop = threading.Event()

        def keep_editing() -> None:
            texts = ["original words", "edited words"]
            n = 0
            while not stop.is_set():
                edit(transcript, texts[n % 2], texts[(n + 1) % 2])
                n += 1
                time.sleep(0.15)

        def worker(number: int) -> list[str]:
            problems = []
            connection = http.client.HTTPConnection("127.0.0.1", serve.port, timeout=WAIT)
            for i in range(40):  # keep-alive, as a browser does
                path = paths[(number + i) % len(paths)]
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()  # raises IncompleteRead on a short body
                if response.status >= 500:
                    problems.append(f"{path}: {response.status}")
                if response.getheader("Content-Type", "").startswith("text/html"):
                    if not body.rstrip().endswith(b"</html>"):
                        problems.append(f"{path}: truncated page")
                    if path == "/episodes/100/" and not (
                        b"original words" in body or b"edited words" in body
                    ):
                        problems.append(f"{path}: neither the old nor the new page")
            connection.close()
            return problems

        editor = threading.Thread(target=keep_editing)
        editor.start()
        started = time.monotonic()
        try:
            with ThreadPoolExecutor(max_workers=50) as pool:
                results = list(pool.map(worker, range(50)))
        finally:
            stop.set()
            editor.join()
        elapsed = time.monotonic() - started
        assert [p for problems in results for p in problems] == []
        assert elapsed < 60
        assert serve.session.builds > builds  # the requests really met rebuilds


def test_the_site_is_served_under_the_base_url_subpath(site: Path) -> None:
    with running(site, base_url="https://x.github.io/archive/") as serve:
        assert serve.session.url.endswith("/archive/")
        root = serve.get("/")
        assert root.status in (301, 302, 307, 308) and root.headers["location"] == "/archive/"
        assert "First light" in serve.text("/archive/")
        assert serve.get("/archive/episodes/100/").status == 200
        assert serve.get("/episodes/100/").status == 404
        missing = serve.get("/archive/no/such/")
        assert missing.status == 404 and "Page not found" in missing.text
        # The 404 page links into the subpath, so it works from any depth.
        assert 'href="/archive/"' in missing.text


def test_stopping_joins_every_thread_and_frees_the_port(site: Path) -> None:
    before = {t.ident for t in threading.enumerate()}
    with running(site) as serve:
        port = serve.port
        events = subscribe(serve, "/episodes/100/")  # an open stream must not hold the stop
        idle = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
        idle.request("GET", "/")  # a keep-alive connection left idle
        idle.getresponse().read()
        staging = serve.session.staging_dir
        assert staging.is_dir()
    wait_until(lambda: {t.ident for t in threading.enumerate()} <= before, what="threads")
    assert not staging.exists()
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds
        probe.bind(("127.0.0.1", port))  # nobody listens there any more
        probe.listen()
    events.close()
    idle.close()


def _serve_process(site: Path, *args: str) -> tuple[subprocess.Popen[str], queue.Queue[str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "sitegen", "serve", str(site), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        try:
            for line in process.stdout:
                lines.put(line)
        except ValueError:  # the test closed the pipe (`communicate`) while this thread read it
            return

    threading.Thread(target=pump, daemon=True).start()
    return process, lines


def _wait_line(lines: queue.Queue[str], pattern: str) -> re.Match[str]:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.1)
        except queue.Empty:
            continue
        match = re.search(pattern, line)
        if match:
            return match
    raise AssertionError(f"no line matching {pattern!r}")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_stops_cleanly(site: Path, signum: int) -> None:
    process, lines = _serve_process(site, "--port", "0")
    try:
        url = _wait_line(lines, r"serving (http://127\.0\.0\.1:\d+/)").group(1)
        port = int(url.rsplit(":", 1)[1].strip("/"))
        assert "First light" in serve_get(port, "/")
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=WAIT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0
    assert "Traceback" not in stderr
    assert (site / "_site/episodes/100/index.html").is_file()
    assert not list(site.glob(".*sitegen-serve*"))  # staging removed


def test_ctrl_c_during_a_rebuild_on_all_cores_stops_cleanly(make_site: MakeSite) -> None:
    # Enough episodes for the build to use a pool of worker processes, and long enough
    # transcripts that the signal usually lands while they work.
    body = "".join(f"Ann Lee: {m:02d}:00 {'Words spoken at length. ' * 40}\n" for m in range(60))
    files: dict[str, str | bytes] = {
        f"content/episodes/{n}.md": f"---\ntitle: Show {n}\nepisode: {n}\n---\n{body}"
        for n in range(1, 101)
    }
    site = make_site(files)
    process, lines = _serve_process(site, "--port", "0", "-j", "2")
    try:
        _wait_line(lines, r"serving http://")
        edit(site / "content/episodes/1.md", "title: Show 1", "title: Show one")
        time.sleep(0.4)  # past the debounce window: the rebuild has started
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=WAIT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0
    assert "Traceback" not in stderr
    assert not list(site.glob(".*sitegen-serve*"))


def serve_get(port: int, path: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
    try:
        connection.request("GET", path)
        return connection.getresponse().read().decode()
    finally:
        connection.close()


def test_a_port_in_use_is_a_clear_error(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", str(site), "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert re.search(rf"port {port} is in use; try --port \d+", err), err
    assert "Traceback" not in err


def test_serve_listens_on_loopback_unless_told_otherwise(site: Path) -> None:
    from sitegen.cli import make_parser

    args = make_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8000)
    with running(site) as serve:
        assert serve.session.httpd.server_address[0] == "127.0.0.1"


def test_a_second_session_on_the_same_output_is_refused(site: Path) -> None:
    with running(site):
        assert main(["serve", str(site), "--port", "0", "-q"]) == 1
    assert os.path.isdir(site / "_site")


def test_the_output_folder_can_be_anywhere(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "preview"
    with running(site, out_dir=out) as serve:
        assert "First light" in serve.text("/episodes/100/")
        assert (out / "episodes/100/index.html").is_file()
        assert not (site / "_site").exists()
    assert not (tmp_path / ".preview.sitegen-serve").exists()


def test_a_closed_event_stream_is_let_go_within_a_second(site: Path) -> None:
    with running(site) as serve:
        stream = subscribe(serve, "/episodes/100/")
        wait_until(lambda: serve.session.hub.tabs == 1, what="the tab to listen")
        stream.close()  # the tab was closed, or hidden
        wait_until(lambda: serve.session.hub.tabs == 0, timeout=3, what="the stream to end")
