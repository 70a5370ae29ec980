"""Reads Vietnamese numbers and the quantities they measure (spec/RECORDS.md §2 "Figures").

`find_quantities` scans a text once for numerals (digits or spelled words) followed by a unit it
knows — money (đồng, triệu, tỷ…), land (m2, ha…), percent, or a count noun — and returns each as a
`Quantity` with its value in the record's normal form (đồng, m2, percent, count), its qualifier
("hơn", "khoảng"…), a total ("32/55 cuộc") and character spans into the text. Numbers that are dates,
times, years, document numbers, ordinals or durations are skipped: they carry no unit we know, or the
word before them ("năm 2019", "ngày 5/3", "lần thứ 2") or the characters glued to them ("33/2015/NĐ-CP",
"COVID-19") say what they are. Which metric a quantity is belongs to the figures stage.

Readings beyond "number + unit", each from the gold notes (gold/README.md): a count noun standing before
its number ("lưu đơn 54", "(khiếu nại 28, tố cáo 4)"); a reception count "tiếp 161/201 người" is 161 lượt
and 201 người, not 161 of 201; "1 số cuộc" is the writer's digit for "một số", read as 1; "năm" is five
only right before a count noun that is not also a verb ("Đoàn gồm năm thành viên").

All language data (scale words, spelled numbers, units, qualifiers, count nouns, blocking words) lives in
patterns/numbers.json, units.jsonl, qualifiers.jsonl and count_nouns.jsonl; the regexes are built from it
once, at import. Input text is expected in NFC (the pipeline normalises before any stage runs).
"""

from __future__ import annotations

import dataclasses
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from extractor.patterns import load_json, load_jsonl

__all__ = ["Quantity", "find_quantities", "noun_key", "read_amount", "read_number"]


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float  # normalised: đồng, m2, percent, or a count
    unit: str  # "VND" | "m2" | "percent" | "count"
    qualifier: str  # "exact" | "more_than" | "less_than" | "about"
    total: float | None  # 55 for "32/55 cuộc", else None
    start: int  # figure span: from the qualifier (if any) to the end of the unit/noun
    end: int
    num_start: int  # the numeral itself ("32/55" or "160.596")
    num_end: int
    # counts: the count noun as written ("cuộc", "cá nhân", "Quyết định"; the implied "lượt" for the 161 of
    # "tiếp 161/201 người"); None for money, land and percent
    noun: str | None
    noun_key: str | None  # its key in patterns/count_nouns.jsonl ("cuộc", "cá nhân", "đơn")


# ---------------------------------------------------------------------------------------------------
# Language data, loaded once.


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def _key(words: str) -> str:
    """Lower case, single-spaced: how words found in the text are looked up in the tables below."""
    return " ".join(words.lower().split())


def _alt(words: list[str] | tuple[str, ...] | set[str], *, space: str = r"\s+") -> str:
    """A regex alternation of `words`, longest first (so "đơn vị" wins over "đơn"); inner spaces flexible."""
    parts = sorted({_nfc(w) for w in words}, key=len, reverse=True)
    return "|".join(space.join(re.escape(p) for p in w.split()) for w in parts)


_NUM: dict[str, Any] = load_json("numbers")
_SCALES: dict[str, float] = {_key(_nfc(k)): float(v) for k, v in _NUM["scales"].items()}
_SCALES_NEED_UNIT = {_key(_nfc(w)) for w in _NUM["scales_needing_unit"]}
_DIGIT_WORDS: dict[str, int] = {_nfc(k): int(v) for k, v in _NUM["spelled_digits"].items()}
_ONLY_AFTER_TENS = {_nfc(w) for w in _NUM["spelled_only_after_tens"]}
_NOT_ALONE = {_nfc(w) for w in _NUM["spelled_not_alone"]}
_TEN = {_nfc(w) for w in _NUM["spelled_ten"]}
_TENS_SUFFIX = {_nfc(w) for w in _NUM["spelled_tens_suffix"]}
_HUNDRED = {_nfc(w) for w in _NUM["spelled_hundred"]}
_ZERO_TENS = {_nfc(w) for w in _NUM["spelled_zero_tens"]}
_SPELLED_NOT_AFTER = {_nfc(w) for w in _NUM["spelled_not_preceded_by"]}
_FIVE_ALONE = _nfc(_NUM["five_alone"])
_FIVE_NOT_AFTER = {_nfc(w) for w in _NUM["five_alone_not_after"]}
_YEAR_MIN, _YEAR_MAX = int(_NUM["year_min"]), int(_NUM["year_max"])
# word (lower case, single-spaced) -> (min, max) of the bare numbers it blocks (None = any numeral),
# and the words before it that lift the block ("tổng số")
_BLOCKED_BEFORE: dict[str, tuple[tuple[int, int] | None, frozenset[str]]] = {
    _key(_nfc(r["word"])): (
        (int(r["min"]), int(r["max"])) if "min" in r else None,
        frozenset(_key(_nfc(w)) for w in r.get("unless_after", ())),
    )
    for r in _NUM["blocked_before"]
}

