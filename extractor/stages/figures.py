"""Stage 8: figures — every statistic with value, unit, qualifier, total, metric, the cue that decided the
metric, and the figure it is a part of.

Numbers are read by `extractor.stages.numbers`; this stage decides which of them are statistics and which
metric each one measures. The metric comes from rules in `patterns/metrics.jsonl` over the cue classes of
`patterns/metric_cues.jsonl`: each rule names a unit, optionally the counted noun, and cue classes around the
number. The rule whose left cue ends nearest the number wins (Vietnamese reports chain figures behind one
verb: "phát hiện sai phạm X đồng và Y m2 đất, kiến nghị thu hồi Z đồng"), ties going to the earlier rule in
the file; a cue right after the number ("18 cuộc đột xuất") binds tighter than any on the left.

Two readings of the sentence's shape, both general:
- a list continues its first item's cue: in "đối với 241 tổ chức và 949 cá nhân" or "(khiếu nại 28, tố cáo 4)"
  the later items, with nothing but a separator before them, are offered the cue that decided the item before
  (at its distance, so a cue of their own, even as near, wins);
- a bracket is a side remark: cues inside "( … )" do not govern numbers after it ("kiến nghị thu hồi 1,4 tỷ
  đồng (đã thu 1,36 tỷ đồng) và 8,3ha đất"), and a cue right after the bracket still counts for the number
  before it ("25/61 đơn (13 đơn …, 12 đơn …) thuộc thẩm quyền").

Speed: each sentence that holds numbers is read once for all its cues (`extractor.stages.cues`), and each
number then walks the few cues near it; time is linear in the sentence's length.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from extractor.article import Article
from extractor.models import Cue as CueOut
from extractor.models import Figure
from extractor.patterns import load_json, load_jsonl
from extractor.stages import tiebreak
from extractor.stages.cues import Cue, Lexicon
from extractor.stages.numbers import Quantity, find_quantities, noun_key, read_number
from extractor.stages.parts import Item, SentenceInfo, link
from extractor.stages.parts import settings as part_settings

SENTENCE_MAX = 1000  # spec §1: a figure's `sentence` is at most this long
SENTENCE_SIDE = 240  # from a longer sentence: at most this much context on each side of the figure
SENTENCE_MIN_LEFT = 40  # and at least this much before it when the sentence allows
NO_CUE = 10_000  # distance given to rules that need no cue: they lose to any cued rule
WEAK = 1_000  # added to the distance of a weak cue: it decides only when no other cue does
LEFT_WINDOW = 160  # how far left of a number a cue may stand (characters, within the sentence)
RIGHT_WINDOW = 45  # how far right of a number a right cue may end
NOT_LEFT_WINDOW = 50  # a `not_left` cue vetoes when it ends this close before the number
JUST_AFTER = 3  # a `just_after` cue ends at most this close before the number
RIGHT_MAX = 30
RIGHT_STOP = r"\d;,"
BRACKET_MAX = 160  # a bracket right after a number is skipped by the right search when this short
INHERITED = 0.5  # an inherited cue loses a tie to the number's own
LEAD_MAX = 60  # a cue further than this before the next number never leads it


@dataclass(frozen=True)
class Rule:
    index: int
    metric: str
    unit: str
    nouns: tuple[tuple[str, str | None], ...]  # (noun, its key): the counted noun must be one of these
    left: frozenset[int]
    max_distance: int
    anywhere_left: frozenset[int]
    left_stop: str  # characters that may not stand between a left cue and the number
    right: frozenset[int]
    not_right: frozenset[int]
    right_max: int
    right_stop: re.Pattern | None
    right_distance: int  # the distance a right cue counts as (0: beats every left cue)
    right_not_across: frozenset[int]  # cue classes that may not stand between the number and a right cue
    near: frozenset[int]
    near_nouns: frozenset[str]  # noun keys of other figures in the sentence that count as `near`
    not_left: frozenset[int]
    just_after: frozenset[int]
    first: bool  # when it applies, it wins outright
    weak: bool
    first_of_unit: bool  # no figure of the same unit between the cue and the number
    not_between: frozenset[int]  # cue classes that may not stand between the rule's cue and the number
    skip: bool
    cue_classes: frozenset[int] = frozenset()  # left | right | anywhere_left: the rule fires only with one
    left_only: bool = False  # its only cues are left ones: it cannot apply without one of them on the left


@cache
def settings() -> dict:
    return load_json("figures")


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
        nouns = tuple(n.lower() for n in row.get("nouns", ()))
        out.append(
            Rule(
                index=i,
                metric=row.get("metric", "other"),
                unit=row["unit"],
                nouns=tuple((n, noun_key(n)) for n in nouns),
                left=ids(row, "left"),
                max_distance=int(row.get("max_distance", LEFT_WINDOW)),
                anywhere_left=ids(row, "anywhere_left"),
                left_stop=row.get("left_stop", ""),
                right=ids(row, "right"),
                not_right=ids(row, "not_right"),
                right_max=int(row.get("right_max", RIGHT_MAX)),
                right_stop=re.compile(f"[{stop}]") if stop else None,
                right_distance=int(row.get("right_distance", 0)),
                right_not_across=ids(row, "right_not_across"),
                near=ids(row, "near"),
                near_nouns=frozenset(row.get("near_nouns", ())),
                not_left=ids(row, "not_left"),
                just_after=ids(row, "just_after"),
                first=bool(row.get("first")),
                weak=bool(row.get("weak")),
                first_of_unit=bool(row.get("first_of_unit")),
                not_between=ids(row, "not_between"),
                skip=bool(row.get("skip")),
                cue_classes=ids(row, "left") | ids(row, "right") | ids(row, "anywhere_left"),
                left_only=bool(row.get("left")) and not row.get("right") and not row.get("anywhere_left"),
            )
        )
    return tuple(out)


@cache
def _candidates(unit: str, noun: str, key: str | None
                ) -> tuple[tuple[Rule, ...], dict[int, tuple[Rule, ...]]]:
    """The rules of a unit that admit a counted noun: those that need no cue of their own, and, for each cue
    class, those that fire only with it."""
    always: list[Rule] = []
    by_class: dict[int, list[Rule]] = {}
    for r in _by_unit().get(unit, ()):
        if r.nouns and not _noun_fits(r, noun, key):
            continue
        if not r.cue_classes:
            always.append(r)
        for k in r.cue_classes:
            by_class.setdefault(k, []).append(r)
    return tuple(always), {k: tuple(v) for k, v in by_class.items()}


def _order(rule: Rule) -> tuple[bool, int]:
    return (not rule.first, rule.index)


_TRIED: dict[tuple, list[Rule]] = {}  # the rules worth trying, per unit, noun, inherited cue and cue set
_TRIED_MAX = 50_000


def _tried(q: Quantity, noun: str, present: Iterable[int], inherited: Iterable[int]) -> list[Rule]:
    """The rules worth trying for a number, in order: only those whose cues stand in its sentence (or come
    from the list item before it), and those that need none."""
    always, by_class = _candidates(q.unit, noun, q.noun_key)
    picked = {r.index: r for r in always}
    for source in (present, inherited):
        for k in source:
            for r in by_class.get(k, ()):
                picked[r.index] = r
    return sorted(picked.values(), key=_order)


@cache
def _by_unit() -> dict[str, tuple[Rule, ...]]:
    out: dict[str, list[Rule]] = {}
    for rule in rules():
        out.setdefault(rule.unit, []).append(rule)
    # rules that win outright are tried first (a stable sort keeps the file's order otherwise)
    return {unit: tuple(sorted(v, key=lambda r: not r.first)) for unit, v in out.items()}


@cache
def _transparent() -> frozenset[int]:
    lex = lexicon()
    return frozenset(lex.id(name) for name in settings()["chain_transparent"])


_NOUN_OK: dict[tuple[int, str], bool] = {}


def _noun_fits(rule: Rule, noun: str, key: str | None) -> bool:
    """The rule's nouns admit this counted noun: the same noun, a noun whose key it is ("công ty" for
    "doanh nghiệp"), or a longer form of it with the same key ("cuộc thanh tra" for "cuộc"; but "đơn vị" is
    not "đơn")."""
    got = _NOUN_OK.get((rule.index, noun))
    if got is None:
        got = any(noun == n or key == n or (noun.startswith(n + " ") and key == k) for n, k in rule.nouns)
        _NOUN_OK[(rule.index, noun)] = got
    return got


_PAREN_RE = re.compile(r"[()]")


def _paren_pairs(view: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Closed bracket pairs (open, close) in view[lo:hi], innermost first where nested."""
    stack: list[int] = []
    out = []
    for m in _PAREN_RE.finditer(view, lo, hi):
        if m.group() == "(":
            stack.append(m.start())
        elif stack:
            out.append((stack.pop(), m.start()))
    return out


