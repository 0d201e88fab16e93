"""Episode cross-references: the phrases people use to refer to other episodes, and the graph.

This module owns two things and nothing else:

* finding mentions ("episode 913", "ep. #913", "show number 131", "episodes 19, 26 and 38",
  speech-to-text's "episode 9 0 8", "episode two 41", "Go Time #9") in a paragraph's plain
  text, with the show each names, the rule that found it and the near misses it rejected
  (`scan_text`, `explain_mentions`: what `sitegen check --mentions` shows), and
* building the whole-archive graph (`link`): newest-first order, lookups by key and number,
  mentions out, backlinks in, unresolved mentions and the speakers index.

It must not do I/O, know a file format, produce markup or URLs, or mutate the model: readers
give it `Episode` values, and render/feeds read the `Archive` it returns. Every other module
that needs to know what an episode reference looks like asks this one.

Rules (what counts as a mention) — each one is a decision about real transcripts, held by the
hand-labeled lines of tests/mentions/labeled.jsonl (tests/test_mentions_labeled.py):

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
  3 guests", "90 podcast episodes") is not an episode number.
* Lists: "episodes 913 and 915", "episode 3 or 4", "episodes 19, 26, and 38" give one mention
  per number; a comma-only list ("episodes 50, 51") only after the plural "episodes", because
  "episode 10, 20 of them" is not a list. Each number after the first is its own span.
* Appositive: "the last episode, 77, was with DHH" is 77 — only when the number is closed by
  punctuation, so "in that episode, 20 of us…" is not.
* TV and series: "season 2, episode 1", "S2 episode 3", "series 3 episode 4", "episode 3 of
  season 2" and "episode 2 of 5" (a part within a series) are not mentions.
* Numbers in words, after "episode(s)"/"ep": one to ninety-nine ("episode twenty-three"),
  "a hundred and twelve", "one hundred four"; and speech-to-text's shapes of a three-digit
  number: "two 41" (241), "one Oh six" / "nine 0 8" (106, 908), "two thirty-seven" (237). A
  trailing group that counts something falls off ("episode one 15 minutes in" is 1). A number
  word that is a pronoun or a count is not a number: "episode one of us", "that episode
  one-upped", "one more", "two people", "two years".
* "#N" without "episode" ("#" or Markdown's escaped "\\#"): a mention only after a word that
  refers to an episode ("in #51", "it's #18, or #19", "was #450", "the … show, #163",
  "Remember #42") and never within a few words after "PR", "pull request", "issue", "tip",
  "item", "pick", "line", "RFC", "PEP": "the #1 podcast", "trending #1", "PR #378" are not.
* Shows. `show_names` are the speaking show's names, `siblings` those of the site's other
  shows (by id; a network), `other_shows` those of shows outside the site (sitegen.toml).
  A mention qualified by a name is that show's: a mention of a sibling is a link to that
  show's episode ("Go Time episode 163" said on JS Party), one of an other show or of an
  unknown name is not a mention. Qualified means: the name right before the phrase ("from
  Changelog episode 459", "Star Wars episode 4"; at the start of a sentence too, when the
  word is not one sentences start with: "Syntax episode 500", but not "So episode 5",
  "Preparing episode 33"), or before a comma when introduced as one ("This is Talk Python To
  Me, episode 496", "recorded as Python Bytes, episode 484", "On Test and Code, episode 150"
  — but not "the Merry Shipmas, episode 33", a title); a capitalised possessive ("the
  Changelog's episode 441", "Stephan Livera's podcast, episode 433"; not "It's episode 5");
  after the number "of [the] <Name>" ("episode 441 of the Changelog") or "on/in/from [the]
  <Name>'s ..." / "<Name> feed|podcast|show|channel"; "my/his/her/their podcast" before
  it (a guest's show); "over on episode 271" (another show). "<Show> 44" and "<Show> #33"
  (no "episode") are mentions for the speaking show and siblings, "<our show> two thirty
  seven" for the speaking show; "<Show> 2021" is a year.
* Time order (when the speaking episode's number is known). A self-introduction with another
  number ("welcome to episode 90, one" in 91, "this is episode 149, no wait, 150", "we're on
  episode 13, 14") is not a mention, nor is the episode's own number. A number later than
  the speaking episode's cannot be its show's past: it is a sibling's when a sibling was
  named in the 150 characters before ("on the Changelog. That was #450"), else it is kept
  only when it is one of the next ten (recorded ahead, or planned: "Episode 50?" on 40) or
  said as to come ("next", "upcoming", "will", "'ll", "coming", "preparing", "later", …);
  otherwise it is another show's ("one of them is episode 93" on 51) and not a mention.
* Doubt: "episode 11 or issue 11" is not a mention.
* What no rule can see, the episode's metadata says: `mentions: {add: [...], ignore: [...]}`
  (readers/metadata.py), applied by `find_mentions`.

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
from typing import NamedTuple

from sitegen.model import Archive, Episode, Mention

__all__ = [
    "Found",
    "FoundMention",
    "NamesKey",
    "NearMiss",
    "explain_mentions",
    "find_mentions",
    "find_mentions_in_text",
    "found_mentions",
    "link",
    "names_key",
    "scan_text",
]

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
# + "," (1) + `_MARK` (18).
_BARE_TAIL_REACH = 33

# A number that is not part of a longer number, a clock, a decimal or a fraction.
_NUMBER_RE = re.compile(r"(?:[1-9],\d{3}|\d{1,4})(?!\d|[,.:/]\d)")
# One more group of a number split by speech recognition: "9 0 8".
_SPLIT_GROUP_RE = re.compile(r" (\d{1,2})(?!\d|[,.:/]\d)")

# Nouns that make the number before them a count or a duration, not an episode number.
_QUANTITY_RE = re.compile(
    r"""\s{0,2}(?:%|(?:times|minutes?|mins?|seconds|secs?|hours?|hrs?|days|weeks|months|years
    |people|guests|things|ways|reasons|tips|steps|points|percent|episodes|items|questions
    |parts|hundred|thousand|million|billion|podcasts?|comments|listeners|downloads
    |subscribers)\b)""",
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
# Words a sentence starts with right before "episode" that are not names. Compared in lower
# case; a capitalised word at the start of a sentence that is not one of these names a show.
# fmt: off
_STARTERS = _NOT_NAMES | frozenset({
    "so", "and", "but", "or", "yeah", "yes", "no", "listen", "check", "see", "hear", "try",
    "revisit", "since", "after", "before", "during", "like", "um", "uh", "oh", "okay", "well",
    "now", "then", "also", "because", "when", "if", "hey", "wow", "again", "actually",
    "basically", "anyway", "anyways", "right", "sure", "great", "cool", "maybe", "plus", "even",
    "just", "only", "once", "until", "about", "around", "by", "with", "as", "was", "is", "it's",
    "that's", "there's", "where", "who", "how", "why", "go", "did", "do", "does", "have", "had",
    "has", "we", "you", "they", "he", "she", "it", "all", "both", "any", "some", "good", "best",
    "favourite", "favorite", "fun", "funny", "old", "older", "new", "newer", "original", "full",
    "entire", "upcoming", "coming", "today's", "tonight's", "exactly", "indeed", "hmm",
    "stay", "tune", "for", "one", "two", "three", "prior", "final", "penultimate", "start",
})
# fmt: on
# Words whose "'s" is "is": "It's episode 5", "That's episode 5".
_CONTRACTED = frozenset(
    {"it", "that", "what", "there", "here", "who", "he", "she", "let", "where", "how"}
)
# Lower-case words that may sit inside a show name ("Talk Python to Me", "Request for Commits").
_NAME_JOINERS = frozenset({"to", "for", "of", "the", "and", "&", "on", "in", "a"})
_FEED_WORDS = frozenset({"podcast", "show", "feed", "channel"})
_SENTENCE_END = tuple('.!?:;…"“”(')
_STOPS = tuple(".!?:;…")
# An appositive number ("the last episode, 77, was…") must be closed by punctuation or the end.
_APPOSITIVE_END = frozenset({"", ",", ".", ";", ":", "!", "?", ")", "—", "\u2013"})
# Words that introduce a show by name: "This is <Show>, episode N", "recorded as <Show>, …".
_INTRO_WORDS = frozenset({"is", "as", "to", "on", "it's", "it\u2019s", "here's", "here\u2019s"})
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


def _unknown_starter(word: str) -> bool:
    """True for a capitalised word that is not one a sentence often starts with before
    "episode" ("So episode 5", "Listen to…", "Preparing episode 33"): at the start of a
    sentence it is then a name."""
    lower = word.lower().replace("\u2019", "'").rstrip(".")
    return lower not in _STARTERS and not lower.endswith(("ing", "ed"))


def _possessive_name(word: str) -> bool:
    """True for "Changelog's": a capitalised possessive."""
    stem = word[:-2] if word.endswith(("'s", "\u2019s")) else ""
    return _cap_name(stem) and stem.lower() not in _CONTRACTED  # "It's episode 5" is "it is"


@dataclass(frozen=True, slots=True)
class _OwnShow:
    """Patterns for the current show's own names (from the caller's `show_names`)."""

    ends_before: re.Pattern[str]  # the text before a phrase ends with our name
    after_prep: re.Pattern[str]  # "of/on/in/from [the] <our name>" after the number
    bare: re.Pattern[str]  # "<our name> [episode] [#] N": a mention without "episode"
    bare_reach: int  # the longest possible `bare` match (see _DIGIT_RUN_RE)
    # "<our name> <word>", where a number in words may follow ("JS Party two thirty seven"),
    # looked for only in paragraphs that hold the first word of a name (`first_words`).
    bare_words: re.Pattern[str]
    first_words: tuple[str, ...]


# Compiled per set of show names (not at import: they come from the caller) and cached, so a
# build compiles them once.
@functools.lru_cache(maxsize=32)
def _own_show(names: tuple[str, ...]) -> _OwnShow | None:
    alternatives = []
    firsts = set()
    longest = 0
    for name in names:
        words = _NAME_WORD_RE.findall(name)
        if words and words[0].casefold() == "the" and len(words) > 1:
            words = words[1:]  # "The Changelog": speakers drop or add "the" freely
        if words:
            firsts.add(words[0])
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
            ,?(?:{_MARK}|\s{{1,3}}|(?<=\.))(?=\d)""",
            re.IGNORECASE | re.VERBOSE,
        ),
        bare_reach=longest + _BARE_TAIL_REACH,
        bare_words=re.compile(rf"(?<![\w/@\\.-]){name}(?:['\u2019]s)?\s{{1,3}}(?=[A-Za-z])"),
        first_words=tuple(sorted(firsts)),
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
                if run == 0 and i == len(tokens) - 1 and not comma and _unknown_starter(word):
                    run = 1  # "Syntax episode 500": a name even where a sentence starts
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
    # The word before the name, or the first word of the run when it is a preposition the
    # run took in as part of a name ("On Test and Code, episode 150").
    before = tokens[i] if i >= 0 else ""
    first = tokens[i + 1]
    return before.strip(_EDGE_PUNCT_NO_APOSTROPHE).lower() in _INTRO_WORDS or (
        first[:1].isupper() and first.strip(_EDGE_PUNCT_NO_APOSTROPHE).lower() in _INTRO_WORDS
    )


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


