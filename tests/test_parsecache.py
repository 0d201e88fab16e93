"""The parse cache (sitegen.parsecache, sitegen.codec): a build takes what it kept of a
transcript instead of reading it again, and that is exactly what reading it gives; an edit to
the transcript, its sidecar or the settings it was read with is read again; a
damaged entry is read again; entries no build uses go."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import pickle
import random
from pathlib import Path

import pytest
import zstandard

from sitegen import codec, keys, parsecache, workers
from sitegen.build import build
from sitegen.cli import main
from sitegen.config import CACHE_DIR
from sitegen.errors import SitegenError
from sitegen.keys import KEY_FILE, file_sha256
from sitegen.model import PackedTurns, content_digest
from sitegen.parsecache import ParseCache
from sitegen.readers import ReadResult, read_episode_file
from sitegen.workers import read_packed
from tests.conftest import SEED, MakeSite, episode_fields, episode_row, require_shared

SHOW_NAMES = ("Super Data Science",)
ALIASES = {"Jon": "Jon Krohn"}
TRANSCRIPT = (
    "Jon: 00:00 Welcome. In episode 7 we talked about graphs.\n"
    "Ana Ng: 00:10 Thanks for having me.\n"
    "Jon: 00:20 Back in episode 8, too.\n"
)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != KEY_FILE  # KEY_FILE records when the build ran
    }


def entries(cache: Path) -> list[Path]:
    return sorted((cache / "read").rglob("*.json"))


def assert_same_read(kept: ReadResult, read: ReadResult) -> None:
    assert kept == read
    assert kept.episode is not None and read.episode is not None
    assert kept.episode.summary == read.episode.summary  # not part of ==
    assert list(kept.episode.turns) == list(read.episode.turns)


def test_a_read_result_comes_back_from_json_as_it_was(tmp_path: Path) -> None:
    """The seed episode, renamed and carrying its summary with the mentions found."""
    seed = require_shared(SEED)
    read = read_packed(seed, SHOW_NAMES, ALIASES)
    assert read.episode is not None and read.episode.summary is not None
    assert read.episode.summary.mentions and "Jon Krohn" in read.episode.speakers
    data = codec.dumps(read, seed.parent.parent)
    text, _, turns = data.partition(b"\n")
    json.loads(text)  # plain JSON, then the packed turns' bytes
    assert zstandard.get_frame_parameters(turns).content_size > len(turns)
    assert str(seed.parent).encode() not in data  # paths in the site folder are relative
    assert_same_read(codec.loads(data, seed.parent.parent), read)
    moved = codec.loads(data, tmp_path)  # the site folder moved, or spelled otherwise
    assert moved.episode is not None and moved.episode.source == tmp_path / "seed" / seed.name


def test_diagnostics_and_a_file_with_no_episode_come_back(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("\n")
    broken = tmp_path / "3.vtt"
    broken.write_text("WEBVTT\n\n00:00:01.000 --> nonsense\nHello\n")
    for path in (empty, broken):
        read = read_packed(path, (), {})
        assert read.diagnostics, path
        assert codec.loads(codec.dumps(read, tmp_path), tmp_path) == read


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"{not json",
        b'{"$": "Popen", "args": ["rm", "-rf", "/"]}',
        b'{"$": "ReadResult", "episode": null}',
        b'{"$dict": [[[1], 2]], "x": 1}',
        b"[1, 2]",
        b"[" * 100_000 + b"]" * 100_000,
        b'{"$": "ReadResult", "diagnostics": [], "episode": {"$": "Episode", "key": "1",'
        b' "meta": {"$": "Metadata"}, "turns": [], "source": {"$path": "1.txt"},'
        b' "format": "plaintext", "summary": [1]}}',
        b'{"$": "ReadResult", "episode": {"$packed": "not base64!", "count": 1, "speakers": []},'
        b' "diagnostics": []}',
        b'{"$": "ReadResult", "episode": {"$packed": [0, 4], "count": 1, "speakers": []},'
        b' "diagnostics": []}\nAAAA',
    ],
)
def test_anything_else_in_an_entry_is_refused(data: bytes) -> None:
    with pytest.raises(codec.DecodeError):
        codec.loads(data, Path("site"))


def _edited_entry(read: ReadResult, root: Path, edit: str) -> bytes:
    """The entry of `read` with one field of one object changed as `edit` says."""
    text, _, turns = codec.dumps(read, root).partition(b"\n")  # JSON, then the packed turns
    value = json.loads(text)
    episode = episode_fields(value["episode"])
    moments = episode["summary"]["moments"]  # anchors, starts, estimated
    assert read.episode is not None and read.episode.summary is not None
    starts = list(read.episode.summary.moments.starts)  # the times in the JSON, not as bytes
    if edit == "times in the JSON":
        moments[1] = starts
    elif edit == "extra field":
        episode["season_finale"] = True
    elif edit == "missing field":
        del episode["format"]
    elif edit == "bool for a time":
        moments[1] = [True, *starts[1:]]
    elif edit == "text for a time":
        moments[1] = [*starts[:-1], "12:00"]
    elif edit == "number for a name":
        episode["meta"]["guests"] = [7]
    elif edit == "none for a number":
        value["diagnostics"][0]["line"] = None
    elif edit == "turns without their digest":
        del episode["turns"]["sha256"]
    elif edit == "turns with a digest of another form":
        episode["turns"]["sha256"] = episode["turns"]["sha256"].upper()
    elif edit == "a kept digest of another form":
        episode["digests"][0] = episode["digests"][0][:-1]
    elif edit == "kept digests missing":
        del episode["digests"]
    value["episode"] = episode_row(episode)
    return json.dumps(value).encode() + b"\n" + turns


@pytest.mark.parametrize(
    "edit",
    [
        "extra field",
        "missing field",
        "bool for a time",
        "text for a time",
        "number for a name",
        "none for a number",
        "turns without their digest",
        "turns with a digest of another form",
        "a kept digest of another form",
        "kept digests missing",
    ],
)
def test_an_entry_of_another_shape_is_refused(tmp_path: Path, edit: str) -> None:
    """Valid JSON of a read result with one field of another type, or one field more or
    less, is no read result (codec checks every field against its declared type)."""
    path = tmp_path / "7.txt"
    path.write_text(TRANSCRIPT + "Ana Ng: 00:05 Out of order.\n")
    read = read_packed(path, SHOW_NAMES, ALIASES)
    assert read.diagnostics and read.episode is not None
    assert codec.loads(_edited_entry(read, tmp_path, "none"), tmp_path) == read
    assert codec.loads(_edited_entry(read, tmp_path, "times in the JSON"), tmp_path) == read
    with pytest.raises(codec.DecodeError):
        codec.loads(_edited_entry(read, tmp_path, edit), tmp_path)


def test_packed_turns_come_back_with_the_digest_of_their_bytes(tmp_path: Path) -> None:
    """The digest that names an episode's turns in its keys is kept with them, and is the
    digest of the bytes that come back."""
    path = tmp_path / "7.txt"
    path.write_text(TRANSCRIPT)
    read = read_packed(path, SHOW_NAMES, ALIASES)
    back = codec.loads(codec.dumps(read, tmp_path), tmp_path)
    assert back.episode is not None and isinstance(back.episode.turns, PackedTurns)
    turns = back.episode.turns
    assert turns.digest == hashlib.sha256(turns.data).hexdigest()
    assert repr(turns) == f"PackedTurns({len(turns)} turns, sha256 {turns.digest})"


def test_an_episode_keeps_the_digests_its_keys_are_made_from_and_one_made_from_it_none(
    tmp_path: Path,
) -> None:
    """Worked out where the transcript is read and kept with it in the cache, so that a build
    after an edit does not work them out for every episode; they are what working them out
    again gives. An episode made from another (another key, say) works out its own."""
    path = tmp_path / "7.txt"
    path.write_text(TRANSCRIPT)
    read = read_packed(path, SHOW_NAMES, ALIASES)
    back = codec.loads(codec.dumps(read, tmp_path), tmp_path)
    assert back.episode is not None and back.episode.summary is not None
    kept = dict(back.episode.digests)
    assert sorted(kept) == ["content", "feed", "listing", "talk"]
    afresh = dataclasses.replace(back.episode)
    afresh.set_summary(back.episode.summary)  # as identity and the build carry it
    assert afresh.digests == {}
    assert content_digest(afresh) == kept["content"]
    assert keys.listing_digest(afresh) == kept["listing"]
    assert keys.feed_digest(afresh) == kept["feed"]
    assert keys.talk_digest(afresh) == kept["talk"]
    renamed = back.episode.with_identity("8", back.episode.meta)
    assert renamed.digests == {}
    assert content_digest(renamed) != kept["content"]
    assert keys.listing_digest(renamed) != kept["listing"]


def test_a_second_build_reads_no_transcript_and_makes_the_same_site(
    make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(
        {
            "content/episodes/7.txt": TRANSCRIPT,
            "content/episodes/8.md": "---\ntitle: Eight\n---\n\n**Ana Ng:** [00:01] Hi.\n",
            "content/episodes/8.yaml": "date: 2024-01-02\n",
            "sitegen.toml": 'speaker_aliases = { Jon = "Jon Krohn" }\n',
        }
    )
    cache = tmp_path / "cache"
    first = build(site, tmp_path / "first", jobs=1, search=False, cache_dir=cache)
    assert not first.diagnostics
    assert len(entries(cache)) == 2

    def no_reading(path: Path) -> ReadResult:
        raise AssertionError(f"{path} was read again")

    monkeypatch.setattr(workers, "read_episode_file", no_reading)
    build(site, tmp_path / "second", jobs=1, search=False, cache_dir=cache)
    monkeypatch.undo()
    uncached = build(site, tmp_path / "uncached", jobs=1, search=False, cache_dir=None)
    assert uncached.archive.episodes  # read all the same: no cache
    assert tree(tmp_path / "second") == tree(tmp_path / "first") == tree(tmp_path / "uncached")


@pytest.mark.parametrize(
    ("edit", "shown"),
    [
        ("content/episodes/7.txt", b"we talked about trees"),
        ("content/episodes/7.yaml", b"A new title"),
        ("sitegen.toml", b"Jonathan"),
    ],
)
def test_what_a_read_depends_on_is_read_again_when_it_changes(
    make_site: MakeSite, tmp_path: Path, edit: str, shown: bytes
) -> None:
    site = make_site({"content/episodes/7.txt": TRANSCRIPT})
    cache = tmp_path / "cache"
    build(site, tmp_path / "out", jobs=1, search=False, cache_dir=cache)
    (before,) = entries(cache)
    changes = {
        "content/episodes/7.txt": TRANSCRIPT.replace("graphs", "trees"),
        "content/episodes/7.yaml": "title: A new title\n",
        "sitegen.toml": 'speaker_aliases = { Jon = "Jonathan" }\n',
    }
    (site / edit).write_text(changes[edit])
    build(site, tmp_path / "out", jobs=1, search=False, cache_dir=cache)
    assert shown in (tmp_path / "out" / "episodes" / "7" / "index.html").read_bytes()
    (after,) = entries(cache)  # the old entry was pruned
    assert after != before


def test_a_damaged_entry_is_read_again_and_replaced(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({"content/episodes/7.txt": TRANSCRIPT})
    cache = tmp_path / "cache"
    build(site, tmp_path / "first", jobs=1, search=False, cache_dir=cache)
    (entry,) = entries(cache)
    good = entry.read_bytes()
    entry.write_bytes(good[: len(good) // 2])
    result = build(site, tmp_path / "second", jobs=1, search=False, cache_dir=cache)
    assert not result.diagnostics
    assert tree(tmp_path / "second") == tree(tmp_path / "first")
    assert entry.read_bytes() == good


def _turns_bytes(entry: Path) -> tuple[int, int]:
    """Where an entry's packed turns lie in its file: their first byte, and how many."""
    head, text, _ = entry.read_bytes().split(b"\n", 2)
    return len(head) + len(text) + 2, entry.stat().st_size - len(head) - len(text) - 2


