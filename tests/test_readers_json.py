"""JSON transcripts: Podcasting 2.0 at every segment level, the orbit.fm dialect, and every way
a JSON file can be wrong (exact turns and exact messages), plus every JSON file of the corpus."""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from pathlib import Path

import pytest

from sitegen.model import Episode
from sitegen.readers import ReadResult, read_episode_file, read_episode_text
from sitegen.readers.cues import ends_sentence

from .conftest import CORPUS, require_shared

Shape = list[tuple[str | None, list[tuple[int | None, str]]]]


def read(text: str, name: str = "episode.json") -> ReadResult:
    return read_episode_text(text, Path(name))


def episode(text: str, name: str = "episode.json") -> Episode:
    result = read(text, name)
    assert result.episode is not None
    return result.episode


def shape(ep: Episode) -> Shape:
    """Turns as (speaker, [(start, text)])."""
    return [(t.speaker, [(s.start, s.text) for s in t.segments]) for t in ep.turns]


def messages(result: ReadResult) -> list[str]:
    return [d.format().splitlines()[0] for d in result.diagnostics]


def p20(*segments: dict[str, object], **top: object) -> str:
    return json.dumps({"version": "1.0.0", **top, "segments": list(segments)}, indent=2)


def seg(speaker: str | None, start: float, end: float, body: str) -> dict[str, object]:
    item: dict[str, object] = {"startTime": start, "endTime": end, "body": body}
    if speaker is not None:
        item["speaker"] = speaker
    return item


# --- Podcasting 2.0: the four segment levels


def test_utterance_level_segments_are_one_paragraph_each() -> None:
    text = p20(
        seg("Kevin", 0, 9.5, "We have an update planned."),
        seg("Alban", 9.5, 12, "You're triggering Tom right now."),
        seg("Alban", 12, 15.25, "Hey, here's a cool feature!"),
    )
    result = read(text)
    assert result.episode is not None and result.episode.format == "json"
    assert shape(result.episode) == [
        ("Kevin", [(0, "We have an update planned.")]),
        (
            "Alban",
            [(9500, "You're triggering Tom right now."), (12000, "Hey, here's a cool feature!")],
        ),
    ]
    assert [s.end for _t, s in result.episode.segments()] == [9500, 12000, 15250]
    assert messages(result) == []


def test_segment_lines_are_the_lines_of_their_objects() -> None:
    text = p20(seg("A", 0, 1, "One."), seg("A", 1, 2, "Two."))
    lines = [s.line for _t, s in episode(text).segments()]
    assert lines == [4, 10]  # indent=2: each object takes six lines after the header


def test_word_level_segments_merge_into_paragraphs_at_sentence_ends() -> None:
    words = ["I", "am", "your", "father.", "No,", "that's", "not", "true!", "That's", "impossible."]
    segments = [seg("Darth Vader", i * 0.5, i * 0.5 + 0.4, w) for i, w in enumerate(words)]
    segments += [seg("Luke", 10, 10.5, "Nooooo")]
    ep = episode(p20(*segments))
    # Short sentences stay together: cues.py ends a paragraph only after enough words.
    assert shape(ep) == [
        ("Darth Vader", [(0, "I am your father. No, that's not true! That's impossible.")]),
        ("Luke", [(10000, "Nooooo")]),
    ]
    assert ep.turns[0].segments[0].end == 4900


def test_a_body_ending_in_a_line_break_ends_its_paragraph() -> None:
    # The specification's own example marks the end of "I am your father." with "\n".
    segments = [
        seg("Vader", 0.5, 0.75, "I"),
        seg("Vader", 1, 1.25, "am"),
        seg("Vader", 1.5, 2.0, "your"),
        seg("Vader", 2.25, 2.5, "father.\n"),
        seg("Vader", 2.75, 3.0, "Search"),
        seg("Vader", 3.0, 3.5, "your"),
        seg("Vader", 3.5, 4.0, "feelings"),
    ]
    assert shape(episode(p20(*segments))) == [
        ("Vader", [(500, "I am your father."), (2750, "Search your feelings")])
    ]


def test_closing_punctuation_segments_join_the_word_before() -> None:
    segments = [
        seg("A", 0, 1, "Well"),
        seg("A", 1, 1.1, ","),
        seg("A", 1.2, 2, "maybe"),
        seg("A", 2, 2.1, "?!"),
    ]
    ep = episode(p20(*segments))
    assert shape(ep) == [("A", [(0, "Well, maybe?!")])]
    assert ep.turns[0].segments[0].end == 2100


