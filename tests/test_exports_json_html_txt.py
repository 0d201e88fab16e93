"""transcript.json, transcript.html and transcript.txt: the exact bytes written for a small
episode that has every awkward part (no speaker, no clock, a heading, milliseconds, an hour,
text to escape), the times the JSON export makes up, and the seed written back as it came."""

from __future__ import annotations

import json
from pathlib import Path

from sitegen.exports import ExportContext, exporters
from sitegen.exports.html import export_html, long_clock
from sitegen.exports.p20json import export_json
from sitegen.exports.text import exact_clock, export_text
from sitegen.model import Episode, Metadata, Segment, Turn
from sitegen.readers import read_episode_file
from sitegen.talktime import estimate_ms, paragraph_times

from .conftest import SEED, require_shared

CONTEXT = ExportContext("The Show", "https://example.org/episodes/12/", "en-GB")

EPISODE = Episode(
    key="12",
    meta=Metadata(title="Data & <Models>", episode=12),
    turns=(
        Turn(None, (Segment(None, None, "(Intro music)", 1),)),
        Turn(
            "Ann Lee",
            (
                Segment(5_000, None, "Welcome to <the> show & more.", 2),
                Segment(65_250, 70_000, 'Second "quoted" paragraph.', 3),
            ),
            heading="Part 1",
        ),
        Turn(
            "Bo",
            (
                Segment(None, None, "Right: an unclocked one.", 4),
                Segment(3_723_000, None, "An hour in.", 5),
            ),
        ),
        Turn(None, (Segment(3_730_000, None, "[music]", 6),)),
    ),
    source=Path("12.txt"),
    format="plaintext",
)


def test_json_export() -> None:
    assert export_json(EPISODE, CONTEXT) == (
        """{
  "version": "1.0.0",
  "segmentLevel": "paragraph",
  "segments": [
    {
      "startTime": 0.0,
      "endTime": 5.0,
      "body": "(Intro music)",
      "timeEstimated": true
    },
    {
      "speaker": "Ann Lee",
      "startTime": 5.0,
      "endTime": 65.25,
      "body": "Welcome to <the> show & more."
    },
    {
      "speaker": "Ann Lee",
      "startTime": 65.25,
      "endTime": 70.0,
      "body": "Second \\"quoted\\" paragraph."
    },
    {
      "speaker": "Bo",
      "startTime": 1632.857,
      "endTime": 3723.0,
      "body": "Right: an unclocked one.",
      "timeEstimated": true
    },
    {
      "speaker": "Bo",
      "startTime": 3723.0,
      "endTime": 3730.0,
      "body": "An hour in."
    },
    {
      "startTime": 3730.0,
      "endTime": 3730.387,
      "body": "[music]"
    }
  ]
}
"""
    )


def test_json_export_keeps_text_as_is_and_is_deterministic() -> None:
    text = "Zoë said “hi” — 100% <ok>\n  indented"
    ep = Episode("1", Metadata(), (Turn("Zoë", (Segment(1, 2, text, 1),)),), Path("1.txt"), "x")
    out = export_json(ep, CONTEXT)
    assert out == export_json(ep, CONTEXT)
    assert "Zoë said “hi” — 100%" in out  # ensure_ascii=False
    assert json.loads(out)["segments"] == [
        {"speaker": "Zoë", "startTime": 0.001, "endTime": 0.002, "body": text}
    ]


