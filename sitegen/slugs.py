"""The one rule for URL-safe names: lowercase ASCII letters, digits and single hyphens.

Used for episode slugs (readers), show ids (discover), speaker and page URLs (urls);
`unique_name` numbers what would clash (speaker slugs, paragraph anchors, episode keys), and
`slug_or_hash` names what has no letter or digit to write. A slug can never contain `/`, `.`
or anything else that could step out of its folder.

Latin letters lose their accents (`Søren` → `soren`); letters of other scripts are
transliterated by anyascii (`Дмитрий` → `dmitrii`, `Αθήνα` → `athina`, `東京` → `dong-jing`),
so a URL is readable and the same on every machine. Symbols and emoji are dropped.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Collection

from anyascii import anyascii

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# Letters NFKD does not split into an ASCII base letter plus accents.
_LATIN_EXTRAS = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ß": "ss",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "þ": "th",
        "Þ": "TH",
        "ð": "d",
        "Ð": "D",
        "\u0131": "i",
    }
)


def unique_name(base: str, taken: Collection[str]) -> str:
    """`base`, or the first of `base-2`, `base-3`, … that is not in `taken` (which the caller
    then adds it to)."""
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    return name


def slugify(text: str) -> str:
    """`Aaron van Wirdum` → `aaron-van-wirdum`, `Søren` → `soren`, `Дмитрий` → `dmitrii`;
    '' when nothing is left (`🎙️`, `***`)."""
    ascii_text = "".join(_ascii(char) for char in unicodedata.normalize("NFC", text))
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")


def slug_or_hash(text: str, kind: str) -> str:
    """`slugify(text)`, or for a name with nothing to write (`🎙️`) `<kind>-<8 hex digits>` of
    a checksum of the name: the same name, the same slug, in every build, whatever else the
    site holds."""
    slug = slugify(text)
    if slug:
        return slug
    digest = zlib.crc32(unicodedata.normalize("NFC", text).encode("utf-8", "surrogatepass"))
    return f"{kind}-{digest:08x}"


def _ascii(char: str) -> str:
    """One character in ASCII. The accents of a Latin letter come off (NFKD), as they always
    have, so no URL of a Latin name changes; a letter, mark or digit of another script is
    transliterated; anything else (symbols, emoji) is nothing."""
    decomposed = unicodedata.normalize("NFKD", char.translate(_LATIN_EXTRAS))
    plain = decomposed.encode("ascii", "ignore").decode("ascii")
    if plain or unicodedata.category(char)[0] not in "LMN":
        return plain
    written = anyascii(char)
    # A Chinese character is a syllable: `東京` reads `dong-jing`, not `dongjing`.
    return f" {written} " if unicodedata.name(char, "").startswith("CJK ") else written
