"""Consistency checks a careful reader makes on a report: pure functions over one record's figures.

Each check that fails puts a flag on the figures it concerns, with a one-line reason in Vietnamese and
English (wording in `patterns/consistency_flags.json`). A flag never changes a value: it says where to look.

- `recovery_order`: recovered ≤ recommended for recovery ≤ found in violation, for the same period and
  body (the same provinces, in one article): the largest figure of each is compared.
- `parts_exceed_total`: the parts of a whole (`part_of`, same unit) add up to more than the whole.
- `rate_mismatch`: a stated rate is not its ratio within the rounding it is written with: the ratio of
  an "A/B" figure before it in its sentence, else of the two figures of one unit right before it
  ("giải quyết 363 đơn …, xong 321 đơn (đạt 88,4%)": 321/363 = 88,43 %, quiet).
- `headline_unmatched`: a number in the headline that no number in the body gives (at the headline's
  precision: "hơn 5,6 tỷ" in a title matches 5,63 tỷ in the body).
- `ratio_over_total`: an "A/B" figure whose A is more than its B.

`compare_facts` runs `recovery_order` across articles too: facts of one body and period from different
articles.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from extractor.models import Figure, Record
from extractor.patterns import load_json
from extractor.store.searchfold import fold

TOLERANCE = 0.005  # values within 0.5 % are the same number (spec §3, and the facts of the database)


@dataclass
class Flag:
    """One failed check: the figures it concerns (indexes into the record's figures) and why."""

    code: str
    figures: list[int]
    vi: str
    en: str
    others: list[str] = field(default_factory=list)  # ids of figures in other articles (across articles)


@cache
def _wording() -> dict[str, Any]:
    return load_json("consistency_flags")


def titles() -> dict[str, tuple[str, str]]:
    """Flag code → (Vietnamese, English) name of the check, for facets and listings."""
    return {code: (w["title_vi"], w["title_en"]) for code, w in _wording()["flags"].items()}


def check_name(code: str) -> str:
    """ "Vietnamese name · English name" of a check, as the site lists it."""
    vi, en = titles()[code]
    return f"{vi} · {en}"


def _flag(code: str, figures: list[int], message: str | None = None, others: Sequence[str] = (),
          **values: str) -> Flag:
    """A flag with its reasons: the wording of `message` (default: the code's own) filled with `values`."""
    w = _wording()["messages"][message or code]
    return Flag(code, figures, w["vi"].format(**values), w["en"].format(**values), list(others))


def _quote(f: Figure) -> str:
    return f"«{f.text}»" if f.text else f"{f.value:g} {f.unit}"


# ---------------------------------------------------------------- numbers as written

_TOKEN = re.compile(r"\d+(?:[.,]\s?\d+)*")


def written_precision(f: Figure, *, lenient: bool = False) -> float | None:
    """The value of one unit of the last digit the figure is written with ("5,6 tỷ" → 0,1 tỷ = 10⁸ đồng);
    `lenient` also counts an integer's trailing zeros as rounding ("5.000 tỷ" → 1.000 tỷ). None when the
    text gives no digits to go by."""
    m = _TOKEN.search(f.text or "")
    if not m:
        return None
    token = m.group(0).replace(" ", "")
    decimals = 0
    if "," in token:
        head, _, tail = token.rpartition(",")
        digits = head.replace(".", "") + tail
        decimals = len(tail)
    else:
        groups = token.split(".")
        if len(groups) > 1 and not all(len(g) == 3 for g in groups[1:]):
            decimals = len(groups[-1])  # "71.5 tỷ": a decimal dot
        digits = "".join(groups)
    written = int(digits) / 10**decimals if digits else 0
    if written == 0:
        return None
    step = abs(f.value) / written * 10**-decimals
    if lenient and decimals == 0:
        zeros = len(digits) - len(digits.rstrip("0"))
        step *= 10 ** min(zeros, len(digits) - 1)
    return step


def same_number(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE * max(abs(a), abs(b)) or math.isclose(a, b)


def _matches_at_precision(headline: Figure, body: Figure) -> bool:
    if same_number(headline.value, body.value):
        return True
    step = written_precision(headline, lenient=True)
    if not step:
        return False
    q = body.value / step
    nearby = (round(q), math.floor(q), math.ceil(q))
    return any(math.isclose(k * step, headline.value, rel_tol=1e-9) for k in nearby)


# ---------------------------------------------------------------- wholes and parts


def whole_index(figures: Sequence[Figure], i: int) -> int | None:
    """The figure that `figures[i]` is a part of: the one whose text its `part_of` names (accents and case
    aside), of its unit if one is, the nearest before it (a whole comes first), else the first after."""
    name = figures[i].part_of
    if not name:
        return None
    key = " ".join(fold(name).split())
    named = [j for j, f in enumerate(figures) if j != i and f.text and " ".join(fold(f.text).split()) == key]
    same_unit = [j for j in named if figures[j].unit == figures[i].unit]
    named = same_unit or named
    if not named:
        return None
    before = [j for j in named if j < i]
    return before[-1] if before else named[0]


# ---------------------------------------------------------------- the checks of one article


def _recovery_chains() -> list[list[str]]:
    return _wording()["recovery_chains"]


def _recovery_order(
    figures: Sequence[Figure], bodies: Sequence[tuple[str, ...]], parts: set[int]
) -> list[Flag]:
    flags = []
    for chain in _recovery_chains():  # [recovered, recommended, found], each ≤ the next
        largest: dict[tuple[tuple[str, ...], str], int] = {}
        for i, f in enumerate(figures):
            if f.metric in chain and i not in parts:
                key = (bodies[i], f.metric)
                if key not in largest or f.value > figures[largest[key]].value:
                    largest[key] = i
        for body in {b for b, _ in largest}:
            for lower, upper in itertools.pairwise(chain):
                a, b = largest.get((body, lower)), largest.get((body, upper))
                if a is None or b is None:
                    continue
                if figures[a].value > figures[b].value * (1 + TOLERANCE):
                    flags.append(_flag("recovery_order", [a, b], f"recovery_order.{lower}",
                                       smaller=_quote(figures[b]), larger=_quote(figures[a]), where=""))
    return flags


def _part_groups(figures: Sequence[Figure], parts: list[int]) -> list[list[int]]:
    """The parts of one whole that split it one way: parts of one metric, or of metrics that split a whole
    together (planned + unscheduled inspections). Parts of other metrics split it another way ("09 cuộc
    năm trước chuyển sang" beside "theo kế hoạch 35 cuộc, đột xuất 05 cuộc"), so are not added to them."""
    together = {m: tuple(group) for group in _wording()["summed_together"] for m in group}
    groups: dict[object, list[int]] = {}
    for i in parts:
        groups.setdefault(together.get(figures[i].metric, figures[i].metric), []).append(i)
    return list(groups.values())


def _parts_exceed(figures: Sequence[Figure], wholes: dict[int, int | None]) -> list[Flag]:
    parts_of: dict[int, list[int]] = {}
    for i, w in wholes.items():
        if w is not None and figures[w].unit == figures[i].unit:
            parts_of.setdefault(w, []).append(i)
    flags = []
    for w, parts in sorted(parts_of.items()):
        for group in _part_groups(figures, parts):
            total = sum(figures[i].value for i in group)
            slack = max(TOLERANCE * figures[w].value, sum(written_precision(figures[i]) or 0 for i in group))
            if total > figures[w].value + slack:
                flags.append(_flag("parts_exceed_total", [w, *group], whole=_quote(figures[w]),
                                   parts=" + ".join(_quote(figures[i]) for i in group), sum=_plain(total)))
    return flags


def _plain(x: float) -> str:
    """A number in Vietnamese digits, for a reason: 2339 → "2.339", 2.5 → "2,5"."""
    text = f"{x:,.3f}".rstrip("0").rstrip(".")
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _bounds(f: Figure) -> tuple[float, float]:
    """Where the figure's true value lies, given how it is written: a count is exact; a rounded amount
    ("5,9 tỷ") is within half its last digit; "hơn/trên" is up to one digit above, "gần/dưới" up to one
    below, "khoảng" one either way."""
    step = 0.0 if f.unit == "count" and f.value == int(f.value) else (written_precision(f) or 0.0)
    v = f.value
    return {
        "more_than": (v, v + step),
        "less_than": (v - step, v),
        "about": (v - step, v + step),
    }.get(f.qualifier, (v - step / 2, v + step / 2))


def _rate_ok(rate: Figure, low: float, high: float) -> bool:
    """A stated rate agrees with a ratio between `low` and `high` % when it is that ratio rounded, or cut,
    to the digits it is written with ("95,3%" for 95,35 %), or as its qualifier says ("gần 97%")."""
    step = (written_precision(rate) or 0.01) + 1e-9
    r = rate.value
    lo, hi = {
        "more_than": (r - step / 2, math.inf),
        "less_than": (-math.inf, r + step),
        "about": (r - max(1.0, 0.02 * r), r + max(1.0, 0.02 * r)),
    }.get(rate.qualifier, (r - step / 2, r + step))
    return high >= lo and low <= hi


def _ratio(a: Figure, b: Figure) -> tuple[float, float] | None:
    """The range of 100·a/b (a the smaller) that the written figures allow."""
    (alo, ahi), (blo, bhi) = sorted((_bounds(a), _bounds(b)), key=lambda r: r[0] + r[1])
    if blo <= 0:
        return None
    return 100 * alo / bhi, 100 * ahi / blo


_NOUN = re.compile(r"\d+(?:[.,]\s?\d+)*\s*(\w+)")


def _noun(f: Figure) -> str | None:
    """The word counted right after the number ("321 đơn thuộc thẩm quyền" → "đơn")."""
    m = _NOUN.search(f.text or "")
    return fold(m.group(1)) if m else None


@cache
def _cue(name: str) -> re.Pattern[str]:
    words = sorted((fold(w) for w in _wording()[name]), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")


def _after(f: Figure, width: int = 25) -> str:
    """A few words of the sentence right after the figure, folded."""
    sentence = f.sentence or ""
    at = sentence.find(f.text or "\0")
    return fold(sentence[at + len(f.text or ""): at + len(f.text or "") + width]) if at >= 0 else ""


def _before(f: Figure, width: int = 12) -> str:
    sentence = f.sentence or ""
    at = sentence.find(f.text or "\0")
    return fold(sentence[max(0, at - width): at] + " " + (f.text or "")) if at >= 0 else fold(f.text or "")


def _sentences(figures: Sequence[Figure]) -> list[list[int]]:
    """Figures that share a sentence, in the order they stand in it (only figures with a span)."""
    by_sentence: dict[str, list[int]] = {}
    for i, f in enumerate(figures):
        if f.sentence and f.span:
            by_sentence.setdefault(f.sentence, []).append(i)
    return [sorted(m, key=lambda i: figures[i].span[0]) for m in by_sentence.values()]  # type: ignore[index]


def _ratio_before(
    figures: Sequence[Figure], members: list[int], pos: int
) -> tuple[list[int], tuple[float, float]] | None:
    """What the rate at `members[pos]` is a ratio of: the figures after the sentence's previous rate and
    before this one; the last of them if it is an "A/B", else the last two if they count one thing and
    neither is a change ("tăng 32 lượt") nor the rate a comparison with another period ("so cùng kỳ")."""
    before: list[int] = []
    for i in members[:pos]:
        before = [] if figures[i].unit == "percent" else [*before, i]
    if before and figures[before[-1]].total:
        found = _ratio_range(figures[before[-1]])
        return ([before[-1]], found) if found else None
    if len(before) >= 2 and not _cue("comparison_cues").match(_after(figures[members[pos]]).strip()):
        x, y = figures[before[-2]], figures[before[-1]]
        if x.unit != y.unit or (x.unit == "count" and _noun(x) != _noun(y)):
            return None
        if any(_cue("change_cues").search(_before(f)) for f in (x, y)):
            return None
        found = _ratio(x, y)
        return (before[-2:], found) if found else None
    return None


def _rates(figures: Sequence[Figure]) -> list[Flag]:
    flags = []
    for members in _sentences(figures):
        for pos, r in enumerate(members):
            rate = figures[r]
            if rate.unit != "percent":
                continue
            found = _ratio_before(figures, members, pos)
            if found and not _rate_ok(rate, *found[1]):
                of = found[0]
                if len(of) == 2:
                    small, large = sorted(figures[i].value for i in of)
                else:
                    small, large = figures[of[0]].value, figures[of[0]].total or 1
                computed = 100 * small / large
                ratio = " / ".join(_quote(figures[i]) for i in of)
                flags.append(_flag("rate_mismatch", [r, *of], rate=_quote(rate), ratio=ratio,
                                   computed=_plain(round(computed, 2))))
    return flags


def _headline(record: Record) -> list[Flag]:
    title = " ".join((record.source.title or "").split())
    if not title:
        return []
    figures = record.figures

    def in_title(f: Figure) -> bool:
        return bool(f.sentence) and " ".join(f.sentence.split()) == title

    body = [f for f in figures if not in_title(f)]
    flags = []
    for i, f in enumerate(figures):
        if in_title(f) and not any(b.unit == f.unit and _matches_at_precision(f, b) for b in body):
            flags.append(_flag("headline_unmatched", [i], figure=_quote(f)))
    return flags


def _ratio_range(f: Figure) -> tuple[float, float] | None:
    """The range of 100·A/B for an "A/B" figure (A may be the larger: "42/40 cuộc … đạt 105%")."""
    if not f.total or f.total <= 0:
        return None
    low, high = _bounds(f)
    return 100 * low / f.total, 100 * high / f.total


def _over_total(figures: Sequence[Figure]) -> list[Flag]:
    """A/B with A > B, unless the sentence says so itself: a rate right after it that is A/B ("42/40 cuộc
    thanh tra …, đạt 105% so với kế hoạch")."""
    stated: set[int] = set()
    for members in _sentences(figures):
        for pos, i in enumerate(members[:-1]):
            nxt = figures[members[pos + 1]]
            f = figures[i]
            if f.total and nxt.unit == "percent" and _rate_ok(nxt, *(_ratio_range(f) or (0, 0))):
                stated.add(i)
    return [
        _flag("ratio_over_total", [i], figure=_quote(f))
        for i, f in enumerate(figures)
        if f.total is not None and f.value > f.total and i not in stated
    ]


def article_flags(record: Record, bodies: Sequence[tuple[str, ...]]) -> list[Flag]:
    """Every failed check of one article; `bodies[i]` is the province codes figure i concerns."""
    figures = record.figures
    wholes = {i: whole_index(figures, i) for i in range(len(figures))}
    parts = {i for i, w in wholes.items() if w is not None}
    return [
        *_recovery_order(figures, bodies, parts),
        *_parts_exceed(figures, wholes),
        *_rates(figures),
        *_headline(record),
        *_over_total(figures),
    ]


def compare_facts(facts: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """`recovery_order` across articles: for each body (the same provinces) and period, the largest fact
    of each metric of a chain, when the two come from different articles only (an article's own figures
    are checked by `article_flags`). Facts are rows of the facts table; returns rows of figure_flags,
    one on the figure that stands for each of the two facts."""
    out: list[dict[str, Any]] = []
    groups: dict[tuple, dict[str, dict[str, Any]]] = {}
    for f in facts:
        codes = tuple(sorted(json.loads(f["province_codes"] or "[]")))
        if not codes or f["year"] is None or f["whole_fact"] is not None:
            continue
        key = (codes, f["year"], f["period_start_month"], f["period_end_month"])
        best = groups.setdefault(key, {})
        if f["metric"] not in best or f["value"] > best[f["metric"]]["value"]:
            best[f["metric"]] = f
    for best in groups.values():
        for chain in _recovery_chains():
            for lower, upper in itertools.pairwise(chain):
                a, b = best.get(lower), best.get(upper)
                if a is None or b is None or set(json.loads(a["doc_ids"])) & set(json.loads(b["doc_ids"])):
                    continue
                if a["value"] <= b["value"] * (1 + TOLERANCE):
                    continue
                quote = {"larger": f"«{a['text']}»", "smaller": f"«{b['text']}»"}
                for this, other in ((a, b), (b, a)):
                    where = _wording()["messages"]["where.other_article"]
                    other_doc = json.loads(other["doc_ids"])[0]
                    flag = _flag("recovery_order", [], f"recovery_order.{lower}", **quote,
                                 where="{where}")
                    out.append(
                        {
                            "figure_id": this["id"],
                            "flag": "recovery_order",
                            "check_name": check_name("recovery_order"),
                            "scope": "across",
                            "reason_vi": flag.vi.replace("{where}", where["vi"].format(doc_id=other_doc)),
                            "reason_en": flag.en.replace("{where}", where["en"].format(doc_id=other_doc)),
                            "doc_id": this["id"].rsplit("/", 1)[0],
                            "related": json.dumps([other["id"]], ensure_ascii=False),
                        }
                    )
    return out
