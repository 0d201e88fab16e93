"""`sitegen new`: the files of a starter site (settings, one sample transcript, .gitignore, a
GitHub Pages workflow), written into an empty folder."""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

from sitegen.config import CACHE_DIR, CONFIG_FILE
from sitegen.errors import SitegenError

# What the workflow installs when this sitegen came from no place CI can reach (a local checkout
# or wheel): a pip requirement the podcaster must fill in, which fails loudly until they do. Not
# PyPI: the `sitegen` there is another project.
SOURCE_PLACEHOLDER = "sitegen @ git+https://REPLACE-WITH-WHERE-SITEGEN-COMES-FROM"

# Every key of sitegen.toml with its default, or an example where it has none. Only the title and
# description are set: they are what every site changes first.
CONFIG = """\
# sitegen settings. Every key is optional: a commented-out line shows the key's default (or an
# example, where it has none). The README's "sitegen.toml" section explains each one.

# Site title, in the header and page titles.
title = "My podcast transcripts"
# One sentence for the home page and the meta description.
description = "Every episode of my podcast, searchable."

# Where the site is published: "https://user.github.io/archive/" or "/archive/" (the GitHub
# Pages workflow in .github/workflows/ passes --base-url, which overrides this).
# base_url = "/"
# Language of the transcripts, a BCP 47 tag: "en", "en-GB", "pt-BR"…
# language = "en"
# Output folder, relative to this folder.
# output_dir = "_site"
# Also build episodes whose metadata says `draft: true`.
# drafts = false
# Full-text search (the /search/ page and a search box on every page).
# search = true
# Transcript downloads per episode, of "vtt", "srt", "json", "txt", "html" ([]: none).
# downloads = ["vtt", "srt", "json", "txt", "html"]

# Mentions of other episodes ("as we said in episode 12").
# Where episodes not in the archive live; {number} is the episode number.
# external_episode_url = "https://example.com/episodes/{number}"
# Other names of this show: "My Show episode 12" then links here.
# show_names = []
# Shows not in this site that come up in it: their episode numbers are never linked.
# other_shows = []

# Speakers: the show's hosts; the other speakers are listed as guests.
# hosts = []

# The podcast feed (feed.xml) for podcast apps and directories.
# Who makes the show (itunes:author).
# author = "Ana Ng"
# Contact address directories use to verify the feed (itunes:owner); it is public.
# owner_email = "ana@example.com"
# Cover art: a square JPEG or PNG of 1400-3000 px; a URL or a path such as "static/cover.jpg".
# image = "static/cover.jpg"
# itunes:explicit; left out when unset.
# explicit = false
# An Apple Podcasts category, optionally with a subcategory.
# category = "Technology"
# List only the newest N episodes in the feed (unset: all).
# feed_limit = 100
# The feed's copyright notice.
# copyright = "© 2026 Ana Ng"
# podcast:guid, the show's identity across hosts (unset: derived from the feed's URL).
# podcast_guid = "9b024349-ccf0-5f69-a609-6b82873eab3c"
# podcast:locked: whether other platforms may import the feed (unset: left out).
# locked = true
# podcast:medium: what the feed is (podcast, audiobook, video, music…).
# medium = "podcast"
# The feed moved: itunes:new-feed-url tells apps the new address.
# new_feed_url = "https://example.com/new/feed.xml"
# Keep the feed out of directories (an archive beside the show's real feed).
# block = false

# Tables come last: every key after a [table] line belongs to it.
# Other spellings of a speaker's name → the name to show, in every episode.
# [speaker_aliases]
# "Sam" = "Sam Lee"

# A network: one table per show, whose episodes are in content/<id>/. A table takes the show's
# own title, description, show_names, hosts, language, external_episode_url and feed settings.
# [shows.other-show]
# title = "My Other Show"
"""

SAMPLE_EPISODE = """\
---
title: Welcome to the archive
episode: 1
date: 2026-01-15
description: A sample episode. Replace it with your own transcripts.
---

**Ana Ng:** [00:00] Welcome to the first episode. This file is a sample: put your own
transcripts in content/episodes/, one file per episode.

**Sam Lee:** [00:09] Text, Markdown, WebVTT, SRT, JSON and HTML transcripts all work, and the
metadata goes in front matter like this file's, or in a YAML file beside the transcript.

**Ana Ng:** [00:21] Run sitegen serve to see the site, and sitegen build to make it.
"""

GITIGNORE = f"""\
# What sitegen makes: the built site and its parse cache.
_site/
{CACHE_DIR}/
"""

# The README's "Deploying" recipe for GitHub Pages: build with the Pages URL, keep the parse cache
# and the last build between runs, publish _site/.
WORKFLOW = f"""\
# Builds the site and publishes it on GitHub Pages on every push to main.
# Once, in the repository's Settings > Pages, set Source to "GitHub Actions".
name: Publish site

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      # Where this site's builds get sitegen (a pip requirement).
      - run: pip install "{{source}}"
      - id: pages
        uses: actions/configure-pages@v5
      # Only the transcripts changed since the cached run are read and rendered again.
      - uses: actions/cache@v4
        with:
          path: |
            {CACHE_DIR}
            _site
          key: sitegen-${{{{ github.run_id }}}}
          restore-keys: sitegen-
      - run: sitegen build --base-url "${{{{ steps.pages.outputs.base_url }}}}/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: _site

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""

WORKFLOW_FILE = ".github/workflows/pages.yml"


def install_source() -> str | None:
    """The pip requirement that installs this very sitegen elsewhere, when it was installed from
    a git repository (`sitegen @ git+https://…@<commit>`, from pip's record of where it came
    from, PEP 610); None when it came from a local folder or file, which CI cannot reach."""
    try:
        recorded = metadata.distribution("sitegen").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    try:
        origin = json.loads(recorded) if recorded else None
    except ValueError:
        return None
    if not isinstance(origin, dict):
        return None
    url, vcs = origin.get("url"), origin.get("vcs_info")
    if not (isinstance(url, str) and isinstance(vcs, dict) and vcs.get("vcs") == "git"):
        return None
    commit = vcs.get("commit_id")
    if not (isinstance(commit, str) and commit.isalnum()) or url.startswith("file:"):
        return None
    return f"sitegen @ git+{url}@{commit}"


def starter_files(source: str | None) -> dict[str, str]:
    """Each file of the starter site by its path, its workflow installing sitegen from
    `source` (a pip requirement; None: a placeholder to fill in)."""
    return {
        CONFIG_FILE: CONFIG,
        "content/episodes/1-welcome.md": SAMPLE_EPISODE,
        ".gitignore": GITIGNORE,
        WORKFLOW_FILE: WORKFLOW.replace("{source}", source or SOURCE_PLACEHOLDER),
    }


def create_site(directory: Path, source: str | None) -> list[str]:
    """Write the starter site into `directory` (made if missing), its workflow installing
    sitegen from `source` (`install_source`); the files written, relative to it. Raises
    SitegenError when the folder holds anything but a `.git` (a repository just made for the
    site), and writes nothing then."""
    if directory.exists() and not directory.is_dir():
        raise SitegenError(f"{directory} is a file, not a folder")
    if directory.is_dir():
        found = sorted(p.name for p in directory.iterdir() if p.name != ".git")
        if found:
            shown = ", ".join(found[:3]) + (", …" if len(found) > 3 else "")
            raise SitegenError(
                f"{directory} is not empty ({shown}); give a new or empty folder: "
                "sitegen new never overwrites"
            )
    files = starter_files(source)
    for name, text in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)
