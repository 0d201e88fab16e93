"""Readers on real archives (../shared/corpus): every file reads, and no word is lost.

Word retention: every word of a file's transcript text, counted with repeats, appears in the
episode (speaker name per paragraph, headings, paragraph texts, link targets, show notes).
Words are lowercase `[^\\W_]+` tokens. Not counted as transcript text: the YAML front matter,
clocks (they become Segment.start), Markdown syntax (`*`, backticks, backslashes, HTML
entities; `_` splits words on both sides), the `<v` of WebVTT voice tags, abbreviation labels
like `(AvW):` (they become the full name). URL escapes are
decoded on both sides.
"""

from __future__ import annotations

import html
import os
import re
import time
from collections import Counter
from functools import cache
from pathlib import Path
from urllib.parse import unquote

import pytest

from sitegen.model import Episode
from sitegen.readers import ReadResult, decode, read_episode_file

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

pytestmark = pytest.mark.corpus

_CLOCK = re.compile(r"\d{1,2}(?::\d{2}){1,2}(?:[.,]\d{1,3})?")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_ABBREVIATION_LABEL = re.compile(r"\(([^\W\d_]{1,4})\):")
_VOICE_TAG = re.compile(r"<v(?:\.\S*)?\s+")
_MARKDOWN_INVISIBLE = re.compile(r"[*`\\]")
_WORD = re.compile(r"[^\W_]+")


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"corpus folder {CORPUS} is missing under CI")
        return []
    return sorted(p for p in CORPUS.glob("*/*") if p.suffix in (".txt", ".md"))


FILES = corpus_files()
if not FILES:
    pytest.skip(f"no corpus at {CORPUS} (it lives beside the repository)", allow_module_level=True)


@cache
def read(path: Path) -> ReadResult:
    return read_episode_file(path)


def words(text: str) -> Counter[str]:
    text = _MARKDOWN_INVISIBLE.sub("", unquote(text))
    return Counter(word.lower() for word in _WORD.findall(_CLOCK.sub(" ", text)))


def source_words(path: Path) -> Counter[str]:
    text, _ = decode(path.read_bytes(), path)
    assert text is not None
    text = _VOICE_TAG.sub(" ", _FRONT_MATTER.sub("", text, count=1))
    if path.suffix == ".md":
        text = html.unescape(text)
    counted = words(text)
    for abbreviation in _ABBREVIATION_LABEL.findall(text):
        counted.pop(abbreviation.lower(), None)
    return counted


def episode_words(episode: Episode) -> Counter[str]:
    parts = [episode.notes]
    for turn in episode.turns:
        parts.append(turn.heading or "")
        parts.extend(link.href for link in turn.heading_links)
        for segment in turn.segments:
            parts.append(turn.speaker or "")
            parts.append(segment.text)
            parts.extend(link.href for link in segment.links)
    return words("\n".join(parts))


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_file_reads_and_keeps_every_word(path: Path) -> None:
    episode = read(path).episode
    assert episode is not None, read(path).diagnostics
    got = episode_words(episode)
    missing = {word: n - got[word] for word, n in source_words(path).items() if got[word] < n}
    assert missing == {}


def test_every_corpus_file_gives_an_episode_and_no_errors() -> None:
    for path in FILES:
        result = read(path)
        assert result.episode is not None, path
        errors = [d.format() for d in result.diagnostics if d.severity.value == "error"]
        assert errors == [], path


def test_talkpython_text_has_speakers_only_where_voice_tags_name_them() -> None:
    texts = [p for p in FILES if p.parent.name == "talkpython"]
    assert texts
    for path in texts:
        episode = read(path).episode
        assert episode is not None
        voiced = "<v " in path.read_text(encoding="utf-8")
        assert bool(episode.speakers) == voiced, path
        assert episode.number is not None and str(episode.number) in path.name


def test_changelog_transcripts_have_speakers_and_file_name_numbers() -> None:
    shows = [p for p in FILES if p.parent.name.startswith("changelog-")]
    assert shows
    for path in shows:
        episode = read(path).episode
        assert episode is not None and episode.format == "markdown"
        if path.stem[-1].isdigit():
            assert episode.number == int(path.stem.rsplit("-", 1)[1]), path
        assert episode.speakers, path
        assert "Break" not in episode.speakers, path


def test_bitcoin_transcripts_take_metadata_from_front_matter() -> None:
    path = CORPUS / "bitcoin-explained" / "silent-payments.md"
    episode = read(path).episode
    assert episode is not None
    assert (episode.number, episode.meta.title) == (58, "Silent Payments")
    assert episode.speakers == ("Aaron", "Sjors", "Ruben")
    assert "Introduction to Silent Payments" in [t.heading for t in episode.turns]


def test_changelog_shipit_reads_fast() -> None:
    files = sorted((CORPUS / "changelog-shipit").glob("*.md"))
    started = time.perf_counter()
    for path in files:
        read_episode_file(path)
    # ~0.5 s on a developer machine; the bound only catches accidental quadratic work.
    assert time.perf_counter() - started < 10
