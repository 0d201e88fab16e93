"""The search index: one Pagefind document per episode whose sections are its paragraphs.

Owns what a search result is (a moment: the paragraph's text, its `#t=` anchor, the clock and
the speaker, inside its episode) and how the Pagefind binary turns the archive into the static
bundle that `/search/` loads. Documents are generated from the archive, never by crawling the
built HTML: only transcript text is indexed (not navigation, lists or the `transcript.html`
download, which repeat it).

Each episode is one document (HTML made here, given to Pagefind's add-HTML-file command) in which
every paragraph follows a heading whose id is the paragraph's anchor on the episode page (its
moments, in the episode's summary: summary.py). Pagefind splits a document into sub-results at
headings with ids, so a hit is still a moment (`episodes/920/#t=10:19`) while the index holds
~1,000 documents for 1,000 episodes instead of ~76,000 one-paragraph records: Pagefind writes a
fragment file per document and its write step grows faster than linearly in the number of
documents (259 s and 5.4 GB for one record per paragraph at 1,000 episodes; see the README for
the figures now).

The archive is indexed in parts of PART_EPISODES episodes, each its own Pagefind bundle, run
one process per core; `/search/` merges them. Parts bound Pagefind's memory (it holds a whole
index until it writes it), use every core, and let an edit index one part again.

Pagefind itself (its binary and the protocol sitegen speaks to it) is pagefind.py's. This module
does no page rendering and writes only through the OutputWriter.
"""

from __future__ import annotations

import html
import json
import threading
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from sitegen import keys, pagefind, urls
from sitegen.contexts import episode_label
from sitegen.model import Archive, Episode
from sitegen.output import OutputWriter
from sitegen.summary import summary_of

FOLDER = urls.SEARCH_BUNDLE
ShouldStop = pagefind.ShouldStop  # what write_index's callers pass to stop it early
# The index's parts and what each was made from (see write_index); Pagefind ignores the file.
PARTS_FILE = urls.SEARCH_PARTS
PARTS_VERSION = 1
PART_PREFIX = "part-"  # part N > 1 lives in `pagefind/part-N/`
# Episodes per part. Pagefind holds a whole index in memory (~1.2 MB per one-hour episode) and
# runs on one core (~16 ms per episode), linearly in both: parts of 250 run two at a time on
# two cores stay near 650 MB whatever the archive's size, and an edit re-indexes one part
# (~4 s) instead of the archive. Smaller parts would cost the browser more requests per search.
PART_EPISODES = 250
# What a merged part needs: part 1's scripts and WebAssembly search it.
_INDEX_FILES = (".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter")
# The heading before each paragraph is a label (clock and speaker), not something said: its clock
# is indexed (Pagefind takes a sub-result's title from the heading's text, and drops headings it
# ignores whole) but weighs far less than the transcript text. The speaker's name is in the title
# but not the index (an ignored span inside the heading): indexed, a search for a name found
# every paragraph its speaker said, whatever was said in it.
HEADING_WEIGHT = "0.1"
# The page meta that says who speaks each moment (Document.speakers_meta); templates/search.html
# reads it by this name.
SPEAKERS_META = "moment_speakers"
# Its code characters: punctuation, which Pagefind does not index as words, and no `&`, `<`, `>`
# or quotes, which HTML would change. NO_SPEAKER: a moment with no speaker.
SPEAKER_CODES = "!#$%()*+,./:;=?@[]^_{|}~"
NO_SPEAKER = "-"


def speaker_code_width(speakers: int) -> int:
    """How many code characters say one moment's speaker, for an episode with `speakers`."""
    width = 1
    while len(SPEAKER_CODES) ** width < speakers:
        width += 1
    return width


def _speaker_code(index: int, width: int) -> str:
    digits = []
    for _ in range(width):
        index, digit = divmod(index, len(SPEAKER_CODES))
        digits.append(SPEAKER_CODES[digit])
    return "".join(reversed(digits))


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-be", "surrogatepass")