_UNITS = load_jsonl("units")
_UNIT_KIND: dict[str, tuple[str, float]] = {}  # unit as written (lower case unless case-sensitive) -> kind
for _u in _UNITS:
    _UNIT_KIND[_nfc(_u["unit"]) if _u.get("case") else _nfc(_u["unit"]).lower()] = (
        _u["kind"],
        float(_u.get("factor", 1)),
    )

# unit as written (its _UNIT_KIND key) -> the words one of which must stand right before the numeral
_UNIT_ONLY_AFTER: dict[str, frozenset[str]] = {
    (_nfc(_u["unit"]) if _u.get("case") else _nfc(_u["unit"]).lower()): frozenset(
        _key(_nfc(w)) for w in _u["only_after"]
    )
    for _u in _UNITS
    if _u.get("only_after")
}

_QUAL_ROWS = load_jsonl("qualifiers")
_QUALS: dict[str, str] = {_key(_nfc(r["words"])): r["qualifier"] for r in _QUAL_ROWS if "after" not in r}
_QUAL_LAST = {k.split()[-1] for k in _QUALS}  # the last word of every qualifier
# Qualifiers written around the figure: "từ 70% trở lên" (at least), "từ 5 triệu đồng trở xuống".
_QUAL_AROUND: dict[str, list[tuple[re.Pattern[str], str]]] = {}
for _r in _QUAL_ROWS:
    if "after" in _r:
        _QUAL_AROUND.setdefault(_key(_nfc(_r["words"])), []).append(
            (re.compile(r"[ \t]*" + r"[ \t]+".join(map(re.escape, _nfc(_r["after"]).split())) + r"(?!\w)"),
             _r["qualifier"])
        )

_NOUNS = load_jsonl("count_nouns")
_NOUN_KEY: dict[str, str] = {_key(_nfc(r["noun"])): r["key"] for r in _NOUNS}
_VERB_NOUNS = {_key(_nfc(r["noun"])) for r in _NOUNS if r.get("verb")}
_BEFORE_NOUNS = [r for r in _NOUNS if r.get("before_number")]
_SLASH_ONLY = {_key(_nfc(r["noun"])) for r in _NOUNS if r.get("slash_only")}
_ONE = _NUM["one_as_article"]
_ONE_WORD, _ONE_AFTER = _nfc(_ONE["word"]), frozenset(_key(_nfc(w)) for w in _ONE["after"])
_LA_WORD, _LA_WINDOW = _nfc(_NUM["noun_after_la"]["word"]), int(_NUM["noun_after_la"]["window"])
_SPLIT_WINDOW = int(_NUM["split_window"])
_DAY_MAX, _MONTH_MAX = int(_NUM["date_like_slash"]["day_max"]), int(_NUM["date_like_slash"]["month_max"])
# noun (lower case) -> (implied first noun, the words before the numeral that make "A/B noun" a pair)
_SLASH_PAIRS: dict[str, tuple[str, frozenset[str]]] = {
    _key(_nfc(n)): (_nfc(r["first"]), frozenset(_key(_nfc(a)) for a in r["after"]))
    for r in _NUM["slash_pairs"]
    for n in r["nouns"]
}


def _trie(words: set[str]) -> str:
    """An alternation of words shaped as a trie ("b(?:a|ảy|ốn)|ch(?:ín|ục)|…"): the engine tries a few
    branches per position, not every word (spelled numbers are tried at most word starts of a text)."""
    root: dict = {}
    for w in words:
        node = root
        for ch in _nfc(w):
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        if "" in node:
            return f"(?:{'|'.join(alts)})?"
        return alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"

    return emit(root)


def _noun_alt(rows: tuple[dict[str, Any], ...] | list[dict[str, Any]]) -> str:
    """Count nouns as one alternation, each a whole word and not the start of another word ("hộ chiếu")."""
    out = []
    for r in sorted(rows, key=lambda r: len(r["noun"]), reverse=True):
        body = r"\s+".join(re.escape(p) for p in _nfc(r["noun"]).split())
        nf = r.get("not_followed_by")
        guard = rf"(?!\s+(?:{_alt(nf)})(?!\w))" if nf else ""
        out.append(f"{body}(?!\\w){guard}")
    return "|".join(out)