def test_caption_fragments_with_identical_times_are_both_kept_in_order() -> None:
    # Buzzsprout writes the two lines of one caption as two segments with the same times.
    segments = [
        seg("Alban", 0.0, 4.8, "It is so stinking nice to"),
        seg("Alban", 0.0, 4.8, "like, show up and record this"),
        seg("Alban", 4.8, 8.25, "show. And Travis has already put"),
        seg("Alban", 4.8, 8.25, "together an outline."),
        seg("Kevin", 30.48, 32.85, "You guys remember, like"),
        seg("Kevin", 30.48, 32.85, "two months ago?"),
    ]
    result = read(p20(*segments))
    assert result.episode is not None
    assert shape(result.episode) == [
        (
            "Alban",
            [
                (
                    0,
                    "It is so stinking nice to like, show up and record this show."
                    " And Travis has already put together an outline.",
                )
            ],
        ),
        ("Kevin", [(30480, "You guys remember, like two months ago?")]),
    ]
    assert messages(result) == []  # equal start times are not "going backwards"


def test_token_level_segments_spell_their_own_spacing() -> None:
    tokens = ["It's", " ", "Friday", ",", " ", "the", " ", "2nd", " ", "of", " ", "June", "."]
    segments = [seg("Speaker 1", i * 0.1, i * 0.1 + 0.1, t) for i, t in enumerate(tokens)]
    segments += [seg("Speaker 2", 4.34, 4.44, "The"), seg("Speaker 2", 4.44, 4.44, " ")]
    segments += [seg("Speaker 2", 4.5, 4.9, "last"), seg("Speaker 2", 4.9, 5.0, " word.")]
    assert shape(episode(p20(*segments))) == [
        ("Speaker 1", [(0, "It's Friday, the 2nd of June.")]),
        ("Speaker 2", [(4340, "The last word.")]),
    ]


def test_words_bringing_their_own_space_are_tokens_and_sentences_doing_so_are_utterances() -> None:
    # Word-level output that spells spacing, a word split in two: " Fri" + "day".
    tokens = [" It's", " Fri", "day", ",", " the", " 2nd", "."]
    segments = [seg("A", i, i + 1, t) for i, t in enumerate(tokens)]
    assert shape(episode(p20(*segments))) == [("A", [(0, "It's Friday, the 2nd.")])]
    # Segment-level output (Whisper) starts every sentence with a space too.
    sentences = [" Hello there.", " How are you doing today?", " Fine, thanks."]
    segments = [seg("A", i, i + 1, t) for i, t in enumerate(sentences)]
    assert shape(episode(p20(*segments))) == [
        ("A", [(0, "Hello there."), (1000, "How are you doing today?"), (2000, "Fine, thanks.")])
    ]


def test_segments_without_a_speaker_continue_the_last_one() -> None:
    text = p20(seg("Ann", 0, 1, "Hello there."), seg(None, 1, 2, "Still me."))
    assert shape(episode(text)) == [("Ann", [(0, "Hello there."), (1000, "Still me.")])]


def test_a_file_with_no_speakers_has_one_unnamed_turn() -> None:
    text = p20(seg(None, 0, 1, "Hello there."), seg(None, 1, 2, "Still nobody."))
    assert shape(episode(text)) == [(None, [(0, "Hello there."), (1000, "Still nobody.")])]


def test_bare_array_of_segments_and_numeric_strings_and_integer_speakers() -> None:
    text = (
        '[{"speaker": 1, "startTime": "1.5", "body": "Hi."},'
        ' {"startTime": "0:00:03.2", "body": "Yo."}]'
    )
    result = read(text)
    assert result.episode is not None
    assert shape(result.episode) == [("1", [(1500, "Hi."), (3200, "Yo.")])]
    assert messages(result) == []


def test_stage_direction_as_speaker_is_text_said_by_nobody() -> None:
    text = p20(seg("Ann", 0, 1, "Hello."), seg("[music]", 1, 5, ""), seg("Ann", 5, 6, "Back."))
    assert shape(episode(text)) == [
        ("Ann", [(0, "Hello.")]),
        (None, [(1000, "[music]")]),
        ("Ann", [(5000, "Back.")]),
    ]


