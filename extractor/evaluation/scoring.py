"""Scores predicted records against gold records exactly as spec/RECORDS.md §3 says.

Pure functions: no files, no printing. `score(gold, pred)` returns the §3 object
(`{"docs": N, "fields": {...}}`) and every mistake behind it, one `Mistake` per false positive,
false negative or wrong attribute value, so a developer can read the errors and not just the totals.

Readings of open points (also in gold/README.md, "Scoring readings"):
- P is 1.0 when nothing was predicted, R is 1.0 when there was nothing to find, F1 is 0.0 when P+R is 0;
  so a field with nothing to find and nothing found scores 1.0. Accuracy over zero items is 1.0.
- Gold may leave a non-key attribute out: an ABSENT key is skipped, a null is the value to match.
  A whole absent top-level field (`cluster`, `figures`, `source`, ...) is skipped for that article.
- A null `cluster`/`event`/`period` object means every attribute of it is null (and no members).
- Only articles with a gold record are scored; a gold article with no prediction scores as an empty one.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from extractor.models import Figure, Record
from extractor.stages.officials import tone_fold

SET_FIELDS: tuple[str, ...] = (
    "provinces",
    "cluster_members",
    "officials",
    "legal_refs",
    "figures",
    "figures_value",
)
ACCURACY_FIELDS: tuple[str, ...] = (
    "cluster.number",
    "cluster.leader",
    "cluster.deputy",
    "event.type",
    "event.date",
    "event.location",
    "period.year",
    "period.start_month",
    "period.end_month",
    "officials.title",
    "officials.province",
    "officials.cluster_role",
    "legal_refs.type",
    "legal_refs.issued",
    "figures.qualifier",
    "figures.total",
    "figures.part_of",
    "author",
)
FIELDS: tuple[str, ...] = SET_FIELDS + ACCURACY_FIELDS

VALUE_TOLERANCE = 0.005  # spec §3: figure values agree when within 0.5 % of each other
DIGITS = 4  # rounding of p/r/f1/accuracy in the §3 object

Side = Literal["gold", "pred"]


@dataclass(frozen=True)
class Mistake:
    """One false positive (`pred`), false negative (`gold`) or one side of a wrong attribute value.

    `index` is the item's position in that side's list (`figures`, `officials`, ...) when there is one,
    so a report can mark the item in the text.
    """

    doc_id: str
    field: str
    side: Side
    text: str
    index: int | None = None

    def line(self) -> str:
        """`doc_id<TAB>field<TAB>gold|pred<TAB>text`, one line whatever the text holds."""
        return "\t".join((self.doc_id, self.field, self.side, " ".join(self.text.split())))


class Result(NamedTuple):
    scores: dict[str, Any]
    mistakes: list[Mistake]


def fold(text: str) -> str:
    """NFC, whitespace runs to one space, case-folded, the tone of oa/oe/uy placed the new way ("hoà" and
    "hòa", "uỷ" and "ủy" are one spelling; officials.tone_fold): the spec's comparison form for names and
    keys."""
    return tone_fold(unicodedata.normalize("NFC", " ".join(text.split()).casefold()))


def _fold_opt(text: str | None) -> str | None:
    return (fold(text) or None) if text is not None else None


def values_agree(a: float | None, b: float | None) -> bool:
    """Within 0.5 % of the larger magnitude (so 0 agrees only with 0); null agrees only with null."""
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= VALUE_TOLERANCE * max(abs(a), abs(b)) * (1 + 1e-12)


def titles_agree(gold: str | None, pred: str | None) -> bool:
    """Spec §3: after case and space folding, one title starts with the other."""
    g, p = _fold_opt(gold), _fold_opt(pred)
    if g is None or p is None:
        return g is None and p is None
    return g.startswith(p) or p.startswith(g)


def prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn,
            "p": round(p, DIGITS), "r": round(r, DIGITS), "f1": round(f1, DIGITS)}


@dataclass
class _Tally:
    counts: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0, 0] for f in SET_FIELDS})
    right: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0] for f in ACCURACY_FIELDS})
    mistakes: list[Mistake] = field(default_factory=list)


def score(gold: dict[str, Record], pred: dict[str, Record]) -> Result:
    """Micro-averaged scores over the gold articles; predictions for other articles are ignored."""
    tally = _Tally()
    for doc_id in sorted(gold):
        g = gold[doc_id]
        p = pred.get(doc_id) or Record(doc_id=doc_id)
        _DocScorer(doc_id, g, p, tally).run()
    fields: dict[str, dict[str, float | int]] = {}
    for name in SET_FIELDS:
        fields[name] = prf(*tally.counts[name])
    for name in ACCURACY_FIELDS:
        ok, n = tally.right[name]
        fields[name] = {"accuracy": round(ok / n, DIGITS) if n else 1.0, "n": n}
    return Result({"docs": len(gold), "fields": fields}, tally.mistakes)


def headline(scores: dict[str, Any], name: str) -> float:
    """The number the gate watches: F1 for a set field, accuracy for a right-or-wrong one."""
    entry = scores["fields"][name]
    return float(entry["f1"] if "f1" in entry else entry["accuracy"])


# --------------------------------------------------------------------------------------------- per article


def _given(model: Any, attr: str) -> bool:
    """Did the gold file write this key? (pydantic remembers which fields the input set)."""
    return model is not None and attr in model.model_fields_set


def _fmt_number(v: float | None) -> str:
    if v is None:
        return "null"
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def figure_text(f: Figure, *, cue: bool = False) -> str:
    """`metric unit value[/total] «text»`; with `cue`, the words that decided the metric after it
    (`· cue «đã thu hồi»`, or `· no cue` when only the noun or the unit's default did)."""
    total = f"/{_fmt_number(f.total)}" if f.total is not None else ""
    quote = f" «{f.text}»" if f.text else ""
    why = ""
    if cue:
        why = f" · cue «{f.cue.text}»" if f.cue is not None else " · no cue"
    return f"{f.metric} {f.unit} {_fmt_number(f.value)}{total}{quote}{why}"


class _DocScorer:
    def __init__(self, doc_id: str, gold: Record, pred: Record, tally: _Tally) -> None:
        self.doc_id, self.g, self.p, self.t = doc_id, gold, pred, tally

    def run(self) -> None:
        self._provinces()
        self._cluster()
        self._object_attrs("event", ("type", "date", "location"))
        self._object_attrs("period", ("year", "start_month", "end_month"))
        self._officials()
        self._legal_refs()
        self._figures()
        self._author()

    # -- bookkeeping

    def _miss(self, name: str, side: Side, text: str, index: int | None = None) -> None:
        self.t.mistakes.append(Mistake(self.doc_id, name, side, text, index))

    def _judge(self, name: str, right: bool, gold_text: str, pred_text: str,
               gold_index: int | None = None, pred_index: int | None = None) -> None:
        self.t.right[name][1] += 1
        if right:
            self.t.right[name][0] += 1
        else:
            self._miss(name, "gold", gold_text, gold_index)
            self._miss(name, "pred", pred_text, pred_index)

    def _compare_sets(
        self,
        name: str,
        gold_items: Sequence[Any],
        pred_items: Sequence[Any],
        key: Callable[[Any], Hashable],
        text: Callable[[Any], str],
    ) -> list[tuple[int, int]]:
        """Set semantics on `key` (first occurrence stands for repeats); returns matched index pairs."""
        g_first = _first_by_key(gold_items, key)
        p_first = _first_by_key(pred_items, key)
        counts = self.t.counts[name]
        pairs = []
        for k, gi in g_first.items():
            if k in p_first:
                counts[0] += 1
                pairs.append((gi, p_first[k]))
            else:
                counts[2] += 1
                self._miss(name, "gold", text(gold_items[gi]), gi)
        for k, pi in p_first.items():
            if k not in g_first:
                counts[1] += 1
                self._miss(name, "pred", text(pred_items[pi]), pi)
        return pairs

    # -- fields

    def _provinces(self) -> None:
        if not _given(self.g, "provinces"):
            return
        self._compare_sets(
            "provinces", self.g.provinces, self.p.provinces,
            key=lambda pr: pr.code.strip(),
            text=lambda pr: f"{pr.code} {pr.name or ''}".strip(),
        )

    def _province_name(self, code: str) -> str:
        for rec in (self.g, self.p):
            for pr in rec.provinces:
                if pr.code == code and pr.name:
                    return f"{code} {pr.name}"
        return code

    def _cluster(self) -> None:
        if not _given(self.g, "cluster"):
            return
        gc, pc = self.g.cluster, self.p.cluster
        if gc is None or _given(gc, "members"):
            self._compare_sets(
                "cluster_members",
                gc.members if gc else [],
                pc.members if pc else [],
                key=lambda code: code.strip(),
                text=self._province_name,
            )
        self._object_attrs("cluster", ("number", "leader", "deputy"))

    def _object_attrs(self, obj: str, attrs: Iterable[str]) -> None:
        """`cluster`/`event`/`period` attributes, each right or wrong; a null object has null attributes."""
        if not _given(self.g, obj):
            return
        go, po = getattr(self.g, obj), getattr(self.p, obj)
        for attr in attrs:
            if go is not None and not _given(go, attr):
                continue  # not labelled
            gv = getattr(go, attr) if go is not None else None
            pv = getattr(po, attr) if po is not None else None
            gv = gv.strip() if isinstance(gv, str) else gv
            pv = pv.strip() if isinstance(pv, str) else pv
            self._judge(f"{obj}.{attr}", gv == pv, _show(gv), _show(pv))

    def _officials(self) -> None:
        if not _given(self.g, "officials"):
            return
        gl, pl = self.g.officials, self.p.officials
        pairs = self._compare_sets("officials", gl, pl, key=lambda o: fold(o.name), text=lambda o: o.name)
        for gi, pi in pairs:
            go, po = gl[gi], pl[pi]
            for attr, agree in (
                ("title", titles_agree),
                ("province", lambda a, b: _strip(a) == _strip(b)),
                ("cluster_role", lambda a, b: a == b),
            ):
                if not _given(go, attr):
                    continue
                gv, pv = getattr(go, attr), getattr(po, attr)
                self._judge(f"officials.{attr}", agree(gv, pv),
                            f"{go.name}: {_show(gv)}", f"{po.name}: {_show(pv)}", gi, pi)

    def _legal_refs(self) -> None:
        if not _given(self.g, "legal_refs"):
            return
        gl, pl = self.g.legal_refs, self.p.legal_refs
        pairs = self._compare_sets("legal_refs", gl, pl, key=lambda r: fold(r.canonical),
                                   text=lambda r: r.canonical)
        for gi, pi in pairs:
            gr, pr = gl[gi], pl[pi]
            for attr, agree in (
                ("type", lambda a, b: _fold_opt(a) == _fold_opt(b)),
                ("issued", lambda a, b: _strip(a) == _strip(b)),
            ):
                if not _given(gr, attr):
                    continue
                gv, pv = getattr(gr, attr), getattr(pr, attr)
                self._judge(f"legal_refs.{attr}", agree(gv, pv),
                            f"{gr.canonical}: {_show(gv)}", f"{pr.canonical}: {_show(pv)}", gi, pi)

    def _figures(self) -> None:
        if not _given(self.g, "figures"):
            return
        gl, pl = self.g.figures, self.p.figures
        pairs = self._match_figures("figures", gl, pl, with_metric=True)
        self._match_figures("figures_value", gl, pl, with_metric=False)
        for gi, pi in pairs:
            gf, pf = gl[gi], pl[pi]
            if _given(gf, "qualifier"):
                self._judge("figures.qualifier", gf.qualifier == pf.qualifier,
                            f"{figure_text(gf)}: {gf.qualifier}", f"{figure_text(pf)}: {pf.qualifier}",
                            gi, pi)
            if _given(gf, "total"):
                self._judge("figures.total", values_agree(gf.total, pf.total),
                            f"{figure_text(gf)}: total {_fmt_number(gf.total)}",
                            f"{figure_text(pf)}: total {_fmt_number(pf.total)}", gi, pi)
            if _given(gf, "part_of"):
                gw, pw = whole_of(gl, gi), whole_of(pl, pi)
                self._judge("figures.part_of", wholes_agree(gf, gw, pf, pw),
                            f"{figure_text(gf)}: part of {_show_whole(gf, gw)}",
                            f"{figure_text(pf)}: part of {_show_whole(pf, pw)}", gi, pi)

    def _match_figures(self, name: str, gl: Sequence[Figure], pl: Sequence[Figure], *, with_metric: bool
                       ) -> list[tuple[int, int]]:
        pairs = match_figures(gl, pl, with_metric=with_metric)
        counts = self.t.counts[name]
        counts[0] += len(pairs)
        g_hit = {gi for gi, _ in pairs}
        p_hit = {pi for _, pi in pairs}
        for gi, f in enumerate(gl):
            if gi not in g_hit:
                counts[2] += 1
                self._miss(name, "gold", figure_text(f), gi)
        for pi, f in enumerate(pl):
            if pi not in p_hit:
                counts[1] += 1
                # beside a wrong metric, the words that chose it
                self._miss(name, "pred", figure_text(f, cue=with_metric), pi)
        return pairs

    def _author(self) -> None:
        if not _given(self.g, "source") or not _given(self.g.source, "author"):
            return
        gv, pv = self.g.source.author, self.p.source.author
        self._judge("author", _fold_opt(gv) == _fold_opt(pv), _show(gv), _show(pv))


def _strip(v: str | None) -> str | None:
    return v.strip() if v is not None else None


def _show(v: Any) -> str:
    return "null" if v is None else str(v)


def _first_by_key(items: Sequence[Any], key: Callable[[Any], Hashable]) -> dict[Hashable, int]:
    first: dict[Hashable, int] = {}
    for i, item in enumerate(items):
        first.setdefault(key(item), i)
    return first


# --------------------------------------------------------------------------------------------- figures


def match_figures(gold: Sequence[Figure], pred: Sequence[Figure], *, with_metric: bool = True
                  ) -> list[tuple[int, int]]:
    """A maximum matching of gold to predicted figures (index pairs, sorted by gold index).

    Two figures can match when unit and value (and metric, `with_metric`) agree. A greedy pass can lose
    matches (100 taking 100.3 leaves 100.6 with nothing); this finds as many pairs as can be had, and among
    such matchings prefers pairs that also agree on qualifier and total (then on having a part_of, then
    text), so the attribute accuracies are judged on the natural partners.
    """
    groups: dict[tuple[str, ...], tuple[list[int], list[int]]] = {}
    for gi, f in enumerate(gold):
        groups.setdefault(_group(f, with_metric), ([], []))[0].append(gi)
    for pi, f in enumerate(pred):
        key = _group(f, with_metric)
        if key in groups:
            groups[key][1].append(pi)
    pairs: list[tuple[int, int]] = []
    for g_idx, p_idx in groups.values():  # edges never cross groups: match each on its own
        if not p_idx:
            continue
        weights = [[_edge_weight(gold[gi], pred[pi]) for pi in p_idx] for gi in g_idx]
        for a, b in max_weight_matching(weights):
            pairs.append((g_idx[a], p_idx[b]))
    return sorted(pairs)


def whole_of(figures: Sequence[Figure], i: int) -> Figure | None:
    """The figure that `figures[i]` is a part of: the one whose text its `part_of` names, preferring the
    nearest stated before it (a whole comes first, spec §2). None when `part_of` is null or names none."""
    name = figures[i].part_of
    if name is None:
        return None
    key = fold(name)
    named = [j for j, f in enumerate(figures) if j != i and f.text is not None and fold(f.text) == key]
    if not named:
        return None
    before = [j for j in named if j < i]
    return figures[before[-1] if before else named[0]]


def wholes_agree(gold_part: Figure, gold: Figure | None, pred_part: Figure, pred: Figure | None) -> bool:
    """Spec §3: both `part_of` null, or both name figures with the same value and unit (a `part_of` that
    names no figure of its record agrees with nothing)."""
    if gold_part.part_of is None or pred_part.part_of is None:
        return gold_part.part_of is None and pred_part.part_of is None
    if gold is None or pred is None:
        return False
    return gold.unit == pred.unit and values_agree(gold.value, pred.value)


def _show_whole(part: Figure, whole: Figure | None) -> str:
    if whole is not None:
        return f"{whole.unit} {_fmt_number(whole.value)} «{whole.text}»"
    return "null" if part.part_of is None else f"«{part.part_of}» (no such figure)"


def _group(f: Figure, with_metric: bool) -> tuple[str, ...]:
    return (f.metric, f.unit) if with_metric else (f.unit,)


def _edge_weight(g: Figure, p: Figure) -> int | None:
    if not values_agree(g.value, p.value):
        return None
    bonus = 8 * (g.qualifier == p.qualifier) + 8 * values_agree(g.total, p.total)
    bonus += 2 * ((g.part_of is None) == (p.part_of is None))
    bonus += 1 * (g.text is not None and p.text is not None and fold(g.text) == fold(p.text))
    return bonus


def max_weight_matching(weights: list[list[int | None]]) -> list[tuple[int, int]]:
    """Maximum-cardinality matching of rows to columns that, among those, has the largest total weight.

    `weights[i][j]` is None where i and j may not be paired, else a non-negative bonus. Solved as an
    assignment problem (Hungarian algorithm, O(n²m)); every edge is worth more than all bonuses together,
    so cardinality always comes first.
    """
    n = len(weights)
    m = len(weights[0]) if n else 0
    if not n or not m:
        return []
    transpose = n > m  # the algorithm wants rows <= columns
    if transpose:
        weights = [[weights[i][j] for i in range(n)] for j in range(m)]
        n, m = m, n
    top = max((w for row in weights for w in row if w is not None), default=0)
    big = (top + 1) * (n + 1)
    # Minimise cost; a forbidden pair costs as much as leaving the row unmatched.
    cost = [[-(big + w) if w is not None else 0 for w in row] for row in weights]
    assignment = _hungarian(cost, n, m)
    out = [(i, j) for i, j in assignment if weights[i][j] is not None]
    if transpose:
        out = [(j, i) for i, j in out]
    return sorted(out)


def _hungarian(cost: list[list[int]], n: int, m: int) -> list[tuple[int, int]]:
    """Min-cost assignment of every row to a distinct column (n <= m), potentials method."""
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    owner = [0] * (m + 1)  # owner[j]: row (1-based) assigned to column j, 0 = free
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        owner[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = owner[j0]
            delta, j1 = inf, 0
            row = cost[i0 - 1]
            for j in range(1, m + 1):
                if not used[j]:
                    cur = row[j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    return [(owner[j] - 1, j - 1) for j in range(1, m + 1) if owner[j]]
