"""Turns page views into page bytes: the Jinja environment, and template errors as diagnostics.

Templates come from the site's `templates/` first, then the built-in theme. Each template sees
its page's view (sitegen.views, built by sitegen.contexts) as top-level names; everything from
the archive is escaped (autoescape). A template that cannot be compiled or rendered raises
`errors.DiagnosticError` holding a `Diagnostic` at the template's path and line, so that build,
check and serve report it alike. This module does no file I/O beyond loading templates and
keeping them compiled (below): it yields `(output path, bytes)` pairs for the writer.

Compiled templates are kept between builds (Jinja's bytecode cache, `compiled_templates`): Jinja
compares each template's source with the checksum kept with its code, so an edited template is
compiled again. They are kept in a folder of the user's own (Jinja's, in the system's temporary
folder, which it makes readable by the user only), not in the site's cache folder: what is kept is
code that is run, and the site's cache folder may come from elsewhere (a CI cache), whose parse
cache entries are only ever data.
"""

from __future__ import annotations

import contextlib
import hashlib
import traceback
from collections.abc import Container, Iterator
from pathlib import Path
from typing import Any

import jinja2

from sitegen import urls
from sitegen.config import Config
from sitegen.contexts import PageViews
from sitegen.errors import Diagnostic, DiagnosticError, error
from sitegen.model import Archive, Episode, Page
from sitegen.readers.timecode import format_clock
from sitegen.talktime import format_duration
from sitegen.theme import builtin_theme_dir
from sitegen.views import (
    Chrome,
    EpisodeLinks,
    NotFoundPage,
    RobotsPage,
    SearchPage,
    View,
    template_names,
)

# How templates are compiled: part of the name their compiled code is kept under.
_ENVIRONMENT_OPTIONS: dict[str, Any] = {
    "autoescape": True,
    "undefined": jinja2.StrictUndefined,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
}


def template_environment(
    site_dir: Path, config: Config, keep_compiled: bool = False
) -> jinja2.Environment:
    """Templates from the site's templates/ folder, falling back to the built-in theme.
    `keep_compiled`: keep their compiled code for the next build (`compiled_templates`)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(folder) for folder in template_folders(site_dir)]),
        bytecode_cache=compiled_templates() if keep_compiled else None,
        **_ENVIRONMENT_OPTIONS,
    )
    # Templates build links through urls.py too, so it stays the one place that knows them.
    env.globals.update(site=config, urls=urls, clock=format_clock, duration=format_duration)
    return env


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's bytecode cache in its own folder for the user, under names that hold Jinja's
    version and how sitegen compiles (`_ENVIRONMENT_OPTIONS`), so code compiled otherwise is
    never found. A file that cannot be read or written is as good as none: it only saves time."""

    def __init__(self) -> None:
        settings = f"{getattr(jinja2, '__version__', '')}\0{sorted(_ENVIRONMENT_OPTIONS.items())!r}"
        prefix = hashlib.sha256(settings.encode()).hexdigest()[:16]
        super().__init__(None, f"sitegen-{prefix}-%s.cache")

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged file (or one unreadable) is compiled again
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def compiled_templates() -> CompiledTemplates | None:
    """Where compiled templates are kept; None when there is no safe place (Jinja refuses a
    folder another user owns or can write) or it cannot be made."""
    try:
        return CompiledTemplates()
    except (OSError, RuntimeError):
        return None


def template_folders(site_dir: Path) -> tuple[Path, Path]:
    """Where templates are looked up, first to last."""
    return site_dir / "templates", builtin_theme_dir() / "templates"


