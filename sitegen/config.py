"""Typed site settings from `sitegen.toml`: defaults, validation, "did you mean" for typos.

Every key is optional. This module only reads and checks settings; it never touches content.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from sitegen.characters import character_name, is_unfit
from sitegen.errors import ConfigError
from sitegen.language_tags import is_language_tag
from sitegen.suggest import closest, did_you_mean

CONFIG_FILE = "sitegen.toml"
# The parse cache, in the site folder unless `--cache-dir` says otherwise.
CACHE_DIR = ".sitegen-cache"
# The transcript downloads sitegen can write beside each episode page, in the order the
# Download menu lists them.
DOWNLOAD_FORMATS = ("vtt", "srt", "json", "txt", "html")
_T = TypeVar("_T")


@dataclass(frozen=True)
class ShowConfig:
    """One `[shows.<id>]` table: what tells one show of a network from another. None is what
    the table leaves out (TOML has no null, so a table cannot set None): the site's setting."""

    title: str | None = None
    description: str | None = None
    show_names: tuple[str, ...] | None = None
    hosts: tuple[str, ...] | None = None
    language: str | None = None
    external_episode_url: str | None = None
    author: str | None = None
    owner_email: str | None = None
    image: str | None = None
    explicit: bool | None = None
    category: str | None = None
    feed_limit: int | None = None
    podcast_guid: str | None = None
    locked: bool | None = None
    medium: str | None = None
    copyright: str | None = None
    new_feed_url: str | None = None
    block: bool | None = None


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
    podcast_guid: str | None = None
    """The show's `podcast:guid`, a UUID that follows it for life; unset: derived from the feed's
    URL as Podcast Index does (a UUIDv5), so a show that moves sets the one it had."""
    locked: bool | None = None
    """`podcast:locked`: whether other hosting platforms may import the feed (unset: left out)."""
    medium: str = "podcast"
    """`podcast:medium`: what the feed is (`podcast`, `audiobook`, `video`…: MEDIUMS below)."""
    copyright: str | None = None
    """The feed's `copyright` notice, e.g. `"© 2025 Data Pod"`."""
    new_feed_url: str | None = None
    """`itunes:new-feed-url`: where the feed has moved to; apps resubscribe there."""
    block: bool = False
    """Keep the feed out of directories (`itunes:block`, `podcast:block`): an archive's feed
    beside the show's real one."""
    shows: dict[str, ShowConfig] = field(default_factory=dict)
    """A network: `[shows.<id>]` tables, one per show, each with the show's own `title`,
    `description`, `show_names`, `hosts`, `language`, `external_episode_url` and feed settings
    (`author`, `owner_email`, `image`, `explicit`, `category`, `feed_limit`, `podcast_guid`,
    `locked`, `medium`, `copyright`, `new_feed_url`, `block`); what a table leaves out is the
    site's, but for `podcast_guid` and `new_feed_url`, which are each feed's own. A show's
    episodes are in `content/<id>/` or say `show: <id>`."""
    downloads: tuple[str, ...] = DOWNLOAD_FORMATS
    """Which transcript downloads each episode gets, of "vtt", "srt", "json", "txt", "html"
    (default: all five; `[]`: none). Each is a file per episode, about the size of the
    transcript, and most of what a cold build spends after the pages (README: `downloads`)."""

    def for_show(self, show: str | None) -> Config:
        """The settings of one show of the site: the site's, with its `[shows.<id>]` table
        over them (a show with no table is titled by its id)."""
        if show is None:
            return self
        own = self.shows.get(show, ShowConfig())
        return replace(
            self,
            title=show if own.title is None else own.title,
            description=_either(own.description, self.description),
            show_names=_either(own.show_names, self.show_names),
            hosts=_either(own.hosts, self.hosts),
            language=_either(own.language, self.language),
            external_episode_url=_either(own.external_episode_url, self.external_episode_url),
            author=_either(own.author, self.author),
            owner_email=_either(own.owner_email, self.owner_email),
            image=_either(own.image, self.image),
            explicit=_either(own.explicit, self.explicit),
            category=_either(own.category, self.category),
            feed_limit=_either(own.feed_limit, self.feed_limit),
            # A show's identity and address are its own: two feeds never share a podcast:guid,
            # and the site's feed moving says nothing of where a show's feed went.
            podcast_guid=own.podcast_guid,
            locked=_either(own.locked, self.locked),
            medium=_either(own.medium, self.medium),
            copyright=_either(own.copyright, self.copyright),
            new_feed_url=own.new_feed_url,
            block=_either(own.block, self.block),
            shows={},
        )

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


