"""Round trips: an episode written as transcript.json, .html or .txt and read back with its
reader has the same speakers, paragraph texts and clocks, for generated episodes (hypothesis)
and for every transcript of the corpus.

Precision and the limits of each format, which these tests hold exactly:
- JSON: everything, to the millisecond, including paragraphs with no clock (the export marks
  the times it made up) and unnamed turns after named ones.
- HTML: everything, to the millisecond, and turn headings too; a paragraph holding line breaks
  (a code block) keeps them as `<br>`, but its leading indentation and trailing spaces go, so
  such paragraphs are compared with whitespace normalised.
- TXT: texts and clocks exactly, except that a paragraph's line breaks become spaces (compared
  normalised). A paragraph said by nobody after a named turn, a speaker whose name the reader
  does not take for a name (seven words or more, commas: "Jason Staten, Safia Abdalla, & Jen
  Luker"), and an unclocked paragraph whose label the reader would not confirm read back as the
  previous speaker going on; everything else keeps its speaker. An unclocked paragraph must not
  start with a clock (the generated texts are kept from doing so).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitegen.errors import Diagnostic
from sitegen.exports import ExportContext, exporters
from sitegen.model import Episode, Metadata, Segment, Turn
from sitegen.readers import SUPPORTED_SUFFIXES, read_episode_file, read_episode_text
from sitegen.readers.prefix import is_strong_name
from sitegen.readers.timecode import parse_clock

from .conftest import CORPUS, require_shared
from .strategies import episodes

CONTEXT = ExportContext("The Show", "/episodes/1/", "en")
Moment = tuple[str | None, int | None, str]


def moments(episode: Episode) -> list[Moment]:
    return [(turn.speaker, segment.start, segment.text) for turn, segment in episode.segments()]


def round_trip(episode: Episode, fmt: str) -> tuple[Episode, tuple[Diagnostic, ...]]:
    written = exporters()[fmt](episode, CONTEXT)
    result = read_episode_text(written, Path(f"transcript.{fmt}"))
    assert result.episode is not None
    assert result.episode.format == {"txt": "plaintext"}.get(fmt, fmt)
    return result.episode, result.diagnostics


def normalised(moment: Moment) -> Moment:
    """Whitespace normalised, for paragraphs that hold line breaks (code blocks)."""
    speaker, start, text = moment
    return (speaker, start, " ".join(text.split())) if "\n" in text else moment


def assert_txt_matches(source: list[Moment], got: list[Moment]) -> None:
    assert len(got) == len(source)
    previous: str | None = None
    for (speaker, start, text), (got_speaker, got_start, got_text) in zip(source, got, strict=True):
        assert (got_start, got_text) == (start, " ".join(text.split()) if "\n" in text else text)
        if got_speaker != speaker:
            # Only what the format cannot say: nobody after someone, a name the reader does not
            # take for one, an unconfirmed unclocked label.
            assert speaker is None or not is_strong_name(speaker) or start is None, (speaker, text)
            assert got_speaker == previous, (speaker, got_speaker, text)
        previous = got_speaker


@st.composite
def mixed_episodes(draw: st.DrawFn) -> Episode:
    """Generated episodes where some turns have no speaker and some paragraphs no clock."""
    episode = draw(episodes())
    turns = []
    for turn in episode.turns:
        speaker = None if draw(st.integers(0, 3)) == 0 else turn.speaker
        segments = tuple(
            segment if draw(st.booleans()) else dataclasses.replace(segment, start=None, end=None)
            for segment in turn.segments
        )
        turns.append(Turn(speaker, segments))
    return dataclasses.replace(episode, turns=tuple(turns))


def no_leading_clock(episode: Episode) -> Episode:
    """The episode with `So` before any paragraph text that starts with a clock (`9:30 …`)."""

    def fix(segment: Segment) -> Segment:
        first = segment.text.split(" ", 1)[0]
        if parse_clock(first.rstrip(".,?!")) is None:
            return segment
        return dataclasses.replace(segment, text=f"So {segment.text}")

    turns = tuple(
        dataclasses.replace(turn, segments=tuple(fix(s) for s in turn.segments))
        for turn in episode.turns
    )
    return dataclasses.replace(episode, turns=turns)


# --- generated episodes


@pytest.mark.parametrize("fmt", ["json", "html", "txt"])
@given(episode=episodes())
def test_clocked_episodes_round_trip_exactly(fmt: str, episode: Episode) -> None:
    back, diagnostics = round_trip(episode, fmt)
    assert moments(back) == moments(episode)
    assert diagnostics == ()


@pytest.mark.parametrize("fmt", ["json", "html", "txt"])
@given(episode=episodes(clocked=False))
def test_unclocked_episodes_round_trip_exactly(fmt: str, episode: Episode) -> None:
    episode = no_leading_clock(episode)
    back, diagnostics = round_trip(episode, fmt)
    assert moments(back) == moments(episode)
    assert diagnostics == ()


@pytest.mark.parametrize("fmt", ["json", "html"])
@given(episode=mixed_episodes())
def test_mixed_episodes_round_trip_exactly_through_json_and_html(
    fmt: str, episode: Episode
) -> None:
    back, diagnostics = round_trip(episode, fmt)
    assert moments(back) == moments(episode)
    assert diagnostics == ()


@given(episode=mixed_episodes())
def test_mixed_episodes_round_trip_through_txt_within_its_limits(episode: Episode) -> None:
    episode = no_leading_clock(episode)
    back, _diagnostics = round_trip(episode, "txt")
    assert_txt_matches(moments(episode), moments(back))


def test_json_keeps_ends_and_html_keeps_headings() -> None:
    episode = Episode(
        "1",
        Metadata(episode=1),
        (
            Turn("Ann", (Segment(1_500, 4_250, "One.", 1),), heading="Part one"),
            Turn("Ann", (Segment(5_000, None, "Two.", 2),), heading="Part two"),
        ),
        Path("1.txt"),
        "plaintext",
    )
    back, _ = round_trip(episode, "json")
    assert [s.end for _t, s in back.segments()] == [4_250, 5_000 + 60_000 // 155]
    back, _ = round_trip(episode, "html")
    assert [(t.heading, t.speaker) for t in back.turns] == [
        ("Part one", "Ann"),
        ("Part two", "Ann"),
    ]


# --- the corpus


def corpus_files() -> list[Path]:
    folder = require_shared(CORPUS)
    return sorted(p for p in folder.glob("*/*") if p.suffix in SUPPORTED_SUFFIXES)


@pytest.mark.corpus
def test_every_corpus_transcript_round_trips() -> None:
    checked = 0
    for path in corpus_files():
        result = read_episode_file(path)
        episode = result.episode
        if episode is None or not episode.turns:
            continue  # show notes, or a format not read yet
        checked += 1
        source = moments(episode)
        known = {d.message for d in result.diagnostics}

        back, diagnostics = round_trip(episode, "json")
        assert moments(back) == source, path
        assert {d.message for d in diagnostics} <= known, path

        back, diagnostics = round_trip(episode, "html")
        assert [normalised(m) for m in moments(back)] == [normalised(m) for m in source], path
        assert [t.heading for t in back.turns if t.heading] == [
            t.heading for t in episode.turns if t.heading
        ], path
        assert {d.message for d in diagnostics} <= known, path

        back, diagnostics = round_trip(episode, "txt")
        try:
            assert_txt_matches(source, moments(back))
        except AssertionError as exc:
            raise AssertionError(f"{path}: {exc}") from exc
        new = {d.message for d in diagnostics} - known
        assert new <= {"paragraph has no clock, unlike the paragraphs around it; kept as text"}
    assert checked >= 280