def _closing(pairs: list[tuple[int, int]], pos: int) -> int | None:
    """Where the innermost closed bracket around `pos` closes, or None."""
    best = None
    for o, c in pairs:
        if o < pos < c and (best is None or c < best):
            best = c
    return best


class SentenceCues:
    """The cues of one sentence and the lookups a number needs: nearest cue of each class on its left (none
    from inside a bracket closed before it), cues right after it, classes anywhere in the sentence."""

    __slots__ = ("closes", "cues", "ends", "first", "pairs", "present", "starts")

    def __init__(self, cues: list[Cue], pairs: list[tuple[int, int]]) -> None:
        self.cues = cues
        self.pairs = pairs
        self.ends = [c.end for c in cues]  # increasing: cues do not overlap
        self.starts = [c.start for c in cues]
        self.closes = [_closing(pairs, c.start) if pairs else None for c in cues]
        first: dict[int, Cue] = {}
        for c in cues:
            for k in c.classes:
                first.setdefault(k, c)
        self.first = first
        self.present = frozenset(first)  # the cue classes of the sentence

    def left_of(self, pos: int, lo: int) -> dict[int, Cue]:
        """For each class, its cue ending nearest before `pos` and starting at or after `lo`."""
        out: dict[int, Cue] = {}
        i = bisect_left(self.ends, pos + 1) - 1
        cues, closes = self.cues, self.closes
        while i >= 0:
            c = cues[i]
            if c.start < lo:
                break
            close = closes[i]
            if close is None or close > pos:  # a cue in a bracket closed before the number is a side remark
                for k in c.classes:
                    if k not in out:
                        out[k] = c
            i -= 1
        return out

    def between(self, lo: int, hi: int) -> list[Cue]:
        """The cues lying within [lo, hi)."""
        i = bisect_left(self.ends, lo + 1)
        out = []
        while i < len(self.cues) and self.cues[i].end <= hi:
            if self.cues[i].start >= lo:
                out.append(self.cues[i])
            i += 1
        return out


