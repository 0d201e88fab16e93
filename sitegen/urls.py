"""Every output path and URL of the site, and the base-URL/subpath rule.

Pages link to each other with relative URLs (`../../episodes/913/`), so a site works under any
subpath and from any static host without rewriting; only pages that can be served from any
depth (404.html) and absolute references (canonical links, sitemap) use `Config.base_url`.
The podcaster's own root-absolute links in Markdown (`[301](/episodes/301/)`) are made
relative the same way (`page_link`). Nothing else in sitegen builds a path or URL by hand.
"""

from __future__ import annotations

from collections.abc import Sequence

from sitegen.readers.timecode import format_clock
from sitegen.slugs import unique_name

HOME = ""
REFERENCES = "references/"
SPEAKERS = "speakers/"
NOT_FOUND = "404.html"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
STATIC = "static/"
SEARCH = "search/"
SEARCH_BUNDLE = "pagefind/"  # Pagefind's own folder name: its scripts find the index there
SEARCH_PARTS = SEARCH_BUNDLE + "sitegen-parts.json"  # the index's parts, which /search/ merges


def episode_url(key: str) -> str:
    """`episodes/920/`; an episode of another show of a network (key `go-time/920`) lives
    under that show's folder: `go-time/episodes/920/`."""
    show, _, rest = key.rpartition("/")
    return f"{show}/episodes/{rest}/" if show else f"episodes/{key}/"


def show_url(show: str) -> str:
    """A show's home page in a network: `go-time/`."""
    return f"{show}/"


def feed_url(show: str | None) -> str:
    """The podcast feed of the site's own show (`feed.xml`) or of a show of a network."""
    return f"{show}/{FEED}" if show is not None else FEED


def speaker_url(slug: str) -> str:
    return f"speakers/{slug}/"


def page_url(slug: str) -> str:
    """A Markdown page of content/pages/: `about/`."""
    return f"{slug}/"


def page_link(href: str, root: str, base_path: str) -> str:
    """A link written in a Markdown page or show notes, as the page at `root` (its prefix back
    to the site root) links it. A root-absolute link (`/episodes/301/`) means this site's
    page, which under a subpath (`base_path` `/archive/`) is not at the host's root: it is
    made relative (`../../episodes/301/`), as every link sitegen writes is, so it works
    under any base URL and from a folder. The subpath written out (`/archive/episodes/301/`)
    is taken off first. Every other link (`https://…`, `//host/…`, `../x`, `#t=1:02`,
    `mailto:…`) is kept as written."""
    if not href.startswith("/") or href.startswith("//"):
        return href
    path = href[1:]
    base = base_path.strip("/")
    if base and (path == base or path.startswith(base + "/")):
        path = path[len(base) + 1 :]
    return root + path or "./"


def static_url(name: str) -> str:
    return STATIC + name


def file_for(url: str) -> str:
    """The output file that serves a URL: directory URLs get `index.html`."""
    return url + "index.html" if url == "" or url.endswith("/") else url


def root_prefix(url: str) -> str:
    """Relative prefix from the page at `url` back to the site root (`episodes/9/` → `../../`)."""
    return "../" * url.count("/")


def moment_anchors(starts: Sequence[int | None], estimated: Sequence[bool] = ()) -> list[str]:
    """The anchor ids of an episode's paragraphs, given their starts in order (and which of those
    are estimated): unique, a repeat second gets `-2`, `-3` (`t=16:29-2`). The paragraphs with
    a clock of their own take their ids first, in order, so that no estimate ever changes the id
    of a clocked paragraph; the estimated ones then take theirs, in order. The page, its
    downloads and search all use these (sitegen.moments)."""
    anchors = [""] * len(starts)
    used: set[str] = set()
    guessed = [i for i, e in enumerate(estimated) if e]
    clocked = [i for i in range(len(starts)) if not (i < len(estimated) and estimated[i])]
    for index in clocked + guessed:
        anchor = unique_name(moment_anchor(starts[index], index), used)
        used.add(anchor)
        anchors[index] = anchor
    return anchors


def moment_anchor(start_ms: int | None, index: int) -> str:
    """Anchor id of a paragraph: time-based (`t=16:29`) so links survive edits; `p<index>` for a
    paragraph with no time at all (an episode without a single clock)."""
    if start_ms is None:
        return position_anchor(index)
    return "t=" + format_clock(start_ms)


def position_anchor(index: int) -> str:
    """`p<index>`: the id a paragraph without a clock had before its time was estimated, kept on
    the page so links made then still land (they move when paragraphs are added before it)."""
    return f"p{index}"


FEED = "feed.xml"
# Per-episode transcript downloads (config.DOWNLOAD_FORMATS; a site writes `config.downloads`).
EXPORT_MIME_TYPES = {
    "vtt": "text/vtt",
    "srt": "application/x-subrip",
    "json": "application/json",
    "txt": "text/plain",
    "html": "text/html",
}


def export_url(key: str, fmt: str) -> str:
    """A transcript download beside its episode page: `episodes/920/transcript.vtt`."""
    return f"{episode_url(key)}transcript.{fmt}"


def chapters_url(key: str) -> str:
    """The episode's Podcasting 2.0 chapters beside its page: `episodes/920/chapters.json`."""
    return f"{episode_url(key)}chapters.json"
