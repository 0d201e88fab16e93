"""sitegen.mentions and sitegen.references: finding episode mentions in transcript text and the
archive graph."""

from __future__ import annotations

import datetime
import importlib
import json
import random
import re
import time
from pathlib import Path

import pytest

import sitegen.mentions.episode as mention_episode
import sitegen.mentions.scanner as scanner
import sitegen.mentions.shows as mention_shows
from sitegen.mentions import find_mentions, find_mentions_in_text
from sitegen.model import Episode, Metadata, Segment, Turn
from sitegen.references import link
from tests.conftest import CORPUS, SEED, require_shared


def words(text: str, show_names: tuple[str, ...] = ()) -> list[tuple[str, int]]:
    """The mentions in `text` as (matched words, number) — what a reader of the page sees."""
    return [(text[s:e], n) for s, e, n in find_mentions_in_text(text, show_names=show_names)]


def episode(
    key: str,
    *paragraphs: tuple[str | None, str],
    number: int | None = None,
    date: str | None = None,
) -> Episode:
    """An episode whose turns are (speaker, text) paragraphs; same speaker twice = one turn."""
    turns: list[Turn] = []
    for line, (speaker, text) in enumerate(paragraphs, 1):
        segment = Segment(start=line * 1000, end=None, text=text, line=line)
        if turns and turns[-1].speaker == speaker:
            turns[-1] = Turn(speaker, (*turns[-1].segments, segment))
        else:
            turns.append(Turn(speaker, (segment,)))
    meta = Metadata(
        episode=number if number is not None else (int(key) if key.isdigit() else None),
        date=datetime.date.fromisoformat(date) if date else None,
    )
    return Episode(key=key, meta=meta, turns=tuple(turns), source=Path(f"{key}.txt"), format="t")


_SEED_LINE = re.compile(r"^(?:(?P<name>[^:\d][^:]*): )?(?P<mm>\d+):(?P<ss>\d\d) (?P<text>.*)$")


def seed_episode(text: str) -> Episode:
    """The seed transcript (`Name: MM:SS text` / `MM:SS text`) as an Episode, parsed here so this
    test does not depend on the readers being written in parallel."""
    paragraphs: list[tuple[str | None, str]] = []
    speaker: str | None = None
    for raw in text.splitlines():
        m = _SEED_LINE.match(raw)
        assert m, raw
        speaker = m["name"] or speaker
        paragraphs.append((speaker, m["text"]))
    return episode("920", *paragraphs)


# --- phrase forms ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("we covered that in episode 913 last week", [("episode 913", 913)]),
        ("head first to episode number 913 where", [("episode number 913", 913)]),
        ("see episode #913.", [("episode #913", 913)]),
        ("Episode No. 913 was long", [("Episode No. 913", 913)]),
        ("in ep. 913 we", [("ep. 913", 913)]),
        ("in ep 913 we", [("ep 913", 913)]),
        ("in Ep. #913 we", [("Ep. #913", 913)]),
        ("in EPISODE 913 we", [("EPISODE 913", 913)]),
        ("on show number 131 we", [("show number 131", 131)]),
        ("on show #131 we", [("show #131", 131)]),
        ("Episode 1,000 is a milestone", [("Episode 1,000", 1000)]),
        ("the last episode, 77, was with DHH", [("episode, 77", 77)]),
        ("(episode 5)", [("episode 5", 5)]),
    ],
)
def test_each_phrase_form_is_a_mention(text: str, expected: list[tuple[str, int]]) -> None:
    assert words(text) == expected


def test_lists_give_one_mention_per_number() -> None:
    assert words("episodes 913 and 915 are related") == [("episodes 913", 913), ("915", 915)]
    assert words("episode 913, 915 and 917 too") == [
        ("episode 913", 913),
        ("915", 915),
        ("917", 917),
    ]
    assert words("in episodes 19, 26, and 38, so") == [("episodes 19", 19), ("26", 26), ("38", 38)]
    assert words("it was episode 3 or 4. I forget") == [("episode 3", 3), ("4", 4)]
    assert words("between episode 20 and episode 30") == [("episode 20", 20), ("episode 30", 30)]
    assert words("episodes #16 and #17") == [("episodes #16", 16), ("#17", 17)]


def test_a_comma_alone_makes_a_list_only_after_plural_episodes() -> None:
    assert words("episodes 50, 51 were fun") == [("episodes 50", 50), ("51", 51)]
    assert words("in episode 10, 20 of us said") == [("episode 10", 10)]


