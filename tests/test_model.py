"""Episodes whose turns are held packed (model.PackedTurns) read exactly as the turns they were
made from: every stage may be handed either."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.model import Episode, Link, Metadata, PackedTurns, Segment, Turn, content_digest
from sitegen.summary import summarize, summary_of

from .strategies import episodes


def _episode(text: str = "Hello there, episode 12.") -> Episode:
    turns = (
        Turn(
            "Ann",
            (
                Segment(1_000, 5_500, text, 3, (Link(0, 5, "https://example.com/"),)),
                Segment(None, None, "No clock \udcff here.", 4),
            ),
            heading="Intro",
            heading_links=(Link(0, 5, "/x/"),),
        ),
        Turn(None, (Segment(6_000, None, "", 6),)),
        Turn("Bob", (Segment(7_000, 9_000, "Bye.", 7),)),
    )
    return Episode("12", Metadata(title="Twelve", episode=12), turns, Path("12.txt"), "plaintext")


def test_a_packed_episode_unpacks_to_the_same_turns_words_and_speakers() -> None:
    episode = _episode()
    packed = episode.packed()
    assert isinstance(packed.turns, PackedTurns)
    assert packed.turns.unpack() == episode.turns
    assert packed.unpacked() == episode == packed
    assert packed.speakers == episode.speakers == ("Ann", "Bob")
    assert len(packed.turns) == 3 and bool(packed.turns)
    assert packed.turns[2].segments[0].text == "Bye."
    assert [s.words for _t, s in packed.segments()] == [4, 4, 0, 1]
    assert packed.segments() == episode.segments()
    assert packed.packed() is packed and episode.unpacked() is episode


def test_packed_turns_compare_by_content_and_their_repr_is_short_but_tells_them_apart() -> None:
    one, same, other = _episode(), _episode(), _episode("Hello there, episode 13.")
    assert one.packed() == same.packed()
    assert one.packed() != other.packed() and one.packed() != other
    assert repr(one.packed().turns) == repr(same.packed().turns)
    assert repr(one.packed().turns) != repr(other.packed().turns)
    assert len(repr(one.packed().turns)) < 100
    assert hash(one.packed().turns) == hash(same.packed().turns)


def test_an_episode_without_turns_packs_to_no_turns() -> None:
    episode = dataclasses.replace(_episode(), turns=())
    assert not episode.packed().turns
    assert list(episode.packed().turns) == []


@settings(max_examples=60, deadline=None)
@given(st.booleans().flatmap(lambda clocked: episodes(clocked=clocked, unnamed=True)))
def test_any_episode_round_trips_through_packing(episode: Episode) -> None:
    packed = episode.packed()
    assert packed.unpacked().turns == episode.turns
    assert packed.speakers == episode.speakers
    assert [s.words for _t, s in packed.segments()] == [s.words for _t, s in episode.segments()]


def test_a_summary_is_made_once_carried_when_packing_and_dropped_by_a_change() -> None:
    episode = _episode()
    summary = summary_of(episode)
    assert summary == summarize(episode)
    assert summary.talk_time.words == {"Ann": 8, "Bob": 1}
    assert (summary.clocked, summary.has_text, summary.mention_names) == (True, True, None)
    assert summary_of(episode) is summary  # kept with the episode
    assert episode.packed().summary is summary
    assert episode.packed().unpacked().summary is summary
    # A changed episode is a new value: the summary of the old one is not carried to it.
    longer = dataclasses.replace(episode, meta=dataclasses.replace(episode.meta, duration=600))
    assert longer.summary is None
    assert summary_of(longer).talk_time != summary.talk_time
    assert summary_of(longer).talk_time.total == 600_000 - 1_000


def test_packed_turns_unpack_correctly_from_many_threads_at_once() -> None:
    """The search indexer unpacks episodes in several threads."""
    from concurrent.futures import ThreadPoolExecutor

    packed = [_episode(f"Paragraph {n} " * 2_000).packed() for n in range(16)]
    with ThreadPoolExecutor(8) as pool:
        for _ in range(5):
            unpacked = list(pool.map(lambda episode: episode.turns.unpack(), packed * 4))
            texts = [turns[0].segments[0].text for turns in unpacked]
            assert texts == [f"Paragraph {n % 16} " * 2_000 for n in range(64)]


def test_speakers_are_renamed_and_a_packed_episode_stays_packed() -> None:
    from sitegen.aliases import apply_aliases

    episode = _episode()
    renamed = apply_aliases(episode, {"Ann": "Ann Lee"})
    assert renamed.speakers == ("Ann Lee", "Bob")
    assert [t.speaker for t in renamed.turns] == ["Ann Lee", None, "Bob"]
    assert apply_aliases(episode, {"Zed": "Z"}) is episode
    packed = episode.packed()
    again = apply_aliases(packed, {"Ann": "Ann Lee"})
    assert isinstance(again.turns, PackedTurns)
    assert again == renamed


def test_an_episode_under_another_identity_keeps_its_summary() -> None:
    turns = (Turn("Speaker 1", (Segment(0, None, "Hello there.", 1),)),)
    episode = Episode("7", Metadata(episode=7), turns, Path("7.txt"), "plaintext")
    summary = summary_of(episode)
    meta = dataclasses.replace(episode.meta, show="go-time")
    moved = episode.with_identity("go-time/7", meta)
    assert (moved.key, moved.meta.show) == ("go-time/7", "go-time")
    assert moved.summary is summary  # not made again
    assert episode.with_identity("7", episode.meta) is episode


def test_an_episodes_content_digest_follows_every_field_but_where_its_files_lie() -> None:
    """The keys of an episode's page and downloads start from `content_digest`: a change to
    any field changes it (a field added to Episode and not to the digest fails here), and the
    folder its files lie in, or the other files merged into it, do not."""
    turn = Turn("Ann", (Segment(0, None, "Hello.", 1),))
    episode = Episode("7", Metadata(title="Seven"), (turn,), Path("/a/7.txt"), "plaintext")
    digest = content_digest(episode)
    changed: dict[str, Any] = {
        "key": "8",
        "meta": Metadata(title="Eight"),
        "turns": (Turn("Bob", turn.segments),),
        "source": Path("/a/8.txt"),
        "format": "markdown",
        "notes": "Notes.",
        "derived": ("number from the file name",),
    }
    init_fields = {f.name for f in dataclasses.fields(Episode) if f.init}
    assert set(changed) == init_fields - {"also"}
    for name, value in changed.items():
        assert content_digest(dataclasses.replace(episode, **{name: value})) != digest, name
    moved = dataclasses.replace(episode, source=Path("/b/7.txt"), also=(Path("/a/7.md"),))
    assert content_digest(moved) == digest
    assert content_digest(episode.packed()) == content_digest(episode.packed())
