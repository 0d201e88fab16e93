"""`LiveSite.update` after any sequence of edits writes exactly what a clean build writes, and so
does `sitegen build` again into the same folder (keeping unchanged downloads).

Random edits (text, mentions, titles, dates, speakers, per-episode speaker renames, chapters,
new, deleted and renumbered episodes, Markdown pages) are applied to a small archive; after each
one the incrementally updated output folder must be byte-identical to a clean build of the same
files, and must have rewritten only files whose bytes changed.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from sitegen import feeds
from sitegen.build import build
from sitegen.incremental import LiveSite
from sitegen.keys import EPISODES_FILE, KEY_FILE
from sitegen.model import Episode
from sitegen.options import BuildOptions
from sitegen.render import SiteRenderer
from sitegen.views import EpisodeLinks, View

SPEAKERS = ("Jon Krohn", "Ana Ng", "Kwame Okafor", "Mei Lin")
WORDS = ("data", "model", "we", "talked", "about", "python", "really", "graph", "episode", "the")


def transcript(rng: random.Random, number: int, numbers: list[int]) -> str:
    lines = []
    clock = 0
    for _ in range(rng.randint(2, 6)):
        speaker = rng.choice(SPEAKERS)
        text = " ".join(rng.choices(WORDS, k=rng.randint(3, 12))).capitalize() + "."
        if numbers and rng.random() < 0.4:
            text += f" Back in episode {rng.choice(numbers)} we said so."
        lines.append(f"{speaker}: {clock // 60:02d}:{clock % 60:02d} {text}")
        clock += rng.randint(5, 90)
    return "\n".join(lines) + "\n"


def sidecar(rng: random.Random, number: int) -> str:
    day = rng.randint(1, 28)
    month = rng.randint(1, 12)
    text = f"title: Show {number} {rng.choice(WORDS)}\ndate: 2024-{month:02d}-{day:02d}\n"
    if rng.random() < 0.3:
        # A per-episode rename: into another speaker of the archive (merging two people in
        # this episode) or into someone new, who then gets a speaker page of their own.
        label = rng.choice(SPEAKERS)
        name = rng.choice([*SPEAKERS, "Guest Speaker"])
        text += f"speakers: {{{label}: {name}}}\n"
    if rng.random() < 0.3:  # chapters, landing on whichever paragraph is spoken then
        text += f"chapters: ['0:00 Opening', '0:{rng.randint(10, 59)} {rng.choice(WORDS)}']\n"
    return text


def tree(folder: Path) -> dict[str, bytes]:
    # Not the search index: `update` leaves it to `LiveSite.index_search` (off the edit path), and
    # Pagefind names its filter and meta files after hashes of Rust hash-map order, which
    # differs between runs. tests/test_search.py checks the index after an update instead.
    # Nor the record of which downloads a full build made (sitegen.keys): bookkeeping that
    # an update drops, not part of the site.
    files = {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] not in ("pagefind", EPISODES_FILE)
    }
    manifest = files[".sitegen-manifest.json"].splitlines(keepends=True)
    files[".sitegen-manifest.json"] = b"".join(x for x in manifest if b'"pagefind/' not in x)
    return files


class Archive:
    def __init__(self, root: Path, rng: random.Random, network: bool = False) -> None:
        """A show in content/episodes/, or with `network` one show of two (content/go-time/,
        edited, beside content/js-party/, whose mentions of the same numbers are its own)."""
        self.rng = rng
        self.episodes = root / "content" / ("go-time" if network else "episodes")
        self.pages = root / "content" / "pages"
        self.episodes.mkdir(parents=True)
        self.pages.mkdir(parents=True)
        self.numbers = list(range(1, 7))
        for n in self.numbers:
            self.write(n)
        if network:
            other = root / "content" / "js-party"
            other.mkdir()
            for n in (1, 2, 3):
                (other / f"{n}.txt").write_text(transcript(rng, n, [1, 2, 3, 4, 5, 6]))
        (self.pages / "about.md").write_text("# About\n\nA show.\n")

    def write(self, n: int) -> list[Path]:
        text = self.episodes / f"{n}.txt"
        meta = self.episodes / f"{n}.yaml"
        text.write_text(transcript(self.rng, n, [m for m in self.numbers if m != n] + [99]))
        meta.write_text(sidecar(self.rng, n))
        return [text, meta]

    def edit(self) -> list[Path]:
        """One random edit; returns the paths it touched."""
        rng = self.rng
        n = rng.choice(self.numbers)
        kind = rng.choice(["text", "text", "meta", "new", "delete", "renumber", "page", "speaker"])
        text = self.episodes / f"{n}.txt"
        if kind == "text":
            text.write_text(transcript(rng, n, [*self.numbers, 99]))
            return [text]
        if kind == "meta":
            meta = self.episodes / f"{n}.yaml"
            meta.write_text(sidecar(rng, n))
            return [meta]
        if kind == "new":
            new = max(self.numbers) + 1
            self.numbers.append(new)
            return self.write(new)
        if kind == "delete" and len(self.numbers) > 2:
            self.numbers.remove(n)
            meta = self.episodes / f"{n}.yaml"
            text.unlink()
            meta.unlink()
            return [text, meta]
        if kind == "renumber":
            new = max(self.numbers) + 1
            self.numbers[self.numbers.index(n)] = new
            moved = []
            for suffix in (".txt", ".yaml"):
                old = self.episodes / f"{n}{suffix}"
                target = self.episodes / f"{new}{suffix}"
                old.rename(target)
                moved += [old, target]
            return moved
        if kind == "page":
            page = self.pages / rng.choice(["about.md", "contact.md"])
            body = " ".join(rng.choices(WORDS, k=5))
            page.write_text(f"# {rng.choice(WORDS).title()}\n\n{body}\n")
            return [page]
        # speaker: rename one speaker throughout one episode
        old_name, new_name = rng.sample(SPEAKERS, 2)
        text.write_text(text.read_text().replace(old_name, new_name))
        return [text]


@pytest.mark.parametrize(
    ("seed", "network"), [(seed, False) for seed in range(12)] + [(s, True) for s in range(4)]
)
def test_updates_after_random_edits_equal_a_clean_build(
    seed: int, network: bool, tmp_path: Path
) -> None:
    rng = random.Random(seed)
    root = tmp_path / "site"
    archive = Archive(root, rng, network)
    # With a parse cache, as `sitegen serve` has: an edited file's entry is made as it is read.
    site = LiveSite(BuildOptions(root, tmp_path / "live", jobs=1, cache_dir=tmp_path / "cache"))
    first = site.build()
    assert first.stats is not None and not first.failed(strict=False)
    for step in range(8):
        touched = archive.edit()
        before = tree(tmp_path / "live")
        result = site.update(touched)
        assert not result.failed(strict=False), [d.format() for d in result.diagnostics]
        clean = tmp_path / f"clean-{step}"
        build(root, out_dir=clean, jobs=1)
        after = tree(tmp_path / "live")
        expected = tree(clean)
        assert sorted(after) == sorted(expected), f"step {step}: files differ"
        wrong = [name for name in expected if after[name] != expected[name]]
        assert wrong == [], f"step {step} ({touched}): stale pages {wrong}"
        assert result.stats is not None
        rewritten = set(result.stats.changed)
        really_changed = {n for n in after if before.get(n) != after[n]}
        really_changed |= set(before) - set(after)
        assert rewritten == really_changed - {".sitegen-manifest.json"}


@pytest.mark.parametrize("seed", range(6))
def test_builds_after_random_edits_into_the_same_folder_equal_a_clean_build(
    seed: int, tmp_path: Path
) -> None:
    """`sitegen build` again after edits keeps the downloads of unchanged episodes
    (sitegen.keys), the transcripts read before (sitegen.parsecache) and the folder when
    nothing changed: the result is still a clean build's (no cache), byte for byte."""
    rng = random.Random(1000 + seed)
    root = tmp_path / "site"
    archive = Archive(root, rng)
    live = tmp_path / "live"
    cache = tmp_path / "cache"
    build(root, out_dir=live, jobs=1, reuse=True, search=False, cache_dir=cache)
    for step in range(6):
        archive.edit()
        result = build(root, out_dir=live, jobs=1, reuse=True, search=False, cache_dir=cache)
        assert not result.failed(strict=False), [d.format() for d in result.diagnostics]
        # (An edit may leave the files as they were, and the folder is then kept: either way
        # the output must be a clean build's.)
        clean = tmp_path / f"clean-{step}"
        build(root, out_dir=clean, jobs=1, search=False)
        built = {name: data for name, data in tree(live).items() if name != KEY_FILE}
        assert built == tree(clean), f"step {step}: the build differs from a clean one"
    again = build(root, out_dir=live, jobs=1, reuse=True, search=False, cache_dir=cache)
    # Nothing changed: the folder is kept, and what the last build warned is said again.
    assert again.reused is not None
    assert [d.format() for d in again.diagnostics] == [d.format() for d in result.diagnostics]


