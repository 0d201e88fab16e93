"""A site made of every broken input in tests/broken/ plus one good episode: the build reports
exactly the messages in tests/broken/expected.txt (readers and build sections), exits 1, and
still publishes the good episode and every broken file that had anything readable."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.readers import SUPPORTED_SUFFIXES

from .test_readers_broken import BROKEN, NO_EPISODE, expected_lines

GOOD = "Ann Lee: 00:01 A perfectly good episode.\n"


@pytest.fixture
def broken_site(tmp_path: Path) -> Path:
    episodes = tmp_path / "site" / "content" / "episodes"
    episodes.mkdir(parents=True)
    for path in BROKEN.iterdir():
        if path.name != "expected.txt":
            shutil.copy(path, episodes / path.name)
    (episodes / "7.txt").write_text(GOOD)
    return tmp_path / "site"


def test_broken_inputs_are_reported_exactly_and_the_rest_builds(
    broken_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["build", str(broken_site), "-q"])
    err = capsys.readouterr().err
    reported = sorted(
        line.removeprefix("content/episodes/")
        for line in err.splitlines()
        if not line[:1].isspace()
    )
    expected = sorted(
        line.partition(": ")[2]
        for section in ("readers", "build")
        for lines in expected_lines(section).values()
        for line in lines
    )
    assert reported == expected
    assert code == 1
    out = broken_site / "_site" / "episodes"
    assert "A perfectly good episode." in (out / "7" / "index.html").read_text()
    published = {p.name for p in out.iterdir()}
    assert {"7", "42", "dup-b", "x"} <= published  # bad-slug.md is published under its safe slug
    readable = [p for p in BROKEN.iterdir() if p.suffix in SUPPORTED_SUFFIXES]
    assert len(published) == len(readable) - len(NO_EPISODE) - 1 + 1  # minus expected.txt, plus 7


def test_offending_line_is_shown_under_each_message(
    broken_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["check", str(broken_site)])
    err = capsys.readouterr().err
    assert (
        "content/episodes/backwards.txt:3: warning: clock 00:10 goes backwards "
        "(previous paragraph at 00:20)\n    Ann Lee: 00:10"
    ) in err


def test_a_ten_megabyte_line_builds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    episodes = tmp_path / "site" / "content" / "episodes"
    episodes.mkdir(parents=True)
    line = "Ann Lee: 00:01 " + "spoken words " * 800_000 + "as in episode 12."  # 10 MB
    (episodes / "20.txt").write_text(line)  # a later episode: a show cites its past
    assert main(["build", str(tmp_path / "site"), "-q"]) == 0
    html = (tmp_path / "site" / "_site" / "episodes" / "20" / "index.html").read_text()
    transcript = html.split('<section class="transcript"', 1)[1].split("</section>", 1)[0]
    assert transcript.count("spoken words") == 800_000
    assert '<span class="mention">episode 12</span>.' in html
