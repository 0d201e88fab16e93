"""The phrase scanner: the mentions in one paragraph's plain text, and the near misses.

This module owns finding the phrases people use to refer to other episodes ("episode 913",
"ep. #913", "show number 131", "episodes 19, 26 and 38", "episode two 41", "Go Time #9") in
a paragraph, with the show each names (shows.py), its number (numbers.py), the rule that
found it and the near misses it rejected (`scan_text`, `_scan`). It must not do I/O, know a
file format, produce markup or URLs, or mutate the model.

Rules (what counts as a mention) — each one is a decision about real transcripts, held by the
hand-labeled lines of tests/mentions/labeled.jsonl (tests/test_mentions_labeled.py); those of
numbers and of show names are in numbers.py and shows.py:

* Phrase: "episode(s)", "ep", "ep.", "eps", optionally followed by "number(s)", "no.", "nr.",
  "num", "#" or "№", then a number. "show(s)" counts only with an explicit marker ("show number
  131", "show #131"), because "show 3 slides" is a verb. Case-insensitive. The phrase must start
  a word and not sit in a URL path, e-mail or slug ("/episode/913", "ep913" are not mentions).
  A number in words may follow "episode(s)"/"ep", or the speaking show's name; a number word
  that is a pronoun or a count is not a number: "episode one of us", "that episode
  one-upped", "one more", "two people", "two years".
* Lists: "episodes 913 and 915", "episode 3 or 4", "episodes 19, 26, and 38" give one mention
  per number; a comma-only list ("episodes 50, 51") only after the plural "episodes", because
  "episode 10, 20 of them" is not a list. Each number after the first is its own span.
* Appositive: "the last episode, 77, was with DHH" is 77 — only when the number is closed by
  punctuation, so "in that episode, 20 of us…" is not.
* "#N" without "episode" ("#" or Markdown's escaped "\\#"): a mention only after a word that
  refers to an episode ("in #51", "it's #18, or #19", "was #450", "the … show, #163",
  "Remember #42") and never within a few words after "PR", "pull request", "issue", "tip",
  "item", "pick", "line", "RFC", "PEP": "the #1 podcast", "trending #1", "PR #378" are not.
* Time order (when the speaking episode's number is known). A self-introduction with another
  number ("welcome to episode 90, one" in 91, "this is episode 149, no wait, 150", "we're on
  episode 13, 14") is not a mention, nor is the episode's own number. A number later than
  the speaking episode's cannot be its show's past: it is a sibling's when a sibling was
  named in the 150 characters before ("on the Changelog. That was #450"), else it is kept
  only when it is one of the next ten (recorded ahead, or planned: "Episode 50?" on 40) or
  said as to come ("next", "upcoming", "will", "'ll", "coming", "preparing", "later", …);
  otherwise it is another show's ("one of them is episode 93" on 51) and not a mention.
* Doubt: "episode 11 or issue 11" is not a mention.

Spans may overlap a `Segment.links` entry the source already made ("[episode 49](…)"); the
renderer decides how to avoid nesting links.

Names with a leading underscore are the mentions package's own, shared by its modules.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import NamedTuple

from sitegen.mentions.numbers import (
    _AFTER_WORD_NUMBER_RE,
    _FIRST_WORDS,
    _parse_any,
    _parse_number,
    _parse_words,
)
from sitegen.mentions.shows import (
    _LOOKBACK,
    _MARK,
    _context,
    _ends_with_name,
    _holds_none,
    _normalise_names,
    _OwnShow,
    _recent_show,
    _Shows,
    _shows,
    _whose,
)

# Where the phrase patterns are tried. Python's re cannot skip ahead to a case-insensitive first
# letter, so running them over a whole paragraph costs tens of nanoseconds a character, and
# `link` reads every paragraph of the archive. But each phrase ends right before a number
# ("(?=\d)") and its last character is never a digit, so it ends where a run of digits starts,
# and it starts at most "reach" characters (its longest possible match) before that. So:
# paragraphs without a digit (most of them) are skipped by `_may_have_digit`, and in the others
# the patterns run only in the short windows before each run of digits (`_windows`).
# Written "\d\d*" rather than "\d+" so that re scans for the first digit with its fast loop.
_DIGIT_RUN_RE = re.compile(r"\d\d*")
# Characters above U+00FF that English transcripts are full of, most common first; see
# `_may_have_digit`.
_TYPOGRAPHY = "\u2019\u201c\u201d\u2018\u2014\u2013\u2026"  # curly quotes, dashes, "…"
_HEAD_RE = re.compile(
    rf"""
    (?=[es])                            # cheap first-letter filter before the lookbehind
    (?<![\w/@\\.-])                     # start of a word; not in a URL path, e-mail or slug
    (?:
        (?:episodes?|eps?\.?)(?:{_MARK}|\s{{1,3}}|(?<=\.))   # "episode 9", "ep.9", "ep #9"
      | shows?{_MARK}                   # "show" only with a marker: "show 3 slides" is a verb
      | episode(?P<appos>,)\s{{1,2}}     # "the last episode, 77, was with DHH"
    )
    (?=\d)
    """,
    re.IGNORECASE | re.VERBOSE,
)
# The longest `_HEAD_RE` match: "episodes" (8) + `_MARK` at its longest, 3 spaces + "numbers" +
# 3 spaces + "\#" + 3 spaces (18). tests/test_references.py checks this against the pattern.
_HEAD_REACH = 26

# The separator before the next number of a list; "conj1"/"conj2" are set for "and"/"or"/"&"
# and "item" marks where the next item's span starts (a "#" belongs to the item).
_LIST_SEP_RE = re.compile(
    r"""(?:\s{0,2},\s{0,2}(?:(?P<conj1>and|or|&)\s{1,2})?|\s{1,2}(?P<conj2>and|or|&)\s{1,2})
    (?P<item>)(?:\\?\#\s{0,2})?(?=\d)""",
    re.IGNORECASE | re.VERBOSE,
)