def three_episodes(root: Path, last_line: str = "") -> Path:
    """Episodes 1 to 3 in `root`'s content/episodes/ (returned): a greeting longer than the
    first words that lists and the feed quote, then a guest's line and `last_line`."""
    episodes = root / "content" / "episodes"
    episodes.mkdir(parents=True)
    for n in (1, 2, 3):
        (episodes / f"{n}.txt").write_text(
            f"Jon Krohn: 00:00 Welcome to show {n}. {'We talk about data. ' * 20}\n"
            f"Ana Ng: 00:10 Thanks for having me.\n{last_line}"
        )
    return episodes


def test_an_edit_inside_one_transcript_rewrites_only_its_page_and_downloads(
    tmp_path: Path,
) -> None:
    root = tmp_path / "site"
    episodes = three_episodes(root, "Jon Krohn: 00:20 In episode 1 we covered graphs.\n")
    site = LiveSite(BuildOptions(root, tmp_path / "live", jobs=1))
    site.build()
    edited = episodes / "3.txt"  # past the first 300 characters, which the feed quotes
    # The same number of words: speaker pages show words per speaker, and talk time is shared
    # by words, so a word more or less would rightly change Ana Ng's page too.
    edited.write_text(edited.read_text().replace("having me", "hosting me"))
    result = site.update([edited])
    assert result.stats is not None
    downloads = [f"episodes/3/transcript.{fmt}" for fmt in ("vtt", "srt", "json", "txt", "html")]
    assert sorted(result.stats.changed) == sorted(["episodes/3/index.html", *downloads])