@dataclass(frozen=True, slots=True)
class Right:
    """A cue right of a number, and where the gap before it starts (after a skipped bracket)."""

    cue: Cue
    gap_from: int


@dataclass(frozen=True, slots=True)
class Decision:
    rule: Rule
    cue: Cue | None
    distance: float


def _right_hit(rule: Rule, want: frozenset[int], right: list[Right], view: str, cues: SentenceCues
               ) -> Cue | None:
    for r in right:
        c = r.cue
        if want.isdisjoint(c.classes):
            continue
        gap = view[r.gap_from : c.start]
        if rule.right_max == 0:
            if gap.strip():
                continue
        elif len(gap) > rule.right_max:
            continue
        if rule.right_stop is not None and rule.right_stop.search(gap):
            continue
        if rule.right_not_across and any(
            not rule.right_not_across.isdisjoint(x.classes) for x in cues.between(r.gap_from, c.start)
        ):
            continue
        return c
    return None


class Context:
    """What `choose` needs about one number's sentence."""

    __slots__ = ("cues", "group", "keys", "s_start", "view")

    def __init__(self, view: str, cues: SentenceCues, s_start: int, group: list[Quantity]) -> None:
        self.view, self.cues, self.s_start, self.group = view, cues, s_start, group
        self.keys = frozenset(q.noun_key for q in group if q.noun_key)


def _anchor(q: Quantity) -> int:
    """Where a number's left context ends: its qualifier, or its numeral when a noun stands before it
    ("Số đơn đủ điều kiện xử lý là 377": the words between the noun and the number are its cues)."""
    return q.start if q.qualifier != "exact" else q.num_start


def choose(q: Quantity, ctx: Context, right: list[Right], inherited: tuple[Cue, float] | None = None
           ) -> Decision | None:
    """The rule that decides quantity `q` and the cue that decided it (None: no cue, only the noun or the
    unit's default). `inherited`: the cue (and distance) of the list item before it."""
    noun = (q.noun or "").lower()
    cues, view = ctx.cues, ctx.view
    pos = _anchor(q)
    best: Decision | None = None
    left: dict[int, Cue] | None = None
    inh = inherited[0].classes if inherited is not None else ()
    memo_key = (q.unit, noun, q.noun_key, inh, cues.present)
    tried = _TRIED.get(memo_key)
    if tried is None:
        if len(_TRIED) > _TRIED_MAX:  # bounded: sentences from many outlets make many cue sets
            _TRIED.clear()
        tried = _TRIED[memo_key] = _tried(q, noun, cues.present, inh)
    for rule in tried:
        if best is not None and best.distance <= 0 and not rule.first:
            if best.distance < 0 or rule.index > best.rule.index:
                break  # distance 0 cannot be beaten, and ties go to the earlier rule
        if rule.right and not right and (inherited is None or rule.cue_classes.isdisjoint(inh)):
            continue  # it needs a cue right of the number, there is none, and no list item hands one down
        if rule.not_right and right and _right_hit(rule, rule.not_right, right, view, cues):
            continue
        if rule.near:
            hits = [cues.first[k] for k in rule.near if k in cues.first]
            if not hits and not (rule.near_nouns & ctx.keys):
                continue
        else:
            hits = []
        if left is None:
            left = cues.left_of(pos, max(ctx.s_start, pos - LEFT_WINDOW))
        if rule.left_only and left.keys().isdisjoint(rule.left) and (
            inherited is None or rule.cue_classes.isdisjoint(inherited[0].classes)
        ):
            continue  # its cue is not left of this number, and no list item hands it down
        if rule.not_left and any(
            k in left and left[k].end > pos - NOT_LEFT_WINDOW for k in rule.not_left
        ):
            continue
        if rule.just_after and not any(
            k in left and left[k].end >= pos - JUST_AFTER for k in rule.just_after
        ):
            continue
        own = _own(rule, q, pos, ctx, left, right, hits)
        got = own
        if inherited is not None and not rule.cue_classes.isdisjoint(inherited[0].classes):
            d = inherited[1] + INHERITED
            if got is None or d < got.distance:
                got = Decision(rule, inherited[0], d)
        if got is None:
            continue
        if rule.first and own is not None:
            got = Decision(rule, own.cue, -1)
        if best is None or (got.distance, rule.index) < (best.distance, best.rule.index):
            best = got
    return best


def _own(rule: Rule, q: Quantity, pos: int, ctx: Context, left: dict[int, Cue], right: list[Right],
         near_hits: list[Cue]) -> Decision | None:
    """The rule's decision from the number's own cues, or None when it does not apply."""
    cues, view = ctx.cues, ctx.view
    cue: Cue | None = None
    distance: float = NO_CUE
    if rule.right:
        cue = _right_hit(rule, rule.right, right, view, cues)
        if cue is None:
            return None
        distance = rule.right_distance
    elif near_hits:
        cue = min(near_hits, key=lambda c: c.start)
    if rule.anywhere_left:
        # the first cue of the sentence stands for all: it is left of the number if any is
        hits = [cues.first[k] for k in rule.anywhere_left if k in cues.first]
        hits = [c for c in hits if c.end <= pos and not _stopped(rule, view, c, pos)]
        if not hits:
            return None
        cue, distance = min(hits, key=lambda c: c.start), 0
    elif rule.left:
        nearest: Cue | None = None
        for k in rule.left:
            c = left.get(k)
            if c is not None and (nearest is None or c.end > nearest.end):
                nearest = c
        if nearest is None or pos - nearest.end > rule.max_distance or _stopped(rule, view, nearest, pos):
            return None
        cue, distance = nearest, pos - nearest.end
    if cue is not None and rule.first_of_unit and any(
        g.unit == q.unit and cue.end <= g.start < q.start for g in ctx.group
    ):
        return None
    if cue is not None and rule.not_between and any(
        not rule.not_between.isdisjoint(c.classes) for c in cues.between(cue.end, pos)
    ):
        return None
    if rule.weak and cue is not None:
        distance += WEAK
    return Decision(rule, cue, distance)


