"""Episode metadata: validating front matter and sidecar values, and deriving what is missing.

Owns the keys of DESIGN §2 (`title`, `episode`, `season`, `date`, `audio`, `description`,
`guests`, `draft`, `slug`, `episode_type`), the feed item's `guid`, the podcaster's
`chapters` (where each lands is chapters.py's), the linker's overrides (`mentions: {add: [913,
go-time/163], ignore: [908]}`), the per-episode speaker renames (`speakers:` as a mapping) and
the feed's audio facts (`audio_type`, `audio_length`, `duration`), their types, and the
precedence front matter > sidecar `<stem>.yaml` > file name (what it says is filenames.py's) >
transcript text (> the audio URL's suffix, for `audio_type`). EPISODE_KEYS lists them all.
Unknown keys are not errors (front matter is shared with other tools), but a near miss of a
known key (`titel`, `audio_lenght`) is a warning at its line; a known key with a wrong type is
an error at its line (a warning for `episode_type`, which only loses Apple's label) and the next
source is used instead. Every value not written explicitly is recorded in `derived` as a
sentence for `sitegen check`.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TypeVar
from urllib.parse import unquote, urlsplit

from sitegen.errors import Diagnostic, error, warning
from sitegen.model import Metadata, Segment, Turn
from sitegen.readers.filenames import GENERIC_STEMS, NameIdentity, name_identity, title_words
from sitegen.readers.frontmatter import YamlMapping
from sitegen.readers.timecode import format_clock, parse_clock, time_ms
from sitegen.slugs import slug_or_hash, slugify
from sitegen.suggest import did_you_mean, misspelling_of

# "This is episode number 920", "This is Talk Python To Me, episode 496", "welcome to episode 7".
_SELF_INTRO = re.compile(
    r"\b(?:this is|welcome to|you(?:'|\u2019)re listening to)\b[^.!?]{0,80}?"
    r"\bepisode\s+(?:number\s+|no\.?\s*|#\s*)?(\d{1,5})\b",
    re.IGNORECASE,
)
# The self-introduction is looked for this early in the transcript.
_INTRO_SEGMENTS = 20
_INTRO_MS = 150_000

T = TypeVar("T")

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# `type/subtype` with RFC 6838 name characters; parameters (`; codecs=…`) are not for enclosures.
_MIME_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}")

# The enclosure type podcast apps expect for an audio (or video) file's suffix. A fixed table, not
# `mimetypes`, which reads the machine's /etc/mime.types: the same site must give the same feed
# everywhere. `.m4a` is Apple's `audio/x-m4a` (the type Apple Podcasts documents and every app
# accepts) rather than IANA's `audio/mp4`; `.opus` files are Ogg streams (RFC 7845 §9).
AUDIO_TYPES = {
    ".mp3": "audio/mpeg",
    ".m4a": "audio/x-m4a",
    ".m4b": "audio/x-m4b",
    ".aac": "audio/aac",
    ".ogg": "audio/ogg",
    ".oga": "audio/ogg",
    ".opus": "audio/ogg",
    ".flac": "audio/flac",
    ".wav": "audio/wav",
    ".mp4": "video/mp4",
    ".m4v": "video/x-m4v",
    ".mov": "video/quicktime",
}


# Every key an episode's front matter or sidecar may set: the one list of them, which the
# typo check reads (`titel:` is a warning) and a test holds to the keys this module reads.
EPISODE_KEYS = (
    "title",
    "episode",
    "season",
    "episode_type",
    "show",
    "date",
    "audio",
    "audio_type",
    "audio_length",
    "duration",
    "description",
    "summary",
    "guests",
    "hosts",
    "speakers",
    "draft",
    "slug",
    "mentions",
    "chapters",
    "guid",
)


@dataclass(frozen=True, slots=True)
class Derivation:
    meta: Metadata
    key: str
    derived: tuple[str, ...]
    diagnostics: tuple[Diagnostic, ...]


class _Invalid(ValueError):
    """A metadata value of the wrong type; the message says what was expected."""


def derive_metadata(
    front: YamlMapping | None, sidecar: YamlMapping | None, path: Path, turns: Sequence[Turn]
) -> Derivation:
    """Metadata, URL key and notes on derived values, for one episode file."""
    fields = _Fields([m for m in (front, sidecar) if m is not None])
    for mapping in fields.sources:
        fields.diagnostics.extend(misspelt_keys(mapping, EPISODE_KEYS))
    number = fields.get("episode", _number)
    season = fields.get("season", _number)
    named = name_identity(path)
    derived: list[str] = []
    number_from = "metadata" if number is not None else ""
    if number is None:
        number, number_from = _derive_number(path, named, turns, derived)
    if season is None and named.season is not None and number_from != "transcript":
        season = named.season
        where = "file name" if named.rule == "season and episode" else "folder"
        derived.append(f'season {season} taken from the {where} "{_shown_path(path, where)}"')
    description = fields.get("description", _text)
    if description is None:
        description = fields.summary(derived)
    slug = _slug(fields, path, number is None, derived)
    audio = fields.get("audio", _url)
    audio_type = fields.get("audio_type", _mime_type)
    if audio is not None and audio_type is None:
        audio_type = _derive_audio_type(fields, audio, derived)
    audio_length = fields.get("audio_length", _byte_count)
    # An `audio_length` of the wrong form is an error already: no second word on it.
    if audio is not None and all(m.values.get("audio_length") is None for m in fields.sources):
        _unknown_length(fields)
    overrides = fields.get("mentions", _mention_overrides) or ((), ())
    title = fields.get("title", _text) or _title_from_name(path, turns, derived)
    meta = Metadata(
        title=title,
        episode=number,
        season=season,
        number_from=number_from,
        # A wrong type only loses Apple's label for the episode: a warning, not an error.
        episode_type=fields.get("episode_type", _episode_type, warning),
        show=fields.get("show", _show_id),
        date=fields.get("date", _date),
        audio=audio,
        audio_type=audio_type,
        audio_length=audio_length,
        duration=fields.get("duration", _seconds),
        description=description,
        guests=fields.get("guests", _names) or (),
        draft=fields.get("draft", _bool) or False,
        slug=slug,
        speaker_names=_speaker_names(fields, turns),
        mentions_add=overrides[0],
        mentions_ignore=overrides[1],
        chapters=_chapters(fields),
        guid=fields.get("guid", _guid),
    )
    # The build gives an episode of a show with seasons its season key (identity.py).
    key = str(number) if number is not None else slug
    return Derivation(meta, key, tuple(derived), tuple(fields.diagnostics))


def known_speakers(front: YamlMapping | None, sidecar: YamlMapping | None) -> list[str]:
    """Names the metadata lists (`speakers`, `guests`, `hosts`): they confirm speaker labels."""
    names: list[str] = []
    for mapping in (front, sidecar):
        if mapping is None:
            continue
        for key in ("speakers", "guests", "hosts"):
            value = mapping.values.get(key)
            if isinstance(value, dict):  # `{Speaker 1: Jon Krohn}`: the labels are the speakers
                names.extend(str(label) for label in value if isinstance(label, str | int))
            elif isinstance(value, list):
                names.extend(str(item) for item in value if isinstance(item, str | int))
            elif isinstance(value, str):
                names.append(value)
    return names


def misspelt_keys(mapping: YamlMapping, known: Sequence[str]) -> list[Diagnostic]:
    """A warning at each key of `mapping` that is no key of `known` but a near miss of one
    (`titel`, `Title`, `audio-length`): it would be ignored, and the value meant for the known
    key lost without a word. Other keys (`tags`, `layout`: other tools') pass in silence, and
    so does a near miss whose known key is set too (`speaker:` beside `speakers:`)."""
    warnings: list[Diagnostic] = []
    for key in mapping.values:
        if key in known:
            continue
        meant = misspelling_of(key, known)
        if meant is None or meant in mapping.values:
            continue
        message = f'unknown key "{key}"{did_you_mean(meant)}; ignored'
        line = mapping.lines.get(key, 0)
        warnings.append(warning(mapping.path, line, message, mapping.texts.get(key)))
    return warnings


class _Fields:
    """Looks keys up in front matter, then the sidecar, reporting invalid values."""

    def __init__(self, sources: list[YamlMapping]) -> None:
        self.sources = sources
        self.diagnostics: list[Diagnostic] = []
        self.used: dict[str, YamlMapping] = {}  # key -> the mapping its value came from

    def get(
        self,
        key: str,
        convert: Callable[[object], T],
        kind: Callable[[Path, int, str, str | None], Diagnostic] = error,
    ) -> T | None:
        """The first source's value of `key` that `convert` takes; each it refuses is
        reported (an error unless `kind` says otherwise)."""
        for mapping in self.sources:
            value = mapping.values.get(key)
            if value is None:
                continue
            try:
                converted = convert(value)
            except _Invalid as exc:
                self.report(mapping, key, f"{mapping.label} `{key}` {exc}", kind)
            else:
                self.used[key] = mapping
                return converted
        return None

    def summary(self, derived: list[str]) -> str | None:
        for mapping in self.sources:
            value = mapping.values.get("summary")
            if isinstance(value, str) and value.strip():
                derived.append(f"description taken from the {mapping.label} `summary`")
                return value.strip()
        return None

    def raw_slug(self) -> tuple[str, YamlMapping] | None:
        for mapping in self.sources:
            value = mapping.values.get("slug")
            if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
                return str(value).strip(), mapping
            if value is not None:
                self.report(mapping, "slug", f"{mapping.label} `slug` must be text", error)
        return None

    def report(
        self,
        mapping: YamlMapping,
        key: str,
        message: str,
        kind: Callable[[Path, int, str, str | None], Diagnostic],
    ) -> None:
        line = mapping.lines.get(key, 0)
        self.diagnostics.append(kind(mapping.path, line, message, mapping.texts.get(key)))


def _text(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _Invalid(f"must be text, not {_shown(value)}")
    return str(value).strip()


def _number(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise _Invalid(f"must be a whole number like `episode: 42`, not {_shown(value)}")


def _date(value: object) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _Invalid(f"must be a date written YYYY-MM-DD, not {_shown(value)}")


def _url(value: object) -> str:
    if isinstance(value, str) and value.strip():
        url = value.strip()
        # Only web URLs or relative paths: `javascript:` and the like must never become a link.
        if urlsplit(url).scheme.lower() in ("", "http", "https") and not url.startswith("//"):
            return url
    raise _Invalid(f"must be an http(s) URL or a relative path, not {_shown(value)}")


def _mime_type(value: object) -> str:
    if isinstance(value, str) and _MIME_TYPE.fullmatch(value.strip().lower()):
        return value.strip().lower()
    raise _Invalid(f"must be a MIME type like `audio/mpeg`, not {_shown(value)}")


def _byte_count(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise _Invalid(f"must be the file size in bytes, like `34216300`, not {_shown(value)}")


def _seconds(value: object) -> int:
    # YAML 1.1 reads an unquoted `1:02:03` as the base-60 integer 3723, which is already
    # the number of seconds; a quoted or zero-padded clock ("01:02:03") arrives as text.
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value < 1e9:
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit():
            return int(text)
        ms = parse_clock(text)
        if ms is not None:
            return ms // 1000
    raise _Invalid(
        f"must be seconds or a clock like `1:02:03` (hours:minutes:seconds), not {_shown(value)}"
    )


def audio_type_for(url: str) -> str | None:
    """The MIME type a podcast app expects for an audio URL's file suffix, if it is a known one."""
    # The path only: `…/920.mp3?dest=rss` is MP3; a proxied URL may carry the file name
    # percent-encoded in its last segment (`…/play/https%3A%2F%2Fcdn%2F920.mp3`).
    name = unquote(urlsplit(url).path).rsplit("/", 1)[-1]
    suffix = PurePosixPath(name).suffix.lower()
    return AUDIO_TYPES.get(suffix)


def _derive_audio_type(fields: _Fields, audio: str, derived: list[str]) -> str | None:
    guessed = audio_type_for(audio)
    if guessed is not None:
        derived.append(f'audio type {guessed} guessed from the audio URL "{audio}"')
        return guessed
    mapping = fields.used.get("audio")
    if mapping is not None:
        message = (
            "cannot tell the audio's type from its URL; add `audio_type:` (e.g. `audio/mpeg`)"
            " so podcast apps know how to play it"
        )
        fields.report(mapping, "audio", message, warning)
    return None


def _unknown_length(fields: _Fields) -> None:
    """Warn at `audio` that the feed's enclosure will say `length="0"` (RSS requires a length;
    0 is the RSS Advisory Board's "unknown"), which Apple Podcasts asks to be the file's size."""
    mapping = fields.used.get("audio")
    if mapping is not None:
        message = (
            'the feed\'s enclosure says length="0" (unknown) without `audio_length:`; add the'
            " audio file's size in bytes (e.g. `audio_length: 34216300`), which Apple Podcasts"
            " asks for"
        )
        fields.report(mapping, "audio", message, warning)


def _names(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value.strip(),)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(str(item).strip() for item in value)
    raise _Invalid(f"must be a list of names, not {_shown(value)}")


def _speaker_names(fields: _Fields, turns: Sequence[Turn]) -> tuple[tuple[str, str], ...]:
    """The first `speakers:` mapping (label → name); a list of names only confirms labels."""
    for mapping in fields.sources:
        value = mapping.values.get("speakers")
        if value is None or isinstance(value, list | str):
            continue
        pairs = _label_pairs(value)
        if pairs is None:
            message = (
                f"{mapping.label} `speakers` must be a list of names or a mapping of transcript"
                f" labels to names, like `speakers: {{Speaker 1: Jon Krohn}}`, not {_shown(value)}"
            )
            fields.report(mapping, "speakers", message, error)
            continue
        labels = {turn.speaker for turn in turns}
        unused = [label for label, _name in pairs if label not in labels]
        if unused and turns:
            # Most likely a typo, or a label the transcript spells differently.
            listed = ", ".join(f'"{label}"' for label in unused)
            message = (
                f"{mapping.label} `speakers` renames {listed}, but no paragraph has that speaker"
            )
            fields.report(mapping, "speakers", message, warning)
        return pairs
    return ()


def _label_pairs(value: object) -> tuple[tuple[str, str], ...] | None:
    """(label, name) pairs of a mapping of text to text; None for anything else."""
    if not isinstance(value, dict):
        return None
    pairs = []
    for label, name in value.items():
        if isinstance(label, bool) or not isinstance(label, str | int):
            return None
        if isinstance(name, bool) or not isinstance(name, str | int) or not str(name).strip():
            return None
        pairs.append((str(label).strip(), str(name).strip()))
    return tuple(pairs)


EPISODE_TYPES = ("full", "trailer", "bonus")  # Apple's `itunes:episodeType`


def _episode_type(value: object) -> str:
    if isinstance(value, str) and value.strip().lower() in EPISODE_TYPES:
        return value.strip().lower()
    hint = difflib.get_close_matches(str(value).strip().lower(), EPISODE_TYPES, n=1)
    suggestion = f' (did you mean "{hint[0]}"?)' if hint else ""
    raise _Invalid(
        f"must be one of full, trailer, bonus, not {_shown(value)}{suggestion}; the feed says full"
    )


def _guid(value: object) -> str:
    # Kept exactly as the other feed wrote it (a URL, a UUID, a host's own id): apps compare it
    # as it is. A number is fine too; YAML reads `guid: 12345` as one.
    if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
        return str(value).strip()
    raise _Invalid(f"must be the episode's guid in its other feed, as text, not {_shown(value)}")


def _show_id(value: object) -> str:
    if isinstance(value, str) and value.strip() and slugify(value.strip()) == value.strip():
        return value.strip()
    # A show's name (`Go Time`, `Радио`): its folder's id is its slug.
    slug = slugify(value) if isinstance(value, str) else ""
    raise _Invalid(
        f"must be a show's id, lowercase letters, digits and hyphens like `go-time`, not"
        f" {_shown(value)}{did_you_mean(slug or None)}"
    )


_Target = tuple[str | None, int]
_OVERRIDE_HELP = "`{add: [...], ignore: [...]}` of episode numbers, or `<show id>/<number>`"


def _mention_overrides(value: object) -> tuple[tuple[_Target, ...], tuple[_Target, ...]]:
    """`mentions: {add: [913, go-time/163], ignore: [908]}`: mentions the linker cannot see,
    and numbers it found that are not mentions, for this episode."""
    if not isinstance(value, dict):
        raise _Invalid(f"must be {_OVERRIDE_HELP}, not {_shown(value)}")
    unknown = sorted(str(k) for k in value if k not in ("add", "ignore"))
    if unknown:
        raise _Invalid(f"has an unknown key `{unknown[0]}` (known: add, ignore)")
    add, ignore = value.get("add", []), value.get("ignore", [])
    return _targets(add, "add"), _targets(ignore, "ignore")


def _targets(value: object, key: str) -> tuple[_Target, ...]:
    items = value if isinstance(value, list) else [value]
    targets: list[_Target] = []
    for item in items:
        if isinstance(item, int) and not isinstance(item, bool) and item >= 0:
            targets.append((None, item))
            continue
        text = item.strip() if isinstance(item, str) else ""
        show, _, number = text.rpartition("/")
        if number.isdigit() and (not show or slugify(show) == show):
            targets.append((show or None, int(number)))
            continue
        raise _Invalid(
            f"`{key}` must list episode numbers or `<show id>/<number>`, not {_shown(item)}"
        )
    return tuple(targets)


_Chapter = tuple[int, str]
# `12:30 Title`, `1:02:03 - Title`, `(12:30) Title`: a clock, an optional dash, the title.
_CHAPTER_LINE = re.compile(
    r"\(?\s*(\d{1,2}(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?)\s*\)?\s+(?:[-\u2013\u2014|]\s+)?(\S.*)"
)
_CHAPTER_KEYS = ("start", "title")
_CHAPTER_HELP = '"12:30 Title" or {start: "12:30", title: Title}'


def _chapters(fields: _Fields) -> tuple[_Chapter, ...]:
    """`chapters:` of the first metadata that has it: a list of `"12:30 Title"` entries or of
    `{start: "12:30", title: Title}` tables, in time order. A bad entry is a warning at its
    line and is skipped, the others kept; a value that is no list is an error at its line and
    the next source is used."""
    for mapping in fields.sources:
        value = mapping.values.get("chapters")
        if value is None:
            continue
        if not isinstance(value, list):
            message = (
                f"{mapping.label} `chapters` must be a list of {_CHAPTER_HELP} entries,"
                f" not {_shown(value)}"
            )
            fields.report(mapping, "chapters", message, error)
            continue
        key_line = mapping.lines.get("chapters", 0)
        lines = mapping.item_lines.get("chapters", ())
        chapters: list[_Chapter] = []
        for index, item in enumerate(value):
            line = lines[index] if index < len(lines) else key_line
            entry = f"{mapping.label} `chapters` entry {index + 1}"
            try:
                chapter = _chapter(item)
            except _Invalid as exc:
                fields.diagnostics.append(warning(mapping.path, line, f"{entry} {exc}; skipped"))
                continue
            keys = item if isinstance(item, dict) else {}
            unknown = sorted(str(key) for key in keys if key not in _CHAPTER_KEYS)
            if unknown:
                message = (
                    f"{entry} has an unknown key `{unknown[0]}` (known: start, title); ignored"
                )
                fields.diagnostics.append(warning(mapping.path, line, message))
            if chapters and chapter[0] < chapters[-1][0]:
                message = (
                    f"{entry} ({format_clock(chapter[0])})"
                    " starts before the one above it; chapters are listed in time order"
                )
                fields.diagnostics.append(warning(mapping.path, line, message))
            chapters.append(chapter)
        return tuple(sorted(chapters, key=lambda chapter: chapter[0]))
    return ()


def _chapter(item: object) -> _Chapter:
    """(start in milliseconds, title) of one `chapters:` entry."""
    if isinstance(item, str):
        match = _CHAPTER_LINE.fullmatch(item.strip())
        start = parse_clock(match.group(1)) if match is not None else None
        if match is None or start is None:
            raise _Invalid(f"must be a time and a title like {_CHAPTER_HELP}, not {_shown(item)}")
        return start, " ".join(match.group(2).split())
    if not isinstance(item, dict):
        raise _Invalid(f"must be {_CHAPTER_HELP}, not {_shown(item)}")
    if item.get("start") is None:
        raise _Invalid("has no `start`")
    # YAML reads an unquoted `12:30` as the base-60 number 750: seconds, as a number is.
    start = time_ms(item["start"])
    if start is None or start < 0:
        raise _Invalid(f"`start` must be a time like 12:30 or 1:02:03, not {_shown(item['start'])}")
    title = item.get("title")
    if title is None or (isinstance(title, str) and not title.strip()):
        raise _Invalid("has no `title`")
    if isinstance(title, bool) or not isinstance(title, str | int | float):
        raise _Invalid(f"`title` must be text, not {_shown(title)}")
    return start, " ".join(str(title).split())


def _bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise _Invalid(f"must be true or false, not {_shown(value)}")


def _shown(value: object) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return str(value)


def _derive_number(
    path: Path, named: NameIdentity, turns: Sequence[Turn], derived: list[str]
) -> tuple[int | None, str]:
    """The number and where it came from: "file name", "file name end" (a trailing number,
    which the build may yet refuse), "transcript", or "" for none."""
    number = named.number
    spoken = number_from_transcript(turns) if number is None or named.season is None else None
    if number is not None:
        where = "file name" if named.name == path.stem else "folder name"
        note = f'episode number {number} taken from the {where} "{_shown_path(path, where)}"'
        if spoken is not None:
            agrees = "agrees" if spoken[0] == number else f"says {spoken[0]}"
            note += f" (the transcript {agrees}, line {spoken[1]})"
        derived.append(note)
        return number, "file name end" if named.rule == "trailing" else "file name"
    if spoken is not None:
        derived.append(f"episode number {spoken[0]} taken from the transcript (line {spoken[1]})")
        return spoken[0], "transcript"
    return None, ""


def _shown_path(path: Path, where: str) -> str:
    return path.name if where == "file name" else path.parent.name


def season_key(season: int, number: int) -> str:
    """The URL key of an episode of a show with seasons: `s2e5`."""
    return f"s{season}e{number}"


def number_from_transcript(turns: Sequence[Turn]) -> tuple[int, int] | None:
    """(number, line) of a self-introduction ("This is episode number 920") near the start."""
    for segment in _intro_segments(turns):
        match = _SELF_INTRO.search(segment.text)
        if match is not None:
            return int(match.group(1)), segment.line
    return None


def _intro_segments(turns: Sequence[Turn]) -> Iterator[Segment]:
    count = 0
    for turn in turns:
        for segment in turn.segments:
            if count >= _INTRO_SEGMENTS or (segment.start or 0) > _INTRO_MS:
                return
            count += 1
            yield segment


def _title_from_name(path: Path, turns: Sequence[Turn], derived: list[str]) -> str | None:
    """A title from the words of the file's name (`300-a-jupyter-merge-driver-for-git.vtt`:
    "A Jupyter merge driver for git"), when the metadata has none. A name written in lowercase
    (a URL slug) lost its capitals: each word is spelled as the transcript spells it most often
    (`Jupyter`, `API`), and the first starts with a capital; a name with capitals is kept as
    written. The number stays the number (`Episode 300: …`)."""
    words = title_words(path)
    if not words:
        return None
    if not any(char.isupper() for word in words for char in word):
        words = _spelled_as_said(words, turns)
    first = words[0]
    title = " ".join((first[:1].upper() + first[1:], *words[1:]))
    named = name_identity(path).name
    where = "file name" if named == path.stem else "folder name"
    derived.append(f'title "{title}" made from the {where} "{_shown_path(path, where)}"')
    return title


# Only spaces (and opening quotes) since a sentence's start: the start of the paragraph or `. `.
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s)[\s\"'\u201c\u2018(]*$")
# How much of a transcript is read for the spelling of a title's words.
_SPELLING_SEGMENTS = 400


