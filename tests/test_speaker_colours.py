"""Speaker colours: one per person across the site, different from everyone they share an
episode with (contexts.SpeakerColours), and the same on every page that shows the person."""

from __future__ import annotations

import random
import re
from pathlib import Path

from sitegen.build import build
from sitegen.contexts import SPEAKER_COLOURS, SpeakerColours, speaker_colour
from sitegen.incremental import LiveSite
from sitegen.options import BuildOptions

from .conftest import REPO, MakeSite


def test_twelve_speakers_of_one_episode_get_twelve_colours() -> None:
    names = tuple(f"Guest {i}" for i in range(SPEAKER_COLOURS))
    colours = SpeakerColours.of([names])
    assert sorted(colours.episode(names).values()) == list(range(SPEAKER_COLOURS))
    assert not colours.crowded


def test_a_person_has_one_colour_in_every_episode() -> None:
    episodes = [("Host", f"Guest {i}") for i in range(30)] + [("Host", "Co-host")] * 5
    colours = SpeakerColours.of(episodes)
    for speakers in episodes:
        by_name = colours.episode(speakers)
        assert by_name == {n: colours.site[n] for n in speakers}
        assert len(set(by_name.values())) == len(speakers)
    # The person in most episodes gets the colour their name asks for.
    assert colours.site["Host"] == speaker_colour("Host")


def test_people_who_alternate_turns_differ() -> None:
    # Eleven speakers, two hosts among them: the case of the issue where eight colours were few.
    speakers = ("Ann", "Bo", *(f"Guest {i}" for i in range(9)))
    colours = SpeakerColours.of([speakers, ("Ann", "Bo")])
    assert colours.site["Ann"] != colours.site["Bo"]
    assert len(set(colours.episode(speakers).values())) == len(speakers)


def test_colours_do_not_depend_on_the_order_of_episodes() -> None:
    rng = random.Random(17)
    people = [f"P{i}" for i in range(40)]
    episodes = [tuple(rng.sample(people, rng.randint(1, 6))) for _ in range(60)]
    first = SpeakerColours.of(episodes)
    rng.shuffle(episodes)
    assert SpeakerColours.of(episodes) == first


def test_someone_who_met_every_colour_is_moved_in_that_episode_only() -> None:
    # "Z" (fewest episodes, so coloured last) has spoken with people of all twelve colours: no
    # slot is free site-wide. Z keeps their own slot, and only where it is taken moves.
    crowd = tuple(f"Guest {i:02}" for i in range(SPEAKER_COLOURS))
    episodes = [*([crowd] * 20), *(("Z", name) for name in crowd)]
    colours = SpeakerColours.of(episodes)
    assert colours.crowded == {"Z"}
    own = colours.site["Z"]
    assert own == speaker_colour("Z")
    for speakers in episodes[20:]:
        local = colours.episode(speakers)
        assert local["Z"] != local[speakers[1]]
        assert local[speakers[1]] == colours.site[speakers[1]]  # the others never move
        assert local["Z"] == own or colours.site[speakers[1]] == own


def test_more_speakers_than_colours_repeat_without_failing() -> None:
    speakers = tuple(f"S{i}" for i in range(SPEAKER_COLOURS + 3))
    colours = SpeakerColours.of([speakers])
    assert set(colours.episode(speakers).values()) == set(range(SPEAKER_COLOURS))


def test_the_style_sheet_has_every_colour_in_both_themes() -> None:
    css = (REPO / "static" / "style.css").read_text()
    light, dark = css.split("@media (prefers-color-scheme: dark)", 1)
    for block in (light, dark):
        defined = set(re.findall(r"--spk-(\d+):\s*#", block))
        assert defined == {str(i) for i in range(SPEAKER_COLOURS)}
    classes = set(re.findall(r"\.spk-(\d+) \{ --spk: var\(--spk-\1\); \}", css))
    assert classes == {str(i) for i in range(SPEAKER_COLOURS)}


