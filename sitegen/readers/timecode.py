"""Clock parsing and formatting: `M:SS`, `MM:SS`, `H:MM:SS`, `HH:MM:SS` with `.d`/`.mmm` fractions.

The one place that turns clocks into milliseconds and back; readers and URLs both use it. It
also says why a token shaped like a clock is none (`impossible_clock`), so that readers can
report it; where such a token stands is the readers' business. A time that may be seconds or a
clock, as JSON transcripts write them (`12.5`, `"12.5"`, `"0:00:12.5"`), is `time_ms`'s.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

# A clock as it appears in transcripts. Groups: hours (optional), minutes, seconds, fraction.
CLOCK_PATTERN = r"(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?"
_CLOCK = re.compile(rf"^{CLOCK_PATTERN}$")
# What a clock looks like to a reader, including one-digit seconds (`00:7`): readers match this
# where a clock is expected, and `parse_clock` or `impossible_clock` says what the token is.
CLOCK_SHAPE = r"(?:\d{1,2}:)?\d{1,2}:\d{1,2}(?:[.,]\d{1,3})?"
_SHAPE = re.compile(r"(?:(\d{1,2}):)?(\d{1,2}):(\d{1,2})((?:[.,]\d{1,3})?)")


# Readers parse a clock on most lines, and an archive holds few distinct ones (`MM:SS` has 3,600).
@lru_cache(maxsize=8192)
def parse_clock(text: str) -> int | None:
    """Milliseconds for a clock string, or None if it is not a valid clock."""
    match = _CLOCK.match(text.strip())
    if match is None:
        return None
    return clock_groups_to_ms(match.group(1), match.group(2), match.group(3), match.group(4))


def clock_groups_to_ms(
    hours: str | None, minutes: str, seconds: str, fraction: str | None
) -> int | None:
    """Milliseconds from the groups of CLOCK_PATTERN; None when minutes/seconds are out of range."""
    h = int(hours) if hours else 0
    m = int(minutes)
    s = int(seconds)
    if s >= 60 or (hours is not None and m >= 60):
        return None
    ms = int((fraction or "0").ljust(3, "0")[:3])
    return ((h * 60 + m) * 60 + s) * 1000 + ms


def impossible_clock(token: str) -> str | None:
    """Why a clock-shaped token is no clock (a warning message), or None when it is a clock or
    not shaped like one.

    Impossible: seconds of 60 or more (`99:99`), minutes of 60 or more after hours (`1:75:00`),
    and one-digit seconds after two-digit minutes or after hours (`00:7`, `0:00:7`). `3:1`, with
    one digit on each side, is a score or a ratio more often than a clock, so it is none of
    these. `62:03` is a clock (an hour and two minutes, as `duration:` reads it too).
    """
    match = _SHAPE.fullmatch(token)
    if match is None or parse_clock(token) is not None:
        return None
    hours, minutes, seconds, fraction = match.groups()
    if len(seconds) == 1:
        if hours is None and len(minutes) == 1:
            return None
        if hours is None or int(minutes) < 60:
            fixed = f"{hours}:" if hours is not None else ""
            fixed += f"{minutes}:0{seconds}{fraction}"
            return f"clock `{token}` has one-digit seconds; write `{fixed}`"
    return f"impossible clock `{token}`: minutes and seconds run 00-59"


def format_clock(ms: int) -> str:
    """Display form: `16:29` under an hour, `1:02:03` from an hour on (whole seconds)."""
    total = ms // 1000
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}"
    return f"{minutes:02d}:{seconds:02d}"


def iso_duration(ms: int) -> str:
    """ISO 8601 duration for `<time datetime>`, e.g. `PT16M29S`."""
    total = ms // 1000
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    out = "PT"
    if hours:
        out += f"{hours}H"
    if minutes or hours:
        out += f"{minutes}M"
    return out + f"{seconds}S"


MAX_SECONDS = 100 * 365 * 24 * 3600  # a century: no recording is longer


def time_ms(raw: object) -> int | None:
    """Milliseconds of a time given as seconds (number or numeric text) or a clock; None if bad."""
    if isinstance(raw, bool):
        return None
    seconds: float
    if isinstance(raw, int | float):
        try:
            seconds = float(raw)
        except OverflowError:  # an integer of hundreds of digits
            return None
    elif isinstance(raw, str):
        try:
            seconds = float(raw)
        except ValueError:
            return parse_clock(raw)
    else:
        return None
    # Not finite (`NaN`, `1e400`) or past any recording (`1e306`, whose milliseconds are no
    # finite number): not a time.
    if not math.isfinite(seconds) or abs(seconds) > MAX_SECONDS:
        return None
    return round(seconds * 1000)