# --- numbers said as words -----------------------------------------------------------------------

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9,
}  # fmt: skip
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
# How speech-to-text writes the "oh" of "nine oh eight".
_ZEROS = frozenset({"oh", "o", "zero", "0"})
# The words a number may start with ("a" only as in "a hundred and twelve").
_FIRST_WORDS = frozenset({*_UNITS, *_TEENS, *_TENS, "a"})
_TOKEN_RE = re.compile(r"[A-Za-z]+|\d{1,2}(?!\d|[,.:/]\d)")
_TOKEN_SEP_RE = re.compile(r" {1,2}|-(?=[A-Za-z])")
# "episode one" followed by these is a pronoun or a count: "episode one of us", "one more",
# "one-upped".
_AFTER_WORD_NUMBER_RE = re.compile(
    r"""-\w|\s{1,2}(?:of|more|day|days|thing|things|time|last|other|another|way|point|guy
    |person|year|years|month|months|week|weeks|big|little)\b""",
    re.IGNORECASE | re.VERBOSE,
)
# "episode" / "ep." and a word: where a number in words may follow.
_WORD_HEAD_RE = re.compile(
    r"(?<![\w/@\\.-])(?:episodes?|eps?\.?)(?:\s{1,3}(?:numbers?\s{1,3})?|(?<=\.))(?=[A-Za-z])",
    re.IGNORECASE,
)
_FIRST_WORD_RE = re.compile(r"[A-Za-z]+")