def _unit_alt(*, glue: bool) -> str:
    parts = []
    for u in sorted(_UNITS, key=lambda u: len(u["unit"]), reverse=True):
        if glue and not u.get("glue"):
            continue
        body = r"\s+".join(re.escape(p) for p in _nfc(u["unit"]).split())
        parts.append(f"(?-i:{body})" if u.get("case") else body)
    return "|".join(parts)


# ---------------------------------------------------------------------------------------------------
# The regexes (compiled once).

_SCALE_ALT = _alt(_SCALES)
_SPELLED_WORDS = set(_DIGIT_WORDS) | _TEN | _TENS_SUFFIX | _HUNDRED | _ZERO_TENS

# A numeral: the typo "37, 38" (only before a scale word), or digits with dot/comma groups, or spelled words.
# Atomic groups: a numeral is read whole or not at all ("2019-2021" never yields "2019").
_DIGITS = rf"(?>[0-9]{{1,3}},\s[0-9]{{1,3}}(?=\s*(?:{_SCALE_ALT})(?!\w))|[0-9]+(?:[.,][0-9]+)*)"
_SPELLED = rf"(?<!\w)(?:{_trie(_SPELLED_WORDS)})(?:\s+(?:{_trie(_SPELLED_WORDS)}))*(?!\w)"
_NOUN_RE_ALT = _noun_alt(_NOUNS)
_UNIT_GLUE = _unit_alt(glue=True)
_UNIT_ANY = _unit_alt(glue=False)
_LAND_TAIL = r"(?:\s+đất(?!\w))?"  # "34.000m2 đất": the figure text runs to the land noun

# Every numeral starts with a digit or one of these letters; the lookahead lets the engine skip other
# positions fast (about 1.4x on article text).
_FIRST_CHARS = "".join(sorted({w[0] for w in _SPELLED_WORDS} | {w[0].upper() for w in _SPELLED_WORDS}))

_FIGURE_RE = re.compile(
    rf"""
    (?=[0-9]|(?<!\w)[{_FIRST_CHARS}])
    (?P<num>{_DIGITS}|{_SPELLED})
    (?:
        (?:\s*/\s*(?P<mden>[0-9]+(?:[.,][0-9]+)*))?  # "1.330/1.643 triệu đồng": a share of an amount
        \s*(?P<scale>{_SCALE_ALT})(?!\w)(?!\s+(?:{_alt(_NUM["scale_not_followed_by"])})(?!\w))
        (?:\s+(?P<num2>[0-9]{{1,3}}(?:,[0-9]+)?)\s*(?P<scale2>{_SCALE_ALT})(?!\w))?  # "1 tỷ 200 triệu đồng"
        (?:
            (?P<after_unit>\s*(?:{_UNIT_GLUE})(?![^\W\d_])|\s+(?:{_UNIT_ANY})(?!\w))
            | \s+(?P<after_noun>{_NOUN_RE_ALT})
            | (?P<foreign>\s*(?:{_alt(_NUM["foreign_currency"])})(?!\w))
        )?
      | (?P<unit>\s*(?:{_UNIT_GLUE})(?![^\W\d_])|\s+(?:{_UNIT_ANY})(?!\w))
      | (?:\s*/\s*(?P<den>[0-9]+(?:\.[0-9]{{3}})*(?![0-9.,/][0-9])))?(?P<so>\s+số)?\s+(?P<noun>{_NOUN_RE_ALT})
    )?
    """,
    re.IGNORECASE | re.VERBOSE,
)
_LAND_TAIL_RE = re.compile(_LAND_TAIL, re.IGNORECASE)
_DONG_BAD_NEXT_RE = re.compile(rf"\s+(?:{_alt(_NUM['dong_not_followed_by'])})(?!\w)", re.IGNORECASE)
_OPENERS = "([{\"'“‘«-–—"  # stripped from the front of the word before a numeral
_BEFORE_NOUN_RE = re.compile(rf"(?<!\w)(?-i:{_noun_alt(_BEFORE_NOUNS)})\s+$")
_BEFORE_LAST = tuple({_nfc(r["noun"]).split()[-1] for r in _BEFORE_NOUNS})  # the last word of each such noun
# "(tổng) số <noun>" earlier in the clause of "… là 377"; the clause runs back to a sentence mark
_SO_NOUN_RE = re.compile(rf"(?<!\w)số\s+(?P<noun>{_NOUN_RE_ALT})", re.IGNORECASE)
_LA_RE = re.compile(rf"(?<!\w){re.escape(_LA_WORD)}\s+$", re.IGNORECASE)
_SPLIT_RE = re.compile(rf"(?<!\w)(?:{_alt(_NUM['split_labels'])})\s+$", re.IGNORECASE)
_CLAUSE_END_RE = re.compile(r"[.;!?\n]")
_TIME_AFTER_RE = re.compile(rf"\s+(?:{_alt(_NUM['time_words'])})(?!\w)", re.IGNORECASE)
_DIGITS_FULL_RE = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
_TYPO_COMMA_RE = re.compile(r"([0-9]),\s+([0-9])")
_WS_RE = re.compile(r"\s+")

