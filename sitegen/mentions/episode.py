"""One episode's mentions: what `link` and `sitegen check --mentions` ask for.

This module owns finding every mention in an episode (`find_mentions`: the reading worker's
search, kept in the episode's summary and so in the parse cache, with the episode's metadata
applied), and listing every mention and near miss for `check --mentions` (`explain_mentions`).

* What no rule can see, the episode's metadata says: `mentions: {add: [...], ignore: [...]}`
  (readers/metadata.py), applied by `find_mentions`.
* The phrase scanner (scanner.py) is not run over every paragraph: `_phrase_starts` finds,
  in the whole episode's text at once, where a phrase may start, and the scanner tries its
  patterns only there (`_candidates_at`). Scanning every paragraph whole finds the same
  mentions (tests/test_references.py checks both on real transcripts and random text).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Mapping, Sequence
from itertools import accumulate, repeat
from operator import add
from typing import NamedTuple

from sitegen.mentions.scanner import (
    Found,
    NearMiss,
    _candidates_at,
    _scan,
)
from sitegen.mentions.shows import (
    _BARE_TAIL_REACH,
    NamesKey,
    _context,
    _Shows,
    _shows,
    names_key,
)
from sitegen.model import Episode, Mention

# Snippet: at most this many words and characters on each side of the matched words.
_SNIPPET_WORDS = 10
_SNIPPET_CHARS = 80
_WORD_RE = re.compile(r"\S+")
_FIRST_SPACE_RE = re.compile(r"\s")
_LAST_SPACE_RE = re.compile(r"(?s).*\s")


class ShowNames(NamedTuple):
    """A site's show names as its configuration gives them, for finding an episode's mentions
    before the archive is linked (a reading worker, whose result `link` then finds kept): the
    site's own show's names, each `[shows.<id>]` table's show's names by id, what a show
    without a table adds to its id, and the names of shows outside the site (`other_shows`).

    `of` gives what `link` gives the linker (build.py) when every configured show has episodes
    in the site; otherwise `link` finds the episode's mentions again."""

    site: tuple[str, ...]
    by_show: tuple[tuple[str, tuple[str, ...]], ...] = ()
    unlisted: tuple[str, ...] = ()
    others: tuple[str, ...] = ()

    def of(
        self, episode: Episode, folder_show: str | None = None
    ) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]] | None, tuple[str, ...]]:
        """`find_mentions`' show_names, siblings and other_shows for `episode`, whose file is in
        the folder of `folder_show` (its metadata's `show:` wins, as in the build)."""
        show = episode.meta.show if episode.meta.show is not None else folder_show
        if show is None:
            return self.site, None, self.others
        network = dict(self.by_show)
        own = network.pop(show, None) or (show, *self.unlisted)
        return own, network, self.others


def find_mentions(
    episode: Episode,
    *,
    show_names: Collection[str] = (),
    siblings: Mapping[str, Collection[str]] | None = None,
    other_shows: Collection[str] = (),
    names: NamesKey | None = None,
) -> tuple[Mention, ...]:
    """Every mention of another episode in `episode`, in reading order.

    `segment_index` indexes `episode.segments()`. A mention of the episode's own number ("This
    is episode number 920" in episode 920) is an introduction, not a cross-reference, and is
    left out. `siblings` and `other_shows` are as for `scan_text`; `names`, when given, is
    their `names_key` (the linker works it out once per show, not once per episode).
    """
    key = names if names is not None else names_key(show_names, siblings, other_shows)
    summary = episode.summary  # the reading worker's search, for the same names (summary.py)
    if summary is not None and summary.mention_names == key:
        found = summary.mentions
    else:
        found = found_mentions(episode, key)
    number = episode.number
    mentions = tuple(
        Mention(episode.key, target, index, start, end, words, snippet, show, rule)
        for index, start, end, target, show, rule, words, snippet in found
        if show is not None or target != number
    )
    meta = episode.meta
    if meta.mentions_add or meta.mentions_ignore:
        mentions = _overridden(episode, mentions, _shows(*key))
    return mentions