def _stopped(rule: Rule, view: str, cue: Cue, pos: int) -> bool:
    return bool(rule.left_stop) and any(ch in view[cue.end : pos] for ch in rule.left_stop)


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


def _noun_cue(q: Quantity, text: str) -> CueOut | None:
    """The counted noun as the cue of a rule that only asked for the noun ("5 cuộc" → inspections)."""
    if not q.noun:
        return None
    at = text.find(q.noun.split()[0], q.num_end, q.end)
    if at < 0:
        at = text.find(q.noun.split()[0], q.start, q.num_start)  # a noun before its number
    if at < 0:
        return None
    end = min(len(text), at + len(q.noun))
    return _cue(text, at, end)


def _sentence_cues(lex: Lexicon, view: str, s_start: int, s_end: int, spans: list[tuple[int, int]],
                   lowered: str | None) -> SentenceCues:
    """Every cue of a sentence, read around its figures: a cue never starts inside a figure's own words
    ("Quyết định xử phạt" after "1.510" is the noun, then the cue "xử phạt"). Promotions reach across the
    figures ("kiến nghị thu hồi 5 tỷ đồng, thu hồi về đơn vị 1 tỷ")."""
    found = lex.scan_around(view, s_start, s_end, spans, lowered)
    pairs = _paren_pairs(view, s_start, s_end) if "(" in view[s_start:s_end] else []
    return SentenceCues(found, pairs)


_SEPARATOR_RE = re.compile(r"[\d.!?\n]")


def _rights(q: Quantity, ctx: Context, nxt: int, s_end: int) -> list[Right]:
    """The cues right of a number, before the next one; when a bracket follows the number, also the cues
    right after the bracket ("25/61 đơn (13 đơn …) thuộc thẩm quyền"). A cue starts within RIGHT_WINDOW of
    the number and ends before the next one; a cue not right after the number, with only spaces and cues of
    its class between it and the next number, is that number's ("minh oan 2 trường hợp và xử lý hành chính
    1 trường hợp", "33 cơ quan, đơn vị, kiểm điểm rút kinh nghiệm 12 cá nhân")."""
    view, cues = ctx.view, ctx.cues
    limit = max(nxt, q.end)
    hi = min(q.end + RIGHT_WINDOW, s_end, limit)
    out = []
    all_cues = cues.cues
    i, n = bisect_left(cues.starts, q.end), len(all_cues)
    may_lead = nxt < s_end  # only a cue before another number can lead it
    while i < n:
        c = all_cues[i]
        if c.start >= hi:
            break
        if c.end <= limit and not (may_lead and nxt - c.end <= LEAD_MAX and c.start > q.end + 1
                                   and view[q.end : c.start].strip() and _leads_next(view, cues, i, nxt)):
            out.append(Right(c, q.end))
        i += 1
    j = q.end
    while j < s_end and view[j] == " ":
        j += 1
    if j < s_end and view[j] == "(":
        close = next((c for o, c in cues.pairs if o == j), None)
        if close is not None and close - j <= BRACKET_MAX:
            after = [g.start for g in ctx.group if g.start > close]
            hi2 = min(close + 1 + RIGHT_WINDOW, s_end, after[0] if after else s_end)
            out += [Right(c, close + 1) for c in cues.between(close + 1, hi2)]
    return out


def _leads_next(view: str, cues: SentenceCues, i: int, nxt: int) -> bool:
    """Only spaces, and cues of a class of its own, stand between cue `cues.cues[i]` and the next number: the
    cue leads that number ("kiểm điểm rút kinh nghiệm 12 cá nhân"; not "xử phạt … đối với 1 tổ chức")."""
    all_cues = cues.cues
    c = all_cues[i]
    pos = c.end
    for k in range(i + 1, len(all_cues)):
        other = all_cues[k]
        if other.start >= nxt or view[pos : other.start].strip() or set(other.classes).isdisjoint(c.classes):
            break
        pos = other.end
    return not view[pos:nxt].strip()


def _chained(view: str, cues: SentenceCues, prev: Quantity, q: Quantity) -> bool:
    """True when only a list separator stands between two figures ("241 tổ chức và 949 cá nhân",
    "(khiếu nại 28, tố cáo 4)"): no number, no sentence mark, no cue but a breakdown word, and few words.
    Words that qualify the previous figure may come first when a breakdown opens after them ("210 đơn thuộc
    thẩm quyền, trong đó có 179 đơn"). A bracket closed between the two is skipped."""
    lo, hi = prev.end, q.start
    if hi <= lo:
        return False
    transparent = _transparent()
    inside = [c for c in cues.between(lo, hi) if _closing(cues.pairs, c.start) is None
              or _closing(cues.pairs, c.start) > hi]
    # the breakdown opens after the last opener word or bracket in the gap
    opened = lo
    for c in inside:
        if not transparent.isdisjoint(c.classes):
            opened = max(opened, c.end)
    bracket = view.rfind("(", lo, hi)
    if bracket >= 0 and (_closing(cues.pairs, bracket + 1) or hi + 1) > hi:
        opened = max(opened, bracket + 1)
    limits = settings()
    head, tail = _unbracketed(view, cues, lo, opened), _unbracketed(view, cues, opened, hi)
    if len(tail) > limits["chain_gap"] or _SEPARATOR_RE.search(tail):
        return False
    if opened > lo and (len(head) > limits["chain_head"] or _HEAD_STOP_RE.search(head)):
        return False
    return all(not transparent.isdisjoint(c.classes) for c in inside if c.start >= opened)