_WINDOW = 40  # characters looked at before a numeral for its qualifier / blocking word
# A numeral with more digits than a float holds exactly (15) is no statistic (an account or ID number, a
# digit run from a broken scrape): it is skipped, never turned into infinity or a rounded value.
_MAX_DIGITS = 15


# ---------------------------------------------------------------------------------------------------
# Reading numerals.


def _read_digits(s: str, before_scale: bool) -> float | None:
    if s.isascii() and s.isdigit():  # most numerals: the checks below reduce to these two
        return None if len(s) > _MAX_DIGITS or (len(s) > 3 and s[0] == "0") else float(s)
    s = _TYPO_COMMA_RE.sub(r"\1,\2", s)  # "37, 38" -> "37,38"
    if not _DIGITS_FULL_RE.fullmatch(s) or s.count(",") > 1:
        return None
    if sum(c.isdigit() for c in s) > _MAX_DIGITS:
        return None
    int_part, comma, frac = s.partition(",")
    if comma and not frac.isdigit():  # "5,6.000": a dot after the decimal comma is not a style
        return None
    groups = int_part.split(".")
    if len(groups) == 1:
        whole = groups[0]
    elif 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]) and groups[0][0] != "0":
        whole = "".join(groups)  # dot + exactly three digits groups thousands: "160.596"
    elif len(groups) == 2 and not frac and before_scale:
        return float(f"{groups[0]}.{groups[1]}")  # "71.5 tỷ", "64.2 tỷ": a dot as the decimal mark
    else:
        return None
    if len(whole) > 3 and whole[0] == "0":  # "0912345678" is a phone number, not a count
        return None
    return float(f"{whole}.{frac}") if frac else float(whole)


def _read_spelled(words: list[str]) -> int | None:
    """Spelled numbers up to 999 ("hai", "mười lăm", "ba mươi tư", "một trăm linh năm"); None if malformed."""
    n = len(words)
    if n == 0:
        return None
    if n == 1 and (words[0] in _NOT_ALONE or words[0] in _ONLY_AFTER_TENS):
        return None
    i, total = 0, 0

    def digit(k: int, *, after_tens: bool = False) -> int | None:
        if k >= n or words[k] not in _DIGIT_WORDS:
            return None
        if words[k] in _ONLY_AFTER_TENS and not after_tens:
            return None
        return _DIGIT_WORDS[words[k]]

    d = digit(0)
    if d is not None and n >= 2 and words[1] in _HUNDRED:
        if d == 0:
            return None
        total, i = d * 100, 2
        if i < n and words[i] in _ZERO_TENS:  # "một trăm linh năm" = 105
            u = digit(i + 1, after_tens=True)
            return total + u if u and i + 2 == n else None
    if i == n:
        return total
    if words[i] in _TEN:  # "mười", "mười lăm"
        total += 10
        i += 1
    else:
        d = digit(i)
        if d is None:
            return None
        if i + 1 < n and words[i + 1] in _TENS_SUFFIX:  # "ba mươi", "hai chục"
            if d < 1 or (d == 1 and words[i + 1] != "chục"):
                return None
            total += d * 10
            i += 2
        else:
            if total or n > 1:  # "ba trăm năm" (350 or 305?) and "hai ba" are not well formed
                return None
            return d
    if i == n:
        return total
    u = digit(i, after_tens=True)
    if u is None or u == 0 or i + 1 != n:
        return None
    if words[i] == "mốt" and total == 10:  # "mười mốt" is not a form; "mười một" is
        return None
    return total + u