def template_diagnostic(exc: Exception, folders: tuple[Path, ...]) -> Diagnostic | None:
    """A template's failure at its path and line: where a syntax error is, or the innermost
    template line running when rendering failed. None when no template line is known."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        path = Path(exc.filename)
        return error(path, exc.lineno, f"template error: {exc.message}", _line_of(path, exc.lineno))
    # Jinja rewrites a rendering error's traceback so that its frames point at template lines.
    place = None
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename)
        if frame.lineno is not None and any(f in path.resolve().parents for f in folders):
            place = (path, frame.lineno)
    if place is None:
        return None
    path, line = place
    return error(path, line, f"template error: {exc}", _line_of(path, line))


def _line_of(path: Path, line: int) -> str | None:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return lines[line - 1] if 0 < line <= len(lines) else None


class SiteRenderer:
    """Renders every page of one archive with one configuration."""

    def __init__(
        self,
        archive: Archive,
        config: Config,
        site_dir: Path,
        pages: tuple[Page, ...] = (),
        env: jinja2.Environment | None = None,
        keep_compiled: bool = False,
    ) -> None:
        self.archive = archive
        self.config = config
        self.pages = pages
        self.site_dir = site_dir
        self.env = env if env is not None else template_environment(site_dir, config, keep_compiled)
        self.views = PageViews(archive, config, pages)
        self._folders = tuple(folder.resolve() for folder in template_folders(site_dir))
        slugs = self.views.speaker_slug
        self._index_targets = (
            {urls.speaker_url(slug): name for name, slug in slugs.items()},
            {urls.page_url(page.slug): page for page in pages},
            {urls.show_url(show): show for show in self.views.shows},
        )

    def renew(self, archive: Archive, pages: tuple[Page, ...]) -> SiteRenderer:
        """A renderer for an updated archive that keeps the compiled templates. (What it works
        out per episode, talk time and anchors, is kept with each episode: model.derived_value.)"""
        return SiteRenderer(archive, self.config, self.site_dir, pages, self.env)

    @property
    def speaker_slug(self) -> dict[str, str]:
        """Each speaker's URL slug."""
        return self.views.speaker_slug

    @property
    def shows(self) -> list[str]:
        """The shows of a network that have episodes (contexts.shows_of)."""
        return self.views.shows

    # -- the whole site ---------------------------------------------------------------------

    def index_urls(self) -> list[str]:
        """The URL of every page but the episode pages, in the order they are rendered."""
        slugs = self.views.speaker_slug
        speakers = [urls.speaker_url(slugs[name]) for name in self.archive.speakers]
        pages = [urls.page_url(page.slug) for page in self.pages]
        return [
            urls.HOME,
            *(urls.show_url(show) for show in self.views.shows),
            urls.REFERENCES,
            urls.SPEAKERS,
            *speakers,
            *pages,
            *([urls.SEARCH] if self.config.search else []),
            urls.NOT_FOUND,
            urls.SITEMAP,
            urls.ROBOTS,
        ]

    def render_indexes(self, only: Container[str] | None = None) -> Iterator[tuple[str, bytes]]:
        """Every page but the episode pages (the ones that list across the archive), or only
        those whose URLs are in `only`."""
        wanted = self.index_urls()
        if only is not None:
            wanted = [url for url in wanted if url in only]
        for url in wanted:
            yield self.page(url, self.index_view(url))

    def index_view(self, url: str) -> View:
        """The view of the page at `url`, one of `index_urls`."""
        views, speaker_names, pages, shows = self.views, *self._index_targets
        if url == urls.HOME:
            return views.home()
        if url in shows:
            return views.home(shows[url])
        if url == urls.REFERENCES:
            return views.references()
        if url == urls.SPEAKERS:
            return views.speakers()
        if url in speaker_names:
            return views.speaker(speaker_names[url], url)
        if url in pages:
            return views.page(pages[url])
        if url == urls.SEARCH:
            return SearchPage()
        if url == urls.NOT_FOUND:
            return NotFoundPage()
        if url == urls.SITEMAP:
            return views.sitemap()
        return RobotsPage()

    def speaker_at(self, url: str) -> str | None:
        """The speaker whose page is at `url`, one of `index_urls`; None for any other page."""
        return self._index_targets[0].get(url)

    def episode_links(self, episode: Episode) -> EpisodeLinks:
        """What an episode's page shows of the rest of the archive (see `page_key`)."""
        return self.views.episode_links(episode)

    def render_episode(
        self, episode: Episode, links: EpisodeLinks | None = None
    ) -> tuple[str, bytes]:
        """The episode's page; `links`: its `episode_links`, when already worked out."""
        url = urls.episode_url(episode.key)
        episode = episode.unpacked()  # the page reads the turns more than once
        links = links if links is not None else self.views.episode_links(episode)
        return self.page(url, self.views.episode(episode, url, links))

    def page(self, url: str, view: View) -> tuple[str, bytes]:
        """The page at `url` made from `view` with its template."""
        # 404.html is served at whatever URL was missing, so it links from the base path.
        root = self.config.base_path if url == urls.NOT_FOUND else urls.root_prefix(url)
        base = self.config.absolute_base
        chrome = Chrome(root, url, base + url if base else None, self.views.og_image)
        try:
            html = self.env.get_template(view.template).render(
                template_names(chrome), **template_names(view)
            )
        except jinja2.TemplateError as exc:
            raise self._problem(exc) from exc
        except Exception as exc:  # a filter or test a template misuses: still its line
            diagnostic = template_diagnostic(exc, self._folders)
            if diagnostic is None:
                raise
            raise DiagnosticError(diagnostic) from exc
        return urls.file_for(url), html.encode("utf-8")

    def _problem(self, exc: jinja2.TemplateError) -> DiagnosticError:
        diagnostic = template_diagnostic(exc, self._folders)
        if diagnostic is None:  # e.g. a template that is missing: no line to point at
            name = getattr(exc, "name", None) or "templates"
            diagnostic = error(Path("templates") / name, 0, f"template error: {exc}")
        return DiagnosticError(diagnostic)

    def check_templates(self) -> None:
        """Render one page of each kind and throw it away, so that `sitegen check` finds a
        template that fails as `build` would (raises `DiagnosticError`)."""
        episodes = self.archive.episodes
        if episodes:
            self.render_episode(episodes[0])
        speakers, pages, shows = self._index_targets
        seen: set[str] = set()
        for url in self.index_urls():
            kind = "speaker" if url in speakers else "page" if url in pages else url
            kind = "show" if url in shows else kind
            if kind not in seen:
                seen.add(kind)
                self.page(url, self.index_view(url))

    def page_key(self, content: str, theme: str, links: EpisodeLinks) -> str:
        """A digest of everything the page of the episode whose `model.content_digest` is
        `content` is made from. The same key, the same page."""
        return episode_page_key(self.config, self.views.og_image, theme, content, links)


def episode_page_key(
    config: Config, og_image: str | None, theme: str, content: str, links: EpisodeLinks
) -> str:
    """A digest of what an episode's page is made from: the episode (`content`, its
    model.content_digest), what the page shows of the
    archive around it (`links`: frozen dataclasses, whose repr lists every field in order), the
    config, the link-preview image and `theme` (keys.theme_digest)."""
    text = f"{theme}\n{config!r}\n{og_image!r}\n{content}\n{links!r}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
