"""Compiling a stage's hot patterns for speed.

The standard `re` engine scans a long alternation of cue words about three times faster than `regex`
(it skips positions by the set of first characters), so a pattern that needs nothing of `regex` is
compiled with `re`. The word edges that the stages write as `(?<![\\p{L}\\p{N}])` and `(?<![\\p{L}])` are
translated to their `re` spelling (a letter or digit is a word character other than "_"); a pattern with
any other `regex`-only syntax (`\\p{…}`, repeated group names, fuzzy matching, an atomic group on a Python
without it) is compiled with `regex` as written.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

import regex

_EDGES = (
    (r"[\p{L}\p{N}]", r"[^\W_]"),  # a letter or a digit
    (r"[\p{L}]", r"[^\W\d_]"),  # a letter
)
_FLAGS = {0: 0, regex.IGNORECASE: re.IGNORECASE}
# `regex`-only syntax that `re` would reject or read otherwise: properties, graphemes, \K, \G, word-start
# and word-end, branch reset, fuzzy matching.
_REGEX_ONLY = re.compile(r"\\[pPXKGmM]|\(\?\||\{[ei][<=]")


def compile(pattern: str, flags: int = 0) -> Any:
    """`pattern` compiled with `re` when it can be read the same there, else with `regex`."""
    translated = pattern
    for old, new in _EDGES:
        translated = translated.replace(old, new)
    if flags in _FLAGS and not _REGEX_ONLY.search(translated):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")  # a FutureWarning: a set that `re` may one day read otherwise
                return re.compile(translated, _FLAGS[flags])
        except (re.error, FutureWarning):
            pass
    return regex.compile(pattern, flags)