# --- speech-to-text digits -----------------------------------------------------------------------


def test_digits_split_by_speech_recognition_are_joined() -> None:
    assert words("I covered it in episode 9 0 8, which aired") == [("episode 9 0 8", 908)]
    assert words("episode 1 29 is the one") == [("episode 1 29", 129)]


def test_a_group_that_counts_something_is_not_part_of_the_number() -> None:
    # "episode 12 5 times": the 5 counts the times, so the episode is 12.
    assert words("I listened to episode 12 5 times") == [("episode 12", 12)]


def test_a_run_too_long_for_a_split_number_keeps_only_the_first_group() -> None:
    assert words("episode 10 20 30 40") == [("episode 10", 10)]
    assert words("episode 913 5 people") == [("episode 913", 913)]


def test_quantities_are_not_episode_numbers() -> None:
    assert words("in this episode 3 guests join me") == []
    assert words("about episode 5 minutes in") == []
    assert words("I published an episode 10 seconds ago") == []


# --- what is not a mention ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "in season 2, episode 1 of the show",
        "S2 episode 3 was great",
        "series 3 episode 4 was great",
        "episode 3 of season 2 was great",
        "this is episode 2 of 5 in our mini-series",
        "In Star Wars episode 4, A New Hope",
        "I loved episode 1 of the new Star Wars",
    ],
)
def test_tv_and_series_episodes_are_not_mentions(text: str) -> None:
    assert words(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "I was on the Changelog's episode 441 as well",
        "That was episode 441 on the Changelog's feed, so",
        "that was episode 441 of the Changelog, so",
        "The conversation from Changelog episode 459 is a nudge",
        "This is Go Time episode 163, on CUE",
        "recorded as Python Bytes, episode 484 on June 16",
        "a shout out to Stephan Livera\u2019s podcast, episode 433, where",
    ],
)
def test_other_shows_episodes_are_not_mentions(text: str) -> None:
    assert words(text) == []


def test_own_show_names_keep_qualified_mentions_and_add_bare_ones() -> None:
    own = ("Ship It!",)
    assert words("First of all, Ship It episode 44 was big") == []
    assert words("First of all, Ship It episode 44 was big", own) == [("Ship It episode 44", 44)]
    assert words("This is episode 20 of Ship It, but", own) == [("episode 20", 20)]
    assert words("In November, Ship It #33 - you can listen", own) == [("Ship It #33", 33)]
    # Another show stays excluded even when the current show is known.
    assert words("from Changelog episode 459 is", own) == []
    # Lower case "ship it" is the verb, not the show.
    assert words("we ship it 2 times a day", own) == []


def test_a_capitalised_word_that_starts_the_sentence_is_not_a_show_name() -> None:
    assert words("Terraform in Crossplane. Episode 33 - we tried it") == [("Episode 33", 33)]
    assert words("Remember episode 33? Merry Shipmas, episode 33.") == [
        ("episode 33", 33),
        ("episode 33", 33),
    ]
    assert words("In November, episode 33 came out") == [("episode 33", 33)]


@pytest.mark.parametrize(
    "text",
    [
        "at episode 10:30 the clock",
        "When you hit episode 10,001, it breaks",
        "this is episode 0,000 in anticipation",
        "episode 2.5 of the beta",
        "episode 12345 is too long",
        "https://example.com/episode/913",
        "changelog.com/441",
        "ep913 and episode913",
        "sleepep 913",
        "I'll show 3 slides",
        "the podcast show 2023 in London",
        "Episode-20-e1if91d",
    ],
)
def test_no_mentions_in_clocks_numbers_urls_or_words(text: str) -> None:
    assert words(text) == []


def test_spans_are_exactly_the_matched_words() -> None:
    text = "So episodes 913 and 915, then Ep. #917 and show number 131 — also episode 9 0 8."
    spans = find_mentions_in_text(text)
    assert [text[s:e] for s, e, _ in spans] == [
        "episodes 913",
        "915",
        "Ep. #917",
        "show number 131",
        "episode 9 0 8",
    ]
    assert [n for _, _, n in spans] == [913, 915, 917, 131, 908]
    assert spans == sorted(spans)


# --- episodes ----------------------------------------------------------------------------------