def _parse_words(text: str, pos: int) -> tuple[int, int] | None:
    """(end, value) of a number said in words at `pos` ("twenty-three", "a hundred and
    twelve"), or in speech-to-text's shapes of a three-digit number ("two 41", "one Oh six",
    "two thirty-seven"); None when there is none or it counts something ("two people")."""
    tokens: list[tuple[str, int]] = []
    i = pos
    while len(tokens) < 6:
        m = _TOKEN_RE.match(text, i)
        if m is None:
            break
        tokens.append((m.group().lower(), m.end()))
        sep = _TOKEN_SEP_RE.match(text, m.end())
        if sep is None:
            break
        i = sep.end()
    words = [t for t, _ in tokens]
    value, used, split = _words_value(words)
    if not used:
        return None
    end = tokens[used - 1][1]
    if split and _QUANTITY_RE.match(text, end):
        value, used = _UNITS[words[0]], 1  # "episode one 15 minutes in": 15 counts minutes
        end = tokens[0][1]
    if _QUANTITY_RE.match(text, end):
        return None
    return end, value


def _below_100(words: list[str], k: int) -> tuple[int, int]:
    """(value, words used) of a number under 100 starting at words[k]; (0, 0) for none."""
    word = words[k] if k < len(words) else ""
    if word in _TENS:
        if k + 1 < len(words) and words[k + 1] in _UNITS:
            return _TENS[word] + _UNITS[words[k + 1]], 2
        return _TENS[word], 1
    if word in _TEENS:
        return _TEENS[word], 1
    if word in _UNITS:
        return _UNITS[word], 1
    return 0, 0