# --- sitegen's own export marker


def test_paragraph_level_marker_keeps_every_segment_whole_and_unnamed_means_nobody() -> None:
    text = p20(
        seg("Ann", 0, 3, "so we were saying"),  # no sentence end: the shape rule would merge
        seg("Ann", 3, 5, "and then"),
        {"startTime": 5, "endTime": 9, "body": "  (music)\n  indented  ", "timeEstimated": True},
        seg("Ann", 9, 10, "back"),
        segmentLevel="paragraph",
    )
    ep = episode(text)
    assert shape(ep) == [
        ("Ann", [(0, "so we were saying"), (3000, "and then")]),
        (None, [(None, "  (music)\n  indented  ")]),
        ("Ann", [(9000, "back")]),
    ]
    assert ep.turns[1].segments[0].end is None  # an estimated time reads back as no clock


def test_an_unknown_segment_level_is_reported_and_the_shape_decides() -> None:
    text = p20(seg("A", 0, 1, "one"), seg("A", 1, 2, "two"), segmentLevel="word")
    result = read(text)
    assert result.episode is not None
    assert shape(result.episode) == [("A", [(0, "one two")])]
    assert messages(result) == [
        'episode.json:1: warning: "segmentLevel" "word" is not "paragraph";'
        " the segment level is decided from the segments"
    ]


# --- the orbit.fm dialect


ORBIT = """{
  "podcast": "BookBytes",
  "episode": "35",
  "transcript": [
    {
      "text": "(Intro music: Electro swing)"
    },
    {
      "timestamp": "0:00:12.9",
      "speaker": "Adam Garrett-Harris",
      "text": "Hello and welcome to [BookBytes](https://orbit.fm/bookbytes)."
    },
    {
      "timestamp": "0:00:27.3",
      "speaker": "Jason Staten",
      "text": "Yeah.\\n\\nSecond paragraph of mine."
    },
    {
      "timestamp": "0:00:30.0",
      "text": "I carry on."
    },
    {
      "timestamp": "0:54:32.0",
      "speaker": "Adam Garrett-Harris",
      "text": ""
    },
    {
      "text": "Text of the header above."
    },
    {
      "timestamp": "00:55:19,880 --> 00:55:53.1",
      "speaker": "Speaker 0",
      "text": "A pasted SRT timing."
    },
    {
      "timestamp": "",
      "speaker": "(Long Pause)",
      "text": ""
    },
    {
      "timestamp": ":00:40.6",
      "speaker": "Jen Luker",
      "text": "A broken timestamp."
    },
    {
      "timestamp": "0 = 3x + ",
      "text": ""
    }
  ]
}
"""


def test_orbit_fm_dialect() -> None:
    result = read(ORBIT, "BookBytes-035.json")
    assert result.episode is not None
    assert shape(result.episode) == [
        (None, [(None, "(Intro music: Electro swing)")]),
        ("Adam Garrett-Harris", [(12900, "Hello and welcome to BookBytes.")]),
        (
            "Jason Staten",
            [(27300, "Yeah."), (None, "Second paragraph of mine."), (30000, "I carry on.")],
        ),
        ("Adam Garrett-Harris", [(3272000, "Text of the header above.")]),
        ("Speaker 0", [(3319880, "A pasted SRT timing.")]),
        (None, [(None, "(Long Pause)")]),
        ("Jen Luker", [(None, "A broken timestamp."), (None, "0 = 3x +")]),
    ]
    link = result.episode.turns[1].segments[0].links[0]
    assert (link.start, link.end, link.href) == (21, 30, "https://orbit.fm/bookbytes")
    assert result.episode.turns[4].segments[0].end == 3353100
    assert result.episode.number == 35
    assert messages(result) == [
        'BookBytes-035.json:40: warning: entry 9: "timestamp" ":00:40.6" is not a clock'
        " like 0:00:12.5; kept without a clock",
        'BookBytes-035.json:45: warning: entry 10: "timestamp" "0 = 3x + " is not a clock;'
        " kept as text",
    ]


def test_web_of_tomorrow_dialect_without_timestamps() -> None:
    text = json.dumps(
        {
            "podcast": "Web of Tomorrow",
            "episode": "38",
            "transcript": [
                {"speaker": "Adam", "text": "Welcome.\n\nIn this episode…\n\nThanks for coming."},
                {"speaker": "Marie", "text": "Thank you."},
            ],
        }
    )
    assert shape(episode(text)) == [
        ("Adam", [(None, "Welcome."), (None, "In this episode…"), (None, "Thanks for coming.")]),
        ("Marie", [(None, "Thank you.")]),
    ]


