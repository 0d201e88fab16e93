"""Show notes kept beside their transcript (`412.md` beside `412.vtt`) are the episode's notes,
never its transcript, however much their headings look like speaker labels."""

from __future__ import annotations

from sitegen.build import build

from .conftest import MakeSite

VTT = (
    "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Michael Kennedy>Hello and welcome to the show.\n\n"
    "00:00:04.000 --> 00:00:09.000\n<v Brian Okken>Thanks, glad to be here again.\n"
)
NOTES = (
    "# Python Bytes 412\n\n**Michael #1:** [Quart rewrite](https://example.org/quart)\n\n"
    "- Rewrote the site\n\n**Brian #2:** Attestations\n\n- For maintainers\n"
)
TXT = "Ann Lee: 00:00 Welcome back to the show.\nBo Ng: 00:05 Glad to be here.\n"
LABELLED_NOTES = "**Ann:** links from this week.\n\n**Bo:** the book we discussed.\n"


def test_notes_beside_a_transcript_are_notes_and_every_file_is_one_episode(
    make_site: MakeSite,
) -> None:
    site = make_site(
        {
            "content/episodes/412.vtt": VTT,
            "content/episodes/412.md": NOTES,
            "content/episodes/413-the-title.txt": TXT,
            "content/episodes/413-the-title.md": LABELLED_NOTES,
        }
    )
    result = build(site)
    by_key = result.archive.by_key
    assert sorted(by_key) == ["412", "413"]
    assert by_key["412"].source.name == "412.vtt"
    assert by_key["412"].speakers == ("Michael Kennedy", "Brian Okken")
    assert by_key["412"].notes == NOTES.strip("\n")
    assert by_key["413"].source.name == "413-the-title.txt"
    assert by_key["413"].speakers == ("Ann Lee", "Bo Ng")
    page = (site / "_site/episodes/412/index.html").read_text()
    notes, transcript = page.split('class="show-notes', 1)[1].split('class="transcript', 1)
    assert "<strong>Michael #1:</strong>" in notes
    assert "Hello and welcome to the show." in transcript
    assert "Michael #1" not in transcript
    notes_said = [n for _p, n in result.notes if "show notes from" in n]
    assert any("412.md" in n for n in notes_said)


def test_a_markdown_transcript_alone_is_still_a_transcript(make_site: MakeSite) -> None:
    site = make_site({"content/episodes/414.md": "**Ann Lee:** Hello.\n\n**Bo Ng:** Hi.\n"})
    episode = build(site).archive.by_key["414"]
    assert episode.speakers == ("Ann Lee", "Bo Ng")
    assert episode.notes == ""


def test_a_markdown_transcript_with_clocks_beside_another_is_a_twin(make_site: MakeSite) -> None:
    site = make_site(
        {
            "content/episodes/415.txt": "00:00:01 Hello.\n00:00:05 Hi.\n",
            "content/episodes/415.md": (
                "**Ann Lee:** [00:00:01] Hello.\n\n**Bo Ng:** [00:00:05] Hi.\n"
            ),
        }
    )
    episode = build(site).archive.by_key["415"]
    assert episode.source.name == "415.md"  # named speakers beat none
    assert episode.speakers == ("Ann Lee", "Bo Ng")
