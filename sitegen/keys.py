"""Every notion of change: each output's key over what it is made from, and what a build
records of them in its output folder so that the next one does only what changed. `build` and
`sitegen serve` both ask here; no other module hashes its inputs to decide what to redo.

* the build key: one digest of everything a build reads (`inputs_key`, below);
* each episode's download key (`download_key`) and page key (render's `page_key`, over a theme
  digest from here), every other page's and each feed's (ListKeys),
  recorded in the output folder (EPISODES_FILE);
* what those keys are made from, cheaper to work out than the keys themselves: what the episode
  pages show of the archive around them (`ListKeys.around`) and what each index page can show
  (`ListKeys.facts`). While these are the recorded ones, a page's key (and with the same
  `around`, an episode's downloads' key) is the recorded one, and a build after an edit works
  out only the keys of what the edit reaches;
* each search part's key (`pages_digest`), which search.py records beside its bundles;
* what other outputs show of an episode (`listing_key`, `feed_key`, `moments_key`, `talk_key`),
  which affected.plan_update compares before and after an edit;
* sitegen's own code (`code_digest`), part of every key and of the parse cache's.

A build reads the site's `sitegen.toml`, `content/`, `templates/` and `static/`, sitegen's own
code and built-in theme, and the Pagefind version; its output also depends on the options
(`--base-url`, `--no-search`) through the config. A build that finished without a single
error records the key of its inputs in the output folder (KEY_FILE, beside the manifest, with
the counts `sitegen build` reports and its warnings). The next build with the same key into the
same folder, whose files are all still there, has nothing to write and stops there, saying the
recorded warnings again (inputs that are the same warn the same); with `--strict`, which fails
on a warning, it builds and fails instead. A build with an error records no key, so it runs,
and reports, every time.

Content is hashed, not modification times: a fresh checkout in CI touches every file, and an
editor may save the same bytes. (A file whose size and time match the record keeps its recorded
digest, as git does.) The episodes' keys are described at EPISODES_FILE below.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import time
from collections.abc import Collection, Hashable, Iterable, Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from sitegen.config import CONFIG_FILE, Config
from sitegen.theme import builtin_theme_dir
from sitegen.walk import Listing, walk

if TYPE_CHECKING:
    from sitegen.model import Archive, Episode, Mention
    from sitegen.summary import EpisodeSummary

# The episodes' keys read exports, model and summary, which import the readers, the linker and
# markdown-it: those functions import them when called, so that a no-op build (the build key
# only, nochange.py) starts without them.

KEY_FILE = ".sitegen-build.json"  # hidden, like the manifest: never listed, pruned or served
KEY_VERSION = 4
SOURCE_FOLDERS = ("content", "templates", "static")
_CODE_DIR = Path(__file__).resolve().parent


# A file whose stat is unchanged keeps the digest recorded for it, unless it was modified less
# than this long before that digest was taken: a write in the same clock tick as the stat would
# leave size and time as they were (git's "racily clean" entries).
RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class Recorded:
    """What the last clean build into a folder recorded."""

    key: str
    episodes: int
    speakers: int
    references: int
    files: int
    # The site's input files: relative path → [size, mtime_ns, SHA-256], and when they were
    # looked at, so that the next build hashes only the files whose stat changed.
    sources: dict[str, list[int | str]] = field(default_factory=dict)
    seen_ns: int = 0
    # The build's warnings, each `[path, line, message, source line or None]`, the path relative
    # to the site folder when inside it: a build that keeps the output says them again.
    warnings: list[list[object]] = field(default_factory=list)


@dataclass(frozen=True)
class Inputs:
    key: str
    sources: dict[str, list[int | str]]
    seen_ns: int
    # Site files read for their digest, their stat not trusted, that a record made now would
    # let the next build trust (modified long enough before now).
    to_trust: int = 0
    # The walk of content/ that found the files, which the build's discover stage sorts out
    # rather than walk the folder again (walk.Listing.within).
    content: Listing | None = None


def inputs_key(site_dir: Path, config: Config, previous: Recorded | None = None) -> Inputs:
    """The digest of every input of a build of `site_dir` with `config`. The site's own files
    whose size and modification time are those `previous` recorded keep their recorded digest;
    sitegen's code and theme (small) are always read."""
    seen_ns = time.time_ns()
    hasher = hashlib.sha256(f"{KEY_VERSION}\n{config!r}\n{pagefind_version()}\n".encode())
    hasher.update(code_digest().encode())
    known = previous.sources if previous is not None else {}
    trusted_before = (previous.seen_ns if previous is not None else 0) - RACY_NS
    sources: dict[str, list[int | str]] = {}
    to_trust = 0
    folders = [site_dir / CONFIG_FILE, *(site_dir / name for name in SOURCE_FOLDERS)]
    listings: dict[Path, Listing] = {}
    lines: list[str] = []  # hashed at once: the same digest as line by line, in less time
    for rel, path in _files(site_dir, folders, listings):
        try:
            stat = os.stat(path)
        except OSError:  # gone since the walk: the build says what it makes of that
            continue
        size, mtime_ns = stat.st_size, stat.st_mtime_ns
        old = known.get(rel)
        if old is not None and old[0] == size and old[1] == mtime_ns and mtime_ns < trusted_before:
            digest = str(old[2])
        else:
            digest = _digest(Path(path))
            to_trust += mtime_ns < seen_ns - RACY_NS
        sources[rel] = [size, mtime_ns, digest]
        lines.append(f"{rel}\0{digest}\n")
    hasher.update("".join(lines).encode())
    content = listings.get(site_dir / "content")
    return Inputs(hasher.hexdigest(), sources, seen_ns, to_trust, content)


