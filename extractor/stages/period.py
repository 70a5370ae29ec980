"""Stage 9b: the period whose results or plans the article reports ("năm 2019", "6 tháng đầu năm 2023",
"quý I", "tháng 4 năm 2017", "Từ đầu năm đến nay"). Phrases are in `patterns/periods.jsonl`; what a phrase
may not be (a comparison, an anniversary, a term, an inspection's span, a plan's or a law's name, a deadline,
the coming year's tasks) is in `patterns/period_context.json`.

Of the phrases left, the period is (spec §2): for a meeting, signing or launch, the one written right after
its review, signing or launch word in the same sentence ("Hội nghị Sơ kết công tác thi đua 6 tháng đầu năm
…"); else the first one whose sentence states results (a count of inspections, receptions, petitions …),
since a framing lead ("Trong tháng 3, tỉnh … tiếp tục quan tâm …") is not the period the figures are for;
else the first one. News that is not a period's results (`other`) has a period only where a sentence states
results, issues a plan or a pledge, or names a year's emulation work. An article whose first sentence gives
its results over a span of years ("Trong 5 năm qua, …") has none the record can hold.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import regex

from extractor.article import Article
from extractor.models import LegalRef, Period
from extractor.patterns import load_json, load_jsonl
from extractor.stages import event, rx
from extractor.stages.dates import inside_spans
from extractor.stages.roman import roman_to_int

_SPELLED = {"ba": 3, "sáu": 6, "chín": 9}
_YEAR = regex.compile(r"(?<![\d/.-])(?:19|20)\d\d(?![\d/-]|\.\d)")  # a year, not part of a date
_MONTH = regex.compile(
    r"(?<![\p{L}])tháng[ \t]+(1[0-2]|0?[1-9])(?:[ \t]*(?:/|năm)[ \t]*((?:19|20)\d\d))?(?![\d])"
)
_CUE_WINDOW = 100  # how far after a review / signing / launch word its period may stand


@dataclass(frozen=True)
class _Patterns:
    phrase: regex.Pattern
    kinds: list[str]
    not_before: regex.Pattern
    not_after: regex.Pattern
    not_in_clause: regex.Pattern
    plan_issued: regex.Pattern
    pledge: regex.Pattern
    emulation: regex.Pattern
    span_of_years: regex.Pattern


def _numbered_groups(pattern: str, i: int) -> str:
    return regex.sub(r"\(\?P<([a-z]+)>", lambda m: f"(?P<{m[1]}_{i}>", pattern)


@cache
def _patterns() -> _Patterns:
    rows = load_jsonl("periods")
    # Each row's groups get the row's number ("y" → "y_3"), so that no name repeats and `re` (rx: about three
    # times faster here) can run the whole alternation; _groups reads them back.
    alt = "|".join(f"(?P<p{i}>{_numbered_groups(r['pattern'], i)})" for i, r in enumerate(rows))
    ctx = load_json("period_context")
    return _Patterns(
        phrase=rx.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{alt})"),
        kinds=[r["kind"] for r in rows],
        not_before=regex.compile(rf"(?:{'|'.join(ctx['not_before'])})[ \t]*$"),
        not_after=regex.compile("|".join(ctx["not_after"])),
        not_in_clause=regex.compile(rf"(?<![\p{{L}}])(?:{'|'.join(ctx['not_in_clause'])})[ \t,]*$"),
        plan_issued=regex.compile(ctx["plan_issued"], regex.IGNORECASE),
        pledge=regex.compile(rf"(?<![\p{{L}}])(?:{ctx['pledge']})(?![\p{{L}}])", regex.IGNORECASE),
        emulation=regex.compile(rf"(?<![\p{{L}}])(?:{ctx['emulation']})"),
        span_of_years=regex.compile(ctx["span_of_years"]),
    )


def _months(kind: str, g: dict, sentence: str) -> tuple[int | None, int | None] | None:
    if kind in ("year", "first_half", "last_half"):
        return {"year": (1, 12), "first_half": (1, 6), "last_half": (7, 12)}[kind]
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
    if kind == "day_span":
        start, end = int(g["m"]), int(g["n"])
        return (start, end) if start <= end else None
    if kind == "cutoff":
        return None, int(g["m"])  # "đến ngày 20/9/2018": the end is written, the start is not (art_033)
    if kind == "to_date":
        # "Từ đầu năm đến nay (tháng 8/2023)": to the month its sentence writes, else unknown.
        month = _MONTH.search(sentence)
        return 1, int(month[1]) if month else None
    return None


def _groups(m: re.Match, branch: int) -> dict[str, str]:
    """The named groups of the row that matched, by their names in `patterns/periods.jsonl`."""
    tail = f"_{branch}"
    return {k[: -len(tail)]: v for k, v in m.groupdict().items() if v is not None and k.endswith(tail)}


@dataclass(frozen=True)
class _Candidate:
    start: int
    year: int | None
    months: tuple[int | None, int | None]
    label: str
    sentence: tuple[int, int]

    @property
    def period(self) -> Period:
        return Period(year=self.year, start_month=self.months[0], end_month=self.months[1], label=self.label)


class _Lazy:
    """The candidates in text order, read off the article only as far as they are asked for (the rule
    that picks one usually stops at one of the first)."""

    def __init__(self, found: Iterator[_Candidate]) -> None:
        self._found = found
        self._seen: list[_Candidate] = []

    def __iter__(self) -> Iterator[_Candidate]:
        yield from self._seen
        for c in self._found:
            self._seen.append(c)
            yield c

    def first(self) -> _Candidate | None:
        return next(iter(self), None)


def _candidates(art: Article, refs: list[LegalRef]) -> Iterator[_Candidate]:
    p = _patterns()
    view = art.clean
    in_a_ref = inside_spans([r.span for r in refs if r.span])
    for m in p.phrase.finditer(view):
        branch = next(i for i in range(len(p.kinds)) if m.group(f"p{i}") is not None)
        kind = p.kinds[branch]
        if in_a_ref(m.start()):
            continue  # "Kế hoạch số 402/KH-TĐKT … năm 2018": a document's own words
        s_start, s_end = art.sentence_of(m.start())
        if p.not_before.search(view[max(s_start, m.start() - 25) : m.start()]):
            continue
        if p.not_after.match(view, m.end()):
            continue
        clause = view[max(s_start, m.start() - 90) : m.start()]
        if p.not_in_clause.search(clause) and not p.plan_issued.search(clause):
            continue
        sentence = view[s_start:s_end]
        g = _groups(m, branch)
        months = _months(kind, g, sentence)
        if months is None:
            continue
        if kind in ("cutoff", "day_span") and not event.states_results(art, s_start, s_end):
            continue  # "đến ngày 30/6/2025" as a deadline or a status, not results to date
        year = int(g["y"]) if g.get("y") else None
        if year is None and kind == "to_date" and (month := _MONTH.search(sentence)) and month[2]:
            year = int(month[2])  # "Từ đầu năm đến nay (tháng 8/2023)"
        if year is None:
            # "6 tháng đầu năm" without a year: a year written in the same sentence, else none.
            sm = _YEAR.search(view, s_start, s_end)
            year = int(sm.group()) if sm else None
        yield _Candidate(m.start(), year, months, art.text[m.start() : m.end()], (s_start, s_end))


def find_period(art: Article, event_type: str | None = None, refs: list[LegalRef] = ()) -> Period | None:
    p = _patterns()
    view = art.clean
    found = _Lazy(_candidates(art, list(refs)))
    first = found.first()
    if first is None:
        return None
    opening = event.first_prose_sentence(art)
    if opening and p.span_of_years.match(view, opening[0], opening[1]):
        return None  # "Trong 5 năm thực hiện Luật …, ngành thanh tra đã phát hiện …": results over years
    if event_type in ("review_conference", "pledge_signing", "launch"):
        cues = event.cue_starts(art, event_type)
        for c in found:
            if any(c.sentence[0] <= cue < c.start and c.start - cue <= _CUE_WINDOW for cue in cues):
                return c.period
    for c in found:
        # "Trong quý II, … phấn đấu ban hành kết luận ít nhất 20 cuộc": a target is no result
        if event.states_results(art, *c.sentence) and not p.pledge.search(view, *c.sentence):
            return c.period
    if event_type != "other":
        return first.period
    for c in found:  # news that is not a period's results: a plan, a pledge or a year's emulation work
        s, e = c.sentence
        planned = p.plan_issued.search(view, s, e) or p.pledge.search(view, s, e)
        if planned or p.emulation.search(view, s, c.start):
            return c.period
    return None
