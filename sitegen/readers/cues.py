"""Timed cues to turns: the rules shared by every cue-based format (WebVTT, SRT, JSON, HTML).

A cue is a short timed piece of speech with at most one speaker. Formats differ in how cues are
written; they all turn into turns the same way here: consecutive cues of one speaker form one
turn, and inside a turn cues are joined into paragraphs that end at a sentence end (so a
caption file does not become one paragraph per caption line): a paragraph may end at a
sentence end once it holds PARAGRAPH_MIN_WORDS words or after a pause of PAUSE_MS, must end at
one past PARAGRAPH_MAX_WORDS (inside a cue, if no cue ends a sentence by then), and ends at any
cue past PARAGRAPH_HARD_MAX_WORDS. `Mr.`, `Dr.`, `e.g.` and initials end no sentence. A cue
without a speaker continues the last speaker. Cue timing that looks wrong is reported, never
dropped: a cue whose end is before its start, a cue that starts before the previous one (clocks
going backwards) and, when asked, one that starts OVERLAP_MS or more before the previous one
ends, are warnings and their text is kept. Shorter overlaps are silent: exported captions
overlap their neighbours by a fraction of a second all the time, and a warning there would
keep every build of a normal archive from counting as clean. Past MAX_OVERLAP_WARNINGS
overlaps in one file, the rest are one summary warning (at the first of them) with their count.

Two refinements for files that say where paragraphs start (sitegen's own exports, labelled
SRT): with `marked_paragraphs` a paragraph starts only at a cue marked `starts_paragraph` (or a
speaker change), never at a sentence end; with `carry_speaker=False` a cue without a speaker is
nobody's rather than the last speaker's. A cue without a clock never joins a clocked paragraph,
nor a clocked cue an unclocked one, so every clock the file gives survives as a paragraph clock.

Also here, because WebVTT and SRT share them: the cue timing line grammar (`parse_timing`) and
the de-duplication of rolling captions (`rolling_overlaps`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sitegen.errors import Diagnostic, warning
from sitegen.model import Segment, Turn
from sitegen.readers.timecode import format_clock


@dataclass(frozen=True, slots=True)
class Cue:
    """One timed piece of speech as a format reader found it."""

    start: int | None  # milliseconds
    end: int | None
    speaker: str | None  # None: continues the previous speaker (unless carry_speaker=False)
    text: str  # plain text, markup already removed
    line: int  # file line of the cue (its timing line), for messages and Segment.line
    source: str = ""  # that line as written, for messages
    starts_paragraph: bool = False  # the source marks a paragraph start here


# A paragraph may end once it holds this many words and a sentence ends …
PARAGRAPH_MIN_WORDS = 40
# … and must end at the next sentence end past this many (or at any cue past HARD_MAX).
PARAGRAPH_MAX_WORDS = 120
PARAGRAPH_HARD_MAX_WORDS = 400
# A silence this long between two cues ends the paragraph at a sentence end regardless of length,
# and, in text with no sentence ends at all (automatic captions), past PARAGRAPH_MAX_WORDS.
PAUSE_MS = 2_000
# Where no voice is named, a cue that starts like another person taking over starts a new
# paragraph after a sentence end, however short the paragraph: a self-introduction ("And I'm
# Brian Okken.", "Yeah, I'm Falko Schindler.") …
_INTRODUCTION = re.compile(
    r"(?:(?:and|yeah|yes|yep|hi|hello|hey|well|so|oh|sure|okay|ok)\b[,.!]?\s+)*"
    r"(?:i['\u2019]m|i am|my name is)\s+(?P<name>[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)*)"
    r"\s*(?:[,.!]|$|\s+(?:and|from|here)\b)",
    re.IGNORECASE,
)
# … or an answer right after a question ("…go first? Yeah, so…").
_ANSWER = re.compile(
    r"(?:yeah|yes|yep|yup|no|nope|sure|absolutely|definitely|exactly|totally|thanks|thank you"
    r"|right|of course)\b",
    re.IGNORECASE,
)
# Transcription tools routinely overlap neighbouring cues by tens of milliseconds, exported
# captions by up to most of a second; only an overlap this long suggests a mistyped time.
OVERLAP_MS = 1_000
# Overlaps reported one by one in a file; the rest are counted in one summary warning, since a
# file that overlaps everywhere (its times shifted) says it in its first few.
MAX_OVERLAP_WARNINGS = 5
# Words ending in a full stop that rarely end a sentence: titles before a name, and `e.g.`.
_ABBREVIATIONS = frozenset(
    {"mr.", "mrs.", "ms.", "dr.", "prof.", "st.", "sr.", "jr.", "vs.", "e.g.", "i.e.", "cf."}
)
# A sentence end followed by more text, inside one cue.
_INNER_SENTENCE_END = re.compile(r'[.!?\u2026]["\u201d)]?(?= +\S)')
_SENTENCE_END = (".", "!", "?", "…", '."', '?"', '!"', ".\u201d", "?\u201d", "!\u201d", ".)")


def cues_to_turns(
    cues: Iterable[Cue],
    path: Path,
    *,
    carry_speaker: bool = True,
    marked_paragraphs: bool = False,
    report_overlaps: bool = False,
    unit: str = "cue",
) -> tuple[tuple[Turn, ...], list[Diagnostic]]:
    """Turns from cues in file order; timing problems are reported as warnings.

    `carry_speaker=False`: a cue without a speaker has none (the file names every voice).
    `marked_paragraphs`: paragraphs start only at `Cue.starts_paragraph` and speaker changes.
    `report_overlaps`: a cue starting OVERLAP_MS or more before the previous cue ends is a
    warning too (the first MAX_OVERLAP_WARNINGS, then one summary). `unit`: what messages call
    a cue (SRT says "card").
    """
    merger = _Merger(path, carry_speaker, marked_paragraphs, report_overlaps, unit)
    for cue in cues:
        merger.add(cue)
    return merger.finish(), [*merger.diagnostics, *merger.overlap_summary()]


def ends_sentence(text: str) -> bool:
    """Whether text ends a sentence: `.`, `?`, `!`, `…` (perhaps in quotes or brackets), but
    not a title or initial (`Mr.`, `Dr.`, `J.`) that the next cue's name completes."""
    text = text.rstrip()
    if not text.endswith(_SENTENCE_END):
        return False
    if not text.endswith("."):
        return True
    last = text[text.rfind(" ") + 1 :]
    return last.casefold() not in _ABBREVIATIONS and not (len(last) == 2 and last[0].isupper())


