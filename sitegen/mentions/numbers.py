"""Episode numbers as people say them: digits, speech-to-text's splits, and words.

This module owns reading the number at a place in a paragraph's text (`_parse_number`,
`_parse_words`, `_parse_any`: the end of the number and its value, or None when the words
there are not an episode number). The rules, held by tests/mentions/labeled.jsonl:

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
* Numbers in words: one to ninety-nine ("episode twenty-three"), "a hundred and twelve", "one
  hundred four"; and speech-to-text's shapes of a three-digit number: "two 41" (241), "one Oh
  six" / "nine 0 8" (106, 908), "two thirty-seven" (237). A trailing group that counts
  something falls off ("episode one 15 minutes in" is 1). Which words may start one is
  `_FIRST_WORDS`; the phrase scanner (scanner.py) says where a number in words may stand, and
  that a number word followed by `_AFTER_WORD_NUMBER_RE` ("one of us", "one-upped") is not one.

Names with a leading underscore are the mentions package's own, shared by its modules.
"""

from __future__ import annotations

import re

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
