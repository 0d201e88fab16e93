"""Reads WebVTT (`.vtt`) transcripts: cues and their voices in, turns out (via cues.py).

Owns the WebVTT grammar: the `WEBVTT` header and header lines, NOTE/STYLE/REGION blocks
(skipped: they are no transcript), cue identifiers, timing lines with cue settings, and cue text
markup. In cue text, `<v Name>` / `<v.class Name>` name the voice (with or without `</v>`), and
a cue with several voices is split into one piece per voice (times shared out by characters);
`<c>`, `<i>`, `<b>`, `<u>`, `<lang …>` and inline word timestamps `<00:00:10.250>` are dropped,
`<ruby>base<rt>reading</rt></ruby>` becomes `base(reading)`, and entities (`&amp;`, `&nbsp;`,
`&#8212;`, …) are decoded. A `<` that starts no WebVTT tag is kept as text. Rolling automatic
captions lose their repeated lines (`cues.rolling_overlaps`). A file with no voice tags whose
cues mostly start with a `Name:` label (Zoom's transcripts) takes the labels as voices.

Paragraphs. A cue without a voice continues the last voice, and cues of one voice are joined
into paragraphs at sentence ends (cues.py) — except in sitegen's own exports. The round-trip
rule: when the file has cue identifiers and every one of them has sitegen's anchor form
(`t=16:29`, `t=1:02:03`, `p7`, optionally with a `-2` suffix), a cue with an identifier starts a
paragraph, a cue without one continues it, paragraphs are never joined or split at sentence
ends, and a cue without a voice belongs to nobody (an export tags every cue of a named speaker).

Bad input is read as far as it goes and reported: a missing header, a malformed timing line
(the text is kept as a paragraph without a clock), a text block with no timing line (kept the
same way), a timing line with no blank line before it, a last cue with no text (a file cut
off), a file with no cues, cues ending before they start, starting a second or more before the
previous one ends, or going back in time.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.entities import html5
from pathlib import Path

from sitegen.errors import Diagnostic, warning
from sitegen.readers.cues import Cue, Timing, cues_to_turns, parse_timing, rolling_overlaps
from sitegen.readers.srt import is_speaker_label, label_candidate
from sitegen.readers.turns import Transcript

_HEADER = re.compile(r"WEBVTT(?:[ \t].*)?")
# sitegen's cue identifiers: the paragraph's page anchor (see sitegen.urls.moment_anchor).
SITEGEN_IDENTIFIER = re.compile(r"(?:t=(?:\d+:)?\d{1,2}:\d{2}|p\d+)(?:-\d+)?")
# A line that starts like a timestamp: a timing line whose `-->` is missing or mangled.
_CLOCKISH = re.compile(r"[ \t]*\d+:\d\d")
_SKIPPED_BLOCK = re.compile(r"(?:NOTE|STYLE|REGION)(?:[ \t]|$)")
# WebVTT cue text tags (§4.2.2): class spans, italics, bold, underline, ruby, voice, language,
# and timestamps. Anything else starting with `<` is no tag and stays text. Each repeat starts
# with a distinct character, so matching is linear.
_TAG = re.compile(
    r"<(?:(?P<time>\d+(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?)"
    r"|(?P<close>/)?(?P<name>c|i|b|u|v|ruby|rt|lang)(?:\.[^\s.<>&]*)*"
    r"(?:[ \t]+(?P<note>[^<>\n]*))?)>"
)
_ENTITY = re.compile(r"&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{0,31}));")
# ASCII whitespace only: a decoded `&nbsp;` is part of the text, not a word break.
_SPACES = re.compile(r"[ \t\n\r\f\v]+")
_ASCII_SPACE = " \t\n\r\f\v"


def read_webvtt(
    body: str, path: Path, first_line: int = 1, known_speakers: Iterable[str] = ()
) -> Transcript:
    """Turns of the transcript body whose first line is file line `first_line`."""
    parser = _Parser(body.split("\n"), path, first_line)
    blocks = parser.parse()
    diagnostics = parser.diagnostics
    identifiers = [b.identifier for b in blocks if b.identifier is not None]
    ours = bool(identifiers) and all(SITEGEN_IDENTIFIER.fullmatch(i) for i in identifiers)
    pieces = [_pieces(block.text) for block in blocks]
    # sitegen's own files never roll; their repeats are the speakers'.
    plain = ["".join(piece.text for piece in cue) for cue in pieces]
    drops = [0] * len(plain) if ours else rolling_overlaps(plain)
    rolling = any(drops)
    kept = [
        _drop_front(cue_pieces, drop) if drop else cue_pieces
        for cue_pieces, drop in zip(pieces, drops, strict=True)
    ]
    if not ours:
        kept = _labelled_voices(kept, frozenset(known_speakers))
        kept = [_marked_changes(cue_pieces) for cue_pieces in kept]
    cues: list[Cue] = []
    for block, cue_pieces in zip(blocks, kept, strict=True):
        cues.extend(cue for cue in _cues(block, cue_pieces, ours) if cue.text)
    turns, problems = cues_to_turns(
        cues,
        path,
        carry_speaker=not ours,
        marked_paragraphs=ours,
        # Rolling captions overlap by design; elsewhere an overlap is worth a look.
        report_overlaps=not rolling,
    )
    diagnostics.extend(problems)
    return Transcript(turns, "", tuple(diagnostics))


# --- blocks -----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Block:
    """One cue as written (or a text block with no usable timing line)."""

    identifier: str | None
    timing: Timing | None
    line: int  # file line of the timing line (or of the block's first line)
    source: str  # that line as written
    text: str = ""  # the cue text lines, joined by `\n`
    lines: list[str] = field(default_factory=list)


class _Parser:
    def __init__(self, lines: list[str], path: Path, first_line: int) -> None:
        self.lines = lines
        self.path = path
        self.first_line = first_line
        self.diagnostics: list[Diagnostic] = []
        self.blocks: list[_Block] = []

    def warn(self, index: int, message: str) -> None:
        line = self.lines[index] if index < len(self.lines) else None
        self.diagnostics.append(warning(self.path, self.first_line + index, message, line))

    def parse(self) -> list[_Block]:
        index = self._header()
        pending_id: str | None = None  # an identifier found glued to the previous cue's text
        while index < len(self.lines):
            line = self.lines[index]
            if not line.strip():
                index += 1
            elif pending_id is None and _SKIPPED_BLOCK.match(line) and "-->" not in line:
                index = self._skip_block(index)
            else:
                index, pending_id = self._block(index, pending_id)
        self._check_end()
        return self.blocks

    def _header(self) -> int:
        lines = self.lines
        if not lines[0].startswith("WEBVTT"):
            self.warn(0, "no WEBVTT header on the first line; read as WebVTT anyway")
            return 0
        if _HEADER.fullmatch(lines[0]) is None:
            self.warn(0, "header should be `WEBVTT` alone or followed by a space; read anyway")
        index = 1
        # Header lines (`Kind: captions`, `Language: en`) run to the first blank line.
        while index < len(lines) and lines[index].strip():
            if "-->" in lines[index] and parse_timing(lines[index]) is not None:
                self.warn(
                    index, "no blank line between the header and the first cue; read as a cue"
                )
                break
            index += 1
        return index

    def _skip_block(self, index: int) -> int:
        while index < len(self.lines) and self.lines[index].strip():
            index += 1
        return index

    def _block(self, index: int, pending_id: str | None) -> tuple[int, str | None]:
        """Read the block starting at `index`; the index after it, and a glued identifier."""
        lines = self.lines
        line = lines[index]
        following = lines[index + 1] if index + 1 < len(lines) else ""
        identifier = pending_id
        timing_at: int | None = index
        if "-->" in line:
            pass
        elif pending_id is None and following.strip() and "-->" in following:
            identifier, timing_at = line.strip(), index + 1
        elif _CLOCKISH.match(line):
            pass
        elif pending_id is None and _CLOCKISH.match(following):
            identifier, timing_at = line.strip(), index + 1
        else:
            timing_at = None
        if timing_at is None:
            block = _Block(identifier, None, self.first_line + index, line)
            self.warn(index, "text with no cue timing line before it; kept without a clock")
            return self._text(block, index), None
        timing = parse_timing(lines[timing_at])
        block = _Block(identifier, timing, self.first_line + timing_at, lines[timing_at])
        after, glued = self._text(block, timing_at + 1), None
        if after < len(lines) and lines[after] and parse_timing(lines[after]) is not None:
            # A timing line inside cue text starts the next cue (as in the spec's parser). A
            # number or sitegen anchor just before it is that cue's identifier, not text.
            self.warn(after, "no blank line before this cue timing line; read as a new cue")
            last = block.lines[-1].strip() if block.lines else ""
            if last.isdigit() or SITEGEN_IDENTIFIER.fullmatch(last):
                block.lines.pop()
                glued = last
        block.text = "\n".join(block.lines)
        if timing is None:
            if block.text.strip():
                message = (
                    "cue timing line is not `start --> end` (like 00:01:02.500 --> 00:01:04.000);"
                    " its text is kept without a clock"
                )
            else:
                message = (
                    "cue timing line is malformed and the cue has no text (is the file cut off?)"
                )
            self.warn(timing_at, message)
        return after, glued

    def _text(self, block: _Block, index: int) -> int:
        """Collect cue text lines from `index`; the index of the line that ended the text."""
        lines = self.lines
        start = index
        while index < len(lines):
            line = lines[index]
            if not line:
                break
            if "-->" in line and parse_timing(line) is not None:
                break
            if not line.strip() and index > start and self._separator(index):
                break
            block.lines.append(line)
            index += 1
        block.text = "\n".join(block.lines)
        self.blocks.append(block)
        return index

    def _separator(self, index: int) -> bool:
        """Whether a whitespace-only line inside cue text ends the cue: only when a blank line
        or the next cue follows. (YouTube captions hold lines of one space as cue text.)"""
        lines = self.lines
        after = index + 1
        if after >= len(lines) or not lines[after] or "-->" in lines[after]:
            return True
        return after + 1 < len(lines) and "-->" in lines[after + 1]

    def _check_end(self) -> None:
        if not self.blocks:
            self.warn(0, "no cues in this WebVTT file; nothing to read")
            return
        last = self.blocks[-1]
        if last.timing is not None and not last.text.strip():
            index = last.line - self.first_line
            self.warn(index, "the last cue has no text (is the file cut off?)")


# --- cue text ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Piece:
    """Text of one voice within a cue."""

    voice: str | None  # None: no voice tag (continues the previous voice)
    text: str  # markup removed, entities decoded, line breaks kept as `\n`
    starts: bool = False  # a captioning mark (`>>`, `- `) said another person speaks here


def _pieces(text: str) -> list[_Piece]:
    """A cue's text split at voice tags, markup removed."""
    pieces = [_Piece(None, "")]
    if "<" not in text and "&" not in text:
        pieces[0].text = text
        return pieces
    parts: list[str] = []
    position = 0
    in_ruby_text = False
    for match in _TAG.finditer(text):
        parts.append(_decode(text[position : match.start()]))
        position = match.end()
        name = match["name"]
        if name == "v" and not match["close"]:
            pieces[-1].text = "".join(parts)
            parts = []
            voice = _SPACES.sub(" ", _decode(match["note"] or "")).strip(_ASCII_SPACE)
            pieces.append(_Piece(voice or None, ""))
        elif name == "rt":
            # Ruby text is a reading of the base text: kept, in brackets, so nothing is lost.
            if match["close"] and in_ruby_text:
                parts.append(")")
            elif not match["close"]:
                parts.append("(")
            in_ruby_text = not match["close"]
        elif name == "ruby" and match["close"] and in_ruby_text:
            parts.append(")")  # `</rt>` may be left out before `</ruby>`
            in_ruby_text = False
    parts.append(_decode(text[position:]))
    if in_ruby_text:
        parts.append(")")
    pieces[-1].text = "".join(parts)
    if len(pieces) > 1 and not pieces[0].text.strip():
        pieces.pop(0)
    return pieces


