"""Read results as JSON and back: what the parse cache (parsecache.py) stores of a transcript.

A read result is frozen dataclasses of plain values, so one encoding covers it: a dataclass is
an object naming its class (`"$": "Episode"`) with its fields, a tuple or list an array, a dict
an array of pairs (keys may be tuples: an episode's facts), a path, date or enum value an object
naming what it is (a path inside the site folder, `root`, relative to it, so that an entry
holds wherever the folder is and however it is spelled), packed turns their Zstandard bytes in
base64 (model.PackedTurns, already JSON inside). Arrays come back as tuples. Decoding makes
only the classes listed here, so a cache file can never become anything else, whatever it
holds (pickle would run code).
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import json
from collections.abc import Hashable
from pathlib import Path
from typing import Any

from sitegen.errors import Diagnostic, Severity
from sitegen.model import Episode, Link, Mention, Metadata, PackedTurns, Segment, Turn
from sitegen.moments import Moments
from sitegen.readers import ReadResult
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
        TalkTime,
        Moments,
    )
}
_ENUMS: dict[str, type[Severity]] = {"Severity": Severity}
# Fields a class works out when made, not given (Episode.speakers); facts are set after.
_LEFT_OUT = frozenset({"speakers", "facts"})


class DecodeError(ValueError):
    """What a file holds is not an encoded read result (damaged, or written by hand)."""


def dumps(result: ReadResult, root: Path) -> bytes:
    """`result` as JSON; its paths inside `root` relative to it."""
    return json.dumps(encode(result, root), ensure_ascii=False, separators=(",", ":")).encode()


def loads(data: bytes, root: Path) -> ReadResult:
    """The result `dumps` was given, its relative paths inside `root` (spelled as `root` is)."""
    try:
        value = decode(json.loads(data), root)
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        raise DecodeError(str(exc)) from exc
    if not isinstance(value, ReadResult):
        raise DecodeError(f"not a read result: {type(value).__name__}")
    return value


def encode(value: object, root: Path) -> Any:
    """`value` as JSON values (see the module's docstring)."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, Severity):  # before str: it is one
        return {"$enum": type(value).__name__, "value": value.value}
    if isinstance(value, str):
        return value
    if isinstance(value, (tuple, list)):
        return [encode(item, root) for item in value]
    if isinstance(value, dict):
        return {"$dict": [[encode(k, root), encode(v, root)] for k, v in value.items()]}
    if isinstance(value, Path):
        if value.is_relative_to(root):
            return {"$site": value.relative_to(root).as_posix()}
        return {"$path": str(value)}
    if isinstance(value, datetime.date):
        return {"$date": value.isoformat()}
    if isinstance(value, PackedTurns):
        return {
            "$packed": base64.b64encode(value.data).decode("ascii"),
            "count": len(value),
            "speakers": list(value.speakers),
        }
    name = type(value).__name__
    if dataclasses.is_dataclass(value) and _CLASSES.get(name) is type(value):
        fields = {
            f.name: encode(getattr(value, f.name), root)
            for f in dataclasses.fields(value)
            if f.name not in _LEFT_OUT
        }
        if isinstance(value, Episode):
            fields["facts"] = encode(value.facts, root)
        return {"$": name, **fields}
    raise TypeError(f"cannot encode a {name}")


def decode(value: Any, root: Path) -> object:
    """The value `encode` was given (tuples for its lists)."""
    if isinstance(value, list):
        # Most items are plain (anchors): no call for those (decoding an entry 10 % faster).
        return tuple(
            [decode(item, root) if isinstance(item, (list, dict)) else item for item in value]
        )
    if not isinstance(value, dict):
        return value
    if "$" in value:
        cls = _CLASSES[value["$"]]
        fields = {k: decode(v, root) for k, v in value.items() if k not in ("$", "facts")}
        made = cls(**fields)
        if isinstance(made, Episode):
            facts = decode(value["facts"], root)
            if not isinstance(facts, dict):
                raise ValueError("an episode's facts are not a dict")
            made.facts.update(facts)
        return made
    if "$dict" in value:
        return {_hashable(decode(k, root)): decode(v, root) for k, v in value["$dict"]}
    if "$site" in value:
        return root / value["$site"]
    if "$path" in value:
        return Path(value["$path"])
    if "$date" in value:
        return datetime.date.fromisoformat(value["$date"])
    if "$enum" in value:
        return _ENUMS[value["$enum"]](value["value"])
    if "$packed" in value:
        data = base64.b64decode(value["$packed"], validate=True)
        return PackedTurns.from_data(data, int(value["count"]), tuple(value["speakers"]))
    raise ValueError(f"unknown object: {sorted(value)}")


def _hashable(key: object) -> Hashable:
    if not isinstance(key, Hashable):
        raise TypeError(f"not a dict key: {key!r}")
    return key
