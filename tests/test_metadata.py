"""Metadata: front matter and sidecar keys, their types, the derivation order
front matter > sidecar > file name > transcript, and safe slugs."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from sitegen.errors import Severity
from sitegen.readers import ReadResult, read_episode_file, read_episode_text
from sitegen.readers.filenames import number_from_file_name
from sitegen.slugs import slugify

BODY = "Ann Lee: 00:01 Hello.\nBob Ray: 00:05 Hi.\n"


def read(text: str, name: str = "episode.md", sidecar: str | None = None) -> ReadResult:
    return read_episode_text(text, Path(name), sidecar)


def front(*lines: str) -> str:
    return "---\n" + "\n".join(lines) + "\n---\n" + BODY


def test_all_known_keys_are_read_with_their_types() -> None:
    result = read(
        front(
            "title: 'In Case You Missed It: August'",
            "episode: 920",
            "date: 2025-09-01",
            "audio: https://cdn.example.com/920.mp3",
            "audio_type: audio/mpeg",
            "audio_length: 34216300",
            "duration: 1:02:03",
            "description: Highlights of the month.",
            "guests: [Julien Launay, Michelle Yi]",
            "draft: true",
            "slug: icymi-august",
        )
    )
    assert result.diagnostics == ()
    ep = result.episode
    assert ep is not None
    meta = ep.meta
    assert meta.title == "In Case You Missed It: August"
    assert meta.episode == 920 and ep.key == "920"
    assert meta.date == datetime.date(2025, 9, 1)
    assert meta.audio == "https://cdn.example.com/920.mp3"
    assert (meta.audio_type, meta.audio_length, meta.duration) == ("audio/mpeg", 34216300, 3723)
    assert meta.description == "Highlights of the month."
    assert meta.guests == ("Julien Launay", "Michelle Yi")
    assert meta.draft is True
    assert meta.slug == "icymi-august"
    assert ep.derived == ()  # everything was given, nothing derived
    assert [s.line for _t, s in ep.segments()] == [14, 15]  # front matter lines are counted


def test_keys_other_tools_use_are_accepted_quietly() -> None:
    result = read(
        front(
            "speakers: [Ann Lee]",
            "media: https://www.youtube.com/watch?v=x",
            "transcript_by: someone via review",
            "tags: [a, b]",
            "aliases: [/old/url/]",
            "categories: [podcast]",
            "whatever_else: {nested: true}",
        )
    )
    assert result.diagnostics == ()


def test_summary_stands_in_for_a_missing_description() -> None:
    ep = read(front("summary: |-", "  What this episode is about.")).episode
    assert ep is not None
    assert ep.meta.description == "What this episode is about."
    assert "description taken from the front matter `summary`" in ep.derived


def test_wrong_types_are_errors_at_their_line_and_the_value_is_not_used() -> None:
    result = read(
        front(
            "title: [not, text]",
            "episode: forty-two",
            "date: 28/01/2020",
            "audio: javascript:alert(1)",
            "guests: {name: Ann}",
            "draft: maybe",
        ),
        "notes.md",
    )
    assert [(d.line, d.severity, d.message) for d in result.diagnostics] == [
        (2, Severity.ERROR, "front matter `title` must be text, not a list"),
        (
            3,
            Severity.ERROR,
            'front matter `episode` must be a whole number like `episode: 42`, not "forty-two"',
        ),
        (
            4,
            Severity.ERROR,
            'front matter `date` must be a date written YYYY-MM-DD, not "28/01/2020"',
        ),
        (
            5,
            Severity.ERROR,
            "front matter `audio` must be an http(s) URL or a relative path,"
            ' not "javascript:alert(1)"',
        ),
        (6, Severity.ERROR, "front matter `guests` must be a list of names, not a mapping"),
        (7, Severity.ERROR, 'front matter `draft` must be true or false, not "maybe"'),
    ]
    ep = result.episode
    assert ep is not None
    assert (ep.meta.title, ep.meta.episode, ep.meta.date, ep.meta.audio) == (None, None, None, None)
    assert (ep.meta.guests, ep.meta.draft) == ((), False)
    assert result.diagnostics[1].source_line == "episode: forty-two"


def test_audio_facts_with_wrong_types_are_errors_at_their_line() -> None:
    result = read(
        front(
            "audio: https://cdn.example/1.mp3",
            "audio_type: mpeg",
            "audio_length: 34 MB",
            "duration: an hour",
        ),
    )
    assert [(d.line, d.severity, d.message) for d in result.diagnostics] == [
        (
            3,
            Severity.ERROR,
            'front matter `audio_type` must be a MIME type like `audio/mpeg`, not "mpeg"',
        ),
        (
            4,
            Severity.ERROR,
            "front matter `audio_length` must be the file size in bytes, like `34216300`,"
            ' not "34 MB"',
        ),
        (
            5,
            Severity.ERROR,
            "front matter `duration` must be seconds or a clock like `1:02:03`"
            ' (hours:minutes:seconds), not "an hour"',
        ),
    ]
    ep = result.episode
    assert ep is not None
    # The invalid type is not used; the URL's suffix still gives one.
    assert (ep.meta.audio_type, ep.meta.audio_length, ep.meta.duration) == (
        "audio/mpeg",
        None,
        None,
    )


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("3723", 3723),
        ("1:02:03", 3723),  # YAML 1.1 reads this as the base-60 integer 3723
        ("'01:02:03'", 3723),
        ("62:03", 3723),
        ("0:45:30", 2730),
        ("3723.6", 3723),
        ('"90"', 90),
    ],
)
def test_duration_is_seconds_or_a_clock(value: str, seconds: int) -> None:
    ep = read(front(f"duration: {value}")).episode
    assert ep is not None and ep.meta.duration == seconds


@pytest.mark.parametrize(
    ("url", "mime"),
    [
        ("https://cdn.example/920.mp3", "audio/mpeg"),
        ("https://cdn.example/920.MP3?dest-id=7#t=10", "audio/mpeg"),
        ("https://cdn.example/920.m4a", "audio/x-m4a"),
        ("https://cdn.example/920.ogg", "audio/ogg"),
        ("https://cdn.example/920.opus", "audio/ogg"),
        ("https://cdn.example/920.wav", "audio/wav"),
        ("https://cdn.example/920.mp4", "video/mp4"),
        ("https://anchor.example/play/1/https%3A%2F%2Fcdn%2F920.mp3", "audio/mpeg"),
        ("../../media/920.flac", "audio/flac"),
    ],
)
def test_audio_type_is_derived_from_the_url_suffix(url: str, mime: str) -> None:
    ep = read(front(f"audio: {url!r}")).episode
    assert ep is not None
    assert ep.meta.audio_type == mime
    assert f'audio type {mime} guessed from the audio URL "{url}"' in ep.derived


def test_an_explicit_audio_type_wins_over_the_suffix() -> None:
    ep = read(front("audio: https://cdn.example/1.mp3", "audio_type: Audio/MP4")).episode
    assert ep is not None and ep.meta.audio_type == "audio/mp4"
    assert not any(note.startswith("audio type") for note in ep.derived)


def test_audio_url_without_a_known_suffix_is_a_warning_at_the_audio_line() -> None:
    sidecar = "audio: https://cdn.example/play/1\naudio_length: 1200\n"
    result = read("---\ntitle: x\n---\n" + BODY, "1.md", sidecar)
    assert [d.format() for d in result.diagnostics] == [
        "1.yaml:1: warning: cannot tell the audio's type from its URL; add `audio_type:`"
        " (e.g. `audio/mpeg`) so podcast apps know how to play it\n"
        "    audio: https://cdn.example/play/1"
    ]
    assert result.episode is not None and result.episode.meta.audio_type is None


def test_invalid_yaml_is_an_error_at_the_file_line_and_the_transcript_is_still_read() -> None:
    text = "---\ntitle: ok\nepisode: 42\ndate: [2024\n---\n**Ann:** Still read.\n\n**Bob:** Yes.\n"
    result = read(text)
    assert [(d.line, d.severity) for d in result.diagnostics] == [(5, Severity.ERROR)]
    assert result.diagnostics[0].message.startswith("front matter is not valid YAML: ")
    assert result.episode is not None
    assert result.episode.turns[0].segments[0].text == "Still read."
    assert result.episode.turns[0].segments[0].line == 6


def test_front_matter_that_is_not_a_mapping_is_an_error() -> None:
    result = read("---\n- a\n- b\n---\n**Ann:** Hi.\n")
    assert [d.message for d in result.diagnostics] == [
        "front matter must be a mapping of keys to values (like `title: …`)"
    ]


def test_unclosed_front_matter_fence_is_just_text() -> None:
    ep = read("---\nAnn: 00:01 Hi.\n", "x.txt").episode
    assert ep is not None
    assert [s.text for _t, s in ep.segments()] == ["---", "Hi."]


# --- precedence ------------------------------------------------------------------------------


def test_front_matter_beats_sidecar_beats_file_name_beats_transcript() -> None:
    text = "---\nepisode: 1\n---\nAnn: 00:01 This is episode number 4.\n"
    sidecar = "episode: 2\ntitle: From the sidecar\n"
    ep = read(text, "3.txt", sidecar).episode
    assert ep is not None
    assert (ep.number, ep.meta.title) == (1, "From the sidecar")

    ep = read(BODY.replace("Hello.", "This is episode number 4."), "3.txt", sidecar).episode
    assert ep is not None and ep.number == 2

    ep = read(BODY.replace("Hello.", "This is episode number 4."), "3.txt").episode
    assert ep is not None and ep.number == 3
    assert ep.derived == (
        'episode number 3 taken from the file name "3.txt" (the transcript says 4, line 1)',
    )

    ep = read(BODY.replace("Hello.", "This is episode number 4."), "notes.txt").episode
    assert ep is not None and ep.number == 4
    assert ep.derived == ("episode number 4 taken from the transcript (line 1)",)


def test_an_invalid_front_matter_value_falls_back_to_the_sidecar() -> None:
    result = read("---\nepisode: soon\n---\n" + BODY, "x.md", "episode: 7\n")
    assert result.episode is not None and result.episode.number == 7
    assert [d.line for d in result.diagnostics] == [2]


def test_sidecar_file_beside_the_episode_is_read(tmp_path: Path) -> None:
    (tmp_path / "talk.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "talk.yaml").write_text("title: A talk\nepisode: 12.5\n", encoding="utf-8")
    result = read_episode_file(tmp_path / "talk.txt")
    assert result.episode is not None
    assert result.episode.meta.title == "A talk"
    assert [d.format(root=tmp_path) for d in result.diagnostics] == [
        "talk.yaml:2: error: sidecar `episode` must be a whole number like `episode: 42`,"
        " not 12.5\n    episode: 12.5"
    ]


# --- numbers from file names and transcripts --------------------------------------------------


@pytest.mark.parametrize(
    ("stem", "number"),
    [
        ("920", 920),
        ("ep920-slug", 920),
        ("EP920", 920),
        ("920-in-case-you-missed-it", 920),
        ("episode-920", 920),
        ("episode_7", 7),
        ("ship-it-10", 10),
        ("request-for-commits-3", 3),
        ("BookBytes-035", 35),
        ("2020-01-28-pieter-wuille-part1", None),
        ("silent-payments-part-2", None),
        ("bitcoin-core-27-0", None),
        ("bitcoin-core-v22-explained", None),
        ("the-block-1-983-702-problem", None),
        ("_index", None),
        ("about", None),
    ],
)
def test_episode_number_from_file_name(stem: str, number: int | None) -> None:
    assert number_from_file_name(stem) == number


@pytest.mark.parametrize(
    ("intro", "number"),
    [
        ("This is episode number 920 our, In Case You Missed It.", 920),
        ("This is Talk Python To Me, episode 496, recorded Tuesday.", 496),
        ("Welcome to episode #12 of the show.", 12),
        ("You\u2019re listening to episode 7.", 7),
        ("We head first to episode number 913 where Julien talks.", None),
        ("In episode 12 we talked about this.", None),
    ],
)
def test_episode_number_from_a_self_introduction(intro: str, number: int | None) -> None:
    ep = read(f"00:00:05 Hello.\n\n00:00:35 {intro}\n", "notes.txt").episode
    assert ep is not None
    assert ep.number == number
    if number is not None:
        assert ep.derived == (f"episode number {number} taken from the transcript (line 3)",)


def test_self_introduction_late_in_the_episode_is_not_a_number() -> None:
    ep = read("00:00:05 Hello.\n\n00:04:00 This is episode 5.\n", "notes.txt").episode
    assert ep is not None and ep.number is None


# --- keys and slugs ---------------------------------------------------------------------------


def test_key_is_the_slug_when_there_is_no_number() -> None:
    ep = read(BODY, "Pieter Wuille: Part One!.txt").episode
    assert ep is not None
    assert ep.number is None
    assert ep.key == ep.meta.slug == "pieter-wuille-part-one"
    assert ep.title == "Pieter Wuille Part One"  # the name's words, as written
    assert ep.derived == (
        'slug "pieter-wuille-part-one" made from the file name "Pieter Wuille: Part One!.txt"',
        'title "Pieter Wuille Part One" made from the file name "Pieter Wuille: Part One!.txt"',
    )


def test_unsafe_slug_is_sanitised_with_a_warning() -> None:
    result = read("---\nslug: ../../x\n---\n" + BODY, "x.md")
    assert [d.format() for d in result.diagnostics] == [
        'x.md:2: warning: slug "../../x" is not a safe URL part; using "x"\n    slug: ../../x'
    ]
    assert result.episode is not None and result.episode.key == "x"


def test_slug_with_nothing_safe_in_it_falls_back_to_the_file_name() -> None:
    result = read("---\nslug: ../..\n---\n" + BODY, "My Talk.md")
    assert result.episode is not None and result.episode.meta.slug == "my-talk"
    assert result.diagnostics[0].message == 'slug "../.." is not a safe URL part; using "my-talk"'


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Café Crème", "cafe-creme"),
        ("a//b\\c", "a-b-c"),
        ("--x--", "x"),
        ("日本", "ri-ben"),
        ("🎙️", ""),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_title_is_none_without_metadata_and_the_model_falls_back() -> None:
    ep = read(BODY, "920.txt").episode
    assert ep is not None
    assert ep.meta.title is None
    assert ep.title == "Episode 920"


def test_draft_is_kept_for_the_build_to_decide() -> None:
    ep = read(front("draft: true", "episode: 3")).episode
    assert ep is not None and ep.meta.draft is True and ep.number == 3


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("date: 2024-13-45", "front matter is not valid YAML: month must be in 1..12"),
        ("x: " + "[" * 5000 + "]" * 5000, "front matter is not valid YAML: it nests too deeply"),
        ("x: !!python/object:os.system {}", None),
    ],
    ids=["impossible-date", "deep-nesting", "python-tag"],
)
def test_hostile_or_impossible_yaml_is_an_error_not_a_crash(
    yaml_text: str, message: str | None
) -> None:
    result = read(f"---\n{yaml_text}\n---\n**Ann:** Hi.\n\n**Bob:** Hello.\n")
    assert [(d.line, d.severity) for d in result.diagnostics] == [(2, Severity.ERROR)]
    if message is not None:
        assert result.diagnostics[0].message == message
    assert result.episode is not None and result.episode.turns[0].speaker == "Ann"


def test_a_speakers_mapping_renames_labels_for_this_episode() -> None:
    text = "---\nspeakers: {Speaker 1: Jon Krohn, Speaker 2: Ana Ng}\n---\n"
    text += "[Speaker 1] [00:00] Welcome.\n\n[Speaker 2] [00:05] Thanks.\n"
    result = read(text, "5.txt")
    assert result.diagnostics == ()
    ep = result.episode
    assert ep is not None
    assert ep.meta.speaker_names == (("Speaker 1", "Jon Krohn"), ("Speaker 2", "Ana Ng"))
    assert ep.speakers == ("Speaker 1", "Speaker 2")  # renamed later, with the site's aliases


def test_a_speakers_mapping_in_the_sidecar_counts_too() -> None:
    result = read("Speaker 1: 00:00 Welcome.\n", "5.txt", sidecar="speakers:\n  Speaker 1: Jon\n")
    assert result.episode is not None
    assert result.episode.meta.speaker_names == (("Speaker 1", "Jon"),)


def test_a_speakers_list_still_only_confirms_labels() -> None:
    result = read(front("speakers: [Ann Lee, Bob Ray]"))
    assert result.diagnostics == ()
    assert result.episode is not None and result.episode.meta.speaker_names == ()


def test_a_speakers_value_of_the_wrong_type_is_an_error_at_its_line() -> None:
    for value in ("speakers: 42", "speakers: {Speaker 1: [Jon, Ana]}", "speakers: {Speaker 1: }"):
        result = read(front("title: T", value))
        assert [(d.line, d.severity) for d in result.diagnostics] == [(3, Severity.ERROR)], value
        assert "`speakers` must be a list of names or a mapping" in result.diagnostics[0].message
        assert result.diagnostics[0].source_line == value
        assert result.episode is not None and result.episode.meta.speaker_names == ()


def test_renaming_a_label_the_transcript_does_not_have_is_a_warning() -> None:
    result = read(front("speakers: {Ann Le: Ann Lee}"))
    assert [(d.line, d.severity) for d in result.diagnostics] == [(2, Severity.WARNING)]
    assert '"Ann Le"' in result.diagnostics[0].message