def _decode(text: str) -> str:
    """Entity references decoded; an unknown one is kept as written."""
    if "&" not in text:
        return text
    return _ENTITY.sub(_entity, text)


def _entity(match: re.Match[str]) -> str:
    decimal, hexadecimal, name = match.groups()
    if name is not None:
        return html5.get(name + ";", match[0])
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    return chr(code)


def _drop_front(pieces: list[_Piece], count: int) -> list[_Piece]:
    """The pieces without their first `count` characters (a rolling caption's repeat)."""
    out: list[_Piece] = []
    for piece in pieces:
        if count >= len(piece.text):
            count -= len(piece.text)
            continue
        out.append(_Piece(piece.voice, piece.text[count:]))
        count = 0
    return out


def _labelled_voices(pieces: list[list[_Piece]], known: frozenset[str]) -> list[list[_Piece]]:
    """Voices from `Name: text` labels, in a file with no voice tags where at least half the
    cues start with one (Zoom writes its transcripts so); other files are left as they are.
    A label must look like a name, as in SRT (sitegen.readers.srt.is_speaker_label)."""
    if any(piece.voice is not None for cue in pieces for piece in cue):
        return pieces
    texts = [_SPACES.sub(" ", "".join(p.text for p in cue)).strip(_ASCII_SPACE) for cue in pieces]
    candidates = [label_candidate(text) if text[:1] != ">" else None for text in texts]
    counts = Counter(label.speaker for label in candidates if label is not None)
    labels = [
        label
        if label is not None
        and label.speaker is not None
        and is_speaker_label(label.speaker, known, counts[label.speaker] >= 2)
        else None
        for label in candidates
    ]
    found = sum(label is not None for label in labels)
    if not found or found * 2 < sum(1 for text in texts if text):
        return pieces
    return [
        cue if label is None else [_Piece(label.speaker, label.rest)]
        for cue, label in zip(pieces, labels, strict=True)
    ]


