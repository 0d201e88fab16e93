"""sitegen.toml: defaults, validation, did-you-mean, base URL rules."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from sitegen.config import SHOW_KEYS, Config, load_config, parse_config
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
        ('external_episode_url = "https://x.fm/"', "must be an http(s) URL template containing"),
        ('external_episode_url = "javascript:alert(1)/{number}"', '"external_episode_url" must be'),
        ('external_episode_url = "java\\tscript:alert(1)/{number}"', "must be an http(s) URL"),
        ('external_episode_url = "data:text/html,{number}"', "must be an http(s) URL"),
        ('external_episode_url = "/ep/{number}"', "must be an http(s) URL"),
        ('[shows.a]\nexternal_episode_url = "javascript:x/{number}"', "must be an http(s) URL"),
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


def test_podcast_feed_keys_read(tmp_path: Path) -> None:
    site = write(
        tmp_path,
        'author = "Jon Krohn & Co"\nowner_email = " pod@example.com "\n'
        'image = "static/cover.jpg"\nexplicit = false\n'
        'category = "Society & Culture>Documentary"\nfeed_limit = 50\n',
    )
    config = load_config(site)
    assert config.author == "Jon Krohn & Co"
    assert config.owner_email == "pod@example.com"
    assert config.image == "static/cover.jpg"
    assert config.explicit is False
    assert config.category == "Society & Culture > Documentary"
    assert config.feed_limit == 50
    defaults = Config()
    assert (defaults.author, defaults.owner_email, defaults.image) == (None, None, None)
    assert (defaults.explicit, defaults.category, defaults.feed_limit) == (None, None, None)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('owner_email = "jon at example"', '"owner_email" must be an email address'),
        ('image = "javascript:alert(1)"', '"image" must be an http(s) URL or a path in the site'),
        ('image = "//cdn.example/c.jpg"', '"image" must be an http(s) URL'),
        ('explicit = "no"', '"explicit" must be true or false'),
        ('category = "Arts > Books > Poetry"', '"category" must be an Apple Podcasts category'),
        ('category = ["Arts"]', '"category" must be an Apple Podcasts category'),
        ("feed_limit = 0", '"feed_limit" must be a whole number of episodes, 1 or more'),
        ("feed_limit = true", '"feed_limit" must be a whole number'),
        ("author = 1", '"author" must be a string'),
        ('downloads = ["pdf"]', "\"downloads\" must be a list of formats from ['vtt',"),
        ('downloads = "vtt"', '"downloads" must be a list of formats'),
    ],
)
def test_invalid_podcast_feed_keys(tmp_path: Path, line: str, message: str) -> None:
    site = write(tmp_path, line + "\n")
    with pytest.raises(ConfigError, match=r"sitegen\.toml") as caught:
        load_config(site)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("typo", "meant"),
    [("owner_mail", "owner_email"), ("explict", "explicit"), ("feedlimit", "feed_limit")],
)
def test_podcast_key_typos_suggest_the_key(tmp_path: Path, typo: str, meant: str) -> None:
    site = write(tmp_path, f"{typo} = 1\n")
    with pytest.raises(ConfigError, match=f'unknown key "{typo}" \\(did you mean "{meant}"\\?\\)'):
        load_config(site)


def test_command_line_base_url_overrides_file(tmp_path: Path) -> None:
    site = write(tmp_path, 'base_url = "/a/"\n')
    assert load_config(site, base_url="/b/c").base_path == "/b/c/"


def test_show_names_are_a_list(tmp_path: Path) -> None:
    site = write(tmp_path, 'show_names = ["Ship It", "Ship It!"]\n')
    assert load_config(site).show_names == ("Ship It", "Ship It!")


def test_downloads_are_all_five_unless_listed_and_keep_the_menu_order(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, "")).downloads == ("vtt", "srt", "json", "txt", "html")
    site = write(tmp_path, 'downloads = ["txt", "vtt", "txt"]\n')
    assert load_config(site).downloads == ("vtt", "txt")
    assert load_config(write(tmp_path, "downloads = []\n")).downloads == ()


@pytest.mark.parametrize("key", [f.name for f in fields(Config)])
def test_every_setting_has_a_rule(key: str) -> None:
    with pytest.raises(ConfigError, match=f': "{key}" must be'):
        parse_config({key: 1.5}, Path("sitegen.toml"))
    if key in SHOW_KEYS:
        with pytest.raises(ConfigError, match=f': "{key}" must be'):
            parse_config({"shows": {"a": {key: 1.5}}}, Path("sitegen.toml"))


def test_a_show_table_sets_each_of_its_settings() -> None:
    table: dict[str, object] = {
        "title": "A",
        "description": "About A",
        "show_names": ["A!"],
        "hosts": ["Ann"],
        "language": "de",
        "external_episode_url": "https://a.fm/{number}",
        "author": "A Inc.",
        "owner_email": "a@example.com",
        "image": "static/a.png",
        "explicit": True,
        "category": "Technology",
        "feed_limit": 3,
        "podcast_guid": "9b024349-ccf0-5f69-a609-6b82873eab3c",
        "locked": True,
        "medium": "video",
        "copyright": "© A Inc.",
        "new_feed_url": "https://a.fm/feed.xml",
        "block": True,
    }
    assert sorted(table) == sorted(SHOW_KEYS)  # a key added to a show's table is tested here
    show = parse_config({"shows": {"a": table}}, Path("sitegen.toml")).for_show("a")
    expected = {k: tuple(v) if isinstance(v, list) else v for k, v in table.items()}
    assert {key: getattr(show, key) for key in SHOW_KEYS} == expected
    assert Config().for_show("b").title == "b"  # a show with no table: titled by its id