# An appositive number ("the last episode, 77, was…") must be closed by punctuation or the end.
_APPOSITIVE_END = frozenset({"", ",", ".", ";", ":", "!", "?", ")", "—", "\u2013"})
_PLURAL_RE = re.compile(r"\b(?:episodes|eps|shows|numbers)\b", re.IGNORECASE)


def _may_have_digit(text: str) -> bool:
    """False when `text` has no decimal digit (nothing `\\d` matches); True when it may have.

    Every paragraph goes through this, so it uses only str methods that run at memory speed
    (`in`, `count`, `encode`), several times faster than a regex scan for "\\d". ASCII digits
    are looked for directly. All other decimal digits (Arabic-Indic, fullwidth, ...) are above
    U+00FF, so a text whose characters above U+00FF are all common typography has none; any
    other such character makes the answer "may", and the caller's regex decides.
    """
    if any(digit in text for digit in "0123456789"):
        return True
    if text.isascii():
        return False
    unknown = len(text) - len(text.encode("latin-1", "ignore"))  # characters above U+00FF
    for mark in _TYPOGRAPHY:
        if not unknown:
            break
        unknown -= text.count(mark)
    return unknown > 0


def _windows(numbers: Sequence[int], reach: int) -> list[tuple[int, int]]:
    r"""Disjoint (lo, hi) ranges, in order, covering `reach` characters before each number.

    `hi` is one past the number's first digit: the `(?=\d)` that ends a phrase must see it, and a
    match that fits in the range is then exactly the match the whole text would give. Ranges
    that overlap are merged so that a phrase is never found twice or cut in half.
    """
    windows: list[tuple[int, int]] = []
    for pos in numbers:
        lo = max(0, pos - reach)
        if windows and lo <= windows[-1][1]:
            lo = windows.pop()[0]
        windows.append((lo, pos + 1))
    return windows


