"""Every paragraph's moment: when it starts (its clock, or an estimate between clocks) and its
anchor id on the episode page. The page, the lists of mentions (on episode pages and
`/references/`), search results and the caption downloads' cue identifiers all read these.

Owns which paragraphs get an estimated time and how that is recorded; the estimate itself is
the JSON download's (talktime.paragraph_times: the stretch between two clocks shared by words),
so a paragraph shows the time its downloads give it. An estimate depends only on the
paragraphs between the two clocks around it, and clocked paragraphs take their ids before
estimated ones (urls.moment_anchors), so editing the text between two clocks changes no id
outside that stretch.

An episode with no clock at all gets no times: without one clock, a time could only come from
the words (155 a minute) counted from the start, which drifts by minutes over an hour, or from
the audio's length, which also holds music, ads and silence the transcript does not; a link
reading `~41:10` that plays 44:00 is the untrustworthy link anchors are meant to end. Its
paragraphs keep their position ids (`p12`).

Made once per episode by the reading worker, while the turns are objects, as part of its
summary (summary.py; the parse cache stores it), so the whole-archive stages never unpack an
episode to link to one of its paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass

from sitegen import urls
from sitegen.model import Episode
from sitegen.readers.timecode import format_clock, iso_duration
from sitegen.talktime import paragraph_times

# Shown before an estimated time (`~12:34`); pages say what it means.
ESTIMATED_MARK = "~"


@dataclass(frozen=True, slots=True)
class Moments:
    """An episode's paragraphs (as `Episode.segments()` flattens them), by index."""

    anchors: tuple[str, ...]  # the paragraph's id on the page: `t=12:34`, `t=12:34-2`, `p7`
    starts: tuple[int | None, ...]  # milliseconds, real or estimated; None: no clock anywhere
    estimated: tuple[bool, ...]  # the start is an estimate (the source gave no clock)

    def clock(self, index: int) -> str | None:
        """The start for display, `12:34` or `~12:34` (estimated); None when it has none."""
        start = self.starts[index]
        if start is None:
            return None
        mark = ESTIMATED_MARK if self.estimated[index] else ""
        return mark + format_clock(start)

    def iso(self, index: int) -> str | None:
        """The start as an ISO 8601 duration for `<time datetime>`."""
        start = self.starts[index]
        return iso_duration(start) if start is not None else None

    def position_anchor(self, index: int) -> str | None:
        """The paragraph's old position id (`p7`) when its anchor is now an estimated time: the
        page keeps it, so that links made before the estimate existed still land."""
        return urls.position_anchor(index) if self.estimated[index] else None

    @property
    def any_estimated(self) -> bool:
        return any(self.estimated)


def moments_for(episode: Episode) -> Moments:
    """The episode's moments (an episode's summary holds them: summary.py)."""
    segments = [segment for _turn, segment in episode.segments()]
    clocks = [segment.start for segment in segments]
    if all(start is None for start in clocks):  # no clock at all: no time (module docstring)
        estimated = (False,) * len(segments)
        return Moments(tuple(urls.moment_anchors(clocks)), tuple(clocks), estimated)
    if all(start is not None for start in clocks):
        starts: list[int | None] = list(clocks)
    else:
        starts = [start for start, _end in paragraph_times(segments)]
    estimated = tuple(start is None for start in clocks)
    return Moments(tuple(urls.moment_anchors(starts, estimated)), tuple(starts), estimated)