def _either(show: _T | None, site: _T) -> _T:
    """A show's setting, or the site's where its table leaves it out."""
    return site if show is None else show


# What a `[shows.<id>]` table may set.
SHOW_KEYS = tuple(f.name for f in fields(ShowConfig))
# Top-level URLs of the site itself, which a show's id (its URL, `/<id>/`) may not take.
RESERVED_SHOW_IDS = frozenset(
    {"episodes", "pages", "speakers", "references", "static", "search", "pagefind", "_sitegen"}
)
_SHOW_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# What no URL holds (RFC 3986 §2: whitespace, controls, `"<>\\^`{|}`), which a base URL would
# carry as written into every link.
_NOT_IN_URL = re.compile(r'[\s\x00-\x1f\x7f"<>\\^`{|}]')
# A TOML table header (`[shows.go-time]`; `[[x]]` too) and the key of an assignment
# (`language = …`, `"base_url" = …`, `shows.a.title = …`), for the line of a key in errors.
_TABLE_HEADER = re.compile(r"\s*\[\[?\s*([^\]]+?)\s*\]")
_KEY_PART = r"""(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)"""
_ASSIGNMENT = re.compile(rf"\s*({_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*=")
_QUOTES = re.compile(r"[\"']")
# Loose on purpose (one `@`, a dot after it, no spaces): whether it works is the directory's check.
_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# Any version: a show that moves from a host keeps the guid that host gave it.
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# `podcast:medium` values of the Podcasting 2.0 namespace; an `L` suffix marks a feed that
# lists other feeds of that medium.
_MEDIA = (
    "podcast",
    "music",
    "video",
    "film",
    "audiobook",
    "newsletter",
    "blog",
    "publisher",
    "course",
)
MEDIUMS = (*_MEDIA, *(f"{medium}L" for medium in _MEDIA), "mixed")


def load_config(site_dir: Path, base_url: str | None = None) -> Config:
    """Read `sitegen.toml` in site_dir (missing file: all defaults); `base_url` overrides it."""
    path = site_dir / CONFIG_FILE
    raw: Mapping[str, object] = {}
    text = ""
    if path.exists():
        try:
            text = path.read_text(encoding="utf-8")
            raw = tomllib.loads(text)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            # tomllib says where only in its message: `… (at line 2, column 11)`.
            found = _TOML_LINE.search(str(exc))
            line = int(found.group(1)) if found else 0
            raise ConfigError(str(exc), path, line, _line_text(text, line)) from exc
    if base_url is None:
        return parse_config(raw, path, text)
    _check_value("base_url", base_url, _Where(Path("--base-url"), "", ""))
    without = {key: value for key, value in raw.items() if key != "base_url"}
    return replace(parse_config(without, path, text), base_url=base_url)


def parse_config(raw: Mapping[str, object], path: Path, text: str = "") -> Config:
    """Validate a TOML table into a Config, naming the file, the line (found in `text`, the
    file as written) and the key in every error."""
    known = [f.name for f in fields(Config)]
    values: dict[str, object] = {}
    where = _Where(path, text, "")
    for key, value in raw.items():
        if key not in known:
            raise _unknown_key(key, known, where)
        values[key] = _check_value(key, value, where)
    return _made(Config, values)


def _made(kind: Callable[..., _T], values: Mapping[str, object]) -> _T:
    """A Config or ShowConfig from values each checked by its key's rule, which is what gives
    them their fields' types: a type checker cannot follow a value through a table keyed by
    name, so this is the one call it does not check."""
    return kind(**values)


@dataclass(frozen=True)
class _Where:
    """Where a table's keys are: the file, its text, the table (`""`: the top level)."""

    path: Path
    text: str
    table: str

    def error(self, key: str, message: str) -> ConfigError:
        """`message` at the line of `key` in this table (no line when it cannot be found)."""
        line = _key_line(self.text, self.table, key)
        return ConfigError(message, self.path, line, _line_text(self.text, line))


