"""Real archives (../shared/corpus) build into sites, and every word of a transcript is on its page.

Each corpus folder becomes one site. Files in formats this build does not read yet are reported
as warnings and skipped; every .txt/.md file must become an episode page that shows all the words
of its transcript (speaker names, text, headings, link targets), checked as a set of words.
"""

from __future__ import annotations

import html
import re
import shutil
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sitegen import urls
from sitegen.build import BuildResult, build

from .conftest import CORPUS, require_shared
from .test_readers_corpus import source_words, words

pytestmark = pytest.mark.corpus

FOLDERS = sorted(p.name for p in CORPUS.glob("*") if p.is_dir()) or ["(none)"]
SHOW_NAMES = {"changelog-shipit": ["Ship It"], "talkpython": ["Talk Python To Me"]}


class PageText(HTMLParser):
    """Visible text and link targets of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.extend(value or "" for name, value in attrs if name == "href")


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
    transcripts = [p for p in (site / "content/episodes").iterdir() if p.suffix in (".txt", ".md")]
    for source in transcripts:
        if source.name.startswith("_index"):
            continue  # Hugo section index pages, not episodes (their own tests cover them)
        episode = by_source[source.name]
        page = site / "_site" / urls.file_for(urls.episode_url(episode.key))
        on_page = page_words(page)
        missing = sorted(set(source_words(source)) - on_page)
        assert missing == [], f"{source.name}: {missing[:20]}"
    skipped = {d.path.suffix for d in result.diagnostics if "not read" in d.message}
    assert skipped <= {".json", ".vtt", ".srt", ".html"}


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
