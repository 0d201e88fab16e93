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
from sitegen.build import BuildResult, build
from sitegen.readers import SUPPORTED_SUFFIXES, read_episode_file

from .conftest import CORPUS, require_shared
from .test_readers_corpus import episode_words, source_words, words

pytestmark = pytest.mark.corpus

FOLDERS = sorted(p.name for p in CORPUS.glob("*") if p.is_dir()) or ["(none)"]
SUFFIXES = SUPPORTED_SUFFIXES
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
    # matter); that is reported, and both transcripts are still published.
    assert [e for e in errors if "is also claimed by" not in e] == []
    by_source = {episode.source.name: episode for episode in result.archive.episodes}
    for episode in result.archive.episodes:
        by_source.update((also.name, episode) for also in episode.also)
    transcripts = [p for p in (site / "content/episodes").iterdir() if p.suffix in SUFFIXES]
    for source in transcripts:
        if source.name.startswith("_index"):
            continue  # Hugo section index pages, not episodes (their own tests cover them)
        if source.name not in by_source:
            assert read_episode_file(source).episode is None, f"{source.name} was not published"
            continue
        episode = by_source[source.name]
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


def test_talkpython_twins_are_one_episode_each_with_the_vtt_speakers(sites: Path) -> None:
    result, _site = built("talkpython", sites)
    files = sorted((CORPUS / "talkpython").glob("*.txt")) + sorted(
        (CORPUS / "talkpython").glob("*.vtt")
    )
    numbers = {int(p.name.split("-")[0].split(".")[0]) for p in files}
    episodes = result.archive.episodes
    assert sorted(e.number for e in episodes if e.number is not None) == sorted(numbers)
    assert len(episodes) == len(numbers)  # every .txt/.vtt pair (and renamed copy) is one page
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
