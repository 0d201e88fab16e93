"""Round trip: an episode exported as WebVTT or SRT and read back with sitegen's reader has the
same speakers, paragraph texts and clocks (to the millisecond), for generated episodes and for
every transcript of the corpus.

Compared per paragraph: (speaker, text, start). Texts are compared with whitespace runs made
one space: readers give single-spaced text, except literal blocks (code in Markdown show
notes), whose line breaks a caption cannot hold. Paragraphs with no text have nothing to
export and are left out. A paragraph without a clock gets an estimated one in the export, so
its clock is not compared.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings

from sitegen.exports import ExportContext
from sitegen.exports.srt import export_srt
from sitegen.exports.webvtt import export_vtt
from sitegen.model import Episode
from sitegen.readers import SUPPORTED_SUFFIXES, read_episode_file, read_episode_text
from sitegen.readers.srt import is_speaker_label

from .conftest import CORPUS, require_shared
from .strategies import episodes

CONTEXT = ExportContext("Show", "https://example.com/episodes/1/", "en")
EXPORTS: dict[str, Callable[[Episode, ExportContext], str]] = {"vtt": export_vtt, "srt": export_srt}
_SPACES = re.compile(r"[ \t\n\r\f\v]+")
Paragraph = tuple[str | None, str, int | None]


def paragraphs(ep: Episode, clocks: bool = True) -> list[Paragraph]:
    out = []
    for turn, segment in ep.segments():
        text = _SPACES.sub(" ", segment.text).strip(" ")
        if text:
            out.append((turn.speaker, text, segment.start if clocks else None))
    return out


def round_trip(ep: Episode, fmt: str) -> tuple[Episode, list[str]]:
    result = read_episode_text(EXPORTS[fmt](ep, CONTEXT), Path(f"x.{fmt}"))
    assert result.episode is not None
    return result.episode, [d.format() for d in result.diagnostics]


@pytest.mark.parametrize("fmt", EXPORTS)
@settings(max_examples=200, deadline=None)
@given(ep=episodes(unnamed=True))
def test_generated_episodes_survive_the_round_trip(fmt: str, ep: Episode) -> None:
    back, problems = round_trip(ep, fmt)
    assert paragraphs(back) == paragraphs(ep)
    assert problems == []
    # The end of each paragraph survives too: the last cue of a paragraph ends there.
    assert [s.end for _t, s in back.segments()] == [s.end for _t, s in ep.segments()]


@pytest.mark.parametrize("fmt", EXPORTS)
@settings(max_examples=100, deadline=None)
@given(ep=episodes(clocked=False, unnamed=True))
def test_episodes_without_clocks_keep_speakers_and_texts(fmt: str, ep: Episode) -> None:
    back, problems = round_trip(ep, fmt)
    assert paragraphs(back, clocks=False) == paragraphs(ep, clocks=False)
    assert problems == []
    starts = [s.start for _t, s in back.segments() if s.start is not None]
    assert len(starts) == len(back.segments()) and starts == sorted(starts)  # estimated, in order


# --- the corpus


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.glob("*/*") if p.suffix in SUPPORTED_SUFFIXES)


# SRT has no escapes, so these tags in a transcript's text are read as formatting and dropped.
_SRT_FORMATTING = re.compile(r"</?[ibu]>")
# Speaker names in the corpus that no SRT reader could take for a name (`dam:` is a typo for
# Adam, a leading `*` a Markdown slip): SRT cannot carry them, WebVTT's `<v …>` can.
SRT_UNLABELLABLE = {"dam", "*Jen Luker", "*Adam Garrett-Harris & Jason Staten"}


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_episode_survives_the_round_trip(path: Path) -> None:
    ep = read_episode_file(path).episode
    if ep is None or not paragraphs(ep):
        pytest.skip("no transcript in this file")
    assert_same(round_trip(ep, "vtt")[0], paragraphs(ep))
    odd = {name for name in ep.speakers if not is_speaker_label(name, repeated=True)}
    assert odd <= SRT_UNLABELLABLE
    if not odd:
        want = [(s, _SRT_FORMATTING.sub("", t), c) for s, t, c in paragraphs(ep)]
        assert_same(round_trip(ep, "srt")[0], want)


def assert_same(back: Episode, want: list[Paragraph]) -> None:
    """Same speakers and texts; same clocks where the source had them (where it had none, the
    export's estimated clocks come back)."""
    got = paragraphs(back)
    assert [(s, t) for s, t, _c in got] == [(s, t) for s, t, _c in want]
    assert [c if w is not None else None for (*_g, c), (*_w, w) in zip(got, want, strict=True)] == [
        w for *_w, w in want
    ]


def test_corpus_is_where_the_tests_expect_it() -> None:
    require_shared(CORPUS)  # (skips, or fails under CI, when the corpus is missing)
    assert len(corpus_files()) > 400
