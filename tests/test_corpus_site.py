"""Real archives (../shared/corpus) build into sites, and every word of a transcript is on its page.

Each corpus folder becomes one site, in every format it holds. Every transcript file must end up
on an episode page (its own, or its richer twin's), and that page shows all the words of its
transcript (speaker names, text, headings, link targets), checked as a set of words.
"""

from __future__ import annotations

import dataclasses
import html
import re
import shutil
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sitegen import urls
from sitegen.accounting import Accounting
from sitegen.build import BuildResult, build
from sitegen.readers import SUPPORTED_SUFFIXES, decode

from .conftest import CORPUS, require_shared
from .test_readers_corpus import (
    _ABBREVIATION_LABEL,
    _FRONT_MATTER,
    _VOICE_TAG,
    episode_words,
    source_words,
    words,
)

pytestmark = pytest.mark.corpus

FOLDERS = sorted(p.name for p in CORPUS.glob("*") if p.is_dir()) or ["(none)"]
SUFFIXES = SUPPORTED_SUFFIXES
# Lines of a caption file that hold no speech: cue numbers, timings, the header.
_STRUCTURE = re.compile(r"\s*(?:\d+\s*$|.*-->|WEBVTT|NOTE\b|Kind:|Language:)")
_LINE_FORMATS = {".txt", ".md", ".vtt", ".srt"}
_ORDERED_ITEM = re.compile(r"^[ \t]*(\d+)[.)][ \t]", re.MULTILINE)
SHOW_NAMES = {"changelog-shipit": ["Ship It"], "talkpython": ["Talk Python To Me"]}


class PageText(HTMLParser):
    """Visible text and link targets of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Link targets, and an image's address and its text (show notes have images).
        shown = {"href", "src", "alt"}
        self.parts.extend(value or "" for name, value in attrs if name in shown)


def page_words(path: Path) -> set[str]:
    parser = PageText()
    parser.feed(path.read_text(encoding="utf-8"))
    return set(words(html.unescape(" ".join(parser.parts))))


@cache
def built(folder: str, root: Path) -> tuple[BuildResult, Path]:
    site = root / folder
    episodes = site / "content" / "episodes"
    episodes.mkdir(parents=True)
    for source in sorted((CORPUS / folder).iterdir()):
        if source.is_file():
            shutil.copy(source, episodes / source.name)
    names = ", ".join(f'"{n}"' for n in SHOW_NAMES.get(folder, []))
    (site / "sitegen.toml").write_text(f"show_names = [{names}]\n")
    return build(site, out_dir=site / "_site"), site


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_shared(CORPUS)
    return tmp_path_factory.mktemp("corpus")


@pytest.mark.parametrize("folder", FOLDERS)
def test_corpus_folder_builds_and_pages_keep_every_word(folder: str, sites: Path) -> None:
    result, site = built(folder, sites)
    assert result.stats is not None
    errors = [d.format(root=site) for d in result.diagnostics if d.severity == "error"]
    # Real archives do number two episodes alike (bitcoin-explained has such pairs in its front
    # matter; talkpython a `-no-names` take of two episodes); that is reported, and both
    # transcripts are still published.
    assert [e for e in errors if "is also claimed by" not in e] == []
    accounting = result.accounting
    assert accounting is not None
    page_of = {episode.source: episode for episode in result.archive.episodes}
    for episode in result.archive.episodes:
        page_of.update((also, episode) for also in episode.also)
    transcripts = [p for p in (site / "content/episodes").iterdir() if p.suffix in SUFFIXES]
    # Every file accounted for: each transcript file has a fate, and none is skipped but
    # those with nothing to publish (Hugo's section pages).
    assert set(accounting.fates) == set(transcripts)
    skipped = sorted(p.name for p, fate in accounting.fates.items() if fate == "skipped")
    assert all(name.startswith("_index") for name in skipped), skipped
    for source in transcripts:
        if source not in page_of:
            continue  # a copy of a published file (tested below), or skipped (above)
        episode = page_of[source]
        page = site / "_site" / urls.file_for(urls.episode_url(episode.key))
        on_page = page_words(page)
        if source != episode.source and source.suffix == ".md" and episode.source.suffix != ".md":
            # Show notes beside a transcript: shown as notes, every word of them (but the
            # numbers of ordered lists, which the browser draws as list markers).
            markers = set(_ORDERED_ITEM.findall(source.read_text(encoding="utf-8")))
            missing = sorted(set(source_words(source)) - on_page - markers)
            assert missing == [], f"{source.name} (show notes): {missing[:20]}"
            continue
        if source != episode.source:
            continue  # a twin whose transcript lost to a richer one (test_merge covers the rule)
        # Text formats are counted from the file itself; the others from what their reader
        # read (each reader's own tests count every word of the file into the episode).
        if source.suffix in (".txt", ".md"):
            expected = set(source_words(source))
        else:
            # The show notes from a file beside it are counted from that file (above).
            expected = set(episode_words(dataclasses.replace(episode, notes="")))
        missing = sorted(expected - on_page)
        assert missing == [], f"{source.name}: {missing[:20]}"
    assert [d for d in result.diagnostics if "not read" in d.message] == []


@pytest.mark.parametrize("folder", FOLDERS)
def test_corpus_folder_lines_are_on_the_site(folder: str, sites: Path) -> None:
    """≥ 99.5 % of the lines of every archive's published files (transcripts, twins, copies,
    show notes) have all their words on their episode's page."""
    result, site = built(folder, sites)
    page_of = {episode.source: episode for episode in result.archive.episodes}
    for episode in result.archive.episodes:
        page_of.update((also, episode) for also in episode.also)
    copies = [p for p, fate in (result.accounting or Accounting()).fates.items() if fate == "copy"]
    for copy in copies:  # a copy's page is that of the file it copies
        twin = next(p for p in page_of if p != copy and p.read_bytes() == copy.read_bytes())
        page_of[copy] = page_of[twin]
    lines = kept = 0
    lost: list[str] = []
    for source, episode in sorted(page_of.items()):
        if source.suffix not in _LINE_FORMATS:
            continue  # JSON and HTML: their readers' tests count every word of them
        on_page = page_words(site / "_site" / urls.file_for(urls.episode_url(episode.key)))
        text, _ = decode(source.read_bytes(), source)
        body = _FRONT_MATTER.sub("", text or "", count=1)
        # `Aaron van Wirdum (AvW):` then `AvW:`: the page names the speaker in full.
        abbreviations = {a.lower() for a in _ABBREVIATION_LABEL.findall(body)}
        for line in body.splitlines():
            if _STRUCTURE.match(line):
                continue
            said = set(words(html.unescape(_VOICE_TAG.sub(" ", line)))) - abbreviations
            if said:
                lines += 1
                kept += said <= on_page
                if not said <= on_page and len(lost) < 10:
                    lost.append(f"{source.name}: {line[:80]!r} {sorted(said - on_page)}")
    assert lines > 0
    assert kept / lines >= 0.995, f"{folder}: {kept} of {lines} lines on the site: {lost}"