@dataclass(frozen=True)
class Moment:
    """One paragraph: a sub-result of its episode's document."""

    anchor: str  # the paragraph's id on the episode page: `t=10:19`
    place: str  # where it is: its clock, `10:19` (`~10:19` when estimated), or `Paragraph 3`
    speaker: str | None
    text: str

    @property
    def heading(self) -> str:
        """The sub-result's title: `10:19 · Jon Krohn`."""
        return " · ".join(p for p in (self.place, self.speaker) if p)

    def heading_html(self) -> str:
        """The heading's content: the place indexed, the speaker's name shown but not indexed."""
        if not self.speaker:
            return html.escape(self.place)
        if not self.place:
            return f"<span data-pagefind-ignore>{html.escape(self.speaker)}</span>"
        return (
            f"{html.escape(self.place)}<span data-pagefind-ignore> · "
            f"{html.escape(self.speaker)}</span>"
        )


@dataclass(frozen=True)
class Document:
    """One episode as Pagefind indexes it."""

    url: str  # relative to the site root: `episodes/920/`
    title: str
    speakers: tuple[str, ...]
    date: str | None  # ISO date, the sort key
    moments: tuple[Moment, ...]
    show: str | None = None  # the title of its show, in a network (a filter)

    def speakers_meta(self) -> str:
        """Who says each moment, for the search page to put back in its title (the heading's
        name is not indexed, and Pagefind leaves what it does not index out of the title).

        Pagefind indexes a page's meta values as words, so names here would match a search for
        them all over again: the value holds no word at all. Per moment, in order, a code of
        SPEAKER_CODES characters (one, or more when the episode has more speakers than there
        are characters) for its speaker's place among the page's speaker filter values (as the
        index stores them, sorted by UTF-16 code units, as JavaScript sorts), or NO_SPEAKER."""
        values = sorted({filter_value(s) for s in self.speakers}, key=_utf16)
        place = {value: i for i, value in enumerate(values)}
        width = speaker_code_width(len(values))
        return "".join(
            NO_SPEAKER * width
            if m.speaker is None
            else _speaker_code(place[filter_value(m.speaker)], width)
            for m in self.moments
        )

    def html(self, language: str) -> str:
        """The page Pagefind reads: filters, sort and title in an ignored block (captured, not
        indexed), then a heading with the paragraph's anchor as id before each paragraph."""
        e = html.escape
        lines = [f'<!DOCTYPE html><html lang="{e(language)}"><head><meta charset="utf-8">']
        lines.append(f"<title>{e(self.title)}</title></head><body><div data-pagefind-ignore>")
        # Element content rather than `data-pagefind-filter="key:value"`: a label may hold the
        # `:` and `,` that the attribute form would split on.
        lines.append(f'<span data-pagefind-meta="title">{e(self.title)}</span>')
        lines.append(_filter_element("episode", self.title))
        if self.show is not None:
            lines.append(_filter_element("show", self.show))
        lines.extend(_filter_element("speaker", s) for s in self.speakers)
        if self.date:
            lines.append(f'<span data-pagefind-sort="date">{e(self.date)}</span>')
        lines.append(f'<span data-pagefind-meta="{SPEAKERS_META}">{self.speakers_meta()}</span>')
        lines.append("</div>")
        for m in self.moments:
            lines.append(
                f'<h2 id="{e(m.anchor)}" data-pagefind-weight="{HEADING_WEIGHT}">'
                f"{m.heading_html()}</h2><p>{e(m.text)}</p>"
            )
        lines.append("</body></html>")
        return "\n".join(lines)


def filter_value(label: str) -> str:
    """A filter's value as Pagefind stores it and its UI receives it: the label escaped as HTML.

    Pagefind's UI (1.5) puts a filter value into the page as HTML (Svelte's `{@html}`), while the
    result title, the moment headings and the filter names go in as text, and the excerpt is
    Pagefind's own, `<` and `>` escaped around its `<mark>`s. So the index holds
    `Tom &amp; Jerry &lt;3` and the reader sees `Tom & Jerry <3`, as written, and a name like
    `<img src=x onerror=…>` shows as those characters instead of running. A filter is chosen by
    the value the UI was given, so filtering works unchanged; only a program reading the index
    with Pagefind's JS API sees the escaped form."""
    return html.escape(label, quote=False)


def _filter_element(key: str, label: str) -> str:
    # Pagefind 1.5 decodes the character references in a filter element's text twice
    # (`&amp;amp;lt;` is stored as `<`): escape twice more than the value it should store.
    # tests/test_search.py reads the stored values back, so a Pagefind that changes this fails.
    text = html.escape(html.escape(filter_value(label), quote=False), quote=False)
    return f'<span data-pagefind-filter="{key}">{text}</span>'