def _words_value(words: list[str]) -> tuple[int, int, bool]:
    """(value, words used, whether it is a speech-to-text split) of the number `words` start
    with; used is 0 when they start none."""
    first = words[0] if words else ""
    if first not in _FIRST_WORDS:
        return 0, 0, False
    if len(words) > 1 and words[1] == "hundred" and (first == "a" or first in _UNITS):
        hundreds = 100 * _UNITS.get(first, 1)
        k = 3 if len(words) > 2 and words[2] == "and" else 2
        rest, n = _below_100(words, k)
        return hundreds + rest, (k + n if n else 2), False
    if first in _UNITS and len(words) > 1:
        hundreds, nxt = 100 * _UNITS[first], words[1]
        if nxt in _ZEROS and len(words) > 2:  # "one oh six", "nine 0 8"
            third = words[2]
            unit = _UNITS.get(third) or (int(third) if third in "123456789" and third else 0)
            if unit:
                return hundreds + unit, 3, True
        if len(nxt) == 2 and nxt.isdigit() and nxt[0] != "0":  # "two 41"
            return hundreds + int(nxt), 2, True
        if nxt in _TENS or nxt in _TEENS:  # "two thirty-seven", "one fifteen"
            rest, n = _below_100(words, 1)
            return hundreds + rest, 1 + n, True
    value, used = _below_100(words, 0)
    return value, used, False