def test_a_sentence_in_the_speaker_field_is_kept_as_text() -> None:
    sentence = "So why static sites in general are fast is because they avoid doing any work."
    text = json.dumps(
        {
            "transcript": [
                {"speaker": "Kyle", "text": "Great question."},
                {"speaker": sentence, "text": "So static sites avoid that."},
            ]
        }
    )
    result = read(text)
    assert result.episode is not None
    assert shape(result.episode) == [
        ("Kyle", [(None, "Great question."), (None, f"{sentence} So static sites avoid that.")])
    ]
    assert messages(result) == [
        'episode.json:1: warning: entry 2: "speaker" reads like a sentence, not a name;'
        " kept as text"
    ]


# --- broken JSON


def test_not_a_transcript_names_what_was_expected() -> None:
    result = read('{"name": "x", "items": [], "a": 1, "b": 2, "c": 3, "d": 4, "e": 5}')
    assert result.episode is None  # nothing to publish: no empty page
    assert messages(result) == [
        'episode.json:1: error: JSON is not a transcript: expected {"segments": [...]}'
        ' (Podcasting 2.0) or {"transcript": [...]}; found keys "name", "items", "a", "b",'
        ' "c", "d", …'
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('"hello"', "found text"),
        ("{}", "found an empty object"),
        ('{"segments": {"body": "x"}}', '"segments" is an object, not a list of segments'),
    ],
)
def test_other_json_values_are_not_transcripts(text: str, found: str) -> None:
    assert messages(read(text)) == [
        'episode.json:1: error: JSON is not a transcript: expected {"segments": [...]}'
        f' (Podcasting 2.0) or {{"transcript": [...]}}; {found}'
    ]


def test_array_of_non_objects_is_an_error_and_a_stray_non_object_a_warning() -> None:
    assert messages(read('\n[1, "two", null]')) == [
        "episode.json:2: error: JSON is not a transcript: expected an array of segment objects;"
        " found an array of nulls and numbers and text"
    ]
    result = read('[{"body": "One."}, ["two"], {"body": "Three."}]')
    assert result.episode is not None
    assert shape(result.episode) == [(None, [(None, "One."), (None, "Three.")])]
    assert messages(result) == [
        "episode.json:1: warning: segment 2 is a list, not an object; skipped"
    ]


def test_invalid_json_reports_line_and_column_and_shows_the_line() -> None:
    text = '{\n  "segments": [\n    {"body": "Kept."},\n    {"body": "Lost." "x": 1}\n  ]\n}\n'
    result = read(text)
    assert result.episode is not None
    assert shape(result.episode) == [(None, [(None, "Kept.")])]
    assert [d.format() for d in result.diagnostics] == [
        "episode.json:4: error: invalid JSON: expecting ',' delimiter at column 22;"
        ' the segments before it are kept\n        {"body": "Lost." "x": 1}'
    ]


def test_invalid_json_before_any_segment_reads_nothing() -> None:
    assert messages(read('{"version": 1.0.0, "segments": []}')) == [
        "episode.json:1: error: invalid JSON: expecting ',' delimiter at column 16;"
        " no transcript read"
    ]


def test_invalid_json_on_a_long_minified_line_shows_the_part_around_the_error() -> None:
    good = ",".join(['{"body": "word"}'] * 100)
    result = read('{"segments": [' + good + ', {"body" "x"}]}')
    shown = result.diagnostics[0].source_line
    assert shown is not None and shown.startswith("…") and shown.endswith("…")
    assert '{"body" "x"}' in shown and len(shown) <= 2 * 80 + 2


def test_truncated_json_keeps_the_segments_before_the_cut() -> None:
    text = p20(seg("A", 0, 1, "Complete."), seg("A", 1, 2, "Cut off here."))[:-60]
    result = read(text)
    assert result.episode is not None
    assert shape(result.episode) == [("A", [(0, "Complete.")])]
    assert len(result.diagnostics) == 1
    assert result.diagnostics[0].message.endswith("; the segments before it are kept")


