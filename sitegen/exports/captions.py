"""What the caption exports (WebVTT, SRT) share: paragraph times, and text laid out in lines.

Owns two decisions. When each paragraph is spoken: a paragraph starts at its clock and ends at
`Segment.end`, else at the next paragraph's clock, else after its words at the average
speaking rate (sitegen.talktime). Paragraphs without a clock follow the one before at the
speaking rate, all squeezed in proportion when they would run past the next clock. And how
text is cut into caption lines: at spaces, never inside a word (a word longer than a line gets
a line of its own). Times inside a paragraph are shared out by characters.

Speed: exports are much of a build's work, so a paragraph is laid out as one string (its words
joined by single spaces), cut into lines by one regular expression (a line ends at the last space
that fits) and a cue's lines joined in one call: no work word by word, or line by line, in
Python. VTT and SRT time the same paragraphs, so `episode_exports` times them once for both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from sitegen.model import Episode
from sitegen.summary import summary_of
from sitegen.talktime import estimate_ms

# Whitespace a reader turns into one space; other spaces (no-break) are part of a word.
_ASCII_SPACE = " \t\n\r\f\v"
_SPACES = re.compile(f"[{_ASCII_SPACE}]+")
# What str.split() splits at besides _ASCII_SPACE: every other character str.isspace() accepts
# (Unicode White_Space, and the ASCII separators \x1c-\x1f). Spelled out rather than `[^\S …]`:
# sre tests a plain set twice as fast.
_OTHER_SPACES = re.compile("[\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")


@dataclass(slots=True)  # not frozen: frozen ones take four times as long to make
class TimedParagraph:
    """One paragraph to write as captions."""

    speaker: str | None
    text: str  # the words (split at ASCII whitespace) joined by single spaces
    start: int  # milliseconds
    end: int  # >= start
    anchor: str  # the paragraph's anchor on the episode page, unique in the episode

    @property
    def words(self) -> tuple[str, ...]:
        """The paragraph's words (the exports slice `text` instead)."""
        return tuple(self.text.split(" "))


class _Source(NamedTuple):
    """A paragraph as the episode has it (clocks may be missing)."""

    speaker: str | None
    text: str  # as TimedParagraph.text
    start: int | None
    end: int | None
    anchor: str


def timed_paragraphs(episode: Episode) -> list[TimedParagraph]:
    """The episode's paragraphs with text, each with a start and an end (module docstring)."""
    found: list[_Source] = []
    pairs = episode.segments()
    for anchor, (turn, segment) in zip(summary_of(episode).moments.anchors, pairs, strict=True):
        text = spaced_words(segment.text)
        # A name is written on one line (a blank one is no name).
        speaker = " ".join(turn.speaker.split()) or None if turn.speaker else None
        if text:
            found.append(_Source(speaker, text, segment.start, segment.end, anchor))
    out: list[TimedParagraph] = []
    cursor = 0  # where the previous paragraph ended
    index = 0
    while index < len(found):
        source = found[index]
        unclocked_next = index + 1 < len(found) and found[index + 1].start is None
        if source.start is not None and (_has_end(source) or not unclocked_next):
            end = _end(found, index, source.start)
            out.append(
                TimedParagraph(source.speaker, source.text, source.start, end, source.anchor)
            )
            cursor = end
            index += 1
            continue
        # A run of paragraphs without a clock, from the end of the one before, or from the
        # start of a clocked one without an end, which then takes its turn in the run.
        stop = index + 1
        while stop < len(found) and found[stop].start is None:
            stop += 1
        limit = found[stop].start if stop < len(found) else None
        begin = source.start if source.start is not None else cursor
        for item, (start, end) in zip(
            found[index:stop], _share(found[index:stop], begin, limit), strict=True
        ):
            out.append(TimedParagraph(item.speaker, item.text, start, end, item.anchor))
        cursor = out[-1].end
        index = stop
    return out


def spaced_words(text: str) -> str:
    """The text's words, split at runs of ASCII whitespace, joined by single spaces."""
    # Most paragraphs hold no ASCII whitespace but plain spaces, and no double ones: as wanted
    # already. Each other kind is looked for on its own, a byte search, many times faster than
    # asking what every character is (str.isprintable()).
    if not ("\n" in text or "\t" in text or "\r" in text or "\f" in text or "\v" in text):
        return text.strip(" ") if "  " not in text else " ".join(filter(None, text.split(" ")))
    if _OTHER_SPACES.search(text) is None:
        return " ".join(text.split())  # the same split, several times faster
    return " ".join(_SPACES.split(text.strip(_ASCII_SPACE)))


def _has_end(source: _Source) -> bool:
    return source.start is not None and source.end is not None and source.end >= source.start


def _end(found: list[_Source], index: int, start: int) -> int:
    """A clocked paragraph's end: its own, else the next paragraph's clock, else its words at
    the speaking rate."""
    end = found[index].end
    if end is not None and end >= start:
        return end
    following = found[index + 1].start if index + 1 < len(found) else None
    if following is not None and following >= start:
        return following
    return start + _talk_ms(found[index].text)


