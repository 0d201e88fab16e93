"""An episode with metadata and no transcript yet (front matter alone, or a sidecar beside an
empty file) gets its page, saying so, and a warning; it gets no downloads, no transcript in the
feed and nothing in the search index. An empty file with no metadata still gives no episode."""

from __future__ import annotations

import pytest

from sitegen.build import build
from sitegen.cli import main

from .conftest import MakeSite

FRONT = (
    "---\nepisode: 14\ntitle: Nothing said\ndate: 2024-05-01\n"
    "audio: https://cdn.example/14.mp3\naudio_length: 1200\n---\n"
)
SIDECAR = "episode: 15\ntitle: Sidecar only\ndate: 2024-05-08\n"
SPOKEN = "Ann Lee: 00:01 Hello, and see episode 14 for the details.\n"


def test_each_kind_of_metadata_only_file_gets_a_page_saying_no_transcript_yet(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site(
        {
            "content/episodes/14.md": FRONT,
            "content/episodes/15.txt": "",
            "content/episodes/15.yaml": SIDECAR,
            "content/episodes/nothing-yet.txt": "---\ntitle: A plain text header\n---\n\n",
            "content/episodes/16.txt": SPOKEN,
            "content/episodes/17.txt": "\n",
            "sitegen.toml": 'base_url = "https://example.org/"\nblock = true\n',
        }
    )
    assert main(["build", str(site), "-q"]) == 0
    assert capsys.readouterr().err.splitlines() == [
        "content/episodes/14.md: warning: episode 14 has metadata but no transcript yet;"
        " its page says so",
        "content/episodes/15.txt: warning: episode 15 has metadata but no transcript yet;"
        " its page says so",
        "content/episodes/17.txt: warning: file is empty; no episode read",
        'content/episodes/nothing-yet.txt: warning: episode "nothing-yet" has metadata but no'
        " transcript yet; its page says so",
    ]
    out = site / "_site"
    assert sorted(p.name for p in (out / "episodes").iterdir()) == [
        "14",
        "15",
        "16",
        "nothing-yet",
    ]
    page = (out / "episodes/14/index.html").read_text()
    assert '<h1 id="episode-title">Nothing said</h1>' in page
    assert '<time datetime="2024-05-01">' in page
    assert '<audio class="episode-audio"' in page and "https://cdn.example/14.mp3" in page
    assert '<p class="no-transcript">No transcript yet.</p>' in page
    assert 'class="downloads"' not in page
    assert sorted(p.name for p in (out / "episodes/14").iterdir()) == ["index.html"]
    assert "Sidecar only" in (out / "episodes/15/index.html").read_text()
    # The spoken episode's mention of 14 links to its page.
    mention = '<a class="mention" href="../../episodes/14/">episode 14</a>'
    assert mention in (out / "episodes/16/index.html").read_text()


def test_an_episode_without_transcript_announces_none_in_the_feed_or_search(
    make_site: MakeSite,
) -> None:
    site = make_site(
        {
            "content/episodes/14.md": FRONT,
            "content/episodes/16.txt": SPOKEN,
            "sitegen.toml": 'base_url = "https://example.org/"\n',
        }
    )
    result = build(site)
    feed = (site / "_site/feed.xml").read_text()
    (item_14,) = [item for item in feed.split("<item>")[1:] if "Nothing said" in item]
    assert "<enclosure" in item_14
    assert "podcast:transcript" not in item_14
    assert "episodes/16/transcript.vtt" in feed
    assert [e.key for e in result.archive.episodes if not e.turns] == ["14"]
    indexed = (site / "_site/pagefind").is_dir()
    assert indexed  # the index is built from the episode with text, without tripping on 14


def test_an_archive_of_episodes_without_transcripts_builds(make_site: MakeSite) -> None:
    site = make_site({"content/episodes/14.md": FRONT})
    result = build(site)
    assert [e.key for e in result.archive.episodes] == ["14"]
    assert "No transcript yet." in (site / "_site/episodes/14/index.html").read_text()