def _unbracketed(view: str, cues: SentenceCues, lo: int, hi: int) -> str:
    """view[lo:hi] without the brackets closed inside it (side remarks between two list items)."""
    gap = view[lo:hi]
    for o, c in cues.pairs:
        if lo <= o and c < hi:
            gap = gap.replace(view[o : c + 1], " ", 1)
    return gap


_HEAD_STOP_RE = re.compile(r"[\d;.!?\n]")


def _is_image_label(text: str, s_start: int, s_end: int) -> bool:
    """A line that repeats the headline as an image's label ("…tham nhũng- Ảnh 1."): not article text."""
    return bool(_image_label_re().search(text, s_start, s_end))


@cache
def _image_label_re() -> re.Pattern:
    return re.compile(settings()["image_label"])


_SHIPPED = object()  # the model in patterns/figure_model.json (when cross-validation switched it on)


def find_figures(art: Article, collect: list[dict] | None = None, model: object = _SHIPPED
                 ) -> list[Figure]:
    """Every figure of an article. `collect`: a list that receives, for each figure, what the tie-breaker
    reads (its features, the metrics its unit and noun allow, how the rules decided it); `model`: the
    tie-breaker to use instead of the shipped one (None: the rules alone). Both are for training."""
    text, view = art.text, art.clean
    quantities = find_quantities(view)
    lex = lexicon()
    figures: list[Figure] = []
    items: list[Item] = []
    infos: list[SentenceInfo] = []
    announced: set[int] = set()
    lowered: str | None = None  # the view in lower case, made once for the cue scans ("" when unusable)
    nouns: dict[int, str] = {}  # each figure's counted noun as written, lower case (not a comparison's sides)
    noun_only: set[int] = set()  # figures whose metric only their counted noun decided
    n = len(quantities)
    idx = 0
    while idx < n:
        s_start, s_end = art.sentence_of(quantities[idx].num_start)
        last = idx
        while last + 1 < n and quantities[last + 1].num_start < s_end:
            last += 1
        group = quantities[idx : last + 1]
        idx = last + 1
        if _is_image_label(view, s_start, s_end):
            continue
        # One scan per sentence for every cue, and one sentence string shared by its figures.
        if lowered is None:
            lowered = lex.lowered(view) or ""
        spans = [(q.num_start, q.end) for q in group]
        cues = _sentence_cues(lex, view, s_start, s_end, spans, lowered or None)
        ctx = Context(view, cues, s_start, group)
        info = SentenceInfo(s_start, s_end, 0, [(c.start, c.end, _names(c.classes)) for c in cues.cues],
                            cues.pairs)
        if infos and _announced(view, infos[-1].end, info, group[0]):
            announced.add(len(infos))  # "… một số lĩnh vực phát hiện nhiều vi phạm như: …" came before
        infos.append(info)
        sentence_text: str | None = None
        kept: list[tuple[Quantity, Decision]] = []
        kept_at: list[int] = []  # the index in `figures` of each kept figure
        bare: set[int] = set()
        if any(q.unit == "percent" for q in group) and view.find("/", s_start, s_end) >= 0:
            group, bare = _with_bare_slashes(view, s_start, s_end, group)
            ctx.group = group
        for j, q in enumerate(group):
            vs = _comparison(q, kept[-1] if kept else None, cues, view) if q.total is not None else None
            if vs is not None:  # "(1.428/1.573 lượt tiếp)" after a change: this period's figure, the other's
                _add_comparison(q, vs, ctx, s_end, items, figures, art, len(infos) - 1)
                continue
            if id(q) in bare:
                continue  # a bare "(A/B)" that shows no change: not read
            nxt = group[j + 1].start if j + 1 < len(group) else s_end
            inherited = None
            prev = _list_prev(kept, q, cues)
            if prev is not None and prev[1].cue is not None and _chained(view, cues, prev[0], q):
                inherited = (prev[1].cue, prev[1].distance)
            rights = _rights(q, ctx, nxt, s_end)
            got = choose(q, ctx, rights, inherited)
            if got is None or got.rule.skip or (q.unit == "percent" and _widget_line(view, q)):
                continue
            rule, cue = got.rule, got.cue
            metric = rule.metric
            if q.unit == "percent" and metric != "target_rate" and kept:
                rated = _rate_of(q, kept[-1], cues, view)
                if rated is not None and rated[0] != metric:  # the same metric keeps its own, nearer cue
                    metric, cue = rated
            if cue is not None and cue.start >= q.end and kept and kept[-1][1].cue is None \
                    and kept[-1][1].rule.metric == "other" and _shares_right(view, kept[-1][0], q):
                # "có 14 vụ việc KN và có 10 vụ việc TC thuộc thẩm quyền", "4 tập thể và 9 cá nhân bị kiểm
                # điểm": the items of a list share the cue after the last, each by the rule for its noun
                shared = choose(kept[-1][0], ctx, [], (cue, 0.0))
                if shared is not None and shared.cue is not None and not shared.rule.skip:
                    f, it = figures[kept_at[-1]], items[kept_at[-1]]
                    f.metric = it.metric = shared.rule.metric
                    f.cue = _cue_out(text, cue)
                    it.cue_classes = _names(cue.classes)
            kept.append((q, Decision(got.rule, cue, got.distance)))
            kept_at.append(len(figures))
            classes = _names(cue.classes) if cue is not None else frozenset()
            repeat = None
            if cue is None and q.unit == "count":
                repeat = _repeat_of(q, items, figures, len(infos) - 1)
            if repeat is not None:  # "67 cuộc thanh tra chính thức … Cụ thể, 67 cuộc thanh tra tại Cà Mau …"
                metric, classes = repeat[0], repeat[2] | {REPEAT}  # a repeat is never a part (parts.json)
            items.append(Item(len(figures), q.start, q.end, q.num_start, q.unit, q.value, metric,
                              q.noun_key, classes, len(infos) - 1, _after_cues(rights, view, q)))
            if s_start in art.sentence_cuts or s_end in art.sentence_cuts:
                sentence = sentence_window(art, s_start, s_end, q.start, q.end)
            else:
                if sentence_text is None:
                    sentence_text = text[s_start:s_end]
                sentence = sentence_text
            if cue is not None:
                why = _cue(text, cue.start, cue.end)
            elif repeat is not None:
                why = repeat[1]
            else:
                why = _noun_cue(q, text) if rule.nouns else None
                if rule.nouns:
                    noun_only.add(len(figures))
            nouns[len(figures)] = (q.noun or "").lower()
            figures.append(_figure(metric, q, text, sentence, why))
    link(items, infos, announced)
    for it in items:  # text order: a whole's metric is settled before its parts'
        if it.whole is not None:
            part, whole = figures[it.index], figures[it.whole]
            part.part_of = whole.text
            if part.metric == "other" and part.cue is None and whole.metric != "other":
                # a part with no cue of its own counts what its whole counts ("Trong số 16 công trình … đã
                # được thanh tra có 16 công trình …, 6 công trình …")
                part.metric, part.cue = whole.metric, whole.cue
                it.metric = whole.metric
    tb = tiebreak.model() if model is _SHIPPED else model
    assert tb is None or isinstance(tb, tiebreak.Model)
    if tb is not None or collect is not None:
        _tie_break(tb, collect, figures, items, infos, nouns, noun_only, view, lowered or view.lower(), text)
    return figures