def setting_line(path: Path, key: str, table: str = "") -> tuple[int, str | None]:
    """The line of `key = …` in the table `table` (`""`: the top level, `shows.<id>`) of the
    config file at `path`, and its text, for a problem a later stage finds with the setting;
    (0, None) when the file or the key is not there."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return 0, None
    line = _key_line(text, table, key)
    return line, _line_text(text, line)


def _line_text(text: str, line: int) -> str | None:
    """Line `line` (from 1) of `text`; None for line 0 or past the end."""
    lines = text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else None


def _key_line(text: str, table: str, key: str) -> int:
    """The line of `key = …` in the TOML `text`, in the table `table` (a header `[table]`, or
    `table.key = …` at the top level); 0 when it is not found."""
    current = ""
    for number, line in enumerate(text.splitlines(), 1):
        header = _TABLE_HEADER.match(line)
        if header is not None:
            current = _QUOTES.sub("", header.group(1)).replace(" ", "")
            if current == ".".join(filter(None, (table, key))):
                return number  # the key is this table: `[speaker_aliases]`
            continue
        assigned = _ASSIGNMENT.match(line)
        if assigned is None:
            continue
        name = _QUOTES.sub("", assigned.group(1)).replace(" ", "")
        if ".".join(filter(None, (current, name))) == ".".join(filter(None, (table, key))):
            return number
    return 0


def _unknown_key(key: str, known: Sequence[str], where: _Where) -> ConfigError:
    """The error for a key no setting has, suggesting the closest one."""
    table = f"{where.table}." if where.table else ""
    return where.error(key, f'unknown key "{table}{key}"{did_you_mean(closest(key, known))}')


def _check_value(key: str, value: object, where: _Where) -> object:
    """The setting `key` = `value` gives, by the key's rule; a ConfigError at its line when
    the rule refuses it."""
    if key == "shows":  # tables of settings, each checked key by key
        return _check_shows(value, where)
    unfit = _first_unfit(value)
    if unfit is not None:  # TOML's escapes can write them (`"\u0000"`), pages may not hold them
        message = f'"{key}" holds {character_name(unfit)}, which is no text; remove it'
        raise where.error(key, message)
    rule = _RULES[key]
    try:
        setting = rule.read(value)
    except _Refused as refused:
        raise where.error(key, f'"{key}" {refused}') from None
    if setting is None:
        raise where.error(key, f'"{key}" must be {rule.expected}, not {value!r}')
    return setting


class _Refused(Exception):
    """A value a rule refuses with a message of its own: the words after the key's name."""


@dataclass(frozen=True)
class _Rule:
    """What a key takes: `read` gives the setting a TOML value makes, or None when the value
    does not fit, and the error then says the key must be `expected`."""

    read: Callable[[object], object | None]
    expected: str


