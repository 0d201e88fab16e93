"""Compiled templates kept between builds (render.CompiledTemplates): the pages are the same
bytes as when every template is compiled afresh, an edited template is compiled again, and a
cache that is damaged, or cannot be made or written, is as good as none."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import jinja2.bccache
import pytest

from sitegen import render
from sitegen.cli import main

from .conftest import MakeSite

SITE: dict[str, str | bytes] = {
    "sitegen.toml": 'title = "Kept"\n',
    "content/episodes/1.md": "**Ann:** [00:01] Hi.\n",
    "content/episodes/2.md": "**Bo:** [00:01] See episode 1.\n",
    "templates/speakers.html": (
        '{% extends "base.html" %}\n{% block main %}\n<h1>First</h1>\n{% endblock %}\n'
    ),
}


@pytest.fixture
def compiled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder compiled templates are kept in for this test (Jinja's, under a temporary
    folder of the test's own rather than the system's)."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    return temporary / f"_jinja2-cache-{os.getuid()}"


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith(".sitegen-")
    }


def _kept(folder: Path) -> Iterator[Path]:
    return folder.glob("sitegen-*.cache")


def test_kept_templates_make_the_same_pages_and_an_edit_is_compiled_again(
    make_site: MakeSite, tmp_path: Path, compiled: Path
) -> None:
    site = make_site(SITE)
    afresh = tmp_path / "afresh"
    assert main(["build", str(site), "-q", "--no-search", "--no-cache", "-o", str(afresh)]) == 0
    assert not compiled.exists() or not list(_kept(compiled))  # --no-cache keeps nothing
    assert main(["build", str(site), "-q", "--no-search"]) == 0
    assert list(_kept(compiled))
    assert (
        main(["build", str(site), "-q", "--no-search", "--force", "-o", str(tmp_path / "o")]) == 0
    )
    assert _files(tmp_path / "o") == _files(afresh)

    speakers = site / "templates" / "speakers.html"
    speakers.write_text(speakers.read_text().replace("First", "Second"))
    assert main(["build", str(site), "-q", "--no-search"]) == 0
    assert b"<h1>Second</h1>" in (site / "_site" / "speakers" / "index.html").read_bytes()


def test_a_kept_template_that_fails_is_reported_at_its_line(
    make_site: MakeSite, compiled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = '{% extends "base.html" %}\n{% block main %}\n<h1>{{ peeple }}</h1>\n{% endblock %}\n'
    site = make_site({**SITE, "templates/speakers.html": text})
    for _ in range(2):  # compiled, then taken as kept
        assert main(["build", str(site), "-q", "--no-search"]) == 1
        err = capsys.readouterr().err
        assert err.startswith("templates/speakers.html:3: error: template error:"), err
    assert list(_kept(compiled))


def test_a_damaged_kept_template_is_compiled_again(
    make_site: MakeSite, tmp_path: Path, compiled: Path
) -> None:
    site = make_site(SITE)
    assert main(["build", str(site), "-q", "--no-search", "-o", str(tmp_path / "a")]) == 0
    damaged = [
        jinja2.bccache.bc_magic + b"\x80\x05not a pickle",  # no checksum to read
        jinja2.bccache.bc_magic + b"\x80\x05\x95",  # cut short
        b"not even the magic number",
    ]
    for n, path in enumerate(sorted(_kept(compiled))):
        path.write_bytes(damaged[n % len(damaged)])
    assert main(["build", str(site), "-q", "--no-search", "-o", str(tmp_path / "b")]) == 0
    assert _files(tmp_path / "b") == _files(tmp_path / "a")


def test_no_folder_for_compiled_templates_is_no_cache(
    make_site: MakeSite, tmp_path: Path, compiled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(SITE)
    kept = render.CompiledTemplates
    monkeypatch.setattr(render, "CompiledTemplates", _refused)  # as Jinja refuses a folder
    assert main(["build", str(site), "-q", "--no-search", "-o", str(tmp_path / "a")]) == 0
    assert not compiled.exists()
    monkeypatch.setattr(render, "CompiledTemplates", kept)
    monkeypatch.setattr(tempfile, "NamedTemporaryFile", _unwritable)  # as Jinja writes
    assert main(["build", str(site), "-q", "--no-search", "-o", str(tmp_path / "b")]) == 0
    assert not list(_kept(compiled))
    assert _files(tmp_path / "b") == _files(tmp_path / "a")


def _refused() -> render.CompiledTemplates:
    raise RuntimeError("Cannot determine safe temp directory.")


def _unwritable(*args: object, **kwargs: object) -> object:
    raise PermissionError(13, "Permission denied")
