"""An episode's summary: what the whole-archive stages need of its text, made from one episode.

Talk time (the speakers' pages), each paragraph's moment (the references page and the pages of
the episodes it mentions), the mentions found in it (link), whether any paragraph has a clock
and the first words (the feed), whether it has any text (the search index's parts). The
reading workers summarize each transcript while its turns are still objects (`summarize`) and
the parse cache keeps the summary (codec.py), so the whole-archive stages read these fields and
never unpack an episode. An episode made later in this process (twins merged, a test's
episode) is summarized the first time a stage asks (`summary_of`).

Owns what a summary holds and the small measures that belong to no other module (clocked,
transcript start, has text); talk time, moments and mentions are computed by their own modules.
"""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.mentions import FoundMention, NamesKey, found_mentions
from sitegen.model import Episode
from sitegen.moments import Moments, moments_for
from sitegen.talktime import TalkTime, talk_time

# Characters of transcript the feed uses as an episode's description when it has none.
SUMMARY_CHARS = 300


@dataclass(frozen=True, slots=True)
class EpisodeSummary:
    """What the whole-archive stages need of one episode's text (module docstring)."""

    talk_time: TalkTime
    moments: Moments
    clocked: bool  # some paragraph has a clock
    transcript_start: str  # the first SUMMARY_CHARS of text (`transcript_start`)
    has_text: bool  # some paragraph has text to find
    # The mentions found in the text, looked for with `mention_names` (mentions.names_key);
    # None: not looked for (link then looks itself).
    mentions: tuple[FoundMention, ...]
    mention_names: NamesKey | None

    @property
    def captioned(self) -> bool:
        """Whether the transcript's times are real enough for captions: at least half its
        paragraphs carry a clock of their own (the rest are estimated between them, moments.py).
        A transcript clocked once every few minutes would show captions seconds off."""
        estimated = self.moments.estimated
        return self.clocked and sum(estimated) * 2 <= len(estimated)


def summarize(episode: Episode, mention_names: NamesKey | None = None) -> EpisodeSummary:
    """The episode's summary, mentions looked for with the names `mention_names`
    (mentions.names_key; None: not looked for). Reads the turns several times: give an
    episode whose turns are objects (not packed)."""
    return EpisodeSummary(
        talk_time=talk_time(episode),
        moments=moments_for(episode),
        clocked=clocked(episode),
        transcript_start=transcript_start(episode),
        has_text=has_text(episode),
        mentions=found_mentions(episode, mention_names) if mention_names is not None else (),
        mention_names=mention_names,
    )


def summarized(episode: Episode, mention_names: NamesKey | None = None) -> Episode:
    """The episode carrying its summary (`summarize`)."""
    episode.set_summary(summarize(episode, mention_names))
    return episode


def summary_of(episode: Episode) -> EpisodeSummary:
    """The summary the episode carries, made (mentions not looked for) and kept with it the
    first time it is asked for when it carries none."""
    summary = episode.summary
    if summary is None:
        summary = summarize(episode.unpacked())
        episode.set_summary(summary)
    return summary


def clocked(episode: Episode) -> bool:
    """Whether any paragraph has a clock."""
    return any(segment.start is not None for _turn, segment in episode.segments())


def transcript_start(episode: Episode, limit: int = SUMMARY_CHARS) -> str:
    """The first words of the transcript, cut at a word boundary with `…` (empty if none)."""
    words: list[str] = []
    length = 0
    for _turn, segment in episode.segments():
        for word in segment.text.split():
            if length + len(word) > limit:
                # A first "word" longer than the limit (a pasted URL) is cut rather than lost.
                return " ".join(words or [word[:limit]]) + " …"
            words.append(word)
            length += len(word) + 1
    return " ".join(words)


def has_text(episode: Episode) -> bool:
    """Whether some paragraph has text to find."""
    return any(segment.text.strip() for turn in episode.turns for segment in turn.segments)
