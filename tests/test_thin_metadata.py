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
