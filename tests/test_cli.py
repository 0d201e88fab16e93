"""Command-line details: the progress bar, argument errors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from sitegen.cli import ProgressBar, main


def test_progress_bar_waits_a_moment_then_draws_and_clears() -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream)
    bar("render", 1, 10)
    assert stream.getvalue() == ""  # a quick build prints nothing
    bar.started -= ProgressBar.DELAY
    bar("render", 5, 10)
    assert "render [" in stream.getvalue() and "5/10" in stream.getvalue()
    bar.clear()
    assert stream.getvalue().endswith("\r")


def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["build", "-j", "0"])
    assert exit_info.value.code == 2
    assert "must be 1 or more" in capsys.readouterr().err


def test_missing_site_folder_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "/nonexistent/site"]) == 1
    assert "/nonexistent/site is not a folder" in capsys.readouterr().err


def test_invalid_config_is_reported_with_its_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path
    (site / "sitegen.toml").write_text('titel = "x"\n')
    assert main(["check", str(site)]) == 1
    assert 'unknown key "titel" (did you mean "title"?)' in capsys.readouterr().err
