"""One file never stops the whole build (issue 16): a broken symlink, a symlink loop, a file
that cannot be read, a FIFO, folders nested thousands deep, a clock of 1e306, a lone surrogate.
Each is reported as `path:line: severity: message` and the other episodes are still published;
the exit code says whether there was an error. Nor does one publish what it should not without a
word: a symlink out of the site folder, control characters and noncharacters (escaped, raw or
as character references), a transcript far larger than any real one; and no speaker name or
text makes a download its format's readers misread."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen import characters, readers
from sitegen.characters import is_unfit
from sitegen.cli import main
from sitegen.readers import read_episode_file, read_episode_text
from sitegen.readers.cues import parse_timing
from sitegen.serve.watch import Change, Kind, Watcher
from sitegen.walk import MAX_DEPTH

from .conftest import MakeSite
from .serve_support import wait_until

ONE = "Ann Lee: 00:01 The first episode speaks.\n"
TWO = "Bo Ng: 00:02 The second episode answers.\n"


def good_site(make_site: MakeSite, extra: dict[str, str | bytes] | None = None) -> Path:
    files: dict[str, str | bytes] = {
        "sitegen.toml": 'title = "T"\nbase_url = "https://example.org/"\n',
        "content/episodes/1.txt": ONE,
        "content/episodes/2.txt": TWO,
    }
    return make_site({**files, **(extra or {})})


def build(site: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """Exit code of `sitegen build`, and the problems it reported (without offending lines)."""
    code = main(["build", str(site), "-q"])
    err = capsys.readouterr().err
    return code, [line for line in err.splitlines() if line and not line[:1].isspace()]


def assert_published(site: Path) -> None:
    out = site / "_site" / "episodes"
    assert "The first episode speaks." in (out / "1" / "index.html").read_text()
    assert "The second episode answers." in (out / "2" / "index.html").read_text()


def test_broken_symlinks_are_reported_and_skipped(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = good_site(make_site)
    (site / "content" / "episodes" / "gone.txt").symlink_to("missing")
    (site / "content" / "episodes" / ".#1.txt").symlink_to("root@host.1234")  # an editor's lock
    for folder in ("templates", "static"):
        (site / folder).mkdir()
    (site / "templates" / "gone.html").symlink_to("missing.html")
    (site / "static" / "gone.css").symlink_to("missing.css")
    code, reported = build(site, capsys)
    assert sorted(reported) == [
        "content/episodes/gone.txt: warning: broken symlink (points to missing); skipped",
        "static/gone.css: warning: broken symlink (points to missing.css); skipped",
        "templates/gone.html: warning: broken symlink (points to missing.html); skipped",
    ]
    assert code == 0
    assert_published(site)


def test_symlink_loops_are_reported_and_skipped(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = good_site(make_site)
    episodes = site / "content" / "episodes"
    (episodes / "a.txt").symlink_to("b")
    (episodes / "b").symlink_to("a.txt")
    (episodes / "up").symlink_to("..")  # a folder symlink to its parent
    (site / "content" / "network").symlink_to(".")  # a show folder that is content/ itself
    (site / "static").mkdir()
    (site / "static" / "self.css").symlink_to("self.css")
    code, reported = build(site, capsys)
    assert sorted(reported) == [
        "content/episodes/a.txt: warning: symlink loop (points to b); skipped",
        "content/episodes/b: warning: symlink loop (points to a.txt); skipped",
        "content/episodes/up: warning: symlink loop (points to ..); skipped",
        "content/network: warning: symlink loop (points to .); skipped",
        "static/self.css: warning: symlink loop (points to self.css); skipped",
    ]
    assert code == 0
    assert_published(site)


def test_a_symlink_to_a_transcript_is_read(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = good_site(make_site, {"elsewhere/3.txt": "Cy: 00:03 Linked in.\n"})
    (site / "content" / "episodes" / "3.txt").symlink_to(site / "elsewhere" / "3.txt")
    code, reported = build(site, capsys)
    assert (code, reported) == (0, [])
    assert "Linked in." in (site / "_site" / "episodes" / "3" / "index.html").read_text()


def test_unreadable_files_are_errors_and_the_rest_builds(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = good_site(
        make_site,
        {
            "content/episodes/3.txt": "Cy: 00:03 Secret.\n",
            "content/pages/about.md": "# About\n",
            "static/site.css": "body {}\n",
        },
    )
    unreadable = {"3.txt", "about.md", "site.css"}
    read_bytes, open_ = Path.read_bytes, Path.open

    def refuse(path: Path) -> None:
        if path.name in unreadable:
            raise PermissionError(13, "Permission denied", str(path))

    def guarded_read_bytes(self: Path) -> bytes:
        refuse(self)
        return read_bytes(self)

    def guarded_open(self: Path, *args: object, **kwargs: object) -> object:
        refuse(self)
        return open_(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "read_bytes", guarded_read_bytes)
    monkeypatch.setattr(Path, "open", guarded_open)
    code, reported = build(site, capsys)
    assert sorted(reported) == [
        "content/episodes/3.txt: error: cannot read file: Permission denied",
        "content/pages/about.md: error: cannot read file: Permission denied",
        "static/site.css: error: cannot read file: Permission denied; not published",
    ]
    assert code == 1
    assert_published(site)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file of mode 000")
def test_a_file_of_mode_000_is_an_error(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = good_site(make_site, {"content/episodes/3.txt": "Cy: 00:03 Secret.\n"})
    secret = site / "content" / "episodes" / "3.txt"
    secret.chmod(0)
    try:
        code, reported = build(site, capsys)
    finally:
        secret.chmod(0o644)
    assert reported == ["content/episodes/3.txt: error: cannot read file: Permission denied"]
    assert code == 1
    assert_published(site)


def test_a_clock_out_of_range_is_a_warning_and_the_text_is_kept(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    segments = (
        '{"segments": [\n'
        '{"speaker": "Cy", "startTime": 0, "body": "Fine."},\n'
        '{"speaker": "Cy", "startTime": 1e306, "body": "Far away."},\n'
        '{"speaker": "Cy", "startTime": 1' + "0" * 5000 + ', "body": "Further."}\n'
        "]}\n"
    )
    site = good_site(make_site, {"content/episodes/3.json": segments})
    code, reported = build(site, capsys)
    expected = (
        'content/episodes/3.json:{}: warning: segment {}: "startTime" {} is not a time'
        " (seconds like 12.5, or a clock like 0:00:12.5); kept without a clock"
    )
    assert reported == [expected.format(3, 2, "1e+306"), expected.format(4, 3, "Infinity")]
    assert code == 0
    assert_published(site)
    page = (site / "_site" / "episodes" / "3" / "index.html").read_text()
    assert "Far away." in page
    assert "Further." in page


def test_lone_surrogates_become_replacement_characters(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    transcript = (
        '{"segments": [\n'
        '{"speaker": "Cy", "startTime": 0, "body": "Half \\udfff here, \\ud83d\\ude00 whole,'
        ' \\\\udfff no escape."}\n'
        "]}\n"
    )
    site = good_site(
        make_site,
        {
            "content/episodes/3.json": transcript,
            "content/episodes/1.txt": '---\ntitle: "One \\ud800"\n---\n' + ONE,
            "content/episodes/2.yaml": 'title: "Two \\ud83d\\ude00"\nguests: ["Dee \\udc00"]\n',
        },
    )
    message = "lone surrogate `\\u{}` is half of a UTF-16 pair, no character; replaced with U+FFFD"
    expected = [
        f"content/episodes/1.txt:2: warning: {message.format('d800')}",
        f"content/episodes/2.yaml:2: warning: {message.format('dc00')}",
        f"content/episodes/3.json:2: warning: {message.format('dfff')}",
    ]
    for _ in range(2):  # again: the parse cache holds what was read, and builds again
        code, reported = build(site, capsys)
        assert (code, sorted(reported)) == (0, expected)
        assert_published(site)
        out = site / "_site" / "episodes"
        assert (
            "Half \ufffd here, \U0001f600 whole, \\udfff no escape."
            in (out / "3" / "index.html").read_text()
        )
        assert "One \ufffd" in (out / "1" / "index.html").read_text()
        assert "Two \U0001f600" in (out / "2" / "index.html").read_text()


def test_control_characters_and_noncharacters_become_replacement_characters(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    transcript = (
        '{"segments": [\n'
        '{"speaker": "Cy", "startTime": 0, "body": "Nul \\u0000, back \\b, end \\uffff."},\n'
        '{"speaker": "Cy", "startTime": 5, "body": "Then \\u0085 and \\ud83f\\udfff."}\n'
        "]}\n"
    )
    site = good_site(
        make_site,
        {
            "content/episodes/3.json": transcript,
            "content/episodes/4.vtt": "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n"
            "<v Dee>A bell \x07 rings.\n",
            "content/episodes/2.yaml": 'title: "Two \\x08"\n',
        },
    )
    code, reported = build(site, capsys)
    assert sorted(reported) == [
        "content/episodes/2.yaml:1: warning: control character U+0008 (backspace) is no text;"
        " replaced with U+FFFD",
        "content/episodes/3.json:2: warning: control character U+0000 (NUL) is no text;"
        " replaced with U+FFFD",
        "content/episodes/3.json:3: warning: control character U+0085 is no text;"
        " replaced with U+FFFD",
        "content/episodes/4.vtt:4: warning: control character U+0007 is no text;"
        " replaced with U+FFFD",
    ]
    assert code == 0
    assert_published(site)
    out = site / "_site" / "episodes"
    page = (out / "3" / "index.html").read_text()
    assert "Nul \ufffd, back \ufffd, end \ufffd." in page
    assert "Then \ufffd and \ufffd." in page
    assert "A bell \ufffd rings." in (out / "4" / "index.html").read_text()
    assert "Two \ufffd" in (out / "2" / "index.html").read_text()
    for download in sorted((out / "3").glob("transcript.*")):
        back = read_episode_file(download)
        assert [d.format() for d in back.diagnostics if d.severity == "error"] == []
        assert back.episode is not None, download.name
        texts = [s.text for turn in back.episode.turns for s in turn.segments]
        assert any("Nul \ufffd" in text for text in texts), download.name
    assert main(["build", str(site), "-q", "--strict"]) == 1


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        (
            "3.html",
            "<cite>Cy:</cite> <time>0:00</time>\n<p>Bell &#7; rings &#xffff; &#128;.</p>\n",
            2,
        ),
        (
            "3.vtt",
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Cy>Bell &#7; rings &#xffff; &#128;.\n",
            4,
        ),
        ("3.md", "**Cy:** [00:01] Bell &#7; rings &#xffff; &#128;.\n", 1),
    ],
)
def test_character_references_to_control_characters_are_replaced(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str], name: str, text: str, line: int
) -> None:
    # HTML's rules drop `&#7;` without a word, and WebVTT's reader kept it as a control.
    site = good_site(make_site, {f"content/episodes/{name}": text})
    code, reported = build(site, capsys)
    assert reported == [
        f"content/episodes/{name}:{line}: warning: character reference `&#7;`: control character"
        " U+0007 is no text; replaced with U+FFFD"
    ]
    assert code == 0
    page = (site / "_site" / "episodes" / "3" / "index.html").read_text()
    assert "Bell \ufffd rings \ufffd \u20ac." in page
    back = read_episode_file(site / "_site" / "episodes" / "3" / "transcript.vtt")
    assert back.episode is not None
    assert back.episode.turns[0].segments[0].text == "Bell \ufffd rings \ufffd \u20ac."


@pytest.fixture
def nest() -> Iterator[Callable[[Path, int], None]]:
    """Make `depth` folders one in the other in a folder, and a transcript in the deepest;
    removed after the test (shutil.rmtree, as pytest's clean-up calls it, recurses, and
    overflows the stack)."""
    made: list[tuple[Path, int]] = []

    def make(folder: Path, depth: int) -> None:
        fds = [os.open(folder, os.O_RDONLY)]
        made.append((folder, depth))
        try:  # relative to an open folder: the whole path is longer than the system allows
            for _ in range(depth):
                os.mkdir("d", dir_fd=fds[-1])
                fds.append(os.open("d", os.O_RDONLY, dir_fd=fds[-1]))
                os.close(fds.pop(-2))
            with open(os.open("9.txt", os.O_WRONLY | os.O_CREAT, dir_fd=fds[-1]), "w") as deep:
                deep.write("Dee: 00:09 Too deep to read.\n")
        finally:
            for fd in fds:
                os.close(fd)

    yield make
    for folder, depth in made:
        fds = [os.open(folder, os.O_RDONLY)]
        for _ in range(depth):
            fds.append(os.open("d", os.O_RDONLY, dir_fd=fds[-1]))
        os.unlink("9.txt", dir_fd=fds[-1])
        for level in range(depth, 0, -1):
            os.close(fds[level])
            os.rmdir("d", dir_fd=fds[level - 1])
        os.close(fds[0])


def test_folders_nested_thousands_deep_are_skipped_below_a_depth(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str], nest: Callable[[Path, int], None]
) -> None:
    site = good_site(make_site)
    nest(site / "content" / "episodes", 2000)
    code, reported = build(site, capsys)
    folder = "/".join(["content/episodes", *["d"] * (MAX_DEPTH + 1)])
    assert reported == [f"{folder}: warning: folders nested more than {MAX_DEPTH} deep; skipped"]
    assert code == 0
    assert_published(site)


def test_serve_watches_a_site_with_folders_nested_thousands_deep(
    make_site: MakeSite, nest: Callable[[Path, int], None]
) -> None:
    site = good_site(make_site)
    nest(site / "content" / "episodes", 2000)
    seen: list[Change] = []
    watcher = Watcher(site, [site / "_site"], seen.append)
    watcher.start()  # watchdog's own walk of the folders would overflow the stack
    try:
        (site / "content" / "episodes" / "1.txt").write_text(ONE + "More.\n")
        wait_until(lambda: bool(seen), what="the edit to be seen")
        assert Change(Kind.EPISODE, "content/episodes/1.txt") in seen
    finally:
        watcher.stop()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_fifo_is_skipped_not_read(make_site: MakeSite) -> None:
    site = good_site(make_site)
    (site / "static").mkdir()
    os.mkfifo(site / "content" / "episodes" / "3.txt")
    os.mkfifo(site / "static" / "pipe.css")
    done = subprocess.run(  # in a process of its own: a regression hangs, and is cut short
        [sys.executable, "-m", "sitegen", "build", str(site), "-q"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert sorted(done.stderr.splitlines()) == [
        "content/episodes/3.txt: warning: not a regular file; skipped",
        "static/pipe.css: warning: not a regular file; skipped",
    ]
    assert done.returncode == 0
    assert_published(site)


# Any characters (lone surrogates too), mixed with pieces of every format and of what broke
# readers before: a huge clock, an escaped surrogate or control character, an unclosed front
# matter.
FRAGMENTS = (
    "WEBVTT\n\n",
    "00:00:01.000 --> 00:00:02.000\n",
    "1\n00:00:01,000 --> 00:00:02,000\n",
    '{"segments": [',
    '{"speaker": "A", "startTime": ',
    "1e306",
    "-1",
    "NaN",
    '"body": "x"}',
    "]}",
    '"\\udfff"',
    '"\\u0000 \\b \\uffff \\ud83f\\udfff"',
    "<cite>A:</cite>",
    "<time>0:00</time>",
    "<p>",
    "---\n",
    "title: ",
    "Ann: ",
    "00:99 ",
    "[00:01] ",
    "**Bo:** ",
    "\n",
    "\n\n",
    "&amp;",
    "<v Ann>",
)
hostile_texts = st.lists(
    st.one_of(
        st.text(st.characters(blacklist_categories=()), max_size=20),
        st.sampled_from(FRAGMENTS),
    ),
    max_size=30,
).map("".join)


@pytest.mark.parametrize("suffix", [".txt", ".md", ".vtt", ".srt", ".json", ".html"])
# Derandomised: the same examples on every run, so CI fails only on a change, not by luck
# (run with `--hypothesis-seed=N` to explore others; the control-character case below was
# found that way).
@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(text=hostile_texts)
def test_any_text_reads_without_an_exception(suffix: str, text: str) -> None:
    path = Path(f"content/episodes/7{suffix}")
    result = read_episode_text(text, path)
    for diagnostic in result.diagnostics:
        assert diagnostic.path.name
        assert diagnostic.line >= 0


@pytest.mark.parametrize("suffix", [".txt", ".vtt", ".json"])
@settings(max_examples=150, deadline=None, derandomize=True)
@given(text=hostile_texts)
def test_no_character_that_is_no_text_is_read(suffix: str, text: str) -> None:
    result = read_episode_text(text, Path(f"content/episodes/7{suffix}"))
    if result.episode is None:
        return
    said = [result.episode.meta.title or ""]
    for turn in result.episode.turns:
        said += [turn.speaker or "", *(segment.text for segment in turn.segments)]
    assert not [s for s in said if any(is_unfit(c) for c in s)]


def test_a_control_character_in_front_matter_is_replaced_at_its_line() -> None:
    # Found by the property test above: PyYAML refuses the character as its reader is made, so
    # it is replaced before PyYAML sees it.
    text = "---\ntitle: a\x1fb\n---\nAnn: 00:01 hi\n"
    result = read_episode_text(text, Path("content/episodes/1.txt"))
    assert [d.format() for d in result.diagnostics] == [
        "content/episodes/1.txt:2: warning: control character U+001F is no text;"
        " replaced with U+FFFD\n    title: a\ufffdb"
    ]
    assert result.episode is not None and "hi" in result.episode.turns[0].segments[0].text
    assert result.episode.meta.title == "a\ufffdb"


def test_a_symlink_out_of_the_site_folder_is_reported_and_fails_strict(
    make_site: MakeSite,
    capsys: pytest.CaptureFixture[str],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "secret.txt"
    outside.write_text("Eve: 00:05 A secret from outside.\n")
    site = good_site(make_site, {"content/pages/about.md": "# About\n"})
    (site / "content" / "episodes" / "501.txt").symlink_to(outside)
    (site / "content" / "pages" / "team.md").symlink_to(outside)
    (site / "static").mkdir()
    (site / "static" / "leak.css").symlink_to(outside)
    code, reported = build(site, capsys)
    real = os.path.realpath(outside)
    message = (
        f"warning: symlink to a file outside the site folder (points to {real}); used all the same"
    )
    assert sorted(reported) == [
        f"content/episodes/501.txt: {message}",
        f"content/pages/team.md: {message}",
        f"static/leak.css: {message}",
    ]
    assert code == 0
    assert_published(site)
    assert (
        "A secret from outside." in (site / "_site" / "episodes" / "501" / "index.html").read_text()
    )
    assert main(["build", str(site), "-q", "--strict"]) == 1
    assert "outside the site folder" in capsys.readouterr().err


def test_speaker_names_with_arrows_and_markup_make_valid_webvtt(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    source = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v A --> B>Hello there.\n\n"
        "00:00:03.000 --> 00:00:04.000\n<v C &lt;x&gt; &amp; D>Fine &amp; x --&gt; y.\n"
    )
    segments = '{"segments": [{"speaker": "Ed\\n--", "startTime": 0, "body": "Dash."}]}\n'
    site = good_site(
        make_site, {"content/episodes/3.vtt": source, "content/episodes/4.json": segments}
    )
    code, reported = build(site, capsys)
    assert (code, reported) == (0, [])
    said = {
        "3": [("A --", "B>Hello there."), ("C <x> & D", "Fine & x --> y.")],
        "4": [("Ed --", "Dash.")],
    }
    timing = re.compile(r"\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}")
    for number, expected in said.items():
        download = site / "_site" / "episodes" / number / "transcript.vtt"
        text = download.read_text()
        # WebVTT: a cue's text may not hold `-->`; a line with one starts the next cue.
        assert [
            line for line in text.splitlines() if "-->" in line and not timing.fullmatch(line)
        ] == []
        back = read_episode_file(download)
        assert back.diagnostics == ()
        assert back.episode is not None
        got = [(t.speaker, s.text) for t in back.episode.turns for s in t.segments]
        assert got == expected


def test_a_transcript_far_larger_than_any_real_one_is_reported(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert readers.LARGE_TRANSCRIPT == 20_000_000  # the real threshold, lowered below
    monkeypatch.setattr(readers, "LARGE_TRANSCRIPT", 15_000)
    line = "Cy: 00:03 A very long episode that goes on and on.\n"
    huge = line * (20_000 // len(line))
    site = good_site(make_site, {"content/episodes/3.txt": huge})
    code, reported = build(site, capsys)
    assert reported == [
        "content/episodes/3.txt: warning: file is 20 KB, far larger than any real transcript"
        " (a one-hour episode is ~50 KB); reading it takes about 320 KB of memory"
    ]
    assert code == 0
    assert_published(site)
    assert "goes on and on" in (site / "_site" / "episodes" / "3" / "index.html").read_text()
    assert main(["build", str(site), "-q", "--strict"]) == 1


def test_text_quoting_a_timing_line_survives_the_srt_download(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    said = "We said it all, 00:00:01,000 --> 00:00:09,000 were the times, and A --> B."
    segments = '{"segments": [{"speaker": "Ann", "startTime": 1, "body": "' + said + '"}]}\n'
    site = good_site(make_site, {"content/episodes/3.json": segments})
    code, reported = build(site, capsys)
    assert (code, reported) == (0, [])
    download = site / "_site" / "episodes" / "3" / "transcript.srt"
    lines = download.read_text().splitlines()
    # SRT has no escapes: a text line that reads as a timing line would start a card.
    cards = [i for i, line in enumerate(lines) if line.isdigit() and (i == 0 or not lines[i - 1])]
    assert [line for line in lines if parse_timing(line)] == [lines[i + 1] for i in cards]
    back = read_episode_file(download)
    assert back.diagnostics == ()
    assert back.episode is not None
    assert [(t.speaker, s.text) for t in back.episode.turns for s in t.segments] == [("Ann", said)]


def test_the_quick_check_passes_no_character_that_is_no_text() -> None:
    """`raw_surrogates` skips its search for text `str.isprintable` passes (with white space,
    byte order marks and the like set aside): that must never let through a character the
    search would replace."""
    unfit = [chr(point) for point in range(0x110000) if is_unfit(chr(point))]
    assert len(unfit) > 2000  # C0 and C1 controls, DEL, surrogates, noncharacters
    assert not [c for c in unfit if characters._all_text(f"a {c}\tb\ufeff\xa0c\n")]
    assert characters._all_text("Ann: 00:01 Hi \u2014 \u266a caf\xe9\u00a0\ufeff\u200d\t\r\n")
