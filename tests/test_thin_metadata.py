"""Pages when metadata is thin: titles from descriptive file names, in every naming style; a
title in metadata still wins."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.contexts import episode_label
from sitegen.readers import ReadResult, read_episode_text
from sitegen.readers.filenames import title_words

VTT = """WEBVTT

00:00:01.000 --> 00:00:04.000
Today: a Jupyter merge driver for git, built on nbdime.

00:00:05.000 --> 00:00:09.000
Jupyter notebooks are JSON, so git sees every change as noise.
"""


def read(name: str, text: str = VTT, sidecar: str | None = None) -> ReadResult:
    return read_episode_text(text, Path("content/episodes") / name, sidecar)


@pytest.mark.parametrize(
    ("name", "number", "title"),
    [
        # number-slug: the number stays the number, the words are the title
        ("300-a-jupyter-merge-driver-for-git.vtt", 300, "A Jupyter merge driver for git"),
        ("ep12-what-s-new.vtt", 12, "What's new"),
        ("409-we-ve-moved-to-hetzner-write-up-v2.vtt", 409, "We've moved to hetzner write up"),
        # slug only: the words are the title, the slug the key
        ("a-jupyter-merge-driver.vtt", None, "A Jupyter merge driver"),
        ("2024-05-31-merge-drivers.vtt", None, "Merge drivers"),
        ("podnews_weekly_review_2024-01-19.vtt", None, "Podnews weekly review"),
        # season and episode: the words after them (before them is the show's name)
        ("myshow-s02e05-merge-drivers.vtt", 5, "Merge drivers"),
        ("2x05-merge-drivers.vtt", 5, "Merge drivers"),
        ("8_5-merge-drivers.vtt", 5, "Merge drivers"),
        # a name written with capitals is kept as written
        ("Merge Drivers for GIT.vtt", None, "Merge Drivers for GIT"),
    ],
)
def test_title_from_a_descriptive_file_name(name: str, number: int | None, title: str) -> None:
    result = read(name)
    ep = result.episode
    assert ep is not None
    assert ep.number == number
    assert ep.title == title
    assert f'title "{title}" made from the file name "{name}"' in ep.derived


def test_the_number_is_kept_as_the_number() -> None:
    ep = read("300-a-jupyter-merge-driver-for-git.vtt").episode
    assert ep is not None
    assert ep.key == "300"
    assert episode_label(ep) == "Episode 300: A Jupyter merge driver for git"


@pytest.mark.parametrize(
    "name",
    [
        "300.vtt",
        "episode-300.vtt",
        "S02E05.vtt",
        "Season 2 Episode 5.vtt",
        "1_0.vtt",
        "10_20_2023.vtt",
        "1920x1080.vtt",
        "ship-it-10.vtt",  # the words before a trailing number name the series
    ],
)
def test_names_that_say_nothing_more_give_no_title(name: str) -> None:
    assert title_words(Path("content/episodes") / name) == ()


def test_a_transcript_md_is_titled_by_its_folder() -> None:
    words = title_words(Path("content/episodes/april-dunford/transcript.md"))
    assert words == ("april", "dunford")
    assert title_words(Path("transcript.vtt")) == ()


def test_a_title_in_front_matter_or_sidecar_wins() -> None:
    front = "---\ntitle: Merging notebooks\n---\n" + VTT
    ep = read("300-a-jupyter-merge-driver.vtt", front).episode
    assert ep is not None and ep.title == "Merging notebooks"
    assert not any(note.startswith("title") for note in ep.derived)
    ep = read("300-a-jupyter-merge-driver.vtt", sidecar="title: From the sidecar\n").episode
    assert ep is not None and ep.title == "From the sidecar"


def test_the_transcript_spells_the_words_not_a_sentence_start() -> None:
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nDrivers matter. We use drivers.\n"
    ep = read("7-drivers-matter.vtt", text).episode
    assert ep is not None
    assert ep.title == "Drivers matter"  # "Drivers" only ever starts a sentence


def test_a_twin_with_a_written_title_beats_a_title_from_a_name(tmp_path: Path) -> None:
    episodes = tmp_path / "content" / "episodes"
    episodes.mkdir(parents=True)
    (episodes / "300-a-jupyter-merge-driver.vtt").write_text(VTT, encoding="utf-8")
    # The show notes beside it have the title; the transcript (the winner) has none.
    notes = "---\ntitle: Merging notebooks\n---\nNotes.\n"
    (episodes / "300-a-jupyter-merge-driver.md").write_text(notes, encoding="utf-8")
    result = build(tmp_path, out_dir=tmp_path / "_site")
    (ep,) = result.archive.episodes
    assert ep.title == "Merging notebooks"
    assert not any(note.startswith("title") for note in ep.derived)


# -- markers are not speakers ---------------------------------------------------------------------

CHANGELOG = """**Jingle:** \\[00:00\\] This is Ship It!

