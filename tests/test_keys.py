"""`sitegen build` with nothing changed since the last clean build keeps the output as it is,
and any change to what a build reads (content, templates, static files, sitegen.toml, options)
or to the output folder builds again."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitegen import exports, keys, workers
from sitegen.cli import main
from sitegen.config import Config
from sitegen.keys import KEY_FILE
from sitegen.model import Episode
from sitegen.render import SiteRenderer
from sitegen.views import EpisodeLinks

from .conftest import MakeSite
from .serve_support import running

EPISODE = "Ann Lee: 00:00 Welcome to the show.\nBob Ray: 00:10 Glad to be here.\n"
KEPT = "nothing changed since the last build"


@pytest.fixture
def site(make_site: MakeSite) -> Path:
    return make_site({"content/episodes/1.txt": EPISODE, "content/episodes/2.txt": EPISODE})


def build(site: Path, capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, str]:
    code = main(["build", str(site), "--no-search", *options])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def snapshot(out: Path) -> dict[str, int]:
    return {str(p.relative_to(out)): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


def test_a_build_with_nothing_changed_keeps_every_file(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, first = build(site, capsys)
    assert code == 0 and KEPT not in first
    out = site / "_site"
    before = snapshot(out)
    code, again = build(site, capsys)
    assert code == 0 and KEPT in again
    assert "2 episodes, 2 speakers" in again  # the counts of the build that made the files
    assert snapshot(out) == before  # not one file touched


def test_a_build_with_nothing_to_do_starts_no_stage(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What a no-op build imports: the command line, the config, the build key and the output
    folder's checks; none of the stages (readers, linker, Jinja, workers)."""
    assert build(site, capsys)[0] == 0
    printed, code, modules = _build_in_a_new_process(
        site, [], ("sitegen", "jinja2", "markdown_it", "yaml")
    )
    assert KEPT in printed[0] and "2 episodes, 2 speakers" in printed[0]
    assert code == "0"
    stages = {"sitegen.build", "sitegen.readers", "sitegen.render", "sitegen.workers"}
    assert not stages & set(modules) and not any(m.startswith("jinja2") for m in modules)
    assert "sitegen.nochange" in modules


