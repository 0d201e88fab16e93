"""What may start a transcript paragraph: a speaker label and/or a clock at the start of a line.

Owns the line grammar shared by the plain-text and Markdown readers, and the rule for telling a
speaker label from prose. It sees one line at a time and never decides alone whether a bare
`Name: text` is a speaker; `SpeakerRule` decides that once the whole file has been seen.

Forms recognised at the start of a (stripped) line:

- clock first: `00:03 text`, `[00:01:23] text`, `\\[04:33\\] text` (escaped Markdown),
  optionally followed by a speaker: `**Name**` (orbit.fm), `<v Name>` (WebVTT voices pasted into
  text), or `Name:` (a *weak* label, see below);
- `**Name:** text` / `**Name**: text` (Markdown), optionally followed by a clock;
- `[Speaker 1] [00:00] text` (a bracketed name counts only when a clock follows: `[laughs]`
  must stay text);
- `Name (00:01:23): text` and `Name (00:01:23)` with the text on the next lines;
- `Full Name (AB): text`, which also defines `AB` as an abbreviation of `Full Name`;
- `Name: 00:03 text` and `Name: 00:00:20` with the text on the next lines;
- `Name  0:01:23` (Otter: name and clock alone on a line, text on the next lines);
- `Name: text` with no clock: a weak label.

The speaker-name rule. A label bound to a clock, to bold, to brackets or to an abbreviation is
a *strong* label and only has to look like a name: 1-60 characters, at most 6 words, no
sentence punctuation (`, ; ? !` or quotes), not a clock, not a common prose label (`Note`,
`Update`, `Source`…), and when longer than 3 words at least half of its words capitalised. A
weak `Name: text` label must look more like a name: 1-5 words, the first capitalised, the
others capitalised, numbers (`Speaker 2`) or name particles (`van`, `de`…), made of letters,
digits, apostrophes, `.` and `-` only, and not followed by a bare URL only. Then `SpeakerRule`
accepts it only when the file confirms it: the same label starts two or more lines, or it is a
known name (a strong label elsewhere, a front matter `speakers`/`guests`/`hosts` entry, a
defined abbreviation), or most paragraphs of the file start with weak labels (a `Name: text`
transcript) and the label is at most 3 words without digits. So `Note: this is…`, a lone
`Tools: …` line, `https://…` and `So the answer is: yes` stay text.

Impossible clocks. Where one of these forms has its clock, a token shaped like a clock that is
none (`99:99`, `00:7`: `timecode.impossible_clock`) is remembered as `Prefix.bad_clock` and
kept as text: the line still starts a paragraph (with its speaker, when the form names one),
the paragraph has no clock, and turns.py reports the token. Only the clock positions count, so
`John 3:16` and `at 10:75 we` in prose are never clocks. (The Otter form, a name and a clock
alone on a line, must also read `Psalm 23:1` as text: there only seconds of 60 or more count.)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from sitegen.readers.timecode import CLOCK_PATTERN, CLOCK_SHAPE, impossible_clock, parse_clock

# Each regex below stops where the paragraph text starts: that text is `line[match.end():]`
# (a line has no newline), which is cheaper than capturing it with `.*`, a scan of every line.

# A clock at the very start of the text: bare and followed by whitespace, or bracketed
# (optionally Markdown-escaped, as in `\[\\00:35:44.27\]` seen in the wild). A bare clock is
# the text's first word, so that word is taken whole and `parse_clock` (cached) says whether it
# is a clock: cheaper than matching CLOCK_PATTERN on every line.
_FIRST_WORD = re.compile(r"(?P<clock>\S+)\s*")
_BRACKETED_CLOCK = re.compile(rf"\\?\[\\*(?P<clock>{CLOCK_SHAPE})\\?\]\s*")
_BOLD_AFTER_CLOCK = re.compile(r"\*\*(?P<name>[^*]{1,60}?)(?::\*\*|\*\*:?)(?:\s+|$)")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+(?P<name>[^>]{1,60})>\s*")
_BOLD = re.compile(r"\*\*(?P<name>[^*]{1,60}?)(?::\*\*|\*\*:)\s*")
_BRACKET_NAME = re.compile(r"\[(?P<name>[^\[\]]{1,60})\]\s*")
_PAREN_CLOCK = re.compile(rf"(?P<name>[^()]{{1,60}}?)\s*\((?P<clock>{CLOCK_SHAPE})\)\s*:?\s*")
_ABBREVIATION = re.compile(r"(?P<name>[^()]{1,60}?)\s+\((?P<abbr>[^\W\d_]{1,4})\):(?:\s+|$)")
# The name runs to the first colon, so its repeat is possessive (`{0,59}+`): on the many lines
# with no colon near the start it gives up at once instead of retrying every shorter name.
_COLON = re.compile(r"(?P<name>[^:\s][^:]{0,59}+):(?:\s+|$)")
_OTTER = re.compile(rf"(?P<name>[^\d\s].{{0,59}}?)\s+(?P<clock>{CLOCK_PATTERN})")
# `FIBRE: https://bitcoinfibre.org/` labels a link; nobody speaks a bare URL.
_BARE_LINK = re.compile(r"<?https?://\S+>?")
_NAME_WORD = re.compile(r"[^\W_][\w'\u2019.\-]*")  # \u2019: typographic apostrophe

_SENTENCE_PUNCTUATION = frozenset(',;?!"“”')
# Lowercase words that belong inside personal names ("Aaron van Wirdum").
_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "da", "di", "du", "del", "della", "la", "le"}
    | {"bin", "ibn", "al", "el", "y", "dos", "das", "ten", "ter"}
)
# Labels that introduce prose, not speech, in show notes and transcripts.
_PROSE_LABELS = frozenset(
    {"note", "notes", "nb", "ps", "p.s", "edit", "update", "updated", "warning", "caution"}
    | {"tip", "example", "examples", "source", "sources", "link", "links", "disclaimer"}
    | {"summary", "transcript", "chapters", "timestamps", "topics", "sponsor", "sponsors"}
    | {"resources", "references", "see also", "related", "episode", "date", "title"}
    | {"description", "tags", "show notes", "full transcript", "http", "https", "ftp", "mailto"}
    | {"time", "times", "recorded", "duration", "length", "runtime", "start", "starts", "end"}
)


@dataclass(slots=True)  # not frozen: one is made per line, and frozen ones are 4x slower to make
class Prefix:
    """What the start of one line says about the paragraph it begins."""

    speaker: str | None
    clock: int | None  # milliseconds
    rest: str  # the text after the label and clock ("" when the text follows on later lines)
    weak: bool = False  # speaker is a bare `Name:` label that SpeakerRule must confirm
    unlabelled: str = ""  # the text to keep when a weak label is refused
    abbreviation: str | None = None  # `Full Name (AB):` defines AB
    bad_clock: str | None = None  # an impossible clock where the clock goes, kept in `rest`


def match_prefix(line: str) -> Prefix | None:
    """The speaker/clock prefix of a stripped line, or None when the line is plain text."""
    found = _clock_first(line)
    if found is not None:
        return found
    first = line[:1]
    if first.isdigit() or first in ("[", "\\"):
        bad = _bad_clock_first(line)
        if bad is not None:
            return bad
    special: Prefix | None = None
    if first == "*":
        special = _bold_first(line)
    elif first == "<":
        special = _voice_first(line, None)
    elif first == "[":
        special = _bracket_name_first(line)
    return special if special is not None else _name_first(line)


def _lead_clock(text: str, start: int = 0) -> tuple[int, str] | None:
    """(milliseconds, text after it) when `text[start:]` starts with a clock."""
    match = _clock_shaped(text, start)
    if match is None:
        return None
    clock = parse_clock(match["clock"])
    return None if clock is None else (clock, text[match.end() :])


def _bad_lead_clock(text: str, start: int = 0) -> str | None:
    """The impossible clock (`99:99`, `[00:7]`) that `text[start:]` starts with, if any: asked
    only where `_lead_clock` found no clock, so the common lines never get here."""
    found = _bad_lead_match(text, start)
    return None if found is None else found["clock"]


def _bad_lead_match(text: str, start: int = 0) -> re.Match[str] | None:
    match = _clock_shaped(text, start)
    if match is None or impossible_clock(match["clock"]) is None:
        return None
    return match


def _clock_shaped(text: str, start: int) -> re.Match[str] | None:
    """The clock-shaped token (`12:34`, `[00:01:02]`, `\\[04:33\\]`) `text[start:]` starts with."""
    # The first character picks the one regex that can match (prose starts with neither).
    first = text[start : start + 1]
    if first.isdigit():
        return _FIRST_WORD.match(text, start)
    if first in ("[", "\\"):
        return _BRACKETED_CLOCK.match(text, start)
    return None


def _bad_clock_first(line: str) -> Prefix | None:
    """`[00:99:05] Ann: text`: the speaker after an impossible clock still counts, and the
    paragraph's text keeps the clock as written, in front."""
    match = _bad_lead_match(line)
    if match is None:
        return None
    found = _after_clock(None, line[match.end() :])
    if found.speaker is None:
        found.rest = line
    else:
        found.rest = f"{line[: match.end()].rstrip()} {found.rest}".rstrip()
    found.unlabelled = line
    found.bad_clock = match["clock"]
    return found


