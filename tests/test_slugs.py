"""Slugs of names in any script: readable ASCII (transliterated), unique, the same every build;
Latin names keep the URLs they always had."""

# Letters that look Latin but are not (Greek, fullwidth) are what this file is about.
# ruff: noqa: RUF001

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.contexts import speaker_slugs
from sitegen.readers import read_episode_text
from sitegen.slugs import slug_or_hash, slugify
from tests.conftest import MakeSite

BODY = "Ann Lee: 00:01 Hello.\nBob Ray: 00:05 Hi.\n"


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Дмитрий Медведев", "dmitriy-medvedev"),  # Cyrillic
        ("Αθήνα", "athina"),  # Greek
        ("東京", "dong-jing"),  # CJK ideographs: a syllable each
        ("李小龙", "li-xiao-long"),
        ("とうきょう", "toukiyou"),  # kana
        ("안녕하세요", "annyeonghaseyo"),  # Hangul
        ("مرحبا بكم", "mrhb-bkm"),  # Arabic
        ("Đặng Thái Sơn", "dang-thai-son"),  # accented Latin
        ("Ελληνικά and English", "ellinika-and-english"),
    ],
)
def test_other_scripts_are_transliterated(name: str, slug: str) -> None:
    assert slugify(name) == slug


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Aaron van Wirdum", "aaron-van-wirdum"),
        ("Søren Ærø-Łukasz", "soren-aero-lukasz"),
        ("Café Crème", "cafe-creme"),
        ("Straße", "strasse"),
        ("😀 Jon ™", "jon-tm"),  # an emoji is dropped, as it always was
        ("ＡＢＣ ½", "abc-12"),  # compatibility forms as NFKD writes them
        ("e\u0301te\u0301", "ete"),  # decomposed accents (macOS file names)
        ("../../x", "x"),
    ],
)
def test_latin_names_keep_their_slugs(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_a_name_with_nothing_to_write_gets_a_stable_slug() -> None:
    first = slug_or_hash("🎙️🎧", "episode")
    assert re.fullmatch(r"episode-[0-9a-f]{8}", first)
    assert slug_or_hash("🎙️🎧", "episode") == first
    assert slug_or_hash("🎙️", "episode") != first
    assert slug_or_hash("Ann", "speaker") == "ann"


def test_speaker_slugs_are_readable_and_unique() -> None:
    slugs = speaker_slugs(["Дмитрий", "Dmitriy", "東京", "🎙️"])
    assert slugs["Dmitriy"] == "dmitriy" and slugs["Дмитрий"] == "dmitriy-2"  # sorted names
    assert slugs["東京"] == "dong-jing"
    assert re.fullmatch(r"speaker-[0-9a-f]{8}", slugs["🎙️"])
    assert speaker_slugs(["🎙️", "Zed"])["🎙️"] == slugs["🎙️"]  # whatever else is there


def test_non_latin_names_build_readable_urls(make_site: MakeSite) -> None:
    site = make_site(
        {
            "content/episodes/東京.md": "Дмитрий: 00:01 Привет.\nΑθηνά: 00:05 Γεια.\n",
            "content/episodes/Αθήνα.txt": "Ann Lee: 00:01 Hello.\n",
            "content/episodes/🎙️.txt": "Ann Lee: 00:01 Hi there.\n",
            "content/episodes/athina.txt": "Ann Lee: 00:01 Hello again.\n",
            "content/Радио/1.txt": BODY,
        }
    )
    result = build(site, out_dir=site / "_site", jobs=1)
    assert not result.failed(strict=True), [d.format() for d in result.diagnostics]
    out = site / "_site"
    episodes = sorted(p.name for p in (out / "episodes").iterdir() if p.is_dir())
    hashed = slug_or_hash("🎙️", "episode")
    # `athina.txt` and `Αθήνα.txt` both make "athina": the later by path gets `-2`.
    assert episodes == sorted(["dong-jing", "athina", "athina-2", hashed])
    assert (out / "speakers/dmitriy/index.html").is_file()
    assert (out / "speakers/athina/index.html").is_file()
    assert (out / "radio/episodes/1/index.html").is_file()  # a show's folder


def test_show_folders_of_one_slug_are_told_apart(make_site: MakeSite) -> None:
    site = make_site({"content/Tōkyō/1.txt": BODY, "content/tokyo/1.txt": BODY})
    result = build(site, out_dir=site / "_site", jobs=1)
    messages = [d.message for d in result.diagnostics]
    assert any('would be the show "tokyo"' in m and "/tokyo-2/" in m for m in messages)
    assert (site / "_site/tokyo/episodes/1/index.html").is_file()
    assert (site / "_site/tokyo-2/episodes/1/index.html").is_file()


def test_a_show_named_in_metadata_is_told_its_id() -> None:
    result = read_episode_text("---\nshow: Радио Т\n---\n" + BODY, Path("1.md"))
    assert [d.message for d in result.diagnostics] == [
        "front matter `show` must be a show's id, lowercase letters, digits and hyphens like"
        ' `go-time`, not "Радио Т" (did you mean "radio-t"?)'
    ]
