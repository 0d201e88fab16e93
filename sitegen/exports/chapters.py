"""The episode's chapters as a Podcasting 2.0 chapters file (`chapters.json` beside its page),
which the feed names in `podcast:chapters` so that podcast apps show and skip by them.

Published for an episode with a transcript whose own chapters list (`chapters:` in its
metadata, or the chapters file beside its transcript: readers/chapterfile.py) has two or more
entries, as the page lists them. Chapters the page makes from headings or marker paragraphs are
not published: they are sitegen's reading of the text, not the podcaster's list.
"""

from __future__ import annotations

import json

from sitegen.model import Episode

# The namespace's version of the format this file follows, and its media type.
VERSION = "1.2.0"
MEDIA_TYPE = "application/json+chapters"


def publishes_chapters(episode: Episode) -> bool:
    """Whether the episode gets a `chapters.json` (module docstring): the downloads' rule for a
    transcript (show notes alone have none), and two chapters or more, as the page's list."""
    return bool(episode.turns) and len(episode.meta.chapters) >= 2


def export_chapters(episode: Episode) -> str:
    """The chapters file: each chapter's start in seconds and its title, in time order."""
    chapters = [
        {"startTime": start // 1000 if start % 1000 == 0 else start / 1000, "title": title}
        for start, title in episode.meta.chapters
    ]
    return json.dumps({"version": VERSION, "chapters": chapters}, ensure_ascii=False, indent=1)