def _names_someone(text: str) -> bool:
    """Whether an introduction names someone: a word after `I'm` written with a capital (the
    pattern ignores letter case), and not one like `I'm Not sure`."""
    match = _INTRODUCTION.match(text)
    assert match is not None
    words = match.group("name").split()
    return any(word[:1].isupper() and word.lower() not in _NOT_NAMES for word in words)


_NOT_NAMES = frozenset({"not", "so", "just", "really", "sure", "going", "here", "also"})


def precise_clock(ms: int) -> str:
    """`16:29.250`, `1:02:03.000`: a clock to the millisecond, for cue timing messages."""
    return f"{format_clock(ms)}.{ms % 1000:03d}"


def _clock_pair(a: int, b: int) -> tuple[str, str]:
    """Two clocks for one message: whole seconds unless that would show them equal."""
    if a // 1000 == b // 1000:
        return precise_clock(a), precise_clock(b)
    return format_clock(a), format_clock(b)


class _Merger:
    def __init__(
        self,
        path: Path,
        carry_speaker: bool,
        marked_paragraphs: bool,
        report_overlaps: bool,
        unit: str,
    ) -> None:
        self.path = path
        self.unit = unit
        self.carry_speaker = carry_speaker
        self.marked = marked_paragraphs
        self.report_overlaps = report_overlaps
        self.diagnostics: list[Diagnostic] = []
        self.turns: list[Turn] = []
        self.speaker: str | None = None
        self.segments: list[Segment] = []
        self.parts: list[str] = []  # texts of the cues in the open paragraph
        self.words = 0
        self.para_start: int | None = None
        self.para_end: int | None = None
        self.para_line = 0
        self.para_clocked = False
        self.last_start: int | None = None
        self.last_end: int | None = None
        self.started = False
        self.overlaps = 0  # cues starting OVERLAP_MS or more before the previous one ends
        self.first_unreported: Cue | None = None  # the first overlap past MAX_OVERLAP_WARNINGS

    def add(self, cue: Cue) -> None:
        self._check(cue)
        speaker = cue.speaker
        if speaker is None and self.carry_speaker:
            speaker = self.speaker
        if not self.started or speaker != self.speaker:
            self._close_turn()
            self.speaker = speaker
            self.started = True
        elif self.parts and self._paragraph_ends_before(cue):
            self._close_paragraph()
        if not cue.text:
            return
        if not self.marked and self.parts and self.words >= PARAGRAPH_MAX_WORDS:
            cue = self._split_long(cue)
        self._append(cue)

    def _append(self, cue: Cue) -> None:
        if not self.parts:
            self.para_start = cue.start
            self.para_line = cue.line
            self.para_clocked = cue.start is not None
        self.parts.append(cue.text)
        self.words += cue.text.count(" ") + 1
        if cue.end is not None:
            self.para_end = cue.end

    def _split_long(self, cue: Cue) -> Cue:
        """A long paragraph whose cues never end at a sentence end (Whisper-style captions
        break lines mid-sentence) ends at the first sentence end inside this cue; the rest of
        the cue starts the next paragraph, its clock shared out by characters."""
        cut = next(
            (
                m.end()
                for m in _INNER_SENTENCE_END.finditer(cue.text)
                if ends_sentence(cue.text[max(0, m.end() - 24) : m.end()])
            ),
            None,
        )
        if cut is None:
            return cue
        at: int | None = None
        if cue.start is not None and cue.end is not None and cue.end >= cue.start:
            at = cue.start + (cue.end - cue.start) * cut // len(cue.text)
        self._append(replace(cue, end=at if at is not None else cue.end, text=cue.text[:cut]))
        self._close_paragraph()
        rest = cue.text[cut:].lstrip(" ")
        return replace(cue, start=at if at is not None else cue.start, text=rest)

    def finish(self) -> tuple[Turn, ...]:
        self._close_turn()
        return tuple(self.turns)

    def _paragraph_ends_before(self, cue: Cue) -> bool:
        if cue.starts_paragraph or (cue.start is not None) != self.para_clocked:
            return True
        if self.marked:
            return False
        if self.words >= PARAGRAPH_HARD_MAX_WORDS:
            return True
        paused = (
            cue.start is not None
            and self.para_end is not None
            and cue.start - self.para_end >= PAUSE_MS
        )
        if not ends_sentence(self.parts[-1]):
            # Automatic captions have no punctuation at all: a long pause is all there is.
            return paused and self.words >= PARAGRAPH_MAX_WORDS
        if self.words >= PARAGRAPH_MAX_WORDS:
            return True
        return paused or self.words >= PARAGRAPH_MIN_WORDS or self._other_voice(cue)

    def _other_voice(self, cue: Cue) -> bool:
        """Whether, in a turn of nobody's, the cue sounds like someone else taking over (the
        paragraph before it ends a sentence)."""
        if self.speaker is not None or cue.speaker is not None:
            return False
        if _INTRODUCTION.match(cue.text) and _names_someone(cue.text):
            return True
        return self.parts[-1].rstrip().endswith(("?", '?"', "?\u201d")) and bool(
            _ANSWER.match(cue.text)
        )

    def _close_paragraph(self) -> None:
        if self.parts:
            text = " ".join(self.parts)
            end = self.para_end if self.para_clocked else None
            self.segments.append(Segment(self.para_start, end, text, self.para_line))
        self.parts = []
        self.words = 0
        self.para_start = self.para_end = None

    def _close_turn(self) -> None:
        self._close_paragraph()
        if self.segments:
            self.turns.append(Turn(self.speaker, tuple(self.segments)))
        self.segments = []

    def _check(self, cue: Cue) -> None:
        source = cue.source or None
        if cue.start is not None and cue.end is not None and cue.end < cue.start:
            end, start = _clock_pair(cue.end, cue.start)
            message = f"{self.unit} ends ({end}) before it starts ({start}); its text is kept"
            self.diagnostics.append(warning(self.path, cue.line, message, source))
        if cue.start is None:
            return
        if self.last_start is not None and cue.start < self.last_start:
            now, before = _clock_pair(cue.start, self.last_start)
            message = f"clock {now} goes backwards (previous {self.unit} at {before})"
            self.diagnostics.append(warning(self.path, cue.line, message, source))
        elif (
            self.report_overlaps
            and self.last_end is not None
            and self.last_end - cue.start >= OVERLAP_MS
        ):
            self.overlaps += 1
            if self.overlaps > MAX_OVERLAP_WARNINGS:
                self.first_unreported = self.first_unreported or cue
                self._advance(cue.start, cue.end)
                return
            now, before = _clock_pair(cue.start, self.last_end)
            message = (
                f"{self.unit} starts ({now}) before the previous {self.unit} ends ({before});"
                " both texts are kept, in file order"
            )
            self.diagnostics.append(warning(self.path, cue.line, message, source))
        self._advance(cue.start, cue.end)

    def _advance(self, start: int, end: int | None) -> None:
        """Remember a clocked cue's times, for checking the next one."""
        self.last_start = start
        if end is not None:
            self.last_end = end if end >= start else start

    def overlap_summary(self) -> list[Diagnostic]:
        """One warning for the overlaps past MAX_OVERLAP_WARNINGS, at the first of them."""
        cue = self.first_unreported
        if cue is None:
            return []
        more = self.overlaps - MAX_OVERLAP_WARNINGS
        one = more == 1
        cues = f"{self.unit} starts" if one else f"{self.unit}s start"
        kept = "its text is" if one else "their texts are"
        message = (
            f"{more} more {cues} a second or more before the previous {self.unit} ends"
            f" (the first here); {kept} kept, in file order"
        )
        return [warning(self.path, cue.line, message, cue.source or None)]


