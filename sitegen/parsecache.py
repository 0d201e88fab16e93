"""The parse cache: each transcript's read result kept in a JSON file under the site's cache
folder (`.sitegen-cache/read/` unless told otherwise), so that a build reads again only the
transcripts that changed.

What is kept is what a reading worker sends back (workers.read_packed): the episode, packed,
with its speakers renamed and carrying its summary (summary.py), and its diagnostics. An
entry is named by a digest of everything that went into it: the transcript's path (relative to
the site folder, so that entries hold however the folder is spelled and wherever it moves) and
the SHA-256 of its bytes, its sidecar's and its chapters file's, whether a Markdown file has a
transcript beside it, the show names and speaker aliases it was read with, sitegen's code, and
this format's version, so a stale entry is never found, only left behind; a full build deletes
the entries it did not use. The digests of files whose stat is unchanged come from the build's
first look at its inputs (keys.inputs_key, `trusted_key`), so that a build after one edit opens
one transcript. A damaged entry counts as missing. The cache is an aid: when its folder cannot
be written, the build goes on without it.

An entry is a line with the SHA-256 of the JSON line that follows it and that line's size, then the
read result (codec.py: JSON, then the packed turns' bytes). Loading an entry reads its JSON only:
the turns are most of it, and a build after an edit makes the pages of a few episodes of many, so
they are read only when a stage reads them (model.PackedTurns.later), and checked each time against
the SHA-256 the JSON holds of them. An entry whose JSON does not have its digest (damaged, or edited
by hand) counts as missing, and so does one whose JSON is not a read result of the types sitegen
makes (codec.py checks every field): it is read again and replaced, never a value that stops the
build. Turns found damaged or gone when read are read again from the transcript (`load`'s `again`),
and the entry replaced; only when the transcript no longer gives those turns (it changed since the
build began) does the build stop, saying to build again.

Beside the entries, the pack (`read/pack`) holds the JSON line of every entry the last build
used, each after its entry's name, digest and sizes: a build after an edit loads the whole
archive, and one file read beats 10,000 opened (what changed is added at its end; `write_pack`).
A line is checked as an entry's is; a damaged one is loaded from its entry's file instead, and
the pack put right. A digest is no signature: whoever can write the folder can make an entry
that says anything, which is why the cache folder is the site's, like its content (what an
entry holds is published as it is).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import tempfile
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sitegen import codec
from sitegen.errors import SitegenError
from sitegen.keys import code_digest, file_sha256
from sitegen.mentions import ShowNames
from sitegen.model import PackedTurns
from sitegen.readers import (
    SIDECAR_SUFFIX,
    ReadResult,
    sidecar_path,
    transcript_beside,
    transcript_beside_in,
)
from sitegen.readers.chapterfile import CHAPTERS_SUFFIX, chapters_path

# Raised whenever what an entry holds, or how it is named, changes.
CACHE_VERSION = 11
_ENTRIES = "read"
_SUFFIX = ".json"
_TEMPORARY = ".tmp-"
_SHARD = re.compile(r"[0-9a-f]{2}")
_ENTRY = re.compile(r"[0-9a-f]{64}\.json")
_SHA256 = re.compile(r"[0-9a-f]{64}")
# An entry's first line: the SHA-256 of its JSON line, and that line's size (hexadecimal).
_HEAD = re.compile(rb"[0-9a-f]{64} [0-9a-f]{8}\n")
_HEAD_SIZE = 74
# The pack: one file holding the JSON line of every entry the last build used (`Pack`).
_PACK = "pack"
# A record of the pack: the entry's key, the SHA-256 of its JSON line, that line's size and
# the size of the bytes after it in the entry (hexadecimal); then that line.
_RECORD_HEAD = re.compile(rb"[0-9a-f]{64} [0-9a-f]{64} [0-9a-f]{8} [0-9a-f]{8}\n")
_RECORD_HEAD_SIZE = 148


@dataclass
class Pack:
    """The pack's records by entry name (`ParseCache.pack`), each its head and JSON line."""

    records: dict[str, memoryview]
    whole: bool  # read to its end: no record was found damaged, and it could be read


@dataclass(frozen=True)
class Stored:
    """An entry just written: where in it the bytes after its JSON begin, how many they are,
    and its record for the pack."""

    start: int
    size: int
    record: bytes


