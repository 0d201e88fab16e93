"""Someone else's files in the output folder are never overwritten or pruned (issue 16).

A non-empty output folder without sitegen's manifest is refused unless `--force`; the site's own
`templates/` and `static/` are refused as output; a file or an unwritable folder is a clear error.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.cli import main
from sitegen.errors import SitegenError
from sitegen.options import BuildOptions
from sitegen.output import MANIFEST
from sitegen.serve import ServeOptions
from sitegen.serve.session import PreviewSession

from .conftest import MakeSite
from .serve_support import running
from .test_build import two_episode_site

USER_FILES: dict[str, bytes] = {
    "index.html": b"<h1>my own home page</h1>\n",
    "feed.xml": b"<rss>mine</rss>\n",
    "404.html": b"<p>my own 404</p>\n",
    "static/style.css": b"body { color: hotpink }\n",
    "notes.txt": b"not sitegen's\n",
    "CNAME": b"example.org\n",
}


def plant(folder: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under folder (hidden ones too) by relative path."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def manifest(folder: Path) -> set[str]:
    return set(json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"])


def error(capsys: pytest.CaptureFixture[str]) -> str:
    return capsys.readouterr().err.strip()


# --- a folder that is not sitegen's --------------------------------------------------------------


def test_foreign_folder_is_refused_and_untouched(
    make_site: MakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = two_episode_site(make_site)
    out = tmp_path / "_site"
    plant(out, USER_FILES)

    assert main(["build", str(site), "-o", str(out), "-q"]) == 1

    assert error(capsys) == (
        f"sitegen: error: {out} is not empty and was not made by sitegen (it holds 404.html, "
        "CNAME, feed.xml and 3 more); refusing to write into it. Delete it, choose another -o, "
        "or pass --force to write over them"
    )
    assert snapshot(out) == USER_FILES  # byte-identical, and nothing added (not even a manifest)


def test_foreign_folder_names_folders_with_a_slash(
    make_site: MakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = two_episode_site(make_site)
    out = tmp_path / "out"
    plant(out, {"static/style.css": b"x"})
    assert main(["build", str(site), "-o", str(out)]) == 1
    assert "(it holds static/);" in error(capsys)
    assert snapshot(out) == {"static/style.css": b"x"}


def test_unreadable_manifest_does_not_make_a_folder_sitegens(
    make_site: MakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = two_episode_site(make_site)
    out = tmp_path / "out"
    files = {**USER_FILES, MANIFEST: b"not json"}
    plant(out, files)
    assert main(["build", str(site), "-o", str(out)]) == 1
    assert "was not made by sitegen" in error(capsys)
    assert snapshot(out) == files


def test_serve_refuses_a_foreign_folder(make_site: MakeSite, tmp_path: Path) -> None:
    site = two_episode_site(make_site)
    out = tmp_path / "_site"
    plant(out, USER_FILES)
    with pytest.raises(SitegenError, match="is not empty and was not made by sitegen"):
        PreviewSession(ServeOptions(BuildOptions(site, jobs=1), port=0, out_dir=out))
    assert snapshot(out) == USER_FILES
    assert not (tmp_path / "._site.sitegen-serve").exists()


# --- folders that are fine -----------------------------------------------------------------------


@pytest.mark.parametrize("state", ["missing", "empty", "hidden only"])
def test_missing_empty_or_hidden_only_folder_is_fine(
    make_site: MakeSite, tmp_path: Path, state: str
) -> None:
    site = two_episode_site(make_site)
    out = tmp_path / "out"
    hidden = {".git/HEAD": b"ref: refs/heads/gh-pages\n", ".nojekyll": b""}
    if state == "empty":
        out.mkdir()
    elif state == "hidden only":
        plant(out, hidden)
    assert main(["build", str(site), "-o", str(out), "-q"]) == 0
    assert (out / "episodes" / "920" / "index.html").is_file()
    if state == "hidden only":  # a gh-pages worktree: its .git and .nojekyll stay as they were
        assert {rel: data for rel, data in snapshot(out).items() if rel in hidden} == hidden
        assert not manifest(out) & set(hidden)


def test_second_build_into_sitegens_own_folder_works(
    make_site: MakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = two_episode_site(make_site)
    out = tmp_path / "out"
    assert main(["build", str(site), "-o", str(out), "-q"]) == 0
    plant(out, {"CNAME": b"example.org\n"})  # added by hand after the first build
    (site / "content" / "episodes" / "913.md").unlink()
    assert main(["build", str(site), "-o", str(out), "-q"]) == 0
    assert error(capsys) == ""
    assert not (out / "episodes" / "913").exists()  # sitegen's own stale page is pruned
    assert (out / "CNAME").read_bytes() == b"example.org\n"  # the hand-added file is not
    assert "CNAME" not in manifest(out)


def test_a_build_stopped_half_way_leaves_a_folder_sitegen_still_owns(
    make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The manifest goes in before the first page, so Ctrl-C during the first build does not
    make the next build refuse the folder it was writing; what it had staged is removed, and
    the folder holds what it held before: nothing."""
    site = two_episode_site(make_site)
    out = tmp_path / "out"

    def stop(site_dir: Path) -> None:
        raise KeyboardInterrupt  # after the episode pages, before the static files

    with monkeypatch.context() as patch:
        patch.setattr("sitegen.build.static_files", stop)
        with pytest.raises(KeyboardInterrupt):
            build(site, out_dir=out, jobs=1)
    assert [p.name for p in out.rglob("*") if p.is_file()] == [MANIFEST]
    assert manifest(out) == set()  # claimed, owning nothing yet
    assert main(["build", str(site), "-o", str(out), "-q"]) == 0
    assert "episodes/920/index.html" in manifest(out)


