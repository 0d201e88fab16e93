"""The one rule for URL-safe names: lowercase ASCII letters, digits and single hyphens.

Used for episode slugs (readers), speaker and page URLs (urls); `unique_name` numbers what
would clash (speaker slugs, paragraph anchors, episode keys). A slug can never contain `/`,
`.` or anything else that could step out of its folder.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

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
    """`Aaron van Wirdum` → `aaron-van-wirdum`, `Søren` → `soren`; '' when nothing is left."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LATIN_EXTRAS))
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
