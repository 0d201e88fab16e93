"""Root-absolute links in Markdown pages and show notes (`[x](/episodes/301/)`) mean this site's
page: they are made relative, so they still work under a subpath (GitHub Pages) or from a folder."""

from __future__ import annotations

import re

import pytest

from sitegen.build import build
from sitegen.urls import page_link

from .conftest import MakeSite

TXT = "Ann Lee: 00:00 Welcome back to the show.\nBo Ng: 00:05 Glad to be here.\n"


@pytest.mark.parametrize(
    ("href", "root", "base", "made"),
    [
        ("/episodes/301/", "../../", "/", "../../episodes/301/"),
        ("/episodes/301/#t=1:02", "../", "/archive/", "../episodes/301/#t=1:02"),
        ("/static/cover.jpg", "../../", "/archive/", "../../static/cover.jpg"),
        ("/archive/episodes/301/", "../../", "/archive/", "../../episodes/301/"),  # subpath
        ("/archive", "../", "/archive/", "../"),
        ("/archived/", "../", "/archive/", "../archived/"),  # not the subpath
        ("/", "../", "/", "../"),
        ("/", "", "/", "./"),
        ("/?q=x", "../", "/", "../?q=x"),
        ("https://example.org/a", "../", "/archive/", "https://example.org/a"),
        ("//cdn.example.org/a.png", "../", "/", "//cdn.example.org/a.png"),
        ("../episodes/1/", "../../", "/", "../episodes/1/"),
        ("#t=1:02", "../../", "/", "#t=1:02"),
        ("mailto:a@example.org", "../", "/", "mailto:a@example.org"),
    ],
)
def test_page_link(href: str, root: str, base: str, made: str) -> None:
    assert page_link(href, root, base) == made


def test_root_absolute_links_work_under_a_subpath(make_site: MakeSite) -> None:
    site = make_site(
        {
            "content/episodes/301.txt": TXT,
            "content/episodes/302.txt": TXT,
            "content/episodes/302.md": (
                "See [episode 301](/episodes/301/#t=0:05), [about](/about/) and"
                " [the docs](https://example.org/docs).\n\n![cover](/static/cover.png)\n"
            ),
            "content/pages/about.md": (
                "# About\n\nStart with [301](/archive/episodes/301/), or [home](/).\n\n"
                "[ref]: /speakers/\n\nAll [speakers][ref].\n"
            ),
        }
    )
    result = build(site, out_dir=site / "_site", base_url="https://u.github.io/archive/")
    assert not result.failed(strict=True), [d.format() for d in result.diagnostics]
    notes = (site / "_site/episodes/302/index.html").read_text()
    hrefs = re.findall(r'<a href="([^"]+)">', notes)
    assert "../../episodes/301/#t=0:05" in hrefs
    assert "../../about/" in hrefs
    assert "https://example.org/docs" in hrefs
    assert '<img src="../../static/cover.png" alt="cover"' in notes
    about = (site / "_site/about/index.html").read_text()
    assert '<a href="../episodes/301/">301</a>' in about
    assert '<a href="../">home</a>' in about
    assert '<a href="../speakers/">speakers</a>' in about
    assert 'href="/episodes' not in notes + about and 'href="/archive' not in notes + about
