"""Markdown pages from content/pages/: one file in, one `Page` (or nothing) plus diagnostics out.

The title is the front matter's `title`, else the first `# ` heading, else the file name; the
slug is the front matter's `slug` or the file name, made URL-safe. PAGE_KEYS are all a page's
front matter sets (a near miss, `titel:`, is a warning; other keys pass). The body stays
Markdown for the renderer.
"""

from __future__ import annotations

from pathlib import Path

from sitegen.characters import raw_surrogates
from sitegen.errors import Diagnostic, error
from sitegen.model import Page
from sitegen.readers.decode import decode, normalise_newlines
from sitegen.readers.frontmatter import split_front_matter
from sitegen.readers.metadata import misspelt_keys
from sitegen.slugs import slug_or_hash

# A page is no episode: it has a title and a URL, and the episode keys (`date`, `audio`) mean
# nothing to it.
PAGE_KEYS = ("title", "slug")


def read_page_file(path: Path) -> tuple[Page | None, list[Diagnostic]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [error(path, 0, f"cannot read file: {exc.strerror or exc}")]
    text, diagnostics = decode(data, path)
    if text is None:
        return None, diagnostics
    text, replaced = raw_surrogates(normalise_newlines(text), path)
    split = split_front_matter(text, path, body="the page's text")
    diagnostics.extend(replaced + list(split.diagnostics))
    if split.front is not None:
        diagnostics.extend(misspelt_keys(split.front, PAGE_KEYS))
    front = split.front.values if split.front is not None else {}
    title = front.get("title")
    if not isinstance(title, str) or not title.strip():
        title = next(
            (line[2:].strip() for line in split.body.splitlines() if line.startswith("# ")),
            path.stem.replace("-", " ").replace("_", " ").capitalize(),
        )
    given = front.get("slug")
    slug = slug_or_hash(given if isinstance(given, str) else path.stem, "page")
    return Page(slug, title, split.body, path), diagnostics
