"""Read results as JSON and back: what the parse cache (parsecache.py) stores of a transcript.

A read result is frozen dataclasses of plain values, so one encoding covers it: a dataclass is
an object naming its class (`"$": "Episode"`) with its fields (an episode's with its summary,
summary.EpisodeSummary), a tuple or list an array, a dict an array of pairs, a path, date or
enum value an object naming what it is (a path inside the site folder, `root`, relative to it,
so that an entry holds wherever the folder is and however it is spelled). Arrays come back as
tuples. Packed turns (model.PackedTurns, already JSON inside) are Zstandard bytes: the JSON
names where they are (`"$packed": [offset, size]`) in the bytes that follow it, after a newline
(which JSON as written here never holds): they are most of an entry, and reading it then never
scans them as text.
Decoding makes only the classes listed here, so a cache file can never become anything else,
whatever it holds (pickle would run code); and each of their fields only the type it is
declared with, so that an entry of valid JSON and another shape (edited by hand, written by
something else) is refused as damaged, never a value that stops a later stage. What the packed
turns hold (compressed, read when the episode is rendered) is not looked into here.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import types
import typing
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, Literal

import zstandard

from sitegen.errors import Diagnostic, Severity
from sitegen.model import Episode, Link, Mention, Metadata, PackedTurns, Segment, Turn
from sitegen.moments import Moments
from sitegen.readers import ReadResult
from sitegen.summary import EpisodeSummary
from sitegen.talktime import TalkTime

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
_LEFT_OUT = frozenset({"speakers", "summary"})


class DecodeError(ValueError):
    """What a file holds is not an encoded read result (damaged, or written by hand)."""


def dumps(result: ReadResult, root: Path) -> bytes:
    """`result` as JSON, then a newline and the packed turns' bytes; its paths inside `root`
    relative to it."""
    blobs: list[bytes] = []
    text = json.dumps(encode(result, root, blobs), ensure_ascii=False, separators=(",", ":"))
    return b"\n".join((text.encode(), b"".join(blobs)))


def loads(data: bytes, root: Path) -> ReadResult:
    """The result `dumps` was given, its relative paths inside `root` (spelled as `root` is)."""
    text, _, blobs = data.partition(b"\n")
    try:
        value = decode(json.loads(text), root, memoryview(blobs))
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
        }
    name = type(value).__name__
    if dataclasses.is_dataclass(value) and _CLASSES.get(name) is type(value):
        fields = {
            f.name: encode(getattr(value, f.name), root, blobs)
            for f in dataclasses.fields(value)
            if f.name not in _LEFT_OUT
        }
        if isinstance(value, Episode):
            fields["summary"] = encode(value.summary, root, blobs)
        return {"$": name, **fields}
    raise TypeError(f"cannot encode a {name}")


def decode(value: Any, root: Path, blobs: memoryview) -> object:
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
        extra = len(value) - len(checks) - 1 - (cls is Episode)
        if extra:
            raise ValueError(f"{cls.__name__} with fields {sorted(value)}")
        made = cls(**fields)
        if isinstance(made, Episode):
            summary = decode(value["summary"], root, blobs)
            if not isinstance(summary, EpisodeSummary | None):
                raise ValueError("an episode's summary is not an EpisodeSummary")
            if summary is not None:
                made.set_summary(summary)
        return made
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
        data = _blob(value["$packed"], blobs)
        count, speakers = value["count"], value["speakers"]
        if not (conforms(count, int) and 0 <= count < 2**32 and isinstance(speakers, list)):
            raise ValueError("packed turns with a count or speakers of another type")
        speakers = tuple(speakers)
        if not conforms(speakers, _NAMES):
            raise ValueError("packed turns with speakers that are not names")
        try:  # the frame's header only: the turns are decompressed when the page is made
            zstandard.get_frame_parameters(data)
        except zstandard.ZstdError as exc:
            raise ValueError(f"packed turns that are no Zstandard frame: {exc}") from exc
        return PackedTurns.from_data(data, count, speakers)
    raise ValueError(f"unknown object: {sorted(value)}")


def _blob(place: object, blobs: memoryview) -> bytes:
    """The bytes at `place` (`[offset, size]`) in `blobs`."""
    if not (isinstance(place, list) and len(place) == 2 and conforms(tuple(place), _PLACE)):
        raise ValueError("packed turns not placed by an offset and a size")
    offset, size = place
    if not (offset >= 0 and size > 0 and offset + size <= len(blobs)):
        raise ValueError("packed turns placed outside the entry")
    return bytes(blobs[offset : offset + size])


_PLACE = tuple[int, int]
_NAMES = tuple[str, ...]
_NESTED = frozenset({list, dict})


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


_FIELD_CHECKS.update(
    (name, (_CLASSES[name], tuple((field, _checker(kind)) for field, kind in hints.items())))
    for name, hints in _FIELD_TYPES.items()
)
