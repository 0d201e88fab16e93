"""Writes an episode as SubRip (`transcript.srt`), which sitegen's SRT reader reads back.

Owns the card layout: numbered cards, `HH:MM:SS,mmm` times, at most two lines of at most
LINE_WIDTH characters per card (a longer word stays whole), the paragraph's time shared out by
characters (times: captions.py). The first card of each paragraph starts with its speaker's
label, `Name: `, or `>> ` when the paragraph names nobody: that is what the reader takes as a
paragraph start (sitegen.readers.srt), so speakers and paragraphs survive the round trip.
SRT has no escapes: a text line that would read as a timing line gets a word joiner inside its
`-->` (TEXT_ARROW), which the reader takes out again.

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
from sitegen.exports.captions import (
    TimedParagraph,
    break_lines,
    cue_times,
    group_lines,
    line_ends,
    timed_paragraphs,
    wrap,
)
from sitegen.model import Episode
from sitegen.readers.cues import PARAGRAPH_MIN_WORDS, parse_timing
from sitegen.readers.srt import (
    TEXT_ARROW,
    UNNAMED_MARK,
    is_speaker_label,
    label_candidate,
    splits_paragraph,
)

LINE_WIDTH = 32
LINES_PER_CARD = 2
# Words from a card start that `_bad_break` shows the reader's label test (more than a label
# holds).
_LABEL_WINDOW = 12


def export_srt(
    episode: Episode, context: ExportContext, paragraphs: Sequence[TimedParagraph] | None = None
) -> str:
    """`paragraphs`: the episode's `timed_paragraphs`, when the caller has them already."""
    if paragraphs is None:
        paragraphs = timed_paragraphs(episode)
    # Labels mark paragraphs for the reader only when some speaker is labelled twice in a row.
    marked = any(a.speaker == b.speaker for a, b in pairwise(paragraphs))
    cards: list[str] = []  # each: number, times and text lines, each line ending in a newline
    for paragraph in paragraphs:
        label = UNNAMED_MARK if paragraph.speaker is None else f"{paragraph.speaker}:"
        text = f"{label} {paragraph.text}"
        texts = _layout(text, len(label), marked)
        # A card ends where the next starts: each time is written once and used twice.
        times = cue_times(paragraph.start, paragraph.end, texts, ",")
        if "-->" in text:  # a card holds one only if its paragraph does
            texts = [_no_timing(card) for card in texts]
        cards += [
            f"{number}\n{begin} --> {end}\n{card}\n"
            for number, ((begin, end), card) in enumerate(
                zip(pairwise(times), texts, strict=True), len(cards) + 1
            )
        ]
    return "\n".join(cards)  # a blank line between cards


def _no_timing(card: str) -> str:
    """The card's text lines, none of which reads as a timing line: one that would (a
    paragraph quoting `00:00:01,000 --> 00:00:09,000`) has its `-->` written as TEXT_ARROW,
    which the reader reads back as `-->`."""
    if "-->" not in card:
        return card
    lines = card.split("\n")
    for index, line in enumerate(lines):
        while parse_timing(line) is not None:
            line = line.replace("-->", TEXT_ARROW, 1)
        lines[index] = line
    return "\n".join(lines)


def _layout(text: str, label_end: int, marked: bool) -> list[str]:
    """A paragraph's cards, `text` being its label (which ends at `label_end`) and its words:
    the text of each, its lines joined by line breaks."""
    # Most paragraphs hold no `:` or `>>`: in a file that marks paragraphs no card start of
    # theirs can then be a bad break, and testing each would be most of the work.
    if marked and not _may_hold_label(text, label_end + 1):
        return group_lines(wrap(text, LINE_WIDTH, word_end=label_end), LINES_PER_CARD)
    lines = line_ends(text, 0, len(text), LINE_WIDTH, word_end=label_end)
    cuts = [0]  # where each card starts, then len(text) + 1
    ends: list[int] = []  # where each line ends
    # `lines` from `taken` on: the rest, filled from the last cut as if no boundary moved.
    taken = 0
    while taken < len(lines):
        card = lines[taken : taken + LINES_PER_CARD]
        taken += LINES_PER_CARD
        end = card[-1]
        if end < len(text) and _bad_break(text, end + 1, label_end, marked):
            end = _good_break(text, cuts[-1], end + 1, label_end, marked) - 1
            card = line_ends(text, cuts[-1], end, LINE_WIDTH, word_end=label_end)
            lines, taken = line_ends(text, end + 1, len(text), LINE_WIDTH), 0
        ends.extend(card)
        cuts.append(end + 1)
    # A card's text is whole lines: one slice of the text broken into lines.
    broken = break_lines(text, ends)
    return [broken[first : stop - 1] for first, stop in pairwise(cuts)]


def _good_break(text: str, first: int, at: int, label_end: int, marked: bool) -> int:
    """The start of the word nearest before `at` (in the card from `first`) where a card may
    start, else the nearest after it, else len(text) + 1 (the paragraph's end)."""
    earlier = at
    while True:
        earlier = text.rfind(" ", 0, earlier - 1) + 1
        if earlier <= max(first, label_end):  # not the card's first word, nor inside the label
            break
        if not _bad_break(text, earlier, label_end, marked):
            return earlier
    later = at
    while (later := text.find(" ", later) + 1) > 0:
        if not _bad_break(text, later, label_end, marked):
            return later
    return len(text) + 1


def _bad_break(text: str, at: int, label_end: int, marked: bool) -> bool:
    """Whether the reader would start a new paragraph at a card starting at offset `at` (a word
    after the label)."""
    if _may_be_label(text, at):
        window = " ".join(text[at:].split(" ", _LABEL_WINDOW)[:_LABEL_WINDOW])  # first words
        label = label_candidate(window)
        if label is not None and (
            label.speaker is None or is_speaker_label(label.speaker, (), True)
        ):
            return True
    if marked:
        return False
    # The reader counts the paragraph's words without the label; the word before `at` may be
    # the label (all of it, spaces and all).
    # Counted only as far as the reader's threshold: counting every word before each card
    # would make a paragraph of n words cost n².
    before = _count_up_to(text, label_end, at - 1, PARAGRAPH_MIN_WORDS)
    previous = text[text.rfind(" ", label_end, at - 1) + 1 : at - 1]
    return splits_paragraph(before, previous)


def _count_up_to(text: str, start: int, end: int, limit: int) -> int:
    """The spaces in text[start:end], counted up to `limit` (the number of spaces if fewer)."""
    count = 0
    at = start
    while count < limit and (at := text.find(" ", at, end)) >= 0:
        count += 1
        at += 1
    return count


def _may_be_label(text: str, at: int) -> bool:
    """Whether the words from `at` might start with a label: `label_candidate` finds `>>` or
    a name before a colon, nothing else, and most card starts have neither."""
    if text.startswith(UNNAMED_MARK, at):
        return True
    # A colon within the first _LABEL_WINDOW words; looked for only that far, so that a card
    # start costs the same in a paragraph whose next colon is megabytes away.
    window_end = at
    for _ in range(_LABEL_WINDOW):
        window_end = text.find(" ", window_end) + 1
        if window_end == 0:
            window_end = len(text)
            break
    return text.find(":", at, window_end) >= 0


def _may_hold_label(text: str, at: int) -> bool:
    """Whether some word from `at` on might start a label (see `_may_be_label`)."""
    return text.find(":", at) >= 0 or text.find(UNNAMED_MARK, at) >= 0