@functools.cache
def code_digest() -> str:
    """A digest of sitegen's own code and built-in theme: what this sitegen makes of its input
    (read once per process; a test or an editor changing the code starts a new one)."""
    hasher = hashlib.sha256()
    for label, root in (("code", _CODE_DIR), ("theme", builtin_theme_dir())):
        folders = [root / "templates", root / "static"] if label == "theme" else [root]
        for rel, path in _files(root, folders):
            hasher.update(f"{label}/{rel}\0{_digest(Path(path))}\n".encode())
    return hasher.hexdigest()


def _files(
    root: Path, folders: list[Path], listings: dict[Path, Listing] | None = None
) -> Iterator[tuple[str, str]]:
    """Every regular file under `folders` (a file itself, or folders walked in sorted order;
    see sitegen.walk: no broken symlink, loop or FIFO), as its path relative to `root` and its
    path, as text. The build reports what is skipped. Each folder's walk is kept in
    `listings`, when given."""
    for folder in folders:
        if folder.is_file():
            yield folder.relative_to(root).as_posix(), str(folder)
            continue
        # Each file's path below the folder cut as text: a Path per file costs more.
        base = folder.relative_to(root).as_posix() + "/"
        base = "" if base == "./" else base
        listing = walk(folder, skip=lambda name: name == "__pycache__")
        if listings is not None:
            listings[folder] = listing
        cut = len(listing.root.rstrip(os.sep)) + 1
        for path in listing.files:
            yield base + path[cut:].replace(os.sep, "/"), path


def file_sha256(path: Path) -> str:
    """The file's SHA-256, as hex digits (raises OSError when it cannot be read)."""
    with path.open("rb") as source:
        return hashlib.file_digest(source, "sha256").hexdigest()


def _digest(path: Path) -> str:
    """The file's SHA-256; for a file that cannot be read, a digest of why (its build reports
    an error, and records no key)."""
    try:
        return file_sha256(path)
    except OSError as exc:
        return f"unreadable: {exc.strerror or exc}"


@functools.cache
def pagefind_version() -> str:
    """The installed Pagefind binary's package version: part of what an index is made from.
    Read from the name of the wheel's `.dist-info` folder beside the package, as installers
    write it: `importlib.metadata` would take longer to import than a no-op build may."""
    spec = importlib.util.find_spec("pagefind_bin")
    if spec is None or spec.origin is None:
        return "none"
    for info in sorted(Path(spec.origin).parent.parent.glob("pagefind_bin-*.dist-info")):
        return info.name.removeprefix("pagefind_bin-").removesuffix(".dist-info")
    return "unknown"