def _share(run: list[_Source], begin: int, limit: int | None) -> list[tuple[int, int]]:
    """Times for a run of paragraphs from `begin`: one after another at the speaking rate,
    squeezed in proportion when they would run past the next clock `limit`."""
    lengths = [_talk_ms(item.text) for item in run]
    total = sum(lengths)
    if limit is not None and begin <= limit < begin + total:
        lengths = [length * (limit - begin) // total for length in lengths]
    out = []
    for length in lengths:
        out.append((begin, begin + length))
        begin += length
    return out


def _talk_ms(text: str) -> int:
    """How long the paragraph's words take at the speaking rate."""
    return estimate_ms(text.count(" ") + 1)


def wrap(
    text: str, width: int, first: int = 0, stop: int | None = None, word_end: int = 0
) -> list[str]:
    """The lines of text[first:stop], `text` being words joined by single spaces and `stop` one
    of its spaces or its end (default). Each line holds as many words as fit in `width`
    characters, at least one (a longer word alone); the space after a line is in none.
    `word_end`: where the first word ends at the earliest, for a first word with spaces in it
    (an SRT speaker label)."""
    if stop is None:
        stop = len(text)
    lines = _line_pattern(width)
    if word_end > first + 1 and stop - first > width:
        # The pattern would break the first word at one of its spaces: its line is found here.
        end = text.rfind(" ", word_end, first + width + 1)
        if end < 0:  # the first word is longer than a line
            end = text.find(" ", word_end, stop)
            if end < 0:
                return [text[first:stop]]
        return [text[first:end], *lines.findall(text, end + 1, stop)]
    return lines.findall(text, first, stop)


@cache
def _line_pattern(width: int) -> re.Pattern[str]:
    """One line and the space after it: as many characters as fit (`re` backs off to the last
    that a space or the end follows), else one word longer than a line."""
    return re.compile(rf"(.{{1,{width}}}|[^ ]+)(?: |\Z)", re.DOTALL)


def line_ends(text: str, first: int, stop: int, width: int, word_end: int = 0) -> list[int]:
    """Where the lines of text[first:stop] end (`wrap`): at the space after each, the last at
    `stop`."""
    ends = []
    for line in wrap(text, width, first, stop, word_end):
        first += len(line)
        ends.append(first)
        first += 1
    return ends


def break_lines(text: str, ends: list[int]) -> str:
    """`text` with a line break for the space at each of `ends` (which end its lines): as long
    as `text`, so a card of whole lines is one slice of it."""
    lines = []
    first = 0
    for end in ends:
        lines.append(text[first:end])
        first = end + 1
    return "\n".join(lines)


def group_lines(lines: list[str], size: int) -> list[str]:
    """Each `size` lines (a cue, a card; the last may hold fewer) as one text, joined by line
    breaks: as long as the words it holds with the spaces between them."""
    return ["\n".join(lines[index : index + size]) for index in range(0, len(lines), size)]


# The parts of a caption time, looked up: `hh:` for hours under 100, `mm:ss` for every second of
# an hour, and `,ttt` or `.ttt` for every millisecond. Joining them takes half the time of
# formatting numbers, and a caption file holds thousands of times.
_HOURS = tuple(f"{hours:02d}:" for hours in range(100))
_MINUTES_SECONDS = tuple(
    f"{minutes:02d}:{seconds:02d}" for minutes in range(60) for seconds in range(60)
)
_MILLISECONDS = {
    separator: tuple(f"{separator}{millis:03d}" for millis in range(1000)) for separator in ",."
}
_TABLE_END = 100 * 3_600_000  # the first time whose hours are not in _HOURS


def cue_times(start: int, end: int, cues: list[str], separator: str) -> list[str]:
    """When each of `cues` starts, then `end`: the paragraph's time from `start` to `end` shared
    out by characters, `cues` being its text cut in order at spaces (a word counts with a space
    after it). Written `hh:mm:ss`, `separator` (`,` or `.`) and milliseconds (hours grow past
    99 if they must)."""
    milliseconds = _MILLISECONDS[separator]
    looked_up = 0 <= start <= end < _TABLE_END  # every time's hours are in _HOURS
    span = end - start
    length = sum(map(len, cues)) + len(cues)  # the paragraph's length plus one
    times = []
    cut = 0  # where the cue starts in the paragraph
    # One pass, without divmod's tuples: a caption file holds thousands of times.
    for cue in [*cues, ""]:  # "": the paragraph's end, after the last cue
        time = start + span * cut // length
        if looked_up:
            seconds = time // 1000
            hours_minutes_seconds = _HOURS[seconds // 3600] + _MINUTES_SECONDS[seconds % 3600]
            times.append(hours_minutes_seconds + milliseconds[time % 1000])
        else:
            times.append(_clock(time, milliseconds))
        cut += len(cue) + 1
    return times


def _clock(time: int, milliseconds: tuple[str, ...]) -> str:
    seconds, millis = divmod(time, 1000)
    hours, seconds = divmod(seconds, 3600)
    hour = _HOURS[hours] if 0 <= hours < 100 else f"{hours:02d}:"
    return hour + _MINUTES_SECONDS[seconds] + milliseconds[millis]
