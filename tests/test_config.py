"""sitegen.toml: defaults, validation, did-you-mean, base URL rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.config import Config, load_config
from sitegen.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "sitegen.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config == Config()
    assert config.base_path == "/"
    assert config.absolute_base is None


def test_all_keys_read(tmp_path: Path) -> None:
    site = write(
        tmp_path,
        'title = "Data Pod"\ndescription = "d"\nbase_url = "https://u.github.io/archive"\n'
        'language = "de"\nexternal_episode_url = "https://x.fm/{number}"\n'
        'hosts = ["Jon Krohn"]\noutput_dir = "public"\ndrafts = true\n'
        '[speaker_aliases]\nAvW = "Aaron van Wirdum"\n',
    )
    config = load_config(site)
    assert config.title == "Data Pod"
    assert config.base_path == "/archive/"
    assert config.absolute_base == "https://u.github.io/archive/"
    assert config.hosts == ("Jon Krohn",)
    assert config.speaker_aliases == {"AvW": "Aaron van Wirdum"}
    assert config.drafts is True


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    site = write(tmp_path, 'base_ulr = "/x/"\n')
    with pytest.raises(ConfigError, match=r'unknown key "base_ulr" \(did you mean "base_url"\?\)'):
        load_config(site)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("title = 3", '"title" must be a string'),
        ('base_url = "ftp://x"', '"base_url" must be a URL or path'),
        ('external_episode_url = "https://x.fm/"', 'must be a URL template containing "{number}"'),
        ('hosts = "Jon"', '"hosts" must be a list of names'),
        ('drafts = "yes"', '"drafts" must be true or false'),
        ("title = ", "sitegen.toml"),
    ],
)
def test_invalid_values_name_key_and_file(tmp_path: Path, line: str, message: str) -> None:
    site = write(tmp_path, line + "\n")
    with pytest.raises(ConfigError, match=r"sitegen\.toml") as caught:
        load_config(site)
    assert message in str(caught.value)


def test_command_line_base_url_overrides_file(tmp_path: Path) -> None:
    site = write(tmp_path, 'base_url = "/a/"\n')
    assert load_config(site, base_url="/b/c").base_path == "/b/c/"


def test_show_names_are_a_list(tmp_path: Path) -> None:
    site = write(tmp_path, 'show_names = ["Ship It", "Ship It!"]\n')
    assert load_config(site).show_names == ("Ship It", "Ship It!")
