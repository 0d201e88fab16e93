"""A build or a preview session killed at any moment: the output folder holds the previous
complete site or the new complete site, no process of it survives, and the next run leaves no
temporary file behind.

The builds here are real `sitegen` processes over an archive of ~2,000 episodes, killed with
SIGKILL or SIGTERM at moments spread over the whole build (reading, rendering, search
indexing, committing). A kill while the build commits (a burst of renames at the very end)
leaves a commit journal: the next run into the folder carries it out before anything else, so
the folder then holds the new site.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen.output import JOURNAL, MANIFEST, OutputWriter, recover, staged_path
from sitegen.urls import SEARCH_PARTS

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads process groups from /proc"
)

EPISODES = 2_000
SITEGEN = [sys.executable, "-m", "sitegen"]
# Temporary files sitegen makes: staged files and the temp files of atomic writes.
TEMPORARY = re.compile(r"\..+(?:\.sitegen-new|\.(?:serve-)?tmp\d+)|\.sitegen-writing")
SETTLE = 10.0  # seconds the workers of a killed build may take to notice and exit


def _episode(number: int, version: int) -> str:
    lines = [f"Host: 00:00 Welcome to episode {number}, take {version}."]
    for turn in range(1, 9):
        who = "Guest" if turn % 2 else "Host"
        target = max(1, number - turn * 7)
        lines.append(
            f"{who}: {turn:02d}:{turn * 7 % 60:02d} We talked about this in episode {target}, "
            f"and the pipeline part {turn} of it still holds for version {version}."
        )
    return "\n".join(lines) + "\n"


def _make_archive(site: Path, count: int = EPISODES) -> None:
    """Version 1 of the archive: `count` short episodes that mention earlier ones."""
    episodes = site / "content" / "episodes"
    episodes.mkdir(parents=True)
    (site / "sitegen.toml").write_text('title = "Version One"\n', encoding="utf-8")
    for number in range(1, count + 1):
        (episodes / f"{number}.txt").write_text(_episode(number, 1), encoding="utf-8")


def _change_archive(site: Path, count: int = EPISODES) -> None:
    """Version 2: every page changes (the title), some episodes are edited, some are gone and
    some are new."""
    episodes = site / "content" / "episodes"
    (site / "sitegen.toml").write_text('title = "Version Two"\n', encoding="utf-8")
    for number in range(1, 101):
        (episodes / f"{number}.txt").write_text(_episode(number, 2), encoding="utf-8")
    for number in range(count - 19, count + 1):
        (episodes / f"{number}.txt").unlink()
    for number in range(count + 1, count + 21):
        (episodes / f"{number}.txt").write_text(_episode(number, 2), encoding="utf-8")


def _snapshot(out: Path) -> dict[str, str]:
    """The published site: every file not hidden, and a digest of its bytes.

    The search index is the exception: Pagefind names and orders its files differently from
    run to run for the same documents, so a search bundle is described by what makes it whole
    and what it was made from: its entry file, the pages it counts, the metadata file the entry
    names, one fragment per page, and sitegen's record of the documents of each part."""
    files = {}
    for root, dirs, names in os.walk(out):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            path = Path(root) / name
            rel = path.relative_to(out).as_posix()
            if name.startswith(".") or (rel.startswith("pagefind/") and rel != SEARCH_PARTS):
                continue
            files[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    for entry in sorted(out.glob("pagefind/**/pagefind-entry.json")):
        bundle = entry.parent
        try:
            languages = json.loads(entry.read_bytes())["languages"]
        except ValueError as exc:
            files[entry.relative_to(out).as_posix()] = f"unreadable: {exc}"
            continue
        for language, facts in languages.items():
            meta = bundle / f"pagefind.{facts['hash']}.pf_meta"
            fragments = len(list((bundle / "fragment").glob(f"{language}_*.pf_fragment")))
            files[f"{bundle.relative_to(out).as_posix()}/{language}"] = (
                f"{facts['page_count']} pages, meta {meta.is_file()}, {fragments} fragments"
            )
    return files


def _temporary_files(out: Path) -> list[str]:
    return sorted(
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if TEMPORARY.fullmatch(p.name) or p.name == JOURNAL
    )


def _group_members(group: int) -> list[str]:
    """The live (not zombie) processes of a process group, as `pid command`."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        command, rest = text[text.index("(") + 1 : text.rindex(")")], text[text.rindex(")") + 2 :]
        fields = rest.split()
        if fields[0] != "Z" and int(fields[2]) == group:
            members.append(f"{stat.parent.name} {command}")
    return members


def _assert_no_survivors(group: int) -> None:
    deadline = time.monotonic() + SETTLE
    while (members := _group_members(group)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not members, f"processes of the killed run survive: {members}"


def _build(site: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SITEGEN, "build", str(site), "-o", str(out), "-q", "--jobs", "2"],
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, Path]]:
    """(site folder at version 2, its output at version 1 kept pristine, the complete version 2
    output), and the seconds a build from version 1 to 2 takes."""
    work = tmp_path_factory.mktemp("interrupted")
    site, v1, v2 = work / "site", work / "v1", work / "v2"
    _make_archive(site)
    assert _build(site, v1).returncode == 0
    _change_archive(site)
    assert _build(site, v2).returncode == 0
    yield site, v1, v2
    shutil.rmtree(work, ignore_errors=True)


def _timed_build(site: Path, v1: Path, out: Path) -> float:
    shutil.copytree(v1, out, symlinks=True)
    started = time.monotonic()
    assert _build(site, out).returncode == 0
    seconds = time.monotonic() - started
    shutil.rmtree(out)
    return seconds


def test_a_build_killed_at_any_moment_leaves_one_whole_site(
    versions: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    site, v1, v2 = versions
    before, after = _snapshot(v1), _snapshot(v2)
    assert before != after and len(after) > 10_000
    out = tmp_path / "out"
    seconds = _timed_build(site, v1, out)
    rng = random.Random(16)  # the same moments on every run of the suite
    moments = [(f, rng.choice([signal.SIGKILL, signal.SIGTERM])) for f in (0.05, 0.25, 0.5)]
    moments += [(rng.uniform(0.6, 1.0), sig) for sig in (signal.SIGKILL, signal.SIGTERM)]
    seen = set()
    for fraction, sig in moments:
        shutil.copytree(v1, out, symlinks=True)
        process = subprocess.Popen(
            [*SITEGEN, "build", str(site), "-o", str(out), "-q", "--jobs", "2"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        time.sleep(seconds * fraction)
        process.send_signal(sig)
        _, stderr = process.communicate(timeout=60)
        _assert_no_survivors(process.pid)
        where = f"{sig.name} at {fraction:.0%} of the build"
        if sig == signal.SIGTERM and process.returncode > 0:  # not killed while starting up
            assert process.returncode == 143, f"{where}: {stderr}"
            assert "Traceback" not in stderr, f"{where}: {stderr}"
        now = _snapshot(out)
        if (out / JOURNAL).exists():
            seen.add("committing")
            recover(out)  # what the next run does first
            now = _snapshot(out)
            assert now == after, f"{where}: the commit, carried out, is not the new site"
        elif now == before:
            seen.add("previous")
        else:
            seen.add("new")
            assert now == after, f"{where}: the output is neither the previous nor the new site"
        result = _build(site, out)
        assert result.returncode == 0, result.stderr
        assert _snapshot(out) == after
        assert _temporary_files(out) == [], where
        shutil.rmtree(out)
    assert "previous" in seen  # the early kills did land before the commit


def test_a_build_stopped_by_sigterm_cleans_up_at_once(
    versions: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    """SIGTERM (CI cancelling a job, `timeout`) unwinds like Ctrl-C: exit code 143, what was
    staged is removed before the process exits, the previous site is left as it was."""
    site, v1, _ = versions
    out = tmp_path / "out"
    shutil.copytree(v1, out, symlinks=True)
    process = subprocess.Popen(
        [*SITEGEN, "build", str(site), "-o", str(out), "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not list((out / "episodes").rglob("*.sitegen-new")):  # rendering has begun
        assert time.monotonic() < deadline and process.poll() is None, "nothing was staged"
        time.sleep(0.02)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 143, stderr
    assert "stopped; the output folder holds the previous build" in stderr
    assert "Traceback" not in stderr
    _assert_no_survivors(process.pid)
    assert _snapshot(out) == _snapshot(v1)
    assert _temporary_files(out) == []


def test_workers_of_a_killed_build_exit(versions: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """SIGKILL gives the build no chance to clean up: its workers, waiting on a pipe nobody will
    write to again, must notice on their own."""
    site, v1, _ = versions
    out = tmp_path / "out"
    shutil.copytree(v1, out, symlinks=True)
    process = subprocess.Popen(
        [*SITEGEN, "build", str(site), "-o", str(out), "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while len(_group_members(process.pid)) < 3:  # the build and its two workers
        assert time.monotonic() < deadline and process.poll() is None, "no workers started"
        time.sleep(0.02)
    process.kill()
    process.wait(timeout=60)
    _assert_no_survivors(process.pid)


# --- the commit, in one process ------------------------------------------------------------------


def test_a_commit_cut_short_is_finished_by_the_next_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    with OutputWriter(out) as writer:
        for name in ("a", "b", "c"):
            writer.write(f"{name}.html", b"old " + name.encode())
        writer.finish(prune=True)
    writer = OutputWriter(out)
    for name in ("a", "b"):
        writer.write(f"{name}.html", b"new " + name.encode())
    assert (out / "a.html").read_bytes() == b"old a"  # staged, not published
    assert staged_path(out / "a.html").read_bytes() == b"new a"
    real_replace, renames = os.replace, list[str | Path]()

    def die_after_one(source: str | Path, target: str | Path) -> None:
        if len(renames) == 2:  # the journal, then one page
            raise KeyboardInterrupt  # the process dies half way through the burst
        renames.append(target)
        real_replace(source, target)

    monkeypatch.setattr("sitegen.output.os.replace", die_after_one)
    with pytest.raises(KeyboardInterrupt):
        writer.finish(prune=True)
    monkeypatch.undo()
    assert (out / JOURNAL).is_file()
    assert {(out / n).read_bytes() for n in ("a.html", "b.html")} == {b"new a", b"old b"}
    said = recover(out)
    assert said is not None and "finished committing" in said
    assert (out / "a.html").read_bytes() == b"new a"
    assert (out / "b.html").read_bytes() == b"new b"
    assert not (out / "c.html").exists()  # pruned, as the cut-short build meant
    assert "c.html" not in (out / MANIFEST).read_text()
    assert _temporary_files(out) == [".sitegen-writing"]  # this process is alive: not swept


def test_leftovers_of_a_dead_writer_are_swept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with OutputWriter(out) as writer:
        writer.write("episodes/1/index.html", b"one")
        writer.finish(prune=True)
    leftovers = [
        out / "episodes" / "1" / ".index.html.sitegen-new",
        out / "episodes" / "1" / ".index.html.serve-tmp4242",
        out / ".feed.xml.tmp4242",
    ]
    for path in leftovers:
        path.write_bytes(b"half")
    user_file = out / ".git" / ".config.tmp1"  # in a hidden folder: someone else's
    user_file.parent.mkdir()
    user_file.write_bytes(b"mine")
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        text=True,
        capture_output=True,
        check=True,
    )
    (out / ".sitegen-writing").write_text(dead.stdout.strip())
    said = recover(out)
    assert said is not None and "interrupted build" in said
    assert not any(path.exists() for path in leftovers)
    assert user_file.read_bytes() == b"mine"
    assert (out / "episodes" / "1" / "index.html").read_bytes() == b"one"


def test_pruning_never_follows_a_symlinked_folder(tmp_path: Path) -> None:
    """A manifest restored from a CI cache (or tampered) names a file under a folder that is
    now a symlink out of the output folder: the file there is not deleted."""
    out, outside = tmp_path / "out", tmp_path / "outside"
    outside.mkdir()
    (outside / "index.html").write_bytes(b"someone else's")
    with OutputWriter(out) as writer:
        writer.write("old/index.html", b"ours")
        writer.finish(prune=True)
    shutil.rmtree(out / "old")
    (out / "old").symlink_to(outside, target_is_directory=True)
    with OutputWriter(out) as writer:
        writer.write("index.html", b"home")
        writer.finish(prune=True)
    assert (outside / "index.html").read_bytes() == b"someone else's"


# --- serve ---------------------------------------------------------------------------------------

SERVED_EPISODES = 500  # a preview session builds twice per kill: a smaller archive


@pytest.fixture(scope="module")
def served_versions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """(the site folder at version 1, the complete version 2 output)."""
    work = tmp_path_factory.mktemp("served")
    site, v2 = work / "site", work / "v2"
    _make_archive(site, SERVED_EPISODES)
    changed = work / "changed"
    shutil.copytree(site, changed)
    _retitle(changed)
    assert _build(changed, v2).returncode == 0
    yield site, v2
    shutil.rmtree(work, ignore_errors=True)


def _retitle(site: Path) -> None:
    """Change what every page shows, in one file saved at once: one rebuild follows."""
    config = site / "sitegen.toml"
    config.with_name(".sitegen.toml.new").write_text('title = "Version Two"\n', encoding="utf-8")
    os.replace(config.with_name(".sitegen.toml.new"), config)


class _Session:
    """`sitegen serve` as a process in its own process group, its output lines read as they
    come."""

    def __init__(self, site: Path, out: Path) -> None:
        self.process = subprocess.Popen(
            [*SITEGEN, "serve", str(site), "-o", str(out), "--port", "0", "--jobs", "2"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.lines: list[str] = []

    def wait_for(self, pattern: str, timeout: float = 300) -> float:
        """Read lines until one matches; the seconds that took."""
        assert self.process.stdout is not None
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            line = self.process.stdout.readline()
            if not line:
                break
            self.lines.append(line)
            if re.search(pattern, line):
                return time.monotonic() - started
        raise AssertionError(f"no line like {pattern!r}: {''.join(self.lines)}")

    def end(self, sig: signal.Signals) -> None:
        self.process.send_signal(sig)
        self.process.communicate(timeout=60)
        _assert_no_survivors(self.process.pid)


def test_serve_killed_while_rebuilding_or_publishing_leaves_one_whole_site(
    served_versions: tuple[Path, Path], tmp_path: Path
) -> None:
    """The served folder of a session killed at any moment of a rebuild holds the site as it
    was published last or as the rebuild makes it; the next session (or build) leaves no
    temporary file."""
    v1_site, v2 = served_versions
    after = _snapshot(v2)
    rng = random.Random(5)
    seconds = 0.0
    for kill in (None, 0.3, rng.uniform(0.7, 1.0), rng.uniform(0.9, 1.1)):
        site, out = tmp_path / "site", tmp_path / "out"
        shutil.copytree(v1_site, site)
        session = _Session(site, out)
        session.wait_for(r"serving http")
        before = _snapshot(out)
        _retitle(site)
        if kill is None:  # the first session measures how long a rebuild and publish take
            seconds = session.wait_for(r"rebuilt in")
            session.end(signal.SIGTERM)
            assert _snapshot(out) == after
        else:
            time.sleep(seconds * kill)
            session.end(signal.SIGKILL)
            now = _snapshot(out)
            where = f"SIGKILL at {kill:.0%} of a rebuild"
            if (out / JOURNAL).exists():
                recover(out)
                assert _snapshot(out) == after, where
            else:
                assert now in (before, after), f"{where}: a mix of two builds is served"
        result = _build(site, out)
        assert result.returncode == 0, result.stderr
        assert _snapshot(out) == after
        assert _temporary_files(out) == []
        shutil.rmtree(site)
        shutil.rmtree(out)


def test_a_full_disk_is_an_error_and_leaves_the_previous_site(tmp_path: Path) -> None:
    """Writing fails half way (here: a file size limit, which fails writes as a full disk
    does): one clear error naming the file, exit 1, the previous site as it was, nothing
    staged left behind."""
    site, out = tmp_path / "site", tmp_path / "out"
    _make_archive(site, 80)
    assert _build(site, out).returncode == 0
    before = _snapshot(out)
    _retitle(site)

    def small_files() -> None:
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write, don't kill the process
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    result = subprocess.run(
        [*SITEGEN, "build", str(site), "-o", str(out), "--jobs", "2"],
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=small_files,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert re.search(r"sitegen: error: cannot write \S+: File too large", result.stderr)
    assert _snapshot(out) == before
    assert _temporary_files(out) == []
