"""Stage 9b: the event an article reports — type, date (only when the day is written) and the province
named as its place. Cues are in `patterns/events.json`.
"""

from __future__ import annotations

from functools import cache

import regex

from extractor.article import Article
from extractor.models import Event, LegalRef, Period
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


def _year_hint(art: Article, period: Period | None) -> int | None:
    """The year of an event date written without one ("Tối 4/6"): publication, else the period."""
    if art.published:
        return int(art.published[:4])
    if period and period.year:
        return period.year
    return None


def _lead_end(art: Article) -> int:
    """End of the lead: title plus the first two paragraphs, where news states what happened."""
    body = [p for p in art.paragraphs if art.clean[p[0] : p[1]].strip()]
    return body[min(2, len(body) - 1)][1] if body else len(art.clean)


def find_event(
    art: Article, mentions: list[Mention], refs: list[LegalRef] = (), period: Period | None = None
) -> Event:
    p = _patterns()
    view = art.clean
    lead = view[: _lead_end(art)]
    etype = _type(lead)
    if etype == "report":
        return Event(type="report", date=None, location=None)
    location = None
    for m in mentions:
        if p["place"].search(view[max(0, m.start - 70) : m.start]):
            location = m.code
            break
    date = None
    in_refs = [r.span for r in refs if r.span]
    dm = next((d for d in p["date"].finditer(lead) if not any(a <= d.start() < b for a, b in in_refs)), None)
    if dm:
        year = int(dm["y"]) if dm["y"] else _year_hint(art, period)
        d, mo = int(dm["d"]), int(dm["m"])
        if year and 1 <= d <= 31 and 1 <= mo <= 12:
            date = f"{year:04d}-{mo:02d}-{d:02d}"
    return Event(type=etype, date=date, location=location)
