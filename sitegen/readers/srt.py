"""Reads SubRip (`.srt`) transcripts: numbered cards in, turns out (via cues.py).

Owns the SRT card grammar and its speaker labels. A card is an optional number line, a timing
line `00:00:01,000 --> 00:00:04,000` (comma or dot before the milliseconds), and lines of text;
missing numbers and extra blank lines are tolerated. Formatting tags (`<i>`, `<b>`, `<u>`,
`<font …>`) and `{\\an8}`-style position codes are dropped.

Speakers. A card whose text starts with `Name:` starts that speaker's turn, and the speaker
carries forward to the following cards until the next label. A label is a name, not prose
(`is_speaker_label`): at most four words, each capitalised (or a number, or a particle like
`van`, `de`), no sentence punctuation, not a prose label like `Note:`; or several such names
joined by `&`/`and` (`Ann & Bo: (laughs)`); or, when it starts two cards or more, any
capitalised label without sentence punctuation or the little words of prose; or a name the
front matter or sidecar lists. So `Note: this is…` and `So here's the thing: we…` stay text.
A card starting with `>>` (the captioning mark for a change of speaker) starts the turn of a
speaker the file does not name.

Paragraphs. A label (`Name:` or `>>`) always starts a paragraph, even for the speaker already
speaking. When some label does name the speaker already speaking, the file marks every
paragraph (sitegen writes SRT so): labels are then the only paragraph starts, and the cards
after a label continue its paragraph. When labels only mark speaker changes (Descript, Otter,
Rev), a turn is also split between two cards where a sentence ends, once its paragraph holds
PARAGRAPH_MIN_WORDS words (`splits_paragraph`); never inside a card, so that sitegen's export
of an episode whose every turn is one paragraph also survives the round trip (its exporter
ends no card with a sentence where that would split). A file without any label is merged into
paragraphs like other caption files (cues.py). Rolling captions lose their repeated lines
(`cues.rolling_overlaps`).

Bad input is read as far as it goes and reported, as in the WebVTT reader: a malformed timing
line or a card with none (text kept without a clock), text after a blank line with no card
number or timing (kept as part of the card before), a missing blank line between cards, a
file cut off after a timing line or a number, and cue timing problems.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.errors import Diagnostic, warning
from sitegen.readers.cues import (
    PARAGRAPH_MIN_WORDS,
    Cue,
    Timing,
    cues_to_turns,
    ends_sentence,
    parse_timing,
    rolling_overlaps,
)
from sitegen.readers.prefix import is_strong_name, looks_like_name
from sitegen.readers.turns import Transcript

# The `-->` of a text line that would read as a timing line (`00:00:01,000 --> 00:00:09,000
# were the times`), as sitegen's export writes it: with a word joiner (U+2060, invisible)
# before the `>`. SRT has no escapes; this is read back as `-->`.
TEXT_ARROW = "--\u2060>"
MAX_LABEL_WORDS = 4
# The captioning mark for "another speaker" (">>>" marks a new topic and is left as text).
UNNAMED_MARK = ">>"
_LABEL = re.compile(r"(?P<name>[^:\s][^:]{0,59}+):(?:[ \t]+|$)")
_UNNAMED = re.compile(r">>(?:[ \t]+|$)")
# Between the names of a label naming several speakers: `Ann & Bo`, `Ann, Bo, and Cy`.
_GROUP_SEPARATOR = re.compile(r",?[ \t]+(?:&|and)[ \t]+|,[ \t]*")
# Words of prose that no name holds: a repeated `Here's the thing:` is still no speaker.
_PROSE_WORDS = frozenset(
    {"the", "a", "an", "is", "are", "was", "were", "so", "but", "or", "to", "of", "in", "on"}
    | {"it", "that", "this", "what", "here's", "there's", "i", "we", "you", "my", "our", "if"}
)
_CLOCKISH = re.compile(r"[ \t]*\d+:\d\d")
_NUMBER = re.compile(r"[ \t]*[0-9]{1,9}[ \t]*")
_MALFORMED = (
    "card timing line is not `start --> end` (like 00:01:02,500 --> 00:01:04,000);"
    " its text is kept without a clock"
)
# SRT has no escapes, so only the tags players know are formatting: `a<b` and `<script>` are text.
_FORMATTING = re.compile(r"</?[ibu]>|<font[ \t][^<>\n]*>|</font>|\{\\[^{}\n]*\}", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\n\r\f\v]+")


def read_srt(
    body: str, path: Path, first_line: int = 1, known_speakers: Iterable[str] = ()
) -> Transcript:
    """Turns of the transcript body whose first line is file line `first_line`."""
    parser = _Parser(body.split("\n"), path, first_line)
    cards = parser.parse()
    texts = [_FORMATTING.sub("", "\n".join(card.lines)) for card in cards]
    texts = [text.replace(TEXT_ARROW, "-->") if "\u2060" in text else text for text in texts]
    drops = rolling_overlaps(texts)
    flat = [_SPACES.sub(" ", text[drop:]).strip() for text, drop in zip(texts, drops, strict=True)]
    known = frozenset(known_speakers)
    candidates = [label_candidate(text) for text in flat]
    counts = Counter(label.speaker for label in candidates if label is not None)
    labels = [
        None
        if label is not None
        and label.speaker is not None
        and not is_speaker_label(label.speaker, known, counts[label.speaker] >= 2)
        else label
        for label in candidates
    ]
    mode = _paragraph_mode(labels)
    cues: list[Cue] = []
    speaker: str | None = None
    words = 0  # in the open paragraph
    previous = ""  # text of the card before
    labelled = False  # a label was seen and its paragraph has no text yet
    for card, text, label in zip(cards, flat, labels, strict=True):
        if label is not None:
            speaker, text = label.speaker, label.rest
            labelled = True
        if not text:
            continue
        starts = labelled or (mode == _CHANGES and splits_paragraph(words, previous))
        labelled = False
        words = (0 if starts else words) + len(text.split())
        previous = text
        start, end = (card.timing.start, card.timing.end) if card.timing else (None, None)
        cues.append(Cue(start, end, speaker, text, card.line, card.source, starts))
    # The reader carries speakers itself: after `>>` nobody speaks, which carrying would undo.
    turns, problems = cues_to_turns(
        cues,
        path,
        carry_speaker=False,
        marked_paragraphs=mode != _UNLABELLED,
        report_overlaps=not any(drops),
        unit="card",
    )
    return Transcript(turns, "", (*parser.diagnostics, *problems))


# How a file marks its paragraphs (see the module docstring).
_PARAGRAPHS, _CHANGES, _UNLABELLED = "paragraphs", "changes", "unlabelled"
_NOBODY_YET = object()  # a speaker no label names


def _paragraph_mode(labels: list[Label | None]) -> str:
    """`paragraphs` when some label names the speaker already speaking (labels mark every
    paragraph), `changes` when labels only mark speaker changes, else `unlabelled`."""
    speaking: object = _NOBODY_YET
    for label in labels:
        if label is not None:
            if label.speaker == speaking:
                return _PARAGRAPHS
            speaking = label.speaker
    return _UNLABELLED if speaking is _NOBODY_YET else _CHANGES


def splits_paragraph(words: int, previous: str) -> bool:
    """In a file whose labels mark only speaker changes: whether an unlabelled card starts a
    new paragraph, after a paragraph of `words` words whose last card's text is `previous`.
    The SRT exporter asks the same question to keep its paragraphs whole."""
    return words >= PARAGRAPH_MIN_WORDS and ends_sentence(previous)


@dataclass(frozen=True, slots=True)
class Label:
    """A card's speaker label: who speaks (None after `>>`) and the text after the label."""

    speaker: str | None
    rest: str