# --- cue timing lines -------------------------------------------------------------------------

# A cue timestamp: `hh:mm:ss.ttt` (hours any number of digits) or `mm:ss.ttt`, and the forms
# seen in the wild: a comma before the milliseconds (SRT), one-digit minutes, fewer millisecond
# digits or none, and bare seconds with a fraction (`7.380`). Seconds after a colon take two
# digits, so a line cut off inside a timestamp (`00:0`) is no timestamp. Minutes and seconds
# are bounded, so a run of digits is tried in few ways (no backtracking blow-up).
_TIMESTAMP = r"(?:(?:(\d+):)??(?:(\d{1,2}):)(\d{2})(?:[.,](\d{1,3}))?|(\d+)[.,](\d{1,3}))"
_TIMING = re.compile(rf"[ \t]*{_TIMESTAMP}[ \t]*-->[ \t]*{_TIMESTAMP}(?:[ \t]+(.*))?[ \t]*")


@dataclass(frozen=True, slots=True)
class Timing:
    start: int
    end: int
    settings: str  # what follows the end time (WebVTT cue settings, SRT coordinates)


def parse_timing(line: str) -> Timing | None:
    """The start and end of a cue timing line `00:01:02.500 --> 00:01:04.000 …`, or None."""
    match = _TIMING.fullmatch(line)
    if match is None:
        return None
    groups = match.groups()
    start = _timestamp_ms(*groups[0:6])
    end = _timestamp_ms(*groups[6:12])
    if start is None or end is None:
        return None
    return Timing(start, end, (groups[12] or "").strip())