def _heads(text: str, own: _OwnShow | None) -> Iterable[tuple[int, int, bool, bool, bool]]:
    """(start, number position, plural, bare, appositive) per candidate phrase, in text order.

    The same matches, in the same order, as `finditer` over the whole text: the patterns only
    run in the windows before runs of digits (see _DIGIT_RUN_RE), and a lookbehind at a
    window's start still sees the text before it.
    """
    if not _may_have_digit(text):
        return ()  # no number, no mention: most paragraphs stop here
    return _heads_before(text, own, [m.start() for m in _DIGIT_RUN_RE.finditer(text)])


def _heads_before(
    text: str, own: _OwnShow | None, numbers: Sequence[int]
) -> Iterable[tuple[int, int, bool, bool, bool]]:
    """`_heads`, given where the runs of digits start."""
    generic = [
        (m.start(), m.end(), _is_plural(m.group()), False, m.group("appos") is not None)
        for lo, hi in _windows(numbers, _HEAD_REACH)
        for m in _HEAD_RE.finditer(text, lo, hi)
    ]
    if own is None:
        return generic
    bare = [
        (m.start(), m.end(), _is_plural(m.group()), True, False)
        for lo, hi in _windows(numbers, own.bare_reach)
        for m in own.bare.finditer(text, lo, hi)
        if m.group()[:1].isupper()  # "ship it 2 times" is a verb; "Ship It 44" is the show
    ]
    if not bare:
        return generic
    return heapq.merge(generic, bare)


def _is_plural(head: str) -> bool:
    return _PLURAL_RE.search(head) is not None


def find_mentions_in_text(
    text: str, *, show_names: Collection[str] = ()
) -> list[tuple[int, int, int]]:
    """(start, end, number) spans of the speaking show's episode mentions in one paragraph's
    plain text.

    `text[start:end]` is the matched words: "episode number 913" for the first number of a
    phrase, just "915" (or "#915") for later numbers of a list. Spans are sorted and disjoint.
    `show_names` are the current show's names; see the module docstring for what they change.
    `scan_text` also gives other shows' mentions, the rules and the near misses.
    """
    found, _ = _scan(text, _shows(_normalise_names(show_names), (), ()), None)
    return [(f.start, f.end, f.number) for f in found if f.show is None]


# "episode" / "ep." and a word: where a number in words may follow.
_WORD_HEAD_RE = re.compile(
    r"(?<![\w/@\\.-])(?:episodes?|eps?\.?)(?:\s{1,3}(?:numbers?\s{1,3})?|(?<=\.))(?=[A-Za-z])",
    re.IGNORECASE,
)
_FIRST_WORD_RE = re.compile(r"[A-Za-z]+")


# After a list separator, a number in words may be the next item ("episodes five and six").
_WORD_LIST_SEP_RE = re.compile(
    r"""(?:\s{0,2},\s{0,2}(?:(?P<conj1>and|or|&)\s{1,2})?|\s{1,2}(?P<conj2>and|or|&)\s{1,2})
    (?P<item>)(?=[A-Za-z])""",
    re.IGNORECASE | re.VERBOSE,
)

# A bare "#12" (or Markdown's "\#12") is an episode only after a word that says so ("in #51",
# "it's #18", "the functional programming show, #163"); "PR #378", "tip #3", "the #1 podcast",
# "trending #1" are other numbers.
_HASH_RE = re.compile(r"(?<![\w\\#&/])\\?#(?=\d)")
_HASH_BEFORE = frozenset(
    {"in", "on", "it's", "its", "was", "is", "remember", "and", "or", "show", "from", "with",
     "--", "-", "\u2013", "\u2014"}
)  # fmt: skip
_NOT_EPISODE_NOUNS_RE = re.compile(
    r"\b(?:pull\s+requests?|prs?|issues?|bugs?|tickets?|commits?|tips?|items?|picks?|lines?"
    r"|ranks?|rfcs?|peps?)\b",
    re.IGNORECASE,
)
_HASH_LOOKBACK = 30
_HASH_WHY = 'a "#" number not said of an episode (a pull request, issue, tip, rank…)'


