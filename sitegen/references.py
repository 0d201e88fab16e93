"""Episode cross-references: the phrases people use to refer to other episodes, and the graph.

This module owns two things and nothing else:

* finding mentions ("episode 913", "ep. #913", "show number 131", "episodes 19, 26 and 38",
  speech-to-text's "episode 9 0 8") in a paragraph's plain text, and
* building the whole-archive graph (`link`): newest-first order, lookups by key and number,
  mentions out, backlinks in, unresolved mentions and the speakers index.

It must not do I/O, know a file format, produce markup or URLs, or mutate the model: readers
give it `Episode` values, and render/feeds read the `Archive` it returns. Every other module
that needs to know what an episode reference looks like asks this one.

Rules (what counts as a mention) — each one is a decision about real transcripts:

* Phrase: "episode(s)", "ep", "ep.", "eps", optionally followed by "number(s)", "no.", "nr.",
  "num", "#" or "№", then a number. "show(s)" counts only with an explicit marker ("show number
  131", "show #131"), because "show 3 slides" is a verb. Case-insensitive. The phrase must start
  a word and not sit in a URL path, e-mail or slug ("/episode/913", "ep913" are not mentions).
* Number: 1-4 digits, or "1,000".."9,999". A number that runs on into more digits, a clock, a
  decimal or a fraction ("episode 10:30", "episode 10,001", "episode 2.5", "episode 2/5") is not
  a mention at all, rather than a wrong one. Year-like numbers are kept: a year straight after
  "episode" is rarer than an episode 2021.
* Split digits: speech recognition writes "nine oh eight" as "9 0 8". When the first number is
  1-2 digits, following 1-2 digit groups separated by single spaces are joined ("episode 9 0 8"
  is 908, "episode 1 29" is 129) as long as the whole run is at most 4 digits; a longer run is
  not a split number, so only the first group counts. A trailing group that is followed by a
  quantity word belongs to that word, not to the number: "episode 12 5 times" is 12.
* Quantities: a number followed by a unit or count noun ("episode 5 minutes in", "this episode
  3 guests") is not an episode number.
* Lists: "episodes 913 and 915", "episode 3 or 4", "episodes 19, 26, and 38" give one mention
  per number; a comma-only list ("episodes 50, 51") only after the plural "episodes", because
  "episode 10, 20 of them" is not a list. Each number after the first is its own span.
* Appositive: "the last episode, 77, was with DHH" is 77 — only when the number is closed by
  punctuation, so "in that episode, 20 of us…" is not.
* TV and series: "season 2, episode 1", "S2 episode 3", "series 3 episode 4", "episode 3 of
  season 2" and "episode 2 of 5" (a part within a series) are not mentions.
* Other shows: we know which show we are in only when the caller passes `show_names`. A mention
  qualified by a show name is kept when that name is one of `show_names`, and excluded
  otherwise. Qualified means: a capitalised name right before the phrase that does not start
  the sentence ("from Changelog episode 459", "Go Time episode 163", "Star Wars episode 4"), or
  before a comma when the name is introduced as one ("This is Talk Python To Me, episode 496",
  "recorded as Python Bytes, episode 484" — but not "the Merry Shipmas, episode 33", a title);
  a capitalised possessive ("the Changelog's episode 441", "Stephan Livera's
  podcast, episode 433"); or after the number "of [the] <Name>" ("episode 441 of the
  Changelog", "episode 1 of the new Star Wars") or "on/in/from [the] <Name>'s ..." / "<Name>
  feed|podcast|show|channel" ("episode 441 on the Changelog's feed"). "episode 86 on Founders
  Talk" stays a mention: "episode 37 on Nix" has the same shape and names a topic.
  With `show_names`, "<Show> 44" and "<Show> #33" (no "episode") are mentions too.
* Numbers written as words ("episode nine hundred") and show URLs ("shipit.show/51",
  "changelog.com/441") are out of scope.

Spans may overlap a `Segment.links` entry the source already made ("[episode 49](…)"); the
renderer decides how to avoid nesting links.
"""

