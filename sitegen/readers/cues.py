"""Timed cues to turns: the rules shared by every cue-based format (WebVTT, SRT, JSON, HTML).

A cue is a short timed piece of speech with at most one speaker. Formats differ in how cues are
written; they all turn into turns the same way here: consecutive cues of one speaker form one
turn, and inside a turn cues are joined into paragraphs that end at a sentence end (so a
caption file does not become one paragraph per caption line). A cue without a speaker
continues the last speaker. Cue timing that looks wrong is reported, never dropped: a cue
whose end is before its start, and a cue that starts before the previous one (clocks going
backwards), are warnings and their text is kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sitegen.errors import Diagnostic, warning
from sitegen.model import Segment, Turn
from sitegen.readers.timecode import format_clock


@dataclass(frozen=True, slots=True)
class Cue:
    """One timed piece of speech as a format reader found it."""

    start: int | None  # milliseconds
    end: int | None
    speaker: str | None  # None: continues the previous speaker
    text: str  # plain text, markup already removed
    line: int  # file line of the cue (its timing line), for messages and Segment.line
    source: str = ""  # that line as written, for messages


# A paragraph may end once it holds this many words and a sentence ends …
PARAGRAPH_MIN_WORDS = 40
# … and must end at the next sentence end past this many (or at any cue past HARD_MAX).
PARAGRAPH_MAX_WORDS = 120
PARAGRAPH_HARD_MAX_WORDS = 400
# A silence this long between two cues ends the paragraph at a sentence end regardless of length.
PAUSE_MS = 2_000
_SENTENCE_END = (".", "!", "?", "…", '."', '?"', '!"', ".\u201d", "?\u201d", "!\u201d", ".)")


def cues_to_turns(cues: Iterable[Cue], path: Path) -> tuple[tuple[Turn, ...], list[Diagnostic]]:
    """Turns from cues in file order; timing problems are reported as warnings."""
    merger = _Merger(path)
    for cue in cues:
        merger.add(cue)
    return merger.finish(), merger.diagnostics


def ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(_SENTENCE_END)


class _Merger:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []
        self.turns: list[Turn] = []
        self.speaker: str | None = None
        self.segments: list[Segment] = []
        self.parts: list[str] = []  # texts of the cues in the open paragraph
        self.words = 0
        self.para_start: int | None = None
        self.para_end: int | None = None
        self.para_line = 0
        self.last_start: int | None = None
        self.started = False

    def add(self, cue: Cue) -> None:
        self._check(cue)
        speaker = cue.speaker if cue.speaker is not None else self.speaker
        if not self.started or speaker != self.speaker:
            self._close_turn()
            self.speaker = speaker
            self.started = True
        elif self.parts and self._paragraph_ends_before(cue):
            self._close_paragraph()
        if not cue.text:
            return
        if not self.parts:
            self.para_start = cue.start
            self.para_line = cue.line
        self.parts.append(cue.text)
        self.words += cue.text.count(" ") + 1
        if cue.end is not None:
            self.para_end = cue.end

    def finish(self) -> tuple[Turn, ...]:
        self._close_turn()
        return tuple(self.turns)

    def _paragraph_ends_before(self, cue: Cue) -> bool:
        if self.words >= PARAGRAPH_HARD_MAX_WORDS:
            return True
        if not ends_sentence(self.parts[-1]):
            return False
        if self.words >= PARAGRAPH_MAX_WORDS:
            return True
        paused = (
            cue.start is not None
            and self.para_end is not None
            and cue.start - self.para_end >= PAUSE_MS
        )
        return paused or self.words >= PARAGRAPH_MIN_WORDS

    def _close_paragraph(self) -> None:
        if self.parts:
            text = " ".join(self.parts)
            self.segments.append(Segment(self.para_start, self.para_end, text, self.para_line))
        self.parts = []
        self.words = 0
        self.para_start = self.para_end = None

    def _close_turn(self) -> None:
        self._close_paragraph()
        if self.segments:
            self.turns.append(Turn(self.speaker, tuple(self.segments)))
        self.segments = []

    def _check(self, cue: Cue) -> None:
        if cue.start is not None and cue.end is not None and cue.end < cue.start:
            message = (
                f"cue ends ({format_clock(cue.end)}) before it starts ({format_clock(cue.start)});"
                " its text is kept"
            )
            self.diagnostics.append(warning(self.path, cue.line, message, cue.source or None))
        if cue.start is None:
            return
        if self.last_start is not None and cue.start < self.last_start:
            message = (
                f"clock {format_clock(cue.start)} goes backwards"
                f" (previous cue at {format_clock(self.last_start)})"
            )
            self.diagnostics.append(warning(self.path, cue.line, message, cue.source or None))
        self.last_start = cue.start
