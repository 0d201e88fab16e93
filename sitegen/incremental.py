"""The site kept in memory by `sitegen serve`: `LiveSite` updates the output after an edit
from the stages' results of the last build (DESIGN §7: the preview re-renders the edited
episode and the pages that list or link to it, not the site), and renews the search index off
the edit path. What to render again is affected.plan_update's; this module only carries it out.
An update and a clean build give byte-identical output; a test holds that after random edits.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Collection
from pathlib import Path

from sitegen import keys, search
from sitegen.affected import expected_files, plan_update
from sitegen.build import BuildResult, Built, Site, read_names, show_titles
from sitegen.config import CONFIG_FILE
from sitegen.feeds import feed_problems
from sitegen.model import Archive, Episode
from sitegen.nochange import FirstLook
from sitegen.options import BuildOptions
from sitegen.output import OutputWriter
from sitegen.readers.chapterfile import transcript_stem
from sitegen.workers import episode_files, read_packed


class LiveSite(Site):
    """A `Site` that, once built, is brought up to date edit by edit (`update`), with its
    search index renewed separately (`index_search`)."""

    def __init__(self, options: BuildOptions) -> None:
        super().__init__(options)
        # The search index lags behind `update` (see there) until `index_search` runs.
        self.search_stale = False

    def build(self, look: FirstLook | None = None) -> BuildResult:
        self.search_stale = False
        return super().build(look)

    def update(self, changed: Collection[Path]) -> BuildResult:
        """Bring the output up to date after the files `changed` under content/ were created,
        edited or deleted. Without a previous build to start from this is `build`."""
        built = self.built
        if built is None:
            return self.build()
        started = time.perf_counter()
        keys.forget(built.target)  # what it writes is not what the last build recorded
        known = self._by_stem.keys() | set(self.sources.pages)
        if not all(
            (path in known or transcript_stem(path) in known) and path.is_file() for path in changed
        ):
            # Files came or went: find them all again. Editing files that were already there
            # (transcripts, sidecars, pages), the usual case, leaves the list as it was.
            self._discover()
            for gone in self.reads.keys() - set(self.sources.episodes):
                del self.reads[gone]
        config, cache = built.config, self._cache(built.config, built.target)
        for source in self._transcripts_touched_by(changed):
            self.reads[source] = read_packed(
                source,
                read_names(config),
                config.speaker_aliases,
                cache,
                self.sources.shows.get(source),
            )
        result, pages = self._select_and_link(built.config, previous=built.archive)
        archive = result.archive
        stale = {key for key, ep in archive.by_key.items() if not _same(built.archive, key, ep)}
        renderer = built.renderer.renew(archive, pages)
        plan = plan_update(built, archive, renderer, stale, pages != built.pages)
        if plan is None:  # the change reaches every page (speaker URLs moved): render them all
            return self.build()
        with OutputWriter(built.target, previous=built.files) as writer:
            for key in sorted(plan.episodes):
                for path, data in episode_files(renderer, archive.by_key[key]):
                    writer.write(path, data)
            for key in sorted(plan.pages - plan.episodes):
                writer.write(*renderer.render_episode(archive.by_key[key]))
            for path, data in renderer.render_indexes(only=plan.indexes):
                writer.write(path, data)
            config_path = self.site_dir / CONFIG_FILE
            result.diagnostics += feed_problems(
                archive, built.config, config_path=config_path, site_dir=self.site_dir
            )
            if plan.feed:  # nothing recorded to keep: an update records no keys (keys.forget)
                self._write_feeds(result, writer, None)
            # The same episodes, speakers and pages mean the same files (and listing them for
            # 10,000 episodes costs more than rendering the edited one).
            files: frozenset[str] | set[str] = built.files
            if not plan.same_files:
                files = expected_files(renderer, self.site_dir, search.index_paths(built.files))
            # The search index is not rebuilt here: indexing the part of the archive an edit is in
            # takes seconds, and an edit must show in the preview in well under one. The old index
            # stays and `index_search` renews it off the edit path.
            edited = bool(stale) or archive.by_key.keys() != built.archive.by_key.keys()
            self.search_stale |= built.config.search and edited
            writer.keep(files - writer.paths)
            self._finish(result, writer, built.target)
        self.built = Built(built.config, built.target, archive, renderer, pages, writer.paths)
        result.seconds = time.perf_counter() - started
        return result

    def index_search(
        self, should_stop: search.ShouldStop = None
    ) -> tuple[BuildResult, search.IndexReport] | None:
        """Index again the parts of the archive that `update` left the search index behind on;
        None when there was nothing to do. When `should_stop` says so it stops early, keeps
        what it finished and stays `search_stale`."""
        built = self.built
        if built is None or not self.search_stale:
            return None
        started = time.perf_counter()
        with OutputWriter(built.target, previous=built.files) as writer:
            report = search.write_index(
                built.archive,
                built.config.language,
                writer,
                self.jobs,
                should_stop,
                show_titles(built.archive, built.config),
            )
            writer.keep(built.files - search.index_paths(built.files))
            result = BuildResult(built.config, built.archive, [], [])
            self._finish(result, writer, built.target)
        self.built = dataclasses.replace(built, files=writer.paths)
        self.search_stale = report.cancelled
        result.seconds = time.perf_counter() - started
        return result, report

    def _transcripts_touched_by(self, changed: Collection[Path]) -> list[Path]:
        """Transcripts to read again: those that changed, those whose sidecar `<stem>.yaml` or
        chapters `<stem>.chapters.json` changed, and any not read yet (new files)."""
        touched = {path for p in changed for path in self._by_stem.get(transcript_stem(p), [])}
        touched |= {path for path in self.sources.episodes if path not in self.reads}
        return sorted(touched)


def _same(previous: Archive, key: str, episode: Episode) -> bool:
    old = previous.by_key.get(key)
    return old is not None and (old is episode or old == episode)
