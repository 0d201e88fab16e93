"""Search that lands on the moment: one Pagefind document per episode, a sub-result per paragraph
anchored where the page puts it, the bundle in pagefind/,
the /search/ page and the header box, `--no-search`, and (in Chromium) a search for a phrase of
the seed episode whose first result opens that paragraph."""

from __future__ import annotations

import dataclasses
import gzip
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sitegen import search
from sitegen.build import build
from sitegen.cli import main
from sitegen.incremental import LiveSite
from sitegen.keys import EPISODES_FILE
from sitegen.options import BuildOptions
from sitegen.readers import read_episode_file
from sitegen.search import PARTS_FILE, episode_document

from .browser_support import launched_chromium, static_server

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "content" / "episodes" / "episode-920.txt"
PHRASE = "who put it in the bag to begin with"  # said once, at 10:19
HIGHLIGHT = PHRASE.replace(" ", "%20")  # the ?highlight= a result links with


def test_one_document_per_episode_with_a_moment_per_paragraph_anchored_on_the_page(
    tmp_path: Path,
) -> None:
    episode = read_episode_file(SEED).episode
    assert episode is not None
    document = episode_document(episode)
    assert document is not None and document.url == "episodes/920/"
    paragraphs = [s for _, s in episode.segments()]
    assert len(document.moments) == len(paragraphs)
    out = tmp_path / "out"
    build(REPO, out_dir=out)
    html = (out / "episodes" / "920" / "index.html").read_text()
    ids = set(re.findall(r'id="(t=[^"]+)"', html))
    for moment in document.moments:
        assert moment.anchor in ids, f"{moment.anchor} has no paragraph on the page"
    moment = next(m for m in document.moments if PHRASE in m.text)
    assert moment.anchor == "t=10:19" and moment.heading == "10:19 · Jon Krohn"
    assert "Jon Krohn" in document.speakers and len(set(document.speakers)) > 1

    # What Pagefind reads: the title, filters and sort captured but not indexed, and a heading
    # per paragraph whose id is the anchor (Pagefind's sub-result URL is `page#id`).
    source = document.html("en")
    assert '<span data-pagefind-meta="title">Episode 920: ' in source
    assert '<span data-pagefind-filter="speaker">Jon Krohn</span>' in source
    assert document.date is None and "data-pagefind-sort" not in source  # the seed is undated
    dated = dataclasses.replace(document, date="2024-08-30").html("en")
    assert '<span data-pagefind-sort="date">2024-08-30</span>' in dated
    # The speaker's name is shown in the moment's title but not indexed (issue 17: a search for
    # a name found every paragraph its speaker said); the page says who speaks each moment in
    # a meta value with no words in it, which the search page reads to title the moments.
    assert (
        '<h2 id="t=10:19" data-pagefind-weight="0.1">10:19'
        "<span data-pagefind-ignore> · Jon Krohn</span></h2>"
    ) in source
    codes = document.speakers_meta()
    assert len(codes) == len(document.moments) and not re.search(r"\w", codes)
    assert f'<span data-pagefind-meta="moment_speakers">{codes}</span>' in source
    assert source.count("<h2 ") == len(document.moments)


