"""Hypothesis strategies for generated transcripts, shared by the round-trip tests.

A generated episode looks like what readers produce: turns of one named speaker (names of one
to four capitalised words), paragraphs of ordinary words and punctuation, clocks that only go
forward (whole milliseconds, within a few hours). Texts hold the characters real transcripts
hold, including ones the formats must escape (`<`, `&`, `-->` style arrows, quotes, accents).
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

from sitegen.model import Episode, Metadata, Segment, Turn

FIRST_NAMES = ("Jon", "Ana", "Mei", "José", "Kwame", "Zoë", "O'Neil", "Anne-Marie")
LAST_NAMES = ("Krohn", "Smith", "van Wirdum", "Ng", "Müller", "Okafor")
WORDS = (
    "the", "data", "model", "episode", "we", "talked", "about", "Python", "it's", "really",
    "café", "naïve", "100%", "R&D", "<script>", "a<b", "x->y", "--", "\"quoted\"", "(laughs)",
    "2024", "9:30", "e.g.", "and", "so", "yeah", "right", "um", "GPU", "AT&T",
)  # fmt: skip
ENDINGS = (".", "?", "!", ",", "")


@st.composite
def speaker_names(draw: st.DrawFn) -> str:
    first = draw(st.sampled_from(FIRST_NAMES))
    if draw(st.booleans()):
        return f"{first} {draw(st.sampled_from(LAST_NAMES))}"
    return first


@st.composite
def paragraph_texts(draw: st.DrawFn) -> str:
    """One paragraph: 1 to 60 words, sentences ending in punctuation, no leading/trailing space."""
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=60))
    out: list[str] = []
    for i, word in enumerate(words):
        if i and draw(st.integers(0, 9)) == 0:
            out[-1] += draw(st.sampled_from(ENDINGS))
            word = word[:1].upper() + word[1:]
        out.append(word)
    out[-1] += draw(st.sampled_from((".", "?", "!")))
    return " ".join(out)


@st.composite
def episodes(draw: st.DrawFn, clocked: bool = True, unnamed: bool = False) -> Episode:
    """An episode of 1 to 8 turns by 1 to 4 speakers; `clocked`: every paragraph has a clock;
    `unnamed`: some turns may have no speaker (None), never two such turns in a row."""
    names: list[str | None] = list(
        draw(st.lists(speaker_names(), min_size=1, max_size=4, unique=True))
    )
    if unnamed:
        names.append(None)
    turn_count = draw(st.integers(1, 8))
    clock = draw(st.integers(0, 60_000))
    turns: list[Turn] = []
    previous: str | None = None
    line = 1
    for index in range(turn_count):
        choices = [n for n in names if n != previous or (n is None and index == 0)] or names
        speaker = draw(st.sampled_from(choices))
        segments: list[Segment] = []
        for _ in range(draw(st.integers(1, 3))):
            text = draw(paragraph_texts())
            start = clock if clocked else None
            clock += draw(st.integers(1_000, 120_000))
            end = clock if clocked else None
            segments.append(Segment(start, end, text, line))
            line += 1
        turns.append(Turn(speaker, tuple(segments)))
        previous = speaker
    number = draw(st.integers(1, 2000))
    meta = Metadata(title=f"Episode {number}", episode=number)
    return Episode(str(number), meta, tuple(turns), Path(f"{number}.txt"), "plaintext")
