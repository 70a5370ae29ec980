"""Stage 9b: the event an article reports — type, date (only when the day is written) and the province
named as its place. Cues are in `patterns/events.json`.
"""

from __future__ import annotations

from functools import cache

import regex

from extractor.article import Article
from extractor.models import Event
from extractor.patterns import load_json
from extractor.provinces import Mention

# Spec precedence: the first type in this order whose cue appears wins.
_ORDER = ("review_conference", "pledge_signing", "launch", "other")


@cache
def _patterns() -> dict[str, regex.Pattern]:
    cfg = load_json("events")
    out = {t: regex.compile("|".join(cfg[t])) for t in _ORDER if cfg[t]}
    out["place"] = regex.compile(cfg["place"])
    out["date"] = regex.compile(cfg["date"])
    return out


def _type(view: str) -> str:
    p = _patterns()
    hits = {t: p[t].search(view) for t in _ORDER}
    if hits["review_conference"] and hits["pledge_signing"]:
        # A signing ceremony held as a conference is a signing unless results are reviewed there.
        review_words = regex.search(r"sơ kết|tổng kết|đánh giá kết quả|Đại hội", view)
        return "review_conference" if review_words else "pledge_signing"
    for t in _ORDER:
        if hits[t]:
            return t
    return "report"


def _year_hint(art: Article) -> int | None:
    if art.published:
        return int(art.published[:4])
    m = regex.search(r"(?<![\d])(?:19|20)\d\d(?![\d])", art.clean)
    return int(m.group()) if m else None


def find_event(art: Article, mentions: list[Mention]) -> Event:
    p = _patterns()
    view = art.clean
    etype = _type(view)
    if etype == "report":
        return Event(type="report", date=None, location=None)
    location = None
    for m in mentions:
        if p["place"].search(view[max(0, m.start - 70) : m.start]):
            location = m.code
            break
    date = None
    dm = p["date"].search(view)
    if dm:
        year = int(dm["y"]) if dm["y"] else _year_hint(art)
        d, mo = int(dm["d"]), int(dm["m"])
        if year and 1 <= d <= 31 and 1 <= mo <= 12:
            date = f"{year:04d}-{mo:02d}-{d:02d}"
    return Event(type=etype, date=date, location=location)
