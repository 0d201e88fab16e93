"""Reader for plain-text transcripts: every `.txt` dialect of speaker labels and clocks.

Owns what is specific to plain text: paragraph text is kept exactly as written (wrapped lines
joined by spaces, nothing treated as markup, HTML included: escaping is the renderer's job).
Which lines are labels and clocks is prefix.py's; turns are turns.py's.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sitegen.model import Link
from sitegen.readers.paragraphs import split_blocks
from sitegen.readers.turns import Transcript, build_turns


def read_plaintext(
    body: str, path: Path, first_line: int = 1, known_speakers: Iterable[str] = ()
) -> Transcript:
    """Turns of a plain-text transcript body whose first line is file line `first_line`."""
    blocks = split_blocks(body, first_line, markdown=False, known_speakers=known_speakers)
    turns, diagnostics = build_turns(blocks, path, _plain_text)
    return Transcript(turns, "", tuple(diagnostics))


def _plain_text(source: str, _line: int) -> tuple[str, tuple[Link, ...]]:
    return source.replace("\n", " ").strip(), ()
