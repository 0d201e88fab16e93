"""An episode's chapters (sitegen/chapters.py): front matter `chapters:` in both shapes, with
bad entries reported at their lines and the rest kept; the transcript's headings; marker
paragraphs; which source wins; and the paragraph each chapter's time lands on."""

from __future__ import annotations

from pathlib import Path

from sitegen.chapters import Chapter, chapters_for, marker_label
from sitegen.errors import Severity
from sitegen.model import Episode, Metadata, Segment, Turn
from sitegen.readers import ReadResult, read_episode_text

BODY = (
    "Ann Lee: 00:00 Hello and welcome.\n"
    "Bob Ray: 00:30 Thanks for having me.\n"
    "Ann Lee: 12:00 Let us talk about the main thing.\n"
    "Bob Ray: 12:40 Gladly.\n"
    "Ann Lee: 45:00 That is all for today.\n"
)


def read(text: str, name: str = "1.md", sidecar: str | None = None) -> ReadResult:
    return read_episode_text(text, Path(name), sidecar)


def episode_of(result: ReadResult) -> Episode:
    assert result.episode is not None
    return result.episode


def front(*lines: str, body: str = BODY) -> str:
    return "---\n" + "\n".join(lines) + "\n---\n" + body


def messages(result: ReadResult) -> list[tuple[int, Severity, str]]:
    return [(d.line, d.severity, d.message) for d in result.diagnostics]


# -- front matter ----------------------------------------------------------------------------


def test_front_matter_chapters_as_lines_land_on_the_paragraph_being_spoken() -> None:
    result = read(
        front(
            "chapters:",
            "  - 0:00 Welcome",
            '  - "12:30 - The main thing"',
            "  - (45:00) Goodbye",
        )
    )
    assert messages(result) == []
    episode = episode_of(result)
    assert episode.meta.chapters == (
        (0, "Welcome"),
        (750_000, "The main thing"),
        (2_700_000, "Goodbye"),
    )
    assert chapters_for(episode) == (
        Chapter("Welcome", 0, "t=00:00"),
        # 12:30 is in the paragraph that started at 12:00, not the next one (12:40).
        Chapter("The main thing", 750_000, "t=12:00"),
        Chapter("Goodbye", 2_700_000, "t=45:00"),
    )


def test_front_matter_chapters_as_tables_and_a_sidecar() -> None:
    # Unquoted `12:30` is YAML's base-60 number 750: seconds, as any number is.
    tables = "chapters:\n  - {start: 0, title: Welcome}\n  - {start: 12:30, title: Main}\n"
    tables += '  - {start: "1:02:03.5", title: Late}\n'
    result = read(BODY, "1.txt", sidecar=tables)
    assert messages(result) == []
    assert episode_of(result).meta.chapters == (
        (0, "Welcome"),
        (750_000, "Main"),
        (3_723_500, "Late"),
    )
    # The last chapter's time is after every paragraph: it lands on the last one.
    assert chapters_for(episode_of(result))[-1] == Chapter("Late", 3_723_500, "t=45:00")


def test_front_matter_beats_the_sidecar() -> None:
    result = read(front("chapters: ['0:00 Mine', '1:00 Too']"), sidecar="chapters: ['0:00 Side']")
    assert [title for _start, title in episode_of(result).meta.chapters] == ["Mine", "Too"]


def test_bad_chapter_entries_are_warnings_at_their_lines_and_the_rest_is_kept() -> None:
    result = read(
        front(
            "title: Chapters",  # line 2
            "chapters:",
            "  - 0:00 Welcome",  # line 4
            "  - {start: '12:00', title: Main, url: 'https://example.org'}",
            "  - 5",
            "  - {title: No start}",
            "  - {start: '99:99', title: Impossible}",
            "  - just words",
            "  - {start: '1:00', title: ''}",
            "  - {start: '2:00', title: [a, b]}",
            "  - 10:00 Out of order",  # line 12
        )
    )
    assert messages(result) == [
        (
            5,
            Severity.WARNING,
            "front matter `chapters` entry 2 has an unknown key `url` (known: start, title);"
            " ignored",
        ),
        (
            6,
            Severity.WARNING,
            'front matter `chapters` entry 3 must be "12:30 Title" or {start: "12:30", title:'
            " Title}, not 5; skipped",
        ),
        (7, Severity.WARNING, "front matter `chapters` entry 4 has no `start`; skipped"),
        (
            8,
            Severity.WARNING,
            "front matter `chapters` entry 5 `start` must be a time like 12:30 or 1:02:03, not"
            ' "99:99"; skipped',
        ),
        (
            9,
            Severity.WARNING,
            'front matter `chapters` entry 6 must be a time and a title like "12:30 Title" or'
            ' {start: "12:30", title: Title}, not "just words"; skipped',
        ),
        (10, Severity.WARNING, "front matter `chapters` entry 7 has no `title`; skipped"),
        (
            11,
            Severity.WARNING,
            "front matter `chapters` entry 8 `title` must be text, not a list; skipped",
        ),
        (
            12,
            Severity.WARNING,
            "front matter `chapters` entry 9 (10:00) starts before the one above it; chapters"
            " are listed in time order",
        ),
    ]
    episode = episode_of(result)
    assert episode.meta.chapters == ((0, "Welcome"), (600_000, "Out of order"), (720_000, "Main"))