def episode_document(episode: Episode, show: str | None = None) -> Document | None:
    """The episode's document, its moments anchored where the episode page puts each paragraph's
    id; None when it has no text to find. `show`: its show's title, in a network."""
    times = summary_of(episode).moments
    moments = []
    speakers: dict[str, None] = {}  # in order of first appearance, once each
    for index, (turn, segment) in enumerate(episode.segments()):  # unpacks them once
        if not segment.text.strip():
            continue
        # The time the page shows, `~12:34` when estimated: the reader can tell moments apart.
        clock = times.clock(index)
        if turn.speaker is not None:
            speakers[turn.speaker] = None
        # Pagefind shows only sub-results whose heading has an indexed word character.
        place = clock if clock is not None else f"Paragraph {index + 1}"
        moments.append(Moment(times.anchors[index], place, turn.speaker, segment.text))
    if not moments:
        return None
    date = episode.meta.date.isoformat() if episode.meta.date else None
    label = episode_label(episode)
    url = urls.episode_url(episode.key)
    return Document(url, label, tuple(speakers), date, tuple(moments), show)


@dataclass(frozen=True)
class Part:
    """A run of consecutive episodes (oldest first) indexed as one Pagefind bundle."""

    number: int  # from 1; part 1 is the primary bundle, with Pagefind's scripts and UI
    episodes: tuple[Episode, ...]
    show_titles: tuple[tuple[str, str], ...] = ()  # a network's show ids and titles

    @property
    def bundle(self) -> str:
        """The part's folder relative to FOLDER: `` for part 1, `part-2/` for part 2."""
        return "" if self.number == 1 else f"{PART_PREFIX}{self.number}/"

    def pages(self, language: str) -> Iterator[tuple[str, str]]:
        """What Pagefind reads for this part: (URL, document HTML) per episode with text, made
        as they are asked for."""
        titles = dict(self.show_titles)
        documents = (
            episode_document(e, titles.get(e.meta.show or "", e.meta.show)) for e in self.episodes
        )
        return ((d.url, d.html(language)) for d in documents if d is not None)

    def kept(self, name: str) -> bool:
        """Whether a file of Pagefind's output is published: merged parts are searched by part
        1's scripts and WebAssembly, so they need only their index."""
        return self.number == 1 or name == "pagefind-entry.json" or name.endswith(_INDEX_FILES)


def parts_of(archive: Archive, show_titles: Mapping[str, str] | None = None) -> list[Part]:
    """Consecutive runs of PART_EPISODES episodes with text, oldest first (the archive lists
    newest first). Runs, not hash buckets: a new episode comes last and an edit changes one
    episode, so either changes one part, and only that part is indexed again. Only episodes
    with text count, so every part has something to index (part 1 must exist: it holds the
    scripts that search the others). `show_titles`: a network's shows, for the show filter."""
    oldest_first = tuple(e for e in reversed(archive.episodes) if summary_of(e).has_text)
    titles = tuple(sorted((show_titles or {}).items()))
    return [
        Part(number, oldest_first[start : start + PART_EPISODES], titles)
        for number, start in enumerate(range(0, len(oldest_first), PART_EPISODES), start=1)
    ]


def bundle_of(path: str) -> str | None:
    """The part bundle a site file belongs to (`` for part 1, `part-2/`), None for none."""
    if path == PARTS_FILE or not path.startswith(FOLDER):
        return None
    inside = path[len(FOLDER) :]
    if inside.startswith(PART_PREFIX) and "/" in inside:
        return inside[: inside.index("/") + 1]
    return ""


@dataclass(frozen=True)
class IndexReport:
    parts: int  # parts the index has now
    indexed: int  # parts indexed by this call (the others were kept as they were)
    cancelled: bool = False  # stopped early: the index is part old, part new


@dataclass(frozen=True)
class _PartDone:
    part: Part
    digest: str | None  # None: the part has no text to index
    files: dict[str, bytes] | None  # None: the files already there hold this digest