from __future__ import annotations

import datetime
import functools
import heapq
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from sitegen.model import Archive, Episode, Mention, derived_value

__all__ = ["find_mentions", "find_mentions_in_text", "link"]

# How far around a match the qualifier checks look. Bounded so every match costs O(1) and a
# 10 MB paragraph stays linear.
_LOOKBACK = 80
_LOOKAHEAD = 80

# Snippet: at most this many words and characters on each side of the matched words.
_SNIPPET_WORDS = 10
_SNIPPET_CHARS = 80

# "#", "№", "number", "no.": the optional marker between the keyword and the number. Whitespace
# runs are bounded ({1,3}) so a pathological run of spaces cannot make matching quadratic.
_MARK = (
    r"(?:\s{0,3}(?:\\?\#|№)\s{0,3}|\s{1,3}(?:numbers?|nos?\.|nr\.|num\.?)\s{0,3}(?:\\?\#\s{0,3})?)"
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
# The longest `_OwnShow.bare` match after the name: "'s" (2) + ", episodes" with 3 spaces (12)
# + `_MARK` (18).
_BARE_TAIL_REACH = 32

# A number that is not part of a longer number, a clock, a decimal or a fraction.
_NUMBER_RE = re.compile(r"(?:[1-9],\d{3}|\d{1,4})(?!\d|[,.:/]\d)")
# One more group of a number split by speech recognition: "9 0 8".
_SPLIT_GROUP_RE = re.compile(r" (\d{1,2})(?!\d|[,.:/]\d)")

# Nouns that make the number before them a count or a duration, not an episode number.
_QUANTITY_RE = re.compile(
    r"""\s{0,2}(?:%|(?:times|minutes?|mins?|seconds|secs?|hours?|hrs?|days|weeks|months|years
    |people|guests|things|ways|reasons|tips|steps|points|percent|episodes|items|questions
    |parts|hundred|thousand|million|billion)\b)""",
    re.IGNORECASE | re.VERBOSE,
)

# The separator before the next number of a list; "conj1"/"conj2" are set for "and"/"or"/"&"
# and "item" marks where the next item's span starts (a "#" belongs to the item).
_LIST_SEP_RE = re.compile(
    r"""(?:\s{0,2},\s{0,2}(?:(?P<conj1>and|or|&)\s{1,2})?|\s{1,2}(?P<conj2>and|or|&)\s{1,2})
    (?P<item>)(?:\\?\#\s{0,2})?(?=\d)""",
    re.IGNORECASE | re.VERBOSE,
)

_WORD_NUMBERS = r"(?:one|two|three|four|five|six|seven|eight|nine|ten)"

# "season 2, " / "S2 " / "series 3 " right before the phrase: a TV episode.
_TV_BEFORE_RE = re.compile(
    rf"""(?:(?<![\w'\u2019])(?:season|series)\s{{0,3}}(?:\d{{1,3}}|{_WORD_NUMBERS}|[ivx]{{1,4}})
    |(?<![\w'\u2019])s\d{{1,2}})(?:['\u2019]s)?\s{{0,3}}[,:;\u2013—-]?\s{{0,3}}$""",
    re.IGNORECASE | re.VERBOSE,
)
# "episode 3 of season 2", "episode 3, series 2", "episode 2 of 5".
_TV_AFTER_RE = re.compile(
    rf"""\s{{0,3}}[,:]?\s{{0,3}}(?:(?:of|in|from)\s{{1,3}}(?:the\s{{1,3}})?)?(?:season|series)
    \s{{1,3}}(?:\d|{_WORD_NUMBERS}\b)
    |\s{{1,3}}of\s{{1,3}}\d""",
    re.IGNORECASE | re.VERBOSE,
)

_CAP = r"[A-ZÀ-ÖØ-Þ][\w'\u2019&.-]*"
# After the number: "of [the] [new] <Name>" (group "name" is checked against _NOT_NAMES) or
# "on/in/from [the] <Name>'s ..." / "<Name> feed|podcast|show|channel". Case-sensitive on
# purpose: capitalisation is what tells a show name from a topic.
_OF_NAME_AFTER_RE = re.compile(
    rf"\s{{1,3}}of\s{{1,3}}(?:[Tt]he\s{{1,3}})?(?:[a-z]+\s{{1,3}})?(?P<name>{_CAP})"
)
_SHOW_FEED_AFTER_RE = re.compile(
    rf"""\s{{1,3}}(?:on|in|from|of)\s{{1,3}}(?:[Tt]he\s{{1,3}})?(?:{_CAP}\s{{1,3}}){{0,3}}?
    [A-ZÀ-ÖØ-Þ][\w&.-]*(?:['\u2019]s\b|\s{{1,3}}(?:[Ff]eed|[Pp]odcast|[Ss]how|[Cc]hannel)\b)""",
    re.VERBOSE,
)

# Capitalised words that are not show names even mid-sentence (pronouns, determiners, words
# speech-to-text likes to capitalise). Compared in lower case.
# fmt: off
_NOT_NAMES = frozenset({
    "i", "i'm", "i've", "i'd", "i'll", "the", "a", "an", "this", "that", "these", "those", "our",
    "my", "your", "his", "her", "their", "its", "in", "on", "at", "of", "for", "from", "to",
    "and", "or", "but", "so", "last", "next", "previous", "first", "latest", "recent", "earlier",
    "every", "each", "another", "bonus", "special", "whole", "same", "which", "what", "remember",
    "yeah", "yes", "okay", "ok", "oh", "well", "episode", "episodes", "ep"
})
# fmt: on
# Lower-case words that may sit inside a show name ("Talk Python to Me", "Request for Commits").
_NAME_JOINERS = frozenset({"to", "for", "of", "the", "and", "&", "on", "in", "a"})
_FEED_WORDS = frozenset({"podcast", "show", "feed", "channel"})
_SENTENCE_END = tuple('.!?:;…"“”(')
_STOPS = tuple(".!?:;…")
# An appositive number ("the last episode, 77, was…") must be closed by punctuation or the end.
_APPOSITIVE_END = frozenset({"", ",", ".", ";", ":", "!", "?", ")", "—", "\u2013"})
# Words that introduce a show by name: "This is <Show>, episode N", "recorded as <Show>, …".
_INTRO_WORDS = frozenset({"is", "as", "to", "it's", "it\u2019s", "here's", "here\u2019s"})
_EDGE_PUNCT = "\"“”\u2018\u2019'()[]*_,.;:!?"
_EDGE_PUNCT_NO_APOSTROPHE = '"“”\u2018()[]*_,.;:!?'  # keeps the "'s" of a possessive
_PLURAL_RE = re.compile(r"\b(?:episodes|eps|shows|numbers)\b", re.IGNORECASE)
_NAME_WORD_RE = re.compile(r"[^\W_]+")
_WORD_RE = re.compile(r"\S+")
_FIRST_SPACE_RE = re.compile(r"\s")
_LAST_SPACE_RE = re.compile(r"(?s).*\s")


def _cap_name(word: str) -> bool:
    """True for a capitalised word that may be (part of) a show name."""
    return (
        bool(word) and word[0].isupper() and word.lower().replace("\u2019", "'") not in _NOT_NAMES
    )


def _possessive_name(word: str) -> bool:
    """True for "Changelog's": a capitalised possessive."""
    stem = word[:-2] if word.endswith(("'s", "\u2019s")) else ""
    return _cap_name(stem)


@dataclass(frozen=True, slots=True)
class _OwnShow:
    """Patterns for the current show's own names (from the caller's `show_names`)."""

    ends_before: re.Pattern[str]  # the text before a phrase ends with our name
    after_prep: re.Pattern[str]  # "of/on/in/from [the] <our name>" after the number
    bare: re.Pattern[str]  # "<our name> [episode] [#] N": a mention without "episode"
    bare_reach: int  # the longest possible `bare` match (see _DIGIT_RUN_RE)


# Compiled per set of show names (not at import: they come from the caller) and cached, so a
# build compiles them once.
@functools.lru_cache(maxsize=32)
def _own_show(names: tuple[str, ...]) -> _OwnShow | None:
    alternatives = []
    longest = 0
    for name in names:
        words = _NAME_WORD_RE.findall(name)
        if words and words[0].casefold() == "the" and len(words) > 1:
            words = words[1:]  # "The Changelog": speakers drop or add "the" freely
        if words:
            alternatives.append(r"[\W_]{1,3}".join(re.escape(w) for w in words))
            longest = max(longest, sum(map(len, words)) + 3 * (len(words) - 1))
    if not alternatives:
        return None
    # Longest first so "Talk Python To Me" wins over "Talk Python" in the bare form.
    alternatives.sort(key=lambda a: (-len(a), a))
    name = rf"\b(?:{'|'.join(alternatives)})\b"
    return _OwnShow(
        ends_before=re.compile(rf"{name}(?:['\u2019]s)?[\s,:;\"”'\u2019\u2013—-]*$", re.IGNORECASE),
        after_prep=re.compile(
            rf"\s{{1,3}}(?:of|on|in|from)\s{{1,3}}(?:the\s{{1,3}})?{name}", re.IGNORECASE
        ),
        bare=re.compile(
            rf"""(?<![\w/@\\.-]){name}(?:['\u2019]s)?
            (?:,?\s{{1,3}}(?:episodes?|eps?\.?)(?={_MARK}|\s|(?<=\.)))?   # ", episode"
            (?:{_MARK}|\s{{1,3}}|(?<=\.))(?=\d)""",
            re.IGNORECASE | re.VERBOSE,
        ),
        bare_reach=longest + _BARE_TAIL_REACH,
    )


def _normalise_names(show_names: Collection[str]) -> tuple[str, ...]:
    return tuple(sorted({" ".join(n.split()) for n in show_names if n.strip()}))


def _parse_number(text: str, pos: int) -> tuple[int, int] | None:
    """(end, value) of the episode number at `pos`, or None when it is not one."""
    m = _NUMBER_RE.match(text, pos)
    if m is None:
        return None
    digits, end = m.group().replace(",", ""), m.end()
    if len(m.group()) <= 2:
        groups, ends = [digits], [end]
        total = len(digits)
        while total <= 4 and (g := _SPLIT_GROUP_RE.match(text, ends[-1])) is not None:
            groups.append(g.group(1))
            ends.append(g.end())
            total += len(g.group(1))
        if len(groups) > 1 and _QUANTITY_RE.match(text, ends[-1]):
            groups.pop()  # "episode 12 5 times": the 5 counts the times
            ends.pop()
            total = sum(map(len, groups))
        if total > 4:
            groups, ends = groups[:1], ends[:1]  # too long for a split number: a list of counts
        digits, end = "".join(groups), ends[-1]
    if _QUANTITY_RE.match(text, end):
        return None
    return end, int(digits)


def _excluded_before(text: str, start: int, own: _OwnShow | None) -> bool:
    """True when the words before the phrase say it is a TV episode or another show's."""
    lo = max(0, start - _LOOKBACK)
    window = text[lo:start]
    if _TV_BEFORE_RE.search(window):
        return True
    if own is not None and own.ends_before.search(window):
        return False
    if not window[-1:].isspace():
        return False  # "(episode 5", "“episode 5": nothing names it directly
    # Markdown emphasis is markup, not words: "**Adam Stacoviak:** Episode 50".
    tokens = [t for t in (t.strip("*_") for t in window.split()) if t]
    if lo > 0 and not window[0].isspace() and not text[lo - 1].isspace():
        tokens = tokens[1:]  # a word cut by the window is not evidence
    if not tokens:
        return False
    comma = tokens[-1].endswith(",")
    if not comma and tokens[-1].rstrip("\"”\u2019')]").endswith(_STOPS):
        return False  # "…in Crossplane. Episode 33": the sentence starts at the phrase
    last = tokens[-1].strip(_EDGE_PUNCT_NO_APOSTROPHE)
    if _possessive_name(last):
        return True  # "the Changelog's episode 441"
    if (
        last.lower() in _FEED_WORDS
        and len(tokens) > 1
        and _possessive_name(tokens[-2].strip(_EDGE_PUNCT_NO_APOSTROPHE))
    ):
        return True  # "Stephan Livera's podcast, episode 433"
    # Walk back over the run of capitalised words ending right before the phrase. A word that
    # starts a sentence is capitalised for grammar, not because it is a name, so it never counts.
    run = 0
    i = len(tokens) - 1
    while i >= 0:
        raw = tokens[i]
        if i < len(tokens) - 1 and raw.endswith((",", *_SENTENCE_END)):
            break  # punctuation ends the name
        word = raw.strip(_EDGE_PUNCT)
        initial = (i == 0 and lo == 0) or (i > 0 and tokens[i - 1].endswith(_SENTENCE_END))
        if _cap_name(word):
            if initial:
                break
            run += 1
        elif not (word.lower() in _NAME_JOINERS and run > 0):
            break
        i -= 1
    if run == 0:
        return False
    if not comma:
        return True  # "from Changelog episode 459", "Star Wars episode 4"
    # Before a comma a name is a show only when it is introduced as one ("This is Talk Python
    # To Me, episode 496", "recorded as Python Bytes, episode 484"); otherwise it is usually an
    # episode title or an addressee ("the Merry Shipmas, episode 33", "Thanks Adam, episode 50").
    return i >= 0 and tokens[i].strip(_EDGE_PUNCT_NO_APOSTROPHE).lower() in _INTRO_WORDS


def _excluded_after(text: str, end: int, own: _OwnShow | None) -> bool:
    """True when the words after the number say it is a TV episode or another show's."""
    if _TV_AFTER_RE.match(text, end):
        return True
    if own is not None and own.after_prep.match(text, end, end + _LOOKAHEAD):
        return False
    m = _OF_NAME_AFTER_RE.match(text, end, end + _LOOKAHEAD)
    if m is not None and _cap_name(m.group("name")):
        return True
    return _SHOW_FEED_AFTER_RE.match(text, end, end + _LOOKAHEAD) is not None


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
    numbers = [m.start() for m in _DIGIT_RUN_RE.finditer(text)]
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
    """(start, end, number) spans of episode mentions in one paragraph's plain text.

    `text[start:end]` is the matched words: "episode number 913" for the first number of a
    phrase, just "915" (or "#915") for later numbers of a list. Spans are sorted and disjoint.
    `show_names` are the current show's names; see the module docstring for what they change.
    """
    return _find_in_text(text, _own_show(_normalise_names(show_names)))


def _find_in_text(text: str, own: _OwnShow | None) -> list[tuple[int, int, int]]:
    """`find_mentions_in_text` with the show-name patterns already looked up."""
    found: list[tuple[int, int, int]] = []
    last_end = 0
    for start, pos, plural, bare, appositive in _heads(text, own):
        if start < last_end:
            continue  # inside a mention already taken (e.g. "Ship It episode 44")
        first = _parse_number(text, pos)
        if first is None:
            continue
        if appositive and text[first[0] : first[0] + 1] not in _APPOSITIVE_END:
            continue  # "in that episode, 20 of us…" is not "the last episode, 20, was…"
        items = [(start, *first)]
        conj_upto = 0  # items up to here are confirmed by an "and"/"or"
        while not appositive and (sep := _LIST_SEP_RE.match(text, items[-1][1])) is not None:
            nxt = _parse_number(text, sep.end())
            if nxt is None:
                break
            items.append((sep.start("item"), *nxt))
            if sep.group("conj1") or sep.group("conj2"):
                conj_upto = len(items)
        items = items[: max(1, conj_upto, len(items) if plural else 1)]
        end = items[-1][1]
        if (not bare and _excluded_before(text, start, own)) or _excluded_after(text, end, own):
            last_end = end
            continue
        found.extend((s, e, n) for s, e, n in items)
        last_end = end
    return found


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


def find_mentions(episode: Episode, *, show_names: Collection[str] = ()) -> tuple[Mention, ...]:
    """Every mention of another episode in `episode`, in reading order.

    `segment_index` indexes `episode.segments()`. A mention of the episode's own number ("This
    is episode number 920" in episode 920) is an introduction, not a cross-reference, and is
    left out.
    """
    names = _normalise_names(show_names)
    found = derived_value(episode, ("mentions", names), functools.partial(_found, names=names))
    return tuple(
        Mention(episode.key, number, index, start, end, words, snippet)
        for index, start, end, number, words, snippet in found
        if number != episode.number
    )


# A mention found in an episode's text, before it is known whose it is (the episode's key and
# number may yet change): segment index, start, end, number, words, snippet.
_Found = tuple[int, int, int, int, str, str]


def _found(episode: Episode, names: tuple[str, ...]) -> tuple[_Found, ...]:
    own = _own_show(names)  # once per episode, not per paragraph
    return tuple(
        (index, start, end, number, segment.text[start:end], _snippet(segment.text, start, end))
        for index, (_turn, segment) in enumerate(episode.segments())
        for start, end, number in _find_in_text(segment.text, own)
    )


def _newest_first(episode: Episode) -> tuple[int, int, int, int, str]:
    """Sort key: date descending (undated last), number descending (unnumbered last), key."""
    date: datetime.date | None = episode.meta.date
    number = episode.number
    return (
        0 if date is not None else 1,
        -date.toordinal() if date is not None else 0,
        0 if number is not None else 1,
        -number if number is not None else 0,
        episode.key,
    )


def link(
    episodes: Sequence[Episode],
    *,
    show_names: Collection[str] = (),
    previous: Archive | None = None,
    network_names: Mapping[str, Collection[str]] | None = None,
) -> Archive:
    """Build the whole-archive graph once every episode has been read. `show_names` are the
    names of the site's own show; `network_names` those of each other show of a network, for
    its episodes' mentions.

    Keys are assumed unique (the build settles them, identity.py); a number several episodes
    share (seasons) is left out of `by_number`. Every index
    is built in a fixed order so identical input gives identical output:

    * `episodes`, `by_key`, `by_number`: newest first (date, then number, descending; then key).
    * `mentions_out`: every episode key (empty tuple when it mentions nothing), in that order.
    * `mentions_in`: only episodes that are mentioned, by key, ordered by show and number
      (a mention means that number of the mentioning episode's own show); each tuple lists
      mentioning episodes newest first, in reading order within an episode.
    * `unresolved`: mentions of numbers the show does not have, in the same order.
    * `speakers`: name (sorted case-insensitively) → the episodes they speak in, newest first.

    With `previous` (an archive linked with the same show names), the mentions of episodes
    that did not change are taken from it instead of being searched for again: the preview
    server relinks the whole archive after every edit.
    """
    kept = _previous_order(episodes, previous)
    ordered = kept if kept is not None else tuple(sorted(episodes, key=_newest_first))
    by_key = {ep.key: ep for ep in ordered}
    by_number = _by_number(ordered)

    mentions_out = {
        ep.key: previous.mentions_out[ep.key]
        if previous is not None and _unchanged(ep, previous)
        else find_mentions(ep, show_names=_names_of(ep, show_names, network_names))
        for ep in ordered
    }
    # After an edit that moved no episode and changed no mention (most edits in `serve`), the
    # graph of mentions is the previous one: it refers to episodes by key and number only.
    if (
        kept is not None
        and previous is not None
        and by_number.keys() == previous.by_number.keys()
        and all(
            mentions is previous.mentions_out[key] or mentions == previous.mentions_out[key]
            for key, mentions in mentions_out.items()
        )
    ):
        mentions_in, unresolved = previous.mentions_in, previous.unresolved
    else:
        mentions_in, unresolved = _mention_graph(mentions_out, by_key, by_number)
    return Archive(
        episodes=ordered,
        by_key=by_key,
        by_number=by_number,
        mentions_out=mentions_out,
        mentions_in=mentions_in,
        unresolved=unresolved,
        speakers=_appearances(ordered, by_key, previous if kept is not None else None),
    )


def _names_of(
    episode: Episode,
    show_names: Collection[str],
    network_names: Mapping[str, Collection[str]] | None,
) -> Collection[str]:
    show = episode.meta.show
    if show is None or network_names is None:
        return show_names
    return network_names.get(show, (show,))


def _by_number(ordered: Sequence[Episode]) -> dict[tuple[str | None, int], Episode]:
    """Episodes by show and number, for numbers only one episode of the show has: in a show
    with seasons, "episode 5" may be any season's, and a mention is better left unlinked than
    linked wrong. Each show of a network has its own numbers."""
    counts = Counter((ep.meta.show, ep.number) for ep in ordered if ep.number is not None)
    return {
        (ep.meta.show, ep.number): ep
        for ep in ordered
        if ep.number is not None and counts[(ep.meta.show, ep.number)] == 1
    }


def _previous_order(
    episodes: Sequence[Episode], previous: Archive | None
) -> tuple[Episode, ...] | None:
    """The previous archive's order, holding `episodes`, when no episode came or went and none
    changed what it is sorted by (sorting 10,000 episodes again is most of a relink)."""
    if previous is None or len(episodes) != len(previous.episodes):
        return None
    given = {ep.key: ep for ep in episodes}
    ordered = []
    for old in previous.episodes:
        new = given.get(old.key)
        if new is None or (new is not old and _newest_first(new) != _newest_first(old)):
            return None
        ordered.append(new)
    return tuple(ordered)


def _mention_graph(
    mentions_out: dict[str, tuple[Mention, ...]],
    by_key: dict[str, Episode],
    by_number: dict[tuple[str | None, int], Episode],
) -> tuple[dict[str, tuple[Mention, ...]], tuple[Mention, ...]]:
    """Incoming mentions per episode key (by show, then number ascending), and the mentions
    of numbers the mentioning episode's show does not have."""
    incoming: dict[tuple[str, int], list[Mention]] = {}
    keys: dict[tuple[str, int], str] = {}
    unresolved: list[Mention] = []
    for source_key, mentions in mentions_out.items():
        show = by_key[source_key].meta.show
        for mention in mentions:
            target = by_number.get((show, mention.target))
            if target is None:
                unresolved.append(mention)
                continue
            order = (show or "", mention.target)
            incoming.setdefault(order, []).append(mention)
            keys[order] = target.key
    return {keys[o]: tuple(incoming[o]) for o in sorted(incoming)}, tuple(unresolved)


def _appearances(
    ordered: tuple[Episode, ...], by_key: dict[str, Episode], previous: Archive | None
) -> dict[str, tuple[Episode, ...]]:
    """Speaker name (sorted case-insensitively) → the episodes they speak in, newest first.
    `previous`: an archive in the same order, whose lists are kept where no episode in them
    changed its speakers (the changed episodes themselves are put in)."""
    if previous is not None:
        changed = [ep for ep in ordered if previous.by_key[ep.key] is not ep]
        if all(ep.speakers == previous.by_key[ep.key].speakers for ep in changed):
            speakers = dict(previous.speakers)
            for name in {name for ep in changed for name in ep.speakers}:
                speakers[name] = tuple(by_key[ep.key] for ep in speakers[name])
            return speakers
    appearances: dict[str, list[Episode]] = {}
    for ep in ordered:
        for name in ep.speakers:
            appearances.setdefault(name, []).append(ep)
    return {name: tuple(appearances[name]) for name in sorted(appearances, key=_speaker_order)}


def _unchanged(episode: Episode, previous: Archive) -> bool:
    old = previous.by_key.get(episode.key)
    # `is` first: most episodes are the very same object; `==` is cheap too, since equal parts
    # are mostly shared objects that tuple comparison checks by identity first.
    return old is not None and (old is episode or old == episode)


def _speaker_order(name: str) -> tuple[str, str]:
    return (name.casefold(), name)
