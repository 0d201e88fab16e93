"""Read results as JSON and back: what the parse cache (parsecache.py) stores of a transcript.

A read result is frozen dataclasses of plain values, so one encoding covers it: a dataclass is
an object naming its class (`"$": "Diagnostic"`) with its fields, a tuple or list an array, a
dict an array of pairs, a path, date or enum value an object naming what it is (a path inside
the site folder, `root`, relative to it, so that an entry holds wherever the folder is and
however it is spelled). Arrays come back as tuples. The episode, its metadata and its summary
(summary.EpisodeSummary: talk time, moments) are rows instead, arrays of their fields' values
in the order the classes declare them (`ROW_FIELDS`), read by a decoder written for each: every
entry holds one, and a build after one edit loads every entry. An episode's row ends with the
digests its keys are made from (model.Episode.digests), worked out where it was read. A
moment's anchors are one string, its times the hexadecimal of 64-bit integers, which are
estimated a string of 0 and 1.
Packed turns (model.PackedTurns, already JSON inside) are Zstandard bytes: the JSON
names where they are (`"$packed": [offset, size]`) in the bytes that follow it, after a newline
(which JSON as written here never holds): they are most of an entry, and reading it then never
scans them as text. Their SHA-256 is kept beside them: what the episode's keys are made from
(model.PackedTurns.digest), so a build after an edit does not hash every episode's turns, and
what the bytes are checked against when they are read later (`LaterBytes`: the parse cache
reads an entry's JSON only, and the turns of the few episodes a build makes pages of).
Decoding makes only the classes listed here, so a cache file can never become anything else,
whatever it holds (pickle would run code); and each of their fields only the type it is
declared with, so that an entry of valid JSON and another shape (edited by hand, written by
something else) is refused as damaged, never a value that stops a later stage. What the packed
turns hold (compressed, read when the episode is rendered) is not looked into here.
"""

from __future__ import annotations

import array
import contextlib
import dataclasses
import datetime
import functools
import json
import re
import sys
import types
import typing
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, Literal, TypeVar

import zstandard

from sitegen.errors import Diagnostic, Severity
from sitegen.mentions import FoundMention, NamesKey
from sitegen.model import Episode, Link, Mention, Metadata, PackedTurns, Segment, Turn
from sitegen.moments import Moments
from sitegen.readers import ReadResult
from sitegen.summary import EpisodeSummary
from sitegen.talktime import LastEnd, TalkTime

_CLASSES: dict[str, type[Any]] = {
    cls.__name__: cls
    for cls in (
        ReadResult,
        Episode,
        Metadata,
        Turn,
        Segment,
        Link,
        Mention,
        Diagnostic,
        EpisodeSummary,
        TalkTime,
        Moments,
    )
}
_ENUMS: dict[str, type[Severity]] = {"Severity": Severity}
# Fields a class makes itself (Episode.speakers), or is given after it is made (the summary,
# written and checked apart: its type is not one `Episode`'s module may name at run time).
_LEFT_OUT = frozenset({"speakers", "summary", "digests"})


_JSON = json.JSONDecoder()


class DecodeError(ValueError):
    """What a file holds is not an encoded read result (damaged, or written by hand)."""


@dataclasses.dataclass(frozen=True, slots=True)
class LaterBytes:
    """The bytes after an entry's JSON, not read yet: `size` of them, and `fetch(offset, size,
    digest)`, which gives the `size` bytes at `offset` among them, whose SHA-256 is `digest`
    (the JSON says so), or raises. Packed turns decoded from them read them each time they are
    read."""

    size: int
    fetch: Callable[[int, int, str], bytes]


Blobs = memoryview | LaterBytes


def dumps(result: ReadResult, root: Path) -> bytes:
    """`result` as JSON, then a newline and the packed turns' bytes; its paths inside `root`
    relative to it."""
    blobs: list[bytes] = []
    text = json.dumps(encode(result, root, blobs), ensure_ascii=False, separators=(",", ":"))
    return b"\n".join((text.encode(), b"".join(blobs)))


def loads(data: bytes, root: Path) -> ReadResult:
    """The result `dumps` was given, its relative paths inside `root` (spelled as `root` is)."""
    text, _, blobs = data.partition(b"\n")
    return load_parts(text, blobs, root)