@dataclass(frozen=True)
class ParseCache:
    """The cache in `folder`, for reads of the transcripts of the site in `root` with these
    settings (`settings_digest`)."""

    folder: Path
    root: Path
    settings: str

    @classmethod
    def open(
        cls,
        folder: Path,
        root: Path,
        show_names: Collection[str] | ShowNames,
        aliases: Mapping[str, str],
    ) -> ParseCache:
        return cls(folder / _ENTRIES, root, settings_digest(show_names, aliases))

    def key(self, path: Path) -> str | None:
        """The entry name for reading `path` now; None when it cannot be read (the reader says
        why, and nothing is kept)."""
        try:
            own = file_sha256(path)
            side, chapters = (
                file_sha256(beside) if beside.is_file() else None
                for beside in (sidecar_path(path), chapters_path(path))
            )
        except OSError:
            return None
        return self._key(self._where(path), own, side, chapters, transcript_beside(path))

    def trusted_key(self, path: Path, digests: Mapping[str, str]) -> str | None:
        """`key` from `digests` (each site file's SHA-256 by its path relative to the site
        folder, as keys.inputs_key took them, trusting unchanged stats) rather than from the
        files' bytes; None when they hold a digest of another form."""
        # Asked once per transcript of the archive by a build after one edit: plain text
        # operations only, no Path made and no generator.
        where = self._where(path)
        own = digests.get(where)
        if own is None or not _SHA256.fullmatch(own):
            return None
        stem = os.path.splitext(where)[0]
        side = digests.get(stem + SIDECAR_SUFFIX)
        chapters = digests.get(stem + CHAPTERS_SUFFIX)
        if (side is not None and not _SHA256.fullmatch(side)) or (
            chapters is not None and not _SHA256.fullmatch(chapters)
        ):
            return None
        return self._key(where, own, side, chapters, transcript_beside_in(where, digests))

    def _where(self, path: Path) -> str:
        """How `path` is named in a key: relative to the site folder when inside it (compared
        as text, as `Path.relative_to` does, without a Path made per file)."""
        text, inside = str(path), self._inside
        if text.startswith(inside):
            rel = text[len(inside) :]
            return rel.replace(os.sep, "/") if os.sep != "/" else rel
        return text

    @functools.cached_property
    def _inside(self) -> str:
        """What the path of a file inside the site folder starts with."""
        return str(self.root).rstrip(os.sep) + os.sep

    def _key(
        self, where: str, own: str, sidecar: str | None, chapters: str | None, beside: bool
    ) -> str:
        text = f"{self.settings}\0{where}\0{own}\0{sidecar}\0{chapters}\0{beside}"
        return hashlib.sha256(text.encode(errors="surrogateescape")).hexdigest()

    def load(
        self,
        key: str,
        again: Callable[[], ReadResult] | None = None,
        pack: Pack | None = None,
    ) -> ReadResult | None:
        """The result kept under `key`, None when there is none or it is damaged. Its turns are
        read only when a stage reads them; `again` reads the transcript again, for when they
        are found damaged or gone then (without it, that stops the build). With `pack`, the
        entry's JSON is taken from it when it holds that, undamaged (a damaged record is
        dropped from it, and the entry's file loaded)."""
        if pack is not None:
            record = pack.records.get(key)
            if record is not None:
                text, rest = record[_RECORD_HEAD_SIZE:], int(bytes(record[139:147]), 16)
                kept = self._decoded(key, bytes(record[65:129]), text, rest, again)
                if kept is not None:
                    return kept
                del pack.records[key]
        # Unbuffered and named as text: a build after one edit loads every entry of the
        # archive, and a Path or a buffer per entry shows.
        file = self._file(key)
        try:
            with open(file, "rb", buffering=0) as entry:
                head = entry.read(_HEAD_SIZE)
                if _HEAD.fullmatch(head) is None:
                    return None
                text = memoryview(entry.read(int(head[65:-1], 16)))
                rest = os.fstat(entry.fileno()).st_size - _HEAD_SIZE - len(text)
        except OSError:
            return None
        return self._decoded(key, head[:64], text, rest, again)

    def _decoded(
        self,
        key: str,
        digest: bytes,
        text: memoryview,
        rest: int,
        again: Callable[[], ReadResult] | None,
    ) -> ReadResult | None:
        """The result an entry's JSON line `text` holds, when its SHA-256 is `digest`; its
        turns are the `rest` bytes after that line in the entry's file."""
        if hashlib.sha256(text).hexdigest().encode() != digest or text[-1:].tobytes() != b"\n":
            return None
        fetch = functools.partial(self._turns, self._file(key), _HEAD_SIZE + len(text), again)
        try:
            return codec.load_parts(text[:-1], codec.LaterBytes(rest, fetch), self.root)
        except codec.DecodeError:
            return None

    def pack(self) -> Pack:
        """The pack's records (an empty pack when there is none, or it cannot be read); a
        record found damaged ends what is taken of it."""
        try:
            with open(self.folder / _PACK, "rb", buffering=0) as file:
                data = file.read()
        except OSError:
            return Pack({}, whole=False)
        view, records, at = memoryview(data), {}, 0
        while at < len(data):
            head = data[at : at + _RECORD_HEAD_SIZE]
            if _RECORD_HEAD.fullmatch(head) is None:
                break
            end = at + _RECORD_HEAD_SIZE + int(head[130:138], 16)
            if end > len(data):
                break
            records[head[:64].decode()] = view[at:end]  # a later record of a key wins
            at = end
        return Pack(records, whole=at == len(data))

    def write_pack(
        self, used: Sequence[str], pack: Pack, written: Mapping[str, bytes] | None = None
    ) -> None:
        """Bring the pack up to date with the entries `used` (what `load` took from it is
        their JSON): the records it lacks are added at its end, unless most of it would then
        be records of entries no longer used, or it is damaged: then it is written again with
        the records of `used` only, whole or not at all. A pack that cannot be written is
        left as it is. `written`: the records of entries this build wrote (`keep`), which are
        then not read back from their files."""
        missing = [key for key in used if key not in pack.records]
        unused = len(pack.records) - (len(used) - len(missing))
        if not missing and pack.whole:
            return
        again = not pack.whole or unused > len(used) // 2
        keys = used if again else missing
        written = written or {}
        records = [r for key in keys if (r := self._known(key, pack, written)) is not None]
        with contextlib.suppress(OSError):
            if not again:
                with open(self.folder / _PACK, "ab") as out:
                    out.write(b"".join(records))  # at once: another build may be adding too
                return
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=_TEMPORARY)
            try:
                with os.fdopen(handle, "wb") as out:
                    out.writelines(records)
                os.replace(temporary, self.folder / _PACK)
            except OSError:
                os.unlink(temporary)
                raise

    def _known(
        self, key: str, pack: Pack, written: Mapping[str, bytes]
    ) -> bytes | memoryview | None:
        record: bytes | memoryview | None = pack.records.get(key)
        if record is None:
            record = written.get(key)
        return record if record is not None else self._record(key)

    def _record(self, key: str) -> bytes | None:
        """The pack's record of the entry `key`: its key, digest, sizes and JSON line; None
        when it has none to give (the entry is loaded from its file, and checked, then)."""
        try:
            with open(self._file(key), "rb", buffering=0) as entry:
                head = entry.read(_HEAD_SIZE)
                if _HEAD.fullmatch(head) is None:
                    return None
                text = entry.read(int(head[65:-1], 16))
                rest = os.fstat(entry.fileno()).st_size - _HEAD_SIZE - len(text)
        except OSError:
            return None
        return _pack_record(key, head[:64], text, rest)

    def _turns(
        self,
        file: str,
        start: int,
        again: Callable[[], ReadResult] | None,
        offset: int,
        size: int,
        digest: str,
    ) -> bytes:
        """The packed turns' bytes at `offset` after the JSON (which ends at `start`) of the
        entry `file`, of SHA-256 `digest`; read again from the transcript (`again`) when the
        entry no longer holds them."""
        try:
            with open(file, "rb", buffering=0) as entry:
                entry.seek(start + offset)
                data = entry.read(size)
        except OSError:
            data = b""
        whole = len(data) == size and hashlib.sha256(data).hexdigest() == digest
        if whole and codec.is_frame(data):
            return data
        read = again() if again is not None else None
        turns = read.episode.turns if read is not None and read.episode is not None else None
        if isinstance(turns, PackedTurns) and turns.digest == digest:
            return turns.data
        raise SitegenError(
            f"{file}: the transcript's turns kept here are damaged or gone, and it changed since"
            " the build began; build again"
        )

    def store(self, key: str, result: ReadResult) -> Stored | None:
        """Keep `result` under `key`; written whole or not at all (another build may be reading
        the folder). An entry that cannot be written is left out: the cache only saves time.
        None when it was not written."""
        path = self._path(key)
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=_TEMPORARY)
            try:
                body = codec.dumps(result, self.root)
                data = entry_data(body)
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
                os.replace(temporary, path)
            except OSError:
                os.unlink(temporary)
                raise
            json_size = body.index(b"\n") + 1
            rest = len(body) - json_size
            record = _pack_record(key, data[:64], memoryview(body)[:json_size], rest)
            return Stored(_HEAD_SIZE + json_size, rest, record)
        return None

    def keep(
        self, key: str, result: ReadResult, again: Callable[[], ReadResult] | None = None
    ) -> tuple[ReadResult, bytes | None]:
        """`store`, then `result` holding its turns as `load` gives them: read from the entry
        when wanted (`again` as for `load`), their bytes let go, so that a reading worker sends
        the build's process an episode without them and the build holds none; as it was when
        the entry could not be written. With the entry's record for the pack (`write_pack`),
        None when it was not written."""
        stored = self.store(key, result)
        turns = result.episode.turns if result.episode is not None else None
        if stored is None:
            return result, None
        if not isinstance(turns, PackedTurns) or stored.size != len(turns.data):
            # Its turns are not the only bytes after the entry's JSON, as codec writes an
            # episode's: they stay as they are.
            return result, stored.record
        file = self._file(key)
        start, size = stored.start, stored.size
        turns.read_later(functools.partial(self._turns, file, start, again, 0, size, turns.digest))
        return result, stored.record

    def prune(self, used: Collection[str]) -> int:
        """Delete every entry not in `used`, and temporary files a stopped build left; how many
        were deleted. Nothing else: `--cache-dir` may name a folder that holds other files."""
        keep = set(used)
        deleted = 0
        if not self.folder.is_dir():
            return 0
        for shard in os.scandir(self.folder):
            if not (shard.is_dir() and _SHARD.fullmatch(shard.name)):
                continue
            for entry in os.scandir(shard.path):
                name = entry.name
                ours = _ENTRY.fullmatch(name) or name.startswith(_TEMPORARY)
                if ours and name.removesuffix(_SUFFIX) not in keep:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
                        deleted += 1
        return deleted

    def _file(self, key: str) -> str:
        return f"{self.folder}{os.sep}{key[:2]}{os.sep}{key}{_SUFFIX}"  # as `_path`

    def _path(self, key: str) -> Path:
        # 256 folders: no folder holds more than a few hundred entries at 100,000 episodes.
        return self.folder / key[:2] / f"{key}{_SUFFIX}"


def _pack_record(key: str, digest: bytes, text: bytes | memoryview, rest: int) -> bytes:
    """The pack's record of the entry `key`, whose JSON line `text` has the SHA-256 `digest`
    (hex digits) and is followed by `rest` bytes."""
    return b"".join((f"{key} {digest.decode()} {len(text):08x} {rest:08x}\n".encode(), text))


def entry_data(body: bytes) -> bytes:
    """The bytes of an entry holding `body` (codec.dumps): its first line, then `body`."""
    json_size = body.index(b"\n") + 1 if b"\n" in body else len(body)
    digest = hashlib.sha256(memoryview(body)[:json_size]).hexdigest()
    return f"{digest} {json_size:08x}\n".encode() + body


def settings_digest(show_names: Collection[str] | ShowNames, aliases: Mapping[str, str]) -> str:
    """What, besides the files, a read result depends on."""
    hasher = hashlib.sha256(f"sitegen parse cache {CACHE_VERSION}\0".encode())
    hasher.update(code_digest().encode())
    hasher.update(repr((tuple(show_names), tuple(sorted(aliases.items())))).encode())
    return hasher.hexdigest()
