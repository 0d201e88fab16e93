"""Typed site settings from `sitegen.toml`: defaults, validation, "did you mean" for typos.

Every key is optional. This module only reads and checks settings; it never touches content.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sitegen.errors import ConfigError

CONFIG_FILE = "sitegen.toml"
# The transcript downloads sitegen can write beside each episode page, in the order the
# Download menu lists them.
DOWNLOAD_FORMATS = ("vtt", "srt", "json", "txt", "html")


@dataclass(frozen=True)
class Config:
    """Site settings. Each field's docstring-comment is the reference the README repeats."""

    title: str = "Podcast transcripts"
    """Site title, shown in the header and the page titles."""
    description: str = ""
    """One-sentence description for the home page and meta tags."""
    base_url: str = "/"
    """Where the site is published, e.g. `https://user.github.io/archive/`; sets the subpath."""
    language: str = "en"
    """BCP 47 language of the transcripts (`<html lang>`)."""
    external_episode_url: str | None = None
    """URL template for mentions of episodes not in the archive, e.g. `https://x.fm/{number}`."""
    show_names: tuple[str, ...] = ()
    """Other names of this show ("Ship It"): "Ship It episode 44" is then a reference, not
    another show's episode. The title always counts as one."""
    other_shows: tuple[str, ...] = ()
    """Names of shows that are not in this site but come up in it ("Python Bytes" on Talk
    Python): "Python Bytes episode 300" is then never linked to this show's episode 300.
    The site's own shows (`[shows.<id>]`) need not be listed: their mentions link across."""
    hosts: tuple[str, ...] = ()
    """Names of the show's hosts; the rest of the speakers are listed as guests."""
    speaker_aliases: dict[str, str] = field(default_factory=dict)
    """Other spellings of a speaker's name → the name to show (`AvW = "Aaron van Wirdum"`)."""
    output_dir: str = "_site"
    """Output folder, relative to the site folder (overridden by `-o`)."""
    drafts: bool = False
    """Build episodes whose metadata says `draft: true`."""
    search: bool = True
    """Full-text search: the `/search/` page, a search box on every page and the Pagefind
    index in `pagefind/` (`--no-search` turns it off for one build)."""
    author: str | None = None
    """Who makes the show (a person or network), for podcast apps (`itunes:author`)."""
    owner_email: str | None = None
    """Contact address directories use to verify the feed (`itunes:owner`); it is public."""
    image: str | None = None
    """Cover art for podcast apps: a square JPEG or PNG, 1400-3000 px; a URL, or a path from
    the site root (`static/cover.jpg`)."""
    explicit: bool | None = None
    """Whether episodes contain explicit content (`itunes:explicit`); unset leaves it out."""
    category: str | None = None
    """An Apple Podcasts category, with an optional subcategory: `"Technology"`,
    `"Society & Culture > Documentary"`."""
    feed_limit: int | None = None
    """List only this many of the newest episodes in feed.xml (unset: every episode)."""
    shows: dict[str, dict[str, Any]] = field(default_factory=dict)
    """A network: `[shows.<id>]` tables, one per show, each with the show's own `title`,
    `description`, `show_names`, `hosts`, `language`, `external_episode_url` and feed settings
    (`author`, `owner_email`, `image`, `explicit`, `category`, `feed_limit`); what a table
    leaves out is the site's. A show's episodes are in `content/<id>/` or say `show: <id>`."""
    downloads: tuple[str, ...] = DOWNLOAD_FORMATS
    """Which transcript downloads each episode gets, of "vtt", "srt", "json", "txt", "html"
    (default: all five; `[]`: none). Each costs 0.5-2 ms per episode to build and 45-75 KB of
    output for a one-hour episode."""

    def for_show(self, show: str | None) -> Config:
        """The settings of one show of the site: the site's, with its `[shows.<id>]` table
        over them (a show with no table is titled by its id)."""
        if show is None:
            return self
        return replace(self, **{"title": show, **self.shows.get(show, {})}, shows={})

    @property
    def base_path(self) -> str:
        """The URL path the site lives under, always with slashes on both ends (`/archive/`)."""
        path = urlsplit(self.base_url).path or "/"
        return "/" + path.strip("/") + "/" if path.strip("/") else "/"

    @property
    def absolute_base(self) -> str | None:
        """`scheme://host/path/` when base_url is absolute, for canonical links and the sitemap."""
        parts = urlsplit(self.base_url)
        if parts.scheme and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}{self.base_path}"
        return None


# What a `[shows.<id>]` table may set: what tells one show of a network from another.
SHOW_KEYS = (
    "title",
    "description",
    "show_names",
    "hosts",
    "language",
    "external_episode_url",
    "author",
    "owner_email",
    "image",
    "explicit",
    "category",
    "feed_limit",
)
# Top-level URLs of the site itself, which a show's id (its URL, `/<id>/`) may not take.
RESERVED_SHOW_IDS = frozenset(
    {"episodes", "pages", "speakers", "references", "static", "search", "pagefind", "_sitegen"}
)
_SHOW_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_STRING_KEYS = {"title", "description", "base_url", "language", "output_dir", "author"}
# Loose on purpose (one `@`, a dot after it, no spaces): whether it works is the directory's check.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def load_config(site_dir: Path, base_url: str | None = None) -> Config:
    """Read `sitegen.toml` in site_dir (missing file: all defaults); `base_url` overrides it."""
    path = site_dir / CONFIG_FILE
    raw: dict[str, Any] = {}
    if path.exists():
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: {exc}") from exc
    config = parse_config(raw, path)
    if base_url is not None:
        config = parse_config({**raw, "base_url": base_url}, path)
    return config