def _hash_head_ok(text: str, start: int) -> bool:
    before = text[max(0, start - _HASH_LOOKBACK) : start]
    if _NOT_EPISODE_NOUNS_RE.search(before):
        return False
    words = before.split()
    return bool(words) and words[-1].strip('"“”()[]*_,:;').lower() in _HASH_BEFORE


# A self-introduction: "welcome to episode 90", "this is episode 149", "we're on episode 13".
_INTRO_RE = re.compile(
    r"""(?:\bwelcome(?:\s+back)?\s+to|\bthis\s+is|\byou['\u2019]re\s+listening\s+to
    |\byou\s+are\s+listening\s+to|\bwe['\u2019]re(?:\s+now)?\s+(?:on|at)
    |\bwe\s+are(?:\s+now)?\s+(?:on|at))(?:\s+like)?[\s,:]*$""",
    re.IGNORECASE | re.VERBOSE,
)
# "episode 11 or issue 11": the speaker is not sure it is an episode.
_OR_NOT_EPISODE_RE = re.compile(
    r"\s{0,2},?\s{0,2}or\s{1,3}(?:an?\s{1,3})?(?:issue|pr|pull\s+request|newsletter|post|video)\b",
    re.IGNORECASE,
)
# Words that make a later number than the speaking episode's a plan, not an error.
_FUTURE_RE = re.compile(
    r"""\b(?:next|upcoming|coming|will|gonna|going\s+to|stay\s+tuned|can['\u2019]?t\s+wait
    |cannot\s+wait|teas\w*|prepar\w*|not\s+out\s+yet|hasn['\u2019]t\s+come\s+out|future
    |later|plan\w*|comes\s+out|after\s+this|before)\b|\w['\u2019]ll\b""",
    re.IGNORECASE | re.VERBOSE,
)
# The next few numbers are often already recorded, or being planned ("Episode 50?" said on 40
# about the next anniversary, "episode 40, which came out just before this one" on 39).
_NEAR_FUTURE = 10
_FUTURE_BEFORE = 60
_FUTURE_AFTER = 80


class Found(NamedTuple):
    """A mention: the span of its words, the number, the show (None: the speaking show's
    own; else the id of another show of the site) and the rule that found it."""

    start: int
    end: int
    number: int
    show: str | None
    rule: str


class NearMiss(NamedTuple):
    """Words that look like a mention but are not one, and why (for `check --mentions`)."""

    start: int
    end: int
    number: int | None
    reason: str


# A candidate phrase: start, number position, plural, rule, the show its words name (None:
# the speaking show, or not named by a pattern), appositive.
_Head = tuple[int, int, bool, str, str | None, bool]


def _candidates(text: str, shows: _Shows) -> list[_Head]:
    """Every candidate phrase in `text`, in text order: "episode N" and "<our name> N"
    (`_heads`), "<another show of the site> N", "episode <number in words>", "#N"."""
    numbers = [m.start() for m in _DIGIT_RUN_RE.finditer(text)] if _may_have_digit(text) else []
    heads: list[_Head] = [
        (start, pos, plural, "name" if bare else "phrase", None, appositive)
        for start, pos, plural, bare, appositive in _heads_before(text, shows.own, numbers)
    ]
    if numbers:
        for show, patterns, _ in shows.siblings:
            heads += [
                (m.start(), m.end(), _is_plural(m.group()), "name", show, False)
                for lo, hi in _windows(numbers, patterns.bare_reach)
                for m in patterns.bare.finditer(text, lo, hi)
                if m.group()[:1].isupper()
            ]
    own = shows.own
    if own is not None and any(word in text for word in own.first_words):
        for named in own.bare_words.finditer(text):
            word = _FIRST_WORD_RE.match(text, named.end())
            if named.group()[:1].isupper() and word and word.group().lower() in _FIRST_WORDS:
                heads.append((named.start(), named.end(), False, "name-words", None, False))
    lower = text.lower()
    at = lower.find("ep")
    while at >= 0:
        head = _WORD_HEAD_RE.match(text, at)
        if head is not None:
            word = _FIRST_WORD_RE.match(text, head.end())
            if word is not None and word.group().lower() in _FIRST_WORDS:
                heads.append((at, head.end(), _is_plural(head.group()), "words", None, False))
        at = lower.find("ep", at + 2)
    at = text.find("#")
    while at >= 0:
        mark = _HASH_RE.match(text, at - 1 if at and text[at - 1] == "\\" else at)
        if mark is not None:
            rule = "hash" if _hash_head_ok(text, mark.start()) else "hash-rejected"
            heads.append((mark.start(), mark.end(), False, rule, None, False))
        at = text.find("#", at + 1)
    heads.sort()
    return heads


