"""Which reader a file needs, from its content and its suffix.

Owns the one decision of which reader reads a file. Content that declares its format wins over
the suffix (a `WEBVTT` header, an SRT cue, a JSON document, an HTML document), so a `.txt` that is
really WebVTT is read as WebVTT. Otherwise the suffix decides (`.vtt`, `.srt`, `.json`,
`.html`/`.htm`), and a suffix-less or `.txt` file is plain text or Markdown. `.md`/`.markdown`
files are Markdown. Any other file is Markdown when its content is: at least two lines that
start with a bold speaker label (`**Name:**` or `**Name**:`), or with a Markdown-escaped clock
(`\\[04:33\\]`). Otherwise it is plain text (which also reads `0:00:12.9 **Name** text`, where
the bold follows a clock).
"""

from __future__ import annotations

import re
from itertools import islice
from pathlib import Path

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
# Suffix -> reader, for formats whose content did not already declare itself.
_SUFFIX_FORMATS = {
    ".vtt": "webvtt",
    ".srt": "srt",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
}
# `WEBVTT` alone or followed by a space/tab and header text (WebVTT §4.1).
_WEBVTT_HEADER = re.compile(r"WEBVTT(?:[ \t][^\n]*)?(?:\n|$)")
# An SRT cue: a number line, then a timing line `00:00:01,000 --> 00:00:04,000`.
_SRT_START = re.compile(r"\s*\d+[ \t]*\n[ \t]*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}[ \t]*-->")
_HTML_START = re.compile(r"\s*<(?:!doctype\s+html|html|head|body|cite|p|time)\b", re.IGNORECASE)

# A line start is matched as the `\n` before it (the sample gets one in front) rather than with a
# multi-line `^`: Python jumps from one literal `\n` to the next but tries `^` at every character.
_MARKDOWN_LINE = re.compile(r"\n(?:\*\*[^*\n]{1,60}(?::\*\*|\*\*:)|\\\[\d)")
# Enough of the file to recognise its dialect without scanning megabytes.
_SAMPLE = 64 * 1024


def choose_format(path: Path, body: str) -> str:
    """The reader to use: "webvtt", "srt", "json", "html", "markdown" or "plaintext"."""
    declared = _declared_format(body)
    if declared is not None:
        return declared
    suffix = path.suffix.lower()
    if suffix in _SUFFIX_FORMATS:
        return _SUFFIX_FORMATS[suffix]
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    hits = _MARKDOWN_LINE.finditer("\n" + body[:_SAMPLE])
    return "markdown" if len(list(islice(hits, 2))) >= 2 else "plaintext"


def _declared_format(body: str) -> str | None:
    """The format a file's first bytes declare, if any."""
    if _WEBVTT_HEADER.match(body):
        return "webvtt"
    head = body[:512].lstrip()
    if head.startswith(("{", "[")) and _looks_like_json(head):
        return "json"
    if _SRT_START.match(body):
        return "srt"
    if _HTML_START.match(head):
        return "html"
    return None


def _looks_like_json(head: str) -> bool:
    """`{"` or `[{`/`[]` (after spaces): a transcript line never starts like that."""
    rest = head[1:].lstrip()
    return rest[:1] in ('"', "}") if head[0] == "{" else rest[:1] in ("{", "]")
