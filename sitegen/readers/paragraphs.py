"""Splits a transcript body into paragraphs (with their speaker label and clock) and headings.

Owns the line scanning shared by the plain-text and Markdown readers: which lines start a
paragraph, which continue one, and (for Markdown) which are headings, code or syntax only.
It is linear in the number of lines and keeps every line's text; it does not build turns,
reduce Markdown to text or warn (turns.py does).

Plain-text paragraphs: a line with a speaker label or clock starts a paragraph; other lines
continue the current paragraph, unless a blank line came first (then they start an unlabelled,
unclocked paragraph). In files written one paragraph per line (clocked lines directly after
each other, as in the seed episode) an unclocked line after a clocked one is its own paragraph.
A label or clock alone on its line (`Name  0:01:23`, `Name: 00:00:20`) is a header: the text
lines after it, even after a blank line, are its text. A line whose clock is impossible
(`99:99 text`, prefix.py) starts a paragraph with no clock, the token kept in its text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sitegen.readers.prefix import Prefix, SpeakerRule, match_prefix

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
# The heading text is built of (spaces, one non-space) steps rather than `.*?`: it never ends in
# spaces anyway, and stopping only after a non-space keeps a long run of spaces from being
# rescanned at every position, which would be quadratic in its length.
_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]+(?P<text>(?:[ \t]*+[^ \t])*?))?(?:[ \t]+#+)?[ \t]*")
_RULE = re.compile(r" {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|=+[ \t]*)")
_LIST_ITEM = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_QUOTE = re.compile(r"(?:>[ \t]?)+")

# Line kinds.
_BLANK, _TEXT, _ITEM, _HEADING_LINE, _SYNTAX, _CODE = range(6)


@dataclass(slots=True)
class Paragraph:
    """One paragraph of the source, before its text is reduced."""

    line: int  # file line where it starts
    source: str  # that line as written, for messages
    speaker: str | None  # the label on this paragraph (None: continues the last speaker)
    clock: int | None
    header: bool  # the label/clock stood alone on its line; text follows on later lines
    lines: list[str] = field(default_factory=list)
    literal: bool = False  # a code block: keep line breaks, no Markdown reduction
    bad_clock: str | None = None  # an impossible clock where this paragraph's clock goes

    @property
    def inline_clock(self) -> bool:
        return self.clock is not None and not self.header


@dataclass(frozen=True, slots=True)
class Heading:
    line: int
    text: str  # as written (Markdown), without the `#` marks


Block = Paragraph | Heading


@dataclass(slots=True)  # not frozen: one is made per line, and frozen ones are 4x slower to make
class _Line:
    number: int
    kind: int
    text: str  # stripped text (raw for code)
    prefix: Prefix | None


def split_blocks(
    body: str, first_line: int, *, markdown: bool, known_speakers: Iterable[str] = ()
) -> list[Block]:
    """Headings and paragraphs of `body`, whose first line is file line `first_line`."""
    rule = SpeakerRule(known_speakers)
    lines = _classify(body, first_line, markdown, rule)
    per_line = not markdown and _one_paragraph_per_line(lines)
    return _Assembler(rule, per_line).run(lines)


def _classify(body: str, first_line: int, markdown: bool, rule: SpeakerRule) -> list[_Line]:
    out: list[_Line] = []
    in_fence: str | None = None
    previous_blank = True
    for number, raw in enumerate(body.split("\n"), start=first_line):
        if markdown:
            kind, text, in_fence = _markdown_kind(raw, in_fence)
        else:
            text = raw.strip()
            kind = _TEXT if text else _BLANK
        prefix = match_prefix(text) if kind == _TEXT else None
        if kind in (_TEXT, _ITEM):
            rule.observe(prefix, previous_blank)
        previous_blank = kind in (_BLANK, _HEADING_LINE, _SYNTAX)
        out.append(_Line(number, kind, text, prefix))
    return out


def _markdown_kind(raw: str, in_fence: str | None) -> tuple[int, str, str | None]:
    """(kind, text, fence still open) of one Markdown line."""
    text = raw.strip()
    # Only a line whose text starts with ` or ~ can be a fence: most lines skip the regex.
    fence = _FENCE.match(raw) if text.startswith(("`", "~")) else None
    if in_fence is not None:
        if fence is not None and fence.group(1).startswith(in_fence):
            return _SYNTAX, "", None
        return _CODE, raw, in_fence
    if fence is not None:
        return _SYNTAX, "", fence.group(1)[:3]
    if not text:
        return _BLANK, "", None
    if text[0] == "#":
        heading = _HEADING.fullmatch(raw)
        if heading is not None:
            # A bare `#` is a heading with no words: syntax only, nothing to keep.
            return (
                (_HEADING_LINE, heading["text"], None) if heading["text"] else (_SYNTAX, "", None)
            )
    # A rule repeats one mark, so it ends with the character it starts with; that test spares
    # the regex on every `**Name:**` line.
    if text[0] in "-*_=" and text[-1] == text[0] and _RULE.fullmatch(raw):
        return _SYNTAX, "", None
    if text[0] == ">":
        text = _QUOTE.sub("", text, count=1).strip()
        return (_TEXT, text, None) if text else (_BLANK, "", None)
    if _LIST_ITEM.match(raw):
        return _ITEM, text, None
    return _TEXT, text, None


def _one_paragraph_per_line(lines: list[_Line]) -> bool:
    """Whether clocked lines mostly follow each other directly (no blank line between)."""
    adjacent = spaced = 0
    previous: _Line | None = None
    for line in lines:
        if line.prefix is not None and line.prefix.clock is not None and line.prefix.rest:
            if previous is None:
                pass  # the first line says nothing about spacing
            elif previous.kind == _BLANK:
                spaced += 1
            elif previous.prefix is not None:
                adjacent += 1
        previous = line
    return adjacent > spaced


class _Assembler:
    """Second pass: groups classified lines into headings and paragraphs."""

    def __init__(self, rule: SpeakerRule, per_line: bool) -> None:
        self.rule = rule
        self.per_line = per_line
        self.blocks: list[Block] = []
        self.current: Paragraph | None = None
        self.after_blank = True

    def run(self, lines: list[_Line]) -> list[Block]:
        for line in lines:
            if line.kind == _BLANK:
                self.after_blank = True
            elif line.kind == _HEADING_LINE:
                self._flush()
                self.blocks.append(Heading(line.number, line.text))
                self.after_blank = True
            elif line.kind == _SYNTAX:
                self._flush()
                self.after_blank = True
            elif line.kind == _CODE:
                self._code(line)
            else:
                self._text(line)
        self._flush()
        return self.blocks

    def _flush(self) -> None:
        if self.current is not None:
            self.blocks.append(self.current)
            self.current = None

    def _code(self, line: _Line) -> None:
        if self.current is None or not self.current.literal:
            self._flush()
            self.current = Paragraph(line.number, line.text, None, None, False, literal=True)
        self.current.lines.append(line.text)
        self.after_blank = False

    def _text(self, line: _Line) -> None:
        label = self._effective(line.prefix)
        if label is not None:
            speaker, clock, rest = label
            self._flush()
            header = not rest
            self.current = Paragraph(line.number, line.text, speaker, clock, header)
            self.current.bad_clock = line.prefix.bad_clock if line.prefix is not None else None
            if rest:
                self.current.lines.append(rest)
        else:
            text = line.text if line.prefix is None else line.prefix.unlabelled
            if self._continues_current():
                self.current.lines.append(text)  # type: ignore[union-attr]
            else:
                self._flush()
                self.current = Paragraph(line.number, line.text, None, None, False, [text])
        self.after_blank = False

    def _continues_current(self) -> bool:
        current = self.current
        if current is None or current.literal:
            return False
        if current.header and not current.lines:
            return True  # the text of `Name  0:01:23` comes on the next lines
        if self.after_blank:
            return False
        return not (self.per_line and current.inline_clock)

    def _effective(self, prefix: Prefix | None) -> tuple[str | None, int | None, str] | None:
        """(speaker, clock, text) the prefix really gives, once weak labels are judged."""
        if prefix is None:
            return None
        speaker = self.rule.speaker(prefix)
        if speaker is not None:
            return speaker, prefix.clock, prefix.rest
        if prefix.clock is None and prefix.bad_clock is None:
            return None
        return None, prefix.clock, prefix.unlabelled if prefix.weak else prefix.rest
