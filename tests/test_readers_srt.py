"""SRT reader: cards, speaker labels and their heuristics, `>>`, how labels mark paragraphs,
sloppy files, broken files (exact messages), and the SRT files of the corpus (every word kept,
in order; sensible turns)."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest

from sitegen.model import Episode
from sitegen.readers import ReadResult, read_episode_file, read_episode_text
from sitegen.readers.cues import PARAGRAPH_MIN_WORDS
from sitegen.readers.srt import card_label, is_speaker_label, read_srt

from .conftest import CORPUS, require_shared

Shape = list[tuple[str | None, list[tuple[int | None, int | None, str]]]]


def read(text: str, name: str = "12.srt") -> ReadResult:
    return read_episode_text(text, Path(name))


def episode(text: str, name: str = "12.srt") -> Episode:
    result = read(text, name)
    assert result.episode is not None, result.diagnostics
    return result.episode


def shape(ep: Episode) -> Shape:
    return [(t.speaker, [(s.start, s.end, s.text) for s in t.segments]) for t in ep.turns]


def messages(result: ReadResult) -> list[str]:
    return [d.format().splitlines()[0] for d in result.diagnostics]


def srt(*cards: str, start: int = 0, step: int = 2) -> str:
    """Numbered cards of `step` seconds each from `start` seconds."""
    out = []
    for number, text in enumerate(cards, 1):
        a = start + (number - 1) * step
        out.append(f"{number}\n00:00:{a:02d},000 --> 00:00:{a + step:02d},000\n{text}\n")
    return "\n".join(out)


def test_cards_with_labels_read_to_turns() -> None:
    text = srt(
        "Alban: It is so nice to\nlike, show up and record this",
        "show. And Travis has put\ntogether an outline.",
        "Kevin: You guys remember?",
        "Alban: I never said that.",
    )
    result = read(text)
    assert result.diagnostics == ()
    assert result.episode is not None and result.episode.format == "srt"
    assert shape(result.episode) == [
        (
            "Alban",
            [(0, 4000, "It is so nice to like, show up and record this show. And Travis has put"
              " together an outline.")],
        ),
        ("Kevin", [(4000, 6000, "You guys remember?")]),
        ("Alban", [(6000, 8000, "I never said that.")]),
    ]  # fmt: skip


def test_sloppy_cards_are_read_without_complaint() -> None:
    # No numbers, dot milliseconds, extra blank lines, formatting tags, position codes.
    text = (
        "\n\n00:00:01.000 --> 00:00:02.500\n{\\an8}<i>Ann Lee:</i> Hello\n\n\n\n"
        '7\n\n00:00:02.500 --> 00:00:04.000 X1:100 X2:200\n<font color="#fff">there</font>,'
        " <b>friends</b>.\n"
    )
    result = read(text)
    assert result.diagnostics == ()
    assert result.episode is not None
    assert shape(result.episode) == [("Ann Lee", [(1000, 4000, "Hello there, friends.")])]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Aaron van Wirdum: so", "Aaron van Wirdum"),
        ("Speaker 2: so", "Speaker 2"),
        ("SPEAKER_1: so", "SPEAKER_1"),
        ("Dr. Jane Smith: so", "Dr. Jane Smith"),
        ("O'Neil: so", "O'Neil"),
        ("Ann Lee & Bo Ng: (laughs)", "Ann Lee & Bo Ng"),
        ("Ann, Bo, and Cy Dee: yes", "Ann, Bo, and Cy Dee"),
        ("Note: this is", None),
        ("So here's the thing: we", None),
        ("Anna Maria Van Der Berg: hi", None),  # five words
        ("the host: hi", None),
        ("Python, Rust: both", None),
        ("https://example.com: a link", None),
        ("10:30 is the time", None),
        ("Ann:no space", None),
    ],
)
def test_which_labels_name_a_speaker(text: str, speaker: str | None) -> None:
    label = card_label(text)
    assert (label.speaker if label is not None else None) == speaker


def test_an_odd_label_counts_once_repeated_or_listed_but_prose_never() -> None:
    assert not is_speaker_label("Rich lannone")
    assert is_speaker_label("Rich lannone", repeated=True)
    assert is_speaker_label("bell hooks", known=["bell hooks"])
    assert not is_speaker_label("Here's the thing", repeated=True)
    assert not is_speaker_label("So the answer is", repeated=True)


def test_a_listed_name_is_a_label_as_written() -> None:
    text = srt("bell hooks: Hello.", "More words.")
    assert read_srt(text, Path("x.srt")).turns[0].speaker is None
    turns = read_srt(text, Path("x.srt"), known_speakers=["bell hooks"]).turns
    assert [t.speaker for t in turns] == ["bell hooks"]


def test_double_chevrons_start_an_unnamed_speaker() -> None:
    text = srt("Ann: Hello.", ">> Who is that?", "Ann: Never mind.", ">> Jon: stays text.")
    assert shape(episode(text)) == [
        ("Ann", [(0, 2000, "Hello.")]),
        (None, [(2000, 4000, "Who is that?")]),
        ("Ann", [(4000, 6000, "Never mind.")]),
        (None, [(6000, 8000, "Jon: stays text.")]),
    ]


def test_labels_that_only_mark_speaker_changes_leave_paragraphs_to_sentence_ends() -> None:
    first = " ".join(["word"] * (PARAGRAPH_MIN_WORDS - 1)) + " end."
    text = srt(f"Ann: {first}", "Next sentence, new paragraph", "still going.", "Bo: Hi.")
    assert shape(episode(text)) == [
        ("Ann", [(0, 2000, first), (2000, 6000, "Next sentence, new paragraph still going.")]),
        ("Bo", [(6000, 8000, "Hi.")]),
    ]


def test_a_file_labelling_one_speaker_twice_in_a_row_marks_every_paragraph() -> None:
    first = " ".join(["word"] * (PARAGRAPH_MIN_WORDS - 1)) + " end."
    text = srt(f"Ann: {first}", "Not a new paragraph.", "Ann: A new paragraph.", "Bo: Hi.")
    assert shape(episode(text)) == [
        ("Ann", [(0, 4000, f"{first} Not a new paragraph."), (4000, 6000, "A new paragraph.")]),
        ("Bo", [(6000, 8000, "Hi.")]),
    ]


def test_cards_without_labels_merge_like_captions() -> None:
    text = srt("So this is where", "we start.", "Short.", step=1)
    assert shape(episode(text)) == [(None, [(0, 3000, "So this is where we start. Short.")])]


def test_a_card_of_a_label_alone_starts_the_next_cards_paragraph() -> None:
    text = srt("Ann: One.", "Ann:", "Two.", "Three.")
    assert shape(episode(text)) == [("Ann", [(0, 2000, "One."), (4000, 8000, "Two. Three.")])]


def test_rolling_srt_captions_keep_every_word_once() -> None:
    lines = ["so here we go", "with rolling captions", "that repeat a line", "every card"]
    cards = [lines[0]] + [f"{a}\n{b}" for a, b in pairwise(lines)]
    assert shape(episode(srt(*cards, step=1))) == [
        (None, [(0, 4000, "so here we go with rolling captions that repeat a line every card")])
    ]


def test_a_number_glued_to_the_card_before_is_that_cards_number() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\nOne\n2\n00:00:02,000 --> 00:00:03,000\ntwo.\n"
    result = read(text)
    assert messages(result) == [
        "12.srt:5: warning: no blank line before this card's timing line; read as a new card"
    ]
    assert result.episode is not None
    assert shape(result.episode) == [(None, [(1000, 3000, "One two.")])]


def test_numbers_in_text_after_a_blank_line_stay_text() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\nThe year was\n\n1999\nand all was well.\n"
    result = read(text)
    assert messages(result) == [
        "12.srt:5: warning: text after a blank line with no card number or timing;"
        " read as part of the card before"
    ]
    assert result.episode is not None
    assert shape(result.episode) == [(None, [(1000, 2000, "The year was 1999 and all was well.")])]


# --- the corpus

_WORD = re.compile(r"[^\W_]+")
# A label as the corpus files write them (they are all name-shaped).
_LABEL = re.compile(r"^\s*[A-Z][\w'.-]*(?: [\w'.-]+){0,3}:\s")


def corpus_srts() -> list[Path]:
    return sorted(require_shared(CORPUS).glob("*/*.srt"))


def card_words(path: Path) -> list[str]:
    """Words of every card's text without its label, in file order."""
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    out: list[str] = []
    for block in text.split("\n\n"):
        lines = block.split("\n")
        for index, line in enumerate(lines):
            if "-->" in line:
                payload = _LABEL.sub(" ", "\n".join(lines[index + 1 :]))
                out.extend(word.lower() for word in _WORD.findall(payload))
                break
    return out