def test_serve_reuses_its_own_output_folder(make_site: MakeSite, tmp_path: Path) -> None:
    site = two_episode_site(make_site)
    out = tmp_path / "_site"
    for _ in range(2):  # the second session finds the first one's files and manifest
        with running(site, out_dir=out) as served:
            assert served.session.builds >= 1
        assert (out / MANIFEST).is_file()
        assert (out / "episodes" / "920" / "index.html").is_file()
    assert main(["build", str(site), "-o", str(out), "-q"]) == 0  # and so does build


# --- --force -------------------------------------------------------------------------------------


def test_force_writes_over_and_never_prunes_foreign_files(
    make_site: MakeSite, tmp_path: Path
) -> None:
    site = two_episode_site(make_site)
    out = tmp_path / "_site"
    foreign = {
        "notes.txt": b"not sitegen's\n",
        "CNAME": b"example.org\n",
        "static/mine.css": b"p {}\n",
        "episodes/old/index.html": b"an old page of mine\n",
    }
    plant(out, {**USER_FILES, **foreign})

    assert main(["build", str(site), "-o", str(out), "-q", "--force"]) == 0
    # The site's own files replaced the user's (they forced it); the others are as they were.
    assert (out / "index.html").read_bytes() != USER_FILES["index.html"]
    assert {rel: data for rel, data in snapshot(out).items() if rel in foreign} == foreign
    owned = manifest(out)
    assert "index.html" in owned and "static/style.css" in owned
    assert not owned & set(foreign)

    # Later builds (no --force needed: the folder is sitegen's now) prune only what sitegen wrote.
    (site / "content" / "episodes" / "913.md").unlink()
    assert main(["build", str(site), "-o", str(out), "-q"]) == 0
    assert not (out / "episodes" / "913").exists()
    assert {rel: data for rel, data in snapshot(out).items() if rel in foreign} == foreign


