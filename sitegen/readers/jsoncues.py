"""JSON segments at word or token level, made cues for cues.py to merge into paragraphs.

Owns `Item` (a segment or orbit.fm entry once jsontranscript.py has checked its fields), the
tests of a file's segment level (token level: the producer spells its own spacing; utterance
level: half or more of the bodies end a sentence), and the cues of the merged levels: a word
segment is a cue of its own, and closing punctuation (`","`) joins the cue before it; tokens are
joined as written and cut into words at whitespace; a body that ends in a line break ends its
paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sitegen.readers.cues import Cue, ends_sentence

# A body of closing punctuation only (`","`, `"."`, `"?!"`): it belongs to the word before it.
_CLOSING_PUNCTUATION = re.compile(r"[.,;:!?…)\]}%\"'\u201d\u2019]+")


@dataclass(slots=True)
class Item:
    """One segment (or orbit.fm entry) after its fields are checked."""

    label: str  # "segment 3": its 1-based position in the array, for messages
    line: int
    source: str  # the segment as compact JSON, for messages
    raw: str  # body as written (spacing kept); "" when there is none
    speaker: str | None = None
    named: bool = False
    start: int | None = None
    end: int | None = None
    estimated: bool = False
    reported: bool = False  # a warning already said its text is missing


def is_token_level(items: Sequence[Item]) -> bool:
    words = [item.raw for item in items if item.raw.strip()]
    if not words:
        return False
    blank = len(items) - len(words)
    if blank * 4 >= len(items):
        return True  # `" "` tokens between the words
    # Words that bring their own space (`" Hello"`); but not whole sentences that do (Whisper's
    # segments start with a space too, and are utterances).
    leading = sum(1 for raw in words if raw[:1] in (" ", "\t"))
    inner = sum(1 for raw in words if len(raw.split()) > 1)
    return leading * 4 >= len(words) and inner * 4 <= len(words)


def is_utterance_level(items: Sequence[Item]) -> bool:
    texts = [item.raw for item in items if item.raw.strip()]
    ended = sum(1 for text in texts if ends_sentence(text))
    return ended * 2 >= len(texts)


def _cue(item: Item, text: str, speaker: str | None, starts_paragraph: bool) -> Cue:
    return Cue(
        item.start,
        item.end,
        speaker,
        text,
        item.line,
        item.source,
        starts_paragraph=starts_paragraph,
    )


def _ends_paragraph(raw: str) -> bool:
    """A body whose trailing whitespace holds a line break ends its paragraph (`"father.\\n"`)."""
    return "\n" in raw[len(raw.rstrip()) :]


def word_cues(items: Sequence[Item]) -> list[Cue]:
    """One cue per segment (whitespace collapsed); closing punctuation joins the cue before."""
    cues: list[Cue] = []
    current: str | None = None  # the speaker so far
    ended = False  # the last body ended its paragraph
    for item in items:
        text = " ".join(item.raw.split())
        same_speaker = not item.named or item.speaker == current
        if cues and same_speaker and not ended and _CLOSING_PUNCTUATION.fullmatch(text):
            previous = cues[-1]
            end = item.end if item.end is not None else previous.end
            cues[-1] = replace(previous, text=previous.text + text, end=end)
        else:
            if item.named:
                current = item.speaker
            cues.append(_cue(item, text, item.speaker if item.named else None, ended))
        ended = _ends_paragraph(item.raw) or (ended and not text)
    return cues


def token_cues(items: Sequence[Item]) -> list[Cue]:
    """Cues of whole words from tokens that spell their own spacing (`"Friday"`, `","`, `" "`)."""
    cues: list[Cue] = []
    parts: list[str] = []
    first: Item | None = None
    end: int | None = None
    current: str | None = None  # the speaker so far (tokens without one continue it)
    ended = False  # a line break came after the last word: the next one starts a paragraph

    def flush() -> None:
        nonlocal first, ended
        if first is not None:
            text = " ".join("".join(parts).split())
            cues.append(replace(_cue(first, text, current, ended), end=end))
            ended = False
        parts.clear()
        first = None

    for item in items:
        raw = item.raw
        if item.named and item.speaker != current:
            flush()  # a word never spans two speakers
            current = item.speaker
        if raw[:1].isspace():
            flush()
            ended = ended or "\n" in raw[: len(raw) - len(raw.lstrip())]
        word = raw.strip()
        if word:
            if first is None:
                first = item
                end = item.end
            parts.append(word)
            end = item.end if item.end is not None else end
            if raw[-1:].isspace():
                flush()
                ended = _ends_paragraph(raw)
    flush()
    return cues