def _clock_first(line: str) -> Prefix | None:
    timed = _lead_clock(line)
    if timed is None:
        return None
    return _after_clock(*timed)


def _after_clock(clock: int | None, rest: str) -> Prefix:
    """The prefix of a line whose clock has been read: the speaker that may follow it."""
    if rest.startswith("*"):
        bold = _BOLD_AFTER_CLOCK.match(rest)
        if bold is not None and is_strong_name(bold["name"]):
            return Prefix(bold["name"].strip(), clock, rest[bold.end() :])
    elif rest.startswith("<"):
        voiced = _voice_first(rest, clock)
        if voiced is not None:
            return voiced
    else:
        colon = _COLON.match(rest)
        if colon is not None and looks_like_name(colon["name"]):
            after = rest[colon.end() :]
            if _BARE_LINK.fullmatch(after) is None:
                return Prefix(colon["name"].strip(), clock, after, True, rest)
    return Prefix(None, clock, rest)


def _voice_first(line: str, clock: int | None) -> Prefix | None:
    match = _VOICE.match(line)
    if match is None or not is_strong_name(match["name"]):
        return None
    return Prefix(match["name"].strip(), clock, line[match.end() :])


def _bold_first(line: str) -> Prefix | None:
    match = _BOLD.match(line)
    if match is None or not is_strong_name(match["name"]):
        return None
    return _with_optional_clock(match["name"], line[match.end() :])


