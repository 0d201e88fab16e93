"""Clock parsing and formatting: `M:SS`, `MM:SS`, `H:MM:SS`, `HH:MM:SS` with `.d`/`.mmm` fractions.

The one place that turns clocks into milliseconds and back; readers and URLs both use it.
"""

from __future__ import annotations

import re

# A clock as it appears in transcripts. Groups: hours (optional), minutes, seconds, fraction.
CLOCK_PATTERN = r"(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?"
_CLOCK = re.compile(rf"^{CLOCK_PATTERN}$")


def named_clock_pattern(name: str) -> str:
    """CLOCK_PATTERN with named groups `<name>h`, `<name>m`, `<name>s`, `<name>f`, so that
    several clocks can sit in one regex and be read with `clock_from_match`."""
    return (
        rf"(?:(?P<{name}h>\d{{1,2}}):)?(?P<{name}m>\d{{1,2}}):(?P<{name}s>\d{{2}})"
        rf"(?:[.,](?P<{name}f>\d{{1,3}}))?"
    )


def clock_from_match(match: re.Match[str], name: str) -> int | None:
    """Milliseconds of the clock captured by `named_clock_pattern(name)`, if it matched."""
    minutes = match.group(f"{name}m")
    if minutes is None:
        return None
    return clock_groups_to_ms(
        match.group(f"{name}h"), minutes, match.group(f"{name}s"), match.group(f"{name}f")
    )


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
