"""A `sitegen.toml` value that sitegen cannot keep as written (issue 16) is an error at its
line, before any work: a `base_url` with a space, a query, a fragment or no scheme before its
`//host/`, a `language` that is no BCP 47 tag (which only Pagefind noticed, as it crashed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.config import load_config
from sitegen.errors import ConfigError
from sitegen.language_tags import is_language_tag
from sitegen.serve.rebuild import exception_diagnostic

from .conftest import MakeSite

EPISODE = {"content/episodes/1.txt": "Ann Lee: 00:01 Hello.\n"}


def build_error(make_site: MakeSite, capsys: pytest.CaptureFixture[str], toml: str) -> str:
    """The error `sitegen build` printed (it must exit 1 and write nothing)."""
    site = make_site({"sitegen.toml": toml, **EPISODE})
    code = main(["build", str(site), "-q"])
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert not (site / "_site").exists()
    # `sitegen.toml:LINE: error: message`, then the offending line
    prefix = "sitegen.toml:"
    assert err.startswith(prefix), err
    line, _, message = err.removeprefix(prefix).split("\n")[0].partition(": error: ")
    return f"{line}: {message}"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("https://example.org/my archive/", "holds a space: write it as %20"),
        (
            "https://example.org/archive/?ref=feed",
            "has a query (?…): each page's path is appended to the base URL, so it would be lost",
        ),
        ("/archive/#top", "has a fragment (#…): each page's path is appended to the base URL"),
        ("//cdn.example.org/archive/", "has a host but no scheme: write https://HOST/…"),
        (
            "https://me:secret@example.org/",
            "holds a user name or password, which every page would show",
        ),
        ("https://example.org:http/", "has an invalid port"),
        ('/a"b/', "holds '\"', which no URL may hold"),
    ],
)
def test_a_base_url_sitegen_cannot_keep_is_an_error_at_its_line(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str], value: str, message: str
) -> None:
    toml = f"title = 'T'\n\n# where it lives\nbase_url = '{value}'\n"  # TOML literal strings
    assert build_error(make_site, capsys, toml) == f'4: "base_url" {value!r} {message}'


def test_a_bad_base_url_on_the_command_line_names_the_option(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site({"sitegen.toml": 'base_url = "//wrong/"\n', **EPISODE})
    assert main(["build", str(site), "-q", "--base-url", "/my archive/"]) == 1
    expected = "--base-url: error: \"base_url\" '/my archive/' holds a space: write it as %20"
    assert capsys.readouterr().err.strip() == expected
    # The option replaces the file's value, which is then never looked at.
    assert main(["build", str(site), "-q", "--base-url", "/ok/"]) == 0


@pytest.mark.parametrize("value", ["english please", "<x>", "en_US", "e", "en-"])
def test_a_language_that_is_no_language_tag_is_an_error_at_its_line(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    toml = f'title = "T"\nlanguage = "{value}"\n'
    expected = (
        '2: "language" must be a BCP 47 language tag like "en", "en-GB", "pt-BR" or "zh-Hant",'
        f" not {value!r}"
    )
    assert build_error(make_site, capsys, toml) == expected


def test_a_show_language_is_checked_at_its_line_in_its_table(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    toml = 'language = "en"\n\n[shows.go-time]\ntitle = "Go Time"\nlanguage = "<x>"\n'
    assert build_error(make_site, capsys, toml).startswith('5: "language" must be a BCP 47')


@pytest.mark.parametrize(
    "tag", ["en", "en-GB", "pt-BR", "es-419", "zh-Hant-TW", "sr-Latn-RS", "de-CH-1996", "x-private"]
)
def test_language_tags_in_use_are_accepted(tag: str) -> None:
    assert is_language_tag(tag)


def test_serve_shows_a_config_error_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "sitegen.toml").write_text('title = "T"\nlanguage = "english please"\n')
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    shown = exception_diagnostic(caught.value, tmp_path)
    assert (shown.path, shown.line) == (tmp_path / "sitegen.toml", 2)
    assert shown.message.startswith('"language" must be a BCP 47 language tag')
    assert shown.source_line == 'language = "english please"'


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        (
            'title = "Bell \\u0007"\n',
            '1: "title" holds control character U+0007, which is no text; remove it',
        ),
        (
            'title = "T"\nhosts = ["Ann", "Bo \\uffff"]\n',
            '2: "hosts" holds noncharacter U+FFFF, which is no text; remove it',
        ),
        (
            'title = "T"\n\n[speaker_aliases]\nAvW = "Aaron\\u0000"\n',
            '3: "speaker_aliases" holds control character U+0000 (NUL), which is no text;'
            " remove it",
        ),
        (
            '[shows.go-time]\ndescription = "\\u001b[31mred"\n',
            '2: "description" holds control character U+001B (escape), which is no text; remove it',
        ),
    ],
)
def test_a_control_character_escaped_in_a_setting_is_an_error_at_its_line(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str], toml: str, expected: str
) -> None:
    assert build_error(make_site, capsys, toml) == expected


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_toml_syntax_error_is_reported_at_its_line_with_the_line(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    site = make_site({"sitegen.toml": 'title = "T"\nbase_url = \n', **EPISODE})
    assert main([command, str(site), "-q"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("sitegen.toml:2: error: Invalid value (at line 2, column 12)"), err
    assert err.endswith("\n    base_url = \n")