# Captioning marks for a change of speaker at a line's start: `>>` (`>>>` marks a new topic and
# stays text), and the subtitle dialogue dash `- `.
_CHANGE_MARK = re.compile(r"[ \t]*(?:>>(?!>)|[-\u2013](?=[ \t]))[ \t]*")


def _marked_changes(pieces: list[_Piece]) -> list[_Piece]:
    """A cue's unvoiced text split where a line starts with a speaker-change mark (`>> I
    agree`, `- Yeah.`): each part after a mark starts a paragraph, without the mark, which is
    no speech. Who speaks is still unknown, so the speaker carries on as before."""
    out: list[_Piece] = []
    for piece in pieces:
        if piece.voice is not None or not _has_mark(piece.text):
            out.append(piece)
            continue
        part: list[str] = []
        starts = False
        for line in piece.text.split("\n"):
            mark = _CHANGE_MARK.match(line)
            if mark is None:
                part.append(line)
                continue
            if part and "".join(part).strip(_ASCII_SPACE):
                out.append(_Piece(None, "\n".join(part), starts))
            part, starts = [line[mark.end() :]], True
        out.append(_Piece(None, "\n".join(part), starts))
    return out


def _has_mark(text: str) -> bool:
    return any(_CHANGE_MARK.match(line) for line in text.split("\n"))


def _cues(block: _Block, pieces: list[_Piece], ours: bool) -> list[Cue]:
    """One Cue per voice piece; several voices share the cue's time by their characters."""
    texts = [_SPACES.sub(" ", piece.text).strip(_ASCII_SPACE) for piece in pieces]
    start = block.timing.start if block.timing else None
    end = block.timing.end if block.timing else None
    marked = ours and block.identifier is not None
    if len(pieces) <= 1:
        text = texts[0] if texts else ""
        voice = pieces[0].voice if pieces else None
        starts = marked or (bool(pieces) and pieces[0].starts)
        return [Cue(start, end, voice, text, block.line, block.source, starts)]
    total = sum(len(text) + 1 for text in texts)
    cues: list[Cue] = []
    offset = 0
    for index, (piece, text) in enumerate(zip(pieces, texts, strict=True)):
        piece_start = piece_end = None
        if start is not None and end is not None:
            span = max(end - start, 0)
            piece_start = start + span * offset // total
            offset += len(text) + 1
            piece_end = end if index == len(pieces) - 1 else start + span * offset // total
        first = (marked and index == 0) or piece.starts
        cues.append(Cue(piece_start, piece_end, piece.voice, text, block.line, block.source, first))
    return cues