def test_seed_episode_920_mentions_its_neighbours_in_order_and_not_itself() -> None:
    ep = seed_episode(require_shared(SEED).read_text(encoding="utf-8"))
    mentions = find_mentions(ep)
    assert [m.target for m in mentions] == [913, 915, 908, 917, 911]
    segments = ep.segments()
    for m in mentions:
        assert m.source_key == "920"
        assert segments[m.segment_index][1].text[m.start : m.end] == m.words
    assert [m.words for m in mentions] == [
        "episode number 913",
        "episode number 915",
        "episode 9 0 8",
        "episode number 917",
        "episode number 911",
    ]
    assert segments[mentions[0].segment_index][1].text.startswith("Welcome back")


def test_seed_through_the_real_reader_when_it_exists() -> None:
    readers = pytest.importorskip("sitegen.readers")
    read_episode_file = getattr(readers, "read_episode_file", None)
    if read_episode_file is None:
        pytest.skip("sitegen.readers.read_episode_file is not written yet")
    result = read_episode_file(require_shared(SEED))
    ep = result[0] if isinstance(result, tuple) else getattr(result, "episode", result)
    assert [m.target for m in find_mentions(ep)] == [913, 915, 908, 917, 911]


def test_self_mention_is_not_a_cross_reference() -> None:
    ep = episode("920", ("Jon", "This is episode number 920, after episode 919."))
    assert [m.target for m in find_mentions(ep)] == [919]


def test_mentions_index_the_flattened_segments() -> None:
    ep = episode(
        "5",
        ("A", "nothing here"),
        ("A", "see episode 1"),
        ("B", "and episode 2"),
    )
    assert [(m.segment_index, m.target) for m in find_mentions(ep)] == [(1, 1), (2, 2)]


def test_snippet_contains_the_words_and_is_bounded_at_word_boundaries() -> None:
    before = " ".join(f"word{i}" for i in range(40))
    after = " ".join(f"tail{i}" for i in range(40))
    ep = episode("914", (None, f"{before} as heard in episode 913 where {after}"))
    (m,) = find_mentions(ep)
    assert "in episode 913 where" in m.snippet
    assert m.snippet.startswith("…") and m.snippet.endswith("…")
    assert len(m.snippet) <= 200 and len(m.snippet.split()) <= 24
    # Every word in the snippet is a whole word of the paragraph, not a fragment.
    whole = set(f"{before} as heard in episode 913 where {after}".split())
    assert set(m.snippet.strip("…").split()) <= whole


def test_snippet_of_a_short_paragraph_is_the_paragraph() -> None:
    (m,) = find_mentions(episode("8", (None, "Go back to\nepisode 7  for more.")))
    assert m.snippet == "Go back to episode 7 for more."


# --- the archive graph ---------------------------------------------------------------------------


def small_archive() -> list[Episode]:
    return [
        # A later number is a mention only when said as one to come (time order).
        episode("10", ("Ann", "Welcome. Next: episode 11, and episode 99."), date="2024-01-10"),
        episode("11", ("Ann", "Hi."), ("Bob", "Back to episode 10."), date="2024-02-01"),
        episode("12", ("Bob", "episode 10 again, and episode 11"), date="2024-02-01"),
        episode("notes", ("Cy", "Episode 12 is great"), number=None),
    ]


def test_link_orders_newest_first_by_date_then_number_then_key() -> None:
    archive = link(small_archive())
    assert [e.key for e in archive.episodes] == ["12", "11", "10", "notes"]
    assert list(archive.by_key) == ["12", "11", "10", "notes"]
    assert list(archive.by_number) == [(None, 12), (None, 11), (None, 10)]


def test_link_builds_backlinks_from_other_episodes() -> None:
    archive = link(small_archive())
    assert {k: [m.source_key for m in ms] for k, ms in archive.mentions_in.items()} == {
        "10": ["12", "11"],
        "11": ["12", "10"],
        "12": ["notes"],
    }
    assert [m.target for m in archive.mentions_out["10"]] == [11, 99]
    assert archive.mentions_out["11"][0].segment_index == 1  # the moment Bob says it


def test_link_lists_unresolved_mentions_apart() -> None:
    archive = link(small_archive())
    assert [(m.source_key, m.target) for m in archive.unresolved] == [("10", 99)]
    assert "99" not in archive.mentions_in


def test_link_indexes_speakers_with_their_episodes_newest_first() -> None:
    archive = link(small_archive())
    assert {name: [e.key for e in eps] for name, eps in archive.speakers.items()} == {
        "Ann": ["11", "10"],
        "Bob": ["12", "11"],
        "Cy": ["notes"],
    }
    assert list(archive.speakers) == ["Ann", "Bob", "Cy"]


