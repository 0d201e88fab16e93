"""Twin files of one episode become one episode: the richest transcript, with the others' notes
and metadata, and a note saying which file was used."""

from __future__ import annotations

import datetime
from dataclasses import fields
from pathlib import Path

import pytest

from sitegen.errors import warning
from sitegen.merge import merge_twins, twin_key
from sitegen.model import Episode, Metadata, Segment, Turn
from sitegen.readers import ReadResult

EPISODES = Path("content/episodes")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("920.txt", "920.vtt"),
        ("920.vtt", "920.md"),
        ("bookbytes-010.json", "bookbytes-010.txt"),
        ("BookBytes-035.json", "bookbytes-035.txt"),
        ("about-taproot.md", "about-taproot.vtt"),
    ],
)
def test_files_of_one_episode_share_a_key(a: str, b: str) -> None:
    assert twin_key(EPISODES / a) == twin_key(EPISODES / b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("920.txt", "921.txt"),
        # The same number in two names is two transcripts: the build reports the clash and
        # publishes both (tests/test_identity.py), rather than keep one and drop the other.
        ("episode-920.txt", "920.vtt"),
        ("ep920-the-title.srt", "920.json"),
        ("551.vtt", "551-stroll-down-startup-lane-2026.vtt"),
        ("524-things-to-learn.vtt", "524-things-to-learn-no-names.vtt"),
        ("1_0.srt", "1_1.srt"),  # seasons: episodes 0 and 1 of season 1
        ("bookbytes-010.json", "weboftomorrow-010.json"),  # two shows in one folder
        ("taproot-activation-update.md", "taproot-activation-update.es.md"),  # a translation
        ("silent-payments.md", "silent-payments-part-2.md"),
        ("2020-01-28-pieter-wuille-part1.md", "2020-01-28-pieter-wuille-part2.md"),
    ],
)
def test_different_episodes_have_different_keys(a: str, b: str) -> None:
    assert twin_key(EPISODES / a) != twin_key(EPISODES / b)


def test_same_name_in_two_folders_is_two_episodes() -> None:
    assert twin_key(EPISODES / "a" / "920.txt") != twin_key(EPISODES / "b" / "920.txt")


def episode(
    name: str,
    fmt: str,
    turns: tuple[Turn, ...],
    meta: Metadata | None = None,
    notes: str = "",
) -> ReadResult:
    return ReadResult(
        Episode("920", meta or Metadata(episode=920), turns, EPISODES / name, fmt, notes), ()
    )


UNNAMED = (Turn(None, (Segment(0, None, "Hello there.", 1), Segment(4000, None, "Bye.", 2))),)
NAMED = (
    Turn("Jon Krohn", (Segment(20, 3900, "Hello there.", 3),)),
    Turn("Ana Ng", (Segment(4020, 5000, "Bye.", 6),)),
)


def test_the_twin_with_speakers_wins_and_the_note_says_so() -> None:
    txt = episode("920.txt", "plaintext", UNNAMED)
    vtt = episode("920.vtt", "webvtt", NAMED)
    merged = merge_twins([txt, vtt], [EPISODES / "920.txt", EPISODES / "920.vtt"])
    [result] = merged.results
    assert result.episode is not None
    assert result.episode.source.name == "920.vtt"
    assert result.episode.turns == NAMED
    assert result.episode.also == (EPISODES / "920.txt",)
    assert merged.notes == [
        (
            EPISODES / "920.vtt",
            "one episode in several files: the transcript of 920.vtt is used"
            " (webvtt, 2 named speakers); also read: 920.txt",
        )
    ]


def test_clocks_win_over_names_that_may_be_headings() -> None:
    labels = tuple(
        Turn(name, (Segment(None, None, "An item.", line),))
        for line, name in enumerate(("Michael #1", "Brian #2", "Michael #3"), start=1)
    )
    clocked = (Turn(None, (Segment(0, 4000, "Hello there.", 1),)),)
    txt = episode("920.txt", "plaintext", labels)
    vtt = episode("920.vtt", "webvtt", clocked)
    [result] = merge_twins([txt, vtt], [EPISODES / "920.txt", EPISODES / "920.vtt"]).results
    assert result.episode is not None and result.episode.source.name == "920.vtt"


