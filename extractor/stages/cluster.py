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
from extractor.stages.gazetteer import level_words
from extractor.stages.provinces import Mention
from extractor.stages.roman import roman_to_int

_TRAILING = regex.compile(r"[\s,]+$")  # what a cluster's name read off the text ends with
_PROVINCE_WORD = level_words("province", "province_abbreviations")  # "tỉnh", "TP." …


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
    next_term: regex.Pattern


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
            rf"(?![\p{{L}}\p{{N}}])(?![ \t]*(?:{_alt(cfg['not_number_before'])})(?![\p{{L}}]))"
        ),
        unnumbered=regex.compile(r"(?<![\p{L}])(?P<label>Cụm [Tt]hi đua|Khối [Tt]hi đua)(?![\p{L}])"),
        name=regex.compile(
            rf"(?P<name>(?:Cụm|Khối) [Tt]hi đua(?:[ \t]+[Tt]hanh tra)?[ \t]+(?:{_alt(cfg['name_lead'])})"
            rf"(?:[ \t]*(?:{name_words}))+)"
        ),
        paren_name=regex.compile(r"^[ \t]*\((?P<name>(?:Khối|Cụm)[^()\n]{3,60})\)"),
        list_gap=regex.compile(
            r"^[ \t]*(?:\([^()\n]{0,25}\))?[ \t]*(?:[,;]|và|-|–)?[ \t]*(?:và[ \t]+)?"
            rf"(?:(?:Thanh tra[ \t]+)?(?:{_PROVINCE_WORD})[ \t]+)?$"
        ),
        members_lead=regex.compile(rf"(?:{_alt(cfg['members_lead'])})[^.;\n]{{0,60}}$|:[ \t]*$"),
        leader=regex.compile(_alt([regex.escape(w) for w in cfg["leader"]])),
        deputy=regex.compile(_alt([regex.escape(w) for w in cfg["deputy"]])),
        next_term=regex.compile(rf"(?<![\p{{L}}])(?:{'|'.join(cfg['next_term'])})(?![\p{{L}}])"),
    )


def _number(label_num: str) -> int | None:
    return int(label_num) if label_num.isdigit() else roman_to_int(label_num)


_LEVEL_AT_END = regex.compile(rf"(?:{level_words('province', 'province_abbreviations')})[ \t]*$")


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
            # The list's first province may carry its own level word ("gồm TP. Cần Thơ, An Giang, …"):
            # its dot is no sentence end.
            head = _LEVEL_AT_END.sub("", view[s_start : run[0].start])
            if p.members_lead.search(head):
                codes: list[str] = []
                for m in run:
                    if m.code not in codes:
                        codes.append(m.code)
                return codes
        i = j
    return []


_UNIT = regex.compile(r"(?<![\p{L}])[Tt]hanh tra[ \t]+(?P<kind>\S+)")
_NEXT_TO = regex.compile(r"[ \t]*[(,\-–][ \t]*(?:đơn vị[ \t]+)?")
_UNIT_WORDS = rf"(?:đơn vị[ \t]+)?(?:Thanh tra[ \t]+)?(?:(?:{_PROVINCE_WORD})[ \t]+)?"
# A province that is the target of an earlier role cue ("Cụm trưởng là Thanh tra tỉnh Khánh Hòa, Cụm phó …").
_ROLE_TARGET = regex.compile(
    rf"(?:[Tt]rưởng|[Pp]hó)[ \t]*(?:năm[ \t]+(?:19|20)\d\d[ \t]*)?(?:là|:)[ \t]*{_UNIT_WORDS}$"
)
# "Cụm phó năm 2019 là Thanh tra tỉnh Sơn La": the term may stand between the cue and its unit
_AFTER_CUE = regex.compile(rf"[ \t]*(?:năm[ \t]+(?:19|20)\d\d[ \t]*)?(?:là|:|\(|-|–)[ \t]*{_UNIT_WORDS}")


