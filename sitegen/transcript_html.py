"""Escaped transcript HTML: a paragraph's text with links over parts of it.

Built here rather than in a template for speed (a page holds thousands of paragraphs); every
character of the text goes through `markupsafe.escape`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True, slots=True)
class Span:
    """A link over part of a paragraph's text; href None keeps it plain but marked."""

    start: int
    end: int
    href: str | None
    css_class: str


def paragraph_html(text: str, links: list[Span], mentions: list[Span]) -> Markup:
    """Escaped paragraph text with links over the spans.

    The links the source itself made win over mentions that overlap them (their URLs are part of
    the text); among spans of one kind, the earlier one wins. Linear after sorting, so a huge
    paragraph with many mentions stays fast.
    """
    kept_links = _without_overlaps(links)
    link_starts = [span.start for span in kept_links]
    kept = list(kept_links)
    for span in _without_overlaps(mentions):
        i = bisect.bisect_right(link_starts, span.start)
        before = kept_links[i - 1] if i else None
        after = kept_links[i] if i < len(kept_links) else None
        if (before is None or before.end <= span.start) and (
            after is None or span.end <= after.start
        ):
            kept.append(span)
    out: list[str] = []
    position = 0
    for span in sorted(kept, key=lambda s: s.start):
        out.append(escape(text[position : span.start]))
        words = escape(text[span.start : span.end])
        if span.href is None:
            out.append(f'<span class="{span.css_class}">{words}</span>')
        else:
            out.append(f'<a class="{span.css_class}" href="{escape(span.href)}">{words}</a>')
        position = span.end
    out.append(escape(text[position:]))
    return Markup("".join(out))


def _without_overlaps(spans: list[Span]) -> list[Span]:
    """Non-empty spans sorted by start, dropping any that overlaps one kept before it."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start < span.end and (not kept or kept[-1].end <= span.start):
            kept.append(span)
    return kept