**Gerhard Lazu:** \\[00:12\\] Welcome to the show.

**Break:** \\[22:13\\]

**Gerhard Lazu:** \\[22:40\\] So in this landscape we have Cosign.

**Break**: \\[30:00\\]

**Ana Ng:** \\[30:05\\] Thanks for having me.
"""

VTT_JINGLE = """WEBVTT

00:00:00.000 --> 00:00:04.000
<v Jingle>The last word in podcasting news.

00:00:04.000 --> 00:00:08.000
<v Sam Sethi>And I'm Sam Sethi.
"""

JSON_JINGLES = (
    '{"version": "1.0.0", "segments": ['
    '{"speaker": "Jingles", "startTime": 4.2, "endTime": 8.3, "body": "The last word in"},'
    '{"speaker": "Jingles", "startTime": 4.2, "endTime": 8.3, "body": "podcasting news."},'
    '{"speaker": "James C", "startTime": 14.0, "endTime": 16.0, "body": "I\'m James."}]}'
)


@pytest.mark.parametrize(
    ("name", "text", "speakers", "kept"),
    [
        ("ship-it-1.md", CHANGELOG, ("Gerhard Lazu", "Ana Ng"), "Jingle: This is Ship It!"),
        ("1.vtt", VTT_JINGLE, ("Sam Sethi",), "Jingle: The last word in podcasting news."),
        ("1.json", JSON_JINGLES, ("James C",), "Jingles: The last word in podcasting news."),
    ],
)
def test_jingles_and_breaks_are_markers_not_speakers(
    name: str, text: str, speakers: tuple[str, ...], kept: str
) -> None:
    ep = read(name, text).episode
    assert ep is not None
    assert ep.speakers == speakers
    unspoken = " ".join(s.text for t in ep.turns if t.speaker is None for s in t.segments)
    assert unspoken.startswith(kept)  # the marker's text stays, its label first


def test_a_break_keeps_its_place_and_its_clock() -> None:
    ep = read("ship-it-1.md", CHANGELOG).episode
    assert ep is not None
    order = [(t.speaker, s.start, s.text[:8]) for t in ep.turns for s in t.segments]
    assert order == [
        (None, 0, "Jingle: "),
        ("Gerhard Lazu", 12_000, "Welcome "),
        (None, 1_333_000, "Break"),
        ("Gerhard Lazu", 1_360_000, "So in th"),
        (None, 1_800_000, "Break"),
        ("Ana Ng", 1_805_000, "Thanks f"),
    ]


def test_markers_have_no_speaker_page_and_no_talk_time(tmp_path: Path) -> None:
    episodes = tmp_path / "content" / "episodes"
    episodes.mkdir(parents=True)
    (episodes / "ship-it-1.md").write_text(CHANGELOG, encoding="utf-8")
    (episodes / "ship-it-2.md").write_text(CHANGELOG, encoding="utf-8")
    (episodes / "7.json").write_text(JSON_JINGLES, encoding="utf-8")
    result = build(tmp_path, out_dir=tmp_path / "_site")
    assert set(result.archive.speakers) == {"Gerhard Lazu", "Ana Ng", "James C"}
    site = tmp_path / "_site"
    assert sorted(p.name for p in (site / "speakers").iterdir() if p.is_dir()) == [
        "ana-ng",
        "gerhard-lazu",
        "james-c",
    ]
    page = (site / "speakers" / "index.html").read_text(encoding="utf-8")
    assert "Jingle" not in page and "Break" not in page
    episode = (site / "episodes" / "7" / "index.html").read_text(encoding="utf-8")
    assert "Jingles: The last word in" in episode


# -- captions without speakers: paragraphs where people change -----------------------------------


def vtt(*cues: tuple[str, str, str]) -> str:
    blocks = [f"00:{a}.000 --> 00:{b}.000\n{text}" for a, b, text in cues]
    return "WEBVTT\n\n" + "\n\n".join(blocks) + "\n"


def paragraphs(text: str) -> list[str]:
    ep = read("intro.vtt", text).episode
    assert ep is not None
    assert ep.speakers == ()
    return [s.text for _t, s in ep.segments()]


def test_introductions_of_three_people_are_three_paragraphs() -> None:
    text = vtt(
        ("00:00", "00:05", "Hello and welcome to Python Bytes. I'm Michael Kennedy."),
        ("00:05", "00:06", "And I'm Brian Okken."),
        ("00:06", "00:08", "Hi, I'm Falko Schindler, from Zauberzeug."),
        ("00:08", "00:12", "I program robots."),
    )
    assert paragraphs(text) == [
        "Hello and welcome to Python Bytes. I'm Michael Kennedy.",
        "And I'm Brian Okken.",
        "Hi, I'm Falko Schindler, from Zauberzeug. I program robots.",
    ]


def test_an_answer_after_a_question_starts_a_paragraph() -> None:
    text = vtt(
        ("00:00", "00:03", "Falko, you want to go first? Tell us about yourself."),
        ("00:03", "00:05", "Yeah, I'm Falko Schindler."),
        ("00:05", "00:07", "Did you use Python before?"),
        ("00:07", "00:09", "Yes, since 2012."),
        ("00:09", "00:11", "So why Python? It reads well."),
    )
    assert paragraphs(text) == [
        "Falko, you want to go first? Tell us about yourself.",
        "Yeah, I'm Falko Schindler. Did you use Python before?",  # nothing says who asks
        "Yes, since 2012. So why Python? It reads well.",  # a question its asker answers
    ]


def test_speaker_change_marks_start_paragraphs_and_are_no_text() -> None:
    text = vtt(
        ("00:00", "00:03", "We built a deploy tool."),
        ("00:03", "00:05", ">> I really appreciate that."),
        ("00:05", "00:07", "- Yeah.\n- And so we built it."),
        ("00:07", "00:09", ">>> New topic: releases."),
    )
    assert paragraphs(text) == [
        "We built a deploy tool.",
        "I really appreciate that.",
        "Yeah.",
        "And so we built it. >>> New topic: releases.",  # `>>>` is text, not a change
    ]


def test_a_long_pause_ends_a_paragraph_at_a_sentence_end() -> None:
    text = vtt(
        ("00:00", "00:02", "That was the first part."),
        ("00:05", "00:07", "Now the second part."),
        ("00:07", "00:08", "It goes on."),
    )
    assert paragraphs(text) == ["That was the first part.", "Now the second part. It goes on."]


def test_a_named_transcript_is_not_split_by_these_guesses() -> None:
    text = vtt(
        ("00:00", "00:02", "<v Ann>Did you use Python before?"),
        ("00:02", "00:04", "Yes, and I'm Ann by the way."),
    )
    ep = read("named.vtt", text).episode
    assert ep is not None
    assert [(t.speaker, len(t.segments)) for t in ep.turns] == [("Ann", 1)]


def test_no_word_of_a_speakerless_caption_file_is_lost() -> None:
    text = vtt(
        ("00:00", "00:03", "- Awesome, what tech were you using before?"),
        ("00:03", "00:05", "- I used MATLAB.\nAnd Pascal."),
    )
    said = "Awesome, what tech were you using before? I used MATLAB. And Pascal."
    assert " ".join(paragraphs(text)) == said


def test_what_only_sounds_like_an_introduction_does_not_split() -> None:
    text = vtt(
        ("00:00", "00:02", "We tried it."),
        ("00:02", "00:04", "I'm not sure it worked."),
        ("00:04", "00:06", "This is Talk Python To Me."),
    )
    assert paragraphs(text) == ["We tried it. I'm not sure it worked. This is Talk Python To Me."]
