""" "Did you mean": which known name a name that sitegen does not know was most likely meant to be.

Owns the two tests every such message uses: `closest`, for a name already known to be wrong (a
config key no setting has), which may suggest loosely; and `misspelling_of`, for a name that may
well be right where unknown names are allowed (front matter shared with other tools), which
says so only for a near miss. It only compares names; what to report is the caller's.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

# `audio-length`, `Audio Length` and `audio_length` are one key to whoever types them.
_SEPARATORS = re.compile(r"[\s_-]+")


def closest(name: str, choices: Iterable[str]) -> str | None:
    """The choice most like `name`, if any is reasonably alike (difflib's ratio of 0.6)."""
    hint = difflib.get_close_matches(name, list(choices), n=1)
    return hint[0] if hint else None


def misspelling_of(name: str, choices: Iterable[str]) -> str | None:
    """The choice that `name` is a slip of the keyboard away from (`titel` → `title`, `Title`,
    `audio-length`, `audio_lenght`), or None. A near miss is the same name but for letter case
    and separators, or one typing mistake (a letter missed, added, changed, or two swapped),
    two in a name of seven letters or more. Anything further is another name altogether:
    `subtitle` is not a misspelt `title`, nor `categories` of `chapters`."""
    wanted = _plain(name)
    best: tuple[int, str] | None = None
    for choice in choices:
        plain = _plain(choice)
        allowed = 2 if len(plain) >= 7 else 1
        distance = _typing_distance(wanted, plain, allowed)
        if distance <= allowed and (best is None or distance < best[0]):
            best = (distance, choice)
    return best[1] if best is not None and name != best[1] else None


def did_you_mean(hint: str | None) -> str:
    """` (did you mean "title"?)`, the end of a message naming an unknown name; '' for no hint."""
    return f' (did you mean "{hint}"?)' if hint is not None else ""


def _plain(name: str) -> str:
    return _SEPARATORS.sub("_", name.strip().casefold())


def _typing_distance(a: str, b: str, limit: int) -> int:
    """The number of letters missed, added, changed or swapped with the next that turn `a` into
    `b` (the optimal string alignment distance); anything over `limit` is `limit + 1`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, letter in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, other in enumerate(b, 1):
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (letter != other)
            )
            if i > 1 and j > 1 and letter == b[j - 2] and a[i - 2] == other:
                current[j] = min(current[j], before[j - 2] + 1)
        before, previous = previous, current
    return min(previous[len(b)], limit + 1)
