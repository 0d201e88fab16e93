"""Writes an episode as SubRip (`transcript.srt`), which sitegen's SRT reader reads back.

Owns the card layout: numbered cards, `HH:MM:SS,mmm` times, at most two lines of at most
LINE_WIDTH characters per card (a longer word stays whole), the paragraph's time shared out by
characters (times: captions.py). The first card of each paragraph starts with its speaker's
label, `Name: `, or `>> ` when the paragraph names nobody: that is what the reader takes as a
paragraph start (sitegen.readers.srt), so speakers and paragraphs survive the round trip.

Two things a continuation card must not do, or the reader would start a paragraph there: begin
with something the reader takes as a label (`Jon: …` in the middle of a paragraph), and, in a
file where no speaker ever has two paragraphs in a row (so the reader cannot tell that labels
mark paragraphs), follow a card ending a sentence once the paragraph is long
(`sitegen.readers.srt.splits_paragraph`). Such a card boundary moves a word or more earlier
(or, if it cannot, later, making a card longer than two lines).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from sitegen.exports import ExportContext
from sitegen.exports.captions import TimedParagraph, share_time, timed_paragraphs, wrap
from sitegen.model import Episode
from sitegen.readers.srt import (
    UNNAMED_MARK,
    is_speaker_label,
    label_candidate,
    splits_paragraph,
)

LINE_WIDTH = 32
LINES_PER_CARD = 2


def export_srt(episode: Episode, context: ExportContext) -> str:
    paragraphs = timed_paragraphs(episode)
    # Labels mark paragraphs for the reader only when some speaker is labelled twice in a row.
    marked = any(a.speaker == b.speaker for a, b in pairwise(paragraphs))
    out: list[str] = []
    number = 0
    for paragraph in paragraphs:
        cards = _cards(paragraph, marked)
        sizes = [sum(len(word) + 1 for word in card) for card in cards]
        for card, (start, end) in zip(
            cards, share_time(paragraph.start, paragraph.end, sizes), strict=True
        ):
            number += 1
            out.append(str(number))
            out.append(f"{timestamp(start)} --> {timestamp(end)}")
            out.extend(" ".join(line) for line in wrap(card, LINE_WIDTH))
            out.append("")
    return "\n".join(out)


def _cards(paragraph: TimedParagraph, marked: bool) -> list[list[str]]:
    """The paragraph's words in cards; the first card starts with the speaker label."""
    label = UNNAMED_MARK if paragraph.speaker is None else f"{paragraph.speaker}:"
    words = [label, *paragraph.words]
    cards: list[list[str]] = []
    position = 0
    while position < len(words):
        end = position + _fitting(words, position)
        if end < len(words) and _bad_break(words, end, marked):
            end = _good_break(words, position, end, marked)
        cards.append(words[position:end])
        position = end
    return cards


def _fitting(words: Sequence[str], position: int) -> int:
    """How many words from `position` fill one card (at least one)."""
    count = 0
    lines = 1
    length = -1  # of the line so far, without the space before the next word
    for index in range(position, len(words)):  # not a slice: that copies the rest each card
        size = len(words[index])
        if length >= 0 and length + 1 + size > LINE_WIDTH:
            if lines == LINES_PER_CARD:
                break
            lines += 1
            length = -1
        length += size + 1
        count += 1
    return max(count, 1)


def _good_break(words: Sequence[str], position: int, end: int, marked: bool) -> int:
    for earlier in range(end - 1, position, -1):
        if not _bad_break(words, earlier, marked):
            return earlier
    for later in range(end + 1, len(words)):
        if not _bad_break(words, later, marked):
            return later
    return len(words)


def _bad_break(words: Sequence[str], at: int, marked: bool) -> bool:
    """Whether the reader would start a new paragraph at a card starting with `words[at]`."""
    label = label_candidate(" ".join(words[at : at + 12]))
    if label is not None and (label.speaker is None or is_speaker_label(label.speaker, (), True)):
        return True
    # words[0] is the label; the reader counts the paragraph's words without it.
    return not marked and splits_paragraph(at - 1, words[at - 1])


def timestamp(ms: int) -> str:
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d},{millis:03d}"