def _tie_break(tb: tiebreak.Model | None, collect: list[dict] | None, figures: list[Figure],
               items: list[Item], infos: list[SentenceInfo], nouns: dict[int, str], noun_only: set[int],
               view: str, lowered: str, text: str) -> None:
    """Where the rules are unsure (`other` with no cue), the model may take a metric its unit and noun
    allow; its strongest words become the cue. With `collect`, every figure's model input is recorded."""
    for it in items:
        f = figures[it.index]
        if it.index not in nouns:
            continue  # the two sides of a comparison: decided by the numbers
        unsure = f.metric == "other" and f.cue is None
        if not unsure and collect is None:
            continue
        info = infos[it.sentence]
        before = items[it.index - 1] if it.index else None
        prev = figures[before.index].metric if before is not None and before.sentence == it.sentence else None
        feats = tiebreak.features(view, lowered, info.start, info.end, it.start, it.end, it.unit, it.key,
                                  info.cues, prev)
        allowed = _allowed(it.unit, nouns[it.index], it.key)
        if collect is not None:
            kind = "default" if unsure else ("noun" if it.index in noun_only else "cue")
            collect.append({"index": it.index, "features": [x.name for x in feats], "allowed": allowed,
                            "kind": kind, "metric": f.metric, "unit": it.unit})
        if unsure and tb is not None:
            got = tb.decide(feats, allowed, f.metric, it.unit)
            if got is not None:
                f.metric = it.metric = got[0]
                if got[1] is not None and got[1].span is not None:
                    a, b = got[1].span
                    f.cue = _cue(text, a, b)


@cache
def _allowed(unit: str, noun: str, key: str | None) -> tuple[str, ...]:
    """The metrics a figure of this unit and counted noun may have: those of the rules that admit it."""
    out = {"other"}
    for r in _by_unit().get(unit, ()):
        if not r.skip and (not r.nouns or _noun_fits(r, noun, key)):
            out.add(r.metric)
    return tuple(sorted(out))


def _shares_right(view: str, prev: Quantity, q: Quantity) -> bool:
    """`prev` and `q` are two items of one list, of one unit, with nothing but a separator between them: a cue
    right after the last item is the whole list's."""
    return prev.unit == q.unit and bool(_list_gap_re().fullmatch(view, prev.end, q.start))


@cache
def _list_gap_re() -> re.Pattern:
    return re.compile(settings()["list_gap"], re.IGNORECASE)


def _sentence(art: Article, s_start: int, s_end: int, q: Quantity) -> str:
    if s_start in art.sentence_cuts or s_end in art.sentence_cuts:
        return sentence_window(art, s_start, s_end, q.start, q.end)
    return art.text[s_start:s_end]


COMPARE_GAP = 40  # at most this many characters between a change and the bracket that shows its two sides
PERCENT_SLACK = 0.5  # a change in percent agrees with A/B when within this many points (writers round)


