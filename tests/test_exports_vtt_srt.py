"""The WebVTT and SRT downloads: exact files for a small episode (header, identifiers, voices,
escaping, labels, timing), and the layout rules for any episode (line and card limits)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.exports import ExportContext
from sitegen.exports.captions import timed_paragraphs
from sitegen.exports.srt import export_srt
from sitegen.exports.webvtt import export_vtt
from sitegen.model import Episode, Metadata, Segment, Turn
from sitegen.readers.srt import card_label
from sitegen.talktime import estimate_ms

from .strategies import episodes

CONTEXT = ExportContext("Super Data Science", "https://example.com/episodes/920/", "en")
LONG = (
    "This paragraph is long enough to need more than one cue, because a cue holds two lines"
    " of at most sixty-five characters & no more <3. It goes on."
)


def sample() -> Episode:
    turns = (
        Turn("Jon Krohn", (Segment(0, None, LONG, 1), Segment(16_000, 20_500, "Second one.", 2))),
        Turn("Ann <Lee>", (Segment(20_500, None, "Same second --> as the one before?", 3),)),
        Turn(None, (Segment(None, None, "Music plays.", 4),)),
        Turn("Jon Krohn", (Segment(3_723_000, None, "Welcome back, an hour later.", 5),)),
    )
    meta = Metadata(title="In Case You Missed It", episode=920, date=datetime.date(2025, 9, 1))
    return Episode("920", meta, turns, Path("920.txt"), "plaintext")


def test_vtt_file_for_a_small_episode() -> None:
    assert export_vtt(sample(), CONTEXT) == (
        "WEBVTT\n"
        "\n"
        "NOTE\n"
        "Show: Super Data Science\n"
        "Episode: 920 \u2014 In Case You Missed It\n"
        "Date: 2025-09-01\n"
        "Language: en\n"
        "Page: https://example.com/episodes/920/\n"
        "\n"
        "t=00:00\n"
        "00:00:00.000 --> 00:00:14.246\n"
        "<v Jon Krohn>This paragraph is long enough to need more than one cue, because\n"
        "a cue holds two lines of at most sixty-five characters &amp; no more\n"
        "\n"
        # A continuation cue: no identifier; its time shared out by characters.
        "00:00:14.246 --> 00:00:16.000\n"
        "<v Jon Krohn>&lt;3. It goes on.\n"
        "\n"
        "t=00:16\n"
        "00:00:16.000 --> 00:00:20.500\n"
        "<v Jon Krohn>Second one.\n"
        "\n"
        "t=00:20\n"
        "00:00:20.500 --> 00:00:23.209\n"  # seven words at 155 a minute
        "<v Ann &lt;Lee&gt;>Same second --&gt; as the one before?\n"
        "\n"
        # No clock: the paragraph follows the one before at the speaking rate; no voice. Its
        # identifier is its anchor on the page, whose time is the JSON download's estimate
        # (the stretch to 1:02:03 shared by words: 2 of 9), not the cue's.
        "t=48:20\n"
        "00:00:23.209 --> 00:00:23.983\n"
        "Music plays.\n"
        "\n"
        "t=1:02:03\n"
        "01:02:03.000 --> 01:02:04.935\n"
        "<v Jon Krohn>Welcome back, an hour later.\n"
    )


def test_srt_file_for_a_small_episode() -> None:
    assert export_srt(sample(), CONTEXT) == (
        "1\n"
        "00:00:00,000 --> 00:00:06,012\n"
        "Jon Krohn: This paragraph is\n"
        "long enough to need more than\n"
        "\n"
        "2\n"
        "00:00:06,012 --> 00:00:12,229\n"
        "one cue, because a cue holds two\n"
        "lines of at most sixty-five\n"
        "\n"
        "3\n"
        "00:00:12,229 --> 00:00:16,000\n"
        "characters & no more <3. It goes\n"
        "on.\n"
        "\n"
        "4\n"
        "00:00:16,000 --> 00:00:20,500\n"
        "Jon Krohn: Second one.\n"
        "\n"
        "5\n"
        "00:00:20,500 --> 00:00:23,209\n"
        "Ann <Lee>: Same second --> as\n"
        "the one before?\n"
        "\n"
        "6\n"
        "00:00:23,209 --> 00:00:23,983\n"
        ">> Music plays.\n"
        "\n"
        "7\n"
        "01:02:03,000 --> 01:02:04,935\n"
        "Jon Krohn: Welcome back, an hour\n"
        "later.\n"
    )


def paragraph_episode(*segments: Segment, speaker: str | None = "Ann") -> Episode:
    return Episode("1", Metadata(), (Turn(speaker, segments),), Path("1.txt"), "plaintext")


def test_paragraph_times_follow_the_clocks_and_the_speaking_rate() -> None:
    ep = paragraph_episode(
        Segment(None, None, "Before any clock, five words.", 1),
        Segment(10_000, None, "Clocked.", 2),
        Segment(None, None, "One.", 3),
        Segment(None, None, "Two three four.", 4),
        Segment(20_000, 25_000, "Has an end.", 5),
        Segment(30_000, None, "Ends where the next one starts.", 6),
        Segment(40_000, None, " ".join(["many"] * 155), 7),  # a minute of words …
        Segment(None, None, " ".join(["more"] * 155), 8),
        Segment(70_000, None, "… squeezed into half.", 9),
        Segment(80_000, None, "Last, so its words set its length.", 10),
    )
    assert [(p.start, p.end, p.anchor) for p in timed_paragraphs(ep)] == [
        (0, estimate_ms(5), "t=00:00"),
        (10_000, 10_000 + estimate_ms(1), "t=00:10"),
        # Anchors of paragraphs without a clock are the page's (sitegen.moments): the stretch
        # shared by words, 2 s a word here, while a cue follows the one before it.
        (10_000 + estimate_ms(1), 10_000 + estimate_ms(2), "t=00:12"),
        (10_000 + estimate_ms(2), 10_000 + estimate_ms(5), "t=00:14"),
        (20_000, 25_000, "t=00:20"),
        (30_000, 40_000, "t=00:30"),
        (40_000, 55_000, "t=00:40"),
        (55_000, 70_000, "t=00:55"),
        (70_000, 80_000, "t=01:10"),
        (80_000, 80_000 + estimate_ms(7), "t=01:20"),
    ]


def test_paragraphs_without_text_are_left_out_but_keep_their_anchor_numbers() -> None:
    ep = paragraph_episode(Segment(None, None, "  ", 1), Segment(None, None, "Text.", 2))
    assert [(p.anchor, p.words) for p in timed_paragraphs(ep)] == [("p1", ("Text.",))]


def test_srt_continuation_cards_never_start_like_a_label() -> None:
    # Filled greedily, the second card would start `Smith: yes`, or moved back one word,
    # `Jon Smith: yes`: both read as a speaker's label.
    words = "So I said to them and then I said it again and then Jon Smith: yes we can and we will"
    ep = paragraph_episode(Segment(0, 10_000, words, 1))
    cards = [block.split("\n", 2)[2] for block in export_srt(ep, CONTEXT).split("\n\n")]
    assert cards == [
        "Ann: So I said to them and then\nI said it again and",
        "then Jon Smith: yes we can and\nwe will\n",
    ]


def test_srt_paragraphs_stay_whole_when_labels_mark_only_speaker_changes() -> None:
    # Every turn one paragraph, so the reader splits at card ends that end a sentence once a
    # paragraph is long: the exporter ends no card with a sentence past that point.
    sentence = "Here is a sentence of eight words. "
    ep = Episode(
        "1",
        Metadata(),
        (
            Turn("Ann", (Segment(0, 60_000, (sentence * 12).strip(), 1),)),
            Turn("Bo", (Segment(60_000, 61_000, "Hi.", 2),)),
        ),
        Path("1.txt"),
        "plaintext",
    )
    blocks = export_srt(ep, CONTEXT).strip().split("\n\n")
    texts = [" ".join(block.split("\n")[2:]) for block in blocks]
    words_before = 0
    for text in texts[:-2]:
        words_before += len(text.split())
        assert words_before < 41 or not text.endswith("."), texts


_TIMING = re.compile(r"\d\d:\d\d:\d\d[.,]\d{3} --> \d\d:\d\d:\d\d[.,]\d{3}")


@settings(max_examples=150, deadline=None)
@given(episodes(unnamed=True), st.sampled_from(["vtt", "srt"]))
def test_caption_lines_and_cues_keep_their_limits(ep: Episode, fmt: str) -> None:
    text = export_vtt(ep, CONTEXT) if fmt == "vtt" else export_srt(ep, CONTEXT)
    width, body = (65, text.split("\n\n", 2)[2]) if fmt == "vtt" else (32, text)
    for block in body.strip("\n").split("\n\n"):
        lines = block.split("\n")
        timing = next(i for i, line in enumerate(lines) if _TIMING.fullmatch(line))
        cue_lines = lines[timing + 1 :]
        assert 1 <= len(cue_lines) <= 2, block
        for line in cue_lines:
            visible = re.sub(r"^<v [^>]*>", "", line)
            if fmt == "vtt":
                visible = visible.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
            assert len(visible) <= width or " " not in visible, line


@settings(max_examples=100, deadline=None)
@given(episodes(unnamed=True))
def test_every_srt_paragraph_starts_with_its_label_and_only_there(ep: Episode) -> None:
    paragraphs = [(turn.speaker, segment) for turn in ep.turns for segment in turn.segments]
    blocks = export_srt(ep, CONTEXT).strip("\n").split("\n\n")
    labels = [card_label(" ".join(block.split("\n")[2:])) for block in blocks]
    speakers = [label.speaker for label in labels if label is not None]
    assert speakers == [speaker for speaker, _segment in paragraphs]
