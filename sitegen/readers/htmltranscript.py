"""Reader for the Podcasting 2.0 HTML transcript form: `<cite>`, `<time>`, `<p>`.

Owns reading HTML into turns: `<cite>Name:</cite>` names the speaker of the paragraphs after it
(the trailing colon is dropped; an empty `<cite></cite>` means nobody, which sitegen's export
writes when an unnamed turn follows a named one), `<time>0:01:23</time>` is the clock of the next
paragraph, each `<p>` is one paragraph, and `<h1>`-`<h6>` are section headings (the heading of
the next turn). Text is taken with the standard library's `html.parser`: entities decoded, tags
stripped (the text inside unknown or inline tags is kept), `<br>` is a line break, a run of
whitespace with a line break in it is one space (the source's line wrapping), other spacing is
kept as written. `<head>` (title, meta), `<script>`, `<style>` and `<template>` are not transcript
text. Text outside any `<p>` (in a `<div>`, `<li>`, or bare in `<body>`) is a paragraph of its
own, ended by the next block tag, so no words are lost.

A file with neither a `<p>` nor a `<cite>` is not a transcript: it gets a warning and its text is
kept as show notes (Markdown-escaped, one paragraph per block), with no turns. Turn rules are
utterances.TurnBuilder's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

from sitegen.errors import Diagnostic, warning
from sitegen.readers.timecode import parse_clock
from sitegen.readers.turns import Transcript
from sitegen.readers.utterances import TurnBuilder, Utterance

# Tags whose content is never transcript text.
_HIDDEN = frozenset({"script", "style", "template", "head", "title"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Tags that end a run of loose text (text outside `<p>`) as a paragraph.
_BLOCKS = frozenset(
    {"div", "section", "article", "main", "header", "footer", "nav", "aside", "blockquote"}
    | {"ul", "ol", "li", "dl", "dt", "dd", "table", "tr", "td", "th", "hr", "pre", "figure"}
    | {"body", "html", "figcaption", "address", "details", "summary"}
)
# Whitespace as HTML sees it; a run holding a line break is source wrapping and becomes a space.
_WRAPPED = re.compile(r"[ \t\f\r]*\n[ \t\n\f\r]*")
_WRAPPED_START = re.compile(r"\A[ \t\f\r]*\n[ \t\n\f\r]*")
_WRAPPED_END = re.compile(r"[ \t\f\r]*\n[ \t\n\f\r]*\Z")
# A `<br>` while text is collected. NUL never reaches here: decode.py refuses files holding
# NUL bytes, and html.parser turns `&#0;` into U+FFFD.
_BR = "\x00"
# Characters Markdown could read as syntax, escaped when text becomes show notes.
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_\[\]<>#!|~])")
_LIST_START = re.compile(r"^(\d+)([.)])", re.MULTILINE)


def read_html(
    body: str, path: Path, first_line: int = 1, known_speakers: Iterable[str] = ()
) -> Transcript:
    """Turns of an HTML transcript body whose first line is file line `first_line`."""
    parser = _Parser(body, path, first_line)
    parser.feed(body)
    parser.close()
    return parser.result()


class _Parser(HTMLParser):
    def __init__(self, body: str, path: Path, first_line: int) -> None:
        super().__init__(convert_charrefs=True)
        self.lines = body.split("\n")
        self.path = path
        self.first_offset = first_line - 1
        self.builder = TurnBuilder(path)
        self.diagnostics: list[Diagnostic] = []
        self.hidden: list[str] = []  # open tags whose content is ignored
        self.capture: str | None = None  # "cite", "time", "p", "heading" or "loose"
        self.parts: list[str] = []
        self.capture_line = 0
        self.structured = False  # a <p> or <cite> was seen
        self.speaker: str | None = None
        self.named = False  # a <cite> is waiting for its paragraph
        self.cite_line = 0
        self.cite_text = ""  # as written, for messages
        self.clock: int | None = None
        self.clock_line = 0
        self.clock_text = ""  # as written, for messages
        self.clock_pending = False  # a <time> is waiting for its paragraph
        self.loose: list[tuple[str, int]] = []  # text outside <p>: (text, line), or headings

    # -- HTMLParser callbacks

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body" and "head" in self.hidden:
            self.hidden.clear()  # `</head>` may be left out; the body starts anyway
        if tag in _HIDDEN:
            self.hidden.append(tag)
            return
        if self.hidden:
            return
        if tag == "br":
            if self.capture in ("p", "loose", "heading"):
                self.parts.append(_BR)
            return
        kind = _capture_of(tag)
        if kind is not None and kind != "loose":
            self._end_capture()
            self.structured = self.structured or kind in ("p", "cite")
            self._begin(kind)
        elif kind == "loose" and self.capture == "loose":
            self._end_capture()  # a block tag ends a run of loose text

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # `<br/>`, `<hr/>`: void elements; nothing is opened.
        if tag not in _HIDDEN:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.hidden:
            if tag == self.hidden[-1]:
                self.hidden.pop()
            return
        kind = _capture_of(tag)
        if kind is not None and kind == self.capture:
            self._end_capture()

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if self.capture is None:
            if data.isspace() or not data:
                return
            self._begin("loose")
            # The data may start with the line break after the previous tag.
            self.capture_line += data.count("\n", 0, len(data) - len(data.lstrip()))
        self.parts.append(data)

    # -- captures

    def _begin(self, kind: str) -> None:
        self.capture = kind
        self.parts = []
        self.capture_line = self.getpos()[0]

    def _end_capture(self) -> None:
        kind, self.capture = self.capture, None
        if kind is None:
            return
        text = _text("".join(self.parts))
        self.parts = []
        line = self.first_offset + self.capture_line
        if kind == "cite":
            if self.named and self.speaker:
                self._dangling(self.cite_line, f"<cite>{self.cite_text}</cite>")
            self.speaker = text.rstrip(":").strip() or None
            self.cite_text = text
            self.named = True
            self.cite_line = line
        elif kind == "time":
            if self.clock_pending:
                self._dangling(self.clock_line, f"<time>{self.clock_text}</time>")
            self.clock = parse_clock(text)
            self.clock_text = text
            self.clock_line = line
            self.clock_pending = True
            if self.clock is None:
                message = f'<time> "{text}" is not a clock like 0:01:23; kept without one'
                self.diagnostics.append(warning(self.path, line, message, self._source(line)))
        elif kind == "heading":
            if text:
                self.loose.append((text, line))
                self.builder.heading(text)
        elif text or (kind == "p" and (self.clock_pending or self.named)):
            # A paragraph; an empty <p> only after a <time> or <cite> (a timed moment with no
            # words, which sitegen's export writes for one), not the spacer some pages use.
            if kind == "loose":
                self.loose.append((text, line))
            self.builder.paragraph(
                Utterance(
                    text,
                    line,
                    self._source(line),
                    self.speaker,
                    self.named,
                    self.clock if self.clock_pending else None,
                )
            )
            self.named = self.clock_pending = False

    def _dangling(self, line: int, what: str) -> None:
        message = f"{what} has no paragraph after it; ignored"
        self.diagnostics.append(warning(self.path, line, message, self._source(line)))

    def _source(self, line: int) -> str:
        index = line - self.first_offset - 1
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def result(self) -> Transcript:
        self._end_capture()
        if self.named and self.speaker:
            self._dangling(self.cite_line, f"<cite>{self.cite_text}</cite>")
        if self.clock_pending:
            self._dangling(self.clock_line, f"<time>{self.clock_text}</time>")
        turns = self.builder.finish()
        diagnostics = [*self.diagnostics, *self.builder.diagnostics]
        if self.structured:
            return Transcript(turns, "", tuple(sorted(diagnostics, key=lambda d: d.line)))
        # No <p> and no <cite>: a page, not a transcript. Its text becomes show notes.
        line = self.first_offset + 1
        message = (
            "HTML has no transcript structure (<cite> speaker, <time> clock, <p> paragraph);"
            " its text is kept as show notes"
        )
        notes = "\n\n".join(_markdown_escaped(text) for text, _line in self.loose)
        return Transcript((), notes, (warning(self.path, line, message), *diagnostics))


def _capture_of(tag: str) -> str | None:
    """The capture a tag opens or closes ("loose": a block tag, which ends loose text)."""
    if tag in ("p", "cite", "time"):
        return tag
    if tag in _HEADINGS:
        return "heading"
    return "loose" if tag in _BLOCKS else None


def _text(raw: str) -> str:
    """Paragraph text: source wrapping becomes spaces, `<br>` line breaks stay, ends trimmed."""
    if "\n" not in raw and _BR not in raw:
        return raw.strip()
    lines = []
    for chunk in raw.split(_BR):
        # Wrapping right before or after a <br> belongs to the break, not to the text.
        chunk = _WRAPPED_END.sub("", _WRAPPED_START.sub("", chunk))
        lines.append(_WRAPPED.sub(" ", chunk))
    return "\n".join(lines).strip()


def _markdown_escaped(text: str) -> str:
    """Plain text as Markdown that renders as that text."""
    return _LIST_START.sub(r"\1\\\2", _MARKDOWN_SYNTAX.sub(r"\\\1", text))
