"""Readers on the broken inputs in tests/broken/: each file gives exactly the diagnostics listed
in tests/broken/expected.txt (section `## readers`), and none of them crashes the reader.

expected.txt lines are `FILE: <first line of Diagnostic.format(root=tests/broken)>`, grouped
in sections headed `## <stage>`; other stages (the build's duplicate check) own other sections.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.readers import SUPPORTED_SUFFIXES, read_episode_file, read_episode_text
from sitegen.readers.page import read_page_file

BROKEN = Path(__file__).parent / "broken"
SECTION = "readers"
# Files with nothing to publish: no text at all, or a file of a known format holding no transcript.
NO_EPISODE = {
    "empty.txt",
    "binary.txt",
    "json-empty.json",
    "json-non-objects.json",
    "json-not-transcript.json",
    "vtt-header-only.vtt",
}


def expected_lines(section: str) -> dict[str, list[str]]:
    """FILE -> its expected lines, in order, from one section of expected.txt."""
    current: str | None = None
    found: dict[str, list[str]] = {}
    for raw in (BROKEN / "expected.txt").read_text(encoding="utf-8").splitlines():
        line = raw.rstrip()
        if line.startswith("## "):
            current = line[3:].split()[0]
        elif line and not line.startswith("#") and current == section:
            name, _, _rest = line.partition(": ")
            found.setdefault(name, []).append(line)
        # blank lines and `#` comments separate blocks
    return found


def episode_files() -> list[Path]:
    return sorted(p for p in BROKEN.iterdir() if p.suffix in SUPPORTED_SUFFIXES)


def reader_lines(path: Path) -> list[str]:
    result = read_episode_file(path)
    return [f"{path.name}: {d.format(root=BROKEN).splitlines()[0]}" for d in result.diagnostics]


@pytest.mark.parametrize("path", episode_files(), ids=lambda p: p.name)
def test_broken_file_gives_exactly_the_expected_diagnostics(path: Path) -> None:
    assert reader_lines(path) == expected_lines(SECTION).get(path.name, [])


@pytest.mark.parametrize("path", episode_files(), ids=lambda p: p.name)
def test_broken_file_gives_an_episode_unless_nothing_is_readable(path: Path) -> None:
    episode = read_episode_file(path).episode
    assert (episode is None) == (path.name in NO_EPISODE)


def test_expected_file_names_exist() -> None:
    names = {p.name for p in BROKEN.iterdir()}
    assert set(expected_lines(SECTION)) <= names


def test_script_is_kept_as_text_for_the_renderer_to_escape() -> None:
    episode = read_episode_file(BROKEN / "script.txt").episode
    assert episode is not None
    assert episode.speakers == ("<script>alert(1)</script>", "Ann <b>Lee</b>")
    assert episode.turns[0].segments[0].text == "<b>hi</b>"


def test_duplicate_claims_are_read_as_two_episodes_numbered_42() -> None:
    a = read_episode_file(BROKEN / "dup-a.txt").episode
    b = read_episode_file(BROKEN / "dup-b.txt").episode
    assert a is not None and b is not None
    assert (a.key, b.key) == ("42", "42")  # telling them apart is the build's job


# --- impossible clocks: reported at their line, kept as text, no clock set


def segments_of(path: Path) -> list[tuple[str | None, int | None, str]]:
    episode = read_episode_file(path).episode
    assert episode is not None
    return [(turn.speaker, seg.start, seg.text) for turn in episode.turns for seg in turn.segments]


def test_an_impossible_clock_stays_in_the_text_of_a_paragraph_with_no_clock() -> None:
    assert segments_of(BROKEN / "clock-impossible.txt") == [
        ("Jon Krohn", 3_000, "Welcome back to the SuperDataScience podcast."),
        ("Jon Krohn", 45_000, "Before we get started, a word from our sponsor."),
        ("Jon Krohn", None, "00:99 Our guest today is a professor of statistics."),
        ("Jon Krohn", 67_000, "He likes John 3:16, and his team won 3:1 at 10:75 last night."),
        ("Jon Krohn", None, "01:7 Anyway, let us get into it."),
        ("Julien Launay", 90_000, "Thanks for having me, Jon."),
    ]


def test_the_speaker_beside_an_impossible_clock_still_speaks() -> None:
    assert segments_of(BROKEN / "clock-bracketed.md") == [
        ("Adam Stacoviak", 4_000, "Welcome to Ship It, I'm Adam."),
        ("Gerhard Lazu", None, "[00:7] Thank you, it's good to be here."),
        ("Adam Stacoviak", None, "[01:75:30] So what changed since last time?"),
        ("Gerhard Lazu", 4_562_000, "Everything. We moved to Kubernetes."),
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("[Speaker 2] [00:75] Oops, wrong.", "impossible clock `00:75`"),
        ("Bo Ng (00:01:7): Hi.", "clock `00:01:7` has one-digit seconds; write `00:01:07`"),
        ("Bo Ng  0:01:99", "impossible clock `0:01:99`"),
        ("Bo Ng: 00:00:99", "impossible clock `00:00:99`"),
        ("[00:99:05] Bo Ng: Broken.", "impossible clock `00:99:05`"),
        ("0:00:7 **Bo Ng** Hello.", "clock `0:00:7` has one-digit seconds; write `0:00:07`"),
    ],
)
def test_every_clock_position_reports_an_impossible_clock(line: str, message: str) -> None:
    text = f"[Speaker 1] [00:00] Hello.\n\n{line}\n\n[Speaker 1] [00:09] Bye.\n"
    result = read_episode_text(text, Path("x.txt"))
    assert [(d.line, d.message.split(":", 1)[0]) for d in result.diagnostics] == [
        (3, message.split(":", 1)[0])
    ]
    assert result.diagnostics[0].message.startswith(message)
    assert result.diagnostics[0].source_line == line
    episode = result.episode
    assert episode is not None
    kept = " ".join(seg.text for turn in episode.turns for seg in turn.segments)
    assert message.split("`")[1] in kept  # the token stays visible as text


@pytest.mark.parametrize(
    "line",
    [
        "John 3:16 is the verse everyone knows.",
        "Psalm 23:1",  # alone on its line, like an Otter name and clock
        "3:1 to the home team, in the end.",
        "[3:1] was the score.",
        "We meet at 10:75, which is no time at all.",
        "Bo Ng (3:1): a ratio, not a clock.",
        "Ann Lee: 62:03 an hour and two minutes in.",  # a clock past the hour, as `duration:`
    ],
)
def test_clock_like_words_outside_clock_positions_are_not_reported(line: str) -> None:
    text = f"Ann Lee: 00:01 Hello.\n{line}\nAnn Lee: 01:02:04 Bye.\n"
    messages = [d.message for d in read_episode_text(text, Path("x.txt")).diagnostics]
    assert not [m for m in messages if "clock `" in m]


# --- front matter that is never closed


def test_unclosed_front_matter_is_read_as_transcript_with_every_word_kept() -> None:
    episode = read_episode_file(BROKEN / "front-matter-unclosed.md").episode
    assert episode is not None
    assert [seg.text for turn in episode.turns for seg in turn.segments] == [
        "title: Episode with a header nobody closed guests: [Bo Ng]",
        "Hello and welcome.",
        "Thanks for having me.",
    ]


def test_a_page_with_unclosed_front_matter_says_so(tmp_path: Path) -> None:
    page = tmp_path / "about.md"
    page.write_text("---\ntitle: About\n\nWe make a show.\n")
    read, diagnostics = read_page_file(page)
    assert read is not None and "We make a show." in read.body
    assert [d.format() for d in diagnostics] == [
        f"{page}:1: warning: front matter opened here is never closed (no second ---);"
        " the whole file is read as the page's text\n    ---"
    ]


# --- cue overlaps: sub-second ones are normal; from a second on, a few and then a count


def srt_cards(overlaps: list[int], length: int = 3_000) -> str:
    """SRT cards of `length` ms, each starting `overlaps[i]` ms before the one before ends."""
    cards: list[str] = []
    start = 0
    for number, overlap in enumerate(overlaps, start=1):
        end = start + length
        timing = f"{srt_clock(start)} --> {srt_clock(end)}"
        cards.append(f"{number}\n{timing}\nAnd this is card number {number}.\n")
        start = end - overlap
    return "\n".join(cards)


def srt_clock(ms: int) -> str:
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def test_three_hundred_cards_overlapping_by_under_a_second_are_read_without_a_word() -> None:
    overlaps = [200 + (number * 37) % 700 for number in range(300)]  # 200-899 ms
    srt = srt_cards(overlaps)
    result = read_episode_text(srt, Path("export.srt"))
    assert result.diagnostics == ()
    assert result.episode is not None
    assert sum(len(turn.segments) for turn in result.episode.turns) > 1
    vtt = "WEBVTT\n\n" + srt.replace(",", ".")
    assert read_episode_text(vtt, Path("export.vtt")).diagnostics == ()


def test_one_overlap_past_the_first_five_is_counted_in_the_singular() -> None:
    result = read_episode_text(srt_cards([1500] * 6 + [0]), Path("x.srt"))
    messages = [d.message for d in result.diagnostics]
    assert len(messages) == 6
    assert messages[-1] == (
        "1 more card starts a second or more before the previous card ends (the first here);"
        " its text is kept, in file order"
    )
    assert result.diagnostics[-1].line == 26


# --- metadata and no transcript yet


def test_front_matter_and_no_transcript_is_an_episode_with_no_turns() -> None:
    episode = read_episode_file(BROKEN / "no-transcript.md").episode
    assert episode is not None
    assert (episode.key, episode.meta.title, episode.turns) == ("14", "Nothing said", ())


def test_a_sidecar_beside_an_empty_transcript_is_an_episode_with_no_turns() -> None:
    result = read_episode_text("", Path("15.txt"), sidecar="title: Nothing yet\nepisode: 15\n")
    assert result.episode is not None and result.episode.meta.title == "Nothing yet"
    assert [d.format() for d in result.diagnostics] == [
        "15.txt: warning: episode 15 has metadata but no transcript yet; its page says so"
    ]


def test_an_empty_file_with_empty_front_matter_is_still_empty() -> None:
    for text in ("", "\n\n", "---\n---\n"):
        result = read_episode_text(text, Path("x.txt"))
        assert result.episode is None
        assert [d.message for d in result.diagnostics] == ["file is empty; no episode read"]


def test_front_matter_alone_beside_a_transcript_is_no_missing_transcript() -> None:
    result = read_episode_text("---\ntitle: T\n---\n", Path("9.md"), beside_transcript=True)
    assert result.episode is not None and result.diagnostics == ()