def _comparison(q: Quantity, prev: tuple[Quantity, Decision] | None, cues: SentenceCues, view: str
                ) -> Cue | None:
    """The cue of a comparison when "A/B" compares this period with another (R2: two figures, not a share):
    in a bracket right after the change it shows, checked by the numbers ("giảm 145 lượt tiếp (1.428/1.573
    lượt tiếp)": B − A; "giảm 32,67% (540/802 lượt)": A/B − 1), or A = B after "bằng" ("bằng số lượt đoàn
    (16/16 đoàn)"). The change is the figure just before, decided by a comparison word."""
    if not q.total:
        return None
    opened = view.rfind("(", max(0, q.start - 3), q.num_start + 1)
    if opened < 0 or view[opened + 1 : q.num_start].strip():
        return None
    a, b = q.value, q.total
    if prev is not None:
        p, decided = prev
        change = decided.cue
        if change is not None and p.end <= opened and opened - p.end <= COMPARE_GAP \
                and not _compare_classes().isdisjoint(change.classes):
            if p.unit == "percent":
                agrees = abs(abs(a / b - 1) * 100 - p.value) <= PERCENT_SLACK
            else:
                agrees = p.unit == q.unit and abs(abs(b - a) - p.value) <= 0.005 * max(abs(b - a), p.value)
            if agrees:
                return change
    if a == b:
        lo = max(opened - COMPARE_GAP, prev[0].end if prev is not None else 0)
        equal = [c for c in cues.between(lo, opened) if not _equal_classes().isdisjoint(c.classes)]
        if equal:
            return equal[-1]
    return None


_BARE_SLASH_RE = re.compile(r"\(\s*([0-9]{1,3}(?:\.[0-9]{3})*)\s*/\s*([0-9]{1,3}(?:\.[0-9]{3})*)\s*\)")


def _with_bare_slashes(view: str, s_start: int, s_end: int, group: list[Quantity]
                       ) -> tuple[list[Quantity], set[int]]:
    """The sentence's quantities with the bare "(A/B)" that may show a change in percent ("giảm 85% (3/20) so
    với cùng kỳ": 3 this period, 20 the other), which the number reader leaves alone (no noun: it could be a
    date or a code), and the ids of those added: each becomes figures only when `_comparison` confirms it."""
    bare = []
    for m in _BARE_SLASH_RE.finditer(view, s_start, s_end):
        a, b = read_number(m.group(1)), read_number(m.group(2))
        if a is not None and b:
            lo, hi = m.start(1), m.end(2)
            bare.append(Quantity(a, "count", "exact", b, lo, hi, lo, hi, None, None))
    if not bare:
        return group, set()
    return sorted(group + bare, key=lambda q: q.num_start), {id(q) for q in bare}


@cache
def _compare_classes() -> frozenset[int]:
    lex = lexicon()
    return frozenset(lex.id(n) for n in settings()["compare_cues"])


@cache
def _equal_classes() -> frozenset[int]:
    lex = lexicon()
    return frozenset(lex.id(n) for n in settings()["compare_equal_cues"])


REPEAT_BACK = 2  # a figure repeats one of the same value and noun at most this many sentences before it
REPEAT = "repeat"  # the pseudo cue class of a repeat, for part_of


def _repeat_of(q: Quantity, items: list[Item], figures: list[Figure], sentence: int
               ) -> tuple[str, CueOut | None, frozenset[str]] | None:
    """A count with no cue of its own that repeats a cued count of the sentences just before (the same value
    and noun; not of its own sentence: "Trong số 16 công trình … có 16 công trình" is a breakdown) counts the
    same thing: its metric, cue and cue classes."""
    for it in reversed(items):
        if it.sentence < sentence - REPEAT_BACK:
            break
        if (it.sentence < sentence and it.unit == q.unit and it.value == q.value and it.key == q.noun_key
                and it.cue_classes and it.metric != "other"):
            return it.metric, figures[it.index].cue, it.cue_classes
    return None


def _same_noun(a: str | None, b: str | None) -> bool:
    """Two count nouns that count the same thing (one key, or keys of one group of patterns/parts.json)."""
    return a == b or None in (a, b) or any(a in g and b in g for g in part_settings().key_groups)


def _figure(metric: str, q: Quantity, text: str, sentence: str, cue: CueOut | None) -> Figure:
    return Figure(metric=metric, value=q.value, unit=q.unit, qualifier=q.qualifier, total=q.total,
                  text=text[q.start : q.end], span=(q.start, q.end), sentence=sentence, cue=cue)


def _cue(text: str, start: int, end: int) -> CueOut:
    return CueOut(text=text[start:end], span=(start, end))


def _cue_out(text: str, cue: Cue | None) -> CueOut | None:
    return None if cue is None else _cue(text, cue.start, cue.end)


def _add_comparison(q: Quantity, vs: Cue, ctx: Context, s_end: int, items: list[Item], figures: list[Figure],
                    art: Article, sentence: int) -> None:
    """The two figures of a comparison "A/B": A with the metric and cue of the figure it repeats (else its
    own rule's), B `other` with the comparison's cue. Neither is ever a part: both carry the comparison's
    cue classes."""
    text = art.text
    this, other = _split_slash(q, ctx.view)
    same = _repeated(this, items, figures)
    if same is not None:
        metric, why, classes = same
    else:
        got = choose(this, ctx, _rights(this, ctx, other.start, s_end))
        metric = got.rule.metric if got is not None and not got.rule.skip else "other"
        why, classes = _cue_out(text, got.cue if got is not None else None), frozenset()
    s_start = ctx.s_start
    for part, m, w in ((this, metric, why), (other, "other", _cue_out(text, vs))):
        items.append(Item(len(figures), part.start, part.end, part.num_start, part.unit, part.value, m,
                          part.noun_key, classes | _names(vs.classes), sentence))
        figures.append(_figure(m, part, text, _sentence(art, s_start, s_end, part), w))