def test_chapters_that_are_no_list_are_an_error_and_the_sidecar_is_used() -> None:
    result = read(front("chapters: 0:00 Welcome"), sidecar="chapters: ['0:00 Side', '1:00 Two']")
    assert messages(result) == [
        (
            2,
            Severity.ERROR,
            'front matter `chapters` must be a list of "12:30 Title" or {start: "12:30", title:'
            ' Title} entries, not "0:00 Welcome"',
        )
    ]
    assert [title for _start, title in episode_of(result).meta.chapters] == ["Side", "Two"]


def test_front_matter_chapters_in_an_episode_without_clocks_land_nowhere() -> None:
    result = read(front("chapters: ['0:00 One', '5:00 Two']", body="Just words.\n\nMore words.\n"))
    assert chapters_for(episode_of(result)) == (
        Chapter("One", 0, None),
        Chapter("Two", 300_000, None),
    )


# -- headings and markers --------------------------------------------------------------------

HEADINGS = (
    "**Ann Lee:** [00:00] Before any heading.\n\n"
    "## Intro\n\n"
    "**Ann Lee:** [00:10] Hello.\n\n"
    "**Bob Ray:** [00:20] Hi.\n\n"
    "## The   main part\n\n"
    "**Bob Ray:** [13:00] So.\n"
)


def test_headings_are_chapters_after_a_start() -> None:
    episode = episode_of(read(HEADINGS))
    assert chapters_for(episode) == (
        Chapter("Start", 0, "t=00:00"),
        Chapter("Intro", 10_000, "t=00:10"),
        Chapter("The main part", 780_000, "t=13:00"),
    )


def test_a_transcript_that_opens_with_a_heading_needs_no_start() -> None:
    episode = episode_of(read(HEADINGS.split("\n\n", 1)[1]))
    assert [c.title for c in chapters_for(episode)] == ["Intro", "The main part"]


MARKERS = (
    "Ann Lee: 00:00 Hello and welcome.\n"
    "Bob Ray: 00:30 Thanks.\n"
    "Break: 10:00\n"
    "Ann Lee: 11:00 We are back.\n"
    "Jingle: 20:00 The last word in podcasting news, brought to you by the people who make it,"
    " every week\n"
    "Bob Ray: 21:00 Bye.\n"
)


def test_marker_paragraphs_are_chapters_after_a_start() -> None:
    episode = episode_of(read(MARKERS, "1.txt"))
    assert chapters_for(episode) == (
        Chapter("Start", 0, "t=00:00"),
        Chapter("Break", 600_000, "t=10:00"),
        # A long marker paragraph is cut at a word for its title.
        Chapter(
            "Jingle: The last word in podcasting news, brought to you by…", 1_200_000, "t=20:00"
        ),
    )


def test_marker_labels() -> None:
    assert marker_label("Break") == "Break"
    assert marker_label("Ad break: sponsored by nobody") == "Ad break"
    assert marker_label("jingle:") == "jingle"
    assert marker_label("Breaking news tonight") is None
    assert marker_label("Jon Krohn: hello") is None
    assert marker_label("") is None


def test_a_speakers_words_that_start_like_a_marker_are_no_chapter() -> None:
    turn = Turn("Ann Lee", (Segment(0, None, "Break: that is what I said.", 1),))
    other = Turn(None, (Segment(5_000, None, "Music", 2),))
    episode = Episode("1", Metadata(), (turn, other), Path("1.txt"), "plaintext")
    assert chapters_for(episode) == (
        Chapter("Start", 0, "t=00:00"),
        Chapter("Music", 5_000, "t=00:05"),
    )


def test_estimated_times_are_marked() -> None:
    turns = (
        Turn("Ann Lee", (Segment(0, None, "One two three four.", 1),)),
        Turn(None, (Segment(None, None, "Break", 2),)),
        Turn("Ann Lee", (Segment(60_000, None, "Back.", 3),)),
    )
    episode = Episode("1", Metadata(), turns, Path("1.txt"), "plaintext")
    start, brk = chapters_for(episode)
    assert start == Chapter("Start", 0, "t=00:00")
    assert brk.title == "Break" and brk.estimated and brk.start is not None
    assert brk.anchor is not None and brk.anchor.startswith("t=")


# -- which source wins -----------------------------------------------------------------------


def test_front_matter_beats_headings_and_headings_beat_markers() -> None:
    both = HEADINGS + "\n**Break:** [20:00]\n"
    listed = read(front("chapters: ['0:00 Mine', '13:00 Also mine']", body=both))
    assert [c.title for c in chapters_for(episode_of(listed))] == ["Mine", "Also mine"]
    assert [c.title for c in chapters_for(episode_of(read(both)))] == [
        "Start",
        "Intro",
        "The main part",
    ]


def test_an_episode_with_none_has_no_chapters() -> None:
    assert chapters_for(episode_of(read(BODY, "1.txt"))) == ()