def test_talkpython_twins_are_one_episode_each_with_the_vtt_speakers(sites: Path) -> None:
    result, _site = built("talkpython", sites)
    files = sorted((CORPUS / "talkpython").glob("*.txt")) + sorted(
        (CORPUS / "talkpython").glob("*.vtt")
    )
    numbers = {int(p.name.split("-")[0].split(".")[0]) for p in files}
    episodes = result.archive.episodes
    assert sorted(e.number for e in episodes if e.number is not None) == sorted(numbers)
    # Every .txt/.vtt pair is one page; `551-stroll-down-startup-lane-2026.*` are byte copies
    # of `551.*`, published once; the `-no-names` takes of 524 and 525 are other transcripts
    # of those episodes: each published, and its clash reported.
    no_names = sorted(e.key for e in episodes if e.number is None)
    assert no_names == [
        "524-things-python-developers-should-learn-in-2025-no-names",
        "525-nicegui-no-names",
    ]
    assert len(episodes) == len(numbers) + len(no_names)
    clashes = sorted(d.path.name for d in result.diagnostics if "is also claimed by" in d.message)
    assert clashes == [f"{key}.vtt" for key in no_names]
    assert result.accounting is not None
    copies = sorted(p.name for p, fate in result.accounting.fates.items() if fate == "copy")
    assert copies == ["551.txt", "551.vtt"]
    for episode in episodes:
        assert episode.source.suffix == ".vtt" or not episode.speakers
        vtt_with_voices = [
            p
            for p in [episode.source, *episode.also]
            if p.suffix == ".vtt" and "<v " in p.read_text(encoding="utf-8")
        ]
        if vtt_with_voices:
            assert len(episode.speakers) >= 2, episode.source.name
    notes = "\n".join(note for _path, note in result.notes)
    assert "one episode in several files: the transcript of 551" in notes


def test_pythonbytes_show_notes_stay_notes_and_the_transcript_stays_the_transcript(
    sites: Path,
) -> None:
    result, site = built("pythonbytes-notes", sites)
    episodes = result.archive.episodes
    stems = {p.stem for p in (CORPUS / "pythonbytes-notes").glob("*.md")}
    assert len(episodes) == len(stems)  # .txt, .vtt and .md of one stem are one episode
    for episode in episodes:
        assert episode.source.suffix == ".vtt", episode.source.name  # the finest clocks
        assert episode.notes.startswith("# Python Bytes"), episode.source.name
        assert not any("#" in speaker for speaker in episode.speakers)
        page = (site / "_site" / urls.file_for(urls.episode_url(episode.key))).read_text()
        # The notes' item headings are notes on the page, not turns of the transcript.
        assert page.count('class="para') > 50
        notes = page.split('class="show-notes', 1)[1].split('class="transcript', 1)[0]
        assert re.search(r"<strong>\w+ #1:</strong>", notes), episode.source.name


def test_changelog_shipit_has_a_references_index_with_real_backlinks(sites: Path) -> None:
    result, site = built("changelog-shipit", sites)
    archive = result.archive
    assert len(archive.mentions_in) >= 10
    most = max(archive.mentions_in, key=lambda n: len(archive.mentions_in[n]))
    refs = (site / "_site/references/index.html").read_text()
    backlinks = re.findall(r'href="\.\./episodes/(\d+)/#(t=[\d:]+(?:-\d+)?|p\d+)"', refs)
    assert len(backlinks) >= len(archive.mentions_in)
    for key, anchor in backlinks[:50]:
        page = (site / "_site/episodes" / key / "index.html").read_text()
        assert f'id="{anchor}"' in page
    target = (site / f"_site/episodes/{most}/index.html").read_text()
    assert "Mentioned by" in target