def _split_slash(q: Quantity, view: str) -> tuple[Quantity, Quantity]:
    """"1.428/1.573 lượt tiếp" as two counts: 1.428 (of the same noun) and 1.573 lượt tiếp."""
    slash = view.index("/", q.num_start)
    after = slash + 1
    while view[after].isspace():
        after += 1
    noun, key = q.noun, q.noun_key
    this = Quantity(q.value, q.unit, q.qualifier, None, q.start, slash, q.num_start, slash, noun, key)
    other = Quantity(q.total or 0.0, q.unit, "exact", None, after, q.end, after, q.num_end, noun, key)
    return this, other


def _repeated(q: Quantity, items: list[Item], figures: list[Figure]
              ) -> tuple[str, CueOut | None, frozenset[str]] | None:
    """The metric and cue of the figure that a comparison's first side repeats: the latest one before it of
    the same value, unit and counted thing."""
    for it in reversed(items):
        if it.unit == q.unit and it.value == q.value and _same_noun(it.key, q.noun_key):
            f = figures[it.index]
            if f.metric != "other":
                return f.metric, f.cue, it.cue_classes
    return None


WIDGET_LINE = 80  # a zoom control's line is short: longer lines are never one (and are not searched)


def _widget_line(view: str, q: Quantity) -> bool:
    """A percentage alone on its line, or among page-widget words only ("A- 100% A+"): a zoom control."""
    lo = view.rfind("\n", max(0, q.start - WIDGET_LINE), q.start)
    if lo < 0 and q.start > WIDGET_LINE:
        return False
    hi = view.find("\n", q.end, q.end + WIDGET_LINE)
    if hi < 0:
        if len(view) - q.end > WIDGET_LINE:
            return False
        hi = len(view)
    rest = f"{view[lo + 1 : q.start]} {view[q.end : hi]}".lower()
    return not _widget_re().sub(" ", rest).strip(" \t|·:;,.()[]")


@cache
def _widget_re() -> re.Pattern:
    words = sorted(settings()["widget_words"], key=len, reverse=True)
    return re.compile("|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in words))


def _rate_of(q: Quantity, prev: tuple[Quantity, Decision], cues: SentenceCues, view: str
             ) -> tuple[str, Cue] | None:
    """A rate right after "đạt (tỷ lệ)" that follows a figure in its clause is that figure's rate
    ("đã thu 1,36 tỷ đồng, đạt tỷ lệ 97%" → recovery_rate; "xử phạt … 367,2 triệu đồng (đạt tỷ lệ 100%)" →
    `other`): the metric and the "đạt" cue, or None."""
    conf = settings()
    p, decided = prev
    metric = conf["rate_of"].get(decided.rule.metric)
    if metric is None or q.start - p.end > conf["rate_of_gap"] or ";" in view[p.end : q.start]:
        return None
    classes = _rate_classes()
    for c in reversed(cues.between(p.end, q.start)):
        if c.end >= q.start - JUST_AFTER and not classes.isdisjoint(c.classes):
            return metric, c
    return None


@cache
def _rate_classes() -> frozenset[int]:
    lex = lexicon()
    return frozenset(lex.id(n) for n in settings()["rate_of_cues"])


_NEAR_RIGHT = 20  # cues this close after a number describe it ("90 kết luận đã hoàn thành")
_NEAR_RIGHT_STOP = re.compile(r"[\d;]")


def _after_cues(rights: list[Right], view: str, q: Quantity) -> frozenset[str]:
    """The classes of the cues right after a figure, for part_of."""
    out: set[str] = set()
    for r in rights:
        if r.gap_from == q.end and r.cue.start - q.end <= _NEAR_RIGHT and not _NEAR_RIGHT_STOP.search(
            view, q.end, r.cue.start
        ):
            out |= _names(r.cue.classes)
    return frozenset(out)


@cache
def _announce_re() -> re.Pattern:
    return re.compile(load_json("parts")["announce"], re.IGNORECASE)


def _announced(view: str, lo: int, info: SentenceInfo, first: Quantity) -> bool:
    """A figure-less sentence between `lo` and this sentence announces a list that this sentence takes up:
    it ends with the colon, or this sentence opens with one of its items ("Trong lĩnh vực …")."""
    if view.find(":", lo, info.start) < 0:
        return False  # every announcement ends with its colon (patterns/parts.json "announce")
    found = list(_announce_re().finditer(view, lo, info.start))
    if not found:
        return False
    if not view[found[-1].end() : info.start].strip():
        return True
    items = frozenset(load_json("parts")["announce_items"])
    return any(c & items and start - info.start <= 40 for start, end, c in info.cues if end <= first.start)


@cache
def _names(ids: tuple[int, ...]) -> frozenset[str]:
    names = lexicon().names
    return frozenset(names[k] for k in ids)


def _list_prev(kept: list[tuple[Quantity, Decision]], q: Quantity, cues: SentenceCues
               ) -> tuple[Quantity, Decision] | None:
    """The figure a list item follows: the last one kept, stepping over figures inside a bracket that closes
    before this one (a side remark between two items of the same list)."""
    for prev in reversed(kept):
        close = _closing(cues.pairs, prev[0].num_start) if cues.pairs else None
        if close is None or close > q.start:
            return prev
    return None
