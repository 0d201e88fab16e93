"""Which reader a file needs, from its suffix and its content.

Owns the one decision "plain text or Markdown". `.md`/`.markdown` files are Markdown. Any other
file is Markdown when its content is: at least two lines that start with a bold speaker label
(`**Name:**` or `**Name**:`), or with a Markdown-escaped clock (`\\[04:33\\]`). Otherwise it
is plain text (which also reads `0:00:12.9 **Name** text`, where the bold follows a clock).
"""

from __future__ import annotations

import re
from itertools import islice
from pathlib import Path

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})

# A line start is matched as the `\n` before it (the sample gets one in front) rather than with a
# multi-line `^`: Python jumps from one literal `\n` to the next but tries `^` at every character.
_MARKDOWN_LINE = re.compile(r"\n(?:\*\*[^*\n]{1,60}(?::\*\*|\*\*:)|\\\[\d)")
# Enough of the file to recognise its dialect without scanning megabytes.
_SAMPLE = 64 * 1024


def choose_format(path: Path, body: str) -> str:
    """The reader to use: "markdown" or "plaintext"."""
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        return "markdown"
    hits = _MARKDOWN_LINE.finditer("\n" + body[:_SAMPLE])
    return "markdown" if len(list(islice(hits, 2))) >= 2 else "plaintext"
