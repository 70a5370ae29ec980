"""Stage 9a: the period whose results or plans the article reports ("năm 2019", "6 tháng đầu năm 2023",
"quý I", "tháng 4 năm 2017"). Phrases are in `patterns/periods.jsonl`; comparisons, anniversaries and
terms ("so với cùng kỳ năm 2018", "kỷ niệm 74 năm") are excluded by `patterns/period_context.json`.
"""

from __future__ import annotations

from functools import cache

import regex

from extractor.article import Article
from extractor.models import Period
from extractor.patterns import load_json, load_jsonl
from extractor.stages.roman import roman_to_int

_SPELLED = {"ba": 3, "sáu": 6, "chín": 9}
_YEAR = regex.compile(r"(?<![\d/.-])(?:19|20)\d\d(?![\d/-]|\.\d)")  # a year, not part of a date


@cache
def _patterns() -> tuple[regex.Pattern, list[str], regex.Pattern, regex.Pattern]:
    rows = load_jsonl("periods")
    alt = "|".join(f"(?P<p{i}>{r['pattern']})" for i, r in enumerate(rows))
    # Group names repeat across rows; the `regex` module allows that and reports the branch that matched.
    combined = regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{alt})", regex.V1)
    ctx = load_json("period_context")
    not_before = regex.compile(rf"(?:{'|'.join(ctx['not_before'])})[ \t]*$")
    not_after = regex.compile("|".join(ctx["not_after"]))
    return combined, [r["kind"] for r in rows], not_before, not_after


def _months(kind: str, g: dict) -> tuple[int, int] | None:
    if kind == "year":
        return 1, 12
    if kind in ("first_months", "last_months"):
        n = g.get("n")
        n = _SPELLED.get(n, None) if n and not n.isdigit() else int(n) if n else None
        if not n or not 1 <= n <= 12:
            return None
        return (1, n) if kind == "first_months" else (13 - n, 12)
    if kind == "quarter":
        q = g["q"]
        q = int(q) if q.isdigit() else roman_to_int(q)
        return (3 * q - 2, 3 * q) if q else None
    if kind == "month":
        m = int(g["m"])
        return m, m
    return None


def find_period(art: Article) -> Period | None:
    pattern, kinds, not_before, not_after = _patterns()
    view = art.clean
    for m in pattern.finditer(view):
        branch = next(i for i, k in enumerate(kinds) if m.group(f"p{i}") is not None)
        kind = kinds[branch]
        s_start, s_end = art.sentence_of(m.start())
        before = view[max(s_start, m.start() - 25) : m.start()]
        if not_before.search(before):
            continue
        if not_after.match(view, m.end()):
            continue
        g = {k: v[-1] for k, v in m.capturesdict().items() if v}
        months = _months(kind, g)
        if months is None:
            continue
        year = int(g["y"]) if g.get("y") else None
        if year is None:
            # "6 tháng đầu năm" without a year: a year written in the same sentence.
            sm = _YEAR.search(view, s_start, s_end)
            year = int(sm.group()) if sm else None
        return Period(
            year=year,
            start_month=months[0],
            end_month=months[1],
            label=art.text[m.start() : m.end()],
        )
    return None
