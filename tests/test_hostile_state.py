"""What sitegen keeps between builds, tampered with (issue 16): the build record
(`.sitegen-build.json`), the episodes' record (`.sitegen-episodes.json`) and the parse cache's
entries, when they hold valid JSON of another shape (a list where an object was, strings where
numbers were, keys missing) or were edited by hand. Each counts as absent: the build reads and
makes what it would without it, and records it again; it never stops."""

from __future__ import annotations

import dataclasses
import json
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen import codec
from sitegen.build import build
from sitegen.cli import main
from sitegen.keys import EPISODES_FILE, KEY_FILE
from sitegen.model import Turn
from sitegen.parsecache import entry_data
from sitegen.readers import ReadResult
from sitegen.summary import EpisodeSummary
from sitegen.workers import read_packed

from .conftest import MakeSite, episode_fields, episode_row

TRANSCRIPT = (
    "Jon: 00:00 Welcome. In episode 7 we talked about graphs.\n"
    "Ana Ng: 00:10 Thanks for having me.\n"
    "Jon: 00:20 Back in episode 8, too.\n"
)
KEPT = "nothing changed since the last build"
Edit = Callable[[Any], Any]


def tamper(path: Path, edit: Edit) -> None:
    path.write_text(json.dumps(edit(json.loads(path.read_text()))))


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != KEY_FILE  # it records when the build ran
    }


def cli_build(site: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["build", str(site), "--no-search"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def without(key: str) -> Edit:
    return lambda data: {k: v for k, v in data.items() if k != key}


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda data: [data], id="a list where the object was"),
        pytest.param(lambda data: None, id="null"),
        pytest.param(lambda data: {**data, "files": str(data["files"])}, id="a string count"),
        pytest.param(lambda data: {**data, "seen_ns": "soon"}, id="a string time"),
        pytest.param(lambda data: {**data, "key": 5}, id="a number for the key"),
        pytest.param(without("sources"), id="a missing key"),
        pytest.param(lambda data: {**data, "extra": 1}, id="a key too many"),
        pytest.param(lambda data: {**data, "sources": list(data["sources"])}, id="sources a list"),
        pytest.param(
            lambda data: {**data, "sources": {k: "x" for k in data["sources"]}},
            id="a source a string",
        ),
        pytest.param(
            lambda data: {**data, "sources": {k: [1, 2] for k in data["sources"]}},
            id="a source too short",
        ),
    ],
)
def test_a_tampered_build_record_is_no_record(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str], edit: Edit
) -> None:
    site = make_site({"content/episodes/1.txt": TRANSCRIPT})
    assert cli_build(site, capsys)[0] == 0
    made = tree(site / "_site")
    tamper(site / "_site" / KEY_FILE, edit)
    code, output = cli_build(site, capsys)
    assert (code, KEPT in output) == (0, False)  # built again
    assert tree(site / "_site") == made
    code, output = cli_build(site, capsys)
    assert (code, KEPT in output) == (0, True)  # and recorded again


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda data: [data], id="a list where the object was"),
        pytest.param(lambda data: {**data, "version": "2"}, id="a string version"),
        pytest.param(lambda data: {**data, "downloads": [1, 2]}, id="downloads a list"),
        pytest.param(lambda data: {**data, "pages": "x"}, id="pages a string"),
        pytest.param(without("pages"), id="a missing key"),
    ],
)
def test_a_tampered_episodes_record_is_no_record(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str], edit: Edit
) -> None:
    site = make_site({"content/episodes/1.txt": TRANSCRIPT})
    assert cli_build(site, capsys)[0] == 0
    made = tree(site / "_site")
    tamper(site / "_site" / EPISODES_FILE, edit)
    (site / "_site" / KEY_FILE).unlink()  # or the build would have nothing to do
    assert cli_build(site, capsys)[0] == 0
    assert tree(site / "_site") == made


def in_episode(edit: Callable[[dict[str, Any]], None]) -> Edit:
    def change(data: dict[str, Any]) -> dict[str, Any]:
        episode = episode_fields(data["episode"])
        edit(episode)
        data["episode"] = episode_row(episode)
        return data

    return change


def summary_field(name: str, value: object) -> Callable[[dict[str, Any]], None]:
    """An edit setting the field `name` of the episode's summary."""

    def change(episode: dict[str, Any]) -> None:
        assert name in episode["summary"]
        episode["summary"][name] = value

    return change


CACHE_EDITS = [
    pytest.param(lambda data: [data], id="a list where the object was"),
    pytest.param(lambda data: {**data, "episode": "7"}, id="a string for the episode"),
    pytest.param(in_episode(lambda e: e["meta"].update(episode="7")), id="a string for the number"),
    pytest.param(in_episode(lambda e: e["meta"].pop("title")), id="a missing field"),
    pytest.param(in_episode(lambda e: e.update(key=["7"])), id="a list for the key"),
    pytest.param(lambda data: {**data, "diagnostics": [1, 2]}, id="numbers for diagnostics"),
    pytest.param(in_episode(lambda e: e["turns"].update(count="3")), id="a string count"),
    pytest.param(in_episode(lambda e: e["turns"].update(count=2**70)), id="a count too large"),
    pytest.param(
        in_episode(lambda e: e["turns"].update({"$packed": "AAAA"})), id="turns in the JSON"
    ),
    pytest.param(
        in_episode(lambda e: e["turns"].update({"$packed": [1, 4]})), id="turns not compressed"
    ),
    pytest.param(
        in_episode(lambda e: e["turns"].update({"$packed": [0, 10**9]})),
        id="turns past the entry's end",
    ),
    pytest.param(in_episode(summary_field("talk_time", "long")), id="a string for talk time"),
    pytest.param(in_episode(summary_field("mentions", [[0, 1, 2]])), id="a mention too short"),
    pytest.param(in_episode(summary_field("moments", {"a": 1})), id="an object for the moments"),
    pytest.param(in_episode(summary_field("clocked", 1)), id="a number for clocked"),
    pytest.param(in_episode(summary_field("mention_names", [["x"]])), id="names of another shape"),
    pytest.param(in_episode(lambda e: e["summary"].update(x=1)), id="a new summary field"),
    pytest.param(in_episode(lambda e: e.pop("summary")), id="no summary"),
    pytest.param(in_episode(lambda e: e.update(summary=e["meta"])), id="metadata for a summary"),
    pytest.param(
        in_episode(lambda e: e["meta"].update(summary=None)), id="a summary in the metadata"
    ),
]