def read_recorded(out_dir: Path) -> Recorded | None:
    """What the last clean build into `out_dir` recorded; None when there is no record, or
    it is not one this sitegen writes (damaged, edited by hand: valid JSON of another shape),
    which the build then treats as no record: it builds, and records again."""
    try:
        data = json.loads((out_dir / KEY_FILE).read_bytes())
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or set(data) != set(Recorded.__dataclass_fields__):
        return None
    counts = ("episodes", "speakers", "references", "files", "seen_ns")
    if not isinstance(data["key"], str) or not all(_is_count(data[name]) for name in counts):
        return None
    sources = data["sources"]
    if not isinstance(sources, dict) or not all(_is_source(v) for v in sources.values()):
        return None
    if not isinstance(data["warnings"], list) or not all(map(_is_warning, data["warnings"])):
        return None
    return Recorded(**data)


def _is_warning(value: object) -> bool:
    """Whether `value` is a recorded warning: `[path, line, message, source line or None]`."""
    return (
        isinstance(value, list)
        and len(value) == 4
        and isinstance(value[0], str)
        and _is_count(value[1])
        and isinstance(value[2], str)
        and (value[3] is None or isinstance(value[3], str))
    )


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_source(value: object) -> bool:
    """Whether `value` is a recorded file: `[size, mtime_ns, SHA-256]`."""
    return (
        isinstance(value, list)
        and len(value) == 3
        and _is_count(value[0])
        and _is_int(value[1])  # a file may be dated before 1970
        and isinstance(value[2], str)
    )


def unchanged(out_dir: Path, recorded: Recorded, files: Iterable[str]) -> bool:
    """Whether every file of the manifest is still in `out_dir`. Each folder is listed once
    (its entries say which are files) rather than each file looked at: a no-op build's
    largest cost after start-up."""
    listed = list(files)
    if len(listed) != recorded.files:
        return False
    by_folder: dict[str, list[str]] = {}
    for rel in listed:
        folder, _, name = rel.rpartition("/")
        by_folder.setdefault(folder, []).append(name)
    for folder, names in by_folder.items():
        try:
            with os.scandir(os.path.join(out_dir, folder)) as entries:
                present = {entry.name for entry in entries if entry.is_file()}
        except OSError:  # the folder is gone, or is no folder now
            return False
        if not present.issuperset(names):
            return False
    return True


def record(out_dir: Path, recorded: Recorded) -> None:
    tmp = out_dir / f"{KEY_FILE}.tmp{os.getpid()}"
    # Its fields as they are (plain values already): `asdict` would copy every file's record.
    data = {f.name: getattr(recorded, f.name) for f in fields(Recorded)}
    tmp.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    os.replace(tmp, out_dir / KEY_FILE)


def forget_key(out_dir: Path) -> None:
    """Drop the recorded key: the folder is about to change."""
    (out_dir / KEY_FILE).unlink(missing_ok=True)


def forget(out_dir: Path) -> None:
    """Drop all the last build recorded (its key, its episodes' keys): the folder is about to
    change by other means than a build (an update in `sitegen serve`)."""
    forget_key(out_dir)
    (out_dir / EPISODES_FILE).unlink(missing_ok=True)


# --- the outputs' record ------------------------------------------------------------------------
# Each episode's transcript downloads depend only on the episode, a few site facts and sitegen's
# code (sitegen.exports); its page on the episode, what the page shows of the archive around it
# (neighbours, mentions both ways, speakers' URLs), the config, templates and static files
# (render.SiteRenderer.page_key); every other page on its view (ListKeys.page)
# and each feed on what it lists of every episode (ListKeys.feed). A build records a digest of
# each in EPISODES_FILE; the next build into the folder keeps an output whose digest is the
# recorded one and whose file is there, instead of making it again (a build after an edit to
# one transcript renders only the pages the edit reaches). The record is read and removed when
# a build starts and written when it completes, so a build cut short leaves none; an update
# (`sitegen serve`) removes it, since what it writes is not recorded.

