"""Cue phrases found in one pass: a lexicon of phrases, each of one or more named classes, read left to right.

The figures stage asks, for every number, which cue words stand before and after it. Searching each cue list
once per number and rule costs time in proportion to numbers × rules × sentence length; this module instead
reads a sentence once and returns every cue in it, so the choice per number is a walk over a short list.

Reading is a lexer's: at each word the longest phrase of the lexicon is taken and reading resumes after it, so
a phrase never also yields the shorter phrases inside it ("đã thu hồi" is one cue, not also "thu hồi"). The
phrases are compiled into one regular expression shaped as a trie (common leading words shared), so finding
them is one C-level scan whose cost grows with the text, not with the number of phrases.

Phrase syntax (patterns/metric_cues.jsonl): words and punctuation separated by spaces, case-insensitive;
"[a b]" optional, "(a|b c)" one of the alternatives, nestable. Between two words any whitespace; next to
punctuation, optional whitespace ("KN , TC" matches "KN,TC" and "KN, TC").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_TOKEN_RE = re.compile(r"\w+|[^\w\s]")
_MEMO_MAX = 20_000


def tokens(text: str) -> tuple[str, ...]:
    """Lower-case words and punctuation marks: the key a phrase and its match share."""
    return tuple(_TOKEN_RE.findall(unicodedata.normalize("NFC", text).lower()))


def expand(phrase: str) -> list[tuple[str, ...]]:
    """Every token sequence a phrase stands for: "kiến nghị [xử lý] thu (hồi|nộp)" gives four."""
    pos = 0
    src = unicodedata.normalize("NFC", phrase)

    def seq(until: str) -> list[tuple[str, ...]]:
        nonlocal pos
        out: list[tuple[str, ...]] = [()]
        while pos < len(src):
            c = src[pos]
            if c in until:
                return out
            if c.isspace():
                pos += 1
                continue
            if c in "[(":
                pos += 1
                choices = alts("]" if c == "[" else ")")
                if c == "[":
                    choices = [(), *choices]
                out = [a + b for a in out for b in choices]
                continue
            m = _TOKEN_RE.match(src, pos)
            assert m is not None
            pos = m.end()
            out = [(*a, m.group().lower()) for a in out]
        if until:
            raise ValueError(f"unclosed group in cue phrase {phrase!r}")
        return out

    def alts(close: str) -> list[tuple[str, ...]]:
        nonlocal pos
        out: list[tuple[str, ...]] = []
        while True:
            out += seq("|" + close)
            if pos >= len(src):
                raise ValueError(f"unclosed group in cue phrase {phrase!r}")
            c = src[pos]
            pos += 1
            if c == close:
                return out

    got = [t for t in seq("") if t]
    if not got:
        raise ValueError(f"empty cue phrase {phrase!r}")
    return got


def _is_word(tok: str) -> bool:
    return tok[0].isalnum() or tok[0] == "_"


def _trie_regex(seqs: Iterable[tuple[str, ...]]) -> str:
    """One alternation for many token sequences, shaped as a trie; at each node the longer continuation is
    tried first, so the match at a position is the longest phrase there."""
    root: dict = {}
    END = ""  # marks a complete phrase (no token is empty)
    for s in seqs:
        node = root
        for tok in s:
            node = node.setdefault(tok, {})
        node[END] = {}

    def sep(prev: str | None, tok: str) -> str:
        if prev is None:
            return ""
        return r"\s+" if _is_word(prev) and _is_word(tok) else r"\s*"

    def emit(node: dict, prev: str | None) -> str:
        parts = []
        for tok in sorted(t for t in node if t != END):
            child = node[tok]
            body = sep(prev, tok) + re.escape(tok)
            stop = r"(?!\w)" if _is_word(tok) else ""
            more = [t for t in child if t != END]
            if more:
                cont = emit(child, tok)
                body += f"(?:{cont}|{stop})" if END in child else f"(?:{cont})"
            else:
                body += stop
            parts.append(body)
        return "|".join(parts)

    # A word-first phrase starts at a word start: one look-behind and a first-letter check for all of them,
    # not one per phrase, lets the scan skip most positions fast (about 9x on article text).
    words = {t: n for t, n in root.items() if _is_word(t)}
    marks = {t: n for t, n in root.items() if t != END and not _is_word(t)}
    out = []
    if words:
        first = sorted({t[0] for t in words} | {t[0].upper() for t in words})
        out.append(rf"(?<!\w)(?=[{''.join(re.escape(c) for c in first)}])(?:{emit(words, None)})")
    if marks:
        out.append(emit(marks, None))
    return "|".join(out)


@dataclass(frozen=True, slots=True)
class Cue:
    """One cue found in a text: [start, end) and the classes (ids) its phrase belongs to."""

    start: int
    end: int
    classes: tuple[int, ...]


@dataclass(frozen=True)
class Promotion:
    """A cue of class `source` read within `within` characters after one of `after`, with none of `stop`
    between, counts as class `to` ("kiến nghị … thu hồi")."""

    source: int
    after: frozenset[int]
    within: int
    stop: str
    to: int


_DECIMAL_RE = re.compile(r"(?<=\d)[.,](?=\d)")


def _stopped(gap: str, stop: str) -> bool:
    """True when a stop mark stands in `gap`; the dot or comma inside a number ("1.345.502") is not one."""
    if not stop or not any(c in gap for c in stop):
        return False
    return any(c in stop for c in _DECIMAL_RE.sub("", gap))


class Lexicon:
    """Named classes of phrases, compiled once; `scan` finds them in a text in one pass."""

    def __init__(self, classes: Sequence[tuple[str, Sequence[str]]],
                 promotions: Sequence[dict] = ()) -> None:
        self.names: list[str] = []
        self._ids: dict[str, int] = {}
        by_key: dict[tuple[str, ...], list[int]] = {}
        for name, phrases in classes:
            cid = self.id(name, create=True)
            for phrase in phrases:
                for seq in expand(phrase):
                    ids = by_key.setdefault(seq, [])
                    if cid not in ids:
                        ids.append(cid)
        self._classes = {k: tuple(v) for k, v in by_key.items()}
        self._memo: dict[str, tuple[int, ...]] = {}  # a cue as written -> its classes
        # Phrases are lower case: the pattern runs case-sensitively over a lower-cased copy of the text
        # (about twice as fast as IGNORECASE); texts whose lower case changes length use the folding one.
        body = _trie_regex(self._classes)
        self._re = re.compile(body)
        self._re_i = re.compile(body, re.IGNORECASE)
        self._promotions = [
            Promotion(self.id(p["promote"]), frozenset(self.id(a) for a in p["after"]), int(p["within"]),
                      p.get("stop", ""), self.id(p["to"]))
            for p in promotions
        ]

    def id(self, name: str, *, create: bool = False) -> int:
        """The id of a class name; a name no phrase defines is a developer error, named."""
        if name not in self._ids:
            if not create:
                raise ValueError(f"unknown cue class {name!r} (not in patterns/metric_cues.jsonl)")
            self._ids[name] = len(self.names)
            self.names.append(name)
        return self._ids[name]

    @staticmethod
    def lowered(text: str) -> str | None:
        """The text in lower case when that keeps every offset, else None."""
        low = text.lower()
        return low if len(low) == len(text) else None

    def _pattern(self, text: str, lowered: str | None) -> tuple[re.Pattern, str]:
        return (self._re, lowered) if lowered is not None else (self._re_i, text)

    def scan(self, text: str, start: int = 0, end: int | None = None, *, promote: bool = True) -> list[Cue]:
        """Every cue in text[start:end], left to right, none overlapping another. `promote=False` leaves the
        promotions to a later `promote` call (when a text is read in several pieces)."""
        end = len(text) if end is None else end
        out: list[Cue] = []
        memo = self._memo
        pattern, subject = self._pattern(text, self.lowered(text))
        for m in pattern.finditer(subject, start, end):
            written = m.group()
            got = memo.get(written)
            if got is None:
                if len(memo) > _MEMO_MAX:  # bounded: texts from many outlets spell cues many ways
                    memo.clear()
                got = memo[written] = self._classes[tokens(written)]
            out.append(Cue(m.start(), m.end(), got))
        if promote:
            out = self.promote(text, out)
        return out

    def scan_around(self, text: str, start: int, end: int, holes: list[tuple[int, int]],
                    lowered: str | None = None) -> list[Cue]:
        """Every cue in text[start:end] outside the sorted, disjoint `holes`, read as if each stretch between
        them were scanned on its own (a cue never starts inside a hole nor runs into one), with the
        promotions applied: one search per cue found, not one scan per stretch. `lowered`: the text's
        `lowered()` copy, made once by a caller that scans many stretches of it."""
        out: list[Cue] = []
        pattern, subject = self._pattern(text, lowered)
        memo, search = self._memo, pattern.search
        pos, h, n = start, 0, len(holes)
        while pos < end:
            while h < n and holes[h][1] <= pos:
                h += 1
            if h < n and holes[h][0] <= pos:
                pos = holes[h][1]
                continue
            stop = holes[h][0] if h < n else end
            m = search(subject, pos, stop)
            if m is None:
                if h >= n:
                    break
                pos = holes[h][1]
                continue
            written = m.group()
            got = memo.get(written)
            if got is None:
                if len(memo) > _MEMO_MAX:
                    memo.clear()
                got = memo[written] = self._classes[tokens(written)]
            out.append(Cue(m.start(), m.end(), got))
            pos = m.end()
        return self.promote(text, out)

    def promote(self, text: str, found: list[Cue]) -> list[Cue]:
        """The cues with the promotions applied ("kiến nghị … thu hồi": the bare recovery is recommended)."""
        if not self._promotions or not found:
            return found
        out = list(found)
        for p in self._promotions:
            last_after: Cue | None = None
            for i, cue in enumerate(out):
                if p.source in cue.classes and last_after is not None:
                    gap = text[last_after.end : cue.start]
                    if len(gap) <= p.within and not _stopped(gap, p.stop):
                        out[i] = Cue(cue.start, cue.end, (p.to,))
                        cue = out[i]
                if not p.after.isdisjoint(cue.classes):
                    last_after = cue
        return out