def test_an_edit_that_moves_an_estimated_time_renders_the_lists_showing_it(
    tmp_path: Path,
) -> None:
    """A mention in a paragraph between two clocks is listed with its estimated time: an edit of
    the text before it moves that time (and anchor) while the mention itself stays the same, and
    the pages listing it must follow."""
    root = tmp_path / "site"
    episodes = root / "content" / "episodes"
    episodes.mkdir(parents=True)
    (episodes / "1.md").write_text("**Ann:** \\[00:00\\] The first one.\n")
    sparse = episodes / "2.md"
    sparse.write_text(
        # Past the first 300 characters, which the feed quotes (a change there is listed).
        f"**Ann:** \\[00:00\\] Hello. {'We talk about data. ' * 20}\n\n"
        "**Bob:** Some words first.\n\n"
        "**Ann:** Back in episode 1 we said so.\n\n**Bob:** \\[10:00\\] Bye.\n"
    )
    site = LiveSite(BuildOptions(root, tmp_path / "live", jobs=1))
    site.build()
    sparse.write_text(sparse.read_text().replace("Some words first.", "Many more words " * 30))
    result = site.update([sparse])
    assert not result.failed(strict=False)
    clean = tmp_path / "clean"
    build(root, out_dir=clean, jobs=1)
    after, expected = tree(tmp_path / "live"), tree(clean)
    assert [name for name in expected if after.get(name) != expected[name]] == []
    assert result.stats is not None
    assert {"episodes/1/index.html", "references/index.html"} <= set(result.stats.changed)


