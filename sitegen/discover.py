"""The discover stage: which files under content/ are transcripts (of which show), sidecars
(metadata `<stem>.yaml`, chapters `<stem>.chapters.json`), Markdown pages, or none of these
(each reported). Reads no file's contents. After the build's first look, whose walk of content/
found the files, sorts those out rather than walking again wherever that walk says what another
would find (walk.Listing.within).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.config import RESERVED_SHOW_IDS
from sitegen.errors import Diagnostic, error, warning
from sitegen.readers import SUPPORTED_SUFFIXES
from sitegen.readers.chapterfile import is_chapters_name, transcript_stem_text
from sitegen.slugs import slug_or_hash, unique_name
from sitegen.walk import Listing, Paths, check_inside, walk

SIDECAR_SUFFIXES = frozenset({".yaml", ".yml"})
PAGE_SUFFIXES = frozenset({".md", ".markdown"})


@dataclass
class Sources:
    """The files found under content/."""

    episodes: list[Path] = field(default_factory=list)
    pages: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    shows: dict[Path, str] = field(default_factory=dict)  # transcript -> show of its folder
    sidecars: int = 0  # metadata and chapters files beside a transcript
    others: int = 0  # files of no kind sitegen reads (each reported)


def discover(content_dir: Path, walked: Listing | None = None) -> Sources:
    """Episode files under content/episodes/ (the site's own show) and under each other
    folder of content/ (a show of a network, `content/<id>/`), and Markdown pages under
    content/pages/. `walked`: a walk of content/ just taken (the build's first look takes
    one), whose files are sorted out rather than the folders walked again where it can say
    what a walk would find (walk.Listing.within)."""
    sources = Sources()
    folders: list[tuple[Path, str | None]] = []
    if (content_dir / "episodes").is_dir():
        folders.append((content_dir / "episodes", None))
    folders += _show_folders(content_dir, sources.diagnostics)
    if not folders:
        sources.diagnostics.append(
            error(
                content_dir / "episodes",
                0,
                "no content/episodes/ folder: put one transcript file per episode there",
            )
        )
        return sources
    for folder, show in folders:
        _discover_episodes(folder, show, sources, content_dir.parent, walked)
    pages_dir = content_dir / "pages"
    if pages_dir.is_dir():
        sources.pages = sorted(
            p for p in pages_dir.glob("*") if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES
        )
        site = os.path.realpath(content_dir.parent)
        for page in sources.pages:
            if page.is_symlink():
                check_inside(page, site, sources.diagnostics)
    return sources


def _show_folders(
    content_dir: Path, diagnostics: list[Diagnostic]
) -> list[tuple[Path, str | None]]:
    """The folders of content/ that hold a show of a network, with the show's id."""
    if not content_dir.is_dir():
        return []
    folders: list[tuple[Path, str | None]] = []
    taken: set[str] = set()
    for folder in sorted(p for p in content_dir.iterdir() if p.is_dir()):
        if folder.name in ("episodes", "pages") or folder.name.startswith("."):
            continue
        if folder.is_symlink() and content_dir.resolve().is_relative_to(folder.resolve()):
            target = os.readlink(folder)
            diagnostics.append(warning(folder, 0, f"symlink loop (points to {target}); skipped"))
            continue
        show = slug_or_hash(folder.name, "show")
        if show in RESERVED_SHOW_IDS:
            message = (
                f"folder content/{folder.name}/ cannot be a show: its URL would be /{show}/,"
                " which the site itself uses; rename it"
            )
            diagnostics.append(error(folder, 0, message))
            continue
        if show in taken:  # `Tōkyō/` beside `tokyo/`: the later folder, by name, gets `-2`
            unique = unique_name(show, taken)
            message = (
                f'folder content/{folder.name}/ would be the show "{show}", as another folder'
                f" is; published as /{unique}/ (rename the folder to choose)"
            )
            diagnostics.append(warning(folder, 0, message))
            show = unique
        taken.add(show)
        folders.append((folder, show))
    return folders


def _discover_episodes(
    folder: Path, show: str | None, sources: Sources, site_dir: Path, walked: Listing | None
) -> None:
    """The transcripts and sidecars under `folder`, which holds `show` (None: the site's own)."""
    files = walked.within(folder, _hidden) if walked is not None else None
    if files is None:
        listing = walk(folder, skip=_hidden, site_dir=site_dir)
        files, problems = listing.files, listing.problems
        found = set(files)  # a symlink out of the site folder is reported, and read all the same
        sources.others += sum(1 for problem in problems if str(problem.path) not in found)
        sources.diagnostics += problems
    # Each file's name and suffix are taken from its path as text, as Path.suffix takes them,
    # and a Path is made only of a file that is kept or reported: asked of every file in the
    # archive, a Path's properties cost more.
    path_of = Paths()
    transcripts: set[str] = set()
    besides: list[tuple[str, str, bool]] = []  # (file, its stem, whether a chapters file)
    for text in files:
        stem = transcript_stem_text(text)
        if is_chapters_name(text):  # a `.json`, and no transcript: see below
            besides.append((text, stem, True))
            continue
        lower = text[len(stem) :].lower()  # its suffix
        if lower in SUPPORTED_SUFFIXES:
            path = path_of(text)
            sources.episodes.append(path)
            transcripts.add(stem)
            if show is not None:
                sources.shows[path] = show
        elif lower in SIDECAR_SUFFIXES:
            besides.append((text, stem, False))
        else:
            sources.others += 1
            known = ", ".join(sorted(SUPPORTED_SUFFIXES))
            message = f"not read: sitegen reads {known} files; this file was skipped"
            sources.diagnostics.append(warning(path_of(text), 0, message))
    for text, stem, chapters in besides:
        if stem in transcripts:
            sources.sidecars += 1
        else:
            sources.others += 1
            what = "chapters" if chapters else "sidecar metadata"
            message = f"{what} with no transcript of the same name; not used"
            sources.diagnostics.append(warning(path_of(text), 0, message))


def _hidden(name: str) -> bool:
    """Hidden files and folders (`.git`, an editor's `.#episode.txt` lock) are not content."""
    return name.startswith(".")
