"""Whole builds from small site folders: pages, links, backlinks, safety, errors, determinism."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.cli import main

from .conftest import MakeSite

REPO = Path(__file__).resolve().parent.parent

EP_913 = (
    "---\ntitle: Post-training matters\nepisode: 913\ndate: 2025-08-05\n"
    "guests: [Julien Launay]\ndescription: Why post-training now matters more.\n---\n"
    "Jon Krohn: 00:00 This is episode number 913.\n"
    "Julien Launay: 00:05 Hello there.\n"
)
EP_920 = (
    "---\ntitle: In case you missed it\nepisode: 920\ndate: 2025-09-01\n---\n"
    "Jon Krohn: 00:00 Welcome.\n"
    "01:10 We head first to episode number 913 where Julien talks.\n"
    "Julien Launay: 01:30 And we also said in episode 400 something.\n"
)


def page(out: Path, rel: str) -> str:
    return (out / rel).read_text(encoding="utf-8")


def all_files(root: Path) -> dict[str, bytes]:
    """Every output file but the search bundle: Pagefind names its filter and meta files after
    Rust hash-map order, which differs between runs (tests/test_search.py covers the bundle;
    a rebuild into the same folder keeps it, so no-op rebuilds still write nothing)."""
    files = {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and p.relative_to(root).parts[0] != "pagefind"
    }
    if ".sitegen-manifest.json" in files:
        lines = files[".sitegen-manifest.json"].splitlines(keepends=True)
        files[".sitegen-manifest.json"] = b"".join(x for x in lines if b'"pagefind/' not in x)
    return files


def two_episode_site(make_site: MakeSite, extra: dict[str, str | bytes] | None = None) -> Path:
    return make_site(
        {"content/episodes/913.md": EP_913, "content/episodes/920.md": EP_920, **(extra or {})}
    )


def test_sample_archive_builds_every_page(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = build(REPO, out_dir=out)
    assert not result.failed(strict=False)
    for rel in [
        "index.html",
        "episodes/920/index.html",
        "references/index.html",
        "speakers/index.html",
        "speakers/jon-krohn/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "static/style.css",
        "static/sitegen.js",
    ]:
        assert (out / rel).is_file(), rel
    html = page(out, "episodes/920/index.html")
    assert html.count('class="para"') == 37
    assert html.count('class="turn') == 27
    assert 'id="t=16:29"' in html and 'id="t=16:29-2"' in html
    assert '<a class="clock" href="#t=16:29"' in html
    # the mentioned episodes are not in the sample archive: listed, linked nowhere
    assert html.count('class="mention"') == 5
    refs = page(out, "references/index.html")
    for number in (913, 915, 908, 917, 911):
        assert f"Episode {number}" in refs
    assert 'id="unresolved-920"' not in refs and 'id="ref-920"' not in refs


def test_mentions_link_to_target_and_backlinks_land_on_the_moment(
    make_site: MakeSite, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = build(two_episode_site(make_site), out_dir=out)
    assert not result.failed(strict=True), [d.format() for d in result.diagnostics]
    source = page(out, "episodes/920/index.html")
    assert '<a class="mention" href="../../episodes/913/">episode number 913</a>' in source
    assert '<span class="mention">episode 400</span>' in source  # not in the archive
    target = page(out, "episodes/913/index.html")
    assert '<p class="guests">With Julien Launay</p>' in target
    assert '<p class="lede">Why post-training now matters more.</p>' in target
    assert 'href="../../episodes/920/#t=01:10"' in target
    assert "Mentioned by" in target
    refs = page(out, "references/index.html")
    assert refs.index("Episode 913") < refs.index("Episodes not in this archive")
    assert refs.index("Episodes not in this archive") < refs.index("Episode 400")
    # previous/next: 920 is newer than 913
    assert 'rel="prev" href="../../episodes/913/"' in source
    assert 'rel="next" href="../../episodes/920/"' in target


def test_external_episode_url_links_unresolved_mentions(
    make_site: MakeSite, tmp_path: Path
) -> None:
    site = two_episode_site(
        make_site, {"sitegen.toml": 'external_episode_url = "https://pod.example/ep/{number}"\n'}
    )
    build(site, out_dir=tmp_path / "out")
    html = page(tmp_path / "out", "episodes/920/index.html")
    assert '<a class="mention" href="https://pod.example/ep/400">episode 400</a>' in html


def test_subpath_base_url(make_site: MakeSite, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(two_episode_site(make_site), out_dir=out, base_url="https://u.github.io/archive/")
    assert 'href="/archive/static/style.css"' in page(out, "404.html")
    episode = page(out, "episodes/913/index.html")
    assert 'href="../../static/style.css"' in episode
    assert '<link rel="canonical" href="https://u.github.io/archive/episodes/913/">' in episode
    assert "<loc>https://u.github.io/archive/episodes/920/</loc>" in page(out, "sitemap.xml")
    assert "Sitemap: https://u.github.io/archive/sitemap.xml" in page(out, "robots.txt")
    # no page links to the host root: every internal link is relative or under /archive/
    for html_file in out.rglob("*.html"):
        assert not re.search(r'(href|src)="/(?!archive/)', html_file.read_text()), html_file


def test_identical_input_gives_identical_output_and_noop_rebuild_writes_nothing(
    make_site: MakeSite, tmp_path: Path
) -> None:
    site = two_episode_site(make_site)
    first = build(site, out_dir=tmp_path / "a")
    build(site, out_dir=tmp_path / "b")
    assert all_files(tmp_path / "a") == all_files(tmp_path / "b")
    again = build(site, out_dir=tmp_path / "a")
    assert first.stats is not None and first.stats.written == first.pages
    assert again.stats is not None and again.stats.written == 0
    assert again.stats.unchanged == again.pages


def test_removed_episode_is_pruned_but_foreign_files_stay(
    make_site: MakeSite, tmp_path: Path
) -> None:
    site = two_episode_site(make_site)
    out = tmp_path / "out"
    build(site, out_dir=out)
    (out / "CNAME").write_text("pod.example")
    (site / "content/episodes/913.md").unlink()
    result = build(site, out_dir=out)
    assert result.stats is not None and result.stats.pruned >= 1
    assert not (out / "episodes/913").exists()
    assert (out / "CNAME").read_text() == "pod.example"


def test_a_build_with_errors_keeps_the_previous_site(make_site: MakeSite, tmp_path: Path) -> None:
    site = two_episode_site(make_site)
    out = tmp_path / "out"
    build(site, out_dir=out)
    (site / "content/episodes/913.md").write_bytes(b"\x00\x01\x02binary")
    result = build(site, out_dir=out)
    assert result.failed(strict=False)
    assert (out / "episodes/913/index.html").exists()  # not pruned after a failed build
    assert (out / "episodes/920/index.html").exists()


def test_transcript_and_metadata_cannot_inject_markup(make_site: MakeSite, tmp_path: Path) -> None:
    evil = (
        '---\ntitle: "<script>alert(1)</script>"\ndescription: "<img src=x onerror=alert(2)>"\n'
        "slug: ../../x\n---\n"
        "<script>alert(3)</script>: 00:01 <b>bold</b> & <iframe src=//evil>\n"
    )
    site = make_site({"content/episodes/evil.md": evil})
    out = tmp_path / "out"
    build(site, out_dir=out)
    for html_file in out.rglob("*.html"):
        text = html_file.read_text()
        assert "<script>alert" not in text and "<img src=x" not in text and "<iframe" not in text
        assert "<b>bold" not in text
    assert all(p.resolve().is_relative_to(out.resolve()) for p in out.rglob("*"))
    assert not (tmp_path / "x").exists()


def test_duplicate_episode_numbers_keep_both_transcripts(
    make_site: MakeSite, tmp_path: Path
) -> None:
    site = make_site(
        {
            "content/episodes/a.md": "---\nepisode: 42\n---\nAnn: 00:01 First file.\n",
            "content/episodes/b.md": "---\nepisode: 42\n---\nBob: 00:01 Second file.\n",
        }
    )
    result = build(site, out_dir=tmp_path / "out")
    messages = [d.format(root=site) for d in result.diagnostics]
    assert messages == [
        "content/episodes/b.md: error: episode 42 is also claimed by a.md; both are"
        " published, this file as episodes/b/ without a number (if they are one episode,"
        " give the files one name)"
    ]
    assert "First file." in page(tmp_path / "out", "episodes/42/index.html")
    assert "Second file." in page(tmp_path / "out", "episodes/b/index.html")


def test_output_inside_content_is_refused(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = two_episode_site(make_site)
    code = main(["build", str(site), "-o", str(site / "content" / "out")])
    assert code == 1
    assert "inside the content folder; refusing" in capsys.readouterr().err
    assert not (site / "content" / "out").exists()


def test_cli_exit_codes_and_strict(make_site: MakeSite, capsys: pytest.CaptureFixture[str]) -> None:
    site = two_episode_site(make_site, {"content/episodes/notes.pdf": "%PDF-1.4\n"})
    assert main(["build", str(site), "-q"]) == 0  # a skipped file is a warning
    err = capsys.readouterr().err
    assert "content/episodes/notes.pdf: warning: not read" in err
    assert main(["build", str(site), "--strict", "-q"]) == 1


def test_check_reports_derived_values_and_writes_nothing(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site(
        {"content/episodes/seed.txt": (REPO / "content/episodes/episode-920.txt").read_text()}
    )
    assert main(["check", str(site)]) == 0
    out = capsys.readouterr().out
    assert "content/episodes/seed.txt: episode number 920" in out
    assert not (site / "_site").exists()


def test_python_dash_m_runs_the_same_cli(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "sitegen", "build", str(REPO), "-o", str(tmp_path / "o"), "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "o" / "episodes" / "920" / "index.html").is_file()


def test_show_names_make_own_show_mentions_count(make_site: MakeSite, tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "content/episodes/44.md": "**Gerhard:** Hello.\n",
        "content/episodes/50.md": "**Gerhard:** As we said in Ship It episode 44, it works.\n",
    }
    plain = build(make_site(files), out_dir=tmp_path / "plain")
    assert plain.archive.mentions_in == {}  # another show's episode 44, as far as sitegen knows
    configured = build(
        make_site({**files, "sitegen.toml": 'show_names = ["Ship It"]\n'}), out_dir=tmp_path / "own"
    )
    assert [m.source_key for m in configured.archive.mentions_in["44"]] == ["50"]


def test_site_templates_and_static_override_the_theme_by_name(
    make_site: MakeSite, tmp_path: Path
) -> None:
    site = two_episode_site(
        make_site,
        {
            "templates/404.html": (
                '{% extends "base.html" %}{% block main %}Lost at sea{% endblock %}'
            ),
            "static/style.css": "body { color: red }",
            "static/logo.svg": "<svg/>",
        },
    )
    out = tmp_path / "out"
    build(site, out_dir=out)
    assert "Lost at sea" in page(out, "404.html")
    assert page(out, "static/style.css") == "body { color: red }"
    assert page(out, "static/logo.svg") == "<svg/>"
    assert (out / "static/sitegen.js").is_file()  # built-in files not overridden stay
    assert "Mentioned by" in page(out, "episodes/913/index.html")  # other templates unchanged


def test_markdown_pages_are_published_with_html_escaped(
    make_site: MakeSite, tmp_path: Path
) -> None:
    site = two_episode_site(
        make_site,
        {"content/pages/about.md": "# About this show\n\nWe talk *data*. <script>x()</script>\n"},
    )
    out = tmp_path / "out"
    build(site, out_dir=out)
    about = page(out, "about/index.html")
    assert "<title>About this show · Podcast transcripts</title>" in about
    assert "<h1>About this show</h1>" in about and "<em>data</em>" in about
    assert "<script>x()" not in about
    assert "https://" not in page(out, "sitemap.xml") and "/about/</loc>" in page(
        out, "sitemap.xml"
    )


def test_parallel_build_gives_the_same_bytes_as_one_process(
    make_site: MakeSite, tmp_path: Path
) -> None:
    from sitegen.workers import MIN_PARALLEL

    files: dict[str, str | bytes] = {
        f"content/episodes/{n}.txt": (
            f"Host: 00:00 This is episode {n}. Last time, in episode {n - 1}, we said {n * 7}.\n"
            f"Guest {n % 5}: 00:10 Hello from guest {n % 5}.\n"
        )
        for n in range(1, MIN_PARALLEL + 20)
    }
    site = make_site(files)
    serial = build(site, out_dir=tmp_path / "serial", jobs=1)
    parallel = build(site, out_dir=tmp_path / "parallel", jobs=2)
    assert serial.pages == parallel.pages > MIN_PARALLEL
    assert all_files(tmp_path / "serial") == all_files(tmp_path / "parallel")
    again = build(site, out_dir=tmp_path / "parallel", jobs=2)
    assert again.stats is not None and again.stats.written == 0


def test_render_workers_replaced_after_each_chunk_give_the_same_bytes(
    make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rendering worker is replaced by a fresh fork after a few chunks (to bound the memory
    it copies from the archive); with one chunk per worker every chunk gets a new process.
    A build that keeps every page and download forks no worker at all."""
    from sitegen import workers

    files: dict[str, str | bytes] = {
        f"content/episodes/{n}.txt": f"Host: 00:00 Episode {n}, after episode {n - 1}.\n"
        for n in range(1, workers.MIN_PARALLEL + 40)
    }
    site = make_site(files)
    serial = build(site, out_dir=tmp_path / "serial", jobs=1)
    pids = tmp_path / "pids"
    pids.mkdir()
    render_chunk = workers._render_chunk

    def counted(plans: list[workers._Plan]) -> tuple[int, list[workers.Rendered]]:
        (pids / str(os.getpid())).touch()
        return render_chunk(plans)

    # Pickled by name to the workers, and found there in place of the original.
    counted.__module__, counted.__qualname__ = render_chunk.__module__, render_chunk.__qualname__
    monkeypatch.setattr(workers, "_render_chunk", counted)
    monkeypatch.setattr(workers, "EPISODES_PER_WORKER", 1)
    parallel = build(site, out_dir=tmp_path / "parallel", jobs=2)
    chunks = -(-len(files) // workers._chunk_size(len(files), 2))
    assert len(list(pids.iterdir())) == chunks > 2
    assert serial.pages == parallel.pages
    assert all_files(tmp_path / "serial") == all_files(tmp_path / "parallel")
    for pid in pids.iterdir():
        pid.unlink()
    kept = build(site, out_dir=tmp_path / "parallel", jobs=2)
    assert kept.stats is not None and kept.stats.written == 0
    assert list(pids.iterdir()) == []  # nothing to make: no worker forked


def test_a_paragraph_naming_an_episode_twice_is_listed_once(
    make_site: MakeSite, tmp_path: Path
) -> None:
    site = make_site(
        {
            "content/episodes/33.md": "**Ann:** Merry Shipmas.\n",
            "content/episodes/80.md": "**Ann:** In November, episode 33, Ship It #33 - listen.\n",
            "sitegen.toml": 'show_names = ["Ship It"]\n',
        }
    )
    out = tmp_path / "out"
    result = build(site, out_dir=out)
    assert len(result.archive.mentions_in["33"]) == 2  # both are linked in the text
    assert page(out, "episodes/80/index.html").count('class="mention"') == 2
    assert "Mentioned 1 time<" in page(out, "references/index.html")
    assert page(out, "episodes/33/index.html").count('href="../../episodes/80/#p0"') == 1


def test_page_front_matter_and_taken_urls(make_site: MakeSite, tmp_path: Path) -> None:
    site = two_episode_site(
        make_site,
        {
            "content/pages/contact.md": "---\ntitle: Write to us\nslug: Get in Touch\n---\nHi.\n",
            "content/pages/speakers.md": "# Our speakers\n",
        },
    )
    out = tmp_path / "out"
    result = build(site, out_dir=out)
    assert "<title>Write to us · Podcast transcripts</title>" in page(
        out, "get-in-touch/index.html"
    )
    assert [d.format(root=site) for d in result.diagnostics] == [
        "content/pages/speakers.md: error: page URL /speakers/ is already taken; rename the page"
    ]
    assert "<h1>Speakers</h1>" in page(out, "speakers/index.html")


def test_heading_links_are_rendered(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site(
        {"content/episodes/1.md": "## About [<Taproot>](https://x.org/t?a=1&b=2)\n\n**Ann:** Hi.\n"}
    )
    build(site, out_dir=tmp_path / "out")
    html = page(tmp_path / "out", "episodes/1/index.html")
    assert (
        '<h3 class="chapter">About <a class="link" href="https://x.org/t?a=1&amp;b=2">'
        "&lt;Taproot&gt;</a></h3>"
    ) in html


def test_a_render_worker_that_dies_fails_the_build_instead_of_hanging_it(
    make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from concurrent.futures.process import BrokenProcessPool

    from sitegen import workers

    files: dict[str, str | bytes] = {
        f"content/episodes/{n}.txt": f"Host: 00:00 Episode {n}.\n"
        for n in range(1, workers.MIN_PARALLEL + 10)
    }
    site = make_site(files)

    def killed(keys: list[str]) -> list[workers.Rendered]:
        os._exit(9)  # as the kernel's out-of-memory killer would end it

    render_chunk = workers._render_chunk
    killed.__module__, killed.__qualname__ = render_chunk.__module__, render_chunk.__qualname__
    monkeypatch.setattr(workers, "_render_chunk", killed)
    with pytest.raises(BrokenProcessPool):
        build(site, out_dir=tmp_path / "out", jobs=2)


def test_speakers_renamed_in_the_reading_workers_give_the_same_bytes_as_one_process(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """Renaming (`speakers:` per episode, then speaker_aliases) is done in the reading workers
    and kept with the episode read; the site is the same as when one process does it all."""
    from sitegen.workers import MIN_PARALLEL

    files: dict[str, str | bytes] = {
        "sitegen.toml": 'title = "Show"\n\n[speaker_aliases]\n"Jon" = "Jon Krohn"\n',
    }
    for n in range(1, MIN_PARALLEL + 10):
        front = "---\nspeakers: {Speaker 1: Ana Ng}\n---\n" if n % 3 == 0 else ""
        files[f"content/episodes/{n}.md"] = (
            f"{front}**Jon:** [00:00] Episode {n}, after episode {n - 1}.\n\n"
            f"**Speaker 1:** [00:10] Thanks, Jon.\n"
        )
    site = make_site(files)
    serial = build(site, out_dir=tmp_path / "serial", jobs=1)
    parallel = build(site, out_dir=tmp_path / "parallel", jobs=2)
    assert not parallel.diagnostics
    assert set(parallel.archive.speakers) == {"Jon Krohn", "Ana Ng", "Speaker 1"}
    assert len(parallel.archive.speakers["Ana Ng"]) == (MIN_PARALLEL + 9) // 3
    assert all_files(tmp_path / "serial") == all_files(tmp_path / "parallel")
    assert serial.pages == parallel.pages


def test_a_twin_that_takes_a_speakers_mapping_from_its_show_notes_is_renamed_by_it(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """Each file is renamed when read, by its own mapping; the transcript that wins takes the
    show notes' `speakers:` mapping, then the site's aliases, as if it had it itself."""
    site = make_site(
        {
            "sitegen.toml": 'title = "Show"\n\n[speaker_aliases]\n"Jon" = "Jon Krohn"\n',
            "content/episodes/1.txt": "Speaker 1: 00:00 Hello.\nAna Ng: 00:10 Hi.\n",
            "content/episodes/1.md": "---\nspeakers: {Speaker 1: Jon}\n---\nShow notes.\n",
        }
    )
    result = build(site, out_dir=tmp_path / "out", jobs=1, search=False)
    assert set(result.archive.speakers) == {"Jon Krohn", "Ana Ng"}


def test_only_the_downloads_the_config_lists_are_written_linked_and_announced(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """`downloads = ["vtt"]`: one file, one menu entry, one feed tag, no JSON-LD transcript
    (that one points at the .txt); then `[]`: the files go with the next build, and the menu."""
    site = make_site(
        {
            "content/episodes/7.txt": "Host: 00:00 Hello there.\nGuest: 00:05 Hi.\n",
            "content/episodes/7.yaml": "audio: https://example.org/7.mp3\naudio_length: 9\n",
            "sitegen.toml": 'base_url = "https://example.org/"\ndownloads = ["vtt"]\n'
            "block = true\n",
        }
    )
    out = tmp_path / "out"
    assert not build(site, out_dir=out, jobs=1, search=False).diagnostics
    made = sorted(p.name for p in (out / "episodes" / "7").iterdir())
    assert made == ["index.html", "transcript.vtt"]
    html = page(out, "episodes/7/index.html")
    assert re.findall(r'href="[^"]*/(transcript\.\w+)"', html) == ["transcript.vtt"]
    assert '"contentUrl":' in html and '"transcript":' not in html  # JSON-LD
    feed = page(out, "feed.xml")
    assert feed.count("<podcast:transcript ") == 1 and "transcript.vtt" in feed
    toml = 'base_url = "https://example.org/"\ndownloads = []\nblock = true\n'
    (site / "sitegen.toml").write_text(toml)
    assert not build(site, out_dir=out, jobs=1, search=False).diagnostics
    assert sorted(p.name for p in (out / "episodes" / "7").iterdir()) == ["index.html"]
    assert 'class="downloads"' not in page(out, "episodes/7/index.html")
    assert "<podcast:transcript " not in page(out, "feed.xml")
