"""Command-line details: the progress bar, argument errors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.cli import ProgressBar, main

from .conftest import MakeSite


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


def test_check_mentions_lists_mentions_and_near_misses_with_why(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site(
        {
            "content/episodes/12.md": (
                "**Ann:** Back in episode 10 and episode twelve.\n\n"
                "**Ann:** Welcome to episode 11, sorry, 12. See PR #40 and episode 99.\n"
            ),
            "content/episodes/10.md": "**Ann:** Hello.\n",
        }
    )
    assert main(["check", "--mentions", "-q", str(site)]) == 0
    out = capsys.readouterr().out
    assert 'content/episodes/12.md:1: "episode 10" → episode 10 [10] (phrase)' in out
    assert 'content/episodes/12.md:1: not a mention: "episode twelve" — this episode itself' in out
    assert (
        'content/episodes/12.md:3: not a mention: "episode 11" — a self-introduction with'
        " another number" in out
    )
    assert 'content/episodes/12.md:3: not a mention: "episode 99" — later than this episode' in out
    assert "1 mention found" in out


def test_front_matter_adds_and_ignores_mentions(make_site: MakeSite) -> None:
    site = make_site(
        {
            "content/episodes/12.md": (
                "---\nmentions:\n  add: [3]\n  ignore: [10]\n---\n"
                "**Ann:** Back in episode 10, and the one with the cake.\n"
            ),
            "content/episodes/10.md": "**Ann:** Hello.\n",
            "content/episodes/3.md": "**Ann:** Cake.\n",
        }
    )
    result = build(site, write=False)
    assert [(m.target, m.rule) for m in result.archive.mentions_out["12"]] == [(3, "front matter")]
    assert list(result.archive.mentions_in) == ["3"]


def test_ill_typed_mentions_overrides_are_errors_at_their_line(make_site: MakeSite) -> None:
    site = make_site(
        {
            "content/episodes/12.md": (
                "---\ntitle: Twelve\nmentions: {add: [three], ignore: 10}\n---\n"
                "**Ann:** Back in episode 10.\n"
            ),
            "content/episodes/5.md": "---\nmentions: [5]\n---\n**Ann:** Hi.\n",
            "content/episodes/6.md": "---\nmentions: {drop: [5]}\n---\n**Ann:** Hi.\n",
        }
    )
    result = build(site, write=False)
    messages = sorted(f"{d.path.name}:{d.line}: {d.message}" for d in result.diagnostics)
    assert messages == [
        "12.md:3: front matter `mentions` `add` must list episode numbers or `<show id>/<number>`,"
        ' not "three"',
        "5.md:2: front matter `mentions` must be `{add: [...], ignore: [...]}` of episode"
        " numbers, or `<show id>/<number>`, not a list",
        "6.md:2: front matter `mentions` has an unknown key `drop` (known: add, ignore)",
    ]
    assert [m.target for m in result.archive.mentions_out["12"]] == [10]


def test_other_shows_from_config_are_never_linked(make_site: MakeSite) -> None:
    files: dict[str, str | bytes] = {
        "content/episodes/300.md": "**Ann:** We said so on python bytes episode 200.\n",
        "content/episodes/200.md": "**Ann:** Hello.\n",
    }
    plain = build(make_site(files), write=False)
    assert [m.target for m in plain.archive.mentions_out["300"]] == [200]
    files["sitegen.toml"] = 'other_shows = ["Python Bytes"]\n'
    configured = build(make_site(files), write=False)
    assert configured.archive.mentions_out["300"] == ()