def read_number(numeral: str, *, before_scale: bool = False) -> float | None:
    """The value of one numeral: "160.596" → 160596, "5,6" → 5.6, "01" → 1, "hai" → 2, junk → None.

    A dot followed by exactly three digits groups thousands; a comma is the decimal mark. With
    `before_scale` (the numeral stands before a scale word, %, or a land unit) a single dot followed by
    one, two or four-plus digits is a decimal mark too: "71.5" → 71.5. Never raises.
    """
    if not isinstance(numeral, str):
        return None
    s = _nfc(numeral).strip()
    if not s:
        return None
    if s[0].isdigit():
        if not s.isascii():  # other scripts' digits are not a number style of these articles
            return None
        return _read_digits(s, before_scale)
    words = s.lower().split()
    if not all(w in _SPELLED_WORDS for w in words):
        return None
    v = _read_spelled(words)
    return None if v is None else float(v)


# ---------------------------------------------------------------------------------------------------
# Finding quantities.


def _words_before(text: str, pos: int) -> list[tuple[int, str]]:
    """Up to three words right before `pos`, nearest first, as (start, lower-case word).

    Stops at punctuation: in "…tổ chức, 453 cá nhân" no word stands before 453. A word's own leading
    bracket or quote is dropped ("(hơn 5 tỷ" → "hơn") and ends the run.
    """
    out: list[tuple[int, str]] = []
    chunk = text[max(0, pos - _WINDOW) : pos]
    if not chunk or not chunk[-1].isspace():
        return out
    end = len(chunk)
    cut = pos > _WINDOW and not text[pos - _WINDOW - 1].isspace()  # the window starts mid-word
    for tok in reversed(chunk.rsplit(None, 3)[-3:]):
        at = chunk.rfind(tok, 0, end)
        end = at
        if at == 0 and cut:
            break
        word = tok.lstrip(_OPENERS)
        if not word.isalnum():
            break
        out.append((pos - len(chunk) + at + len(tok) - len(word), word.lower()))
        if len(word) != len(tok):
            break
    return out


def _prev_words(before: list[tuple[int, str]]) -> tuple[str, str]:
    """The word right before a numeral and the two words before it ("" when absent)."""
    last = before[0][1] if before else ""
    pair = f"{before[1][1]} {last}" if len(before) > 1 else ""
    return last, pair


def _blocked(before: list[tuple[int, str]], numeral: str, value: float) -> bool:
    """True when the word before the numeral makes it a date part, ordinal or name ("năm 2019", "lần 2")."""
    bare = numeral.isdigit()
    last, pair = _prev_words(before)
    for word, n_words in ((last, 1), (pair, 2)):
        if word not in _BLOCKED_BEFORE:
            continue
        rng, unless = _BLOCKED_BEFORE[word]
        if unless and len(before) > n_words and before[n_words][1] in unless:
            continue
        if rng is None or (bare and rng[0] <= value <= rng[1]):
            return True
    return False


def _glued_before(text: str, pos: int) -> bool:
    """True when the numeral is glued to what precedes it: a code, a date, a time, "COVID-19", "m2".

    A slash, colon or comma right after a word is allowed: "4.655 lượt/5.560 người", "98 lượt /115 người".
    """
    if pos == 0:
        return False
    c = text[pos - 1]
    if c.isalnum() or c == "_":
        return True
    if (
        c in "/:,"
    ):  # "lượt/5.560", "lượt /115", "đồng,100 m2" (a missing space) — but not "5/3", "15:03", "5,6"
        j = pos - 2
        while j >= 0 and text[j] in " \t" and c != ",":
            j -= 1
        return j >= 0 and not text[j].isalpha()
    return c in ".-–"


def _qualifier(before: list[tuple[int, str]], pos: int) -> tuple[str, int]:
    """The qualifier right before a numeral ("hơn", "chưa đến", "không dưới") and where it starts."""
    if not before or before[0][1] not in _QUAL_LAST:
        return "exact", pos  # most numerals: no qualifier ends right before them
    for n in range(len(before), 0, -1):  # the longest phrase wins: "không dưới" over "dưới"
        words = " ".join(w for _, w in reversed(before[:n]))
        if words in _QUALS:
            return _QUALS[words], before[n - 1][0]
    return "exact", pos


def _spelled_start(text: str, m: re.Match[str]) -> tuple[int, float] | None:
    """The longest well-formed spelled number ending at the match's numeral end ("năm hai" → "hai")."""
    s = m.start("num")
    spans = [(w.start() + s, w.group().lower()) for w in re.finditer(r"\S+", m.group("num"))]
    for k in range(len(spans)):
        words = [w for _, w in spans[k:]]
        v = _read_spelled(words)
        start = spans[k][0]
        last, _ = _prev_words(_words_before(text, start))
        if v is None and words == [_FIVE_ALONE] and last not in _FIVE_NOT_AFTER:
            noun = m.group("noun") or m.group("after_noun")
            if not (noun and _key(noun) in _VERB_NOUNS):
                v = 5  # "Đoàn gồm năm thành viên"
        if v is not None:
            if last in _SPELLED_NOT_AFTER:
                return None
            if words == [_ONE_WORD] and (last in _ONE_AFTER or _opens_sentence(text, start)):
                return None  # "Một hội nghị của …", "sau một cuộc thanh tra": the article "a"
            return (start, float(v))
    return None


