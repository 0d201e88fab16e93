"""Front matter and sidecar typos: a near miss of a known key is a warning at its line (and so
fails `--strict`); keys other tools use pass; episodes and pages have their own keys."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.errors import Severity
from sitegen.readers import read_episode_text
from sitegen.readers.metadata import EPISODE_KEYS
from sitegen.readers.page import PAGE_KEYS, read_page_file
from sitegen.suggest import closest, did_you_mean, misspelling_of
from tests.conftest import MakeSite

BODY = "Ann Lee: 00:01 Hello.\nBob Ray: 00:05 Hi.\n"
METADATA = Path(__file__).resolve().parent.parent / "sitegen" / "readers" / "metadata.py"


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("titel", "title"),
        ("episdoe", "episode"),
        ("audio_lenght", "audio_length"),
        ("Title", "title"),
        ("audio-length", "audio_length"),
        ("Episode Type", "episode_type"),
        ("descripton", "description"),
        ("audio_lenhgt", "audio_length"),  # two slips in a long key
        ("guest", "guests"),
        ("dates", "date"),
    ],
)
def test_a_near_miss_names_the_key_it_misses(typo: str, meant: str) -> None:
    assert misspelling_of(typo, EPISODE_KEYS) == meant


@pytest.mark.parametrize(
    "other",
    ["subtitle", "categories", "tags", "aliases", "media", "transcript_by", "layout", "guid"],
)
def test_other_names_are_no_misspelling(other: str) -> None:
    assert misspelling_of(other, EPISODE_KEYS) is None


def test_closest_suggests_loosely_for_names_known_to_be_wrong() -> None:
    assert closest("outdir", ["output_dir", "title"]) == "output_dir"
    assert closest("zzz", ["output_dir", "title"]) is None
    assert did_you_mean("title") == ' (did you mean "title"?)'
    assert did_you_mean(None) == ""


def test_front_matter_typos_are_warnings_at_their_lines() -> None:
    text = "---\ntitel: Hello\nepisode: 3\naudio_lenght: 1200\ntags: [a]\n---\n" + BODY
    result = read_episode_text(text, Path("3.md"))
    shown = [d.format() for d in result.diagnostics]
    assert shown == [
        '3.md:2: warning: unknown key "titel" (did you mean "title"?); ignored\n    titel: Hello',
        '3.md:4: warning: unknown key "audio_lenght" (did you mean "audio_length"?); ignored'
        "\n    audio_lenght: 1200",
    ]
    assert result.episode is not None and result.episode.meta.title != "Hello"


def test_sidecar_typos_are_warnings_in_the_sidecar() -> None:
    result = read_episode_text(BODY, Path("ep/3.txt"), "episdoe: 3\ntitle: Hi\n")
    assert [(str(d.path), d.line, d.severity, d.message) for d in result.diagnostics] == [
        (
            "ep/3.yaml",
            1,
            Severity.WARNING,
            'unknown key "episdoe" (did you mean "episode"?); ignored',
        )
    ]


def test_a_near_miss_beside_its_key_is_someone_elses_key() -> None:
    text = "---\nspeakers: [Ann Lee]\nspeaker: Ann Lee\ntitle: T\n---\n" + BODY
    assert read_episode_text(text, Path("3.md")).diagnostics == ()


def test_show_notes_front_matter_is_checked_as_an_episodes() -> None:
    notes = "---\ntitel: Notes\n---\nSome notes with a [link](https://example.com).\n"
    result = read_episode_text(notes, Path("3.md"), beside_transcript=True)
    messages = [d.message for d in result.diagnostics]
    assert messages == ['unknown key "titel" (did you mean "title"?); ignored']


def test_pages_have_their_own_keys(tmp_path: Path) -> None:
    page = tmp_path / "about.md"
    page.write_text("---\ntitel: About\nslugg: about-us\ndate: 2024-01-01\n---\n# About\n")
    found, diagnostics = read_page_file(page)
    assert found is not None and found.slug == "about"
    assert [(d.line, d.message) for d in diagnostics] == [
        (2, 'unknown key "titel" (did you mean "title"?); ignored'),
        (3, 'unknown key "slugg" (did you mean "slug"?); ignored'),
    ]  # `date` is an episode's key, and no typo of a page's
    assert PAGE_KEYS == ("title", "slug")


def test_strict_build_fails_on_a_front_matter_typo(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site({"content/episodes/3.md": "---\ntitel: Hello\n---\n" + BODY})
    assert main(["build", str(site), "-q", "--no-search"]) == 0
    assert main(["build", str(site), "-q", "--no-search", "--strict"]) == 1
    err = capsys.readouterr().err
    assert '3.md:2: warning: unknown key "titel" (did you mean "title"?)' in err


def _keys_read() -> set[str]:
    """The keys metadata.py looks up in a front matter or sidecar: `fields.get("x", …)` and
    `mapping.values.get("x")`."""
    tree = ast.parse(METADATA.read_text(encoding="utf-8"))
    keys: set[str] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and ast.unparse(node.func.value) in ("fields", "self", "mapping.values")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            keys.add(node.args[0].value)
    return keys


def test_the_key_table_lists_every_key_the_metadata_reads() -> None:
    read = _keys_read()
    assert {"title", "episode", "audio_length", "chapters", "speakers", "summary"} <= read
    assert read <= set(EPISODE_KEYS), sorted(read - set(EPISODE_KEYS))
    assert len(set(EPISODE_KEYS)) == len(EPISODE_KEYS)


def test_readme_documents_every_key() -> None:
    readme = (METADATA.parent.parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Metadata", 1)[1].split("\n### ", 1)[0]
    missing = [k for k in EPISODE_KEYS if f"`{k}`" not in section and f"\n{k}:" not in section]
    assert missing == []