EPISODES_FILE = ".sitegen-episodes.json"


@dataclass(frozen=True)
class OutputKeys:
    """The key each output was made from: per episode key, its downloads' and its page's, and
    the digest of the episode its page was made from (model.content_digest); every other
    page's and feed's, by output path; and what the episode pages showed of the archive around
    them (`ListKeys.around`)."""

    downloads: dict[str, str] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)
    others: dict[str, str] = field(default_factory=dict)
    contents: dict[str, str] = field(default_factory=dict)
    facts: dict[str, str] = field(default_factory=dict)  # each index page's ListKeys.facts
    around: str = ""
    # Each episode's output folder's modification time (ns), for folders modified long enough
    # before the build looked at them (RACY_NS): making, deleting or renaming a file in a folder
    # changes its time, so while it is the recorded one the folder holds the files the build
    # left there, and the next build need not list it to know its page and downloads are there.
    folders: dict[str, int] = field(default_factory=dict)


def take_output_keys(out_dir: Path) -> OutputKeys:
    """The recorded keys, and the record removed."""
    path = out_dir / EPISODES_FILE
    try:
        data = json.loads(path.read_bytes())
        if data.get("version") != KEY_VERSION or not isinstance(data["around"], str):
            return OutputKeys()
        downloads, pages, others, contents, facts = (
            {str(k): str(v) for k, v in data[kind].items()} for kind in _KINDS
        )
        folders = {str(k): int(v) for k, v in data.get("folders", {}).items()}
        return OutputKeys(downloads, pages, others, contents, facts, data["around"], folders)
    except (OSError, ValueError, AttributeError, KeyError, TypeError, RecursionError):
        return OutputKeys()  # no record, or not one this sitegen writes: nothing is kept
    finally:
        path.unlink(missing_ok=True)


_KINDS = ("downloads", "pages", "others", "contents", "facts")


def record_output_keys(out_dir: Path, keys: OutputKeys, seen_ns: int) -> None:
    """Record `keys` for the next build into `out_dir`; `seen_ns`: a time before the build
    looked at the episodes' folders, whose modification times `keys.folders` holds (only those
    modified long enough before it are kept: a change in the same clock tick would not show)."""
    tmp = out_dir / f"{EPISODES_FILE}.tmp{os.getpid()}"
    data: dict[str, object] = {"version": KEY_VERSION, "around": keys.around}
    data.update({kind: dict(sorted(getattr(keys, kind).items())) for kind in _KINDS})
    trusted_before = seen_ns - RACY_NS
    data["folders"] = {k: v for k, v in sorted(keys.folders.items()) if v < trusted_before}
    tmp.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    os.replace(tmp, out_dir / EPISODES_FILE)


def theme_digest(site_dir: Path) -> str:
    """A digest of what every page is made with besides the archive: sitegen's code and theme,
    and the site's own templates/ and static/ (its config is in the renderer's key)."""
    hasher = hashlib.sha256(code_digest().encode())
    for rel, path in _files(site_dir, [site_dir / "templates", site_dir / "static"]):
        hasher.update(f"{rel}\0{_digest(Path(path))}\n".encode())
    return hasher.hexdigest()


# --- each output's key --------------------------------------------------------------------------
# An output's key is a digest (or, for what is compared in memory only, a hashable value) of
# everything it is made from: the same key, the same bytes. An episode's page key is
# render.SiteRenderer.page_key's (what a page shows of the archive is render's to know), made
# with theme_digest above.


