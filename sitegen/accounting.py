"""What became of every file under content/episodes/: the build's account of the archive.

Nothing of an archive may vanish without a word. Each transcript file ends up as the
transcript of a published episode, a twin of one (another format of the same episode), its
show notes, a byte-for-byte copy of one, a draft, or skipped, with the reason; sidecars and
files of other kinds are counted too. `sitegen build` and `check` print the sums; a transcript
file skipped without any other message gets one here, so `--strict` fails on it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.errors import Diagnostic, warning
from sitegen.model import Episode
from sitegen.readers import ReadResult

TRANSCRIPT = "transcript"
TWIN = "twin"
NOTES = "show notes"
COPY = "copy"
DRAFT = "draft"
SKIPPED = "skipped"


@dataclass
class Accounting:
    """Each transcript file's fate, and the other files found."""

    fates: dict[Path, str] = field(default_factory=dict)  # path -> one of the names above
    skipped: dict[Path, str] = field(default_factory=dict)  # path -> why it was skipped
    episodes: int = 0
    sidecars: int = 0  # used, beside their transcript
    other_files: int = 0  # files of no kind sitegen reads, and sidecars of no transcript

    def summary(self) -> str:
        """`62 files → 20 episodes: 20 transcripts, 20 twins, 20 show notes, 2 sidecars`."""
        counts = Counter(self.fates.values())
        files = len(self.fates) + self.sidecars + self.other_files
        parts = [_count(counts[TRANSCRIPT], "transcript")]
        for kind, plural in ((TWIN, "twins"), (COPY, "copies"), (DRAFT, "drafts")):
            if counts[kind]:
                parts.append(f"{counts[kind]} {kind if counts[kind] == 1 else plural}")
        if counts[NOTES]:
            parts.append(f"{counts[NOTES]} show notes")
        if self.sidecars:
            parts.append(_count(self.sidecars, "sidecar"))
        skipped = counts[SKIPPED] + self.other_files
        if skipped:
            parts.append(f"{skipped} skipped")
        return f"{_count(files, 'file')} → {_count(self.episodes, 'episode')}: {', '.join(parts)}"


def account(
    files: Sequence[Path],
    reads: Mapping[Path, ReadResult],
    published: Sequence[Episode],
    copies: Iterable[Episode],
    drafts: Iterable[Episode],
    diagnostics: Sequence[Diagnostic],
) -> tuple[Accounting, list[Diagnostic]]:
    """The fate of each transcript file in `files`, and a warning for each file skipped that
    no other message names."""
    accounting = Accounting(episodes=len(published))
    fates = accounting.fates
    for episode in published:
        fates[episode.source] = TRANSCRIPT
        for path in episode.also:
            fates[path] = _twin_or_notes(reads.get(path))
    for fate, episodes in ((COPY, copies), (DRAFT, drafts)):
        for episode in episodes:
            for path in (episode.source, *episode.also):
                fates[path] = fate
    named = {d.path for d in diagnostics}
    problems: list[Diagnostic] = []
    for path in files:
        if path in fates:
            continue
        fates[path] = SKIPPED
        why = next((d.message for d in diagnostics if d.path == path), None)
        if why is None:
            why = "nothing in it became an episode"
        accounting.skipped[path] = why
        if path not in named:
            problems.append(warning(path, 0, f"not published: {why}"))
    return accounting, problems


def _twin_or_notes(read: ReadResult | None) -> str:
    episode = read.episode if read is not None else None
    return NOTES if episode is not None and not episode.turns and episode.notes else TWIN


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
