"""Reader for Markdown transcripts (`**Name:** text`, `Name: 00:00:20`, front matter, headings)
and for Markdown show notes.

Owns what is specific to Markdown: block syntax (headings become the heading of the next turn,
code blocks stay literal), inline syntax reduced to plain text with links (inline.py), and the
rule that a file with no speaker label and no clock at all is show notes, kept as Markdown in
Episode.notes with no turns. (Show-notes lines like `Recorded: 10:30` are not labels: see the
prose labels in prefix.py.)
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sitegen.errors import Diagnostic, warning
from sitegen.model import Link
from sitegen.readers.inline import markdown_to_plain, too_long_to_parse
from sitegen.readers.paragraphs import Paragraph, split_blocks
from sitegen.readers.turns import Transcript, build_turns


def read_markdown(
    body: str,
    path: Path,
    first_line: int = 1,
    known_speakers: Iterable[str] = (),
    beside_transcript: bool = False,
) -> Transcript:
    """Turns (or show notes) of a Markdown body whose first line is file line `first_line`.
    `beside_transcript`: another transcript file of the same name lies beside this one, so this
    one is the show notes unless it has clocks (show notes' `**Michael #1:**` item headings
    look like speaker labels; a transcript beside a transcript is a twin with clocks)."""
    blocks = split_blocks(body, first_line, markdown=True, known_speakers=known_speakers)
    paragraphs = [block for block in blocks if isinstance(block, Paragraph)]
    marks = (
        p.clock is not None or (p.speaker is not None and not beside_transcript) for p in paragraphs
    )
    if not any(marks):
        return Transcript((), body.strip("\n"), ())
    plain_names: dict[str, str] = {}  # a file repeats a few labels hundreds of times
    for paragraph in paragraphs:
        label = paragraph.speaker
        if label is not None:
            if label not in plain_names:
                # Labels are Markdown too: `**Jane\_Doe:**` names Jane_Doe.
                plain_names[label] = markdown_to_plain(label)[0] or label
            paragraph.speaker = plain_names[label]
    too_long: list[Diagnostic] = []

    def reduce(source: str, line: int) -> tuple[str, tuple[Link, ...]]:
        if too_long_to_parse(source):
            message = (
                f"paragraph of {len(source):,} characters is too long for Markdown;"
                " its text is kept as written"
            )
            too_long.append(warning(path, line, message, source.partition("\n")[0]))
        return markdown_to_plain(source)

    turns, diagnostics = build_turns(blocks, path, reduce)
    return Transcript(turns, "", (*too_long, *diagnostics))