def download_key(episode: Episode, config: Config, content: str) -> str:
    """A digest of everything an episode's downloads are made from: the episode (`content`,
    its model.content_digest), the site facts they print, and sitegen's code."""
    from sitegen.exports import export_context

    context = export_context(episode, config)
    text = f"{code_digest()}\n{context!r}\n{content}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class ListKeys:
    """The keys of the outputs that list episodes, every page but an episode's and the feeds,
    for one archive: each made from what it shows of every episode in it (`listing_key`: a
    list shows no more of one, so an edit inside a transcript leaves the lists as they are).
    Each episode's listing is digested once, however many lists show it."""

    def __init__(self, archive: Archive, config: Config, theme: str, og_image: str | None):
        from sitegen.model import Episode

        self.theme = theme
        self._episode = Episode
        self._episodes = archive.episodes
        self._head = f"{theme}\n{code_digest()}\n{config!r}\n{og_image!r}\n"
        self._listed = {episode.key: listing_digest(episode) for episode in archive.episodes}
        self._fed = {episode.key: feed_digest(episode) for episode in archive.episodes}

    def around(self, archive: Archive) -> str:
        """The key of what the episode pages show of the archive around each episode
        (contexts.PageViews.episode_links): every episode's listing in order (its neighbours,
        the titles and dates its mentions show, its speakers' URLs and colours, both worked out
        over every episode's speakers), and every mention with the episode it leads to and the
        moment of its paragraph; with the config, link-preview image and theme of every page.
        While it is unchanged, each page's key is the one its episode's content gave before;
        so is its downloads' key, since this key covers the config and sitegen's code too."""
        hasher = hashlib.sha256(f"{self._head}around\n".encode())
        for episode in archive.episodes:
            hasher.update(f"{self._listed[episode.key]}\n".encode())
        for source, mentions in archive.mentions_out.items():
            targets = [t.key if (t := archive.target_of(m)) else None for m in mentions]
            moments = moments_key(archive.by_key.get(source), mentions)
            text = repr((source, mentions, targets, moments))
            hasher.update(text.encode("utf-8", "surrogatepass") + b"\n")
        return hasher.hexdigest()

    def facts(self, url: str, talk_of: Iterable[Episode] | None, rest: str) -> str:
        """A digest of everything the index page at `url` can show, worked out without making
        its view: every episode's listing, in order (which also decides the speakers' URLs and
        colours); and either the talk of the episodes `talk_of` (for the speakers index, all of
        them; for a speaker's page, theirs) or `rest`, what the other index pages show besides
        listings (the mentions and their moments, as `around`, and the site's Markdown pages).
        The same facts, the same view: the page's key (`page`) is the one they gave before."""
        hasher = hashlib.sha256(f"{self._head}facts {url}\n".encode())
        hasher.update(self._listings.encode())
        if talk_of is None:
            hasher.update(rest.encode("utf-8", "surrogatepass"))
        else:
            talk = self._talk
            hasher.update(" ".join(talk[episode.key] for episode in talk_of).encode())
        return hasher.hexdigest()

    @functools.cached_property
    def _listings(self) -> str:
        """A digest of every episode's listing, in the archive's order."""
        return hashlib.sha256("\n".join(self._listed.values()).encode()).hexdigest()

    @functools.cached_property
    def _talk(self) -> dict[str, str]:
        """Each episode's `talk_key`, digested once for every list that shows it."""
        return {episode.key: talk_digest(episode) for episode in self._episodes}

    def page(self, url: str, view: object) -> str:
        """The key of the page at `url` made from `view` (a frozen dataclass, views.py), whose
        template also sees the config and the link-preview image."""
        text = f"{self._head}page {url}\n{self._shown(view)!r}"
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def feed(self, show: str | None) -> str:
        """The key of the feed of `show` (sitegen.feeds reads no more of the archive than
        every episode's listing and `feed_key`, in order)."""
        text = f"{self._head}feed {show!r}\n{' '.join(self._fed.values())}"
        return hashlib.sha256(text.encode()).hexdigest()

    def _shown(self, value: object) -> object:
        """`value` as plain values whose repr lists every field, each episode in it as the
        digest of its listing."""
        kind = type(value)
        if kind in _PLAIN:
            return value
        if kind is self._episode:
            episode = cast("Episode", value)
            return self._listed.get(episode.key) or listing_key(episode)
        if isinstance(value, (list, tuple)):
            return [self._shown(item) for item in value]
        if isinstance(value, dict):
            return [(key, self._shown(item)) for key, item in value.items()]
        names = _field_names(kind)
        if names is not None:
            return (kind.__name__, [self._shown(getattr(value, name)) for name in names])
        return value


_PLAIN = frozenset({str, int, float, bool, type(None)})