def write_index(
    archive: Archive,
    language: str,
    writer: OutputWriter,
    jobs: int = 1,
    should_stop: ShouldStop = None,
    show_titles: Mapping[str, str] | None = None,
) -> IndexReport:
    """Index the archive into `pagefind/`, `jobs` parts at a time, indexing again only the
    parts whose documents changed since the index in the output folder was made.

    Pagefind names its filter files after Rust hash-map order, which changes from run to run,
    so indexing the same documents twice gives different bytes: PARTS_FILE records what each
    part was made from, so an unchanged part keeps its files and costs no indexing time. It also
    tells `/search/` which parts to merge. When `should_stop` says so, the parts finished so far
    are written, the others keep their old files, and the report says `cancelled`.

    Each part is made into documents, compared and indexed in a worker thread, so only the parts
    in progress are held in memory, and making one part's documents overlaps with Pagefind
    indexing another.
    """
    lang = language.split("-")[0].lower() or "en"
    before = _read_parts(writer.out_dir / PARTS_FILE)
    owned: dict[str, list[str]] = {}  # bundle → its files in the output folder
    for path in sorted(writer.previous):
        bundle = bundle_of(path)
        if bundle is not None:
            owned.setdefault(bundle, []).append(path)
    stop = threading.Event()

    def stopping() -> bool:
        return stop.is_set() or (should_stop is not None and should_stop())

    def index_part(part: Part) -> _PartDone:
        if stopping():
            raise pagefind.IndexCancelled
        files = owned.get(part.bundle, [])
        if (
            files
            and part.bundle in before
            and all((writer.out_dir / path).is_file() for path in files)
        ):  # the part's documents are made first, to see whether they changed
            pages = list(part.pages(lang))
            digest = keys.pages_digest(pages, lang)
            if not pages:
                return _PartDone(part, None, None)
            if before[part.bundle] == digest:
                return _PartDone(part, digest, None)
            return _PartDone(part, digest, pagefind.index_files(pages, stopping))
        # Nothing to compare with (a clean build, a new part): each document goes to Pagefind
        # as it is made, so making them overlaps with Pagefind reading them.
        made = keys.PagesDigest(lang)
        bundle = pagefind.index_files(made.through(part.pages(lang)), stopping)
        if not made.pages:
            return _PartDone(part, None, None)
        return _PartDone(part, made.hexdigest(), bundle)

    parts = parts_of(archive, show_titles)
    listed: dict[str, str] = {}  # bundle → digest of what its files hold now
    cancelled = False
    indexed = 0
    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(parts)))) as pool:
        running = [pool.submit(index_part, part) for part in parts]
        try:
            for part, future in zip(parts, running, strict=True):
                try:
                    done = future.result()
                except pagefind.IndexCancelled:
                    cancelled = True
                    continue
                if done.digest is None:
                    continue
                if done.files is None:
                    for path in owned[part.bundle]:
                        writer.record(path, changed=False)
                else:
                    for name, data in sorted(done.files.items()):
                        if part.kept(name):
                            writer.write(FOLDER + part.bundle + name, data)
                    indexed += 1
                listed[part.bundle] = done.digest
        finally:
            stop.set()  # an error in one part ends the others
            pool.shutdown(cancel_futures=True)
    if cancelled:  # the parts not indexed again keep their old files, if they had any
        for part in parts:
            files = owned.get(part.bundle, [])
            if part.bundle not in listed and files and part.bundle in before:
                for path in files:
                    writer.record(path, changed=False)
                listed[part.bundle] = before[part.bundle]
    entries = [
        {"bundle": p.bundle, "digest": listed[p.bundle]} for p in parts if p.bundle in listed
    ]
    manifest = {"version": PARTS_VERSION, "parts": entries}
    writer.write(PARTS_FILE, (json.dumps(manifest, indent=1) + "\n").encode())
    return IndexReport(len(parts), indexed, cancelled)


def _read_parts(path: Path) -> dict[str, str]:
    """The parts recorded in a PARTS_FILE (bundle → digest); none when absent or unreadable."""
    try:
        manifest = json.loads(path.read_bytes())
        if manifest.get("version") != PARTS_VERSION:
            return {}
        return {str(p["bundle"]): str(p["digest"]) for p in manifest["parts"]}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def index_paths(owned: Iterable[str]) -> set[str]:
    """The files of an index among `owned` (a manifest): their names are content hashes only
    the indexer knows, so an update that does not index again keeps the ones it has."""
    return {path for path in owned if path.startswith(FOLDER)}
