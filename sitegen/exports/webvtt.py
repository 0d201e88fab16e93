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

from collections.abc import Sequence
from itertools import pairwise

from sitegen.exports import ExportContext
from sitegen.exports.captions import TimedParagraph, cue_times, group_lines, timed_paragraphs, wrap
from sitegen.model import Episode

LINE_WIDTH = 65
LINES_PER_CUE = 2
_ESCAPED = "&<>"  # what `escape` replaces


def export_vtt(
    episode: Episode, context: ExportContext, paragraphs: Sequence[TimedParagraph] | None = None
) -> str:
    """`paragraphs`: the episode's `timed_paragraphs`, when the caller has them already."""
    out = ["WEBVTT", "", *_note(episode, context), ""]
    for paragraph in timed_paragraphs(episode) if paragraphs is None else paragraphs:
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
    cues = group_lines(wrap(text, LINE_WIDTH), LINES_PER_CUE)
    # A cue ends where the next starts: each time is written once and used twice.
    times = cue_times(paragraph.start, paragraph.end, cues, ".")
    if any(char in text for char in _ESCAPED):  # after the times, which count what is spoken
        cues = [escape(cue) for cue in cues]
    voice = voice_tag(paragraph.speaker) if paragraph.speaker is not None else ""
    blocks = [
        f"{begin} --> {end}\n{voice}{cue}\n"
        for (begin, end), cue in zip(pairwise(times), cues, strict=True)
    ]
    blocks[0] = f"{paragraph.anchor}\n{blocks[0]}"  # the first cue's identifier, and its only
    out += blocks


def voice_tag(name: str) -> str:
    """`<v Name>`, the name escaped. A name ending in `-` gets a space before the `>` (readers
    strip it): `A --` and the tag's `>` would make the `-->` that no cue's text may hold (a
    parser takes a line with one for the next cue's times)."""
    escaped = escape(name)
    return f"<v {escaped} >" if escaped.endswith("-") else f"<v {escaped}>"


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