def parse_config(raw: dict[str, Any], path: Path) -> Config:
    """Validate a TOML table into a Config, naming the file and key in every error."""
    known = [f.name for f in fields(Config)]
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            raise _unknown_key(key, known, path)
        values[key] = _check_value(key, value, path)
    return Config(**values)


def _unknown_key(key: str, known: Sequence[str], path: Path, table: str = "") -> ConfigError:
    """The error for a key no setting has, suggesting the closest one."""
    hint = difflib.get_close_matches(key, known, n=1)
    suggestion = f' (did you mean "{hint[0]}"?)' if hint else ""
    return ConfigError(f'{path}: unknown key "{table}{key}"{suggestion}')


def _check_value(key: str, value: Any, path: Path) -> Any:
    def fail(expected: str) -> ConfigError:
        return ConfigError(f'{path}: "{key}" must be {expected}, not {value!r}')

    if key in _STRING_KEYS:
        if not isinstance(value, str):
            raise fail("a string")
        if key == "base_url" and not _is_base_url(value):
            raise fail('a URL or path like "https://user.github.io/archive/" or "/archive/"')
        if key == "output_dir" and not value.strip():
            raise fail("a folder name")
        return value
    if key == "external_episode_url":
        # It becomes the href of a link: an http(s) URL only, never `javascript:` or `data:`.
        if not isinstance(value, str) or "{number}" not in value or not _is_web_url(value):
            raise fail('an http(s) URL template containing "{number}"')
        return value
    if key in {"hosts", "show_names", "other_shows"}:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail("a list of names")
        return tuple(value)
    if key == "speaker_aliases":
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise fail('a table of names, e.g. { AvW = "Aaron van Wirdum" }')
        return dict(value)
    if key in {"drafts", "explicit", "search"}:
        if not isinstance(value, bool):
            raise fail("true or false")
        return value
    if key == "owner_email":
        if not isinstance(value, str) or not _EMAIL.fullmatch(value.strip()):
            raise fail('an email address like "podcast@example.com"')
        return value.strip()
    if key == "image":
        if not isinstance(value, str) or not _is_image_url(value):
            raise fail('an http(s) URL or a path in the site like "static/cover.jpg"')
        return value.strip()
    if key == "category":
        parts = value.split(">") if isinstance(value, str) else []
        if len(parts) not in (1, 2) or not all(part.strip() for part in parts):
            raise fail('an Apple Podcasts category like "Technology" or "Arts > Books"')
        return " > ".join(part.strip() for part in parts)
    if key == "downloads":
        if not isinstance(value, list) or not all(v in DOWNLOAD_FORMATS for v in value):
            raise fail(f"a list of formats from {list(DOWNLOAD_FORMATS)}")
        return tuple(fmt for fmt in DOWNLOAD_FORMATS if fmt in value)
    if key == "shows":
        return _check_shows(value, path)
    if key == "feed_limit":
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise fail("a whole number of episodes, 1 or more")
        return value
    raise AssertionError(f"unhandled config key {key}")


def _check_shows(value: Any, path: Path) -> dict[str, dict[str, Any]]:
    if not isinstance(value, dict):
        raise ConfigError(f'{path}: "shows" must be tables like [shows.go-time], not {value!r}')
    shows: dict[str, dict[str, Any]] = {}
    for show, table in value.items():
        if not _SHOW_ID.fullmatch(show) or show in RESERVED_SHOW_IDS:
            raise ConfigError(
                f'{path}: show id "{show}" must be lowercase letters, digits and hyphens, and'
                f" not one of the site's own folders ({', '.join(sorted(RESERVED_SHOW_IDS))})"
            )
        if not isinstance(table, dict):
            raise ConfigError(f'{path}: "shows.{show}" must be a table of settings')
        checked: dict[str, Any] = {}
        for key, item in table.items():
            if key not in SHOW_KEYS:
                raise _unknown_key(key, SHOW_KEYS, path, table=f"shows.{show}.")
            checked[key] = _check_value(key, item, path)
        shows[show] = checked
    return shows


def _is_web_url(value: str) -> bool:
    """An absolute http(s) URL. `urlsplit` drops the tabs and newlines a browser also ignores,
    so `java\tscript:` is seen as the `javascript:` it would be."""
    parts = urlsplit(value.strip())
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def _is_image_url(value: str) -> bool:
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme:
        return parts.scheme in {"http", "https"} and bool(parts.netloc)
    return bool(value) and not value.startswith("//")


def _is_base_url(value: str) -> bool:
    parts = urlsplit(value)
    if parts.scheme:
        return parts.scheme in {"http", "https"} and bool(parts.netloc)
    return value.startswith("/")