def label_candidate(text: str) -> Label | None:
    """The label-shaped start of a card's text (lines joined by spaces): `>>`, or `Words:`
    (which `is_speaker_label` must still accept as a name)."""
    if text.startswith(UNNAMED_MARK):
        unnamed = _UNNAMED.match(text)
        return None if unnamed is None else Label(None, text[unnamed.end() :])
    if ":" not in text[:61]:
        return None
    match = _LABEL.match(text)
    if match is None:
        return None
    return Label(match["name"].strip(), text[match.end() :])


def card_label(
    text: str, known: frozenset[str] = frozenset(), repeated: frozenset[str] = frozenset()
) -> Label | None:
    """The speaker label a card's text starts with, if any (see `is_speaker_label`)."""
    label = label_candidate(text)
    if label is None or label.speaker is None:
        return label
    accepted = is_speaker_label(label.speaker, known, label.speaker in repeated)
    return label if accepted else None


def is_speaker_label(name: str, known: Iterable[str] = (), repeated: bool = False) -> bool:
    """Whether `name:` at the start of a card names who speaks. Yes for a name the metadata
    lists; for a name (MAX_LABEL_WORDS words at most, shaped as `looks_like_name` says) or
    several (`Ann Lee & Bo Ng`, `Ann, Bo, and Cy`); and, when the same label starts two cards
    or more (`repeated`), for a capitalised label with no sentence punctuation and none of the
    little words of prose (`Rich lannone`, `Paul Frazee✌`, but not `Here's the thing`)."""
    if name in known:
        return True
    # Several names only with an `&` or `and` before the last: `Python, Rust` is no group.
    group = "&" in name or " and " in name
    parts = _GROUP_SEPARATOR.split(name) if group else [name]
    if all(len(part.split()) <= MAX_LABEL_WORDS and looks_like_name(part) for part in parts):
        return True
    if not repeated or not name[:1].isupper() or not is_strong_name(name):
        return False
    return len(name.split()) <= MAX_LABEL_WORDS and _PROSE_WORDS.isdisjoint(name.casefold().split())