@pytest.mark.parametrize("edit", CACHE_EDITS)
def test_a_parse_cache_entry_of_another_shape_is_read_again(
    make_site: MakeSite, tmp_path: Path, edit: Edit
) -> None:
    """The entry's digest is made right after the edit: what is refused is its shape."""
    site = make_site({"content/episodes/7.txt": TRANSCRIPT, "content/episodes/8.txt": TRANSCRIPT})
    cache = tmp_path / "cache"
    build(site, tmp_path / "first", jobs=1, search=False, cache_dir=cache)
    entry = sorted((cache / "read").rglob("*.json"))[0]
    good = entry.read_bytes()
    text, _, turns = good.partition(b"\n")[2].partition(b"\n")  # digest, JSON, packed turns
    body = json.dumps(edit(json.loads(text))).encode() + b"\n" + turns
    entry.write_bytes(entry_data(body))
    result = build(site, tmp_path / "second", jobs=1, search=False, cache_dir=cache)
    assert not result.diagnostics
    assert tree(tmp_path / "second") == tree(tmp_path / "first")
    assert entry.read_bytes() == good  # read again, and kept again


def test_a_parse_cache_entry_edited_by_hand_is_read_again(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """A mention pointing past the episode's paragraphs has the types of one, but not the
    entry's digest."""
    site = make_site({"content/episodes/7.txt": TRANSCRIPT, "content/episodes/8.txt": TRANSCRIPT})
    cache = tmp_path / "cache"
    build(site, tmp_path / "first", jobs=1, search=False, cache_dir=cache)
    for entry in sorted((cache / "read").rglob("*.json")):
        head, _, body = entry.read_bytes().partition(b"\n")
        body, _, turns = body.partition(b"\n")
        mention = [999, 0, 5, 8, None, "phrase", "episode 8", "…"]
        data = in_episode(summary_field("mentions", [mention]))(json.loads(body))
        edited = entry_data(json.dumps(data).encode() + b"\n" + turns)
        entry.write_bytes(head[:64] + edited[64:])  # the digest of the entry as it was
    result = build(site, tmp_path / "second", jobs=1, search=False, cache_dir=cache)
    assert not result.diagnostics
    assert tree(tmp_path / "second") == tree(tmp_path / "first")


@pytest.fixture(scope="module")
def entry(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, bytes, Path]:
    """A parse cache entry's JSON, as values, the packed turns' bytes after it, and the site
    folder it is of."""
    root = tmp_path_factory.mktemp("site")
    path = root / "content" / "episodes" / "7.txt"
    path.parent.mkdir(parents=True)
    path.write_text(TRANSCRIPT)
    read = read_packed(path, ("Podcast transcripts",), {"Jon": "Jon Krohn"})
    text, _, turns = codec.dumps(read, root).partition(b"\n")
    return json.loads(text), turns, root


def places(value: Any, at: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """Where each value inside `value` is, as keys and indexes from the top."""
    yield at
    if isinstance(value, dict):
        for key, item in value.items():
            yield from places(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from places(item, (*at, index))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
)


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_an_entry_changed_anywhere_is_refused_or_a_read_result(
    entry: tuple[Any, bytes, Path], data: st.DataObject
) -> None:
    value, turns, root = entry
    changed = json.loads(json.dumps(value))
    place = data.draw(st.sampled_from(list(places(changed))))
    if not place:
        changed = data.draw(json_values)
    else:
        *outer, last = place
        holder = changed
        for step in outer:
            holder = holder[step]
        if data.draw(st.booleans()):
            del holder[last]
        else:
            holder[last] = data.draw(json_values)
    try:
        result = codec.loads(json.dumps(changed).encode() + b"\n" + turns, root)
    except codec.DecodeError:
        return
    assert isinstance(result, ReadResult)
    well_typed(result)
    if result.episode is not None:
        assert all(isinstance(turn, Turn) for turn in result.episode.turns)
    assert codec.loads(codec.dumps(result, root), root) == result


def well_typed(value: object) -> None:
    """Every field of every dataclass in `value` (an episode's summary too) of its declared
    type."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        hints = typing.get_type_hints(type(value), localns={"EpisodeSummary": EpisodeSummary})
        for field in dataclasses.fields(value):
            item = getattr(value, field.name)
            assert codec.conforms(item, hints[field.name]), (field.name, item)
            well_typed(item)
    elif isinstance(value, tuple | list):
        for item in value:
            well_typed(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            well_typed(key)
            well_typed(item)
