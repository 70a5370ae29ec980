"""part_of: which figure each figure breaks down (spec §2 "part_of"; gold/README.md "part_of" and the 2026-12
decisions). Called by the figures stage once an article's figures and their metrics are known.

A figure is a part of a whole stated before it when the text writes a breakdown:
- inside a bracket right after the whole, or after a breakdown word in the same sentence ("trong đó", "gồm",
  "cụ thể", a colon list): the whole is the nearest figure before the bracket or word that it may be part of;
- in a sentence that opens with a breakdown word ("Trong đó, Thanh tra tỉnh …", "Cụ thể, …", "… các lĩnh vực
  sau: …") and in the sentences that go on with it: like for like, each part to the latest figure of the same
  quantity in the sentences before ("70 cuộc" to "466 cuộc", "83,665 tỷ" to "172,453 tỷ");
- "Trong số 16 công trình …, 6 công trình": the figure after "trong số" is the whole of the rest;
- organisations and individuals right after a total of decisions ("120 quyết định … đối với 26 tổ chức và
  94 cá nhân"), and a split of inspections by kind ("40 cuộc …, theo kế hoạch 35 cuộc, đột xuất 05 cuộc").
Never parts: stages of work (ended → concluded, recommended → collected, fine → paid, received → resolved),
what is recommended after a violation amount, a later stage marked by the part's own cue, changes against
another period, a part larger than its whole, a figure of another unit or of another counted thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from extractor.patterns import load_json


@dataclass
class Item:
    """What part_of needs about one figure."""

    index: int
    start: int
    end: int
    num_start: int
    unit: str
    value: float
    metric: str
    key: str | None  # count noun key
    cue_classes: frozenset[str]  # classes of the cue that decided its metric
    sentence: int  # index of its sentence in the article
    after: frozenset[str] = frozenset()  # classes of the cues right after it ("đã hoàn thành", "so với …")
    whole: int | None = None  # index of the figure it is a part of


@dataclass
class SentenceInfo:
    """A sentence that holds figures: where it is, its cues (start, end, class names) and closed brackets."""

    start: int
    end: int
    paragraph: int
    cues: list[tuple[int, int, frozenset[str]]] = field(default_factory=list)
    pairs: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class _Settings:
    in_sentence: frozenset[str]
    among: frozenset[str]
    sentence_openers: frozenset[str]
    list_openers: frozenset[str]
    opener_max_start: int
    back_sentences: int
    back_chars: int
    run_on: int
    stage_pairs: frozenset[tuple[str, str]]
    same_metric_only: frozenset[str]
    money_pairs: frozenset[tuple[str, str]]
    stage_cues: frozenset[str]
    no_part_cues: frozenset[str]
    org_wholes: frozenset[str]
    org_parts: frozenset[str]
    org_gap: int
    kind_parts: frozenset[str]
    kind_cues: frozenset[str]
    kind_wholes: frozenset[str]
    run_breakers: frozenset[str]
    due_cues: frozenset[str]
    after_stage: frozenset[str]
    key_groups: tuple[frozenset[str], ...]
    never_parts: frozenset[str]
    generic_keys: frozenset[str]
    kind_openers: frozenset[str]
    tight_openers: frozenset[str]
    tight_gap: int
    part_blocks: frozenset[str]  # no_part_cues and the repeat mark: a figure with one is never a part


@cache
def settings() -> _Settings:
    d = load_json("parts")
    return _Settings(
        in_sentence=frozenset(d["in_sentence_openers"]),
        among=frozenset(d["among_openers"]),
        sentence_openers=frozenset(d["sentence_openers"]),
        list_openers=frozenset(d["list_openers"]),
        opener_max_start=int(d["opener_max_start"]),
        back_sentences=int(d["wholes_back_sentences"]),
        back_chars=int(d["wholes_back_chars"]),
        run_on=int(d["run_on_sentences"]),
        stage_pairs=frozenset(tuple(p) for p in d["stage_pairs"]),
        same_metric_only=frozenset(d["same_metric_only"]),
        money_pairs=frozenset(tuple(p) for p in d["money_metric_pairs"]),
        stage_cues=frozenset(d["stage_cues"]),
        no_part_cues=frozenset(d["no_part_cues"]),
        org_wholes=frozenset(d["org_split_wholes"]),
        org_parts=frozenset(d["org_split_parts"]),
        org_gap=int(d["org_split_gap"]),
        kind_parts=frozenset(d["kind_split_parts"]),
        kind_cues=frozenset(d["kind_split_cues"]),
        kind_wholes=frozenset(d["kind_split_wholes"]),
        run_breakers=frozenset(d["run_breakers"]),
        due_cues=frozenset(d["due_cues"]),
        after_stage=frozenset(d["after_stage_cues"]),
        key_groups=tuple(frozenset(g) for g in d["key_groups"]),
        never_parts=frozenset(d["never_parts"]),
        generic_keys=frozenset(d["generic_keys"]),
        kind_openers=frozenset(d["kind_openers"]),
        tight_openers=frozenset(d["tight_openers"]),
        tight_gap=int(d["tight_gap"]),
        part_blocks=frozenset(d["no_part_cues"]) | frozenset(d["repeat_cues"]),
    )


def can_be_part(part: Item, whole: Item, *, like_for_like: bool = False) -> bool:
    """Whether `part` can break down `whole` at all (the text decides whether it does)."""
    s = settings()
    if part.unit != whole.unit or part.value > whole.value * (1 + 1e-9) or part.metric in s.never_parts:
        return False
    if (part.cue_classes | part.after) & s.part_blocks or whole.cue_classes & s.no_part_cues:
        return False
    if (whole.metric, part.metric) in s.stage_pairs:
        return False
    stage = part.cue_classes & s.stage_cues
    if stage and not whole.cue_classes & stage:
        return False  # a later stage than the whole, by the cue that decided the part
    if part.after & s.after_stage and not whole.after & s.after_stage:
        return False  # "đôn đốc 95 kết luận, trong đó 90 kết luận đã hoàn thành"
    if whole.metric in s.same_metric_only and part.metric != whole.metric:
        return False
    if part.unit != "count":
        return part.metric == whole.metric or (
            not like_for_like and (whole.metric, part.metric) in s.money_pairs
        )
    if like_for_like and part.metric != whole.metric and not _same_key(part, whole):
        return False
    return _same_thing(part, whole)


def _same_key(part: Item, whole: Item) -> bool:
    """The same counted noun, or keys of one group, or a generic noun ("trường hợp") for the part."""
    s = settings()
    if part.key is None or whole.key is None:
        return False
    return (part.key == whole.key or part.key in s.generic_keys
            or any(part.key in g and whole.key in g for g in s.key_groups))


def _same_thing(part: Item, whole: Item) -> bool:
    """Two counts of the same thing: the same noun key, keys of one group, or one metric but `other`."""
    if _same_key(part, whole):
        return True
    if any(part.key in g and whole.key in g for g in settings().key_groups):
        return True
    return part.metric == whole.metric and part.metric != "other"


SUM_SLACK = 1.005  # parts may add up to a little more than their whole (rounded amounts)


@dataclass
class _Run:
    """A breakdown opened by a sentence: its wholes, how many more sentences it may run on, and the sums of
    the parts given to each whole so far."""

    wholes: list[Item]
    left: int
    sums: dict[int, float] = field(default_factory=dict)
    kinds: bool = False  # opened by a classification ("Qua phân loại, …"): every item is a kind of a whole


def link(items: list[Item], sentences: list[SentenceInfo], announced: set[int] | None = None) -> None:
    """Set `whole` on every item that breaks down another (items in text order). `announced`: sentences
    preceded by a figure-less sentence that announces a list ("… như: …")."""
    s = settings()
    announced = announced or set()
    by_sentence: dict[int, list[Item]] = {}
    for it in items:
        by_sentence.setdefault(it.sentence, []).append(it)
    order = sorted(by_sentence)
    run: _Run | None = None
    given: dict[int, float] = {}  # the sum of the parts linked to each whole so far
    for pos, si in enumerate(order):
        sent, group = sentences[si], by_sentence[si]
        aside = _leading(sent, group[0], s.run_breakers)
        if aside:
            run = None  # "Riêng …", "Đồng thời, …": a separate matter, not the next item of a breakdown
        opener = not aside and (si in announced or _sentence_opener(sent, group[0], s))
        if opener:
            wholes = _wholes_before(by_sentence, sentences, order, pos, s)
            run = _Run(wholes, s.run_on, kinds=_leading(sent, group[0], s.kind_openers)) if wholes else None
        linked_any = False
        for j, it in enumerate(group):
            before = group[:j]
            w = _in_sentence_whole(it, before, sent, s, given)
            if w is None:
                w = _kind_split_whole(it, before, by_sentence, order, pos, s)
            if w is None and run is not None:
                w = _like_for_like(it, run, opening=opener)
            if w is not None:
                it.whole = w.index
                given[w.index] = given.get(w.index, 0.0) + it.value
                linked_any = True
        if run is not None and not opener:
            run.left -= 1
            if not linked_any or run.left <= 0:
                run = None


def _leading(sent: SentenceInfo, first: Item, classes: frozenset[str]) -> bool:
    """A cue of one of `classes` stands before the sentence's first figure."""
    return any(c & classes for start, end, c in sent.cues if end <= first.start)