def _string(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _base_url(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    problem = base_url_problem(value)
    if problem is None:
        return value
    if problem.startswith("must be "):
        raise _Refused(f"{problem}, not {value!r}")
    raise _Refused(f"{value!r} {problem}")


def _a_string(value: object) -> str:
    """`value` as a string; any other value is refused as "must be a string" before the key's
    own test of the text can say what else it must be."""
    if not isinstance(value, str):
        raise _Refused(f"must be a string, not {value!r}")
    return value


def _language(value: object) -> str | None:
    text = _a_string(value)
    return text if is_language_tag(text) else None


def _folder(value: object) -> str | None:
    text = _a_string(value)
    return text if text.strip() else None


def _episode_url_template(value: object) -> str | None:
    # It becomes the href of a link: an http(s) URL only, never `javascript:` or `data:`.
    if isinstance(value, str) and "{number}" in value and _is_web_url(value):
        return value
    return None


def _names(value: object) -> tuple[str, ...] | None:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def _aliases(value: object) -> dict[str, str] | None:
    if isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        return dict(value)
    return None


def _true_or_false(value: object) -> bool | None:
    return value if isinstance(value, bool) else None


def _email(value: object) -> str | None:
    if isinstance(value, str) and _EMAIL.fullmatch(value.strip()):
        return value.strip()
    return None


def _image(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and _is_image_url(value) else None


def _category(value: object) -> str | None:
    parts = value.split(">") if isinstance(value, str) else []
    if len(parts) not in (1, 2) or not all(part.strip() for part in parts):
        return None
    return " > ".join(part.strip() for part in parts)


def _uuid(value: object) -> str | None:
    if isinstance(value, str) and _UUID.fullmatch(value.strip()):
        return value.strip().lower()
    return None


def _medium(value: object) -> str | None:
    return value if isinstance(value, str) and value in MEDIUMS else None


def _web_url(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and _is_web_url(value) else None


def _downloads(value: object) -> tuple[str, ...] | None:
    if isinstance(value, list) and all(v in DOWNLOAD_FORMATS for v in value):
        return tuple(fmt for fmt in DOWNLOAD_FORMATS if fmt in value)
    return None


def _episode_count(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    return None


# Each key's rule (`shows` holds tables of these keys: _check_shows). The error for a value
# that does not fit is `"<key>" must be <expected>, not <value>`.
_RULES: dict[str, _Rule] = {
    "title": _Rule(_string, "a string"),
    "description": _Rule(_string, "a string"),
    "base_url": _Rule(_base_url, "a string"),
    "language": _Rule(_language, 'a BCP 47 language tag like "en", "en-GB", "pt-BR" or "zh-Hant"'),
    "external_episode_url": _Rule(
        _episode_url_template, 'an http(s) URL template containing "{number}"'
    ),
    "show_names": _Rule(_names, "a list of names"),
    "other_shows": _Rule(_names, "a list of names"),
    "hosts": _Rule(_names, "a list of names"),
    "speaker_aliases": _Rule(_aliases, 'a table of names, e.g. { AvW = "Aaron van Wirdum" }'),
    "output_dir": _Rule(_folder, "a folder name"),
    "drafts": _Rule(_true_or_false, "true or false"),
    "search": _Rule(_true_or_false, "true or false"),
    "author": _Rule(_string, "a string"),
    "owner_email": _Rule(_email, 'an email address like "podcast@example.com"'),
    "image": _Rule(_image, 'an http(s) URL or a path in the site like "static/cover.jpg"'),
    "explicit": _Rule(_true_or_false, "true or false"),
    "category": _Rule(_category, 'an Apple Podcasts category like "Technology" or "Arts > Books"'),
    "feed_limit": _Rule(_episode_count, "a whole number of episodes, 1 or more"),
    "podcast_guid": _Rule(_uuid, 'a UUID like "9b024349-ccf0-5f69-a609-6b82873eab3c"'),
    "locked": _Rule(_true_or_false, "true or false"),
    "medium": _Rule(_medium, f"one of {', '.join(MEDIUMS)}"),
    "copyright": _Rule(_string, "a string"),
    "new_feed_url": _Rule(_web_url, "an http(s) URL"),
    "block": _Rule(_true_or_false, "true or false"),
    "downloads": _Rule(_downloads, f"a list of formats from {list(DOWNLOAD_FORMATS)}"),
}


def _first_unfit(value: object) -> str | None:
    """The first character that is no text (characters) in the strings of `value`."""
    if isinstance(value, str):
        return next((char for char in value if is_unfit(char)), None)
    items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
    if isinstance(items, list):
        return next((c for c in map(_first_unfit, items) if c is not None), None)
    return None


def _check_shows(value: object, where: _Where) -> dict[str, ShowConfig]:
    if not isinstance(value, dict):
        message = f'"shows" must be tables like [shows.go-time], not {value!r}'
        raise where.error("shows", message)
    shows: dict[str, ShowConfig] = {}
    for show, table in value.items():
        if not _SHOW_ID.fullmatch(show) or show in RESERVED_SHOW_IDS:
            raise ConfigError(
                f'show id "{show}" must be lowercase letters, digits and hyphens, and'
                f" not one of the site's own folders ({', '.join(sorted(RESERVED_SHOW_IDS))})",
                where.path,
            )
        if not isinstance(table, dict):
            raise where.error(f"shows.{show}", f'"shows.{show}" must be a table of settings')
        inside = _Where(where.path, where.text, f"shows.{show}")
        checked: dict[str, object] = {}
        for key, item in table.items():
            if key not in SHOW_KEYS:
                raise _unknown_key(key, SHOW_KEYS, inside)
            checked[key] = _check_value(key, item, inside)
        shows[show] = _made(ShowConfig, checked)
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


def base_url_problem(value: str) -> str | None:
    """What is wrong with `value` as the site's base URL (to follow `"base_url" 'value'` in a
    message), or None. What a URL may hold and sitegen could not keep is refused rather than
    dropped or written as is: a space (`%20`), a query or fragment (each page's path is
    appended to the base URL), a scheme-relative `//host/` (taken for a path, its host lost)."""
    found = _NOT_IN_URL.search(value)
    if found is not None:
        if found.group() == " ":
            return "holds a space: write it as %20"
        return f"holds {found.group()!r}, which no URL may hold"
    parts = urlsplit(value)
    if "?" in value:
        return "has a query (?…): each page's path is appended to the base URL, so it would be lost"
    if "#" in value:
        return "has a fragment (#…): each page's path is appended to the base URL"
    if value.startswith("//"):
        return "has a host but no scheme: write https://HOST/…"
    if parts.scheme in {"http", "https"} and parts.netloc:
        if "@" in parts.netloc:
            return "holds a user name or password, which every page would show"
        try:
            parts.port  # noqa: B018 (raises on a port that is no number, or out of range)
        except ValueError:
            return "has an invalid port"
        return None
    if parts.scheme or not value.startswith("/"):
        return 'must be a URL or path like "https://user.github.io/archive/" or "/archive/"'
    return None