def _parse_any(text: str, pos: int) -> tuple[int, int] | None:
    """`_parse_number` at a digit, `_parse_words` at a letter."""
    return _parse_words(text, pos) if text[pos : pos + 1].isalpha() else _parse_number(text, pos)


# After a list separator, a number in words may be the next item ("episodes five and six").
_WORD_LIST_SEP_RE = re.compile(
    r"""(?:\s{0,2},\s{0,2}(?:(?P<conj1>and|or|&)\s{1,2})?|\s{1,2}(?P<conj2>and|or|&)\s{1,2})
    (?P<item>)(?=[A-Za-z])""",
    re.IGNORECASE | re.VERBOSE,
)

# --- "#N" without "episode" ----------------------------------------------------------------------

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


# --- whose episode -------------------------------------------------------------------------------

# "on my podcast, episode 9", "his show, episode 20": the guest's show.
_THEIR_SHOW_RE = re.compile(r"\b(?:my|his|her|their)\s+(?:own\s+)?(?:podcast|show)\b", re.I)
# "Over on episode 271": said of another show.
_OVER_ON_RE = re.compile(r"\bover\s+(?:on|at|in)\s{1,3}$", re.IGNORECASE)
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
# How far back a show's name said recently still tells whose a number is ("on the Changelog.
# That was #450").
_RECENT_NAME = 150


@dataclass(frozen=True, slots=True)
class _Shows:
    """Compiled names: the speaking show's, the site's other shows' (by id), and those of
    shows not in the site (`other_shows`)."""

    own: _OwnShow | None
    own_said: re.Pattern[str] | None
    siblings: tuple[tuple[str, _OwnShow, re.Pattern[str]], ...]  # id, patterns, "said lately"
    others: _OwnShow | None
    others_said: re.Pattern[str] | None


def _said(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """A show's names said anywhere, capitalised as in `names` (as a name is written)."""
    alternatives = sorted(
        (r"[\W_]{1,3}".join(map(re.escape, _NAME_WORD_RE.findall(n))) for n in names),
        key=lambda a: (-len(a), a),
    )
    alternatives = [a for a in alternatives if a]
    if not alternatives:
        return None
    return re.compile(rf"(?<![\w/.])(?:{'|'.join(alternatives)})(?![\w/]|\.\w)")


@functools.lru_cache(maxsize=64)
def _shows(
    names: tuple[str, ...],
    siblings: tuple[tuple[str, tuple[str, ...]], ...],
    others: tuple[str, ...],
) -> _Shows:
    compiled = []
    for show, sibling_names in siblings:
        patterns, said = _own_show(sibling_names), _said(sibling_names)
        if patterns is not None and said is not None:
            compiled.append((show, patterns, said))
    return _Shows(_own_show(names), _said(names), tuple(compiled), _own_show(others), _said(others))


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


def _whose(text: str, start: int, end: int, shows: _Shows) -> tuple[str | None, str]:
    """("", "") for the speaking show's own episode, (show id, "") for another show's of the
    site, (None, why) for an episode that is not one of the site's."""
    lo = max(0, start - _LOOKBACK)
    window = text[lo:start]
    if _TV_BEFORE_RE.search(window) or _TV_AFTER_RE.match(text, end):
        return None, "a TV season, or a part of a series"
    if shows.own is not None and shows.own.ends_before.search(window):
        return "", ""
    for show, patterns, _ in shows.siblings:
        if patterns.ends_before.search(window):
            return show, ""
    if shows.own is not None and shows.own.after_prep.match(text, end, end + _LOOKAHEAD):
        return "", ""
    for show, patterns, _ in shows.siblings:
        if patterns.after_prep.match(text, end, end + _LOOKAHEAD):
            return show, ""
    others = shows.others
    if others is not None and (
        others.ends_before.search(window) or others.after_prep.match(text, end, end + _LOOKAHEAD)
    ):
        return None, "another show's (other_shows)"
    if _THEIR_SHOW_RE.search(window):
        return None, "a guest's own show"
    if _OVER_ON_RE.search(window):
        return None, '"over on": another show\'s'
    if _excluded_before(text, start, None) or _excluded_after(text, end, None):
        return None, "a name right before or after it that is not this show's"
    return "", ""


def _recent_show(text: str, start: int, shows: _Shows) -> tuple[str, bool]:
    """The show of the site last named before `start` (within _RECENT_NAME), and whether a
    show outside the site was named after it: ("", False) when none was."""
    window = text[max(0, start - _RECENT_NAME) : start]
    best, where = "", -1
    for show, _, said in shows.siblings:
        for m in said.finditer(window):
            if m.start() > where:
                best, where = show, m.start()
    if shows.own_said is not None and any(
        m.start() > where for m in shows.own_said.finditer(window)
    ):
        best = ""  # our own name said since: the number stays ours
    other_after = False
    if shows.others_said is not None:
        other_after = any(m.start() > where for m in shows.others_said.finditer(window))
    return best, other_after


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


# The names `_shows` compiles, as plain tuples (an episode's summary records those its mentions
# were found with, and the parse cache stores it as JSON): own names, (show id, names) per
# sibling, other shows' names.
NamesKey = tuple[tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...], tuple[str, ...]]


