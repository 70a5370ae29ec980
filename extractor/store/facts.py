"""Facts: what totals count, once each, however many times and places a number is reported.

A fact is one number about one thing: the figures that give the same metric, unit, province(s) and
period (year, first and last month) with values within 0.5 % of each other, one per article — the same
report republished by two outlets is one fact with two sources. Inside one article, a number it repeats
(same metric, unit and value) is the same fact too. A fact stands for its figures in every total: the
figure shown for it (its id is the fact's id) is, of its sources, one written exactly if any, from the
article published first.

Figures with no province or no year never merge across articles (nothing says they are about the same
thing); each article's mention of them is a fact of its own.

A fact that breaks down another (`part_of`, the same metric and unit) has that fact as its `whole_fact`
(`part_kind` "stated"): totals leave it out wherever its whole is counted. So has a number an article
gives for provinces its sentence names, within a cluster's joint total it also gives (same metric, unit
and period, not more than that total): "Các tỉnh trong cụm kiến nghị thu hồi 71,5 tỷ đồng" and "Thanh tra
tỉnh Điện Biên kiến nghị thu hồi 5 tỷ đồng" — the province's 5 tỷ is within the cluster's 71,5 (`part_kind`
"within"). Not for the metric `other`, which holds unlike things.
Pure functions; `extractor.store.db` reads and writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from extractor.store.checks import TOLERANCE


@dataclass(frozen=True)
class FigureRow:
    """What grouping needs of one row of the figures table."""

    id: str
    doc_id: str
    metric: str
    unit: str
    value: float
    qualifier: str
    repeat_of: str | None
    whole_id: str | None
    year: int | None
    start_month: int | None
    end_month: int | None
    codes: tuple[str, ...]
    published: str | None
    scope: str | None = None  # how its provinces were found (rows.py): "cluster", "sentence", …


@dataclass
class Fact:
    id: str  # the id of the figure that stands for it
    figure_ids: list[str]
    doc_ids: list[str]
    whole_fact: str | None = None
    part_kind: str | None = None  # "stated" (part_of) or "within" (some of a joint total's provinces)
    representative: FigureRow | None = field(default=None, repr=False)


def _mergeable(f: FigureRow) -> bool:
    return bool(f.codes) and f.year is not None


def _key(f: FigureRow) -> tuple:
    return (f.metric, f.unit, tuple(sorted(f.codes)), f.year, f.start_month, f.end_month)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE * max(abs(a), abs(b))


def _preference(f: FigureRow) -> tuple:
    return (f.qualifier != "exact", f.published or "9999", f.doc_id, f.id)


def group(rows: Iterable[FigureRow]) -> list[Fact]:
    """Every figure in exactly one fact; facts in the order of their first figure's id."""
    rows = list(rows)
    by_id = {r.id: r for r in rows}
    # 1. Inside an article: a repeated number is its first mention's.
    mentions: dict[str, list[FigureRow]] = {}
    for r in rows:
        first = r.repeat_of if r.repeat_of in by_id else r.id
        mentions.setdefault(first, []).append(r)
    # 2. Across articles: first mentions with one key and values within 0.5 %, one per article.
    buckets: dict[tuple, list[str]] = {}
    lone: list[list[str]] = []
    for first in mentions:
        f = by_id[first]
        if _mergeable(f):
            buckets.setdefault(_key(f), []).append(first)
        else:
            lone.append([first])
    clusters: list[list[str]] = list(lone)
    for firsts in buckets.values():
        firsts.sort(key=lambda i: (by_id[i].value, i))
        current: list[str] = []
        for i in firsts:
            f = by_id[i]
            if current and _close(by_id[current[0]].value, f.value) and f.doc_id not in {
                by_id[j].doc_id for j in current
            }:
                current.append(i)
            else:
                if current:
                    clusters.append(current)
                current = [i]
        if current:
            clusters.append(current)
    facts: list[Fact] = []
    fact_of: dict[str, str] = {}
    for firsts in clusters:
        members = [m for i in firsts for m in mentions[i]]
        rep = min((by_id[i] for i in firsts), key=_preference)
        fact = Fact(
            id=rep.id,
            figure_ids=sorted(m.id for m in members),
            doc_ids=sorted({m.doc_id for m in members}),
            representative=rep,
        )
        facts.append(fact)
        for m in members:
            fact_of[m.id] = fact.id
    # 3. Wholes: the fact of the whole of any of its figures that breaks down one of its own metric and unit.
    for fact in facts:
        for fid in fact.figure_ids:
            part = by_id[fid]
            whole = by_id.get(part.whole_id or "")
            if whole is not None and (whole.metric, whole.unit) == (part.metric, part.unit):
                if fact_of[whole.id] != fact.id:
                    fact.whole_fact, fact.part_kind = fact_of[whole.id], "stated"
                    break
    _within_joint_totals(facts)
    facts.sort(key=lambda f: f.id)
    return facts


def _within_joint_totals(facts: list[Fact]) -> None:
    """A fact for provinces its sentence names, some of those of a cluster's joint total in its article
    (same metric, unit and period, a value not above it), is a part of the smallest such total."""
    by_doc: dict[str, list[Fact]] = {}
    for fact in facts:
        for doc in fact.doc_ids:
            by_doc.setdefault(doc, []).append(fact)
    for fact in facts:
        rep = fact.representative
        if (
            fact.whole_fact is not None
            or rep is None
            or rep.scope != "sentence"
            or rep.unit == "percent"
            or rep.metric == "other"
        ):
            continue
        candidates = []
        for doc in fact.doc_ids:
            for other in by_doc[doc]:
                o = other.representative
                if (
                    o is not None
                    and other is not fact
                    and o.scope == "cluster"
                    and (o.metric, o.unit, o.year, o.start_month, o.end_month)
                    == (rep.metric, rep.unit, rep.year, rep.start_month, rep.end_month)
                    and set(rep.codes) < set(o.codes)
                    and rep.value <= o.value
                ):
                    candidates.append(other)
        if candidates:
            whole = min(candidates, key=lambda f: (len(f.representative.codes), f.id))  # type: ignore[union-attr]
            fact.whole_fact, fact.part_kind = whole.id, "within"
