"""Compiling and running a stage's hot patterns for speed.

`compile`: the standard `re` engine scans a long alternation of cue words about three times faster than
`regex` (it skips positions by the set of first characters), so a pattern that needs nothing of `regex`
is compiled with `re`. The word edges that the stages write as `(?<![\\p{L}\\p{N}])` and `(?<![\\p{L}])`
are translated to their `re` spelling (a letter or digit is a word character other than "_"); a pattern
with any other `regex`-only syntax (`\\p{…}`, repeated group names, fuzzy matching, an atomic group on a
Python without it) is compiled with `regex` as written.

`Scanner`: a pattern whose every match starts with one of a few known strings (the words its
alternatives begin with, read off the pattern) is run only where those strings occur, found by
`str.find` on the lower-cased text (a C loop far faster than trying the pattern at every position);
the matches, left to right without overlap, are those of `finditer`.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from typing import Any

import regex

try:  # the parser `re` compiles with (3.11+: re._parser; 3.10: sre_parse)
    import re._constants as _c
    import re._parser as _parser
except ImportError:  # pragma: no cover
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

_EDGES = (
    (r"[\p{L}\p{N}]", r"[^\W_]"),  # a letter or a digit
    (r"[\p{L}]", r"[^\W\d_]"),  # a letter
)
_FLAGS = {0: 0, regex.IGNORECASE: re.IGNORECASE}
# `regex`-only syntax that `re` would reject or read otherwise: properties, graphemes, \K, \G, word-start
# and word-end, branch reset, fuzzy matching.
_REGEX_ONLY = re.compile(r"\\[pPXKGmM]|\(\?\||\{[ei][<=]")


def _translated(pattern: str) -> str:
    for old, new in _EDGES:
        pattern = pattern.replace(old, new)
    return pattern


def compile(pattern: str, flags: int = 0) -> Any:
    """`pattern` compiled with `re` when it can be read the same there, else with `regex`."""
    translated = _translated(pattern)
    if flags in _FLAGS and not _REGEX_ONLY.search(translated):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")  # a FutureWarning: a set that `re` may one day read otherwise
                return re.compile(translated, _FLAGS[flags])
        except (re.error, FutureWarning):
            pass
    return regex.compile(pattern, flags)


_LOWER_PIECE = 1 << 16


def lowered(text: str) -> str | None:
    """`text` in lower case when that keeps every offset, else None. Lower-cased a piece at a time:
    str.lower() needs a scratch buffer of twelve bytes a character, which for a long article would be
    many times the article's own size."""
    if len(text) <= _LOWER_PIECE:
        low = text.lower()
    else:
        low = "".join(text[i : i + _LOWER_PIECE].lower() for i in range(0, len(text), _LOWER_PIECE))
    return low if len(low) == len(text) else None


# ------------------------------------------------------------------------------ starts of a pattern

_ZERO_WIDTH = {_c.ASSERT, _c.ASSERT_NOT, _c.AT}
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)}
_ATOMIC = getattr(_c, "ATOMIC_GROUP", None)


def _starts(items: list, limit: int) -> set[str] | None:
    """Lower-cased strings (at most `limit` characters) one of which every match of the sequence `items`
    starts with; "" when a match may start with anything here; None when they cannot be told."""
    if limit == 0 or not items:
        return {""}
    op, av = items[0]
    rest = items[1:]
    if op in _ZERO_WIDTH:
        return _starts(rest, limit)
    if op is _c.LITERAL or op is _c.IN:
        if op is _c.LITERAL:
            chars = {chr(av).lower()}
        else:
            if any(o is not _c.LITERAL for o, _ in av):
                return None  # a range, a category, a negated set
            chars = {chr(a).lower() for _, a in av}
        tails = _starts(rest, limit - 1)
        return {c + t for c in chars for t in (tails if tails is not None else {""})}
    if op is _c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if add_flags or del_flags:
            return None  # (?i:…) and the like read their letters otherwise
        return _starts(list(sub.data) + rest, limit)
    if _ATOMIC is not None and op is _ATOMIC:
        return _starts(list(av.data) + rest, limit)
    if op is _c.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            got = _starts(list(branch.data) + rest, limit)
            if got is None:
                return None
            out |= got
        return out
    if op in _REPEATS:
        low, _high, item = av
        first = _starts(list(item.data), limit)  # the first repetition's start
        if first is None:
            return None
        if low >= 1:
            return first
        after = _starts(rest, limit)
        return None if after is None else (first - {""}) | after
    return None


def literal_starts(pattern: str, limit: int = 4, most: int = 40) -> tuple[str, ...] | None:
    """The lower-cased strings one of which every match of `pattern` (as `re` reads it) starts with, or None
    when there are none to tell or too many to be worth finding."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = _parser.parse(_translated(pattern))
    except Exception:
        return None
    got = _starts(list(parsed.data), limit)
    if not got or "" in got or len(got) > most:
        return None
    return tuple(sorted(got))


class Scanner:
    """`pattern`'s matches found where its literal starts occur (see the module docstring); a pattern
    without them is run as it is."""

    def __init__(self, pattern: Any) -> None:
        self.pattern = pattern
        # Read off the pattern only when `re` reads it as `regex` does (rx.compile would take `re`).
        readable = isinstance(compile(pattern.pattern, pattern.flags & regex.IGNORECASE), re.Pattern)
        self.starts = literal_starts(pattern.pattern) if readable else None

    def finditer(self, text: str, low: str | None, pos: int = 0, endpos: int | None = None) -> Iterator[Any]:
        """The matches of `finditer(text, pos, endpos)`; `low` is text.lower() when that keeps every offset
        (else None: the pattern runs as it is)."""
        end = len(text) if endpos is None else endpos
        if self.starts is None or low is None:
            yield from self.pattern.finditer(text, pos, end)
            return
        found = []
        for start in self.starts:
            at = low.find(start, pos, end)
            while at >= 0:
                found.append(at)
                at = low.find(start, at + 1, end)
        last = pos
        match = self.pattern.match
        for at in sorted(set(found)):
            if at < last:
                continue  # inside the previous match
            m = match(text, at, end)
            if m is not None:
                yield m
                last = m.end() if m.end() > at else at + 1
