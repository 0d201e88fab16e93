"""`transcript.html`: the episode in the Podcasting 2.0 HTML transcript form.

Owns writing a small complete HTML document (UTF-8, the site's language, a title naming show and
episode) whose body is the P2.0 form htmltranscript.py reads back: `<cite>Speaker:</cite>` when
the speaker changes (an empty `<cite></cite>` when an unnamed turn follows a named one),
`<time>H:MM:SS</time>` before each clocked paragraph (with `.mmm` when the clock has
milliseconds, so clocks survive exactly), `<p>text</p>` per paragraph with line breaks as `<br>`,
and a turn's section heading as `<h2>`. Everything from the episode is escaped.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

from sitegen.exports import ExportContext
from sitegen.model import Episode
from sitegen.readers.timecode import format_clock


def export_html(episode: Episode, context: ExportContext) -> str:
    name = episode.title
    if episode.number is not None and str(episode.number) not in name:
        name = f"Episode {episode.number}: {name}"
    title = f"{name} — {context.show}" if context.show else name
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(context.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Transcript: {_text(title)}</title>",
        "</head>",
        "<body>",
    ]
    speaker: str | None = None
    for turn in episode.turns:
        if turn.heading is not None:
            out.append(f"<h2>{_text(turn.heading)}</h2>")
        for segment in turn.segments:
            if turn.speaker != speaker:
                name = "" if turn.speaker is None else f"{turn.speaker}:"
                out.append(f"<cite>{_text(name)}</cite>")
                speaker = turn.speaker
            if segment.start is not None:
                out.append(f"<time>{long_clock(segment.start)}</time>")
            out.append(f"<p>{_text(segment.text)}</p>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


# As text.exact_clock: an archive holds few distinct clocks, each written once per paragraph.
@lru_cache(maxsize=8192)
def long_clock(ms: int) -> str:
    """`H:MM:SS` (the P2.0 HTML form's clock), with `.mmm` milliseconds when there are any."""
    clock = format_clock(ms)
    if ms < 3_600_000:
        clock = "0:" + clock
    fraction = ms % 1000
    return clock + (f".{fraction:03d}".rstrip("0") if fraction else "")


def _text(text: str) -> str:
    # Quotes need no escaping in element content; `<br>` keeps line breaks (code blocks) as such.
    # Each `in` first: `str.replace` with a longer replacement counts the matches with a scan
    # many times slower than `in`'s on text with a character above U+00FF (a typographic
    # apostrophe), and most paragraphs hold none of these (as transcript_html.escape_text).
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\n" in text:
        text = text.replace("\n", "<br>")
    return text
