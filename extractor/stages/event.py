"""Stage 9b: the event an article reports — type, date (only when the day is written) and the province
named as its place. Cues are in `patterns/events.json`.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import cache

import regex

from extractor.article import Article
from extractor.models import Event, LegalRef, Period
from extractor.patterns import load_json
from extractor.stages.provinces import Mention

_KINDS = ("review_conference", "meeting", "pledge_signing", "launch", "other")


@cache
def _patterns() -> dict[str, regex.Pattern]:
    cfg = load_json("events")
    out = {k: regex.compile("|".join(cfg[k]), regex.IGNORECASE) for k in _KINDS}
    out["negation"] = regex.compile(cfg["negation"], regex.IGNORECASE)
    out["place"] = regex.compile(cfg["place"])
    out["date"] = regex.compile(cfg["date"])
    return out


def _has(kind: str, text: str) -> bool:
    """A cue of `kind` in `text` that is not negated ("Cụm không tổ chức ký kết giao ước")."""
    p = _patterns()
    negated = p["negation"]
    return any(not negated.search(text[max(0, m.start() - 25) : m.start()]) for m in p[kind].finditer(text))


def _type(lead: str, whole: str) -> str:
    """Spec precedence: review (even with a signing) > signing (even with a launch) > launch > other."""
    if not any(_has(k, lead) for k in _KINDS):
        return "report"  # results reported without a meeting
    if _has("review_conference", lead):
        return "review_conference"
    if _has("pledge_signing", whole):
        return "pledge_signing"
    if _has("launch", lead):
        return "launch"
    if _has("meeting", lead):
        return "review_conference"
    return "other"


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
    etype = _type(lead, view)
    if etype == "report":
        return Event(type="report", date=None, location=None)
    location = None
    for m in mentions:
        if p["place"].search(view[max(0, m.start - 70) : m.start]):
            location = m.code
            break
    date = None
    # Reference spans merged and sorted, tested by bisection: a lead may hold thousands of dates and refs.
    in_refs: list[list[int]] = []
    for a, b in sorted(r.span for r in refs if r.span):
        if in_refs and a <= in_refs[-1][1]:
            in_refs[-1][1] = max(in_refs[-1][1], b)
        elif a < b:
            in_refs.append([a, b])
    ref_starts = [a for a, _ in in_refs]

    def in_a_ref(pos: int) -> bool:
        i = bisect_right(ref_starts, pos) - 1
        return i >= 0 and pos < in_refs[i][1]

    dm = next((d for d in p["date"].finditer(lead) if not in_a_ref(d.start())), None)
    if dm:
        year = int(dm["y"]) if dm["y"] else _year_hint(art, period)
        d, mo = int(dm["d"]), int(dm["m"])
        if year and 1 <= d <= 31 and 1 <= mo <= 12:
            date = f"{year:04d}-{mo:02d}-{d:02d}"
    return Event(type=etype, date=date, location=location)