def _overridden(
    episode: Episode, mentions: tuple[Mention, ...], shows: _Shows
) -> tuple[Mention, ...]:
    """`mentions` with the episode's front matter `mentions: {add, ignore}` applied. An added
    mention is placed where the linker saw its number and rejected it, else at the start."""
    own = episode.meta.show

    def target(show: str | None, number: int) -> tuple[str | None, int]:
        return (None if show == own else show, number)

    ignored = {target(show, n) for show, n in episode.meta.mentions_ignore}
    kept = [m for m in mentions if (m.target_show, m.target) not in ignored]
    segments = episode.segments()
    for show, number in episode.meta.mentions_add:
        wanted = target(show, number)
        if wanted in {(m.target_show, m.target) for m in kept} or not segments:
            continue
        place = (0, 0, 0)
        for index, (_turn, segment) in enumerate(segments):
            missed = [
                x for x in _scan(segment.text, shows, episode.number)[1] if x.number == number
            ]
            if missed:
                place = (index, missed[0].start, missed[0].end)
                break
        index, start, end = place
        text = segments[index][1].text
        kept.append(
            Mention(
                episode.key, number, index, start, end, text[start:end],
                _snippet(text, start, end), wanted[0], "front matter",
            )
        )  # fmt: skip
    return tuple(sorted(kept, key=lambda m: (m.segment_index, m.start, m.end)))


# A mention found in an episode's text, as plain values (an episode's summary holds them, and
# the parse cache): segment index, start, end, number, show, rule, words, snippet.
FoundMention = tuple[int, int, int, int, str | None, str, str, str]


def found_mentions(episode: Episode, key: NamesKey) -> tuple[FoundMention, ...]:
    """The mentions in the episode's text, as `find_mentions` reads them, looked for with the
    names `key` (`names_key`); front matter's additions and removals not applied."""
    shows = _shows(*key)  # once per episode, not per paragraph
    number = episode.number
    texts = [segment.text for turn in episode.turns for segment in turn.segments]
    found: list[FoundMention] = []
    for index, starts in _phrase_starts(texts, shows):
        text = texts[index]
        heads = _candidates_at(text, shows, starts)
        found += [
            (index, f.start, f.end, f.number, f.show, f.rule, text[f.start : f.end],
             _snippet(text, f.start, f.end))
            for f in _scan(text, shows, number, heads)[0]
        ]  # fmt: skip
    return tuple(found)


def _phrase_starts(texts: Sequence[str], shows: _Shows) -> list[tuple[int, list[int]]]:
    """(paragraph index, where a phrase may start in it) for the paragraphs that may hold a
    mention, in order: where "episode", "ep", "eps", "show" with a marker or "#" starts a word,
    or a show's name is followed by a number ("Talk Python 300", "JS Party two thirty seven").

    Every phrase starts with one of these, so the other paragraphs need no scan, and finding
    them in the whole episode's text at once costs a fraction of scanning each paragraph
    (hundreds in a one-hour episode), which is most of what `link` spends. The search runs
    on bytes, one a character: Latin-1, with "?" for every character above U+00FF (so a
    place in the bytes is the same place in the text), lower-cased where case does not
    matter. `bytes.find` is several times faster than `str.find` on text with a character
    above U+00FF (a "♪"), and lower-casing bytes touches only ASCII letters, the letters of
    the phrases. Each pattern is searched for on its own: `re` finds a pattern that starts
    with a literal as fast as `bytes.find`, but one that starts with alternatives
    ("ep|show|#") it tries at every byte, several times slower than all the passes together.
    """
    data = "\0".join(texts).encode("latin-1", "replace")
    lowered = data.lower()
    hits = [m.start() - 1 for m in _EPISODE_IN_BYTES.finditer(lowered)]  # at the "e" of "ep"
    # "show" and "#" are rare: found with bytes.find, which skips ahead far faster than `re`.
    for literal, pattern in ((b"show", _SHOW_IN_BYTES), (b"#", None)):
        at = lowered.find(literal)
        while at >= 0:
            if not lowered[at - 1 : at].isalnum() and (
                pattern is None or pattern.match(lowered, at)
            ):
                hits.append(at)
            at = lowered.find(literal, at + 1)
    for patterns in (shows.own, *(p for _, p, _ in shows.siblings)):
        if patterns is None:
            continue
        for name in patterns.names_in_bytes:
            hits += [
                m.start()
                for m in name.finditer(data)  # not lower-cased: "<Show> 44" needs its capital
                if _NUMBER_AHEAD_RE.search(lowered, m.end(), m.end() + _BARE_TAIL_REACH)
            ]
    hits.sort()
    # Where each paragraph's successor starts in `data`, after its "\0" (a "\0" in a
    # paragraph's own text is a character like any other here).
    starts = list(accumulate(map(add, map(len, texts), repeat(1))))
    found: list[tuple[int, list[int]]] = []
    for at in hits:
        index = bisect_right(starts, at)
        offset = at - starts[index - 1] if index else at
        if not found or found[-1][0] != index:
            found.append((index, [offset]))
        elif found[-1][1][-1] != offset:
            found[-1][1].append(offset)
    return found