def test_serve_force_keeps_foreign_files(make_site: MakeSite, tmp_path: Path) -> None:
    site = two_episode_site(make_site)
    out = tmp_path / "_site"
    plant(out, {"notes.txt": b"mine\n"})
    session = PreviewSession(
        ServeOptions(BuildOptions(site, jobs=1), port=0, out_dir=out, force=True)
    )
    try:
        session.start()
        assert session.wait_for_builds(1, timeout=60)
    finally:
        session.stop()
    assert (out / "notes.txt").read_bytes() == b"mine\n"
    assert "notes.txt" not in manifest(out)


# --- folders that are never output ---------------------------------------------------------------


@pytest.mark.parametrize("rel", ["templates", "static", "static/out", "templates/sub/out"])
def test_theme_folders_are_refused(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str], rel: str
) -> None:
    site = two_episode_site(
        make_site, {"templates/404.html": "<p>my 404 template</p>", "static/site.css": "p {}"}
    )
    before = snapshot(site)
    assert main(["build", str(site), "-o", str(site / rel)]) == 1
    folder = rel.split("/")[0]
    where = "is" if rel == folder else "is inside"
    assert error(capsys) == (
        f"sitegen: error: output folder {site / rel} {where} the site's {folder}/ folder; refusing"
    )
    assert snapshot(site) == before


def test_serve_refuses_theme_folders(make_site: MakeSite) -> None:
    site = two_episode_site(make_site, {"static/site.css": "p {}"})
    with pytest.raises(SitegenError, match="inside the site's static/ folder"):
        PreviewSession(
            ServeOptions(BuildOptions(site, jobs=1), port=0, out_dir=site / "static" / "out")
        )
    assert not (site / "static" / "out").exists()


# --- folders that cannot be written --------------------------------------------------------------


def test_output_that_is_a_file(
    make_site: MakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = two_episode_site(make_site)
    target = tmp_path / "site.zip"
    target.write_bytes(b"PK")
    assert main(["build", str(site), "-o", str(target)]) == 1
    assert error(capsys) == (
        f"sitegen: error: output folder {target} is a file, not a folder; choose another -o"
    )
    assert main(["build", str(site), "-o", str(target / "out")]) == 1
    assert error(capsys) == (
        f"sitegen: error: output folder {target / 'out'} cannot be made: {target} is a file"
    )
    assert target.read_bytes() == b"PK"


def test_output_that_cannot_be_written(
    make_site: MakeSite,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = two_episode_site(make_site)
    locked = tmp_path / "locked"
    locked.mkdir()
    real_access = os.access

    def access(path: str | os.PathLike[str], mode: int, **kwargs: object) -> bool:
        if Path(path) == locked and mode & os.W_OK:
            return False  # as for a read-only folder (chmod does not stop root, who runs CI)
        return real_access(path, mode)

    monkeypatch.setattr(os, "access", access)
    assert main(["build", str(site), "-o", str(locked)]) == 1
    assert error(capsys) == (
        f"sitegen: error: output folder {locked} is not writable; choose another -o"
    )
    assert main(["build", str(site), "-o", str(locked / "a" / "b")]) == 1
    assert error(capsys) == (
        f"sitegen: error: output folder {locked / 'a' / 'b'} would be made in {locked}, "
        "which is not writable; choose another -o"
    )
    assert list(locked.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder(
    make_site: MakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = two_episode_site(make_site)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        assert main(["build", str(site), "-o", str(locked)]) == 1
        assert "is not writable" in error(capsys)
    finally:
        locked.chmod(0o755)


def test_write_failure_after_the_check_is_an_error_not_a_traceback(
    make_site: MakeSite,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = two_episode_site(make_site)

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(tmp_path / "out" / "x"))

    monkeypatch.setattr("sitegen.output.claim_output_dir", refuse)
    monkeypatch.setattr("sitegen.build.claim_output_dir", refuse)
    assert main(["build", str(site), "-o", str(tmp_path / "out")]) == 1
    assert error(capsys) == (
        f"sitegen: error: cannot write the site (Permission denied: {tmp_path / 'out' / 'x'})"
    )
