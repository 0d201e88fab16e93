"""Every paragraph's moment (sitegen.moments): estimated times between clocks, the same as the
JSON download's, anchor ids that clocked paragraphs keep, and edits that move no anchor outside
the stretch between the two clocks around them."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.model import Episode, Metadata, Segment, Turn
from sitegen.moments import moments_for
from sitegen.talktime import estimate_ms, paragraph_times


def episode(*segments: tuple[int | None, str]) -> Episode:
    turn = Turn(
        "Ann", tuple(Segment(start, None, text, n) for n, (start, text) in enumerate(segments))
    )
    return Episode("1", Metadata(), (turn,), Path("1.md"), "markdown")


def words(n: int) -> str:
    return " ".join(["word"] * n)


def test_paragraphs_between_two_clocks_share_the_stretch_by_their_words() -> None:
    moments = moments_for(
        episode((60_000, words(1)), (None, words(2)), (None, words(1)), (100_000, words(1)))
    )
    # 40 s for 4 words: 10 s a word.
    assert moments.starts == (60_000, 70_000, 90_000, 100_000)
    assert moments.estimated == (False, True, True, False)
    assert moments.anchors == ("t=01:00", "t=01:10", "t=01:30", "t=01:40")
    assert [moments.clock(i) for i in range(4)] == ["01:00", "~01:10", "~01:30", "01:40"]
    assert moments.iso(1) == "PT1M10S"


def test_the_estimate_is_the_json_downloads() -> None:
    ep = episode(
        (None, words(5)),
        (30_000, words(3)),
        (None, words(40)),
        (None, words(7)),
        (95_000, words(2)),
        (None, words(155)),  # after the last clock: its words at the speaking rate
        (None, words(1)),
    )
    starts = [start for start, _end in paragraph_times([s for _t, s in ep.segments()])]
    assert list(moments_for(ep).starts) == starts
    assert starts[-1] == 95_000 + estimate_ms(2) + estimate_ms(155)


def test_clocked_paragraphs_take_their_ids_before_estimated_ones() -> None:
    # The unclocked paragraph falls in the same second as the clock after it: it takes the
    # suffix, and the clocked paragraph keeps the id it has always had.
    ep = episode((10_000, words(1)), (None, words(1000)), (20_000, words(1)))
    moments = moments_for(ep)
    assert moments.anchors == ("t=00:10", "t=00:10-2", "t=00:20")
    ep = episode((10_000, words(1000)), (None, words(1)), (20_000, words(1)))
    assert moments_for(ep).starts[1] == 19_990
    assert moments_for(ep).anchors == ("t=00:10", "t=00:19", "t=00:20")
    clocked = episode((10_000, "a"), (None, "b"), (10_500, "c"))
    assert moments_for(clocked).anchors == ("t=00:10", "t=00:10-3", "t=00:10-2")


def test_estimated_paragraphs_keep_their_old_position_ids() -> None:
    moments = moments_for(episode((None, "a"), (5_000, "b"), (None, "c")))
    assert [moments.position_anchor(i) for i in range(3)] == ["p0", None, "p2"]


def test_an_episode_without_a_clock_gets_no_times_and_keeps_position_ids() -> None:
    moments = moments_for(episode((None, words(10)), (None, words(20)), (None, "")))
    assert moments.anchors == ("p0", "p1", "p2")
    assert moments.starts == (None, None, None)
    assert moments.estimated == (False, False, False)
    assert moments.clock(0) is None and moments.position_anchor(0) is None
    assert not moments.any_estimated


def test_a_fully_clocked_episode_has_nothing_estimated() -> None:
    moments = moments_for(episode((0, "a"), (989_000, "b"), (989_400, "c"), (3_723_000, "d")))
    assert moments.anchors == ("t=00:00", "t=16:29", "t=16:29-2", "t=1:02:03")
    assert not moments.any_estimated


# A transcript with sparse clocks: runs of unclocked paragraphs (their word counts) between
# whole-second clocks that go forward, as real transcripts have them.
RUNS = st.lists(st.lists(st.integers(1, 400), max_size=6), min_size=2, max_size=6)
GAPS = st.lists(st.integers(1, 600), min_size=6, max_size=6)


def sparse(lead: list[int], runs: list[list[int]], gaps: list[int]) -> list[tuple[int | None, str]]:
    segments: list[tuple[int | None, str]] = [(None, words(n)) for n in lead]
    clock = 0
    for run, gap in zip(runs, gaps, strict=False):
        clock += gap * 1000
        segments.append((clock, words(3)))
        segments.extend((None, words(n)) for n in run)
    return segments


@settings(max_examples=150, deadline=None)
@given(
    lead=st.lists(st.integers(1, 400), max_size=4),
    runs=RUNS,
    gaps=GAPS,
    data=st.data(),
)
def test_editing_one_paragraph_moves_no_anchor_outside_its_stretch(
    lead: list[int], runs: list[list[int]], gaps: list[int], data: st.DataObject
) -> None:
    before = sparse(lead, runs, gaps)
    unclocked = [i for i, (start, _text) in enumerate(before) if start is None]
    if not unclocked:
        return
    edited = data.draw(st.sampled_from(unclocked))
    after = list(before)
    after[edited] = (None, words(data.draw(st.integers(1, 800))))
    # The stretch: from the clock before the edited paragraph (or the start) to the one after it
    # (or the end). Everything outside it, and the clock that opens it, stays where it was.
    clocks = [i for i, (start, _text) in enumerate(before) if start is not None]
    opening = [i for i in clocks if i < edited]
    low = opening[-1] + 1 if opening else 0
    high = min([i for i in clocks if i > edited], default=len(before))
    old, new = moments_for(episode(*before)), moments_for(episode(*after))
    for i in [*range(low), *range(high, len(before))]:
        assert old.anchors[i] == new.anchors[i], (i, edited)
        assert old.starts[i] == new.starts[i]
