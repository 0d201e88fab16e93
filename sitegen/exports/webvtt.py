"""Writes an episode as WebVTT (`transcript.vtt`), which sitegen's WebVTT reader reads back.

Owns the layout of the file: the `WEBVTT` header, a NOTE naming show, episode, date, language
and page, then one or more cues per paragraph. Cue text lines hold at most LINE_WIDTH
characters and a cue at most two lines, so a long paragraph becomes several cues, its time
shared out by characters (times: captions.py). Every cue of a named speaker carries
`<v Name>`; `<`, `&` and `>` are escaped in text and names. The first cue of each paragraph
carries the paragraph's page anchor as its identifier (`t=16:29`, `t=16:29-2`, `p7`) and
continuation cues carry none: the reader takes these identifiers as paragraph starts (and an
untagged cue as nobody's), so speakers and paragraphs survive the round trip.
"""

from __future__ import annotations

from sitegen.exports import ExportContext
from sitegen.exports.captions import TimedParagraph, share_time, timed_paragraphs, wrap
from sitegen.model import Episode

LINE_WIDTH = 65
LINES_PER_CUE = 2


def export_vtt(episode: Episode, context: ExportContext) -> str:
    out = ["WEBVTT", "", *_note(episode, context), ""]
    for paragraph in timed_paragraphs(episode):
        out.extend(_cues(paragraph))
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


def _cues(paragraph: TimedParagraph) -> list[str]:
    lines = wrap(paragraph.words, LINE_WIDTH)
    groups = [lines[i : i + LINES_PER_CUE] for i in range(0, len(lines), LINES_PER_CUE)]
    sizes = [sum(len(word) + 1 for line in group for word in line) for group in groups]
    voice = f"<v {escape(paragraph.speaker)}>" if paragraph.speaker is not None else ""
    out: list[str] = []
    for index, (group, (start, end)) in enumerate(
        zip(groups, share_time(paragraph.start, paragraph.end, sizes), strict=True)
    ):
        if index == 0:
            out.append(paragraph.anchor)
        out.append(f"{timestamp(start)} --> {timestamp(end)}")
        texts = [escape(" ".join(line)) for line in group]
        out.append(voice + texts[0])
        out.extend(texts[1:])
        out.append("")
    return out


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def timestamp(ms: int) -> str:
    """`hh:mm:ss.ttt` (hours grow past 99 if they must)."""
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"
