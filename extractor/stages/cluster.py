"""Stage 5: the emulation cluster an article is about — number, label, name, members, leader, deputy.

Cue words (cluster words, name vocabulary, member-list leads, Cụm trưởng / Cụm phó) are in
`patterns/cluster.json`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import cache

import regex

from extractor.article import Article
from extractor.models import Cluster
from extractor.patterns import load_json
from extractor.stages.provinces import Mention
from extractor.stages.roman import roman_to_int


def _alt(words: list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class _Patterns:
    numbered: regex.Pattern
    unnumbered: regex.Pattern
    name: regex.Pattern
    paren_name: regex.Pattern
    list_gap: regex.Pattern
    members_lead: regex.Pattern
    leader: regex.Pattern
    deputy: regex.Pattern


@cache
def _patterns() -> _Patterns:
    cfg = load_json("cluster")
    words = _alt([regex.escape(w) for w in cfg["cluster_words"]])
    num_words = _alt(cfg["number_words"])
    name_words = _alt([regex.escape(w) if w != "," else "," for w in cfg["name_words"]])
    return _Patterns(
        numbered=regex.compile(
            rf"(?<![\p{{L}}])(?P<label>(?:{words})(?:[ \t]+(?:{num_words}))?"
            rf"[ \t]+(?P<num>[IVXL]{{1,6}}|\d{{1,2}}))"
            rf"(?![\p{{L}}\p{{N}}])(?![ \t]*(?:tỉnh|đơn vị|thành viên|người))"
        ),
        unnumbered=regex.compile(r"(?<![\p{L}])(?P<label>Cụm [Tt]hi đua|Khối [Tt]hi đua)(?![\p{L}])"),
        name=regex.compile(
            rf"(?P<name>(?:Cụm|Khối) [Tt]hi đua(?:[ \t]+[Tt]hanh tra)?[ \t]+(?:{_alt(cfg['name_lead'])})"
            rf"(?:[ \t]*(?:{name_words}))+)"
        ),
        paren_name=regex.compile(r"^[ \t]*\((?P<name>(?:Khối|Cụm)[^()\n]{3,60})\)"),
        list_gap=regex.compile(
            r"^[ \t]*(?:\([^()\n]{0,25}\))?[ \t]*(?:[,;]|và|-|–)?[ \t]*(?:và[ \t]+)?"
            r"(?:(?:Thanh tra[ \t]+)?(?:tỉnh|TP\.?|thành phố)[ \t]+)?$"
        ),
        members_lead=regex.compile(rf"(?:{_alt(cfg['members_lead'])})[^.;\n]{{0,60}}$|:[ \t]*$"),
        leader=regex.compile(_alt([regex.escape(w) for w in cfg["leader"]])),
        deputy=regex.compile(_alt([regex.escape(w) for w in cfg["deputy"]])),
    )


def _number(label_num: str) -> int | None:
    return int(label_num) if label_num.isdigit() else roman_to_int(label_num)


def _members(art: Article, mentions: list[Mention]) -> list[str]:
    """The first run of 3+ provinces listed after a member-list lead ("gồm: Cà Mau, Hậu Giang, …")."""
    p = _patterns()
    view = art.clean
    i = 0
    while i < len(mentions):
        run = [mentions[i]]
        j = i + 1
        while j < len(mentions) and p.list_gap.match(view[run[-1].end : mentions[j].start]):
            run.append(mentions[j])
            j += 1
        if len({m.code for m in run}) >= 3:
            s_start, _ = art.sentence_of(run[0].start)
            if p.members_lead.search(view[s_start : run[0].start]):
                codes: list[str] = []
                for m in run:
                    if m.code not in codes:
                        codes.append(m.code)
                return codes
        i = j
    return []


def _role_province(art: Article, mentions: list[Mention], cue: regex.Pattern, taken: set[int]) -> str | None:
    """The province whose inspectorate a role cue (Cụm trưởng / Cụm phó) is attached to."""
    view = art.clean
    votes: Counter[str] = Counter()
    # Mentions are sorted and disjoint: the nearest one before and after a cue are found by bisection
    # (a scan of every mention per cue made long articles quadratic).
    starts = [x.start for x in mentions]
    for m in cue.finditer(view):
        if any(t in taken for t in range(m.start(), m.end())):
            continue
        s_start, s_end = art.sentence_of(m.start())
        i = bisect_left(starts, m.start()) - 1
        while i >= 0 and starts[i] >= s_start and mentions[i].end > m.start():
            i -= 1  # a mention overlapping the cue is not before it
        j = bisect_left(starts, m.end())
        if i >= 0 and starts[i] >= s_start and m.start() - mentions[i].end <= 80:
            votes[mentions[i].code] += 1
        elif j < len(starts) and starts[j] < s_end and starts[j] - m.end() <= 60:
            votes[mentions[j].code] += 1
    return votes.most_common(1)[0][0] if votes else None


def find_cluster(art: Article, mentions: list[Mention]) -> Cluster | None:
    p = _patterns()
    view = art.clean
    numbered = list(p.numbered.finditer(view))
    number = label = name = None
    if numbered:
        counts = Counter(n for m in numbered if (n := _number(m["num"])) is not None)
        if counts:
            number = counts.most_common(1)[0][0]
            first = next(m for m in numbered if _number(m["num"]) == number)
            label = art.text[first.start("label") : first.end("label")]
            paren = p.paren_name.match(view, first.end())
            if paren:
                name = paren["name"].strip()
    if label is None:
        m = p.unnumbered.search(view)
        if not m:
            return None
        label = m["label"]
    nm = p.name.search(view)
    if nm and name is None:
        name = regex.sub(r"[\s,]+$", "", nm["name"])
    deputy_spans = {i for m in p.deputy.finditer(view) for i in range(m.start(), m.end())}
    deputy = _role_province(art, mentions, p.deputy, set())
    leader = _role_province(art, mentions, p.leader, deputy_spans)
    return Cluster(
        number=number,
        label=label,
        name=name,
        members=_members(art, mentions),
        leader=leader,
        deputy=deputy,
    )
