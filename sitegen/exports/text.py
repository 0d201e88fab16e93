"""`transcript.txt`: the episode in the plain format the project started from (episode 920).

Owns writing one paragraph per line that the plain-text reader (plaintext.py) reads back:

- `Name: 00:03 text` for a turn's first paragraph, `00:45 text` for the paragraphs after it
  (`1:02:03` from an hour on; `00:03.25` when the clock has milliseconds, which the reader
  keeps); no blank lines between clocked paragraphs, as in the seed, which is written back
  byte for byte (plus a final newline).
- A paragraph with no clock is `Name: text`, after a blank line (a blank line is the only thing
  that keeps an unclocked line from joining the line before it). It carries the label even
  inside a turn: an unlabelled line among clocked ones reads back with a "paragraph has no
  clock" warning the source never had.
- Every line is checked with the reader's own rules (prefix.py) before it is chosen: a
  continuation that would read as a label (`00:45 Right: so…` could become a speaker named
  Right) is written with its speaker's label instead. An unclocked `Name:` label counts only
  when the file confirms the name, so a speaker with unclocked paragraphs gets a label on a
  clocked paragraph of theirs too, and a label the reader would still refuse is left out (the
  paragraph then reads as the previous speaker's, with its text intact, rather than with the
  label glued to its text).

Limits of the format, by design of the reader: a line break inside a paragraph (a code block)
becomes a space; an unnamed turn after a named one reads back as the named speaker going on,
as does a speaker whose name the reader does not take for one (more than six words, sentence
punctuation); an unclocked paragraph that starts with a clock reads that clock as its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from sitegen.exports import ExportContext
from sitegen.model import Episode
from sitegen.readers.prefix import Prefix, SpeakerRule, match_prefix
from sitegen.readers.timecode import format_clock, parse_clock


@dataclass(slots=True)
class _Line:
    text: str  # the paragraph text on one line
    clock: str | None
    speaker: str | None
    labelled: bool
    # How the reader reads the line's start, labelled and not, once asked (`_prefix`).
    prefixes: dict[bool, Prefix | None] = field(default_factory=dict)


def export_text(episode: Episode, context: ExportContext) -> str:
    lines = _lines(episode)
    # Labels the reader would refuse are dropped; dropping one can only make the file look less
    # like a `Name: text` transcript, so a second look settles it.
    for _ in range(3):
        refused = _refused(lines)
        if not refused:
            break
        for index in refused:
            lines[index].labelled = False
    out: list[str] = []
    for line in lines:
        if line.clock is None and out:
            out.append("")
        out.append(_written(line))
    return "\n".join(out) + "\n" if out else ""


# Every clocked paragraph has its clock written, and an archive holds few distinct ones (whole
# seconds: 3,600 an hour): looked up, not formatted again.
@lru_cache(maxsize=8192)
def exact_clock(ms: int) -> str:
    """`MM:SS` / `H:MM:SS` as in the seed, with `.mmm` when the clock has milliseconds."""
    fraction = ms % 1000
    return format_clock(ms) + (f".{fraction:03d}".rstrip("0") if fraction else "")


def _lines(episode: Episode) -> list[_Line]:
    # A clocked `Name: 00:03 text` label confirms the name for the reader, so every speaker
    # with an unclocked paragraph also gets one on a clocked paragraph of theirs.
    unclocked = {turn.speaker for turn, segment in episode.segments() if segment.start is None}
    confirmed: set[str | None] = set()
    lines: list[_Line] = []
    for turn in episode.turns:
        for index, segment in enumerate(turn.segments):
            text = segment.text.replace("\n", " ").strip()  # a line break reads as a space
            clock = None if segment.start is None else exact_clock(segment.start)
            line = _Line(text, clock, turn.speaker, False)
            if turn.speaker is not None:
                needs_confirming = turn.speaker in unclocked and turn.speaker not in confirmed
                wanted = clock is None or index == 0 or needs_confirming
                # The preferred form, unless only the other one reads back as written.
                line.labelled = wanted
                if not _reads_back(line):
                    line.labelled = not wanted
                    if not _reads_back(line):
                        line.labelled = wanted
                if line.labelled and clock is not None:
                    confirmed.add(turn.speaker)
            lines.append(line)
    return lines


def _written(line: _Line) -> str:
    bare = line.text if line.clock is None else f"{line.clock} {line.text}"
    return f"{line.speaker}: {bare}" if line.labelled else bare


def _prefix(line: _Line) -> Prefix | None:
    """match_prefix of the line as written: asked once per form, as _lines and _refused both
    ask, and reading a prefix is most of this export's work."""
    if line.labelled not in line.prefixes:
        line.prefixes[line.labelled] = match_prefix(_written(line))
    return line.prefixes[line.labelled]


def _reads_back(line: _Line) -> bool:
    """Whether the line's prefix gives no speaker or its own, its clock, and its text."""
    prefix = _prefix(line)
    if prefix is None:
        return line.clock is None and not line.labelled
    if prefix.speaker not in (None, line.speaker) or (prefix.speaker is None) == line.labelled:
        return False
    wanted = None if line.clock is None else parse_clock(line.clock)
    return prefix.clock == wanted and prefix.rest == line.text


def _refused(lines: list[_Line]) -> list[int]:
    """Lines whose weak `Name: text` label the reader would not accept, judged as it does."""
    rule = SpeakerRule()
    prefixes = []
    previous_blank = True
    for line in lines:
        if line.clock is None:
            previous_blank = True  # a blank line is written before every unclocked paragraph
        prefix = _prefix(line)
        rule.observe(prefix, previous_blank)
        previous_blank = False
        prefixes.append(prefix)
    return [
        index
        for index, (line, prefix) in enumerate(zip(lines, prefixes, strict=True))
        if line.labelled and prefix is not None and prefix.weak and rule.speaker(prefix) is None
    ]