def load_parts(text: bytes | memoryview, blobs: bytes | LaterBytes, root: Path) -> ReadResult:
    """`loads` of the JSON `text` and the `blobs` after it, read apart (parsecache.py): packed
    turns that are all of `blobs` are taken as they are, not copied; from LaterBytes, they are
    read whenever they are read."""
    try:
        json_text = str(text, "utf-8")
        value, stop = _JSON.raw_decode(json_text)
        if stop != len(json_text):
            raise ValueError("more than one JSON value")
        value = decode(value, root, blobs if isinstance(blobs, LaterBytes) else memoryview(blobs))
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError) as exc:
        raise DecodeError(str(exc)) from exc
    if not isinstance(value, ReadResult):
        raise DecodeError(f"not a read result: {type(value).__name__}")
    return value


def encode(value: object, root: Path, blobs: list[bytes]) -> Any:
    """`value` as JSON values (see the module's docstring); packed turns' bytes are appended
    to `blobs`, which the JSON names by offset."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, Severity):  # before str: it is one
        return {"$enum": type(value).__name__, "value": value.value}
    if isinstance(value, str):
        return value
    if isinstance(value, (tuple, list)):
        return [encode(item, root, blobs) for item in value]
    if isinstance(value, dict):
        return {
            "$dict": [[encode(k, root, blobs), encode(v, root, blobs)] for k, v in value.items()]
        }
    if isinstance(value, Path):
        if value.is_relative_to(root):
            return {"$site": value.relative_to(root).as_posix()}
        return {"$path": str(value)}
    if isinstance(value, datetime.date):
        return {"$date": value.isoformat()}
    if isinstance(value, PackedTurns):
        offset = sum(map(len, blobs))
        blobs.append(value.data)
        return {
            "$packed": [offset, len(value.data)],
            "count": len(value),
            "speakers": list(value.speakers),
            "sha256": value.digest,
        }
    if isinstance(value, Episode):
        return _encode_episode(value, root, blobs)
    name = type(value).__name__
    if dataclasses.is_dataclass(value) and _OBJECTS.get(name) is type(value):
        fields = {
            f.name: encode(getattr(value, f.name), root, blobs)
            for f in dataclasses.fields(value)
            if f.name not in _LEFT_OUT
        }
        return {"$": name, **fields}
    raise TypeError(f"cannot encode a {name}")


def decode(value: Any, root: Path, blobs: Blobs) -> object:
    """The value `encode` was given (tuples for its lists), packed turns taken from `blobs`."""
    if isinstance(value, list):
        # Most lists hold plain items only (anchors, times): those are taken as they are, the
        # bulk of decoding an entry, after one look at the types in them.
        if _NESTED.isdisjoint(map(type, value)):
            return tuple(value)
        return tuple(
            [
                decode(item, root, blobs) if isinstance(item, (list, dict)) else item
                for item in value
            ]
        )
    if not isinstance(value, dict):
        return value
    if "$" in value:
        known = _DECODERS.get(value["$"])
        if known is not None:
            return known(value, root, blobs)
        cls, checks = _FIELD_CHECKS[value["$"]]
        fields = {}
        for name, check in checks:
            field = value[name]
            if type(field) is list or type(field) is dict:  # what JSON makes, never subclasses
                field = decode(field, root, blobs)
            if not check(field):
                wanted = _FIELD_TYPES[cls.__name__][name]
                raise ValueError(f"{cls.__name__}.{name} is not a {wanted}")
            fields[name] = field
        if len(value) != len(checks) + 1:
            raise ValueError(f"{cls.__name__} with fields {sorted(value)}")
        return cls(**fields)
    if "$dict" in value:
        return {
            _hashable(decode(k, root, blobs)): decode(v, root, blobs) for k, v in value["$dict"]
        }
    if "$site" in value:
        return root / value["$site"]
    if "$path" in value:
        return Path(value["$path"])
    if "$date" in value:
        return datetime.date.fromisoformat(value["$date"])
    if "$enum" in value:
        return _ENUMS[value["$enum"]](value["value"])
    if "$packed" in value:
        return _packed(value, blobs)
    raise ValueError(f"unknown object: {sorted(value)}")


def _packed(value: dict[str, Any], blobs: Blobs) -> PackedTurns:
    """Packed turns, their bytes taken from `blobs`, or read from them later."""
    place = value["$packed"]
    count, speakers = value["count"], value["speakers"]
    if not (type(count) is int and 0 <= count < 2**32 and type(speakers) is list):
        raise ValueError("packed turns with a count or speakers of another type")
    if not _STR.issuperset(map(type, speakers)):
        raise ValueError("packed turns with speakers that are not names")
    speakers = tuple(speakers)
    digest = value["sha256"]
    if not (type(digest) is str and _SHA256.fullmatch(digest)):
        raise ValueError("packed turns without the SHA-256 of their bytes")
    if isinstance(blobs, LaterBytes):
        offset, size = _place(place, blobs.size)
        fetch = functools.partial(blobs.fetch, offset, size, digest)
        return PackedTurns.later(fetch, count, speakers, digest)
    data = _blob(place, blobs)
    if not is_frame(data):
        raise ValueError("packed turns that are no Zstandard frame")
    return PackedTurns.from_data(data, count, speakers, digest)


def is_frame(data: bytes) -> bool:
    """Whether `data` begins as a Zstandard frame: its header only, the turns are decompressed
    when the page is made."""
    try:
        zstandard.get_frame_parameters(data)
    except zstandard.ZstdError:
        return False
    return True


def _place(place: object, length: int) -> tuple[int, int]:
    """The offset and size `place` (`[offset, size]`) says, inside bytes of `length`."""
    if not (type(place) is list and len(place) == 2 and _INTS.issuperset(map(type, place))):
        raise ValueError("packed turns not placed by an offset and a size")
    offset, size = place
    if not (offset >= 0 and size > 0 and offset + size <= length):
        raise ValueError("packed turns placed outside the entry")
    return offset, size


def _blob(place: object, blobs: memoryview) -> bytes:
    """The bytes at `place` (`[offset, size]`) in `blobs`: the bytes object `blobs` views when
    they are all of it (an entry's packed turns, read apart), else a copy."""
    offset, size = _place(place, len(blobs))
    whole = blobs.obj
    if offset == 0 and type(whole) is bytes and len(whole) == size:
        return whole
    return bytes(blobs[offset : offset + size])


_NESTED = frozenset({list, dict})
_STR = frozenset({str})
_SHA256 = re.compile(r"[0-9a-f]{64}")  # as hexdigest() writes it
_INTS = frozenset({int})


def _declared_types(cls: type[Any]) -> dict[str, object]:
    """The declared type of each field `encode` writes of the dataclass `cls`."""
    hints = typing.get_type_hints(cls, localns={"EpisodeSummary": EpisodeSummary})
    return {f.name: hints[f.name] for f in dataclasses.fields(cls) if f.name not in _LEFT_OUT}


_FIELD_TYPES = {name: _declared_types(cls) for name, cls in _CLASSES.items()}


# Each class's fields, each with its type's test, in the order `encode` writes them.
_FIELD_CHECKS: dict[str, tuple[type[Any], tuple[tuple[str, Check], ...]]] = {}


def conforms(value: object, kind: object) -> bool:
    """Whether the decoded `value` is of the type `kind`, as far as decoding can make one: a
    class (an int is no bool), `X | None`, a Literal, `tuple[X, ...]`, a tuple of fixed types,
    `dict[K, V]`, Hashable or object."""
    return _checker(kind)(value)


Check = Callable[[object], bool]
_CHECKERS: dict[object, Check] = {}


def _checker(kind: object) -> Check:
    """The test `conforms` makes for `kind`, made once per type (decoding every entry of a
    large archive tests hundreds of thousands of values)."""
    made = _CHECKERS.get(kind)
    if made is None:
        made = _CHECKERS[kind] = _make_checker(kind)
    return made


def _make_checker(kind: object) -> Check:
    if kind is object or kind is Any:
        return lambda value: True
    if kind is Hashable:
        return lambda value: isinstance(value, Hashable)
    if kind is int:
        return lambda value: isinstance(value, int) and not isinstance(value, bool)
    if kind is type(None):
        return lambda value: value is None
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin is None:
        if not isinstance(kind, type):
            raise TypeError(f"no test for {kind!r}")
        return lambda value: isinstance(value, kind)
    if origin is types.UnionType or origin is typing.Union:
        options = tuple(_checker(arg) for arg in args if arg is not type(None))
        if len(options) == 1 and len(args) == 2:  # `X | None`, most of them
            only = options[0]
            return lambda value: value is None or only(value)
        every = tuple(_checker(arg) for arg in args)
        return lambda value: any(test(value) for test in every)
    if origin is Literal:
        return lambda value: any(value == arg and type(value) is type(arg) for arg in args)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        each = _checker(args[0])
        exact = _exact_types(args[0])
        if exact is not None:  # most tuples decoded: names, anchors, lines, starts
            return lambda value: isinstance(value, tuple) and exact.issuperset(map(type, value))
        return lambda value: isinstance(value, tuple) and all(map(each, value))
    if origin is tuple:
        items = tuple(_checker(arg) for arg in args)
        return lambda value: (
            isinstance(value, tuple)
            and len(value) == len(items)
            and all(test(item) for test, item in zip(items, value, strict=True))
        )
    if origin is dict:
        key_test, value_test = _checker(args[0]), _checker(args[1])
        return lambda value: (
            isinstance(value, dict) and all(key_test(k) and value_test(v) for k, v in value.items())
        )
    raise TypeError(f"no test for {kind!r}")


def _exact_types(kind: object) -> frozenset[type] | None:
    """The types a value of `kind` decoded from JSON can be exactly, when `kind` is one of str,
    int, float, bool and None or a union of them; None for any other kind. (JSON gives these
    types and no subclass, and `type(x) is int` is false for a bool.)"""
    plain = {str, int, float, bool, type(None)}
    if kind in plain:
        return frozenset({kind}) if isinstance(kind, type) else None
    if typing.get_origin(kind) in (types.UnionType, typing.Union):
        options = typing.get_args(kind)
        if all(option in plain for option in options):
            return frozenset(option for option in options if isinstance(option, type))
    return None


def _hashable(key: object) -> Hashable:
    if not isinstance(key, Hashable):
        raise TypeError(f"not a dict key: {key!r}")
    return key


# An entry's episode, its metadata and its summary are written as rows, their fields' values
# in the order the classes declare them, and decoded by code written for those fields: the
# generic walk (`decode`), a call and a test per value, and field names in every object, were
# most of what loading an entry cost, and a build after one edit loads every entry of the
# archive. Each decoder checks what `decode` would: every field, of its declared type, and no
# field more; fields of rarer types go to `decode`.
_TIMES = frozenset({int, type(None)})
_SEPARATOR = " "  # between a moment's anchors: ids have none (urls.moment_anchors)
_FLAGS = {"0": False, "1": True}
_BIG_ENDIAN = sys.byteorder == "big"  # times are written little-endian, whatever wrote them


def _row(value: object, fields: tuple[str, ...], root: Path, blobs: list[bytes]) -> list[Any]:
    return [encode(getattr(value, field), root, blobs) for field in fields]


def _encode_episode(episode: Episode, root: Path, blobs: list[bytes]) -> list[Any]:
    row = [
        encode(episode.key, root, blobs),
        _row(episode.meta, _METADATA, root, blobs),
        *(encode(getattr(episode, field), root, blobs) for field in _EPISODE[2:]),
    ]
    digests = [episode.digests.get(kind) for kind in _DIGESTS]
    summary = episode.summary
    if summary is None:
        return [*row, None, digests]
    encoded = [
        _row(summary.talk_time, _TALK_TIME, root, blobs),
        _encode_moments(summary.moments),
        *(encode(getattr(summary, field), root, blobs) for field in _SUMMARY[2:]),
    ]
    return [*row, encoded, digests]


def _encode_moments(moments: Moments) -> list[Any]:
    """An episode's moments, one per paragraph, in three JSON values: its anchors in one
    string (when none holds the separator), its times as the hexadecimal of 64-bit integers
    (when each has one), which are estimated as a string of 0 and 1."""
    anchors: Any = list(moments.anchors)
    if anchors and not any(_SEPARATOR in anchor for anchor in anchors):
        anchors = _SEPARATOR.join(anchors)
    starts: Any = list(moments.starts)
    if starts and None not in starts:
        with contextlib.suppress(OverflowError):
            numbers = array.array("q", starts)
            if _BIG_ENDIAN:
                numbers.byteswap()
            starts = numbers.tobytes().hex()
    estimated = "".join("1" if flag else "0" for flag in moments.estimated)
    return [anchors, starts, estimated]


T = TypeVar("T")


def _one(value: object, kind: type[T], where: str) -> T:
    """`value`, when it is of exactly `kind` (str, int or bool: JSON's `true` is no int here)."""
    if type(value) is kind:
        return value
    raise ValueError(f"{where} is not of type {kind.__name__}")


def _maybe(value: object, kind: type[T], where: str) -> T | None:
    """`_one`, or None."""
    return None if value is None else _one(value, kind, where)


def _texts(value: object, where: str) -> tuple[str, ...]:
    if type(value) is list and _STR.issuperset(map(type, value)):
        return tuple(value)
    raise ValueError(f"{where} is not a tuple[str, ...]")


def _fields(value: object, cls: str, fields: tuple[str, ...]) -> list[Any]:
    """`value`, the row of a `cls` with `fields`."""
    if type(value) is list and len(value) == len(fields):
        return value
    raise ValueError(f"{cls} is not a row of {len(fields)} fields")


def _counts(value: object, where: str) -> dict[str, int]:
    """A `dict[str, int]`, as `encode` writes a dict (`{"$dict": [[key, value], ...]}`)."""
    if type(value) is dict and len(value) == 1:
        pairs = value["$dict"]
        if type(pairs) is list:
            # Any pair that is not a two-item list gives a key or a value that is no int.
            counts = dict(pairs)
            if _STR.issuperset(map(type, counts)) and _INTS.issuperset(map(type, counts.values())):
                return counts
    raise ValueError(f"{where} is not a dict[str, int]")


def _typed(value: object, cls: str, field: str, root: Path, blobs: Blobs) -> Any:
    """The field `field` of a `cls` decoded by `decode`, and checked against its type."""
    if type(value) is list and not value:
        if (cls, field) in _VARIADIC:  # most such fields, and () is of every such type
            return ()
        value = ()
    elif type(value) is list or type(value) is dict:
        value = decode(value, root, blobs)
    if not _CHECK_OF[cls, field](value):
        raise ValueError(f"{cls}.{field} is not a {_FIELD_TYPES[cls][field]}")
    return value


_READ_RESULT = ("episode", "diagnostics")


def _read_result(value: dict[str, Any], root: Path, blobs: Blobs) -> ReadResult:
    if len(value) != len(_READ_RESULT) + 1:
        raise ValueError(f"ReadResult with fields {sorted(value)}")
    episode = value["episode"]
    diagnostics = _typed(value["diagnostics"], "ReadResult", "diagnostics", root, blobs)
    return ReadResult(None if episode is None else _episode(episode, root, blobs), diagnostics)


_EPISODE = ("key", "meta", "turns", "source", "format", "notes", "derived", "also")


def _episode(value: object, root: Path, blobs: Blobs) -> Episode:
    if not (type(value) is list and len(value) == len(_EPISODE) + 2):  # summary, digests
        raise ValueError(f"Episode is not a row of {len(_EPISODE) + 2} fields")
    key, meta, turns, source, format, notes, derived, also, summary, digests = value
    if type(turns) is dict and len(turns) == 4 and "$packed" in turns:  # as `decode` takes it
        turns = _packed(turns, blobs)
    else:
        turns = _typed(turns, "Episode", "turns", root, blobs)
    episode = Episode(
        _one(key, str, "Episode.key"),
        _metadata(meta, root, blobs),
        turns,
        _source(source, root, blobs),
        _one(format, str, "Episode.format"),
        _one(notes, str, "Episode.notes"),
        _texts(derived, "Episode.derived"),
        _typed(also, "Episode", "also", root, blobs),
    )
    if summary is not None:
        episode.set_summary(_summary(summary, root, blobs))
    episode.digests.update(_digests(digests))
    return episode


# The digests an episode keeps (model.Episode.digests), in this order; None for one not kept.
_DIGESTS = ("content", "listing", "feed", "talk")


def _digests(value: object) -> dict[str, str]:
    if not (type(value) is list and len(value) == len(_DIGESTS)):
        raise ValueError(f"Episode digests are not a row of {len(_DIGESTS)}")
    kept = {}
    for kind, digest in zip(_DIGESTS, value, strict=True):
        if digest is not None:
            if not (type(digest) is str and _SHA256.fullmatch(digest)):
                raise ValueError(f"Episode's {kind} digest is not a SHA-256")
            kept[kind] = digest
    return kept


def _source(value: object, root: Path, blobs: Blobs) -> Path:
    """A transcript's path: inside the site folder, most of them."""
    if type(value) is dict and len(value) == 1:
        site = value.get("$site")
        if type(site) is str:
            return root / site
    path: Path = _typed(value, "Episode", "source", root, blobs)
    return path


_METADATA = (
    "title",
    "episode",
    "season",
    "date",
    "audio",
    "audio_type",
    "audio_length",
    "duration",
    "description",
    "guests",
    "draft",
    "slug",
    "speaker_names",
    "number_from",
    "episode_type",
    "show",
    "mentions_add",
    "mentions_ignore",
    "chapters",
    "guid",
)


def _metadata(value: object, root: Path, blobs: Blobs) -> Metadata:
    (
        title,
        episode,
        season,
        date,
        audio,
        audio_type,
        audio_length,
        duration,
        description,
        guests,
        draft,
        slug,
        speaker_names,
        number_from,
        episode_type,
        show,
        mentions_add,
        mentions_ignore,
        chapters,
        guid,
    ) = _fields(value, "Metadata", _METADATA)
    return Metadata(
        _maybe(title, str, "Metadata.title"),
        _maybe(episode, int, "Metadata.episode"),
        _maybe(season, int, "Metadata.season"),
        date if date is None else _typed(date, "Metadata", "date", root, blobs),
        _maybe(audio, str, "Metadata.audio"),
        _maybe(audio_type, str, "Metadata.audio_type"),
        _maybe(audio_length, int, "Metadata.audio_length"),
        _maybe(duration, int, "Metadata.duration"),
        _maybe(description, str, "Metadata.description"),
        _texts(guests, "Metadata.guests"),
        _one(draft, bool, "Metadata.draft"),
        _maybe(slug, str, "Metadata.slug"),
        _typed(speaker_names, "Metadata", "speaker_names", root, blobs),
        _one(number_from, str, "Metadata.number_from"),
        _maybe(episode_type, str, "Metadata.episode_type"),
        _maybe(show, str, "Metadata.show"),
        _typed(mentions_add, "Metadata", "mentions_add", root, blobs),
        _typed(mentions_ignore, "Metadata", "mentions_ignore", root, blobs),
        _typed(chapters, "Metadata", "chapters", root, blobs),
        _maybe(guid, str, "Metadata.guid"),
    )


_SUMMARY = (
    "talk_time",
    "moments",
    "clocked",
    "transcript_start",
    "has_text",
    "mentions",
    "mention_names",
)


def _summary(value: object, root: Path, blobs: Blobs) -> EpisodeSummary:
    talk_time, moments, clocked, start, has_text, mentions, names = _fields(
        value, "EpisodeSummary", _SUMMARY
    )
    return EpisodeSummary(
        _talk_time(talk_time),
        _moments(moments),
        _one(clocked, bool, "EpisodeSummary.clocked"),
        _one(start, str, "EpisodeSummary.transcript_start"),
        _one(has_text, bool, "EpisodeSummary.has_text"),
        _found_mentions(mentions),
        _names_key(names),
    )


def _found_mentions(value: object) -> tuple[FoundMention, ...]:
    if type(value) is not list:
        raise ValueError("EpisodeSummary.mentions is not a list")
    found: list[FoundMention] = []
    for mention in value:
        if not (
            type(mention) is list
            and len(mention) == 8
            and _INTS.issuperset(map(type, mention[:4]))
            and (mention[4] is None or type(mention[4]) is str)
            and _STR.issuperset(map(type, mention[5:]))
        ):
            raise ValueError(f"EpisodeSummary.mentions holds {mention!r}")
        found.append(tuple(mention))
    return tuple(found)


def _names_key(value: object) -> NamesKey | None:
    if value is None:
        return None
    if type(value) is list and len(value) == 3:
        own, siblings, others = value
        if type(siblings) is list and all(
            type(sibling) is list and len(sibling) == 2 and type(sibling[0]) is str
            for sibling in siblings
        ):
            return (
                _texts(own, "EpisodeSummary.mention_names"),
                tuple(
                    (name, _texts(names, "EpisodeSummary.mention_names"))
                    for name, names in siblings
                ),
                _texts(others, "EpisodeSummary.mention_names"),
            )
    raise ValueError("EpisodeSummary.mention_names is not a NamesKey | None")


_TALK_TIME = (
    "by_speaker",
    "total",
    "estimated",
    "last_end",
    "estimated_early",
    "words",
    "total_words",
)


def _talk_time(value: object) -> TalkTime:
    by_speaker, total, estimated, last_end, early, words, total_words = _fields(
        value, "TalkTime", _TALK_TIME
    )
    if not (type(last_end) is str and last_end in _LAST_ENDS):
        raise ValueError("TalkTime.last_end is not a LastEnd")
    return TalkTime(
        _counts(by_speaker, "TalkTime.by_speaker"),
        _one(total, int, "TalkTime.total"),
        _one(estimated, bool, "TalkTime.estimated"),
        last_end,  # type: ignore[arg-type]  # one of them
        _one(early, bool, "TalkTime.estimated_early"),
        _counts(words, "TalkTime.words"),
        _one(total_words, int, "TalkTime.total_words"),
    )


_LAST_ENDS = frozenset(typing.get_args(LastEnd))
_MOMENTS = ("anchors", "starts", "estimated")


def _moments(value: object) -> Moments:
    anchors, starts, estimated = _fields(value, "Moments", _MOMENTS)
    if type(anchors) is str:
        anchors = tuple(anchors.split(_SEPARATOR))
    else:
        anchors = _texts(anchors, "Moments.anchors")
    if type(starts) is str:
        times = bytes.fromhex(starts)
        if len(times) % 8:
            raise ValueError("Moments.starts is not a whole number of 64-bit integers")
        numbers = array.array("q")
        numbers.frombytes(times)
        if _BIG_ENDIAN:
            numbers.byteswap()
        starts = tuple(numbers)
    elif type(starts) is list and _TIMES.issuperset(map(type, starts)):
        starts = tuple(starts)
    else:
        raise ValueError("Moments.starts is not a tuple[int | None, ...]")
    if type(estimated) is not str or estimated.strip("01"):
        raise ValueError("Moments.estimated is not a string of 0 and 1")
    flags = (
        tuple(map(_FLAGS.__getitem__, estimated)) if "1" in estimated else (False,) * len(estimated)
    )
    return Moments(anchors, starts, flags)


# The classes written as rows, and their fields in the order the rows hold them (an episode's
# row ends with its summary, or null, and the digests it keeps).
ROW_FIELDS: dict[str, tuple[str, ...]] = {
    "Episode": (*_EPISODE, "summary", "digests"),
    "Metadata": _METADATA,
    "EpisodeSummary": _SUMMARY,
    "TalkTime": _TALK_TIME,
    "Moments": _MOMENTS,
}
_ROWS = {
    "Episode": _EPISODE,
    "Metadata": _METADATA,
    "EpisodeSummary": _SUMMARY,
    "TalkTime": _TALK_TIME,
    "Moments": _MOMENTS,
}
_DECODERS: dict[str, Callable[[dict[str, Any], Path, Blobs], object]] = {"ReadResult": _read_result}
_CHECK_OF: dict[tuple[str, str], Check] = {
    (name, field): _checker(kind)
    for name, hints in _FIELD_TYPES.items()
    for field, kind in hints.items()
}
_VARIADIC = frozenset(
    (name, field)
    for name, hints in _FIELD_TYPES.items()
    for field, kind in hints.items()
    if typing.get_origin(kind) is tuple and typing.get_args(kind)[1:] == (Ellipsis,)
)
# A field added to one of these classes, or one of another type, is also one for its decoder.
for _name, _decoded in {"ReadResult": _READ_RESULT, **_ROWS}.items():
    if tuple(_FIELD_TYPES[_name]) != _decoded:
        raise RuntimeError(f"codec: the decoder of {_name} reads {_decoded}")
if (
    _FIELD_TYPES["EpisodeSummary"]["mentions"]
    != tuple[tuple[int, int, int, int, str | None, str, str, str], ...]
    or _FIELD_TYPES["EpisodeSummary"]["mention_names"]
    != tuple[tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...], tuple[str, ...]] | None
):
    raise RuntimeError("codec: the decoder of EpisodeSummary reads other mentions")
_OBJECTS = {name: cls for name, cls in _CLASSES.items() if name not in _ROWS}
_FIELD_CHECKS.update(
    (name, (cls, tuple((field, _checker(kind)) for field, kind in _FIELD_TYPES[name].items())))
    for name, cls in _OBJECTS.items()
)