def test_with_equal_speakers_the_finer_clocks_win() -> None:
    whole_seconds = (Turn("Jon Krohn", (Segment(0, None, "Hello there.", 1),)),)
    fine = (Turn("Jon Krohn", (Segment(20, 1880, "Hello there.", 3),)),)
    txt = episode("920.txt", "plaintext", whole_seconds)
    vtt = episode("920.vtt", "webvtt", fine)
    [result] = merge_twins([vtt, txt], [EPISODES / "920.vtt", EPISODES / "920.txt"]).results
    assert result.episode is not None and result.episode.source.name == "920.vtt"


def test_show_notes_lend_their_notes_and_metadata_to_the_transcript() -> None:
    notes_meta = Metadata(
        title="Data in production",
        episode=920,
        date=datetime.date(2025, 9, 30),
        guests=("Ana Ng",),
        draft=True,
    )
    notes = episode("920.md", "markdown", (), notes_meta, notes="Links: [site](https://x.org)")
    vtt = episode("920.vtt", "webvtt", NAMED, Metadata(episode=920, title=None))
    [result] = merge_twins([notes, vtt], [EPISODES / "920.md", EPISODES / "920.vtt"]).results
    merged = result.episode
    assert merged is not None
    assert merged.turns == NAMED
    assert merged.notes == "Links: [site](https://x.org)"
    assert merged.meta.title == "Data in production"
    assert merged.meta.date == datetime.date(2025, 9, 30)
    assert merged.meta.guests == ("Ana Ng",)
    assert merged.meta.draft is True  # a draft in any file keeps the episode unpublished


def test_diagnostics_of_every_twin_are_kept() -> None:
    txt = ReadResult(
        Episode("920", Metadata(episode=920), UNNAMED, EPISODES / "920.txt", "plaintext"),
        (warning(EPISODES / "920.txt", 2, "clock goes backwards"),),
    )
    vtt = episode("920.vtt", "webvtt", NAMED)
    [result] = merge_twins([txt, vtt], [EPISODES / "920.txt", EPISODES / "920.vtt"]).results
    assert [d.message for d in result.diagnostics] == ["clock goes backwards"]


def test_lone_files_pass_through_in_order() -> None:
    a = episode("1.txt", "plaintext", UNNAMED)
    b = episode("2.txt", "plaintext", NAMED)
    merged = merge_twins([a, b], [EPISODES / "1.txt", EPISODES / "2.txt"])
    assert merged.results == [a, b]
    assert merged.notes == []


def test_every_metadata_field_is_filled_from_a_twin() -> None:
    full = Metadata(
        title="Data in production",
        episode=920,
        season=2,
        date=datetime.date(2025, 9, 30),
        audio="https://x.org/920.mp3",
        audio_type="audio/mpeg",
        audio_length=1000,
        duration=60,
        description="About data",
        guests=("Ana Ng",),
        draft=True,
        slug="data-in-production",
        speaker_names=(("Speaker 1", "Ana Ng"),),
        number_from="metadata",
        episode_type="full",
        show="go-time",
        mentions_add=((None, 1),),
        mentions_ignore=((None, 2),),
        chapters=((0, "Start"), (60_000, "Main")),
        guid="https://old.host/ep/920",
    )
    # A field added to Metadata and left out of `full` (or of merge._fill) fails here.
    assert all(getattr(full, f.name) not in (None, "", (), False) for f in fields(Metadata))
    notes = episode("920.md", "markdown", (), full)
    vtt = episode("920.vtt", "webvtt", NAMED, Metadata())
    [result] = merge_twins([notes, vtt], [EPISODES / "920.md", EPISODES / "920.vtt"]).results
    assert result.episode is not None
    assert result.episode.meta == full