def test_damaged_turns_in_an_entry_are_read_again_when_wanted_and_the_entry_mended(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """An entry's turns are read only when a page is made of them, and checked then: damaged,
    the transcript is read again, and the site is the same."""
    site = make_site({"content/episodes/7.txt": TRANSCRIPT})
    cache = tmp_path / "cache"
    build(site, tmp_path / "first", jobs=1, search=False, cache_dir=cache)
    (entry,) = entries(cache)
    good = entry.read_bytes()
    start, size = _turns_bytes(entry)
    damaged = bytearray(good)
    damaged[start + size // 2] ^= 0xFF  # same size, one byte of the turns changed
    entry.write_bytes(bytes(damaged))
    result = build(site, tmp_path / "second", jobs=1, search=False, cache_dir=cache)
    assert not result.diagnostics
    assert result.from_cache == 1  # its JSON was whole: the entry was used
    assert tree(tmp_path / "second") == tree(tmp_path / "first")
    assert entry.read_bytes() == good


def test_turns_gone_from_the_cache_are_read_again_from_the_transcript(tmp_path: Path) -> None:
    path = tmp_path / "7.txt"
    path.write_text(TRANSCRIPT)
    cache = ParseCache.open(tmp_path / "cache", tmp_path, SHOW_NAMES, ALIASES)
    read = read_packed(path, SHOW_NAMES, ALIASES, cache)
    key = cache.key(path)
    assert key is not None
    reads: list[Path] = []

    def again() -> ReadResult:
        reads.append(path)
        return read_packed(path, SHOW_NAMES, ALIASES)

    kept = cache.load(key, again)
    assert kept is not None and kept.episode is not None and read.episode is not None
    (entry,) = entries(tmp_path / "cache")
    entry.unlink()  # a build elsewhere pruned it, say
    assert reads == []  # loading read the JSON only
    assert list(kept.episode.turns) == list(read.episode.turns)
    assert reads == [path]


def test_a_read_kept_in_the_cache_is_sent_on_without_its_turns_bytes(tmp_path: Path) -> None:
    """A reading worker keeps what it read in the cache and sends the build's process the
    episode with where its turns are, not the turns: the build then holds none of them (a
    page's worker reads them from the entry), nor after a stage has read them all (the search
    index). Without a cache to keep them, they go along."""
    path = tmp_path / "7.txt"
    vocabulary = ["graphs", "trees", "nodes", "edges", "paths", "loops"]
    words = random.Random(7).choices(vocabulary, k=4000)
    lines = [f"Ana Ng: {m:02d}:00 {' '.join(words[m * 80 : m * 80 + 80])}.\n" for m in range(50)]
    path.write_text("".join(lines))
    alone = read_packed(path, SHOW_NAMES, ALIASES)
    assert alone.episode is not None and isinstance(alone.episode.turns, PackedTurns)
    carried = len(pickle.dumps(alone))
    cache = ParseCache.open(tmp_path / "cache", tmp_path, SHOW_NAMES, ALIASES)
    kept = read_packed(path, SHOW_NAMES, ALIASES, cache)
    sent = pickle.dumps(kept)
    without_turns = carried - len(alone.episode.turns.data) // 2
    assert len(sent) < without_turns
    back = pickle.loads(sent)
    assert_same_read(back, alone)
    assert len(pickle.dumps(back)) < without_turns  # read, and still not held
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be\n")
    unkept = read_packed(path, SHOW_NAMES, ALIASES, ParseCache.open(blocked, tmp_path, (), {}))
    assert len(pickle.dumps(unkept)) >= len(alone.episode.turns.data)


def test_damaged_turns_of_a_transcript_changed_since_stop_the_build_with_a_reason(
    tmp_path: Path,
) -> None:
    """Reading the transcript again gives other turns: none of them is the one the page's
    other facts came from, so the build stops and says to build again."""
    path = tmp_path / "7.txt"
    path.write_text(TRANSCRIPT)
    cache = ParseCache.open(tmp_path / "cache", tmp_path, SHOW_NAMES, ALIASES)
    read_packed(path, SHOW_NAMES, ALIASES, cache)
    key = cache.key(path)
    assert key is not None
    (entry,) = entries(tmp_path / "cache")
    start, size = _turns_bytes(entry)
    entry.write_bytes(entry.read_bytes()[: start + size - 1] + b"\0")
    path.write_text(TRANSCRIPT.replace("graphs", "trees"))
    kept = cache.load(key, lambda: read_packed(path, SHOW_NAMES, ALIASES))
    assert kept is not None and kept.episode is not None
    with pytest.raises(SitegenError, match="changed since the build began; build again"):
        list(kept.episode.turns)


def test_a_build_after_an_edit_reads_the_turns_of_the_pages_it_makes_only(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """The turns of episodes whose pages stay are not read: damaged, nothing notices."""
    alone = "Ana Ng: 00:00 Nothing to see.\nJon: 00:05 Nor to hear.\n"
    site = make_site({"content/episodes/7.txt": alone, "content/episodes/8.txt": TRANSCRIPT})
    assert main(["build", str(site), "-q", "--no-search", "-j", "1"]) == 0
    for entry in entries(site / CACHE_DIR):
        start, size = _turns_bytes(entry)
        entry.write_bytes(entry.read_bytes()[:start] + b"\0" * size)
    damaged = {entry: entry.read_bytes() for entry in entries(site / CACHE_DIR)}
    (site / "content/episodes/8.txt").write_text(TRANSCRIPT.replace("for having", "for"))
    assert main(["build", str(site), "-q", "--no-search", "-j", "1"]) == 0
    assert b"Thanks for me." in (site / "_site/episodes/8/index.html").read_bytes()
    kept = [entry for entry in entries(site / CACHE_DIR) if entry in damaged]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged[kept[0]]  # 7's, never read


def test_a_deleted_transcripts_entry_goes_with_the_next_build(
    make_site: MakeSite, tmp_path: Path
) -> None:
    site = make_site({"content/episodes/7.txt": TRANSCRIPT, "content/episodes/8.txt": TRANSCRIPT})
    cache = tmp_path / "cache"
    build(site, tmp_path / "out", jobs=1, search=False, cache_dir=cache)
    assert len(entries(cache)) == 2
    (site / "content/episodes/8.txt").unlink()
    build(site, tmp_path / "out", jobs=1, search=False, cache_dir=cache)
    (entry,) = entries(cache)
    kept = codec.loads(entry.read_bytes().partition(b"\n")[2], site)  # after its digest
    assert kept.episode is not None and kept.episode.source.name == "7.txt"


def test_pruning_deletes_only_entries_and_leftover_temporary_files(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """`--cache-dir` may name a folder with other files in it: a build deletes only its own."""
    site = make_site({"content/episodes/7.txt": TRANSCRIPT})
    cache = tmp_path / "cache"
    stale = cache / "read" / "ab" / ("ab" + "0" * 62 + ".json")
    leftover = cache / "read" / "ab" / ".tmp-x1y2"
    others = [cache / "read" / "ab" / "notes.txt", cache / "read" / "mine" / ("cd" * 32 + ".json")]
    for path in (stale, leftover, *others):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}")
    build(site, tmp_path / "out", jobs=1, search=False, cache_dir=cache)
    assert len(entries(cache)) == 2  # this build's entry and the one in `mine/`
    assert not stale.exists() and not leftover.exists()
    assert all(path.exists() for path in others)


def test_the_build_goes_on_when_the_cache_cannot_be_written(
    make_site: MakeSite, tmp_path: Path
) -> None:
    site = make_site({"content/episodes/7.txt": TRANSCRIPT})
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder would be\n")
    result = build(site, tmp_path / "out", jobs=1, search=False, cache_dir=blocked)
    assert not result.diagnostics
    assert (tmp_path / "out" / "episodes" / "7" / "index.html").is_file()


def test_a_cache_folder_inside_content_or_the_output_is_refused(
    make_site: MakeSite, tmp_path: Path
) -> None:
    site = make_site({"content/episodes/7.txt": TRANSCRIPT})
    for folder, what in ((site / "content" / "cache", "content"), (site / "_site" / "c", "output")):
        with pytest.raises(SitegenError, match=what):
            build(site, jobs=1, search=False, cache_dir=folder)
        assert not folder.exists()


def test_an_entry_is_kept_only_for_the_file_as_it_was_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor saving the file while it is read: what was read is not kept under the name of
    either version."""
    path = tmp_path / "7.txt"
    path.write_text(TRANSCRIPT)
    cache = ParseCache.open(tmp_path / "cache", tmp_path, (), {})

    def read_while_saved(read: Path) -> ReadResult:
        result = read_episode_file(read)
        read.write_text(TRANSCRIPT + "Ana Ng: 00:30 Saved meanwhile.\n")
        return result

    monkeypatch.setattr(workers, "read_episode_file", read_while_saved)
    read_packed(path, (), {}, cache)
    monkeypatch.undo()
    assert entries(tmp_path / "cache") == []
    again = read_packed(path, (), {}, cache)
    assert again.episode is not None and "Saved meanwhile." in again.episode.segments()[-1][1].text


def test_a_miss_of_the_entry_the_first_look_named_takes_one_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first look's digests (ParseCache.trusted_key) name the entry before the read: a miss
    reads the file once and works out its key once, after, to find it unchanged."""
    path = tmp_path / "7.txt"
    path.write_text(TRANSCRIPT)
    cache = ParseCache.open(tmp_path / "cache", tmp_path, (), {})
    first_look = {"7.txt": file_sha256(path)}
    calls: list[str] = []
    key = ParseCache.key

    def counted_key(self: ParseCache, file: Path) -> str | None:
        calls.append("key")
        return key(self, file)

    def counted_read(file: Path) -> ReadResult:
        calls.append("read")
        return read_episode_file(file)

    monkeypatch.setattr(ParseCache, "key", counted_key)
    monkeypatch.setattr(workers, "read_episode_file", counted_read)
    (result,), kept = workers.read_all([path], 1, None, (), {}, cache, digests=first_look)
    monkeypatch.undo()
    assert kept == 0 and calls == ["read", "key"]
    trusted = cache.trusted_key(path, first_look)
    assert trusted is not None and trusted == cache.key(path)
    assert entries(tmp_path / "cache") == [
        tmp_path / "cache" / "read" / trusted[:2] / f"{trusted}.json"
    ]
    assert cache.load(trusted) == result


def test_an_entry_the_first_look_named_is_kept_only_for_the_file_as_it_saw_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saved after the first look took its digest (here, while it is read): what was read is
    not kept under the name the first look gave; the file as saved is read and kept under its
    own name."""
    path = tmp_path / "7.txt"
    path.write_text(TRANSCRIPT)
    cache = ParseCache.open(tmp_path / "cache", tmp_path, (), {})
    first_look = {"7.txt": file_sha256(path)}
    saved = TRANSCRIPT + "Ana Ng: 00:30 Saved meanwhile.\n"

    def read_while_saved(read: Path) -> ReadResult:
        result = read_episode_file(read)
        read.write_text(saved)
        return result

    monkeypatch.setattr(workers, "read_episode_file", read_while_saved)
    (result,), kept = workers.read_all([path], 1, None, (), {}, cache, digests=first_look)
    monkeypatch.undo()
    assert kept == 0 and result.episode is not None
    assert "Saved meanwhile." in result.episode.segments()[-1][1].text
    trusted, now = cache.trusted_key(path, first_look), cache.key(path)
    assert trusted is not None and now is not None and trusted != now
    assert [p.name for p in entries(tmp_path / "cache")] == [f"{now}.json"]
    assert cache.load(now) == result


def test_the_command_line_keeps_the_cache_in_the_site_folder_unless_told(
    make_site: MakeSite, tmp_path: Path
) -> None:
    site = make_site({"content/episodes/7.txt": TRANSCRIPT})
    assert main(["build", str(site), "-q", "--no-search", "--no-cache"]) == 0
    assert not (site / CACHE_DIR).exists()
    episode = site / "content/episodes/7.txt"
    episode.write_text(TRANSCRIPT + "Ana Ng: 00:30 Bye.\n")  # else the build keeps the output
    assert main(["build", str(site), "-q", "--no-search", "--cache-dir", str(tmp_path / "c")]) == 0
    assert len(entries(tmp_path / "c")) == 1
    episode.write_text(TRANSCRIPT)
    assert main(["build", str(site), "-q", "--no-search"]) == 0
    assert len(entries(site / CACHE_DIR)) == 1


def test_what_is_kept_is_what_reading_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "7.txt"
    path.write_text(TRANSCRIPT)
    cache = ParseCache.open(tmp_path / "cache", tmp_path, SHOW_NAMES, ALIASES)
    read = read_packed(path, SHOW_NAMES, ALIASES, cache)
    monkeypatch.setattr(workers, "read_episode_file", None)  # not called again
    assert_same_read(read_packed(path, SHOW_NAMES, ALIASES, cache), read)


def test_a_fresh_checkout_with_the_cache_and_site_restored_reads_and_makes_only_the_edit(
    make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CI recipe in the README: `.sitegen-cache/` and `_site/` restored, every file of the
    checkout written anew (new modification times), one transcript edited since."""
    site = make_site(
        {
            "content/episodes/7.txt": TRANSCRIPT,
            "content/episodes/8.txt": TRANSCRIPT.replace("episode 8", "episode 7"),
            "content/episodes/9.txt": "Ana Ng: 00:00 Nothing to see.\n",
        }
    )
    assert main(["build", str(site), "-q", "--no-search", "-j", "1"]) == 0
    for path in (site / "content").rglob("*.txt"):
        path.write_bytes(path.read_bytes())  # a fresh checkout
    (site / "content/episodes/8.txt").write_text(TRANSCRIPT.replace("graphs", "trees"))
    read: list[str] = []

    def counted(path: Path) -> ReadResult:
        read.append(path.name)
        return read_episode_file(path)

    monkeypatch.setattr(workers, "read_episode_file", counted)
    assert main(["build", str(site), "-q", "--no-search", "-j", "1"]) == 0
    monkeypatch.undo()
    assert read == ["8.txt"]
    assert (
        main(["build", str(site), "-q", "--no-search", "--no-cache", "-o", str(tmp_path / "clean")])
        == 0
    )
    assert tree(site / "_site") == tree(tmp_path / "clean")


def test_the_site_folder_spelled_otherwise_or_moved_keeps_what_was_read_and_made(
    make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Built as `sitegen build` in the folder, then, moved, as `sitegen build /its/new/path`
    with a transcript added: only that one is read, and the pages and downloads it does not
    reach are kept (a kept page edited by hand shows it); messages name files as given."""
    site = make_site(
        {
            "content/episodes/7.txt": TRANSCRIPT,
            "content/episodes/8.txt": "Ana Ng: 00:00 Hello.\n",
        }
    )
    monkeypatch.chdir(site)
    assert main(["build", "-q", "--no-search", "-j", "1"]) == 0
    moved = tmp_path / "moved"
    site.rename(moved)
    monkeypatch.chdir(tmp_path)
    (moved / "content/episodes/9.txt").write_text("Ana Ng: 00:00 Bye.\n")
    page = moved / "_site" / "episodes" / "7" / "index.html"
    download = page.with_name("transcript.txt")
    for made in (page, download):
        made.write_text("edited by hand\n")
    read: list[str] = []

    def counted(path: Path) -> ReadResult:
        read.append(str(path))
        return read_episode_file(path)

    monkeypatch.setattr(workers, "read_episode_file", counted)
    assert main(["build", str(moved), "-q", "--no-search", "-j", "1"]) == 0
    assert read == [str(moved / "content/episodes/9.txt")]
    assert page.read_text() == download.read_text() == "edited by hand\n"
    assert len(entries(moved / CACHE_DIR)) == 3


def test_the_build_says_how_many_transcripts_came_from_the_cache(
    make_site: MakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site({"content/episodes/7.txt": TRANSCRIPT, "content/episodes/8.txt": TRANSCRIPT})
    command = ["build", str(site), "--no-search", "-j", "1"]
    assert main(command) == 0
    assert "from the parse cache" not in capsys.readouterr().out
    (site / "content/episodes/8.txt").write_text(TRANSCRIPT + "Jon: 01:00 More.\n")
    assert main(command) == 0
    assert "; 1 of 2 transcripts from the parse cache;" in capsys.readouterr().out
    assert main([*command, "-o", str(tmp_path / "elsewhere")]) == 0
    assert "; 2 of 2 transcripts from the parse cache;" in capsys.readouterr().out


def test_a_build_after_an_edit_opens_only_the_edited_transcript(
    make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The entries of files whose stat is unchanged are named from the digests the build took
    at its first look (keys.inputs_key), not by reading the files again; what that names is
    the entry reading the bytes would name, and the site is a clean build's."""
    site = make_site(
        {
            "content/episodes/7.txt": TRANSCRIPT,
            "content/episodes/8.txt": TRANSCRIPT.replace("episode 8", "episode 7"),
            "content/episodes/8.yaml": "title: Eight\n",
            "content/episodes/9.md": "Show notes of nine.\n",
            "content/episodes/9.vtt": "WEBVTT\n\n00:00.000 --> 00:01.000\n<v Ana Ng>Hi.\n",
        }
    )
    assert main(["build", str(site), "-q", "--no-search", "-j", "1"]) == 0
    cache = ParseCache.open(site / CACHE_DIR, site, ("sitegen",), {})
    names = {p.name: p for p in (site / "content/episodes").iterdir()}
    digests = {
        f"content/episodes/{name}": hashlib.sha256(path.read_bytes()).hexdigest()
        for name, path in names.items()
    }
    for name in ("7.txt", "8.txt", "9.md", "9.vtt"):
        assert cache.trusted_key(names[name], digests) == cache.key(names[name]) is not None
    del digests["content/episodes/8.yaml"]  # a sidecar the first look did not see
    assert cache.trusted_key(names["8.txt"], digests) != cache.key(names["8.txt"])
    opened: list[str] = []

    def counted(path: Path) -> str:
        opened.append(path.name)
        return file_sha256(path)

    (site / "content/episodes/8.txt").write_text(TRANSCRIPT.replace("graphs", "trees"))
    monkeypatch.setattr(parsecache, "file_sha256", counted)
    assert main(["build", str(site), "-q", "--no-search", "-j", "1"]) == 0
    monkeypatch.undo()
    assert sorted(opened) == ["8.txt", "8.yaml"]  # after reading: the first look named it before
    assert (
        main(["build", str(site), "-q", "--no-search", "--no-cache", "-o", str(tmp_path / "clean")])
        == 0
    )
    assert tree(site / "_site") == tree(tmp_path / "clean")


def _pack_records(cache: Path) -> dict[str, bytes]:
    pack = ParseCache(cache / "read", Path("."), "").pack()
    return {key: bytes(record) for key, record in pack.records.items()}


def _built_with_a_pack(make_site: MakeSite, tmp_path: Path, out: str) -> tuple[Path, Path]:
    """A site of two transcripts built into `out` by `sitegen build` (which keeps the pack),
    and its cache folder."""
    site = make_site({"content/episodes/7.txt": TRANSCRIPT, "content/episodes/8.txt": TRANSCRIPT})
    cache = tmp_path / "cache"
    build(site, tmp_path / out, jobs=1, search=False, cache_dir=cache, reuse=True)
    return site, cache


def test_a_build_takes_the_json_of_unchanged_entries_from_the_pack(
    make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pack holds the JSON line of every entry the build used, so the next build loads
    the archive from one file: with the entries' own JSON lines unusable, it reads no
    transcript, and makes the same site (the turns still come from the entries)."""
    site, cache = _built_with_a_pack(make_site, tmp_path, "first")
    assert set(_pack_records(cache)) == {entry.stem for entry in entries(cache)}
    for entry in entries(cache):
        data = bytearray(entry.read_bytes())
        data[0] = ord("0") if data[0] != ord("0") else ord("1")  # its JSON's digest, wrong
        entry.write_bytes(bytes(data))

    def no_reading(path: Path) -> ReadResult:
        raise AssertionError(f"{path} was read again")

    monkeypatch.setattr(workers, "read_episode_file", no_reading)
    result = build(site, tmp_path / "second", jobs=1, search=False, cache_dir=cache, reuse=True)
    monkeypatch.undo()
    assert result.from_cache == 2
    assert tree(tmp_path / "second") == tree(tmp_path / "first")


def test_a_first_build_packs_the_records_its_reads_hand_back_without_reading_entries_again(
    make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reads that write entries hand their pack records back with what they read: the
    first build's pack is written without opening an entry again, and holds the records an
    entry read back from its file would give."""

    def reading_back(self: ParseCache, key: str) -> bytes | None:
        raise AssertionError(f"the entry {key} was read back")

    monkeypatch.setattr(ParseCache, "_record", reading_back)
    _site, cache = _built_with_a_pack(make_site, tmp_path, "first")
    monkeypatch.undo()
    records = _pack_records(cache)
    assert set(records) == {entry.stem for entry in entries(cache)}
    read_back = ParseCache(cache / "read", Path("."), "")
    assert all(record == read_back._record(key) for key, record in records.items())


@pytest.mark.parametrize("damage", ["truncated", "one byte", "not a pack"])
def test_a_damaged_pack_is_not_trusted_and_written_again(
    make_site: MakeSite, tmp_path: Path, damage: str
) -> None:
    site, cache = _built_with_a_pack(make_site, tmp_path, "first")
    good = _pack_records(cache)
    pack = cache / "read" / "pack"
    data = bytearray(pack.read_bytes())
    if damage == "truncated":
        data = data[: len(data) * 3 // 4]
    elif damage == "one byte":
        data[len(data) // 4] ^= 0x01  # inside the first record's JSON
    else:
        data = bytearray(b"{}\n")
    pack.write_bytes(bytes(data))
    result = build(site, tmp_path / "second", jobs=1, search=False, cache_dir=cache, reuse=True)
    assert not result.diagnostics and result.from_cache == 2
    assert tree(tmp_path / "second") == tree(tmp_path / "first")
    assert _pack_records(cache) == good


def test_an_edit_adds_its_entry_to_the_pack_which_sheds_unused_ones_in_time(
    make_site: MakeSite, tmp_path: Path
) -> None:
    site, cache = _built_with_a_pack(make_site, tmp_path, "out")
    first = _pack_records(cache)
    pack = cache / "read" / "pack"
    size = pack.stat().st_size
    (site / "content/episodes/8.txt").write_text(TRANSCRIPT.replace("graphs", "trees"))
    build(site, tmp_path / "out", jobs=1, search=False, cache_dir=cache, reuse=True)
    added = _pack_records(cache)
    used = {entry.stem for entry in entries(cache)}
    assert set(added) == used | set(first)  # added at its end: the old record stays a while
    assert pack.read_bytes()[:size] == b"".join(first.values())
    (site / "content/episodes/8.txt").write_text(TRANSCRIPT.replace("graphs", "forests"))
    build(site, tmp_path / "out", jobs=1, search=False, cache_dir=cache, reuse=True)
    # Most of it would be records of entries no longer used: written again with those used.
    assert set(_pack_records(cache)) == {entry.stem for entry in entries(cache)}
    assert b"forests" in (tmp_path / "out/episodes/8/index.html").read_bytes()


def test_an_entry_taken_from_the_pack_reads_its_turns_again_when_its_file_is_gone(
    tmp_path: Path,
) -> None:
    path = tmp_path / "content" / "7.txt"
    path.parent.mkdir()
    path.write_text(TRANSCRIPT)
    cache = ParseCache.open(tmp_path / "cache", tmp_path, SHOW_NAMES, ALIASES)
    key = cache.key(path)
    assert key is not None
    read = read_packed(path, SHOW_NAMES, ALIASES)
    cache.store(key, read)
    cache.write_pack([key], cache.pack())
    (entry,) = entries(tmp_path / "cache")
    entry.unlink()
    again: list[str] = []

    def read_again() -> ReadResult:
        again.append(key)
        return read_packed(path, SHOW_NAMES, ALIASES)

    kept = cache.load(key, read_again, cache.pack())
    assert kept is not None and kept.episode is not None and not again  # its JSON only
    assert read.episode is not None and list(kept.episode.turns) == list(read.episode.turns)
    assert again and kept == read
