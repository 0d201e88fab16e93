"""Mentions: the phrases people use to refer to other episodes ("episode 913", "Go Time #9").

The package finds them in transcript text; references.py links them into the archive's
graph. One module, one job:

* numbers.py: episode numbers as said (digits, speech-to-text's splits, words);
* shows.py: whose episode a mention is (show names around it, TV seasons);
* scanner.py: the phrase scanner and its rules, one paragraph at a time (`scan_text`);
* episode.py: one episode's mentions (`find_mentions`, with its metadata applied and only
  where a phrase may start) and the near-miss report of `check --mentions`
  (`explain_mentions`).

Each module's docstring holds the rules it applies; each rule is a decision about real
transcripts, held by tests/mentions/labeled.jsonl (tests/test_mentions_labeled.py). None of
them does I/O, knows a file format, produces markup or URLs, or mutates the model.
"""

from __future__ import annotations

from sitegen.mentions.episode import (
    FoundMention,
    ShowNames,
    explain_mentions,
    find_mentions,
    found_mentions,
)
from sitegen.mentions.scanner import Found, NearMiss, find_mentions_in_text, scan_text
from sitegen.mentions.shows import NamesKey, names_key

__all__ = [
    "Found",
    "FoundMention",
    "NamesKey",
    "NearMiss",
    "ShowNames",
    "explain_mentions",
    "find_mentions",
    "find_mentions_in_text",
    "found_mentions",
    "names_key",
    "scan_text",
]
