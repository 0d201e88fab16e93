"""Whose episode a mention is: the show names around it, and TV seasons.

This module owns compiling show names into patterns (`_own_show`, `_shows`, cached per set of
names) and deciding, from the words around a phrase, whether its number is the speaking
show's, another show's of the site, or not the site's at all (`_whose`, `_recent_show`). The
rules, held by tests/mentions/labeled.jsonl:

* TV and series: "season 2, episode 1", "S2 episode 3", "series 3 episode 4", "episode 3 of
  season 2" and "episode 2 of 5" (a part within a series) are not mentions.
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
* A sibling named in the 150 characters before a number later than the speaking episode's
  makes it that sibling's ("on the Changelog. That was #450"; `_recent_show`, used by the time
  order rule of scanner.py).

Names with a leading underscore are the mentions package's own, shared by its modules.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

# How far around a match the qualifier checks look. Bounded so every match costs O(1) and a
# paragraph of any length stays linear.
_LOOKBACK = 80
_LOOKAHEAD = 80

# "#", "№", "number", "no.": the optional marker between the keyword and the number. Whitespace
# runs are bounded ({1,3}) so a pathological run of spaces cannot make matching quadratic.
_MARK = (
    r"(?:\s{0,3}(?:\\?\#|№)\s{0,3}|\s{1,3}(?:numbers?|nos?\.|nr\.|num\.?)\s{0,3}(?:\\?\#\s{0,3})?)"
)

# The longest `_OwnShow.bare` match after the name: "'s" (2) + ", episodes" with 3 spaces (12)
# + "," (1) + `_MARK` (18).
_BARE_TAIL_REACH = 33

_WORD_NUMBERS = r"(?:one|two|three|four|five|six|seven|eight|nine|ten)"

# "season 2, " / "S2 " / "series 3 " right before the phrase: a TV episode.
_TV_BEFORE_RE = re.compile(
    rf"""(?:(?<![\w'\u2019])(?:season|series)\s{{0,3}}(?:\d{{1,3}}|{_WORD_NUMBERS}|[ivx]{{1,4}})
    |(?<![\w'\u2019])s\d{{1,2}})(?:['\u2019]s)?\s{{0,3}}[,:;\u2013—-]?\s{{0,3}}$""",
    re.IGNORECASE | re.VERBOSE,
)
# The longest `_TV_BEFORE_RE` match: "series" (6), 3 spaces, "seven" (5), "'s", 3 spaces, "," and
# 3 spaces (12): it is looked for only in the last characters before a phrase.
_TV_BEFORE_REACH = 23
# "episode 3 of season 2", "episode 3, series 2", "episode 2 of 5".
_TV_AFTER_RE = re.compile(
    rf"""\s{{0,3}}[,:]?\s{{0,3}}(?:(?:of|in|from)\s{{1,3}}(?:the\s{{1,3}})?)?(?:season|series)
    \s{{1,3}}(?:\d|{_WORD_NUMBERS}\b)
    |\s{{1,3}}of\s{{1,3}}\d""",
    re.IGNORECASE | re.VERBOSE,
)

# What may stand between a show's name and the phrase after it ("Go Time: episode 5").
_NAME_TRAIL = ",:;\"”'\u2019\u2013—-"
_NAME_TRAIL_SET = frozenset(_NAME_TRAIL)
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
# Words that introduce a show by name: "This is <Show>, episode N", "recorded as <Show>, …".
_INTRO_WORDS = frozenset({"is", "as", "to", "on", "it's", "it\u2019s", "here's", "here\u2019s"})
_EDGE_PUNCT = "\"“”\u2018\u2019'()[]*_,.;:!?"
_EDGE_PUNCT_NO_APOSTROPHE = '"“”\u2018()[]*_,.;:!?'  # keeps the "'s" of a possessive
_NAME_WORD_RE = re.compile(r"[^\W_]+")


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
    name_reach: int  # the longest name `ends_before` matches, with its "'s"
    # The names' last words, lower-cased, bare and with "'s": an ASCII window that ends with
    # none of them holds no name (`_ends_with_name`). None when a last word is not ASCII,
    # whose case `re` may fold to other letters.
    last_words: tuple[str, ...] | None
    after_prep: re.Pattern[str]  # "of/on/in/from [the] <our name>" after the number
    bare: re.Pattern[str]  # "<our name> [episode] [#] N": a mention without "episode"
    bare_reach: int  # the longest possible `bare` match (see _DIGIT_RUN_RE)
    # "<our name> <word>", where a number in words may follow ("JS Party two thirty seven"),
    # looked for only in paragraphs that hold the first word of a name (`first_words`).
    bare_words: re.Pattern[str]
    first_words: tuple[str, ...]
    names_in_bytes: tuple[re.Pattern[bytes], ...]  # what `_phrase_starts` looks for


# Compiled per set of show names (not at import: they come from the caller) and cached, so a
# build compiles them once.
@functools.lru_cache(maxsize=32)
def _own_show(names: tuple[str, ...]) -> _OwnShow | None:
    alternatives = []
    firsts: dict[str, set[tuple[str, ...]]] = {}  # first word -> the words after it, per name
    lasts: set[str] = set()
    longest = 0
    for name in names:
        words = _NAME_WORD_RE.findall(name)
        if words and words[0].casefold() == "the" and len(words) > 1:
            words = words[1:]  # "The Changelog": speakers drop or add "the" freely
        if words:
            firsts.setdefault(words[0], set()).add(tuple(words[1:]))
            lasts.add(words[-1])
            alternatives.append(r"[\W_]{1,3}".join(re.escape(w) for w in words))
            longest = max(longest, sum(map(len, words)) + 3 * (len(words) - 1))
    if not alternatives:
        return None
    # Longest first so "Talk Python To Me" wins over "Talk Python" in the bare form.
    alternatives.sort(key=lambda a: (-len(a), a))
    name = rf"\b(?:{'|'.join(alternatives)})\b"
    return _OwnShow(
        ends_before=re.compile(rf"{name}(?:['\u2019]s)?[\s{_NAME_TRAIL}]*$", re.IGNORECASE),
        name_reach=longest + 2,
        last_words=(
            tuple(sorted({form for w in lasts for form in (w.lower(), f"{w.lower()}'s")}))
            if all(w.isascii() for w in lasts)
            else None
        ),
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
        names_in_bytes=tuple(_name_in_bytes(first, firsts[first]) for first in sorted(firsts)),
    )


def _name_in_bytes(first: str, rests: Collection[tuple[str, ...]]) -> re.Pattern[bytes]:
    """The names that start with the word `first`, in the bytes `_phrase_starts` searches
    (Latin-1, "?" for a character above U+00FF): at least what `bare` and `bare_words` match
    where `_candidates_at` tries them, after a capital ("Go Time", "GO TIME", not the "Go" of
    "Google" or of "Go is fast"). The name's first letter comes first, as a capital, so that
    `re` looks for it as a literal."""
    head, tail = _any_case(first[0]), _any_case(first[1:])
    if first[0].isascii():
        head = re.escape(first[0].upper().encode())  # a name starts with a capital
    # Between words: up to 3 characters that are not letters or digits.
    alternatives = sorted(
        {b"".join(rb"[^A-Za-z0-9\x00]{1,3}" + _any_case(word) for word in rest) for rest in rests},
        key=lambda alternative: (-len(alternative), alternative),  # "Talk Python To Me" first
    )
    return re.compile(
        rb"%s(?<![A-Za-z0-9]%s)%s(?:%s)(?![A-Za-z0-9])"
        % (head, head, tail, b"|".join(alternatives))
    )


def _any_case(word: str) -> bytes:
    """A bytes pattern for `word` in any case: an ASCII letter in either case, any other
    character above U+007F as any byte above 0x7f or "?" (its other case may be another
    character, or above U+00FF)."""
    return b"".join(
        (
            b"[%s%s]" % (ch.lower().encode(), ch.upper().encode())
            if ch.isascii() and ch.isalpha()
            else re.escape(ch.encode())
            if ch.isascii()
            else rb"[\x80-\xff?]"
        )
        for ch in word
    )


def _ends_with_name(show: _OwnShow, window: str) -> re.Match[str] | None:
    """`show.ends_before.search(window)`, tried only where a name can start: one ends where
    the run of spaces and punctuation that ends the window starts. Every phrase asks this of
    each show; searching the whole window would try the pattern at each character."""
    trimmed = window.rstrip()  # what `ends_before` allows after the name: spaces, _NAME_TRAIL
    while trimmed[-1:] in _NAME_TRAIL_SET:
        trimmed = trimmed.rstrip(_NAME_TRAIL).rstrip()
    end = len(trimmed)
    start = max(0, end - show.name_reach)
    if show.last_words is not None:
        tail = window[start:end]
        if tail.isascii() and not tail.lower().endswith(show.last_words):
            return None  # most windows: no regex search needed to know
    return show.ends_before.search(window, start)


def _tv_before(window: str) -> bool:
    """Whether the text before a phrase ends with a TV season ("season 2, ")."""
    start = max(0, len(window) - _TV_BEFORE_REACH)
    tail = window[start:]
    if tail.isascii() and "se" not in tail.lower() and _S_DIGIT_RE.search(tail) is None:
        return False  # neither "season", "series" nor "S2": most phrases, told without `re`
    return _TV_BEFORE_RE.search(window, start) is not None


_S_DIGIT_RE = re.compile(r"[sS]\d")


def _holds_none(window: str, words: tuple[str, ...]) -> bool:
    """Whether an ASCII `window` holds none of `words` (lower-case) in any case, so that a
    pattern that needs one of them need not be tried. False for other text, whose case `re`
    may fold in ways `str.lower` does not."""
    if not window.isascii():
        return False
    lowered = window.lower()
    return not any(word in lowered for word in words)


def _normalise_names(show_names: Collection[str]) -> tuple[str, ...]:
    return tuple(sorted({" ".join(n.split()) for n in show_names if n.strip()}))


def _excluded_before(text: str, start: int, own: _OwnShow | None) -> bool:
    """True when the words before the phrase say it is a TV episode or another show's."""
    lo = max(0, start - _LOOKBACK)
    window = text[lo:start]
    if _tv_before(window):
        return True
    if own is not None and _ends_with_name(own, window):
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


# "on my podcast, episode 9", "his show, episode 20": the guest's show.
_THEIR_SHOW_RE = re.compile(r"\b(?:my|his|her|their)\s+(?:own\s+)?(?:podcast|show)\b", re.I)
# "Over on episode 271": said of another show.
_OVER_ON_RE = re.compile(r"\bover\s+(?:on|at|in)\s{1,3}$", re.IGNORECASE)
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


def _whose(text: str, start: int, end: int, shows: _Shows) -> tuple[str | None, str]:
    """("", "") for the speaking show's own episode, (show id, "") for another show's of the
    site, (None, why) for an episode that is not one of the site's."""
    lo = max(0, start - _LOOKBACK)
    window = text[lo:start]
    if _tv_before(window) or _TV_AFTER_RE.match(text, end):
        return None, "a TV season, or a part of a series"
    if shows.own is not None and _ends_with_name(shows.own, window):
        return "", ""
    for show, patterns, _ in shows.siblings:
        if _ends_with_name(patterns, window):
            return show, ""
    if shows.own is not None and shows.own.after_prep.match(text, end, end + _LOOKAHEAD):
        return "", ""
    for show, patterns, _ in shows.siblings:
        if patterns.after_prep.match(text, end, end + _LOOKAHEAD):
            return show, ""
    others = shows.others
    if others is not None and (
        _ends_with_name(others, window) or others.after_prep.match(text, end, end + _LOOKAHEAD)
    ):
        return None, "another show's (other_shows)"
    if not _holds_none(window, ("podcast", "show")) and _THEIR_SHOW_RE.search(window):
        return None, "a guest's own show"
    if not _holds_none(window, ("over",)) and _OVER_ON_RE.search(window):
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