def _opens_sentence(text: str, pos: int) -> bool:
    """True when `pos` starts a line or a sentence (only spaces or an opening mark since a line break or
    a full stop)."""
    j = pos - 1
    while j >= 0 and text[j] in " \t\"'“(":
        j -= 1
    return j < 0 or text[j] in "\n.!?:"


def _quantity(
    text: str, m: re.Match[str], prev: Quantity | None = None
) -> Quantity | tuple[Quantity, Quantity] | None:
    """The quantity a numeral match stands for (two for "tiếp 161/201 người"), or None if it is not one.
    `prev` is the quantity found before it, for a bare number that counts the same noun."""
    num = m.group("num")
    ns, ne = m.span("num")
    spelled = not num[0].isdigit()
    if m.end() == ne:  # no unit after the numeral
        return None if spelled else _noun_before(text, ns, ne, num, prev)
    if spelled:
        got = _spelled_start(text, m)
        if got is None:
            return None
        ns, value = got
        num = text[ns:ne]
    elif _glued_before(text, ns):
        return None

    scale = m.group("scale")
    noun = m.group("noun") or m.group("after_noun")
    unit_text = m.group("unit") or m.group("after_unit")
    end = m.end()
    total: float | None = None

    if scale is not None:
        if m.group("foreign"):
            return None
        if not spelled:
            value = read_number(num, before_scale=True)
        scale_factor = _SCALES[_key(scale)]
        ufactor = 1.0
        if unit_text:
            kind, ufactor = _UNIT_KIND.get(_unit_key(unit_text), ("", 1.0))
            if kind == "currency":
                unit = "VND"
            elif kind == "land":
                unit = "m2"
            else:  # "5 triệu %" is not a figure
                return None
        elif noun:
            unit = "count"
        elif _key(scale) in _SCALES_NEED_UNIT:
            return None
        else:
            unit = "VND"  # "680 triệu", "64.2 tỷ": tỷ/triệu alone are money in these articles
        if value is None:
            return None
        value = _scaled(value, scale_factor * ufactor)
        if m.group("mden") is not None:
            den = (None if spelled or m.group("scale2") or unit != "VND"
                   else read_number(m.group("mden"), before_scale=True))
            if not den or value > 2 * _scaled(den, scale_factor * ufactor):
                return None  # a share is at most a little more than its whole (as for counts)
            total = _scaled(den, scale_factor * ufactor)
            ne = m.end("mden")
        if m.group("scale2"):  # "1 tỷ 200 triệu đồng": the second part has a smaller scale
            scale2 = _SCALES[_key(m.group("scale2"))]
            part = read_number(m.group("num2"))
            if part is None or scale2 >= scale_factor:
                return None
            value += _scaled(part, scale2 * ufactor)
    elif unit_text:
        ukey = _unit_key(unit_text)
        kind, ufactor = _UNIT_KIND.get(ukey, ("", 1.0))
        if ukey in _UNIT_ONLY_AFTER:
            _, pair = _prev_words(_words_before(text, ns))
            last = _words_before(text, ns)[:1]
            if pair not in _UNIT_ONLY_AFTER[ukey] and not (last and last[0][1] in _UNIT_ONLY_AFTER[ukey]):
                return None  # "5 m" is a length; "diện tích 1.000 m" lost its ²
        if kind == "currency":
            if unit_text.strip() == "đồng" and _DONG_BAD_NEXT_RE.match(text, end):
                return None  # "5 đồng chí"
            unit = "VND"
        elif kind == "land":
            unit = "m2"
        elif kind == "percent":
            unit = "percent"
        else:
            return None
        if not spelled:
            value = read_number(num, before_scale=kind != "currency")
        if value is None:
            return None
        value = _scaled(value, ufactor)
    elif noun:
        unit = "count"
        if m.group("den") is None and _key(noun) in _SLASH_ONLY:
            return None  # "7 tỉnh": the members of a cluster; "61/63 tỉnh" is a share
        # "1 số cuộc": the writer's digit for "một số", read as 1 (gold/README.md); "5 số cuộc" is nothing
        if m.group("so") and num != "1":
            return None
        if m.group("den") is not None:
            if spelled:
                return None
            total = read_number(m.group("den"))
            ne = m.end("den")
        if not spelled:
            value = read_number(num)
            if value is None:
                return None
            if (
                num.isdigit()
                and len(num) == 4
                and _YEAR_MIN <= value <= _YEAR_MAX
                and _key(noun) in _VERB_NOUNS
            ):
                return None  # "2019 tổ chức hội nghị": a year, then a verb
        if m.group("den") is not None and (
            not total
            or (value > total and ((value <= _DAY_MAX and total <= _MONTH_MAX) or value > 2 * total))
        ):
            # "12/5 đoàn" reads as a date, not a share; "42/40 cuộc" is done against planned (a little
            # more done than planned, never more than twice); "5/0 cuộc" is nothing
            return None
    else:
        return None

    if not math.isfinite(value) or (total is not None and not math.isfinite(total)):
        return None  # values are finite: a record never carries null where a number belongs
    before = _words_before(text, ns)
    if _blocked(before, num, value):
        return None
    qualifier, start = _qualifier(before, ns)
    if qualifier == "exact" and before and before[0][1] in _QUAL_AROUND:
        for after_re, around in _QUAL_AROUND[before[0][1]]:
            if tail := after_re.match(text, end):
                qualifier, start, end = around, before[0][0], tail.end()
                break
    if total is not None and noun:
        pair = _slash_pair(text, m, before, noun, value, total, qualifier, start)
        if pair:
            return pair
    if unit == "m2":
        tail = _LAND_TAIL_RE.match(text, end)
        if tail:
            end = tail.end()
    noun_written = _WS_RE.sub(" ", noun) if noun else None
    key = _NOUN_KEY.get(_key(noun)) if noun else None
    return Quantity(
        value=value,
        unit=unit,
        qualifier=qualifier,
        total=total,
        start=start,
        end=end,
        num_start=ns,
        num_end=ne,
        noun=noun_written,
        noun_key=key,
    )


