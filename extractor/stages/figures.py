"""Stage 8: figures — every statistic with value, unit, qualifier, total, metric, the cue that decided the
metric, and the figure it is a part of.

Numbers are read by `extractor.stages.numbers`; this stage decides which of them are statistics and which
metric each one measures. The metric comes from rules in `patterns/metrics.jsonl` over the cue classes of
`patterns/metric_cues.jsonl`: each rule names a unit, optionally the counted noun, and cue classes around the
number. The rule whose left cue ends nearest the number wins (Vietnamese reports chain figures behind one
verb: "phát hiện sai phạm X đồng và Y m2 đất, kiến nghị thu hồi Z đồng"), ties going to the earlier rule in
the file; a cue right after the number ("18 cuộc đột xuất") binds tighter than any on the left.

Speed: each sentence that holds numbers is read once for all its cues (`extractor.stages.cues`), and each
number then walks the few cues near it; time is linear in the sentence's length.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

from extractor.article import Article
from extractor.models import Cue as CueOut
from extractor.models import Figure
from extractor.patterns import load_jsonl
from extractor.stages.cues import Cue, Lexicon
from extractor.stages.numbers import Quantity, find_quantities

SENTENCE_MAX = 1000  # spec §1: a figure's `sentence` is at most this long
SENTENCE_SIDE = 240  # from a longer sentence: at most this much context on each side of the figure
NO_CUE = 10_000  # distance given to rules that need no cue: they lose to any cued rule
LEFT_WINDOW = 160  # how far left of a number a cue may stand (characters, within the sentence)
RIGHT_WINDOW = 45  # how far right of a number a right cue may end
NOT_LEFT_WINDOW = 50  # a `not_left` cue vetoes when it ends this close before the number
RIGHT_MAX = 30
RIGHT_STOP = r"\d;,"


@dataclass(frozen=True)
class Rule:
    index: int
    metric: str
    unit: str
    nouns: tuple[str, ...]
    left: frozenset[int]
    max_distance: int
    anywhere_left: frozenset[int]
    right: frozenset[int]
    not_right: frozenset[int]
    right_max: int
    right_stop: re.Pattern | None
    near: frozenset[int]
    not_left: frozenset[int]
    skip: bool


@cache
def lexicon() -> Lexicon:
    rows = load_jsonl("metric_cues")
    return Lexicon([(r["cue"], r["phrases"]) for r in rows if "cue" in r],
                   [r for r in rows if "promote" in r])


@cache
def rules() -> tuple[Rule, ...]:
    lex = lexicon()

    def ids(row: dict, key: str) -> frozenset[int]:
        return frozenset(lex.id(name) for name in row.get(key, ()))

    out = []
    for i, row in enumerate(load_jsonl("metrics")):
        stop = row.get("right_stop", RIGHT_STOP)
        out.append(
            Rule(
                index=i,
                metric=row.get("metric", "other"),
                unit=row["unit"],
                nouns=tuple(n.lower() for n in row.get("nouns", ())),
                left=ids(row, "left"),
                max_distance=int(row.get("max_distance", LEFT_WINDOW)),
                anywhere_left=ids(row, "anywhere_left"),
                right=ids(row, "right"),
                not_right=ids(row, "not_right"),
                right_max=int(row.get("right_max", RIGHT_MAX)),
                right_stop=re.compile(f"[{stop}]") if stop else None,
                near=ids(row, "near"),
                not_left=ids(row, "not_left"),
                skip=bool(row.get("skip")),
            )
        )
    return tuple(out)


@cache
def _by_unit() -> dict[str, tuple[Rule, ...]]:
    out: dict[str, list[Rule]] = {}
    for rule in rules():
        out.setdefault(rule.unit, []).append(rule)
    return {unit: tuple(v) for unit, v in out.items()}


class SentenceCues:
    """The cues of one sentence, and the lookups a number needs: nearest cue of each class on its left, cues
    right after it, classes anywhere in the sentence."""

    __slots__ = ("cues", "ends", "first")

    def __init__(self, cues: list[Cue]) -> None:
        self.cues = cues
        self.ends = [c.end for c in cues]  # increasing: cues do not overlap
        first: dict[int, Cue] = {}
        for c in cues:
            for k in c.classes:
                first.setdefault(k, c)
        self.first = first

    def left_of(self, pos: int, lo: int) -> dict[int, Cue]:
        """For each class, its cue ending nearest before `pos` and starting at or after `lo`."""
        out: dict[int, Cue] = {}
        i = bisect_left(self.ends, pos + 1) - 1
        cues = self.cues
        while i >= 0:
            c = cues[i]
            if c.start < lo:
                break
            for k in c.classes:
                if k not in out:
                    out[k] = c
            i -= 1
        return out

    def right_of(self, pos: int, hi: int) -> list[Cue]:
        """The cues starting at or after `pos` and ending by `hi`, in order."""
        i = bisect_left(self.ends, pos + 1)
        out = []
        cues = self.cues
        while i < len(cues) and cues[i].end <= hi:
            if cues[i].start >= pos:
                out.append(cues[i])
            i += 1
        return out


def _right_hit(rule: Rule, want: frozenset[int], right: list[Cue], view: str, pos: int) -> Cue | None:
    for c in right:
        if want.isdisjoint(c.classes):
            continue
        gap = view[pos : c.start]
        if rule.right_max == 0:
            if gap.strip():
                return None
        elif len(gap) > rule.right_max:
            return None
        if rule.right_stop is not None and rule.right_stop.search(gap):
            return None
        return c
    return None


def choose(q: Quantity, view: str, cues: SentenceCues, s_start: int, right_end: int
           ) -> tuple[Rule | None, Cue | None]:
    """The rule that decides quantity `q` and the cue that decided it (None: no cue, only the noun or the
    unit's default)."""
    noun = (q.noun or "").lower()
    best: tuple[int, int] | None = None
    chosen: Rule | None = None
    chosen_cue: Cue | None = None
    left: dict[int, Cue] | None = None
    right: list[Cue] | None = None
    for rule in _by_unit().get(q.unit, ()):
        if best is not None and best[0] == 0:
            break  # distance 0 cannot be beaten, and ties go to the earlier rule
        if rule.nouns and not noun.startswith(rule.nouns):
            continue
        cue: Cue | None = None
        distance = NO_CUE
        if rule.right or rule.not_right:
            if right is None:
                right = cues.right_of(q.end, right_end)
            if rule.not_right and _right_hit(rule, rule.not_right, right, view, q.end):
                continue
            if rule.right:
                cue = _right_hit(rule, rule.right, right, view, q.end)
                if cue is None:
                    continue
                distance = 0
        if rule.near:
            hits = [cues.first[k] for k in rule.near if k in cues.first]
            if not hits:
                continue
            if cue is None:
                cue = min(hits, key=lambda c: c.start)
        if rule.not_left or rule.left:
            if left is None:
                left = cues.left_of(q.start, max(s_start, q.start - LEFT_WINDOW))
        if rule.not_left and any(
            k in left and left[k].end > q.start - NOT_LEFT_WINDOW for k in rule.not_left
        ):
            continue
        if rule.anywhere_left:
            # the first cue of the sentence stands for all: it is left of the number if any is
            hits = [cues.first[k] for k in rule.anywhere_left if k in cues.first]
            hits = [c for c in hits if c.end <= q.start]
            if not hits:
                continue
            cue, distance = min(hits, key=lambda c: c.start), 0
        elif rule.left:
            nearest: Cue | None = None
            for k in rule.left:
                c = left.get(k)
                if c is not None and (nearest is None or c.end > nearest.end):
                    nearest = c
            if nearest is None or q.start - nearest.end > rule.max_distance:
                continue
            cue, distance = nearest, q.start - nearest.end
        key = (distance, rule.index)
        if best is None or key < best:
            best, chosen, chosen_cue = key, rule, cue
    return chosen, chosen_cue


def _clause_edge(text: str, lo: int, hi: int, *, left: bool) -> int:
    """Where to cut the context of a figure between `lo` and `hi`: after a clause mark (";" then ","),
    else at a space; the widest such cut (the mark farthest from the figure)."""
    for mark in (";", ","):
        at = text.find(mark, lo, hi) if left else text.rfind(mark, lo, hi)
        if at >= 0:
            return at + 1  # the mark stays with the clause it closes
    at = text.find(" ", lo, hi) if left else text.rfind(" ", lo, hi)
    if at >= 0:
        return at + 1 if left else at
    return lo if left else hi


def sentence_window(art: Article, s_start: int, s_end: int, f_start: int, f_end: int) -> str:
    """The sentence a figure came from, as the record shows it (spec §1): the whole sentence when it is
    not longer than SENTENCE_MAX; from a longer one (cut into pieces by the segmenter), the clauses around
    the figure, at most SENTENCE_SIDE characters each side, with "…" where the text was cut."""
    text, cuts = art.text, art.sentence_cuts
    if s_start not in cuts and s_end not in cuts:  # a whole sentence: the segmenter keeps it short
        return text[s_start:s_end]
    side = min(SENTENCE_SIDE, max(0, (SENTENCE_MAX - 2 - (f_end - f_start)) // 2))
    lo, hi = min(s_start, f_start), max(s_end, f_end)
    if f_start - lo > side:
        lo = _clause_edge(text, f_start - side, f_start, left=True)
    if hi - f_end > side:
        hi = _clause_edge(text, f_end, f_end + side, left=False)
    while lo < f_start and text[lo].isspace():
        lo += 1
    while hi > f_end and text[hi - 1].isspace():
        hi -= 1
    if hi - lo > SENTENCE_MAX - 2:  # a figure text longer than the bound itself: keep its start
        hi = lo + SENTENCE_MAX - 2
    head = "…" if lo > s_start or s_start in cuts else ""
    tail = "…" if hi < s_end or s_end in cuts else ""
    return f"{head}{text[lo:hi]}{tail}"


def _noun_cue(q: Quantity, text: str) -> CueOut | None:
    """The counted noun as the cue of a rule that only asked for the noun ("5 cuộc" → inspections)."""
    if not q.noun:
        return None
    at = text.rfind(q.noun.split()[0], q.num_end, q.end)
    if at < 0:
        return None
    end = min(q.end, at + len(q.noun))
    return CueOut(text=text[at:end], span=(at, end))


def _sentence_cues(lex: Lexicon, view: str, s_start: int, s_end: int, spans: list[tuple[int, int]]
                   ) -> SentenceCues:
    """Every cue of a sentence, read in the gaps between its figures: a cue never starts inside a figure's
    own words ("Quyết định xử phạt" after "1.510" is the noun, then the cue "xử phạt")."""
    found: list[Cue] = []
    at = s_start
    for start, end in spans:
        if start > at:
            found += lex.scan(view, at, start)
        at = max(at, end)
    if at < s_end:
        found += lex.scan(view, at, s_end)
    return SentenceCues(found)


def find_figures(art: Article) -> list[Figure]:
    text, view = art.text, art.clean
    quantities = find_quantities(view)
    lex = lexicon()
    figures = []
    n = len(quantities)
    idx = 0
    while idx < n:
        s_start, s_end = art.sentence_of(quantities[idx].num_start)
        last = idx
        while last + 1 < n and quantities[last + 1].num_start < s_end:
            last += 1
        group = quantities[idx : last + 1]
        # One scan per sentence for every cue, and one sentence string shared by its figures.
        cues = _sentence_cues(lex, view, s_start, s_end, [(q.num_start, q.end) for q in group])
        sentence_text: str | None = None
        for j, q in enumerate(group):
            next_start = group[j + 1].start if j + 1 < len(group) else s_end
            right_end = min(q.end + RIGHT_WINDOW, s_end, max(next_start, q.end))
            rule, cue = choose(q, view, cues, s_start, right_end)
            if rule is None or rule.skip:
                continue
            if s_start in art.sentence_cuts or s_end in art.sentence_cuts:
                sentence = sentence_window(art, s_start, s_end, q.start, q.end)
            else:
                if sentence_text is None:
                    sentence_text = text[s_start:s_end]
                sentence = sentence_text
            if cue is not None:
                why = CueOut(text=text[cue.start : cue.end], span=(cue.start, cue.end))
            else:
                why = _noun_cue(q, text) if rule.nouns else None
            figures.append(
                Figure(
                    metric=rule.metric,
                    value=q.value,
                    unit=q.unit,
                    qualifier=q.qualifier,
                    total=q.total,
                    text=text[q.start : q.end],
                    span=(q.start, q.end),
                    sentence=sentence,
                    cue=why,
                )
            )
        idx = last + 1
    return figures