def _sentence_opener(sent: SentenceInfo, first: Item, s: _Settings) -> bool:
    """The sentence opens with a breakdown word before its first figure ("Trong đó, …", "… lĩnh vực sau:")."""
    for start, end, classes in sent.cues:
        if end > first.start:
            break
        if classes & s.sentence_openers and start - sent.start <= s.opener_max_start:
            return True
        if (classes & s.tight_openers and start - sent.start <= s.opener_max_start
                and first.start - end <= s.tight_gap):
            return True  # "Kết quả 1 vụ tố cáo đúng, …": the results of what the sentence before counted
        if classes & s.list_openers:
            return True
    return False


def _wholes_before(by_sentence: dict[int, list[Item]], sentences: list[SentenceInfo], order: list[int],
                   pos: int, s: _Settings) -> list[Item]:
    """The figures of the sentences before sentence `order[pos]`, in text order, as far back as the settings
    allow (a few sentences: the work per opener does not grow with the article)."""
    here = sentences[order[pos]]
    out: list[Item] = []
    for si in order[max(0, pos - s.back_sentences) : pos]:
        out += [it for it in by_sentence[si] if here.start - it.start <= s.back_chars]
    return out


def _like_for_like(part: Item, run: _Run, *, opening: bool) -> Item | None:
    """The whole of a part in a sentence-level breakdown: the first figure of the same metric in the nearest
    sentence that has one (the main total is stated first: "466 cuộc thanh tra hành chính và trên 2.800 cuộc
    thanh tra, kiểm tra chuyên ngành"); in the opening sentence, else the nearest count of the same thing.
    A part with no cue of its own (`other` by default) has no metric to match: the nearest whole it fits
    ("tiếp nhận 70 đơn, đã giải quyết 31/35 vụ khiếu nại. Trong đó có 4 vụ khiếu nại đúng"). In the
    sentences it runs on over, only like for like, and the parts of a whole may not add up to more."""
    uncued = part.metric == "other" and not part.cue_classes  # no metric of its own: any whole it fits
    same = [w for w in run.wholes if (uncued or w.metric == part.metric)
            and can_be_part(part, w, like_for_like=True)]
    if not opening:
        same = [w for w in same if part.metric != "other"
                and run.sums.get(w.index, 0.0) + part.value <= w.value * 1.005]
    if same and uncued:
        w = same[-1]
    elif same:
        nearest = max(w.sentence for w in same)
        w = next(w for w in same if w.sentence == nearest)
    elif opening and (part.metric != "other" or run.kinds):
        # a classification sorts the whole's own items, whatever each kind's metric ("07 lượt công dân … Qua
        # phân loại … 04 trường hợp; … 03 lượt công dân")
        w = next((w for w in reversed(run.wholes) if can_be_part(part, w, like_for_like=True)
                  and (part.metric != "other" or _same_key(part, w))), None)
    else:
        w = None
    if w is not None:
        run.sums[w.index] = run.sums.get(w.index, 0.0) + part.value
    return w