def _slash_pair(
    text: str,
    m: re.Match[str],
    before: list[tuple[int, str]],
    noun: str,
    value: float,
    total: float,
    qualifier: str,
    start: int,
) -> tuple[Quantity, Quantity] | None:
    """Two counts for a reception count "tiếp 161/201 người": 161 lượt and 201 người, not 161 of 201."""
    got = _SLASH_PAIRS.get(_key(noun))
    if not got:
        return None
    first, cues = got
    words = [w for _, w in before]
    if not any(" ".join(reversed(words[:k])) in cues for k in range(1, len(words) + 1)):
        return None
    ns, slash = m.start("num"), text.index("/", m.start("num"))
    ds, de = m.span("den")
    one = Quantity(
        value, "count", qualifier, None, start, slash, ns, slash, first, _NOUN_KEY.get(_key(first))
    )
    two = Quantity(
        total, "count", "exact", None, ds, m.end(), ds, de, _WS_RE.sub(" ", noun), _NOUN_KEY.get(_key(noun))
    )
    return one, two


def _noun_before(text: str, ns: int, ne: int, num: str, prev: Quantity | None = None) -> Quantity | None:
    """A bare number whose noun stands before it: "lưu đơn 54 do đơn trùng lắp" (54 đơn), "Số đơn đủ điều kiện
    xử lý là 377." (377 đơn), "thực hiện 49 cuộc, theo kế hoạch 42, đột xuất 07" (42 and 7 cuộc)."""
    if not num.isdigit() or len(num) > _MAX_DIGITS or _glued_before(text, ns):
        return None
    nxt = text[ne : ne + 2]
    if nxt and not (nxt[0].isspace() or nxt[0] in ";)" or (nxt[0] in ".," and nxt[1:2].strip() == "")):
        return None  # "đơn 5/2019", "đơn 12a": glued to something, not a bare count
    value = float(num)
    if _YEAR_MIN <= value <= _YEAR_MAX or _TIME_AFTER_RE.match(text, ne):
        return None  # a year, or a span of time ("giải quyết khiếu nại tố cáo 6 tháng đầu năm")
    lo = max(0, ns - _WINDOW)
    j = ns
    while j > lo and text[j - 1].isspace():
        j -= 1
    # the noun ends where the spaces before the number start: only then is the search worth running
    nm = _BEFORE_NOUN_RE.search(text, lo, ns) if j < ns and text.endswith(_BEFORE_LAST, lo, j) else None
    if nm:
        noun, start = nm.group().rstrip(), nm.start()
    else:
        got = _noun_after_la(text, ns, ne)
        if got is not None:  # "số" before the noun is what makes it a count here, not a block
            noun, start = got
        else:
            got = _split_label(text, ns, ne, prev)
            if got is None:
                return None
            noun, start = got
            nm = True
    last, pair = _prev_words(_words_before(text, start))
    if nm and (pair in _BLOCKED_BEFORE or last in _BLOCKED_BEFORE):
        return None
    return Quantity(
        value=value,
        unit="count",
        qualifier="exact",
        total=None,
        start=start,
        end=ne,
        num_start=ns,
        num_end=ne,
        noun=_WS_RE.sub(" ", noun),
        noun_key=_NOUN_KEY.get(_key(noun)),
    )


