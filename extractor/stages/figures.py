"""Stage 8: figures — every statistic with value, unit, qualifier, total and metric.

Numbers are read by `extractor.stages.numbers`; this stage decides which of them are statistics and which
metric each one measures. The metric comes from rules in `patterns/metrics.jsonl`: each rule names a
unit, optionally the counted noun, and cue phrases around the number. The rule whose left cue ends
nearest the number wins (Vietnamese reports chain figures behind one verb: "phát hiện sai phạm X đồng
và Y m2 đất, kiến nghị thu hồi Z đồng"), ties going to the earlier rule in the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from extractor.article import Article
from extractor.models import Figure
from extractor.patterns import load_jsonl
from extractor.stages.numbers import Quantity, find_quantities

SENTENCE_MAX = 1000  # spec §1: a figure's `sentence` is at most this long
SENTENCE_SIDE = 240  # from a longer sentence: at most this much context on each side of the figure
SENTENCE_MIN_LEFT = 40  # and at least this much before it when the sentence allows
NO_CUE = 10_000  # distance given to rules that need no left cue: they lose to any cued rule
LEFT_WINDOW = 160  # how far left of a number a cue may stand (characters, within the sentence)
RIGHT_WINDOW = 45


@dataclass(frozen=True)
class Rule:
    metric: str
    unit: str
    nouns: tuple[str, ...]
    left: regex.Pattern | None
    anywhere_left: regex.Pattern | None
    right: regex.Pattern | None
    near: regex.Pattern | None
    not_left: regex.Pattern | None
    not_right: regex.Pattern | None
    skip: bool
    max_distance: int


def _alt(cues: list[str] | None, *, reverse: bool = False) -> regex.Pattern | None:
    """One pattern for a cue list. `reverse` searches right to left: one `search` then finds the cue
    that ends nearest the number."""
    if not cues:
        return None
    # Cues are whole words: "ra" must not fire inside "Kiểm tra".
    alt = "|".join(f"(?:{c})" for c in cues)
    flags = regex.IGNORECASE | regex.V1 | (regex.REVERSE if reverse else 0)
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{alt})(?![\p{{L}}\p{{N}}])", flags)


@cache
def rules() -> tuple[Rule, ...]:
    out = []
    for row in load_jsonl("metrics"):
        out.append(
            Rule(
                metric=row.get("metric", "other"),
                unit=row["unit"],
                nouns=tuple(n.lower() for n in row.get("nouns", ())),
                left=_alt(row.get("left"), reverse=True),
                anywhere_left=_alt(row.get("anywhere_left")),
                right=_alt(row.get("right")),
                near=_alt(row.get("near")),
                not_left=_alt(row.get("not_left")),
                not_right=_alt(row.get("not_right")),
                skip=bool(row.get("skip")),
                max_distance=int(row.get("max_distance", LEFT_WINDOW)),
            )
        )
    return tuple(out)


@cache
def _by_unit() -> dict[str, tuple[tuple[int, Rule], ...]]:
    out: dict[str, list[tuple[int, Rule]]] = {}
    for i, rule in enumerate(rules()):
        out.setdefault(rule.unit, []).append((i, rule))
    return {unit: tuple(v) for unit, v in out.items()}


def rules_for(unit: str) -> tuple[tuple[int, Rule], ...]:
    """The rules for one unit, with their position in the file (ties go to the earlier rule)."""
    return _by_unit().get(unit, ())


def _nearest_cue(pattern: regex.Pattern, left: str) -> int | None:
    """Distance from the end of the cue match ending last in `left` to the end of `left`."""
    m = pattern.search(left)  # a REVERSE pattern: the first match found is the one ending last
    return None if m is None else len(left) - m.end()


def choose(
    q: Quantity, left: str, right: str, sentence: str, near_cache: dict[int, bool] | None = None
) -> Rule | None:
    """The rule that decides quantity `q`, or None when no rule applies.

    `near_cache` remembers, for one sentence, which rules' `near` cue it contains."""
    noun = (q.noun or "").lower()
    best: tuple[int, int] | None = None
    chosen = None
    near_cache = {} if near_cache is None else near_cache
    for i, rule in rules_for(q.unit):
        if best is not None and best[0] == 0:
            break  # distance 0 cannot be beaten, and ties go to the earlier rule
        if rule.nouns and not noun.startswith(rule.nouns):
            continue
        if rule.right and not rule.right.search(right):
            continue
        if rule.not_right and rule.not_right.search(right):
            continue
        if rule.near:
            if i not in near_cache:
                near_cache[i] = rule.near.search(sentence) is not None
            if not near_cache[i]:
                continue
        if rule.not_left and rule.not_left.search(left[-50:]):
            continue
        # A cue written right after the number ("18 cuộc đột xuất") or anywhere before it in a pledge
        # binds tighter than any cue on the left.
        distance = 0 if rule.right else NO_CUE
        if rule.anywhere_left is not None:
            if rule.anywhere_left.search(left) is None:
                continue
            distance = 0
        elif rule.left is not None:
            # Search the whole window (a cue may be long) but keep only cues ending near the number.
            d = _nearest_cue(rule.left, left[-LEFT_WINDOW:])
            if d is None or d > rule.max_distance:
                continue
            distance = d
        key = (distance, i)
        if best is None or key < best:
            best, chosen = key, rule
    return chosen


