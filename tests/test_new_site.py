"""`sitegen new`: the starter site it writes, and the folders it refuses."""

from __future__ import annotations

import dataclasses
import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml

from sitegen import starter
from sitegen.cli import main
from sitegen.config import CONFIG_FILE, Config, load_config, parse_config
from sitegen.starter import CONFIG, SOURCE_PLACEHOLDER

REPO = Path(__file__).resolve().parent.parent
# A commented-out setting or table header of the starter's sitegen.toml (not a prose comment).
SETTING = re.compile(r'^# (\[[\w.-]+\]|"?[\w-]+"? = .*)$')


def new(directory: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["new", str(directory)])
    out, err = capsys.readouterr()
    return code, out, err


def test_new_writes_a_site_that_builds_without_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "podcast"  # made, parents and all
    code, out, _ = new(site, capsys)
    assert code == 0
    for name in ("sitegen.toml", "content/episodes/1-welcome.md", ".gitignore"):
        assert (site / name).is_file() and name in out
    assert main(["build", str(site)]) == 0
    out, err = capsys.readouterr()
    assert err == "" and "0 errors, 0 warnings" in out
    page = (site / "_site" / "episodes" / "1" / "index.html").read_text()
    assert "Welcome to the archive" in page and "Sam Lee" in page
    assert main(["build", "--strict", str(site)]) == 0


def test_new_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new"]) == 0
    assert (tmp_path / CONFIG_FILE).is_file()
    assert "next: sitegen serve" in capsys.readouterr().out


def test_new_says_how_to_go_on_in_a_folder_with_a_space(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "my podcast"
    lines = new(site, capsys)[1].splitlines()
    assert any(line.startswith(f"next: cd '{site}' && sitegen serve") for line in lines)


def test_new_refuses_a_folder_that_is_not_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    code, _, err = new(tmp_path, capsys)
    assert code == 1
    assert f"sitegen: error: {tmp_path} is not empty (notes.txt)" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]  # nothing written


def test_new_refuses_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "site").write_text("")
    code, _, err = new(tmp_path / "site", capsys)
    assert code == 1 and "is a file, not a folder" in err


def test_new_takes_a_folder_holding_only_a_fresh_git_repository(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".git").mkdir()
    assert new(tmp_path, capsys)[0] == 0


def test_the_settings_list_every_key_with_its_default() -> None:
    written = tomllib.loads(CONFIG)
    assert set(written) == {"title", "description"}  # the rest is commented out
    settings = [m.group(1) for line in CONFIG.splitlines() if (m := SETTING.match(line))]
    keys = set(written)
    in_table = False
    for setting in settings:
        in_table = in_table or setting.startswith("[")
        if setting.startswith("["):
            keys.add(setting.strip("[]").split(".")[0])
        elif not in_table:
            keys.add(setting.split(" =")[0])
    assert keys == {f.name for f in dataclasses.fields(Config)}
    # Uncommented, every example is a valid setting; those with a default show it.
    uncommented = tomllib.loads("\n".join(line.removeprefix("# ") for line in settings))
    parse_config(uncommented, Path(CONFIG_FILE))
    defaults = Config()
    for key, value in uncommented.items():
        default = getattr(defaults, key)
        if default is not None and key not in ("speaker_aliases", "shows"):
            assert value == (list(default) if isinstance(default, tuple) else default), key


def test_the_gitignore_keeps_the_output_and_the_cache_out(tmp_path: Path) -> None:
    main(["new", str(tmp_path)])
    lines = (tmp_path / ".gitignore").read_text().splitlines()
    assert "_site/" in lines and ".sitegen-cache/" in lines


def test_the_workflow_builds_with_the_pages_url_and_deploys(tmp_path: Path) -> None:
    main(["new", str(tmp_path)])
    workflow = yaml.safe_load((tmp_path / ".github" / "workflows" / "pages.yml").read_text())
    build_steps = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in build_steps]
    uses = [step.get("uses", "") for step in build_steps]
    assert any(r.startswith("sitegen build --base-url") for r in runs)
    assert any("actions/upload-pages-artifact" in u for u in uses)
    cached = next(s for s in build_steps if "actions/cache" in s.get("uses", ""))
    assert cached["with"]["path"].split() == [".sitegen-cache", "_site"]
    deploy = workflow["jobs"]["deploy"]["steps"]
    assert any("actions/deploy-pages" in s["uses"] for s in deploy)
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    # This sitegen is an editable install, which no CI can reach: the podcaster fills it in.
    assert f'pip install "{SOURCE_PLACEHOLDER}"' in runs


class _Installed:
    """A distribution whose pip record of where it came from (direct_url.json) is `record`."""

    def __init__(self, record: object) -> None:
        self.record = record

    def read_text(self, name: str) -> str | None:
        assert name == "direct_url.json"
        return None if self.record is None else json.dumps(self.record)


@pytest.mark.parametrize(
    ("record", "source"),
    [
        (
            {
                "url": "https://git.example.org/me/sitegen.git",
                "vcs_info": {"vcs": "git", "commit_id": "0123abcd", "requested_revision": "v0.1"},
            },
            "sitegen @ git+https://git.example.org/me/sitegen.git@0123abcd",
        ),
        ({"url": "file:///home/me/sitegen", "dir_info": {"editable": True}}, None),
        ({"url": "file:///home/me/dist/sitegen-0.1.0-py3-none-any.whl", "archive_info": {}}, None),
        ({"url": "file:///home/me/sitegen", "vcs_info": {"vcs": "git", "commit_id": "ab"}}, None),
        ({"url": "https://x/sitegen", "vcs_info": {"vcs": "hg", "commit_id": "ab"}}, None),
        (None, None),  # installed without a record (from an index)
    ],
    ids=["git URL", "editable folder", "local wheel", "local git", "mercurial", "no record"],
)
def test_the_workflow_installs_sitegen_from_where_this_one_came(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    record: object,
    source: str | None,
) -> None:
    """A git URL pinned to the commit installed; anything CI cannot reach is a placeholder, and
    `sitegen new` says to fill it in."""
    monkeypatch.setattr("sitegen.starter.metadata.distribution", lambda name: _Installed(record))
    assert starter.install_source() == source
    code, out, _ = new(tmp_path, capsys)
    workflow = (tmp_path / ".github" / "workflows" / "pages.yml").read_text()
    assert code == 0
    assert f'pip install "{source or SOURCE_PLACEHOLDER}"' in workflow
    assert ("before publishing" in out) == (source is None)


def test_the_starter_config_loads(tmp_path: Path) -> None:
    main(["new", str(tmp_path)])
    assert load_config(tmp_path).title == "My podcast transcripts"