def names_key(
    show_names: Collection[str],
    siblings: Mapping[str, Collection[str]] | None,
    other_shows: Collection[str],
) -> NamesKey:
    sibling_names = tuple(
        sorted((show, _normalise_names(names)) for show, names in (siblings or {}).items())
    )
    return _normalise_names(show_names), sibling_names, _normalise_names(other_shows)


def _context(
    show_names: Collection[str],
    siblings: Mapping[str, Collection[str]] | None,
    other_shows: Collection[str],
) -> _Shows:
    return _shows(*names_key(show_names, siblings, other_shows))


def _scan(text: str, shows: _Shows, number: int | None) -> tuple[list[Found], list[NearMiss]]:
    found: list[Found] = []
    missed: list[NearMiss] = []
    last_end = 0
    for start, pos, plural, rule, named, appositive in _candidates(text, shows):
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
    if shows.own is not None and (own := shows.own.ends_before.search(window)) is not None:
        window = window[: own.start()]
    intro = _INTRO_RE.search(window) is not None
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


def find_mentions(
    episode: Episode,
    *,
    show_names: Collection[str] = (),
    siblings: Mapping[str, Collection[str]] | None = None,
    other_shows: Collection[str] = (),
) -> tuple[Mention, ...]:
    """Every mention of another episode in `episode`, in reading order.

    `segment_index` indexes `episode.segments()`. A mention of the episode's own number ("This
    is episode number 920" in episode 920) is an introduction, not a cross-reference, and is
    left out. `siblings` and `other_shows` are as for `scan_text`.
    """
    key = names_key(show_names, siblings, other_shows)
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
    for index in _worth_scanning(texts, shows):
        text = texts[index]
        found += [
            (index, f.start, f.end, f.number, f.show, f.rule, text[f.start : f.end],
             _snippet(text, f.start, f.end))
            for f in _scan(text, shows, number)[0]
        ]  # fmt: skip
    return tuple(found)