def _bracket_name_first(line: str) -> Prefix | None:
    match = _BRACKET_NAME.match(line)
    if match is None or not is_strong_name(match["name"]):
        return None
    after = line[match.end() :]
    timed = _lead_clock(after)
    if timed is None:
        bad = _bad_lead_clock(after)
        if bad is not None:
            return Prefix(match["name"].strip(), None, after, bad_clock=bad)
        return None  # `[laughs] text`: brackets without a clock are not a label
    return Prefix(match["name"].strip(), timed[0], timed[1])


def _name_first(line: str) -> Prefix | None:
    # The `in` and `isdigit` tests skip regexes that cannot match, and these are the slow ones:
    # each retries every name length up to 60 on a line that does not fit.
    if "(" in line:  # `Name (00:01:23)` and `Full Name (AB):`
        paren = _PAREN_CLOCK.match(line)
        if paren is not None and is_strong_name(paren["name"]):
            clock = parse_clock(paren["clock"])
            if clock is not None:
                return Prefix(paren["name"].strip(), clock, line[paren.end() :])
            if impossible_clock(paren["clock"]) is not None:
                rest = line[paren.end("name") :].strip()
                return Prefix(paren["name"].strip(), None, rest, bad_clock=paren["clock"])
        abbreviated = _ABBREVIATION.match(line)
        if abbreviated is not None:
            name, abbr = abbreviated["name"].strip(), abbreviated["abbr"]
            if is_strong_name(name) and is_abbreviation(abbr, name):
                return Prefix(name, None, line[abbreviated.end() :], abbreviation=abbr)
    colon = _COLON.match(line)
    if colon is not None:
        return _colon_label(line, colon["name"], colon.end())
    # `Name  0:01:23` ends in a clock; str.isdigit accepts every digit `\d` does.
    otter = _OTTER.fullmatch(line) if line[-1:].isdigit() else None
    if otter is not None and is_strong_name(otter["name"]):
        clock = parse_clock(otter["clock"])
        if clock is not None:
            return Prefix(otter["name"].strip(), clock, "")
        # CLOCK_PATTERN has two-digit seconds, so only seconds of 60 or more get here.
        if impossible_clock(otter["clock"]) is not None:
            rest = otter["clock"]
            return Prefix(otter["name"].strip(), None, rest, bad_clock=otter["clock"])
    return None


def _colon_label(line: str, name: str, rest_start: int) -> Prefix | None:
    # The text after the colon is only copied out when it is kept: lines are long.
    timed = _lead_clock(line, rest_start)
    if timed is not None:
        return Prefix(name.strip(), timed[0], timed[1]) if is_strong_name(name) else None
    rest = line[rest_start:]
    bad = _bad_lead_clock(line, rest_start)
    if bad is not None and is_strong_name(name):
        # `Name: 99:99 text`: bound to a clock, however broken, so a strong label.
        return Prefix(name.strip(), None, rest, bad_clock=bad)
    if looks_like_name(name) and _BARE_LINK.fullmatch(rest) is None:
        return Prefix(name.strip(), None, rest, True, line)
    return None


