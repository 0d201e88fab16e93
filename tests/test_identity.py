"""Which episode each file is: seasons, numbers in names, clashes and copies. Each site is
built whole, and every test checks files in = episodes out and the transcript on its page."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sitegen.build import BuildResult, build
from sitegen.cli import main
from sitegen.readers.filenames import name_identity

from .conftest import MakeSite


def srt(text: str) -> str:
    first = f"1\n00:00:01,000 --> 00:00:04,000\nAnn: {text}\n\n"
    return first + "2\n00:00:04,500 --> 00:00:08,000\nMore.\n"


def built(make_site: MakeSite, files: dict[str, str]) -> tuple[BuildResult, Path]:
    site = make_site({f"content/episodes/{name}": text for name, text in files.items()})
    return build(site), site


def page_of(site: Path, key: str) -> str:
    return (site / "_site" / "episodes" / key / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("path", "season", "number"),
    [
        ("1_0.srt", 1, 0),
        ("8_5.srt", 8, 5),
        ("8_5-the-title.srt", 8, 5),
        ("S02E05.vtt", 2, 5),
        ("s2e5.vtt", 2, 5),
        ("show-s02-e05-the-title.md", 2, 5),
        ("Season 2 Episode 5.txt", 2, 5),
        ("2x05.srt", 2, 5),
        ("ep05.txt", None, 5),
        ("episode-5.txt", None, 5),
        ("920-in-case-you-missed-it.txt", None, 920),
        ("season-2/05.srt", 2, 5),
        ("Season 3/ep4.vtt", 3, 4),
        ("series_1/episode-12.md", 1, 12),
        ("1920x1080.txt", None, None),  # not 1920 seasons
        ("10_20_2023.txt", None, None),  # a date
        ("2024-05-the-title.md", None, None),  # a date
        ("about-taproot.md", None, None),
    ],
)
def test_names_give_season_and_number(path: str, season: int | None, number: int | None) -> None:
    named = name_identity(Path("content/episodes") / path)
    assert (named.season, named.number) == (season, number)


def test_season_episode_files_are_every_one_an_episode(make_site: MakeSite) -> None:
    # The shape that lost 62 of 70 transcripts: `<season>_<episode>.srt`, numbers restarting.
    files = {
        f"{s}_{e}.srt": srt(f"season {s} episode {e} words") for s in (1, 2, 3) for e in (0, 1)
    }
    result, site = built(make_site, files)
    assert len(result.archive.episodes) == len(files)
    assert sorted(result.archive.by_key) == ["s1e0", "s1e1", "s2e0", "s2e1", "s3e0", "s3e1"]
    assert [d for d in result.diagnostics if d.severity == "error"] == []
    for s in (1, 2, 3):
        for e in (0, 1):
            page = page_of(site, f"s{s}e{e}")
            assert f"season {s} episode {e} words" in page
            assert f"Season {s}, Episode {e}" in page
    feed = ET.parse(site / "_site/feed.xml")
    itunes = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
    seasons = sorted(e.text or "" for e in feed.iter(f"{itunes}season"))
    assert seasons == ["1", "1", "2", "2", "3", "3"]


def test_every_spelling_of_season_and_episode(make_site: MakeSite) -> None:
    files = {
        "S01E01.vtt": "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>one one\n",
        "s1e2.srt": srt("one two"),
        "2x01.srt": srt("two one"),
        "season-2/02.txt": "Ann: 00:01 two two\n",
        "Season 3/S03E01-the-title.md": "**Ann:** [00:00:01] three one\n",
    }
    result, site = built(make_site, files)
    assert sorted(result.archive.by_key) == ["s1e1", "s1e2", "s2e1", "s2e2", "s3e1"]
    for key, words in [("s1e1", "one one"), ("s2e2", "two two"), ("s3e1", "three one")]:
        assert words in page_of(site, key)


def test_one_season_keeps_plain_episode_urls(make_site: MakeSite) -> None:
    result, site = built(make_site, {"S01E01.srt": srt("first"), "S01E02.srt": srt("second")})
    assert sorted(result.archive.by_key) == ["1", "2"]
    assert "second" in page_of(site, "2")


def test_season_from_front_matter(make_site: MakeSite) -> None:
    files = {
        "a.md": "---\nseason: 1\nepisode: 1\nepisode_type: trailer\n---\n**Ann:** [00:01] a\n",
        "b.md": "---\nseason: 2\nepisode: 1\n---\n**Ann:** [00:01] b\n",
    }
    result, site = built(make_site, files)
    assert sorted(result.archive.by_key) == ["s1e1", "s2e1"]
    feed = (site / "_site/feed.xml").read_text()
    assert "<itunes:episodeType>trailer</itunes:episodeType>" in feed


def test_a_lone_number_at_the_end_of_a_name_is_not_an_episode_number(make_site: MakeSite) -> None:
    # Lenny's Podcast: `april-dunford-20` is a guest's second visit ("2.0"), not episode 20;
    # `ship-it-9`, `ship-it-10` are a series, numbered.
    files = {
        "april-dunford.md": "**Lenny:** [00:01] first visit\n",
        "april-dunford-20.md": "**Lenny:** [00:01] second visit\n",
        "elena-verna-30.md": "**Lenny:** [00:01] third visit\n",
        "ship-it-9.md": "**Gerhard:** [00:01] nine\n",
        "ship-it-10.md": "**Gerhard:** [00:01] ten\n",
    }
    result, site = built(make_site, files)
    assert sorted(result.archive.by_key) == [
        "10",
        "9",
        "april-dunford",
        "april-dunford-20",
        "elena-verna-30",
    ]
    assert [d for d in result.diagnostics if d.severity == "error"] == []
    assert "second visit" in page_of(site, "april-dunford-20")
    said = [note for path, note in result.notes if path.name == "april-dunford-20.md"]
    assert any("not taken as an episode number" in note for note in said)


def test_a_transcript_in_a_folder_of_its_own_is_named_by_the_folder(make_site: MakeSite) -> None:
    files = {
        "april-dunford-20/transcript.md": "**Lenny:** [00:01] bundle one\n",
        "brian-chesky/transcript.md": "**Lenny:** [00:01] bundle two\n",
        "ep-7/transcript.md": "**Lenny:** [00:01] bundle three\n",
    }
    result, site = built(make_site, files)
    assert sorted(result.archive.by_key) == ["7", "april-dunford-20", "brian-chesky"]
    assert "bundle two" in page_of(site, "brian-chesky")


def test_two_transcripts_claiming_one_number_are_both_published(make_site: MakeSite) -> None:
    files = {
        "920.txt": "Jon: 00:01 the first take\n",
        "episode-920.vtt": "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Jon>the second take\n",
    }
    result, site = built(make_site, files)
    # The take with a named speaker keeps the number; the other is published under its name.
    assert sorted(result.archive.by_key) == ["920", "920-txt"]
    errors = [d.format(root=site) for d in result.diagnostics]
    assert errors == [
        "content/episodes/920.txt: error: episode 920 is also claimed by episode-920.vtt; both"
        " are published, this file as episodes/920-txt/ without a number (if they are one"
        " episode, give the files one name)"
    ]
    assert "the second take" in page_of(site, "920")
    assert "the first take" in page_of(site, "920-txt")


def test_a_copy_under_another_name_is_one_episode(make_site: MakeSite) -> None:
    text = "Jon: 00:01 the only take\n"
    result, _site = built(make_site, {"551.txt": text, "551-stroll-down-lane.txt": text})
    assert list(result.archive.by_key) == ["551"]
    assert result.diagnostics == []
    # The first by path is published; the other is said to be its copy.
    assert result.archive.by_key["551"].source.name == "551-stroll-down-lane.txt"
    notes = [note for path, note in result.notes if path.name == "551.txt"]
    assert "a copy of 551-stroll-down-lane.txt: published once" in notes


def test_build_and_check_say_what_became_of_every_file(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site(
        {
            "content/episodes/412.vtt": "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>Hi.\n",
            "content/episodes/412.txt": "00:00:01 Hi.\n",
            "content/episodes/412.md": "# Notes\n\n**Michael #1:** a link\n",
            "content/episodes/412.yaml": "title: Hi\n",
            "content/episodes/413.md": "---\ndraft: true\n---\n**Ann:** [00:01] later\n",
            "content/episodes/414.txt": "",
            "content/episodes/cover.png": b"\x89PNG",
        }
    )
    assert main(["build", str(site), "-q"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["check", str(site)]) == 0
    out, err = capsys.readouterr()
    assert (
        "content: 7 files → 1 episode: 1 transcript, 1 twin, 1 draft, 1 show notes,"
        " 1 sidecar, 2 skipped"
    ) in out
    assert "content/episodes/414.txt: warning: file is empty; no episode read" in err
    assert "content/episodes/cover.png: warning: not read" in err
    # --strict fails on a transcript file that ends up in no published episode.
    assert main(["build", str(site), "--strict", "-q"]) == 1


def test_metadata_beside_its_transcript_fills_it_without_a_warning(make_site: MakeSite) -> None:
    files = {
        "14.txt": "---\ntitle: Nothing said yet\n---\n",
        "14.vtt": "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>Now said.\n",
    }
    result, site = built(make_site, files)
    assert result.diagnostics == []
    episode = result.archive.by_key["14"]
    assert episode.title == "Nothing said yet"
    assert "Now said." in page_of(site, "14")