def _candidates_at(text: str, shows: _Shows, starts: Iterable[int]) -> list[_Head]:
    """`_candidates(text, shows)` when every candidate phrase starts at one of `starts`: the
    patterns are tried only there, not over the whole paragraph."""
    heads: list[_Head] = []
    own = shows.own
    for at in starts:
        if text.startswith("#", at):
            mark = _HASH_RE.match(text, at - 1 if at and text[at - 1] == "\\" else at)
            if mark is not None:
                rule = "hash" if _hash_head_ok(text, mark.start()) else "hash-rejected"
                heads.append((mark.start(), mark.end(), False, rule, None, False))
            continue
        if (m := _HEAD_RE.match(text, at)) is not None:
            appositive = m.group("appos") is not None
            heads.append((at, m.end(), _is_plural(m.group()), "phrase", None, appositive))
        elif (head := _WORD_HEAD_RE.match(text, at)) is not None:
            word = _FIRST_WORD_RE.match(text, head.end())
            if word is not None and word.group().lower() in _FIRST_WORDS:
                heads.append((at, head.end(), _is_plural(head.group()), "words", None, False))
        if not text[at].isupper():
            continue  # "ship it 2 times" is a verb; "Ship It 44" is the show
        if own is not None:
            if (m := own.bare.match(text, at)) is not None:
                heads.append((at, m.end(), _is_plural(m.group()), "name", None, False))
            elif (named := own.bare_words.match(text, at)) is not None:
                word = _FIRST_WORD_RE.match(text, named.end())
                if word and word.group().lower() in _FIRST_WORDS:
                    heads.append((at, named.end(), False, "name-words", None, False))
        for show, patterns, _ in shows.siblings:
            if (m := patterns.bare.match(text, at)) is not None:
                heads.append((at, m.end(), _is_plural(m.group()), "name", show, False))
    heads.sort()
    return heads


def scan_text(
    text: str,
    *,
    show_names: Collection[str] = (),
    siblings: Mapping[str, Collection[str]] | None = None,
    other_shows: Collection[str] = (),
    number: int | None = None,
) -> tuple[list[Found], list[NearMiss]]:
    """The mentions in one paragraph's plain text, and the near misses, in text order.

    `show_names`: the speaking show's names; `siblings`: the names of the site's other shows
    by id (a mention naming one of them is that show's); `other_shows`: names of shows not in
    the site (a mention naming one is nobody's here); `number`: the speaking episode's
    number, for time order and self-introductions. See the module docstring for the rules.
    """
    return _scan(text, _context(show_names, siblings, other_shows), number)