def _in_sentence_whole(it: Item, before: list[Item], sent: SentenceInfo, s: _Settings,
                       given: dict[int, float]) -> Item | None:
    """The whole of a part written in its own sentence: after the bracket or breakdown word that opens it.
    The parts of one whole never add up to more than it: "42 cuộc …; trong đó 28 cuộc …, 10 cuộc … và 4
    cuộc …; tổ chức 41 cuộc …" (the breakdown is over; 41 is a figure of its own)."""
    if not before:
        return None
    # the innermost bracket holding the part, when it opens after a figure
    bracket = None
    for o, c in sent.pairs:
        if o < it.num_start < c and (bracket is None or o > bracket):
            bracket = o
    word = None
    for start, end, classes in sent.cues:
        if start >= it.start:
            break
        if classes & s.in_sentence:
            # a breakdown word inside a bracket closed before the part opened only that bracket
            closed = any(o < start < c < it.start for o, c in sent.pairs)
            if not closed:
                word = end
    opened = max(x for x in (bracket, word, -1) if x is not None)
    if opened >= 0:
        for w in reversed(before):
            if (w.end <= opened and can_be_part(it, w) and not _due_between(sent, w, it, s)
                    and given.get(w.index, 0.0) + it.value <= w.value * SUM_SLACK):
                return w
    among = _among_whole(it, before, sent, s)
    if among is not None:
        return among
    return _org_split_whole(it, before, sent, s)