def test_link_is_deterministic_whatever_the_input_order() -> None:
    episodes = small_archive()
    first = link(episodes)
    for seed in range(5):
        shuffled = episodes[:]
        random.Random(seed).shuffle(shuffled)
        again = link(shuffled)
        assert again == first
        assert repr(again) == repr(first)  # same dict orders, not just equal contents


def test_link_of_an_empty_archive_is_empty() -> None:
    archive = link([])
    assert archive.episodes == () and archive.mentions_in == {} and archive.unresolved == ()


# --- scale and real transcripts ------------------------------------------------------------------


def test_a_10_mb_paragraph_is_scanned_in_linear_time() -> None:
    chunk = (
        "We talked about this in episode 12 and 13, then the Changelog's episode 441; "
        + "lorem ipsum dolor sit amet, episodes shows ep numbers at 10:30 " * 40
    )
    text = chunk * (10_000_000 // len(chunk))
    started = time.perf_counter()
    spans = find_mentions_in_text(text)
    assert time.perf_counter() - started < 10
    assert len(spans) == 2 * (10_000_000 // len(chunk))


@pytest.mark.corpus
def test_ship_it_corpus_mentions() -> None:
    folder = require_shared(CORPUS / "changelog-shipit")
    found: dict[str, list[int]] = {}
    for name in ("ship-it-20.md", "ship-it-22.md", "ship-it-51.md", "ship-it-133.md"):
        text = (folder / name).read_text(encoding="utf-8")
        found[name] = [n for _, _, n in find_mentions_in_text(text, show_names=("Ship It",))]
    # "episode 10" twice, "episode ten" (a number in words); "episode number 21" further on.
    assert found["ship-it-20.md"][:3] == [10, 10, 10] and 21 in found["ship-it-20.md"]
    assert 459 not in found["ship-it-22.md"]  # "from Changelog episode 459": a sibling show
    assert found["ship-it-51.md"].count(50) >= 3 and 51 in found["ship-it-51.md"]
    assert found["ship-it-133.md"].count(44) == 2  # "Ship It episode 44", twice


@pytest.mark.corpus
def test_talk_python_self_intros_and_sibling_show() -> None:
    folder = require_shared(CORPUS / "talkpython")
    own = ("Talk Python To Me",)
    intro = (folder / "500-django-simple-deploy.txt").read_text(encoding="utf-8")
    assert 500 in [n for _, _, n in find_mentions_in_text(intro, show_names=own)]
    crossover = (folder / "553-all-our-tools.txt").read_text(encoding="utf-8")
    numbers = [n for _, _, n in find_mentions_in_text(crossover, show_names=own)]
    assert 553 in numbers and 484 not in numbers  # "recorded as Python Bytes, episode 484"


# --- the fast path: skipping paragraphs and scanning only before numbers changes nothing ------


@pytest.mark.parametrize(
    ("text", "show_names", "expected"),
    [
        ("Episode 12", (), [("Episode 12", 12)]),
        ("EPISODE 12", (), [("EPISODE 12", 12)]),
        ("as heard in ep.#913", (), [("ep.#913", 913)]),
        ("show #913", (), [("show #913", 913)]),
        ("12 and then episode 3 or 4", (), [("episode 3", 3), ("4", 4)]),
        ("Ship It #33", ("Ship It",), [("Ship It #33", 33)]),
        ("Ship It 44", ("Ship It",), [("Ship It 44", 44)]),
        (
            "it\u2019s \u201cShip\u2014It\u2019s episode 44\u201d",
            ("Ship It",),
            [("Ship\u2014It\u2019s episode 44", 44)],
        ),
        # Decimal digits other than 0-9 are digits to re (and to int()), so they count too.
        ("see episode \u0663 \u2014 it\u2019s", (), [("episode \u0663", 3)]),
        ("it\u2019s \u201cepisode \u0663\u0664\u201d", (), [("episode \u0663\u0664", 34)]),
        ("Episode \uff13", (), [("Episode \uff13", 3)]),
        ("Ship It \u0663", ("Ship It",), [("Ship It \u0663", 3)]),
        # The longest phrases, found whole: the windows before a number are exactly this long.
        ("episodes   numbers   \\#   5", (), [("episodes   numbers   \\#   5", 5)]),
        (
            "Podcast___transcripts's,   episodes   numbers   \\#   5",
            ("Podcast transcripts",),
            [("Podcast___transcripts's,   episodes   numbers   \\#   5", 5)],
        ),
        # ... and the lookbehind still sees the character before a window.
        ("/episodes   numbers   \\#   5", (), []),
        (
            "xPodcast___transcripts's,   episodes   numbers   \\#   5",
            ("Podcast transcripts",),
            [("episodes   numbers   \\#   5", 5)],
        ),
        ("it\u2019s \u201cepisode\u201d \u2014 no number\u2026", (), []),
    ],
)
def test_mentions_anywhere_in_any_digits_are_found(
    text: str, show_names: tuple[str, ...], expected: list[tuple[str, int]]
) -> None:
    assert words(text, show_names) == expected


def test_may_have_digit_never_misses_a_digit() -> None:
    every_character = "".join(map(chr, range(0x110000)))
    digits = re.findall(r"\d", every_character)
    assert len(digits) > 10
    typography = "it\u2019s \u2018a\u2019 \u201cb\u201d \u2013 c \u2014 d\u2026 caf\u00e9 "
    for digit in digits:
        assert scanner._may_have_digit(typography + digit), hex(ord(digit))
    assert not scanner._may_have_digit(typography)
    assert not scanner._may_have_digit("plain ASCII, no number")
    assert scanner._may_have_digit("\u4e00 unknown characters might be digits")


def _longest_match(pattern: re.Pattern[str]) -> int:
    parser = importlib.import_module("re._parser")  # CPython's own regex parser
    width: tuple[int, int] = parser.parse(pattern.pattern, pattern.flags).getwidth()
    return width[1]


@pytest.mark.parametrize(
    "show_names",
    [("Ship It",), ("Podcast transcripts",), ("Talk Python To Me", "Talk Python"), ("The X",)],
)
def test_window_reaches_are_the_longest_possible_phrases(show_names: tuple[str, ...]) -> None:
    assert _longest_match(scanner._HEAD_RE) == scanner._HEAD_REACH
    own = mention_shows._own_show(show_names)
    assert own is not None
    assert _longest_match(own.bare) == own.bare_reach


def _whole_text_heads(
    text: str, own: mention_shows._OwnShow | None
) -> list[tuple[int, int, bool, bool, bool]]:
    """`_heads` without the digit check and the windows: each pattern over the whole text."""
    heads = [
        (m.start(), m.end(), scanner._is_plural(m.group()), False, m["appos"] is not None)
        for m in scanner._HEAD_RE.finditer(text)
    ]
    if own is not None:
        heads += [
            (m.start(), m.end(), scanner._is_plural(m.group()), True, False)
            for m in own.bare.finditer(text)
            if m.group()[:1].isupper()
        ]
    return sorted(heads)


def test_windowed_heads_are_the_whole_text_heads() -> None:
    pieces = [
        *("episode", "Episodes", "EP.", "eps", "show", "Shows", "number", "No.", "nums"),
        *("#", "\\#", "\u2116", ",", ".", "/", "-", "'s", "\u2019", "\u2014", "x", "The"),
        *("Ship It", "ship", "It", "Podcast transcripts", "Talk Python", "To Me", "Web3"),
        *("1", "12", "913", "1,000", "10:30", "2.5", "\u0663", "\uff13", "9 0 8", "and"),
        *(" ", " ", " ", "  ", "   ", "\t", "\n", "\u00a0"),
    ]
    rng = random.Random(913)  # fixed: the same 3,000 texts every run
    show_sets = [(), ("Ship It",), ("Podcast transcripts", "Talk Python To Me"), ("Web3",)]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        own = mention_shows._own_show(rng.choice(show_sets))
        assert list(scanner._heads(text, own)) == _whole_text_heads(text, own), repr(text)


def _archive() -> list[Episode]:
    return [
        episode("1", ("Ann", "Welcome to the first show."), date="2024-01-01"),
        _episode_2(),
        episode("3", ("Bob", "Episode 2 and episode 9 again."), date="2024-01-15"),
    ]


def _episode_2(
    text: str = "As we said in episode 1, hello.",
    other: str = "Bob",
    date: str = "2024-01-08",
    number: int | None = None,
) -> Episode:
    return episode("2", ("Ann", text), (other, "Yes."), number=number, date=date)


@pytest.mark.parametrize(
    "edited_2",
    [
        pytest.param(_episode_2(text="As we said in episode 1, howdy."), id="text only"),
        pytest.param(_episode_2(text="Nothing to mention."), id="mention gone"),
        pytest.param(_episode_2(text="Episode 3 is next."), id="mention moved"),
        pytest.param(_episode_2(other="Cy"), id="speaker changed"),
        pytest.param(_episode_2(date="2024-02-01"), id="date moves it first"),
        pytest.param(_episode_2(number=9), id="renumbered"),
    ],
)
def test_relinking_with_the_previous_archive_equals_linking_afresh(edited_2: Episode) -> None:
    """`link(previous=…)` reuses the order, the mention graph and the speakers' lists when an
    edit leaves them as they were; whatever the edit, the result is a fresh link's."""
    before = link(_archive())
    # The episodes the edit did not touch are the very objects of the previous archive.
    edited = [before.by_key["1"], edited_2, before.by_key["3"]]
    assert link(edited, previous=before) == link(edited)


def test_an_edit_that_moves_nothing_keeps_the_mention_graph_itself() -> None:
    before = link(_archive())
    edited_2 = episode(
        "2",
        ("Ann", "As we said in episode 1, hello."),
        ("Bob", "Yes indeed."),  # outside the mention's snippet
        date="2024-01-08",
    )
    after = link([before.by_key["1"], edited_2, before.by_key["3"]], previous=before)
    assert after.mentions_in is before.mentions_in and after.unresolved is before.unresolved
    assert after.speakers["Ann"] == (after.by_key["2"], after.by_key["1"])  # the new episode 2


@pytest.mark.corpus
def test_skipping_paragraphs_changes_no_mention() -> None:
    """find_mentions looks for phrases only where `_phrase_starts` says one may start; on real
    transcripts (and the labeled lines, one paragraph each) that finds what scanning every
    paragraph whole finds."""
    folder = require_shared(CORPUS)
    paths = sorted(folder.glob("changelog-shipit/*.md"))[:40]
    paths += sorted(folder.glob("talkpython/*.txt"))[:20]
    paths += sorted(folder.glob("pythonbytes-notes/*.txt"))[:10]
    shows = mention_shows._context(
        ("Ship It", "Talk Python To Me"), {"changelog": ("The Changelog",)}, ("Python Bytes",)
    )
    lines = (Path(__file__).parent / "mentions" / "labeled.jsonl").read_text(encoding="utf-8")
    texts_of = [
        [line for line in p.read_text(encoding="utf-8").split("\n\n") if line] for p in paths
    ]
    texts_of.append([json.loads(raw)["text"] for raw in lines.splitlines()])
    for texts in texts_of:
        assert _found_at_starts(texts, shows, None) == _found_everywhere(texts, shows, None)


def test_skipping_paragraphs_changes_no_mention_in_random_texts() -> None:
    pieces = [
        *("episode", "Episodes", "EP.", "eps", "Ep", "show", "Shows", "number", "No.", "nums"),
        *("#", "\\#", "\u2116", ",", ".", "/", "-", "'s", "\u2019", "\u2014", "x", "The", "\u266a"),
        *("Ship It", "ship", "Talk Python", "Go Time", "two", "forty-one", "a hundred", "oh"),
        *("1", "12", "913", "1,000", "10:30", "\u0663", "9 0 8", "and", "or", "in", "next"),
        *(" ", " ", " ", "  ", "\t", "\n", "\u00a0", "\u202f", "\u3000", "\0"),
        *("notes", "a", "A", "hundred", "nr.", "?", "\u00e9", "\u2116 ", "Talk Python's"),
    ]
    shows = mention_shows._context(("Ship It",), {"go-time": ("Go Time",)}, ("Talk Python",))
    rng = random.Random(920)  # fixed: the same texts every run
    for _ in range(600):
        texts = [
            "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
            for _ in range(rng.randint(1, 8))
        ]
        assert _found_at_starts(texts, shows, 50) == _found_everywhere(texts, shows, 50), texts


_Founds = dict[int, list[scanner.Found]]


def _found_everywhere(texts: list[str], shows: mention_shows._Shows, number: int | None) -> _Founds:
    scanned = {i: scanner._scan(text, shows, number)[0] for i, text in enumerate(texts)}
    return {i: found for i, found in scanned.items() if found}


def _found_at_starts(texts: list[str], shows: mention_shows._Shows, number: int | None) -> _Founds:
    """What find_mentions finds: phrases tried only where `_phrase_starts` says."""
    scanned = {
        i: scanner._scan(
            texts[i],
            shows,
            number,
            None if starts is None else scanner._candidates_at(texts[i], shows, starts),
        )[0]
        for i, starts in mention_episode._phrase_starts(texts, shows)
    }
    return {i: found for i, found in scanned.items() if found}