SITE: dict[str, str | bytes] = {
    "sitegen.toml": 'title = "Colours"\nhosts = ["Ann Host"]\n',
    "content/episodes/1.txt": "Ann Host: 00:00 Hi.\nBo Guest: 00:10 Hello.\nAnn Host: 00:20 Bye.\n",
    "content/episodes/2.txt": (
        "Cy Other: 00:00 Hi.\nBo Guest: 00:10 Me again.\nAnn Host: 00:20 And me.\n"
    ),
    "content/episodes/3.txt": "Bo Guest: 00:00 Alone this time.\n",
}


def test_every_page_shows_a_person_in_their_one_colour(make_site: MakeSite) -> None:
    site = make_site(SITE)
    out = site / "_site"
    assert not build(site, out_dir=out).failed(strict=False)
    seen: dict[str, set[str]] = {}

    def note(name: str, slot: str) -> None:
        seen.setdefault(name, set()).add(slot)

    for number in (1, 2, 3):
        page = (out / "episodes" / str(number) / "index.html").read_text()
        for slot, name in re.findall(
            r'<div class="turn spk-(\d+)">\n<p class="speaker">([^<]+)<', page
        ):
            note(name, slot)
        for slot, name in re.findall(
            r'<li class="spk-(\d+)"><a class="speaker-name"[^>]*>([^<]+)<', page
        ):
            note(name, slot)
    index = (out / "speakers" / "index.html").read_text()
    for slot, name in re.findall(
        r'<tr class="spk-(\d+)">\s*<th scope="row"><a class="speaker-name"[^>]*>([^<]+)<', index
    ):
        note(name, slot)
    for slug in ("ann-host", "bo-guest", "cy-other"):
        page = (out / "speakers" / slug / "index.html").read_text()
        found = re.search(r'<h1 class="spk-(\d+)"><span class="speaker-name">([^<]+)<', page)
        assert found is not None
        note(found.group(2), found.group(1))
    assert set(seen) == {"Ann Host", "Bo Guest", "Cy Other"}
    assert all(len(slots) == 1 for slots in seen.values()), seen
    assert len({next(iter(slots)) for slots in seen.values()}) == 3  # all met in episode 2


# Bo Li and Hal Ward want the same slot (crc32); Bo Li has it while both are in one episode each
# (ties go by name), Hal Ward once a second episode puts him first.
BEFORE: dict[str, str | bytes] = {
    "content/episodes/1.txt": "Hal Ward: 00:00 Hi.\nBo Li: 00:10 Hello.\n",
    "content/episodes/2.txt": "Cy Park: 00:00 On my own.\n",
}
AFTER_2 = "Cy Park: 00:00 Not alone.\nHal Ward: 00:10 Here I am.\n"


def test_the_colours_edit_far_away_from_the_edit() -> None:
    before = SpeakerColours.of([("Hal Ward", "Bo Li"), ("Cy Park",)])
    after = SpeakerColours.of([("Hal Ward", "Bo Li"), ("Cy Park", "Hal Ward")])
    assert before.site["Bo Li"] == speaker_colour("Bo Li") == speaker_colour("Hal Ward")
    assert after.site["Hal Ward"] == speaker_colour("Hal Ward")
    assert after.site["Bo Li"] != before.site["Bo Li"]


def test_an_update_that_recolours_people_equals_a_clean_build(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """Episode 2's edit makes Hal Ward the one in most episodes: Bo Li's colour changes on the
    page of episode 1 and on his own, which show nothing of episode 2."""
    site = make_site(BEFORE)
    live = LiveSite(BuildOptions(site, tmp_path / "live", jobs=1))
    assert not live.build().failed(strict=False)
    reused = tmp_path / "reused"
    build(site, out_dir=reused, jobs=1, reuse=True)
    edited = site / "content" / "episodes" / "2.txt"
    edited.write_text(AFTER_2)
    result = live.update([edited])
    assert not result.failed(strict=False)
    assert result.stats is not None
    assert {"episodes/1/index.html", "speakers/bo-li/index.html"} <= set(result.stats.changed)
    build(site, out_dir=reused, jobs=1, reuse=True)
    clean = tmp_path / "clean"
    build(site, out_dir=clean, jobs=1)
    for folder in (tmp_path / "live", reused):
        for page in ("episodes/1/index.html", "speakers/bo-li/index.html", "speakers/index.html"):
            assert (folder / page).read_bytes() == (clean / page).read_bytes(), (folder, page)