def _among_whole(it: Item, before: list[Item], sent: SentenceInfo, s: _Settings) -> Item | None:
    """"Trong số 16 công trình …, 6 công trình": the figure right after "trong số" is the rest's whole."""
    for start, end, classes in sent.cues:
        if start >= it.start:
            break
        if classes & s.among:
            for w in before:
                if (w.start >= end and w.start - end <= 3 and can_be_part(it, w)
                        and not _due_between(sent, w, it, s)):
                    return w
    return None


def _due_between(sent: SentenceInfo, whole: Item, part: Item, s: _Settings) -> bool:
    """"24 tổ chức, 136 cá nhân phải xử lý, đến nay đã xử lý 09 tổ chức": what is due, then what is done."""
    return any(c & s.due_cues for start, end, c in sent.cues if whole.end <= start and end <= part.start)


def _org_split_whole(it: Item, before: list[Item], sent: SentenceInfo, s: _Settings) -> Item | None:
    """"120 quyết định xử phạt … đối với 26 tổ chức và 94 cá nhân": the organisations and individuals of a
    total of decisions."""
    if it.key not in s.org_parts:
        return None
    for w in reversed(before):
        if w.key in s.org_wholes:
            return w if it.start - w.end <= s.org_gap + 40 * _list_position(it, before, w) else None
        if w.key not in s.org_parts:
            return None
    return None


def _list_position(it: Item, before: list[Item], whole: Item) -> int:
    """How many list items stand between a whole and this part."""
    return sum(1 for b in before if b.start > whole.start)


def _kind_split_whole(it: Item, before: list[Item], by_sentence: dict[int, list[Item]], order: list[int],
                      pos: int, s: _Settings) -> Item | None:
    """A split of inspections by kind ("theo kế hoạch 35 cuộc, đột xuất 05 cuộc"; "… chuyển sang"), with no
    breakdown word: the nearest total of inspections before it, in its sentence or the one before."""
    if it.metric not in s.kind_parts and not it.cue_classes & s.kind_cues:
        return None
    pool = list(before)
    if not any(w.metric in s.kind_wholes for w in pool) and pos > 0:
        pool = by_sentence[order[pos - 1]]
    for w in reversed(pool):
        if w.metric in s.kind_wholes and can_be_part(it, w):
            return w
        if w.metric not in s.kind_parts and not w.cue_classes & s.kind_cues:
            break  # another quantity stands between: no split of that total
    return None