def test_paragraph_times_share_stretches_by_words_and_estimate_the_rest() -> None:
    def segment(start: int | None, words: int, end: int | None = None) -> Segment:
        return Segment(start, end, " ".join(["word"] * words), 1)

    per_word = estimate_ms(1)
    # No clock at all: one after the other at the average speaking rate.
    assert paragraph_times([segment(None, 1), segment(None, 2)]) == [
        (0, per_word),
        (per_word, per_word + estimate_ms(2)),
    ]
    # Before the first clock: squeezed in before it when the words would take longer.
    assert paragraph_times([segment(None, 300), segment(None, 100), segment(8_000, 1)]) == [
        (0, 6_000),
        (6_000, 8_000),
        (8_000, 8_000 + per_word),
    ]
    # Between two clocks: the stretch is shared by words.
    assert paragraph_times([segment(10_000, 1), segment(None, 3), segment(30_000, 1)]) == [
        (10_000, 15_000),
        (15_000, 30_000),
        (30_000, 30_000 + per_word),
    ]
    # A clock going backwards: the paragraph before it ends by its own words, not before it starts.
    assert paragraph_times([segment(60_000, 2), segment(30_000, 1, 31_000)]) == [
        (60_000, 60_000 + estimate_ms(2)),
        (30_000, 31_000),
    ]


def test_html_export() -> None:
    assert export_html(EPISODE, CONTEXT) == (
        """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Transcript: Episode 12: Data &amp; &lt;Models&gt; — The Show</title>
</head>
<body>
<p>(Intro music)</p>
<h2>Part 1</h2>
<cite>Ann Lee:</cite>
<time>0:00:05</time>
<p>Welcome to &lt;the&gt; show &amp; more.</p>
<time>0:01:05.25</time>
<p>Second "quoted" paragraph.</p>
<cite>Bo:</cite>
<p>Right: an unclocked one.</p>
<time>1:02:03</time>
<p>An hour in.</p>
<cite></cite>
<time>1:02:10</time>
<p>[music]</p>
</body>
</html>
"""
    )


def test_html_export_escapes_everything_and_keeps_line_breaks() -> None:
    ep = Episode(
        "x",
        Metadata(title="</title><script>alert(1)</script>"),
        (Turn("<b>Eve</b>", (Segment(None, None, "<script>alert(1)</script>\nline two", 1),)),),
        Path("x.txt"),
        "x",
    )
    out = export_html(ep, ExportContext("S&S", "/x/", 'en" onload="x'))
    assert "<script>" not in out and "<b>" not in out
    assert '<html lang="en&quot; onload=&quot;x">' in out
    assert "<title>Transcript: &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; — S&amp;S" in out
    assert "<cite>&lt;b&gt;Eve&lt;/b&gt;:</cite>" in out
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt;<br>line two</p>" in out


def test_text_export() -> None:
    assert export_text(EPISODE, CONTEXT) == (
        "(Intro music)\n"
        "Ann Lee: 00:05 Welcome to <the> show & more.\n"
        '01:05.25 Second "quoted" paragraph.\n'
        "\n"
        "Bo: Right: an unclocked one.\n"
        "Bo: 1:02:03 An hour in.\n"  # Bo's clocked label confirms the unclocked `Bo:` above
        "1:02:10 [music]\n"
    )


def test_text_export_labels_a_continuation_that_would_read_as_a_label() -> None:
    turn = Turn("Ann", (Segment(0, None, "Hi.", 1), Segment(3_000, None, "Right: so.", 2)))
    ep = Episode("1", Metadata(), (turn,), Path("1.txt"), "x")
    assert export_text(ep, CONTEXT) == "Ann: 00:00 Hi.\nAnn: 00:03 Right: so.\n"


def test_clock_forms() -> None:
    assert [exact_clock(ms) for ms in (0, 5_250, 59_999, 3_600_000, 36_000_005)] == [
        "00:00",
        "00:05.25",
        "00:59.999",
        "1:00:00",
        "10:00:00.005",
    ]
    assert [long_clock(ms) for ms in (0, 5_250, 3_723_000)] == ["0:00:00", "0:00:05.25", "1:02:03"]


def test_the_seed_is_written_back_as_it_came() -> None:
    seed = require_shared(SEED)
    episode = read_episode_file(seed).episode
    assert episode is not None
    # The seed has no final newline; the export ends its last line.
    assert export_text(episode, CONTEXT) == seed.read_text(encoding="utf-8") + "\n"


def test_exporters_are_registered_for_their_suffixes() -> None:
    registry = exporters()
    assert (registry["json"], registry["html"], registry["txt"]) == (
        export_json,
        export_html,
        export_text,
    )
