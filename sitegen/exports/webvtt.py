"""Writes an episode as WebVTT (`transcript.vtt`), which sitegen's WebVTT reader reads back.

Owns the layout of the file: the `WEBVTT` header, a NOTE naming show, episode, date, language
and page, then one or more cues per paragraph. Cue text lines hold at most LINE_WIDTH
characters and a cue at most two lines, so a long paragraph becomes several cues, its time
shared out by characters (times: captions.py). Every cue of a named speaker carries
`<v Name>`; `<`, `&` and `>` are escaped in text and names, so no cue holds `-->` (which would
end its text), not even where a name ending in `--` meets the tag's `>`. The first cue of each
paragraph carries the paragraph's page anchor as its identifier (`t=16:29`, `t=16:29-2`, `p7`)
and continuation cues carry none: the reader takes these identifiers as paragraph starts (and an
untagged cue as nobody's), so speakers and paragraphs survive the round trip.
"""

from __future__ import annotations

from itertools import pairwise

from sitegen.exports import ExportContext
from sitegen.exports.captions import (
    TimedParagraph,
    break_lines,
    group_lines,
    line_ends,
    share_time,
    timed_paragraphs,
)
from sitegen.model import Episode

LINE_WIDTH = 65
LINES_PER_CUE = 2
_ESCAPED = "&<>"  # what `escape` replaces


def export_vtt(episode: Episode, context: ExportContext) -> str:
    out = ["WEBVTT", "", *_note(episode, context), ""]
    for paragraph in timed_paragraphs(episode):
        _add_cues(out, paragraph)
    return "\n".join(out)


def _note(episode: Episode, context: ExportContext) -> list[str]:
    """`Show:`, `Episode:` (number and title), `Date:`, `Language:` and `Page:` lines."""
    if episode.number is None:
        named = episode.title
    elif episode.meta.title:
        named = f"{episode.number} \u2014 {episode.meta.title}"
    else:
        named = str(episode.number)
    lines = ["NOTE", f"Show: {context.show}", f"Episode: {named}"]
    if episode.meta.date is not None:
        lines.append(f"Date: {episode.meta.date.isoformat()}")
    lines.append(f"Language: {context.language}")
    lines.append(f"Page: {context.page_url}")
    # A NOTE ends at a blank line and may not hold `-->`: metadata must not end it early.
    return [" ".join(line.split()).replace("-->", "->") for line in lines]


def _add_cues(out: list[str], paragraph: TimedParagraph) -> None:
    """Appends the paragraph's cues to `out`, each one string of lines ending in a newline."""
    text = paragraph.text
    ends = line_ends(text, 0, len(text), LINE_WIDTH)
    cuts = group_lines(ends, LINES_PER_CUE)  # where each cue starts, then len(text) + 1
    lines = break_lines(text, ends)
    # A cue ends where the next starts: each time is written once and used twice.
    times = share_time(paragraph.start, paragraph.end, cuts, ".")
    voice = voice_tag(paragraph.speaker) if paragraph.speaker is not None else ""
    # Escaped cue by cue (escaping all first would move the offsets); most paragraphs need none.
    plain = not any(char in text for char in _ESCAPED)
    identifier = f"{paragraph.anchor}\n"  # the first cue's only
    for (begin, end), (first, stop) in zip(pairwise(times), pairwise(cuts), strict=True):
        cue = lines[first : stop - 1]
        if not plain:
            cue = escape(cue)
        out.append(f"{identifier}{begin} --> {end}\n{voice}{cue}\n")
        identifier = ""


def voice_tag(name: str) -> str:
    """`<v Name>`, the name escaped. A name ending in `-` gets a space before the `>` (readers
    strip it): `A --` and the tag's `>` would make the `-->` that no cue's text may hold (a
    parser takes a line with one for the next cue's times)."""
    escaped = escape(name)
    return f"<v {escaped} >" if escaped.endswith("-") else f"<v {escaped}>"


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
