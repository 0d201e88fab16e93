"""Escaped transcript HTML: a paragraph's text with links over parts of it, and the markup of
the transcript's turns and paragraphs as the episode page shows them.

Built here rather than in a template for speed: a transcript holds thousands of values, and a
template would escape each into a `Markup` object of its own. Here every value from outside
goes through `escape_text`, which writes the same entities as `markupsafe.escape` (Jinja's
autoescape), into plain strings joined once. The markup is the one a template writes from an
episode page's `turns` (README, Templates), which a theme can lay out its own way.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup


@dataclass(frozen=True, slots=True)
class Span:
    """A link over part of a paragraph's text; href None keeps it plain but marked."""

    start: int
    end: int
    href: str | None
    css_class: str


def escape_text(text: str) -> str:
    """`text` escaped as `markupsafe.escape` escapes it, the same five characters to the same
    entities, so that a page reads alike to the byte whether a template or this module wrote it."""
    # Each `in` first: `str.replace` with a replacement longer than what it replaces counts the
    # matches with a scan many times slower than `in`'s search on text with a character above
    # U+00FF (a typographic apostrophe), and most text holds none of these five.
    if "&" in text:
        text = text.replace("&", "&amp;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if "'" in text:
        text = text.replace("'", "&#39;")
    if '"' in text:
        text = text.replace('"', "&#34;")
    return text


def paragraph_html(text: str, links: list[Span], mentions: list[Span]) -> Markup:
    """Escaped paragraph text with links over the spans (see `text_html`)."""
    return Markup(text_html(text, links, mentions))


def text_html(text: str, links: Sequence[Span], mentions: Sequence[Span]) -> str:
    """Escaped paragraph text with links over the spans.

    The links the source itself made win over mentions that overlap them (their URLs are part of
    the text); among spans of one kind, the earlier one wins. Linear after sorting, so a huge
    paragraph with many mentions stays fast.
    """
    if not links and not mentions:  # most paragraphs
        return escape_text(text)
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
        out.append(escape_text(text[position : span.start]))
        words = escape_text(text[span.start : span.end])
        if span.href is None:
            out.append(f'<span class="{span.css_class}">{words}</span>')
        else:
            out.append(f'<a class="{span.css_class}" href="{escape_text(span.href)}">{words}</a>')
        position = span.end
    out.append(escape_text(text[position:]))
    return "".join(out)


def _without_overlaps(spans: Sequence[Span]) -> list[Span]:
    """Non-empty spans sorted by start, dropping any that overlaps one kept before it."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start < span.end and (not kept or kept[-1].end <= span.start):
            kept.append(span)
    return kept


# -- the transcript's turns ------------------------------------------------------------------
# Byte for byte what a template laying out `turns` writes with trim_blocks and lstrip_blocks,
# odd whitespace and all (tests/test_render_transcript.py holds such a template), so that a
# theme of its own and the built-in one give the same page.


def turn_start(heading: str | None, colour: int | None, speaker: str | None) -> str:
    """A turn up to its first paragraph: its chapter heading (already HTML) when it has one,
    the turn's opening tag (with the speaker's colour slot) and the speaker's name when it has
    one. The name is text, not a link: a link on every turn would put a thousand tab stops in
    an episode; the speakers' pages are linked from the talk-time list above the transcript."""
    out = f'<h3 class="chapter">{heading}</h3>' if heading else ""
    out += '  <div class="turn">\n' if colour is None else f'  <div class="turn spk-{colour}">\n'
    if speaker:
        out += f'<p class="speaker">{escape_text(speaker)}</p>'
    return out


TURN_END = "  </div>\n"


def paragraph(anchor: str, html: str) -> str:
    """A paragraph with no time (its episode has no clock at all): its anchor and its text's
    HTML (`text_html`)."""
    return f'    <p class="para" id="{escape_text(anchor)}">{html}</p>\n'


def timed_paragraph(
    anchor: str,
    html: str,
    start: int,
    clock: str,
    iso: str,
    label: str,
    estimated: bool,
    position: str | None,
) -> str:
    """A paragraph with its time, which links to the paragraph itself. The arguments after
    `html` are `ParagraphView`'s fields (sitegen.views)."""
    anchor = escape_text(anchor)
    mark = " estimated" if estimated else ""
    own_id = f' id="{escape_text(position)}"' if position else ""
    return (
        f'    <p class="para" id="{anchor}" data-start="{start}"><a class="clock{mark}" '
        f'href="#{anchor}"{own_id} aria-label="Link to {escape_text(label)}">'
        f'<time datetime="{escape_text(iso)}">{escape_text(clock)}</time></a> {html}</p>\n'
    )
