"""The template contract: every page type renders from its view under StrictUndefined, and a
template of the site's own that fails is reported at its line by `build` and `check` alike
(serve: tests/test_serve_session.py)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import jinja2
import pytest

from sitegen import views
from sitegen.build import build
from sitegen.cli import main
from sitegen.errors import DiagnosticError
from sitegen.model import Page
from sitegen.readers.page import read_page_file
from sitegen.render import SiteRenderer

from .conftest import MakeSite

NETWORK: dict[str, str | bytes] = {
    "sitegen.toml": (
        'title = "Network"\nbase_url = "https://example.org/net/"\n'
        'external_episode_url = "https://example.org/old/{number}"\n'
        '[shows.go-time]\ntitle = "Go Time"\n'
    ),
    "content/5.md": "---\ndate: 2024-01-05\n---\n**Mat:** [00:01] Five.\n",
    "content/6.md": (
        "---\ndate: 2024-01-12\naudio: six.mp3\n---\n"
        "**Mat:** [00:01] As we said in episode 5, and in episode 99.\n"
    ),
    "content/go-time/7.md": "**Jo:** [00:01] Go seven.\n",
    "content/pages/about.md": "# About\n\nUs.\n",
}

# Every page type: the views that name a template.
PAGE_VIEWS = {
    cls
    for cls in vars(views).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and hasattr(cls, "template")
}


def test_every_page_type_renders_from_its_view_under_strict_undefined(
    make_site: MakeSite,
) -> None:
    site = make_site(NETWORK)
    result = build(site, write=False)
    assert result.diagnostics == []
    renderer = SiteRenderer(result.archive, result.config, site, pages=_pages(site))
    assert renderer.env.undefined is jinja2.StrictUndefined
    rendered: set[type] = set()
    for url in renderer.index_urls():
        view = renderer.index_view(url)
        renderer.page(url, view)
        rendered.add(type(view))
    for episode in result.archive.episodes:
        renderer.render_episode(episode)
    rendered.add(views.EpisodePage)
    assert rendered == PAGE_VIEWS


def _pages(site: Path) -> tuple[Page, ...]:
    read = [read_page_file(path)[0] for path in sorted((site / "content/pages").glob("*.md"))]
    return tuple(page for page in read if page is not None)


def test_a_misspelt_field_fails_the_render_at_its_line(make_site: MakeSite) -> None:
    site = make_site({**NETWORK, "templates/speakers.html": BASE_MAIN.format("{{ peeple }}")})
    with pytest.raises(DiagnosticError) as raised:
        build(site, write=False)  # as `sitegen check`: one page of each type is rendered
    diagnostic = raised.value.diagnostic
    assert (diagnostic.path, diagnostic.line) == (site / "templates/speakers.html", 3)
    assert "'peeple' is undefined" in diagnostic.message


BASE_MAIN = '{{% extends "base.html" %}}\n{{% block main %}}\n<h1>{0}</h1>\n{{% endblock %}}\n'
BROKEN = {
    "syntax": (BASE_MAIN.format("{% if %}"), "template error: Expected an expression"),
    "undefined": (
        BASE_MAIN.format("{{ episode.titel }}"),
        "template error: 'sitegen.model.Episode object' has no attribute 'titel'",
    ),
}


@pytest.mark.parametrize("command", ["build", "check"])
@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_a_broken_episode_template_is_reported_at_its_line(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str], command: str, kind: str
) -> None:
    text, message = BROKEN[kind]
    site = make_site({"content/episodes/1.md": "**Ann:** [00:01] Hi.\n"})
    (site / "templates").mkdir()
    (site / "templates" / "episode.html").write_text(text)
    assert main([command, str(site), "-q"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"templates/episode.html:3: error: {message}"), err
    assert "\n    <h1>" in err  # the offending line
    assert "Traceback" not in err