def _role_units(
    art: Article, mentions: list[Mention], cue: regex.Pattern, taken: set[int]
) -> list[tuple[str | None, int]]:
    """For each role cue (Cụm trưởng / Cụm phó), the province whose inspectorate it is attached to, or None
    when it is attached to an inspectorate that is no province's: "Thanh tra huyện Minh Long làm Cụm trưởng",
    "Thanh tra Sở Văn hóa, Thể thao và Du lịch tỉnh Tây Ninh làm Cụm trưởng", "Thanh tra Bộ … (Khối trưởng)".
    Cues attached to nothing ("các Khối trưởng, Cụm trưởng có trách nhiệm …") give nothing."""
    view = art.clean
    out: list[tuple[str | None, int]] = []
    non_province = set(load_json("cluster")["non_province_units"])
    # Mentions are sorted and disjoint: those near a cue are found by bisection (a scan of every mention per
    # cue made long articles quadratic).
    starts = [x.start for x in mentions]
    for m in cue.finditer(view):
        if any(t in taken for t in range(m.start(), m.end())):
            continue
        s_start, s_end = art.sentence_of(m.start())
        lo = max(s_start, m.start() - 100)
        i, j = bisect_left(starts, lo), bisect_left(starts, m.start())
        before = [x for x in mentions[i:j] if x.end <= m.start()]
        if before and _NEXT_TO.fullmatch(view, before[-1].end, m.start()) and not _ROLE_TARGET.search(
            view, max(0, before[-1].start - 40), before[-1].start
        ):
            # "Quảng Nam (Cụm trưởng)", "Thanh tra tỉnh Nam Định, Cụm trưởng"
            out.append((before[-1].code, m.start()))
            continue
        units = [
            u
            for u in _UNIT.finditer(view, lo, m.start())
            if not _ROLE_TARGET.search(view, max(0, u.start() - 40), u.start())
        ]
        if units:
            unit = units[-1]
            kind = unit["kind"].strip(",.;")
            # "Thanh tra thành phố Đà Nẵng": a province-level city (a city of a province is no mention)
            city = kind in ("thành", "TP", "TP.", "Tp")
            city = city and any(0 <= x.start - unit.end() <= 8 for x in before)
            if kind in non_province and not city:
                out.append((None, m.start()))
                continue
            inside = [x for x in before if x.start >= unit.start()]
            if inside:
                # "Thanh tra tỉnh Lai Châu chủ trì, đơn vị đăng cai Cụm trưởng"
                out.append((inside[0].code, m.start()))
                continue
        after = _AFTER_CUE.match(view, m.end(), s_end)
        k = bisect_left(starts, after.end()) if after else len(starts)
        if after and k < len(starts) and starts[k] == after.end():
            out.append((mentions[k].code, m.start()))  # "Cụm trưởng là Thanh tra tỉnh Khánh Hòa"
    return out


_TERM_YEAR = regex.compile(r"(?<![\p{L}])năm[ \t]+(?P<y>(?:19|20)\d\d)(?!\d)")


def _current_term(art: Article, *roles: list[tuple[str | None, int]]) -> list[list[str | None]]:
    """The units of each role for the article's own term. An article that names roles for two years
    ("đơn vị Cụm trưởng năm 2025 … bầu … làm Cụm phó năm 2026") is about the earlier one: a unit elected
    for the next year is not the cluster's leader or deputy yet. A cue's year is the first "năm YYYY"
    after it in its sentence; a cue without one is kept. A cue in a sentence that elects (patterns/
    cluster.json next_term) is dropped too when two terms are named or its role is also named without an
    election ("… thống nhất bầu Thanh tra tỉnh Khánh Hòa làm Cụm phó … năm 2023" at the 2023 pledge
    signing, the only word on the deputy, names this year's)."""
    p = _patterns()
    view = art.clean

    def term(pos: int) -> tuple[int | None, bool]:
        s_start, s_end = art.sentence_of(pos)
        y = _TERM_YEAR.search(view, pos, s_end)
        return (int(y["y"]) if y else None), bool(p.next_term.search(view, s_start, s_end))

    terms = [[(code, *term(pos)) for code, pos in units] for units in roles]
    years = {y for units in terms for _, y, _ in units if y is not None}
    first = min(years) if len(years) > 1 else None
    out = []
    for units in terms:
        drop_elected = first is not None or any(not e for _, _, e in units)
        out.append([code for code, y, e in units if y in (None, first or y) and not (e and drop_elected)])
    return out


def _role_province(units: list[str | None]) -> str | None:
    votes = Counter(u for u in units if u is not None)
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
        name = _TRAILING.sub("", nm["name"])
    deputy_spans = {i for m in p.deputy.finditer(view) for i in range(m.start(), m.end())}
    deputy_units, leader_units = _current_term(
        art, _role_units(art, mentions, p.deputy, set()), _role_units(art, mentions, p.leader, deputy_spans)
    )
    if None in deputy_units or None in leader_units:
        # A cluster or bloc of departments, districts or ministries: its members, leader and deputy are no
        # provinces (spec §2), even when the departments' provinces are listed.
        return Cluster(number=number, label=label, name=name, members=[], leader=None, deputy=None)
    return Cluster(
        number=number,
        label=label,
        name=name,
        members=_members(art, mentions),
        leader=_role_province(leader_units),
        deputy=_role_province(deputy_units),
    )
