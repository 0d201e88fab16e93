"""Whether a language tag is well formed (BCP 47), for `language` in sitegen.toml.

The tag goes into `<html lang>` and picks the search index's stemming; neither needs more than
a tag of the right form, so no registry of languages is consulted.
"""

from __future__ import annotations

import re

# A BCP 47 language tag (RFC 5646 §2.1), as written: language (with extended subtags), script,
# region, variants, extensions, private use; or private use alone, or one of the grandfathered
# tags. Whether the language exists is not checked: `<html lang>` and the search index only
# need a tag that is well formed.
_ALNUM = "[a-z0-9]"
_LANGUAGE_TAG = re.compile(
    rf"""
    (?:
      (?:[a-z]{{2,3}}(?:-[a-z]{{3}}){{0,3}}|[a-z]{{4,8}})   # language, extended subtags
      (?:-[a-z]{{4}})?                                    # script
      (?:-(?:[a-z]{{2}}|[0-9]{{3}}))?                     # region
      (?:-(?:{_ALNUM}{{5,8}}|[0-9]{_ALNUM}{{3}}))*        # variants
      (?:-[0-9a-wy-z](?:-{_ALNUM}{{2,8}})+)*              # extensions
      (?:-x(?:-{_ALNUM}{{1,8}})+)?                        # private use
    | x(?:-{_ALNUM}{{1,8}})+                              # private use alone
    | en-gb-oed | i-(?:ami|bnn|default|enochian|hak|klingon|lux|mingo|navajo|pwn|tao|tay|tsu)
    | sgn-(?:be-fr|be-nl|ch-de) | art-lojban | cel-gaulish | no-(?:bok|nyn)
    | zh-(?:guoyu|hakka|min|min-nan|xiang)
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)


def is_language_tag(value: str) -> bool:
    """Whether `value` is a well-formed BCP 47 language tag (`en`, `en-GB`, `zh-Hant-TW`)."""
    return value.isascii() and _LANGUAGE_TAG.fullmatch(value) is not None
