"""Turns of paragraph-level formats (JSON utterances, the HTML form) from their paragraphs.

Owns `TurnBuilder`, the turn rules of formats that give whole paragraphs (jsontranscript.py and
htmltranscript.py): a named paragraph starts a turn when the speaker changes, an unnamed one
continues the last speaker, a heading starts a turn, clocks must not go backwards. The rules of
line-based formats are turns.py's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sitegen.errors import Diagnostic, warning
from sitegen.model import Link, Segment, Turn
from sitegen.readers.timecode import format_clock


@dataclass(frozen=True, slots=True)
class Utterance:
    """One paragraph as a paragraph-level format gives it."""

    text: str
    line: int
    source: str = ""  # the line (or segment) as written, for messages
    speaker: str | None = None
    named: bool = False  # the source names the speaker here (`speaker` None: said by nobody)
    start: int | None = None  # milliseconds
    end: int | None = None
    links: tuple[Link, ...] = ()


class TurnBuilder:
    """Turns from paragraphs and headings given in file order (module docstring)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []
        self._turns: list[Turn] = []
        self._speaker: str | None = None
        self._segments: list[Segment] = []
        self._open = False
        self._heading: str | None = None  # heading of the open turn
        self._pending_heading: str | None = None  # heading waiting for its turn
        self._last_clock: int | None = None

    def heading(self, text: str) -> None:
        self._close()
        if self._pending_heading is not None:
            self._turns.append(Turn(None, (), self._pending_heading))  # two headings in a row
        self._pending_heading = text

    def paragraph(self, utterance: Utterance) -> None:
        speaker = utterance.speaker if utterance.named else self._speaker
        if not self._open or speaker != self._speaker or self._pending_heading is not None:
            self._close()
            self._speaker = speaker
            self._heading, self._pending_heading = self._pending_heading, None
            self._open = True
        self._check_clock(utterance)
        self._segments.append(
            Segment(utterance.start, utterance.end, utterance.text, utterance.line, utterance.links)
        )

    def finish(self) -> tuple[Turn, ...]:
        self._close()
        if self._pending_heading is not None:
            self._turns.append(Turn(None, (), self._pending_heading))
            self._pending_heading = None
        return tuple(self._turns)

    def _close(self) -> None:
        if self._open:
            self._turns.append(Turn(self._speaker, tuple(self._segments), self._heading))
        self._segments = []
        self._heading = None
        self._open = False

    def _check_clock(self, utterance: Utterance) -> None:
        clock = utterance.start
        if clock is None:
            return
        # Whole seconds, as turns.py: a tenth of a second back is transcriber noise.
        if self._last_clock is not None and clock // 1000 < self._last_clock // 1000:
            message = (
                f"clock {format_clock(clock)} goes backwards"
                f" (previous paragraph at {format_clock(self._last_clock)})"
            )
            self.diagnostics.append(
                warning(self.path, utterance.line, message, utterance.source or None)
            )
        self._last_clock = clock
