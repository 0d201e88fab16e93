"""Groups paragraphs into turns, and reports what in them looks wrong.

Owns the rules every line-based reader shares once paragraphs are known: a labelled paragraph
starts a turn when the speaker changes, an unlabelled one continues the last speaker, a heading
belongs to the turn after it, clocks must not go backwards, and an unclocked paragraph in a
clocked transcript is kept but reported, and so is an impossible clock where a paragraph's
clock goes (`99:99`, `00:7`: the paragraph keeps the token as text and has no clock). Text
reduction is passed in (plain or Markdown).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sitegen.errors import Diagnostic, warning
from sitegen.model import Link, Segment, Turn
from sitegen.readers.paragraphs import Block, Heading, Paragraph
from sitegen.readers.timecode import format_clock, impossible_clock


@dataclass(frozen=True, slots=True)
class Transcript:
    """What a transcript reader found in a body: turns, or show notes, and its problems."""

    turns: tuple[Turn, ...]
    notes: str
    diagnostics: tuple[Diagnostic, ...]


# Paragraph or heading source (and its file line, for messages) -> plain text and links.
TextReducer = Callable[[str, int], tuple[str, tuple[Link, ...]]]

# Labels that mark a moment of the show rather than a speaker (`**Break:** \[27:35\]`,
# Changelog's `**Jingle:**`, a Podcasting 2.0 segment of speaker "Jingles").
_MARKER_LABELS = frozenset(
    {
        "break",
        "ad break",
        "sponsor break",
        "intro",
        "outro",
        "music",
        "interlude",
        "pause",
        "jingle",
        "jingles",
    }
)


def is_marker(label: str) -> bool:
    """Whether a speaker label marks a moment of the show (a break, a jingle), not a person."""
    return label.strip().casefold() in _MARKER_LABELS


def markers_as_text(turns: tuple[Turn, ...]) -> tuple[Turn, ...]:
    """`turns` with each turn whose "speaker" is a marker (`<v Jingle>`, `"speaker":
    "Jingles"`, `Break:` in captions) made a turn of nobody's, its label kept as the start of
    its text (`Jingle: The last word in podcasting news`, or `Break` alone), so that nothing
    of the transcript is lost and no break is counted, listed or coloured as a person. The
    Markdown and plain-text readers do this as they read (`_TurnBuilder`)."""
    if not any(turn.speaker is not None and is_marker(turn.speaker) for turn in turns):
        return turns
    out = []
    for turn in turns:
        if turn.speaker is None or not is_marker(turn.speaker):
            out.append(turn)
            continue
        label = turn.speaker.strip()
        segments = turn.segments
        if segments:
            first = segments[0]
            text = f"{label}: {first.text}" if first.text else label
            shift = len(text) - len(first.text)
            links = tuple(
                dataclasses.replace(link, start=link.start + shift, end=link.end + shift)
                for link in first.links
            )
            segments = (dataclasses.replace(first, text=text, links=links), *segments[1:])
        out.append(dataclasses.replace(turn, speaker=None, segments=segments))
    return tuple(out)


# A sound cue or stage direction: `(Intro music: Electro swing)`, `[laughter]`, `\[music\]`.
_CUE = re.compile(r"\\?[(\[].*\\?[)\]]")


# A heading as plain text plus the links in it.
_HeadingText = tuple[str, tuple[Link, ...]]


def _turn(speaker: str | None, segments: tuple[Segment, ...], heading: _HeadingText | None) -> Turn:
    if heading is None:
        return Turn(speaker, segments)
    return Turn(speaker, segments, heading[0], heading[1])


def build_turns(
    blocks: Sequence[Block], path: Path, reduce: TextReducer
) -> tuple[tuple[Turn, ...], list[Diagnostic]]:
    """Turns of a transcript from its blocks; `reduce` turns paragraph source into text."""
    builder = _TurnBuilder(blocks, path, reduce)
    for block in blocks:
        if isinstance(block, Heading):
            builder.heading(block)
        else:
            builder.paragraph(block)
    return builder.finish(), builder.diagnostics


class _TurnBuilder:
    def __init__(self, blocks: Sequence[Block], path: Path, reduce: TextReducer) -> None:
        self.path = path
        self.reduce = reduce
        self.diagnostics: list[Diagnostic] = []
        self.turns: list[Turn] = []
        self.speaker: str | None = None
        self.segments: list[Segment] = []
        # A heading's plain text and links, kept until the turn it heads starts.
        self.turn_heading: _HeadingText | None = None
        self.pending_heading: _HeadingText | None = None
        self.open = False  # a turn is being collected
        self.last_clock: int | None = None
        self.last_clock_inline = False
        paragraphs = [block for block in blocks if isinstance(block, Paragraph)]
        self.clocked_file = _mostly_clocked(paragraphs)
        self.talkers = {p.speaker for p in paragraphs if p.speaker is not None and p.lines}

    def heading(self, block: Heading) -> None:
        heading = self.reduce(block.text, block.line)
        self._close()
        if self.pending_heading is not None:
            # Two headings in a row: the first one gets a turn of its own, with no text.
            self.turns.append(_turn(None, (), self.pending_heading))
        self.pending_heading = heading

    def paragraph(self, para: Paragraph) -> None:
        speaker = para.speaker
        text, links = self._text(para)
        if speaker is not None and self._is_marker(para, speaker):
            # `**Break**: \[54:05\]`: a label that is no speaker is kept as text, with its clock.
            text = f"{speaker}: {text}" if text else speaker
            self._start(None)
        elif speaker is not None:
            if not self.open or speaker != self.speaker or self.pending_heading is not None:
                self._start(speaker)
        elif not self.open or self.pending_heading is not None:
            self._start(self.speaker)
        self._check_clock(para)
        self.segments.append(Segment(para.clock, None, text, para.line, links))

    def finish(self) -> tuple[Turn, ...]:
        self._close()
        if self.pending_heading is not None:
            self.turns.append(_turn(None, (), self.pending_heading))
        return tuple(self.turns)

    def _is_marker(self, para: Paragraph, label: str) -> bool:
        if is_marker(label):
            return True
        return para.header and not para.lines and label not in self.talkers

    def _text(self, para: Paragraph) -> tuple[str, tuple[Link, ...]]:
        if para.literal:
            return "\n".join(para.lines), ()
        return self.reduce("\n".join(para.lines), para.line)

    def _start(self, speaker: str | None) -> None:
        self._close()
        self.speaker = speaker
        self.turn_heading, self.pending_heading = self.pending_heading, None
        self.open = True

    def _close(self) -> None:
        if self.open:
            self.turns.append(_turn(self.speaker, tuple(self.segments), self.turn_heading))
        self.segments = []
        self.turn_heading = None
        self.open = False

    def _check_clock(self, para: Paragraph) -> None:
        if para.clock is None:
            message = impossible_clock(para.bad_clock) if para.bad_clock is not None else None
            if message is not None:
                self.diagnostics.append(warning(self.path, para.line, message, para.source))
            elif self._stray(para):
                message = "paragraph has no clock, unlike the paragraphs around it; kept as text"
                self.diagnostics.append(warning(self.path, para.line, message, para.source))
            return
        # Whole seconds: a tenth of a second back (0:01:16.5 then 0:01:16.3) is transcriber
        # noise, and the message shows whole seconds anyway.
        if self.last_clock is not None and para.clock // 1000 < self.last_clock // 1000:
            message = (
                f"clock {format_clock(para.clock)} goes backwards"
                f" (previous paragraph at {format_clock(self.last_clock)})"
            )
            self.diagnostics.append(warning(self.path, para.line, message, para.source))
        self.last_clock = para.clock
        self.last_clock_inline = para.inline_clock

    def _stray(self, para: Paragraph) -> bool:
        """An unlabelled, unclocked paragraph where every paragraph has its clock on its line."""
        if not (self.clocked_file and self.last_clock_inline) or para.speaker is not None:
            return False
        return not (para.literal or _is_cue(para))


def _is_cue(para: Paragraph) -> bool:
    text = " ".join(para.lines).strip()
    if text[:1].isalnum():
        return False  # most paragraphs: a cue starts with a bracket, and this has a word
    return _CUE.fullmatch(text) is not None or not any(char.isalnum() for char in text)


def _mostly_clocked(paragraphs: Sequence[Paragraph]) -> bool:
    """At least three quarters of the (non-cue) paragraphs carry a clock."""
    # A paragraph whose clock is impossible meant to have one.
    clocked = sum(1 for p in paragraphs if p.clock is not None or p.bad_clock is not None)
    total = sum(1 for p in paragraphs if p.clock is not None or not _is_cue(p))
    return clocked >= 2 and clocked * 4 >= total * 3