@pytest.mark.corpus
def test_every_corpus_srt_keeps_every_word_in_order() -> None:
    paths = corpus_srts()
    assert len(paths) == 2
    for path in paths:
        result = read_episode_file(path)
        assert result.diagnostics == (), path
        assert result.episode is not None and result.episode.format == "srt"
        got = [w.lower() for _t, s in result.episode.segments() for w in _WORD.findall(s.text)]
        assert got == card_words(path), path


@pytest.mark.corpus
def test_corpus_srt_speakers_and_paragraphs() -> None:
    folder = require_shared(CORPUS) / "pc20-samples"
    buzzcast = read_episode_file(folder / "buzzcast.srt").episode
    assert buzzcast is not None
    assert buzzcast.speakers == ("Alban", "Kevin", "Travis", "Tom", "Dave")
    # Labels mark speaker changes only, so long turns are split where a card ends a sentence
    # (Descript breaks cards at a fixed width, so that is not often: 51 paragraphs, not 34).
    assert (len(buzzcast.turns), len(buzzcast.segments())) == (34, 51)
    episode_124 = read_episode_file(folder / "podcasting_20_episode_124.srt").episode
    assert episode_124 is not None
    assert episode_124.speakers == ("Adam Curry", "Unknown", "Dave Jones")
    first = episode_124.turns[0].segments[0].text
    # `Mr.` at the end of a card does not end the sentence: the name stays with it.
    assert first.endswith("Ladies and gentlemen, Mr. Dave Jones.")