def _with_optional_clock(name: str, rest: str) -> Prefix:
    timed = _lead_clock(rest)
    if timed is not None:
        return Prefix(name.strip(), timed[0], timed[1])
    return Prefix(name.strip(), None, rest, bad_clock=_bad_lead_clock(rest))


@lru_cache(maxsize=4096)  # a file repeats the same few labels hundreds of times
def is_strong_name(name: str) -> bool:
    """Whether a label bound to a clock, bold or brackets can be a speaker name."""
    name = name.strip()
    if not 0 < len(name) <= 60 or _is_prose_label(name):
        return False
    if any(char in _SENTENCE_PUNCTUATION for char in name):
        return False
    if not any(char.isalnum() for char in name) or parse_clock(name) is not None:
        return False
    words = name.split()
    if len(words) > 6:
        return False
    capitalised = sum(1 for word in words if word[0].isupper() or word[0].isdigit())
    return len(words) <= 3 or capitalised * 2 >= len(words)


@lru_cache(maxsize=4096)
def looks_like_name(name: str) -> bool:
    """Whether a bare `Name:` label is shaped like a personal name (see the module docstring)."""
    name = name.strip()
    words = name.split()
    if not 0 < len(words) <= 5 or len(name) > 40 or _is_prose_label(name):
        return False
    if not words[0][0].isupper():
        return False
    for index, word in enumerate(words):
        if _NAME_WORD.fullmatch(word) is None:
            return False
        if index and not (word[0].isupper() or word.isdigit() or word in _PARTICLES):
            return False
    return True


def is_abbreviation(abbr: str, name: str) -> bool:
    """Whether `abbr` abbreviates `name`: its initials ("AvW" for Aaron van Wirdum), or the
    start of a one-word name ("M" for Murch). Guards against `Previous episode (LOT): <url>`."""
    words = name.split()
    wanted = abbr.casefold()
    every = "".join(word[0] for word in words).casefold()
    capitalised = "".join(word[0] for word in words if word[0].isupper()).casefold()
    if wanted in (every, capitalised):
        return True
    return len(words) == 1 and name.casefold().startswith(wanted)


def _is_prose_label(name: str) -> bool:
    return name.casefold().rstrip(".") in _PROSE_LABELS


class SpeakerRule:
    """Decides, for one file, which weak `Name:` labels are speakers (module docstring)."""

    def __init__(self, known: Iterable[str] = ()) -> None:
        self._weak_counts: Counter[str] = Counter()
        self._strong: set[str] = set(known)
        self.abbreviations: dict[str, str] = {}
        self._weak_lines = 0
        self._paragraph_starts = 0
        self._accepted: frozenset[str] | None = None

    def observe(self, prefix: Prefix | None, starts_paragraph: bool) -> None:
        """Count one non-blank line; `starts_paragraph` when it follows a blank line."""
        if prefix is None:
            self._paragraph_starts += starts_paragraph
            return
        self._paragraph_starts += 1
        if prefix.abbreviation is not None and prefix.speaker is not None:
            self.abbreviations.setdefault(prefix.abbreviation, prefix.speaker)
        if prefix.speaker is None:
            return
        if prefix.weak:
            self._weak_counts[prefix.speaker] += 1
            self._weak_lines += 1
        else:
            self._strong.add(prefix.speaker)

    def speaker(self, prefix: Prefix) -> str | None:
        """The accepted speaker of a prefix (abbreviations expanded), or None."""
        if prefix.speaker is None:
            return None
        name = self.abbreviations.get(prefix.speaker, prefix.speaker)
        if not prefix.weak:
            return name
        if self._accepted is None:
            self._accepted = self._decide()
        return name if prefix.speaker in self._accepted else None

    def _decide(self) -> frozenset[str]:
        accepted = {name for name, count in self._weak_counts.items() if count >= 2}
        accepted |= {name for name in self._weak_counts if name in self._strong}
        accepted |= {name for name in self._weak_counts if name in self.abbreviations}
        if self._weak_lines * 2 >= self._paragraph_starts:
            accepted |= {
                name
                for name in self._weak_counts
                if len(name.split()) <= 3 and not any(char.isdigit() for char in name)
            }
        return frozenset(accepted)