def test_a_build_after_one_edit_imports_only_the_reader_of_its_format(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A build that reads one plain-text transcript imports the plain-text reader and no other
    format's, and no process pool (one file to read, one page to render): their imports are a
    fixed cost of every build that needs them."""
    assert build(site, capsys)[0] == 0
    (site / "content" / "episodes" / "1.txt").write_text(EPISODE.replace("here", "back"))
    _, code, modules = _build_in_a_new_process(
        site, ["-q"], ("sitegen", "multiprocessing", "concurrent")
    )
    assert code == "0" and "sitegen.readers.plaintext" in modules
    others = {"markdown", "webvtt", "jsontranscript", "htmltranscript"}
    assert not {f"sitegen.readers.{name}" for name in others} & set(modules)
    assert not any(m.startswith(("multiprocessing", "concurrent")) for m in modules)


def _build_in_a_new_process(
    site: Path, options: list[str], packages: tuple[str, ...]
) -> tuple[list[str], str, list[str]]:
    """`sitegen build SITE --no-search` with `options`, run in a fresh Python: the lines it
    printed, its exit code, and the modules of `packages` it had imported by the end."""
    probe = (
        "import sys\n"
        "from sitegen.cli import main\n"
        f"code = main(['build', {str(site)!r}, '--no-search', *{options!r}])\n"
        "print(code, ' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        f"{packages!r})))\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    *printed, loaded = ran.stdout.splitlines()
    code, *modules = loaded.split()
    return printed, code, modules


def test_files_too_new_to_trust_are_trusted_once_old_enough(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file written just before a build is read again by the next one (its stat could hide a
    change in the same clock tick); once it is old enough, a no-op build records it as
    trusted, and the builds after it read none of the site's files."""
    assert build(site, capsys)[0] == 0
    hour_ago = time.time() - 3600
    for path in (site / "content").rglob("*"):
        os.utime(path, (hour_ago, hour_ago))  # as if written long before: stat changed
    read: list[Path] = []
    digest = keys._digest

    def counted(path: Path) -> str:
        read.append(path)
        return digest(path)

    monkeypatch.setattr(keys, "_digest", counted)
    code, output = build(site, capsys)
    assert code == 0 and KEPT in output
    assert {p.name for p in read if site in p.parents} >= {"1.txt", "2.txt"}
    read.clear()
    code, output = build(site, capsys)
    assert code == 0 and KEPT in output
    assert [p for p in read if site in p.parents] == []


@pytest.mark.parametrize(
    "change",
    [
        "content/episodes/2.txt",
        "content/pages/about.md",
        "templates/episode.html",
        "static/extra.css",
        "sitegen.toml",
    ],
)
def test_a_change_to_any_input_builds_again(
    site: Path, capsys: pytest.CaptureFixture[str], change: str
) -> None:
    build(site, capsys)
    path = site / change
    path.parent.mkdir(parents=True, exist_ok=True)
    if change.endswith(".txt"):
        path.write_text(EPISODE.replace("Glad", "Happy"))
    elif change.endswith(".html"):
        path.write_text('{% extends "base.html" %}{% block main %}Changed{% endblock %}')
    elif change.endswith(".toml"):
        path.write_text('title = "Renamed show"\n')
    else:
        path.write_text("# About\n\nA page.\n" if change.endswith(".md") else "p { color: red }\n")
    code, output = build(site, capsys)
    assert code == 0 and KEPT not in output


def test_other_options_or_a_damaged_output_build_again(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build(site, capsys)
    _, output = build(site, capsys, "--base-url", "/archive/")
    assert KEPT not in output
    page = site / "_site" / "episodes" / "1" / "index.html"
    assert "/archive/" in page.read_text()
    page.unlink()  # deleted by hand
    _, output = build(site, capsys, "--base-url", "/archive/")
    assert KEPT not in output and page.is_file()


def test_a_build_with_warnings_keeps_the_output_and_says_them_again(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same inputs warn the same: a build with nothing changed keeps the output of a build
    that warned, and prints its warnings as that build did, at their lines; `--strict`, which
    fails on a warning, builds again and fails."""
    site = make_site(
        {
            "content/episodes/1.txt": EPISODE,
            "content/episodes/2.txt": "Ann Lee: 00:30 Late start.\n00:10 Clock goes back.\n",
        }
    )
    code, first = build(site, capsys)
    warned = [line for line in first.splitlines() if "2.txt:2:" in line]
    assert code == 0 and warned and KEPT not in first
    before = snapshot(site / "_site")
    code, again = build(site, capsys)
    assert code == 0 and KEPT in again and "0 errors, 1 warning;" in again
    assert [line for line in again.splitlines() if "2.txt:2:" in line] == warned
    assert snapshot(site / "_site") == before
    code, strict = build(site, capsys, "--strict")
    assert code == 1 and KEPT not in strict and "2.txt:2:" in strict


def test_a_build_with_an_error_reports_it_every_time(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site(
        {
            "content/episodes/1.txt": EPISODE,
            "content/episodes/2.txt": EPISODE,
            "content/episodes/3.json": '{"segments": "not a list"}',
        }
    )
    code, first = build(site, capsys)
    assert code == 1 and "3.json:" in first
    code, again = build(site, capsys)
    assert code == 1 and "3.json:" in again and KEPT not in again
    assert not (site / "_site" / KEY_FILE).exists()


def test_serve_drops_the_record_of_the_build_it_publishes_over(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build(site, capsys)
    assert (site / "_site" / KEY_FILE).is_file()
    with running(site):
        assert not (site / "_site" / KEY_FILE).exists()
    _, output = build(site, capsys)
    assert KEPT not in output


def test_only_files_whose_size_or_time_changed_are_read_again(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    hour_ago = time.time() - 3600
    for path in (site / "content").rglob("*"):
        os.utime(path, (hour_ago, hour_ago))  # saved long before the build looked at them
    build(site, capsys)
    read: list[str] = []
    real = keys._digest

    def counting(path: Path) -> str:
        read.append(path.name)
        return real(path)

    monkeypatch.setattr(keys, "_digest", counting)
    _, output = build(site, capsys)
    assert KEPT in output
    assert "1.txt" not in read and "2.txt" not in read  # their recorded digests were trusted
    (site / "content/episodes/2.txt").write_text(EPISODE.replace("Glad", "Happy"))
    read.clear()
    _, output = build(site, capsys)
    assert KEPT not in output and "2.txt" in read and "1.txt" not in read


def _files(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    }


def test_downloads_of_unchanged_episodes_are_kept_and_the_output_is_a_clean_builds(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    build(site, capsys, "-j", "1")
    made: list[str] = []
    real = exports.episode_exports

    def counting(episode: Episode, config: Config) -> list[tuple[str, bytes]]:
        made.append(episode.key)
        return real(episode, config)

    monkeypatch.setattr(workers, "episode_exports", counting)
    (site / "content/episodes/2.txt").write_text(EPISODE.replace("Glad", "Happy"))
    build(site, capsys, "-j", "1")
    assert made == ["2"]  # episode 1's five downloads were kept as they were
    assert "Happy" in (site / "_site/episodes/2/transcript.vtt").read_text()
    clean = tmp_path / "clean"
    assert main(["build", str(site), "--no-search", "-q", "-o", str(clean)]) == 0
    assert _files(site / "_site") == _files(clean)

    made.clear()  # a download deleted by hand is made again
    (site / "_site/episodes/1/transcript.srt").unlink()
    (site / "content/episodes/2.txt").write_text(EPISODE)
    build(site, capsys, "-j", "1")
    assert sorted(made) == ["1", "2"]
    assert (site / "_site/episodes/1/transcript.srt").is_file()

    made.clear()  # the show's title is in every download's header
    (site / "sitegen.toml").write_text('title = "Renamed show"\n')
    build(site, capsys, "-j", "1")
    assert sorted(made) == ["1", "2"]
    assert "Renamed show" in (site / "_site/episodes/1/transcript.vtt").read_text()


def test_an_edit_the_lists_do_not_show_leaves_the_other_download_keys_as_recorded(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """While what the pages show around their episodes is as recorded (the same config and
    code), an unchanged episode's recorded downloads' key is trusted, not worked out again; its
    downloads are still made again when one of their files is gone."""
    text = EPISODE + "Ann Lee: 01:00 " + "More words. " * 40 + "\nBob Ray: 02:00 Bye.\n"
    site = make_site({"content/episodes/1.txt": text, "content/episodes/2.txt": text})
    build(site, capsys, "-j", "1")
    keyed: list[str] = []
    real = keys.download_key

    def counting(episode: Episode, config: Config, content: str) -> str:
        keyed.append(episode.key)
        return real(episode, config, content)

    monkeypatch.setattr(keys, "download_key", counting)
    (site / "content/episodes/2.txt").write_text(text.replace("Bye.", "Farewell."))
    srt = site / "_site/episodes/1/transcript.srt"
    srt.unlink()
    build(site, capsys, "-j", "1")
    assert keyed == ["2"]  # past the first words: the lists show the same of it
    assert srt.is_file() and "Farewell." in (site / "_site/episodes/2/transcript.srt").read_text()


def test_an_episode_folder_left_as_recorded_is_not_listed_and_a_file_deleted_from_it_is_made(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An episode's output folder whose modification time is the one recorded, and old enough
    to be trusted, still holds the page and downloads the record says: the build keeps them
    without listing it. Deleting one of its files changes its time: it is listed, and the file
    made again. A folder modified just before the record was made is listed every time."""
    build(site, capsys, "-j", "1")
    folder = site / "_site/episodes/1"
    hour_ago = time.time_ns() - 3600 * 10**9
    os.utime(folder, ns=(hour_ago, hour_ago))
    listed: list[str] = []
    real = workers._files_in

    def listing(path: str) -> set[str]:
        listed.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(workers, "_files_in", listing)

    def edit(text: str) -> None:
        (site / "content/episodes/2.txt").write_text(EPISODE + text)
        listed.clear()
        build(site, capsys, "-j", "1")

    edit("Bob Ray: 00:20 One.\n")
    assert listed == ["1"]  # its time was not recorded yet: the first build had just made it
    edit("Bob Ray: 00:20 Two.\n")
    assert listed == []  # as recorded: not listed, and its files kept
    assert (folder / "transcript.srt").is_file()

    (folder / "transcript.srt").unlink()  # deleted by hand: the folder's time moves
    edit("Bob Ray: 00:20 Three.\n")
    assert listed == ["1"] and (folder / "transcript.srt").is_file()
    edit("Bob Ray: 00:20 Four.\n")
    assert listed == ["1"]  # modified just before the last build looked at it: not trusted


def test_a_build_after_an_edit_renders_only_the_pages_it_reaches(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def episode(n: int, title: str) -> str:
        mention = " As we said in episode 2." if n == 5 else ""
        return f"---\ntitle: {title}\n---\n**Ann Lee:** [00:00] Show {n}.{mention}\n"

    site = make_site({f"content/episodes/{n}.md": episode(n, f"Show {n}") for n in range(1, 6)})
    build(site, capsys, "-j", "1")
    rendered: list[str] = []
    real = SiteRenderer.render_episode

    def counting(
        self: SiteRenderer, episode: Episode, links: EpisodeLinks | None = None
    ) -> tuple[str, bytes]:
        rendered.append(episode.key)
        return real(self, episode, links)

    monkeypatch.setattr(SiteRenderer, "render_episode", counting)
    page = site / "_site/episodes/4/index.html"
    page.write_bytes(page.read_bytes().replace(b"Show 4", b"Show IV"))
    (site / "content/episodes/3.md").write_text(episode(3, "Show 3").replace("Show 3.", "Three."))
    build(site, capsys, "-j", "1")
    assert rendered == ["3"]  # its page only: nothing else shows its text
    assert b"Show IV" in page.read_bytes()  # a page whose key is unchanged is not read either

    rendered.clear()  # a new title shows on its neighbours' pages and on the page mentioning it
    (site / "content/episodes/2.md").write_text(episode(2, "Deep dive"))
    build(site, capsys, "-j", "1")
    assert sorted(rendered) == ["1", "2", "3", "5"]
    assert "Deep dive" in (site / "_site/episodes/5/index.html").read_text()

    rendered.clear()  # the config is on every page
    (site / "sitegen.toml").write_text('title = "Renamed show"\n')
    build(site, capsys, "-j", "1")
    assert sorted(rendered) == ["1", "2", "3", "4", "5"]
    assert b"Show IV" not in page.read_bytes()