def _worth_scanning(texts: Sequence[str], shows: _Shows) -> Sequence[int]:
    """Indexes of the paragraphs that may hold a mention, in order: those where "episode",
    "ep", "eps", "show" with a marker or "#" starts a word, or a show's name is followed by a
    number ("Talk Python 300", "JS Party two thirty seven").

    Every phrase starts with one of these, so the other paragraphs need no scan, and finding
    them in the whole episode's text at once costs a fraction of scanning each paragraph
    (hundreds in a one-hour episode), which is most of what `link` spends. The search runs
    on the UTF-8 bytes of the text, lower-cased: `bytes.find` is several times faster than
    `str.find` on text with a character above U+00FF (a "♪"), and lower-casing bytes touches
    only ASCII letters, the letters of the phrases. The paragraphs found are scanned whole.
    """
    joined = "\0".join(texts)
    data = joined.encode("utf-8", "surrogatepass")
    if data.count(b"\0") != len(texts) - 1:
        return range(len(texts))  # a NUL in the text itself: no separator to trust
    lowered = data.lower()
    hits = [
        m.start()
        for pattern in _HEADS_IN_BYTES
        for m in pattern.finditer(lowered)
        if m.start() == 0 or not lowered[m.start() - 1 : m.start()].isalnum()
    ]
    for patterns in (shows.own, *(p for _, p, _ in shows.siblings)):
        if patterns is None:
            continue
        reach = 2 * patterns.bare_reach + _NAME_WORD_REACH  # bytes: a character may be 2-4
        for word in {first.encode() for first in patterns.first_words}:
            at = data.find(word)  # as written: "<Show> 44" needs its capital
            while at >= 0:
                if _NUMBER_AHEAD_RE.search(lowered, at, at + reach):
                    hits.append(at)
                at = data.find(word, at + 1)
    if not hits:
        return ()
    hits.sort()
    found: list[int] = []
    index, counted = 0, 0
    for at in hits:
        index += data.count(b"\0", counted, at)
        counted = at
        if not found or found[-1] != index:
            found.append(index)
    return found


# What `_worth_scanning` looks for in lower-cased bytes: the start of a phrase with a number (in
# digits or words) after it. A byte above 0x7f may be a space or a digit of another script, or
# "№", which only ever follows "episode" or "show".
# Each pattern starts with a literal, which `re` finds as fast as `bytes.find`.
_HEADS_IN_BYTES = (
    re.compile(
        rb"""ep(?:isodes?|s)?\.?(?:,|[\s\x80-\xff]{0,3}(?:\\?\#|numbers?|nos?\.|nr\.|num\.?)?)
        [\s\x80-\xff]{0,3}(?:\\?\#[\s\x80-\xff]{0,3})?(?:[0-9\x80-\xff]|(?:a|one|two|three|four
        |five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen
        |eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b)""",
        re.VERBOSE,
    ),
    re.compile(rb"shows?\s{0,3}(?:\\?#|\xe2\x84\x96|n)"),
    re.compile(rb"#"),
)
# After a show's name, what a mention needs within reach: a digit (of any script: a byte above
# 0x7f), "#", or a word a number in words starts with ("JS Party two thirty seven").
_NUMBER_AHEAD_RE = re.compile(
    rb"[0-9#\x80-\xff]|\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    rb"|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty"
    rb"|sixty|seventy|eighty|ninety)\b"
)
_NAME_WORD_REACH = 16  # "<Show>'s   " before a number word: beyond the bare reach


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
    other_shows: Collection[str] = (),
) -> Archive:
    """Build the whole-archive graph once every episode has been read. `show_names` are the
    names of the site's own show; `network_names` those of each show of a network (by id), for
    its episodes' mentions, which may name each other; `other_shows` the names of shows not in
    the site, whose episodes are not linked.

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
        else find_mentions(
            ep,
            show_names=_names_of(ep, show_names, network_names),
            siblings=_siblings_of(ep, network_names),
            other_shows=other_shows,
        )
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


def _siblings_of(
    episode: Episode, network_names: Mapping[str, Collection[str]] | None
) -> Mapping[str, Collection[str]] | None:
    """The names of the other shows of the site, by id, for an episode of a network."""
    show = episode.meta.show
    if show is None or not network_names:
        return None
    return {other: names for other, names in network_names.items() if other != show}


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
        source_show = by_key[source_key].meta.show
        for mention in mentions:
            show = mention.target_show or source_show
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
