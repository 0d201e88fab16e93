"""What a file's name and its folder say of the episode in it: its number and season.

Owns the file-name forms of an episode's identity: a season and an episode (`S02E05`, `s2e5`,
`Season 2 Episode 5`, `2x05`, `1_0`), a leading number (`920-title`, `ep05`, `episode-920`), a
trailing number (`ship-it-10`, which counts episodes only in a series: the build decides, from
`trailing_words`), a `season-2/` folder for the season, and generic names (`transcript.md`,
`index.md`) named by their folder. Dates (`2024-05-31-title`, `10_20_2023`) are not numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# File names: `920`, `ep920-slug`, `920-in-case-you-missed-it`, `episode-920` …
_LEADING_NUMBER = re.compile(r"(?:ep(?:isode)?[-_ ]?)?(\d{1,5})(?:[-_ .]|$)", re.IGNORECASE)
# … a season and an episode: `S02E05`, `s2e5`, `show-s02-e05-title`, `Season 2 Episode 5` …
_SEASON_EPISODE = re.compile(
    r"(?:^|[^a-z0-9])s(?:eason)?[-_ .]?(\d{1,3})[-_ .]?e(?:p(?:isode)?)?[-_ .]?(\d{1,4})(?![0-9])",
    re.IGNORECASE,
)
# … `2x05` (not `1920x1080`: a season has at most two digits) …
_CROSS = re.compile(r"(?:^|[^a-z0-9])(\d{1,2})x(\d{1,3})(?![0-9a-z])", re.IGNORECASE)
# … `<season>_<episode>` at the start: `1_0`, `8_5-the-title` (not `10_20_2023`, a date).
_SEASON_UNDERSCORE = re.compile(r"(\d{1,2})_(\d{1,3})(?:$|[-_ .](?!\d))")
# A year and month first (`2024-05-title`, `2024_05_31`): a date, not episode 2024.
_YEAR_MONTH = re.compile(r"(?:19|20)\d\d[-_.]\d\d(?:[-_.]|$)")
# A date written the other way round (`10_20_2023`, `31-05-2024`): not episode 10.
_DAY_MONTH_YEAR = re.compile(r"\d{1,2}[-_.]\d{1,2}[-_.](?:19|20)\d\d(?!\d)")
# Folders that hold one season: `season-2`, `Season 02`, `series_3`, `s2`.
_SEASON_FOLDER = re.compile(r"(?:season|series|s)[-_ ]?(\d{1,3})", re.IGNORECASE)
# Names that say what a file is, not which episode: the folder around it names the episode
# (`april-dunford/transcript.md`, a page bundle).
GENERIC_STEMS = frozenset(
    {"transcript", "index", "episode", "captions", "subtitles", "notes", "show-notes"}
)
# … and `ship-it-10`, `request-for-commits-3`, `BookBytes-035` (no other digits in the name).
_TRAILING_NUMBER = re.compile(r"(?P<words>[^\d]*[^\W\d_])[-_ ](?:ep|episode)?(?P<number>\d{1,5})")
_DATE_STEM = re.compile(r"\d{4}-\d{2}-\d{2}")
# A trailing number after these words counts something else: `silent-payments-part-2`.
_NOT_EPISODE_WORDS = frozenset({"part", "pt", "vol", "volume", "season", "chapter", "take", "v"})


@dataclass(frozen=True, slots=True)
class NameIdentity:
    """What a file's name (and its folder's) says of the episode in it."""

    number: int | None
    season: int | None
    # How the number was read: "season and episode" (`S02E05`, `2x05`, `1_0`), "leading"
    # (`920-title`, `ep05`), "trailing" (`ship-it-10`: only a number when other files of the
    # folder share the words, which the build checks), or "" when there is no number.
    rule: str
    name: str  # the name it was read from: the file's stem, or its folder's for `transcript.md`


def name_identity(path: Path) -> NameIdentity:
    """What the name of the file at `path` says of its episode: season and number, and how
    they were read; a `transcript.md` (or `index.md`, …) is named by its folder. A folder named
    like `season-2` gives the season when the name gives none."""
    name = path.stem
    folder = path.parent
    if name.lower() in GENERIC_STEMS and folder.name:
        name, folder = folder.name, folder.parent
    season_folder = _SEASON_FOLDER.fullmatch(folder.name)
    folder_season = int(season_folder.group(1)) if season_folder else None
    for pattern in (_SEASON_EPISODE, _CROSS):
        match = pattern.search(name)
        if match is not None:
            return NameIdentity(
                int(match.group(2)), int(match.group(1)), "season and episode", name
            )
    match = _SEASON_UNDERSCORE.match(name)
    if match is not None:
        return NameIdentity(int(match.group(2)), int(match.group(1)), "season and episode", name)
    number, rule = _number_in_name(name)
    return NameIdentity(number, folder_season, rule, name)


def number_from_file_name(stem: str) -> int | None:
    """The episode number a file name carries, if any (dates are not numbers)."""
    return name_identity(Path(stem + ".txt")).number


def _number_in_name(stem: str) -> tuple[int | None, str]:
    if _DATE_STEM.match(stem) or _YEAR_MONTH.match(stem) or _DAY_MONTH_YEAR.match(stem):
        return None, ""
    leading = _LEADING_NUMBER.match(stem)
    if leading is not None:
        return int(leading.group(1)), "leading"
    trailing = _TRAILING_NUMBER.fullmatch(stem)
    if trailing is None:
        return None, ""
    last_word = re.split(r"[-_ ]", trailing["words"])[-1].lower()
    if last_word in _NOT_EPISODE_WORDS:
        return None, ""
    return int(trailing["number"]), "trailing"


def trailing_words(stem: str) -> str | None:
    """The words before a trailing number (`ship-it` of `ship-it-10`), lowercased: files that
    share them are a series, so the number counts episodes."""
    trailing = _TRAILING_NUMBER.fullmatch(stem)
    return trailing["words"].lower().strip("-_ ") if trailing is not None else None


# What is left of a name once its number, season and date are taken out: `-v2`, `final` …
_VERSION_WORD = re.compile(
    r"v\d{1,3}|final|draft|edit(?:ed)?|transcript|captions|subtitles", re.IGNORECASE
)
# A slug drops apostrophes: `what-s-new`, `we-ve-moved` are "what's new", "we've moved".
_CONTRACTION_ENDS = frozenset({"s", "t", "ve", "re", "ll", "d", "m"})
_NAME_WORDS = re.compile(r"[^\W_]+(?:['\u2019.][^\W_]+)*")
_DATE_SUFFIX = re.compile(
    r"[-_ .](?:(?:19|20)\d\d[-_.]\d\d(?:[-_.]\d\d)?|\d{1,2}[-_.]\d{1,2}[-_.](?:19|20)\d\d)$"
)
_TWO_LETTERS = re.compile(r"[^\W\d_]{2}")
_DATE_PREFIX = re.compile(
    r"(?:(?:19|20)\d\d[-_.]\d\d(?:[-_.]\d\d)?|\d{1,2}[-_.]\d{1,2}[-_.](?:19|20)\d\d)(?!\d)"
)


def title_words(path: Path) -> tuple[str, ...]:
    """The words of a file's name that describe its episode (`300-a-jupyter-merge-driver-for-git`
    says "a jupyter merge driver for git"): the name without its number, season, date and
    version marks; its folder's for a `transcript.md`. Empty when the name says nothing more
    (`920.txt`), or when what is left names the series rather than the episode (`ship-it-10`,
    the words before a trailing number)."""
    named = name_identity(path)
    name = named.name
    if named.rule == "trailing" or name.lower() in GENERIC_STEMS:
        return ()
    rest = name
    for pattern in (_SEASON_EPISODE, _CROSS):
        match = pattern.search(name)
        if match is not None:
            rest = name[match.end() :]  # before it: the show's name (`show-s02e05-title`)
            break
    else:
        match = _SEASON_UNDERSCORE.match(name)
        if match is not None:
            rest = name[match.end(2) :]
        elif named.rule == "leading":
            leading = _LEADING_NUMBER.match(name)
            rest = name[leading.end() :] if leading is not None else name
        else:
            date = _DATE_PREFIX.match(name)
            rest = name[date.end() :] if date is not None else name
    date = _DATE_SUFFIX.search(rest)
    words = _NAME_WORDS.findall(rest[: date.start()] if date is not None else rest)
    while words and _VERSION_WORD.fullmatch(words[-1]):
        words.pop()
    joined: list[str] = []
    for word in words:
        if joined and word.lower() in _CONTRACTION_ENDS and joined[-1][-1:].isalpha():
            joined[-1] += "'" + word
        else:
            joined.append(word)
    words = joined
    if not any(_TWO_LETTERS.search(word) for word in words):
        return ()  # `1920x1080`: no word in it
    return tuple(words)
