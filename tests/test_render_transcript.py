"""The transcript of an episode page: the HTML sitegen writes in one pass (`transcript`) is the
one a theme's template writes from `turns`, to the byte, so that either can lay it out."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from markupsafe import escape

from sitegen.build import build
from sitegen.contexts import PageViews
from sitegen.render import SiteRenderer
from sitegen.theme import builtin_theme_dir
from sitegen.transcript_html import Span, escape_text, paragraph_html, text_html

from .conftest import MakeSite

SITE: dict[str, str | bytes] = {
    "sitegen.toml": 'title = "T & <site>"\n',
    # Chapter headings (one with no paragraphs after it, one with a link), a speaker whose name
    # needs escaping, source links, mentions with and without a page, estimated times, two
    # paragraphs in one second.
    "content/episodes/5.md": (
        '---\ntitle: Five & "quotes"\ndate: 2024-01-05\n---\n'
        "## Part <one> & [intro](https://ex.org/?a=1&b=2)\n\n"
        "## Second 'heading'\n\n"
        "**Ann O'Neil & Bo:** [00:01] Hi <there> & 'you' \"all\", see "
        '[link](https://ex.org/x?a="b") and episode 6, in episode 8.\n\n'
        "Next paragraph without clock, in episode 6 too.\n\n"
        "[00:30] Clocked paragraph.\n\n"
        "**Mat:** [01:00] Bye.\n\n"
        "[01:00] Same second again.\n"
    ),
    # No clock at all, no speaker.
    "content/episodes/6.txt": "Back in episode 5 we said hi & <bye>.\n\nNo clocks, it's fine.\n",
    # Clocks only, past the hour.
    "content/episodes/7.txt": "Jo: 59:59 One.\nJo: 1:00:01 Two.\nAl: 1:02:03 Three.\n",
}

# The transcript as the built-in episode.html laid it out from `turns`, before sitegen wrote
# it in one pass: a theme's own template may still hold it.
TURNS_LOOP = """{% if turns %}
<section class="transcript" aria-labelledby="transcript-heading">
  <h2 id="transcript-heading">Transcript</h2>
  <a class="skip-transcript" href="#after-transcript">Skip transcript</a>
  {% if times_estimated %}<p class="note">NOTE</p>{% endif %}
  {% for turn in turns %}
  {% if turn.heading %}<h3 class="chapter">{{ turn.heading }}</h3>{% endif %}
  <div class="turn{% if turn.colour is not none %} spk-{{ turn.colour }}{% endif %}">
    {% if turn.speaker %}<p class="speaker">{{ turn.speaker }}</p>{% endif %}
    {% for p in turn.paragraphs %}
    <p class="para" id="{{ p.anchor }}"{% if p.start is not none %} data-start="{{ p.start }}"{% endif %}>{% if p.clock %}<a class="clock{% if p.estimated %} estimated{% endif %}" href="#{{ p.anchor }}"{% if p.position %} id="{{ p.position }}"{% endif %} aria-label="Link to {{ p.label }}"><time datetime="{{ p.iso }}">{{ p.clock }}</time></a> {% endif %}{{ p.html }}</p>
    {% endfor %}
  </div>
  {% endfor %}
</section>
<p class="after-transcript visually-hidden" id="after-transcript" tabindex="-1">End of transcript</p>
"""  # noqa: E501

# The built-in template's transcript section, from its test to its end and the place its
# "Skip transcript" link lands on.
BUILT_IN_SECTION = re.compile(
    r"\{% if transcript %\}\n(.*?)\{\{ transcript \}\}</section>\n"
    r"<p class=\"after-transcript[^\n]*\n",
    re.DOTALL,
)


def turns_template() -> str:
    """The built-in episode.html with its transcript laid out from `turns` instead."""
    text = (builtin_theme_dir() / "templates" / "episode.html").read_text(encoding="utf-8")
    section = BUILT_IN_SECTION.search(text)
    assert section is not None, "episode.html no longer shows `transcript` as this test expects"
    note = re.search(r'<p class="note">(.*?)</p>', section.group(1))
    assert note is not None
    loop = TURNS_LOOP.replace("NOTE", note.group(1))
    return text[: section.start()] + loop + text[section.end() :]


def pages(site: Path) -> dict[str, bytes]:
    result = build(site, write=False)
    renderer = SiteRenderer(result.archive, result.config, site)
    return dict(renderer.render_episode(episode) for episode in result.archive.episodes)


def test_the_transcript_is_what_a_template_writes_from_turns(make_site: MakeSite) -> None:
    site = make_site(SITE)
    built_in = pages(site)
    (site / "templates").mkdir()
    (site / "templates" / "episode.html").write_text(turns_template(), encoding="utf-8")
    from_turns = pages(site)
    assert sorted(built_in) == [f"episodes/{n}/index.html" for n in (5, 6, 7)]
    for url, page in built_in.items():
        assert page.decode() == from_turns[url].decode(), url
    five = built_in["episodes/5/index.html"].decode()
    # What the site above is for: each kind of markup is on the page.
    for markup in [
        '<h3 class="chapter">Part &lt;one&gt; &amp; <a class="link" href="https://ex.org/?a=1&amp;b=2">',
        '<p class="speaker">Ann O&#39;Neil &amp; Bo</p>',
        '<a class="speaker-name" href="../../speakers/ann-o-neil-bo/">Ann O&#39;Neil &amp; Bo</a>',
        '<a class="mention" href="../../episodes/6/">episode 6</a>',
        '<span class="mention">episode 8</span>',
        '<a class="clock estimated" href="#t=00:18" id="p1" aria-label="Link to about 00:18, ',
        'id="t=01:00-2" data-start="60000"',
    ]:
        assert markup in five
    assert '<p class="para" id="p1">No clocks, it&#39;s fine.</p>' in (
        built_in["episodes/6/index.html"].decode()
    )


def test_a_page_makes_only_the_transcript_its_template_shows(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[str] = []

    def counted(name: str) -> Callable[..., object]:
        real = getattr(PageViews, name)

        def making(self: PageViews, *args: object) -> object:
            made.append(name)
            return real(self, *args)

        return making

    for name in ("transcript", "turns"):
        monkeypatch.setattr(PageViews, name, counted(name))
    site = make_site(SITE)
    pages(site)
    assert set(made) == {"transcript"}
    made.clear()
    (site / "templates").mkdir()
    (site / "templates" / "episode.html").write_text(turns_template(), encoding="utf-8")
    pages(site)
    assert set(made) == {"turns"}


@pytest.mark.parametrize(
    "text", ["", "plain", "& < > ' \"", "&amp; already", "\x00\u2028é😀", "<script>x</script>"]
)
def test_escape_text_is_markupsafes_escape(text: str) -> None:
    assert escape_text(text) == str(escape(text))


def test_text_html_is_paragraph_html_as_a_string() -> None:
    text = "see episode 7 & <b>"
    spans = [Span(4, 13, "../7/", "mention")]
    assert text_html(text, [], spans) == str(paragraph_html(text, [], spans))
    assert text_html(text, [], []) == "see episode 7 &amp; &lt;b&gt;"