_FIELD_NAMES: dict[type[object], tuple[str, ...] | None] = {}


def _field_names(kind: type[object]) -> tuple[str, ...] | None:
    """The fields of a dataclass, None for any other type."""
    if kind not in _FIELD_NAMES:
        _FIELD_NAMES[kind] = tuple(f.name for f in fields(kind)) if is_dataclass(kind) else None
    return _FIELD_NAMES[kind]


def pages_digest(pages: Iterable[tuple[str, str]], language: str) -> str:
    """A search part's key: what its bundle is made from (its pages, the language and the
    Pagefind version). search.py records it per part, beside the bundles."""
    digest = PagesDigest(language)
    for url, source in pages:
        digest.add(url, source)
    return digest.hexdigest()


class PagesDigest:
    """`pages_digest`, worked out from pages on their way elsewhere."""

    def __init__(self, language: str) -> None:
        self._hasher = hashlib.sha256(f"{pagefind_version()}\n{language}\n".encode())
        self.pages = 0

    def add(self, url: str, source: str) -> None:
        self._hasher.update(json.dumps([url, source]).encode() + b"\n")
        self.pages += 1

    def through(self, pages: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
        for url, source in pages:
            self.add(url, source)
            yield url, source

    def hexdigest(self) -> str:
        return self._hasher.hexdigest()


def episode_digests(episode: Episode) -> None:
    """Work out every digest of `episode` the keys are made from, which it then keeps
    (Episode.digests): done where it is read, so that the parse cache keeps them with it."""
    from sitegen.model import content_digest

    content_digest(episode)
    feed_digest(episode)
    talk_digest(episode)


def listing_digest(episode: Episode) -> str:
    """A digest of `listing_key`, kept by the episode."""
    known = episode.digests.get("listing")
    if known is None:
        text = repr(listing_key(episode))
        known = episode.digests["listing"] = _sha256(text)
    return known


def feed_digest(episode: Episode) -> str:
    """A digest of the listing and `feed_key`: what a feed shows of the episode."""
    known = episode.digests.get("feed")
    if known is None:
        text = f"{listing_digest(episode)}\n{feed_key(episode)!r}"
        known = episode.digests["feed"] = _sha256(text)
    return known


def talk_digest(episode: Episode) -> str:
    """A digest of `talk_key`, kept by the episode."""
    known = episode.digests.get("talk")
    if known is None:
        known = episode.digests["talk"] = _sha256(repr(talk_key(episode)))
    return known


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


# What other outputs show of an episode, one key per kind of fact: `sitegen serve` compares
# them before and after an edit (affected.plan_update) to find the outputs the edit reaches.


def _summary(episode: Episode) -> EpisodeSummary:
    from sitegen.summary import summary_of

    return summary_of(episode)


def listing_key(episode: Episode | None) -> Hashable:
    """What other pages show of an episode (titles, dates, speakers, the first words)."""
    if episode is None:
        return None
    return (
        episode.key,
        episode.meta,
        episode.speakers,
        bool(episode.turns),
        _summary(episode).clocked,
        _summary(episode).transcript_start,
    )


def feed_key(episode: Episode | None) -> Hashable:
    """What the feed shows of an episode besides its listing: the show notes (its description)
    and whether its downloads are announced as captions."""
    if episode is None:
        return None
    return (episode.notes, _summary(episode).captioned)


def moments_key(episode: Episode | None, mentions: Collection[Mention]) -> Hashable:
    """The anchor and time of the paragraph holding each mention, as lists of mentions show."""
    if episode is None:
        return None
    moments = _summary(episode).moments
    return tuple(
        (moments.anchors[i], moments.starts[i], moments.estimated[i])
        for i in (m.segment_index for m in mentions)
    )


def talk_key(episode: Episode | None) -> Hashable:
    if episode is None:
        return None
    talk = _summary(episode).talk_time
    # Everything the speaker pages and the speakers index show of an episode's talk: times,
    # shares (of the total) and words, which change with any edit to the text.
    return (tuple(talk.by_speaker.items()), talk.total, tuple(talk.words.items()))