def _clause_start(text: str, pos: int, window: int) -> int:
    """Where the clause holding `pos` starts, looking back at most `window` characters."""
    lo = max(0, pos - window)
    ends = [m.end() for m in _CLAUSE_END_RE.finditer(text, lo, pos)]
    return ends[-1] if ends else lo


def _noun_after_la(text: str, ns: int, ne: int) -> tuple[str, int] | None:
    """"Số đơn đủ điều kiện xử lý là 377.": the noun after "(tổng) số" earlier in the clause, and its start.
    """
    if not _LA_RE.search(text, max(0, ns - 8), ns):
        return None
    if ne < len(text) and text[ne] not in ".;,)\n" and text[ne : ne + 1].strip():
        return None
    if ne < len(text) and text[ne] == " " and text[ne + 1 : ne + 2] not in ("", "\n"):
        return None  # "là 377 đơn" has its noun after it; a number closing the clause has nothing after
    lo = _clause_start(text, ns, _LA_WINDOW)
    found = list(_SO_NOUN_RE.finditer(text, lo, ns))
    if not found:
        return None
    return found[-1].group("noun"), found[-1].start("noun")


def _split_label(text: str, ns: int, ne: int, prev: Quantity | None) -> tuple[str, int] | None:
    """"…49 cuộc thanh tra, theo kế hoạch 42, đột xuất 07": after a split label, a bare number counts the
    noun of the count just before it in the same sentence. The list goes on after it (a mark or "và"): a
    number at the end of a cut-off text ("tiếp định kỳ 383") may have lost its own noun."""
    if prev is None or prev.unit != "count" or not prev.noun or ns - prev.end > _SPLIT_WINDOW:
        return None
    after = text[ne : ne + 4]
    if not (after[:1] in (",", ";", ".", ")") or after.startswith(" và")):
        return None
    label = _SPLIT_RE.search(text, max(prev.end, ns - _WINDOW), ns)
    if not label or _CLAUSE_END_RE.search(text, prev.end, ns):
        return None
    return prev.noun, label.start()


def _scaled(value: float, factor: float) -> float:
    """value × factor without binary noise: 1.1 tỷ is 1100000000, not 1100000000.0000002."""
    return value * factor if factor == 1 else float(Decimal(repr(value)) * Decimal(repr(factor)))


def _unit_key(unit_text: str) -> str:
    u = " ".join(unit_text.split())
    return u if u in _UNIT_KIND else u.lower()


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in `text`, in order, non-overlapping; spans index `text` exactly. Never raises."""
    if not isinstance(text, str) or not text:
        return []
    out: list[Quantity] = []
    last_end = 0
    for m in _FIGURE_RE.finditer(text):
        got = _quantity(text, m, out[-1] if out else None)
        if got is None:
            continue
        for q in got if isinstance(got, tuple) else (got,):
            if q.start < last_end:  # reaches into the previous figure: keep the numeral, drop the qualifier
                if q.num_start < last_end or q.qualifier == "exact":
                    continue
                q = dataclasses.replace(q, qualifier="exact", start=q.num_start)
            out.append(q)
            last_end = q.end
    return out


def noun_key(noun: str) -> str | None:
    """The key of a count noun in patterns/count_nouns.jsonl ("cuộc thanh tra" → "cuộc"), None if unknown."""
    return _NOUN_KEY.get(_key(_nfc(noun)))


def read_amount(s: str) -> tuple[float, str] | None:
    """The first figure in a string as (value, unit), or None.

    "160.596 triệu đồng" → (160596000000, "VND"); "2,5 ha" → (25000, "m2"); "5.486 cuộc" → (5486, "count").
    """
    if not isinstance(s, str):
        return None
    qs = find_quantities(_nfc(s))
    return (qs[0].value, qs[0].unit) if qs else None