def _left_edge(text: str, f_start: int, lo: int) -> int:
    """Where the shown context of a figure starts, at most SENTENCE_SIDE characters before it and not
    before `lo`: after the nearest clause mark (";" or "," and a space) that leaves at least
    SENTENCE_MIN_LEFT characters (the cue words are there), else at `lo` when it is near enough, else at a
    space, else anywhere."""
    a, b = max(lo, f_start - SENTENCE_SIDE), max(lo, f_start - SENTENCE_MIN_LEFT)
    mark = max(text.rfind("; ", a, b), text.rfind(", ", a, b))  # a mark and a space: not "5,6"
    if mark >= 0:
        return mark + 1
    if f_start - lo <= SENTENCE_SIDE:
        return lo
    space = text.rfind(" ", a, b)
    return space + 1 if space >= 0 else a


def _right_edge(text: str, f_end: int, hi: int) -> int:
    """Where it ends, at most SENTENCE_SIDE characters after the figure and not after `hi`: at the end of
    the figure's clause (the first ";" or "," and a space after it, the mark kept), else at `hi` when it is
    near enough, else at a space, else anywhere."""
    b = min(hi, f_end + SENTENCE_SIDE)
    marks = [m for m in (text.find("; ", f_end, b), text.find(", ", f_end, b)) if m >= 0]
    if marks:
        return min(marks) + 1
    if hi - f_end <= SENTENCE_SIDE:
        return hi
    space = text.rfind(" ", f_end, b)
    return space if space > f_end else b


def sentence_window(art: Article, s_start: int, s_end: int, f_start: int, f_end: int) -> str:
    """The sentence a figure came from, as the record shows it (spec §1): the whole sentence when it is
    not longer than SENTENCE_MAX (the segmenter cuts longer ones into pieces); from a longer one, the
    clause around the figure — from a clause mark at most SENTENCE_SIDE characters before it to the end
    of its clause — with "…" where the sentence was cut."""
    text, cuts = art.text, art.sentence_cuts
    if s_start not in cuts and s_end not in cuts:  # a whole sentence: the segmenter keeps it short
        return text[s_start:s_end]
    lo = _left_edge(text, f_start, min(s_start, f_start))
    hi = _right_edge(text, f_end, max(s_end, f_end))
    while lo < f_start and text[lo].isspace():
        lo += 1
    while hi > f_end and text[hi - 1].isspace():
        hi -= 1
    if hi - lo > SENTENCE_MAX - 2:  # a figure text longer than the bound itself: keep its start
        hi = lo + SENTENCE_MAX - 2
    head = "…" if lo > s_start or s_start in cuts else ""
    tail = "…" if hi < s_end or s_end in cuts else ""
    return f"{head}{text[lo:hi]}{tail}"


def find_figures(art: Article) -> list[Figure]:
    text, view = art.text, art.clean
    quantities = find_quantities(view)
    figures = []
    near_cache: dict[int, bool] = {}
    cached_sentence = None
    sentence_view: str = ""
    sentence_text: str | None = None
    for idx, q in enumerate(quantities):
        s_start, s_end = art.sentence_of(q.num_start)
        if cached_sentence != s_start:
            near_cache, cached_sentence = {}, s_start
            # One string per sentence, shared by its figures (a sentence may hold hundreds of numbers).
            sentence_view, sentence_text = view[s_start:s_end], None
        left = view[s_start : q.start]
        next_start = quantities[idx + 1].start if idx + 1 < len(quantities) else s_end
        right = view[q.end : min(q.end + RIGHT_WINDOW, s_end, max(next_start, q.end))]
        rule = choose(q, left, right, sentence_view, near_cache)
        if rule is None or rule.skip:
            continue
        if s_start in art.sentence_cuts or s_end in art.sentence_cuts:
            sentence = sentence_window(art, s_start, s_end, q.start, q.end)
        else:
            if sentence_text is None:
                sentence_text = text[s_start:s_end]
            sentence = sentence_text
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
            )
        )
    return figures
