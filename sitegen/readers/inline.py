"""Inline Markdown to plain text: emphasis dropped, escapes resolved, links kept as `Link`s.

Owns the one reduction every Markdown-derived `Segment.text` goes through. It only handles
inline syntax (one paragraph or heading at a time); blocks are the caller's business. Raw HTML
is kept as literal text: escaping it is the renderer's job, and dropping it would lose words.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from sitegen.model import Link

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

# Characters that can start inline Markdown syntax. Most transcript paragraphs have none, and
# skipping the parser for them keeps a large archive fast.
_MARKUP = re.compile(r"[\\*_\[\]<>&`!~]")
# A backslash escape of ASCII punctuation (CommonMark §2.4).
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


# markdown-it is linear but slow on markup-dense text, seconds a megabyte; a paragraph longer
# than this is not real prose, so it is only unescaped (see `too_long_to_parse`).
MAX_PARSED_CHARS = 256 * 1024


def markdown_to_plain(source: str) -> tuple[str, tuple[Link, ...]]:
    """Plain text of an inline Markdown fragment (lines joined by spaces) and its links."""
    if _MARKUP.search(source) is None:
        return _join_lines(source), ()
    if too_long_to_parse(source) or _MARKUP.search(_ESCAPE.sub("", source)) is None:
        # Only escapes like `\[laughs\]`: resolving them needs no parser.
        return _join_lines(_ESCAPE.sub(r"\1", source)), ()
    return _parse(source)


def too_long_to_parse(source: str) -> bool:
    """Whether `markdown_to_plain` keeps this fragment's markup as written (escapes resolved)."""
    return len(source) > MAX_PARSED_CHARS


def _join_lines(source: str) -> str:
    if "\n" not in source:
        return source.strip()
    return " ".join(part for part in (line.strip() for line in source.split("\n")) if part)


@functools.cache
def _markdown() -> MarkdownIt:
    """The parser, made when first needed: an archive with no Markdown never loads markdown-it."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("strikethrough")


def _parse(source: str) -> tuple[str, tuple[Link, ...]]:
    parts: list[str] = []
    length = 0
    links: list[Link] = []
    open_links: list[tuple[int, str]] = []
    for block in _markdown().parseInline(source.strip()):
        for token in block.children or ():
            kind = token.type
            if kind == "link_open":
                open_links.append((length, str(token.attrGet("href") or "")))
                continue
            if kind == "link_close":
                if open_links:
                    start, href = open_links.pop()
                    links.append(Link(start, length, href))
                continue
            piece = _token_text(kind, token.content)
            if kind == "image" and piece:
                links.append(Link(length, length + len(piece), str(token.attrGet("src") or "")))
            parts.append(piece)
            length += len(piece)
    return _trimmed("".join(parts), links)


def _token_text(kind: str, content: str) -> str:
    if kind in ("text", "code_inline", "html_inline", "image"):
        return content
    if kind == "softbreak":
        return " "
    if kind == "hardbreak":
        return "\n"
    return ""  # emphasis and strikethrough markers carry no text


def _trimmed(text: str, links: list[Link]) -> tuple[str, tuple[Link, ...]]:
    """Strip outer whitespace and move link offsets with it."""
    stripped = text.strip()
    if stripped == text:
        return text, tuple(links)
    shift = len(text) - len(text.lstrip())
    size = len(stripped)
    moved = (
        Link(max(0, link.start - shift), min(size, link.end - shift), link.href) for link in links
    )
    return stripped, tuple(link for link in moved if link.end > link.start)