def _spelled_as_said(words: Sequence[str], turns: Sequence[Turn]) -> tuple[str, ...]:
    """`words` (lowercase) as the transcript spells each most often; a tie stays lowercase."""
    wanted = {word.casefold() for word in words}
    pattern = re.compile(
        r"(?<![\w'\u2019])(" + "|".join(re.escape(w) for w in sorted(wanted)) + r")(?![\w'\u2019])",
        re.IGNORECASE,
    )
    spellings: dict[str, dict[str, int]] = {}
    count = 0
    for turn in turns:
        for segment in turn.segments:
            text = segment.text
            for match in pattern.finditer(text):
                if _SENTENCE_START.search(text, 0, match.start()):
                    continue  # a capital there says nothing of the word
                found = match.group(1)
                forms = spellings.setdefault(found.casefold(), {})
                forms[found] = forms.get(found, 0) + 1
            count += 1
            if count >= _SPELLING_SEGMENTS:
                break
        if count >= _SPELLING_SEGMENTS:
            break
    spelled = []
    for word in words:
        forms = spellings.get(word.casefold(), {})
        # Most often, then lowercase first: "git" said as often as "Git" stays "git".
        best = min(forms.items(), key=lambda kv: (-kv[1], kv[0] != word), default=(word, 0))
        spelled.append(best[0])
    return tuple(spelled)


def _slug(fields: _Fields, path: Path, is_key: bool, derived: list[str]) -> str:
    given = fields.raw_slug()
    if given is not None:
        raw, mapping = given
        safe = slugify(raw)
        if safe != raw:
            fallback = safe or slug_or_hash(path.stem, "episode")
            message = f'slug "{raw}" is not a safe URL part; using "{fallback}"'
            fields.report(mapping, "slug", message, warning)
            safe = fallback
        return safe
    named_by = path.parent if path.stem.lower() in GENERIC_STEMS and path.parent.name else path
    safe = slug_or_hash(named_by.stem if named_by is path else named_by.name, "episode")
    if is_key:
        what = "file name" if named_by is path else "folder name"
        derived.append(f'slug "{safe}" made from the {what} "{named_by.name}"')
    return safe