def test_wrong_types_are_warnings_and_text_is_kept() -> None:
    text = (
        '{"segments": [\n'
        '{"speaker": "A", "startTime": "abc", "endTime": true, "body": "One."},\n'
        '{"speaker": {"n": 1}, "startTime": NaN, "body": ["x"]},\n'
        '{"startTime": 1, "body": null},\n'
        '{"speaker": "B"}\n'
        "]}"
    )
    result = read(text)
    assert result.episode is not None
    assert shape(result.episode) == [("A", [(None, "One.")])]
    assert messages(result) == [
        'episode.json:2: warning: segment 1: "startTime" "abc" is not a time (seconds like'
        " 12.5, or a clock like 0:00:12.5); kept without a clock",
        'episode.json:2: warning: segment 1: "endTime" true is not a time (seconds like 12.5,'
        " or a clock like 0:00:12.5); kept without an end time",
        'episode.json:3: warning: segment 2: "body" must be text, not a list; skipped',
        'episode.json:3: warning: segment 2: "speaker" must be text, not an object; ignored',
        'episode.json:3: warning: segment 2: "startTime" NaN is not a time (seconds like 12.5,'
        " or a clock like 0:00:12.5); kept without a clock",
        'episode.json:5: warning: segment 4 has no "body"; nothing to read in it',
    ]


def test_timing_problems_of_merged_segments_are_reported_by_the_cue_rules() -> None:
    words = [seg("A", 5, 4, "ends"), seg("A", 3, 3.5, "before"), seg("A", 3.5, 4, "starting")]
    result = read(p20(*words))
    assert result.episode is not None
    assert shape(result.episode) == [("A", [(5000, "ends before starting")])]
    assert messages(result) == [
        "episode.json:4: warning: cue ends (00:04) before it starts (00:05); its text is kept",
        "episode.json:10: warning: clock 00:03 goes backwards (previous cue at 00:05)",
    ]


def test_empty_segment_list_is_a_warning() -> None:
    result = read('{"version": "1.0.0", "segments": []}')
    assert result.episode is None
    assert messages(result) == [
        'episode.json:1: warning: "segments" is empty: no segments, so no transcript'
    ]


def test_deeply_nested_json_is_an_error_not_a_crash() -> None:
    assert messages(read('{"segments": [' + "[" * 100_000)) == [
        "episode.json: error: JSON nests too deeply to read; no transcript read"
    ]


def test_a_json_file_is_read_as_json_whatever_its_suffix() -> None:
    assert episode(p20(seg("A", 0, 1, "Hi.")), "episode.txt").format == "json"


# --- the corpus

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    return [word.lower() for word in _WORD.findall(text)]


def source_words(path: Path) -> list[str]:
    """Words of every body/text value, in file order."""
    data = json.loads(path.read_text(encoding="utf-8-sig"))
    items = data["segments"] if "segments" in data else data["transcript"]
    return [w for item in items for w in words(str(item.get("body", item.get("text", ""))))]


def label_words(path: Path) -> list[str]:
    """Words of every speaker and timestamp value."""
    data = json.loads(path.read_text(encoding="utf-8-sig"))
    items = data["segments"] if "segments" in data else data["transcript"]
    return [
        w
        for item in items
        for key in ("speaker", "timestamp")
        for w in words(str(item.get(key, "")))
    ]


def episode_words(ep: Episode) -> list[str]:
    """Words of the paragraphs in order, a link's target right after its text."""
    out: list[str] = []
    for _turn, segment in ep.segments():
        text, done = segment.text, 0
        for link in sorted(segment.links, key=lambda link: link.end):
            out += words(text[done : link.end]) + words(link.href)
            done = link.end
        out += words(text[done:])
    return out


def is_subsequence(needle: list[str], haystack: list[str]) -> int:
    """How many words of `needle` are found, in order, in `haystack` (all of them: len)."""
    found = 0
    for word in haystack:
        if found < len(needle) and word == needle[found]:
            found += 1
    return found


def corpus_json() -> list[Path]:
    folder = require_shared(CORPUS)
    return sorted(folder.glob("*/*.json"))