# What `_phrase_starts` looks for in lower-cased bytes: the start of a phrase with a number (in
# digits or words) after it; "#" is looked for as it is. A byte above 0x7f, or "?", may be a
# space or a digit of another script, or "№", which only ever follows "episode" or "show". The
# pattern starts with a literal, which `re` finds as fast as `bytes.find`, and its rarer second
# letter: "p", checked to follow "e" at the start of a word.
_EPISODE_IN_BYTES = re.compile(
    rb"""p(?<=ep)(?<![a-z0-9]ep)(?:isodes?|s)?\.?
    (?:,|[\s\x80-\xff?]{0,3}(?:\\?\#|numbers?|nos?\.|nr\.|num\.?)?)
    [\s\x80-\xff?]{0,3}(?:\\?\#[\s\x80-\xff?]{0,3})?(?:[0-9\x80-\xff?]|(?:a(?:\x20{1,2}|-)hundred
    |one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen
    |sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)
    (?![a-z]))""",
    re.VERBOSE,
)
# "show" with the marker a phrase needs ("show #3", "show number 3"): "show notes" is not one.
_SHOW_IN_BYTES = re.compile(
    rb"shows?(?:[\s\x80-\xff?]{0,3}(?:\\?\#|\?)|[\s\x80-\xff?]{1,3}n(?:um|os?\.|r\.))"
)
# After a show's name, what a mention needs within reach: a digit (of any script: a byte above
# 0x7f, or "?"), "#", or a word a number in words starts with ("JS Party two thirty seven").
_NUMBER_AHEAD_RE = re.compile(
    rb"[0-9#\x80-\xff?]|\b(?:a(?:\x20{1,2}|-)hundred|one|two|three|four|five|six|seven|eight"
    rb"|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    rb"|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?![a-z])"
)


def explain_mentions(
    episode: Episode,
    *,
    show_names: Collection[str] = (),
    siblings: Mapping[str, Collection[str]] | None = None,
    other_shows: Collection[str] = (),
) -> list[tuple[int, Found | NearMiss]]:
    """Every mention and near miss in `episode`, with its segment index, in reading order:
    what `sitegen check --mentions` lists."""
    shows = _context(show_names, siblings, other_shows)
    out: list[tuple[int, Found | NearMiss]] = []
    for index, (_turn, segment) in enumerate(episode.segments()):
        found, missed = _scan(segment.text, shows, episode.number)
        items: list[Found | NearMiss] = [*found, *missed]
        out += [(index, item) for item in sorted(items, key=lambda i: (i.start, i.end))]
    return out


def _snippet(text: str, start: int, end: int) -> str:
    """The matched words with up to ~10 words each side, cut at word boundaries, "…" where cut."""
    lo = max(0, start - _SNIPPET_CHARS)
    left = text[lo:start]
    cut_left = lo > 0
    if cut_left and not text[lo - 1].isspace() and left[:1] and not left[0].isspace():
        space = _FIRST_SPACE_RE.search(left)
        left = left[space.end() :] if space else ""  # drop the word the window cut in half
    left_words = list(_WORD_RE.finditer(left))
    if len(left_words) > _SNIPPET_WORDS:
        left = left[left_words[-_SNIPPET_WORDS].start() :]
        cut_left = True

    hi = min(len(text), end + _SNIPPET_CHARS)
    right = text[end:hi]
    cut_right = hi < len(text)
    if cut_right and not text[hi].isspace() and right[-1:] and not right[-1].isspace():
        kept = _LAST_SPACE_RE.match(right)  # drop the word the window cut in half
        right = kept.group()[:-1] if kept else ""
    right_words = list(_WORD_RE.finditer(right))
    if len(right_words) > _SNIPPET_WORDS:
        right = right[: right_words[_SNIPPET_WORDS - 1].end()]
        cut_right = True

    snippet = " ".join(f"{left}{text[start:end]}{right}".split())
    if cut_left:
        snippet = "…" + snippet
    if cut_right:
        snippet += "…"
    return snippet