def test_build_writes_the_bundle_the_search_page_and_a_box_on_every_page(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(REPO, out_dir=out)
    assert (out / "pagefind" / "pagefind.js").is_file()
    assert (out / "pagefind" / "pagefind-ui.js").is_file()
    manifest = (out / ".sitegen-manifest.json").read_text()
    assert '"pagefind/pagefind.js"' in manifest  # ours: pruned like any other page
    search_page = (out / "search" / "index.html").read_text()
    assert 'src="../pagefind/pagefind-ui.js"' in search_page
    episode_page = (out / "episodes" / "920" / "index.html").read_text()
    assert 'action="../../search/"' in episode_page and 'name="q"' in episode_page


def test_a_rebuild_with_the_same_transcripts_keeps_the_index(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(REPO, out_dir=out)
    again = build(REPO, out_dir=out)
    assert again.stats is not None and again.stats.changed == []


def test_no_search_writes_no_index_page_or_box(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(REPO, out_dir=out)
    assert main(["build", str(REPO), "-o", str(out), "--no-search", "-q"]) == 0
    assert not (out / "pagefind").exists()  # the earlier index was ours: pruned
    assert not (out / "search").exists()
    assert "site-search" not in (out / "index.html").read_text()


def test_update_leaves_the_index_to_index_search_which_matches_a_clean_build(
    tmp_path: Path,
) -> None:
    root = tmp_path / "site"
    episodes = root / "content" / "episodes"
    episodes.mkdir(parents=True)
    for n in (1, 2):
        (episodes / f"{n}.txt").write_text(f"Ana Ng: 00:00 Show {n} starts.\n00:10 More words.\n")
    site = LiveSite(BuildOptions(root, tmp_path / "live", jobs=1))
    site.build()
    (episodes / "2.txt").write_text("Ana Ng: 00:00 Show 2 starts.\n00:10 Brand new words.\n")
    result = site.update([episodes / "2.txt"])
    assert result.stats is not None
    assert not any(p.startswith("pagefind/") for p in result.stats.changed)  # instant edits
    assert site.search_stale
    assert site.index_search() is not None and not site.search_stale
    build(root, out_dir=tmp_path / "clean", jobs=1)
    live = (tmp_path / "live" / PARTS_FILE).read_bytes()
    assert live == (tmp_path / "clean" / PARTS_FILE).read_bytes()

    # Fragments (one per episode, named by content hash) are byte-identical to a clean build's.
    def fragments(out: Path) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in (out / "pagefind" / "fragment").iterdir()}

    assert fragments(tmp_path / "live") == fragments(tmp_path / "clean")
    assert len(_site_files(tmp_path / "live")) == len(_site_files(tmp_path / "clean"))


def _small_archive(root: Path, count: int) -> Path:
    episodes = root / "content" / "episodes"
    episodes.mkdir(parents=True)
    for n in range(1, count + 1):
        (episodes / f"{n}.txt").write_text(f"Ana Ng: 00:00 Show {n} starts.\n00:10 Zebra words.\n")
    return episodes


def _site_files(out: Path) -> set[Path]:
    """The output's files, without the record of which downloads a full build made (an update
    drops it)."""
    return {p for p in out.rglob("*") if p.is_file() and p.name != EPISODES_FILE}


def _parts(out: Path) -> list[dict[str, str]]:
    parts: list[dict[str, str]] = json.loads((out / PARTS_FILE).read_text())["parts"]
    return parts


def _built_in_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> tuple[LiveSite, Path, Path]:
    """Five episodes built (and indexed) in parts of two: the site, its episodes and output."""
    monkeypatch.setattr(search, "PART_EPISODES", 2)
    episodes = _small_archive(tmp_path / "site", 5)
    out = tmp_path / "live"
    site = LiveSite(BuildOptions(tmp_path / "site", out, jobs=jobs))
    site.build()
    return site, episodes, out


def test_a_large_archive_is_indexed_in_parts_and_an_edit_indexes_only_its_part_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, episodes, out = _built_in_parts(tmp_path, monkeypatch, jobs=2)
    assert [p["bundle"] for p in _parts(out)] == ["", "part-2/", "part-3/"]
    # A merged part holds only its index: part 1's scripts and WebAssembly search it.
    part_2 = out / "pagefind" / "part-2"
    merged = {p.relative_to(part_2).as_posix() for p in part_2.rglob("*") if p.is_file()}
    assert "pagefind-entry.json" in merged and any(n.endswith(".pf_meta") for n in merged)
    assert not any(n.endswith((".js", ".css", ".pagefind")) for n in merged)
    assert (out / "pagefind" / "pagefind-ui.js").is_file()

    (episodes / "3.txt").write_text("Ana Ng: 00:00 Show 3 starts.\n00:10 Brand new words.\n")
    site.update([episodes / "3.txt"])
    done = site.index_search()
    assert done is not None
    result, report = done
    assert (report.parts, report.indexed, report.cancelled) == (3, 1, False)
    assert result.stats is not None and result.stats.changed
    assert all(p.startswith("pagefind/part-2/") or p == PARTS_FILE for p in result.stats.changed)
    build(site.site_dir, out_dir=tmp_path / "clean", jobs=1)
    assert _parts(out) == _parts(tmp_path / "clean")


def test_indexing_stopped_by_an_edit_keeps_the_old_parts_and_stays_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, episodes, out = _built_in_parts(tmp_path, monkeypatch, jobs=1)
    before = _parts(out)
    files_before = _site_files(out)
    for n in (1, 5):  # parts 1 and 3
        (episodes / f"{n}.txt").write_text(f"Ana Ng: 00:00 Show {n} changed.\n")
    site.update([episodes / "1.txt", episodes / "5.txt"])
    done = site.index_search(should_stop=lambda: True)
    assert done is not None and done[1].cancelled and done[1].indexed == 0
    assert site.search_stale
    assert _parts(out) == before  # every part still listed, as it was made
    assert _site_files(out) == files_before
    done = site.index_search()
    assert done is not None and done[1].indexed == 2 and not site.search_stale
    build(site.site_dir, out_dir=tmp_path / "clean", jobs=1)
    assert _parts(out) == _parts(tmp_path / "clean")


# --- in Chromium --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample archive built for `/archive/` and served from a static host's folder."""
    www = tmp_path_factory.mktemp("www")
    result = build(REPO, out_dir=www / "archive", base_url="/archive/")
    assert not result.failed(strict=False)
    with static_server(www) as url:
        yield url + "archive/"


@pytest.fixture(scope="module")
def parted_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seed and two small episodes, indexed one episode per part: the seed (920) comes last,
    so finding it means searching the parts merged into the first."""
    root = tmp_path_factory.mktemp("parted")
    episodes = _small_archive(root, 2)
    shutil.copy(SEED, episodes / SEED.name)
    shutil.copy(SEED.with_suffix(".yaml"), episodes / SEED.with_suffix(".yaml").name)
    www = tmp_path_factory.mktemp("www")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "PART_EPISODES", 1)
        result = build(root, out_dir=www / "archive", base_url="/archive/")
    assert not result.failed(strict=False)
    assert len(_parts(www / "archive")) == 3
    with static_server(www) as url:
        yield url + "archive/"


@pytest.fixture(scope="module")
def search_browser() -> Iterator[Any]:
    with launched_chromium() as browser:
        yield browser


@pytest.mark.browser
def test_searching_a_phrase_lands_on_its_paragraph(search_browser: Any, subpath_site: str) -> None:
    page = search_browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # The header box of any page leads to the search page with the words.
    page.goto(subpath_site + "episodes/920/")
    page.fill("form.site-search input[name=q]", PHRASE)
    page.press("form.site-search input[name=q]", "Enter")
    page.wait_for_url("**/archive/search/?q=*")
    result = page.locator(".pagefind-ui__result").first
    moment = result.locator(".pagefind-ui__result-nested").first
    moment.wait_for(timeout=10_000)
    assert result.locator(".pagefind-ui__result-link").first.inner_text().startswith("Episode 920")
    # The first result's moment: clock and speaker as its link, the words said as its excerpt.
    link = moment.locator(".pagefind-ui__result-link")
    # The link carries the words searched for, which the episode page marks.
    assert link.get_attribute("href") == f"/archive/episodes/920/?highlight={HIGHLIGHT}#t=10:19"
    assert link.inner_text() == "10:19 · Jon Krohn"
    excerpt = moment.locator(".pagefind-ui__result-excerpt").inner_text()
    assert "put it in the bag" in excerpt and "Krohn" not in excerpt
    link.click()
    page.wait_for_url(subpath_site + f"episodes/920/?highlight={HIGHLIGHT}#t=10:19")
    target = page.locator(":target")
    assert PHRASE in target.inner_text()
    in_view = page.evaluate(
        """() => { const r = document.querySelector(':target').getBoundingClientRect();
                   return r.top >= 0 && r.top < window.innerHeight; }"""
    )
    assert in_view
    assert errors == []
    page.close()


@pytest.mark.browser
def test_a_search_finds_moments_in_every_part_of_the_index(
    search_browser: Any, parted_site: str
) -> None:
    page = search_browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(parted_site + "search/?q=zebra")
    results = page.locator(".pagefind-ui__result-link:not(.pagefind-ui__result-nested *)")
    results.nth(1).wait_for(timeout=10_000)
    titles = sorted(results.all_inner_texts())
    assert len(titles) == 2 and titles[0].startswith("Episode 1") and "2" in titles[1]
    page.goto(parted_site + "search/?q=" + PHRASE.replace(" ", "+"))
    moment = page.locator(".pagefind-ui__result-nested .pagefind-ui__result-link").first
    moment.wait_for(timeout=10_000)
    assert moment.get_attribute("href") == f"/archive/episodes/920/?highlight={HIGHLIGHT}#t=10:19"
    assert errors == []
    page.close()


def test_filter_values_are_stored_escaped_for_the_ui_that_inserts_them_as_html(
    tmp_path: Path,
) -> None:
    # Pagefind's UI inserts a filter value as HTML (see search.filter_value): the index must hold
    # each title and name escaped exactly once, whatever Pagefind decodes on the way in.
    root = tmp_path / "site"
    episodes = root / "content" / "episodes"
    episodes.mkdir(parents=True)
    (episodes / "1.txt").write_text("Speaker 1: 00:00 Hello.\nSpeaker 2: 00:05 Hi.\n")
    (episodes / "1.yaml").write_text(
        'title: "<b>Bold</b> &amp; more"\n'
        'speakers: {Speaker 1: "Tom & Jerry <3", Speaker 2: "<img src=x onerror=alert(1)>"}\n'
    )
    out = tmp_path / "out"
    build(root, out_dir=out, jobs=1)
    stored = b"".join(
        gzip.decompress(path.read_bytes()) for path in (out / "pagefind" / "filter").iterdir()
    )
    for label in ("Episode 1: <b>Bold</b> &amp; more", "Tom & Jerry <3", "<img src=x onerror="):
        assert search.filter_value(label).encode() in stored, label
    assert b"<b>" not in stored and b"<img" not in stored and b"Tom & Jerry" not in stored


def test_episodes_without_text_take_no_part_so_part_one_always_has_the_scripts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "PART_EPISODES", 1)
    root = tmp_path / "site"
    episodes = root / "content" / "episodes"
    episodes.mkdir(parents=True)
    (episodes / "1.md").write_text("---\ntitle: Notes only\nepisode: 1\n---\nShow notes.\n")
    (episodes / "2.txt").write_text("Ana Ng: 00:00 Show 2 starts.\n")
    out = tmp_path / "out"
    result = build(root, out_dir=out, jobs=1)
    assert len(result.archive.episodes) == 2
    assert [p["bundle"] for p in _parts(out)] == [""]
    assert (out / "pagefind" / "pagefind.js").is_file()