@pytest.mark.corpus
def test_every_corpus_json_keeps_every_word_in_order_and_has_no_errors() -> None:
    files = corpus_json()
    assert len(files) == 44
    for path in files:
        result = read_episode_file(path)
        assert result.episode is not None and result.episode.turns, path
        assert [d for d in result.diagnostics if d.severity.value == "error"] == [], path
        wanted = source_words(path)
        got = episode_words(result.episode)
        assert is_subsequence(wanted, got) == len(wanted), path
        # Nothing is invented: any extra word comes from a speaker or timestamp field (a stage
        # direction like "(Long Pause)" or a sentence put where the name goes).
        extra = Counter(got) - Counter(wanted)
        assert not extra - Counter(label_words(path)), path


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("name", "turns"),
    [
        ("buzzcast", 34),  # caption fragments (the HTML twin has the same 34 turns)
        ("how_to_start_a_podcast", 7),  # one word a segment
        ("one_word_segments", 2),
        ("podnews_weekly_review_2023-05-05", 26),  # caption fragments
        ("podnews_weekly_review_2023-06-02", 2),  # tokens: words, spaces and commas apart
    ],
)
def test_corpus_word_and_fragment_files_merge_into_sentence_paragraphs(
    name: str, turns: int
) -> None:
    ep = read_episode_file(require_shared(CORPUS) / "pc20-samples" / f"{name}.json").episode
    assert ep is not None
    assert len(ep.turns) == turns
    segments = ep.segments()
    assert (
        len(segments) < sum(1 for _ in source_words(CORPUS / "pc20-samples" / f"{name}.json")) / 8
    )
    for turn in ep.turns:
        for segment in turn.segments[:-1]:  # a turn's last paragraph ends where the speaker does
            assert ends_sentence(segment.text), segment.text[-80:]
        for segment in turn.segments:
            assert segment.start is not None and "  " not in segment.text


@pytest.mark.corpus
def test_corpus_token_and_word_files_read_as_sentences() -> None:
    folder = require_shared(CORPUS) / "pc20-samples"
    tokens = read_episode_file(folder / "podnews_weekly_review_2023-06-02.json").episode
    assert tokens is not None
    assert tokens.turns[0].segments[0].text == "It's Friday, the 2nd of June 2023."
    words_ = read_episode_file(folder / "one_word_segments.json").episode
    assert words_ is not None
    assert words_.turns[0].segments[0].text.startswith("Hey, Travis Albritain here. Uh, so I hope")


@pytest.mark.corpus
def test_buzzcast_json_and_html_twins_agree_on_speakers_and_words() -> None:
    folder = require_shared(CORPUS) / "pc20-samples"
    from_json = read_episode_file(folder / "buzzcast.json").episode
    from_html = read_episode_file(folder / "buzzcast.html").episode
    assert from_json is not None and from_html is not None
    assert [t.speaker for t in from_json.turns] == [t.speaker for t in from_html.turns]
    # The sample JSON stops 45 words before the end of the episode the HTML has.
    json_words, html_words = episode_words(from_json), episode_words(from_html)
    assert html_words[: len(json_words)] == json_words
    assert len(html_words) - len(json_words) == 45


@pytest.mark.corpus
def test_orbit_fm_json_and_txt_twins_agree_on_speakers_and_clocks() -> None:
    folder = require_shared(CORPUS) / "orbitfm"
    from_json = read_episode_file(folder / "weboftomorrow-049.json").episode
    from_txt = read_episode_file(folder / "weboftomorrow-049.txt").episode
    assert from_json is not None and from_txt is not None

    def moments(ep: Episode) -> list[tuple[str | None, int | None]]:
        return [(turn.speaker, segment.start) for turn, segment in ep.segments()]

    assert moments(from_json) == moments(from_txt)


@pytest.mark.corpus
def test_corpus_json_reads_fast() -> None:
    files = corpus_json()
    started = time.perf_counter()
    for path in files:
        read_episode_file(path)
    # ~0.3 s for 3 MB on a developer machine; the bound only catches quadratic work.
    assert time.perf_counter() - started < 10


def test_a_large_word_level_file_reads_in_linear_time() -> None:
    sentence = ["this", "is", "one", "more", "sentence", "of", "ten", "words", "for", "tests."]
    segments = [
        {"speaker": f"S{i // 2000}", "startTime": i / 4, "endTime": i / 4 + 0.2, "body": w}
        for i, w in enumerate(sentence * 10_000)
    ]
    text = json.dumps({"segments": segments})  # 100,000 segments, 6 MB, on one line
    started = time.perf_counter()
    ep = episode(text)
    assert len(ep.turns) == 50
    assert time.perf_counter() - started < 20  # ~1.5 s; quadratic work would take hours
