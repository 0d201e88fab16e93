"""Rendering details a reader sees: escaping, links over text, anchors, speaker colours."""

from __future__ import annotations

import re
from pathlib import Path

from sitegen.contexts import SPEAKER_COLOURS, speaker_colour, speaker_slugs
from sitegen.model import Episode, Metadata, Segment, Turn
from sitegen.moments import moments_for
from sitegen.slugs import slugify
from sitegen.transcript_html import Span, paragraph_html
from sitegen.urls import file_for, moment_anchor, root_prefix

REPO = Path(__file__).resolve().parent.parent


def test_paragraph_text_is_escaped_and_spans_become_links() -> None:
    text = "<script>x</script> see episode 913 & more"
    start = text.index("episode")
    html = paragraph_html(text, [], [Span(start, start + 11, "../913/", "mention")])
    assert "<script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert '<a class="mention" href="../913/">episode 913</a> &amp; more' in html


def test_unlinked_span_stays_text_and_overlaps_are_skipped() -> None:
    spans = [Span(0, 9, None, "mention"), Span(2, 5, "x", "mention"), Span(10, 13, "y", "mention")]
    html = paragraph_html("episode 7 now", [], spans)
    assert html == '<span class="mention">episode 7</span> <a class="mention" href="y">now</a>'


def test_the_sources_own_link_wins_over_an_overlapping_mention() -> None:
    text = "in episode #49 we"
    links = [Span(3, 14, "https://changelog.com/shipit/49", "link")]
    mentions = [Span(0, 10, "../1/", "mention"), Span(3, 14, "../49/", "mention")]
    mentions.append(Span(15, 17, "../2/", "mention"))
    html = paragraph_html(text, links, mentions)
    assert html == (
        'in <a class="link" href="https://changelog.com/shipit/49">episode #49</a> '
        '<a class="mention" href="../2/">we</a>'
    )


def test_href_is_attribute_escaped() -> None:
    html = paragraph_html("click", [Span(0, 5, 'javascript:"><b>', "link")], [])
    assert '"><b>' not in html


def episode(*segments: tuple[str | None, int | None]) -> Episode:
    turns = tuple(Turn(s, (Segment(t, None, "x", 1),)) for s, t in segments)
    return Episode("1", Metadata(), turns, Path("1.txt"), "plaintext")


def test_anchors_are_time_based_and_unique() -> None:
    ep = episode(("A", 989_000), ("B", 989_400), ("A", 3_723_000), ("B", None), ("A", 989_000))
    # B's paragraph has no clock: it gets one estimated from its word after 1:02:03 (and a
    # suffix, since a clocked paragraph already has that second).
    anchors = ("t=16:29", "t=16:29-2", "t=1:02:03", "t=1:02:03-2", "t=16:29-3")
    assert moments_for(ep).anchors == anchors


def test_moment_anchor_formats() -> None:
    assert moment_anchor(0, 0) == "t=00:00"
    assert moment_anchor(None, 4) == "p4"


def test_speaker_colour_is_stable_and_in_range() -> None:
    assert speaker_colour("Jon Krohn") == speaker_colour("Jon Krohn")
    assert {speaker_colour(f"Speaker {i}") for i in range(100)} == set(range(SPEAKER_COLOURS))


def test_speaker_slugs_are_unique() -> None:
    slugs = speaker_slugs(["Jon Krohn", "jon krohn", "Élodie", "<script>", "***"])
    assert slugs["Élodie"] == "elodie"
    assert slugs["<script>"] == "script"
    assert len(set(slugs.values())) == 5
    assert all(re.fullmatch(r"[a-z0-9-]+", s) for s in slugs.values())


def test_url_helpers() -> None:
    assert slugify("Aaron van Wirdum") == "aaron-van-wirdum"
    assert slugify("../../x") == "x"
    assert slugify("Søren Ærø-Łukasz") == "soren-aero-lukasz"
    assert file_for("episodes/9/") == "episodes/9/index.html"
    assert file_for("") == "index.html"
    assert file_for("404.html") == "404.html"
    assert root_prefix("episodes/9/") == "../../"
    assert root_prefix("") == ""


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_speaker_and_text_colours_pass_wcag_aa_in_light_and_dark() -> None:
    css = (REPO / "static" / "style.css").read_text()
    light, dark = css.split("@media (prefers-color-scheme: dark)", 1)
    for block in (light, dark.split("}\n}", 1)[0]):
        props = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", block))
        background = props["bg"]
        foregrounds = [f"spk-{i}" for i in range(SPEAKER_COLOURS)] + ["fg", "muted", "link"]
        for name in foregrounds:
            ratio = _contrast(props[name], background)
            assert ratio >= 4.5, f"--{name} {props[name]} on {background}: {ratio:.2f}"
        # a linked moment (--highlight) and the paragraph being played (--playing) hold body
        # text, their clock (muted), mention links and the speaker's name when it is the turn's
        # first paragraph: all must stay readable on the tint
        for tint in ("highlight", "playing"):
            for name in foregrounds:
                ratio = _contrast(props[name], props[tint])
                assert ratio >= 4.5, (
                    f"--{name} {props[name]} on --{tint} {props[tint]}: {ratio:.2f}"
                )