def _scan(
    text: str, shows: _Shows, number: int | None, heads: Iterable[_Head] | None = None
) -> tuple[list[Found], list[NearMiss]]:
    """The mentions and near misses in `text`; `heads`: its candidate phrases when known."""
    found: list[Found] = []
    missed: list[NearMiss] = []
    last_end = 0
    for start, pos, plural, rule, named, appositive in (
        _candidates(text, shows) if heads is None else heads
    ):
        if start < last_end:
            continue  # inside a mention already taken (e.g. "Ship It episode 44")
        words = rule in ("words", "name-words")
        first = _parse_words(text, pos) if words else _parse_number(text, pos)
        if first is None:
            if not rule.startswith("hash"):
                missed.append(NearMiss(start, pos, None, "no episode number: a count or time"))
            continue
        if rule == "hash-rejected":
            missed.append(NearMiss(start, first[0], first[1], _HASH_WHY))
            continue
        if appositive and text[first[0] : first[0] + 1] not in _APPOSITIVE_END:
            continue  # "in that episode, 20 of us…" is not "the last episode, 20, was…"
        items = [(start, *first)]
        conj_upto = 0  # items up to here are confirmed by an "and"/"or"
        separator = _WORD_LIST_SEP_RE if words else _LIST_SEP_RE
        while not appositive:
            sep = separator.match(text, items[-1][1])
            if sep is None and words:
                sep = _LIST_SEP_RE.match(text, items[-1][1])
            if sep is None or (nxt := _parse_any(text, sep.end())) is None:
                break
            items.append((sep.start("item"), *nxt))
            if sep.group("conj1") or sep.group("conj2"):
                conj_upto = len(items)
        items = items[: max(1, conj_upto, len(items) if plural else 1)]
        end = items[-1][1]
        last_end = end
        show: str | None = named
        why = ""
        if named is None:
            own_name = rule in ("name", "name-words")
            show, why = ("", "") if own_name else _whose(text, start, end, shows)
        year = 1900 <= first[1] <= 2099 and pos + 4 == first[0]
        if show is not None and rule == "name" and year:
            show, why = None, "a year after the show's name"
        if show == "" and words and _AFTER_WORD_NUMBER_RE.match(text, end):
            show, why = None, 'a number word that is a pronoun or a count ("one of us")'
        if show is not None and _OR_NOT_EPISODE_RE.match(text, end):
            show, why = None, 'not sure it is an episode ("or issue …")'
        if show is None:
            missed.extend(NearMiss(s, e, n, why) for s, e, n in items)
            continue
        if show:
            found.extend(Found(s, e, n, show, rule if rule == "name" else "show-name")
                         for s, e, n in items)  # fmt: skip
            continue
        found_own, missed_own = _own_items(text, start, items, rule, shows, number)
        found += found_own
        missed += missed_own
    return found, missed


def _own_items(
    text: str,
    start: int,
    items: list[tuple[int, int, int]],
    rule: str,
    shows: _Shows,
    number: int | None,
) -> tuple[list[Found], list[NearMiss]]:
    """The items of a phrase that names no other show: the speaking show's episodes, unless
    time order or a self-introduction says otherwise."""
    if number is None:
        return [Found(s, e, n, None, rule) for s, e, n in items], []
    found: list[Found] = []
    missed: list[NearMiss] = []
    window = text[max(0, start - _LOOKBACK) : start]
    if shows.own is not None and (own := _ends_with_name(shows.own, window)) is not None:
        window = window[: own.start()]
    intro = (
        not _holds_none(window, ("welcome", "this", "listening", "we"))
        and _INTRO_RE.search(window) is not None
    )
    for s, e, n in items:
        if n == number:
            missed.append(NearMiss(s, e, n, "this episode itself"))
        elif intro:
            missed.append(NearMiss(s, e, n, "a self-introduction with another number"))
        elif n < number:
            found.append(Found(s, e, n, None, rule))
        else:
            sibling, other = _recent_show(text, start, shows)
            if sibling and not other:
                found.append(Found(s, e, n, sibling, "recent-name"))
            elif other:
                missed.append(NearMiss(s, e, n, "later than this episode; another show named"))
            elif n - number <= _NEAR_FUTURE or _FUTURE_RE.search(
                text, max(0, start - _FUTURE_BEFORE), e + _FUTURE_AFTER
            ):
                found.append(Found(s, e, n, None, f"{rule}+next"))
            else:
                missed.append(
                    NearMiss(s, e, n, f"later than this episode ({number}), not said as to come")
                )
    return found, missed