def _timestamp_ms(
    hours: str | None,
    minutes: str | None,
    seconds: str | None,
    fraction: str | None,
    bare_seconds: str | None,
    bare_fraction: str | None,
) -> int | None:
    if seconds is None:  # `7.380`
        seconds, fraction = bare_seconds, bare_fraction
    h = int(hours) if hours else 0
    m = int(minutes) if minutes else 0
    s = int(seconds or "0")
    if (minutes is not None and s >= 60) or (hours is not None and m >= 60):
        return None
    ms = int((fraction or "0").ljust(3, "0"))
    return ((h * 60 + m) * 60 + s) * 1000 + ms


# --- rolling captions -------------------------------------------------------------------------

# How many lines of a cue are compared with the end of the previous cue: rolling captions show
# two or three, and a bound keeps a cue of thousands of lines linear.
_ROLLING_LINES = 4
ROLLING_MIN_CUES = 3


def rolling_overlaps(texts: Sequence[str]) -> list[int]:
    """Characters to drop from the front of each cue text, when the cues are rolling captions.

    Rolling (YouTube-style automatic) captions show each line twice: a cue repeats the last
    line(s) of the cue before it and adds one new line, and "paint-on" captions grow a line a
    word at a time (`hello`, then `hello everyone`). A file is rolling when at least a third of
    its cues (and at least ROLLING_MIN_CUES) start with the previous cue's last line and go on
    with new text (a cue that only repeats, as a speaker may, is no evidence); then each cue
    loses the lines it repeats (or the repeated start of a growing line), so no text appears
    twice. In other files nothing is dropped: a speaker who says the same thing twice is kept
    saying it.
    Texts are plain (markup removed), lines separated by `\\n`.
    """
    drops = [0] * len(texts)
    rolling = 0  # cues that repeat the previous cue's end and then add text
    counted = 0
    previous: list[str] = []
    for index, text in enumerate(texts):
        lines = _nonblank_lines(text)
        if lines:
            counted += 1
            drop = _repeated_prefix(text, lines, previous)
            if drop:
                drops[index] = drop
                rolling += not text[drop:].isspace() and drop < len(text)
            previous = [line for _offset, line in lines[-_ROLLING_LINES:]]
    if rolling < ROLLING_MIN_CUES or rolling * 3 < counted - 1:
        return [0] * len(texts)
    return drops


def _nonblank_lines(text: str) -> list[tuple[int, str]]:
    """(offset just past the line, stripped line) for each non-blank line of a cue text."""
    out: list[tuple[int, str]] = []
    offset = 0
    for line in text.split("\n"):
        offset += len(line) + 1
        stripped = line.strip()
        if stripped:
            out.append((offset, stripped))
    return out


def _repeated_prefix(text: str, lines: list[tuple[int, str]], previous: list[str]) -> int:
    """Characters at the start of `text` that repeat the end of the previous cue."""
    if not previous:
        return 0
    head = [line for _offset, line in lines[:_ROLLING_LINES]]
    for k in range(min(len(head), len(previous)), 0, -1):
        if head[:k] == previous[-k:]:
            return min(lines[k - 1][0], len(text))
    # A growing line: `hello everyone` after `hello`.
    last = previous[-1]
    first = lines[0][1]
    if first.startswith(last + " "):
        return text.index(last) + len(last)
    return 0