@dataclass(slots=True)
class _Card:
    timing: Timing | None
    line: int  # file line of the timing line (or of the first text line when there is none)
    source: str
    number: int | None = None  # from the card's number line
    lines: list[str] = field(default_factory=list)


class _Parser:
    def __init__(self, lines: list[str], path: Path, first_line: int) -> None:
        self.lines = lines
        self.path = path
        self.first_line = first_line
        self.diagnostics: list[Diagnostic] = []
        self.cards: list[_Card] = []

    def warn(self, index: int, message: str) -> None:
        line = self.lines[index] if index < len(self.lines) else None
        self.diagnostics.append(warning(self.path, self.first_line + index, message, line))

    def parse(self) -> list[_Card]:
        lines = self.lines
        card: _Card | None = None
        after_blank = True  # the next line starts a new block
        number_at: int | None = None  # a card number line waiting for its timing line
        for index, line in enumerate(lines):
            if not line.strip():
                after_blank = True
                continue
            timing = parse_timing(line) if "-->" in line else None
            if timing is not None:
                if card is not None and not after_blank and number_at is None:
                    self.warn(
                        index, "no blank line before this card's timing line; read as a new card"
                    )
                    if card.lines and _NUMBER.fullmatch(card.lines[-1]):
                        card.lines.pop()  # that was this card's number
                        number_at = index - 1
                card = self._card(timing, index, number_at)
            elif number_at is not None:
                # The line after a card number must be its timing line.
                if _CLOCKISH.match(line) or "-->" in line:
                    self.warn(index, _MALFORMED)
                    card = self._card(None, index, number_at)
                else:
                    self.warn(
                        number_at, "card has no timing line; its text is kept without a clock"
                    )
                    card = self._card(None, index, number_at)
                    card.lines.append(line)
            elif after_blank and _NUMBER.fullmatch(line) and self._is_number(index, card):
                number_at = index
                continue
            elif after_blank and _CLOCKISH.match(line):
                self.warn(index, _MALFORMED)
                card = self._card(None, index, None)
            elif card is None:
                self.warn(index, "text with no card timing line before it; kept without a clock")
                card = self._card(None, index, None)
                card.lines.append(line)
            else:
                if after_blank and card.lines:
                    self.warn(
                        index,
                        "text after a blank line with no card number or timing;"
                        " read as part of the card before",
                    )
                card.lines.append(line)
            number_at, after_blank = None, False
        self._check_end(number_at)
        return self.cards

    def _card(self, timing: Timing | None, index: int, number_at: int | None) -> _Card:
        number = int(self.lines[number_at]) if number_at is not None else None
        card = _Card(timing, self.first_line + index, self.lines[index], number)
        self.cards.append(card)
        return card

    def _is_number(self, index: int, card: _Card | None) -> bool:
        """Whether a line of digits after a blank line numbers a card rather than being text:
        a (perhaps broken) timing line or the end of the file follows, or it counts on from
        the card before (`4` after card 3, whose timing line is then missing)."""
        if (
            card is not None
            and card.number is not None
            and int(self.lines[index]) == card.number + 1
        ):
            return True  # (`int` takes the spaces around the digits)
        for ahead in range(index + 1, len(self.lines)):
            line = self.lines[ahead]
            if line.strip():
                return "-->" in line or _CLOCKISH.match(line) is not None
        return True

    def _check_end(self, number_at: int | None) -> None:
        if number_at is not None:
            self.warn(number_at, "the file ends after a card number (is it cut off?)")
        if not self.cards:
            return
        last = self.cards[-1]
        if last.timing is not None and not any(line.strip() for line in last.lines):
            self.warn(
                last.line - self.first_line, "the last card has no text (is the file cut off?)"
            )