def test_a_build_after_an_edit_renders_only_the_pages_and_feeds_it_reaches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`sitegen build` after an edit keeps every page and feed whose key is the one recorded:
    an edit inside one transcript renders its own page and nothing else; an edit to what the
    lists and the feed quote (the first words) renders them too. Either way the folder is
    what a clean build makes."""
    root = tmp_path / "site"
    episodes = three_episodes(root)
    live = tmp_path / "live"
    build(root, out_dir=live, jobs=1, search=False)
    rendered: list[str] = []
    page, feed = SiteRenderer.page, feeds.feed_xml

    def counted_page(self: SiteRenderer, url: str, view: View) -> tuple[str, bytes]:
        rendered.append(url)
        return page(self, url, view)

    def counted_feed(*args: Any, **kwargs: Any) -> bytes:
        rendered.append("feed")
        return feed(*args, **kwargs)

    monkeypatch.setattr(SiteRenderer, "page", counted_page)
    monkeypatch.setattr("sitegen.build.feed_xml", counted_feed)
    edited = episodes / "3.txt"
    edited.write_text(edited.read_text().replace("having me", "hosting me"))  # as many words
    build(root, out_dir=live, jobs=1, search=False)
    assert rendered == ["episodes/3/"]
    rendered.clear()
    edited.write_text(edited.read_text().replace("Welcome to show 3", "Hello, show 3"))
    build(root, out_dir=live, jobs=1, search=False)
    assert {"episodes/3/", "", "feed"} <= set(rendered)
    assert "episodes/2/" not in rendered and "episodes/1/" not in rendered
    build(root, out_dir=tmp_path / "clean", jobs=1, search=False)
    built = {name: data for name, data in tree(live).items() if name != KEY_FILE}
    assert built == tree(tmp_path / "clean")


def test_a_build_after_an_edit_works_out_only_what_the_edit_reaches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keys of unchanged pages are taken from the record, not worked out again over the
    whole archive: an edit inside one transcript makes the links of that episode's page only
    and no list's view; words added make the views of the lists of talk (the speakers index
    and the pages of that episode's speakers) and no other. The folder is what a clean build
    makes."""
    root = tmp_path / "site"
    episodes = three_episodes(root, "Jon Krohn: 00:20 In episode 1 we covered graphs.\n")
    (episodes / "4.txt").write_text("Bo Li: 00:00 Welcome to show 4, from another host.\n")
    live = tmp_path / "live"
    build(root, out_dir=live, jobs=1, search=False)
    linked: list[str] = []
    viewed: list[str] = []
    episode_links, index_view = SiteRenderer.episode_links, SiteRenderer.index_view

    def counted_links(self: SiteRenderer, episode: Episode) -> EpisodeLinks:
        linked.append(episode.key)
        return episode_links(self, episode)

    def counted_view(self: SiteRenderer, url: str) -> View:
        viewed.append(url)
        return index_view(self, url)

    monkeypatch.setattr(SiteRenderer, "episode_links", counted_links)
    monkeypatch.setattr(SiteRenderer, "index_view", counted_view)
    edited = episodes / "3.txt"
    edited.write_text(edited.read_text().replace("having me", "hosting me"))  # as many words
    build(root, out_dir=live, jobs=1, search=False)
    assert set(linked) == {"3"} and viewed == []
    linked.clear()
    edited.write_text(edited.read_text().replace("hosting me", "hosting me today"))
    build(root, out_dir=live, jobs=1, search=False)
    assert set(linked) == {"3"}
    assert sorted(viewed) == ["speakers/", "speakers/ana-ng/", "speakers/jon-krohn/"]
    build(root, out_dir=tmp_path / "clean", jobs=1, search=False)
    built = {name: data for name, data in tree(live).items() if name != KEY_FILE}
    assert built == tree(tmp_path / "clean")
