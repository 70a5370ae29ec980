"""The year of a day written without one ("Ngày 14/4", "sáng 19.12"), shared by the event and the legal
references (spec §2: "year from the article when omitted"; gold/README.md: the date line or the same
sentence).

The date line gives the year, or the year before when the day would fall after publication ("Ngày 28/12"
under "05/01/2025" is 2024-12-28). Without a date line the day's own sentence does: the latest full date
there that is not a cited document's (the anniversary being celebrated); else a year written alone; else the
start of a span (a term); else the year of a document cited there, when the day can fall after it.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Callable

import regex

from extractor.article import Article

_YEAR = regex.compile(r"(?<![\d/.-])(?:19|20)\d\d(?![\d/-]|\.\d)")
_FULL_DATE = regex.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d\d)(?!\d)")
# "tháng 8/2023", "8/2023": a month with its year (not the end of a full date).
_MONTH_YEAR = regex.compile(r"(?<![\d/.-])(1[0-2]|0?[1-9])/((?:19|20)\d\d)(?!\d)")
_YEAR_SPAN = regex.compile(r"(?<![\d/.-])((?:19|20)\d\d)[ \t]*[-–][ \t]*(?:19|20)\d\d(?!\d)")

Span = tuple[int, int]


def day(year: int, month: int, day_: int) -> dt.date | None:
    try:
        return dt.date(year, month, day_)
    except ValueError:
        return None


def published_date(art: Article) -> dt.date | None:
    if not art.published or len(art.published) < 10:
        return None
    try:
        return dt.date.fromisoformat(art.published[:10])
    except ValueError:
        return None


def inside_spans(spans: list[Span]) -> Callable[[int], bool]:
    """A test "is this position inside one of `spans`", by bisection over the merged spans: a long lead may
    hold thousands of dates and references."""
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        elif a < b:
            merged.append([a, b])
    starts = [a for a, _ in merged]

    def inside(pos: int) -> bool:
        i = bisect_right(starts, pos) - 1
        return i >= 0 and pos < merged[i][1]

    return inside


def sentence_year(art: Article, pos: int, d: int, m: int, doc_spans: list[Span]) -> int | None:
    """The year of day `d`/`m` at `pos` from its own sentence (see the module docstring); `doc_spans` are
    the cited documents' spans ("Ngày 11/5 … thực hiện Kết luận … ngày 17/4/2025" → 2025; "Ngày 5/1 … Kết
    luận … ngày 04/09/2018" → unknown)."""
    s, e = art.sentence_of(pos)
    sentence = art.clean[s:e]
    in_a_doc = inside_spans(doc_spans)
    own, cited = [], []
    for x in _FULL_DATE.finditer(sentence):
        (cited if in_a_doc(s + x.start()) else own).append(x)
    if own:
        return max(int(x[3]) for x in own)
    spans = list(_YEAR_SPAN.finditer(sentence))
    lone = [x for x in _YEAR.finditer(sentence) if not any(y.start() <= x.start() < y.end() for y in spans)]
    if lone:
        return int(lone[0].group())
    if spans:
        return int(spans[0][1])
    # "Sáng 15/8, … buổi tiếp công dân định kỳ tháng 8/2023": the same month, written with its year
    same_month = [x for x in _MONTH_YEAR.finditer(sentence) if int(x[1]) == m and not in_a_doc(s + x.start())]
    if same_month:
        return int(same_month[0][2])
    docs = [(when, x) for x in cited if (when := day(int(x[3]), int(x[2]), int(x[1])))]
    if docs:
        doc_day = max(docs)[0]
        when = day(doc_day.year, m, d)
        if when and when >= doc_day:
            return doc_day.year
    return None


def full_date(art: Article, pos: int, d: int, m: int, y: int | None, doc_spans: list[Span]) -> dt.date | None:
    """Day `d`/`m` at `pos` as a date: with its year `y`, else the date line's, else its sentence's."""
    if y:
        return day(y, m, d)
    published = published_date(art)
    if published:
        when = day(published.year, m, d)
        if when and when > published:
            when = day(published.year - 1, m, d)
        return when
    year = sentence_year(art, pos, d, m, doc_spans)
    return day(year, m, d) if year else None
