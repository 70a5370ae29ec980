"""Stage 6: officials — named people with a function.

A name is a chain of capitalised syllables that starts with a Vietnamese family name
(`patterns/person_names.json`). It is an official when its function is written next to it, either after
it ("Ông Phan Văn Thống, Chánh Thanh tra tỉnh Điện Biên (Cụm trưởng)") or before it ("Tổng Thanh tra
Chính phủ Huỳnh Phong Tranh"), or when an honorific introduces it. Titles are in `patterns/titles.jsonl`.
The byline is never an official. underthesea's name recogniser is used only as a fallback, on sentences
that carry a title but where no pattern found a name (see `ner_names`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import cache

import regex

from extractor.article import Article
from extractor.models import Cluster, Official
from extractor.patterns import load_json, load_jsonl
from extractor.stages.ner import enabled as ner_enabled
from extractor.stages.ner import person_spans
from extractor.stages.provinces import Mention

SYL = r"\p{Lu}[\p{Ll}\p{M}]*"
# Two or more capitalised syllables in a row (a name or a place) — the gate for name recognition.
_CAP_CHAIN = regex.compile(r"(?<![\p{L}])\p{Lu}[\p{L}\p{M}'’]*(?:[ \t]+\p{Lu}[\p{L}\p{M}'’]*)+")


def _any_initial_case(phrase: str) -> str:
    """Regex for `phrase` with each word's first letter in either case and flexible spaces."""
    words = []
    for w in phrase.split():
        first, rest = w[0], regex.escape(w[1:])
        head = f"[{first.upper()}{first.lower()}]" if first.upper() != first.lower() else regex.escape(first)
        words.append(head + rest)
    return r"\s+".join(words)


@dataclass(frozen=True)
class _Patterns:
    name: regex.Pattern
    honorific_before: regex.Pattern
    title_at: regex.Pattern
    title_before: regex.Pattern
    org_end: regex.Pattern
    leader: regex.Pattern
    deputy: regex.Pattern
    title_org: dict[str, str]
    not_official_before: regex.Pattern
    provincial_org: regex.Pattern
    local_org: regex.Pattern
    honorific_name: regex.Pattern
    stop_words: frozenset[str]


@cache
def _patterns() -> _Patterns:
    cfg = load_json("person_names")
    surnames = "|".join(sorted((regex.escape(s) for s in cfg["surnames"]), key=len, reverse=True))
    stop = "|".join(
        regex.escape(w) for w in cfg["not_name_words"] if w not in cfg["not_name_first_syllable_exceptions"]
    )
    # A following syllable may not be a title/organisation word, nor "Thanh" of "Thanh tra".
    phrases = "|".join(cfg["not_name_phrases"])
    follow = rf"(?!(?:{stop})(?![\p{{L}}])|{phrases})(?:{SYL})"
    name = regex.compile(
        rf"(?<![\p{{L}}\p{{N}}])(?:{surnames})(?:[ \t]+{follow}(?![\p{{L}}])){{1,3}}(?![ \t]*\p{{Lu}}\.)"
    )
    hons = "|".join(regex.escape(h) for h in cfg["honorifics"])
    ranks = "|".join(cfg["ranks"])
    honorific_before = regex.compile(rf"(?P<hon>{hons})[ \t]+(?:(?:{ranks})[ \t]*)?$")
    rows = load_jsonl("titles")
    titles = sorted((r["title"] for r in rows), key=len, reverse=True)
    title_alt = "|".join(_any_initial_case(t) for t in titles)
    # Word-initial case is free ("Chánh thanh tra", "phó Chủ tịch"); the rest is as written. That is
    # what IGNORECASE would give here, at a fraction of its cost on a long alternation.
    title_at = regex.compile(rf"(?<![\p{{L}}])(?P<title>{title_alt})(?![\p{{L}}])")
    # A title (with its organisation) ending right before a name: no clause punctuation between.
    title_before = regex.compile(
        rf"(?<![\p{{L}}])(?P<title>{title_alt})(?P<org>[^,.;:()\n]{{0,60}}?)[ \t]*$"
    )
    keep = "|".join(cfg["org_continues_after_comma"])
    verbs = "|".join(regex.escape(w) for w in cfg["org_end_words"])
    org_end = regex.compile(rf"[;.()\n]|,(?![ \t]*(?:{keep}))|[ \t][-–—][ \t]|[ \t](?:{verbs})(?![\p{{L}}])")
    leader = regex.compile("|".join(regex.escape(w) for w in cfg["role_leader"]))
    deputy = regex.compile("|".join(regex.escape(w) for w in cfg["role_deputy"]))
    title_org = {r["title"].lower(): r["org"] for r in rows if r.get("org")}
    not_official_before = regex.compile(rf"(?:{'|'.join(cfg['not_official_before'])})[^,.;\n]{{0,40}}$")
    provincial_org = regex.compile(rf"(?<![\p{{L}}])(?:{'|'.join(cfg['provincial_org'])})")
    local_org = regex.compile(rf"(?<![\p{{L}}])(?:{'|'.join(cfg['local_org'])})(?![\p{{L}}])")
    syl = r"\p{Lu}[\p{L}\p{M}]*(?:['’]\p{Lu}?[\p{L}\p{M}]+)?"
    honorific_name = regex.compile(
        rf"(?<![\p{{L}}])(?:{hons})[ \t]+(?P<name>{syl}(?:[ \t]+{syl}){{1,4}})[ \t]*[,\-–—][ \t]*"
    )
    return _Patterns(
        name,
        honorific_before,
        title_at,
        title_before,
        org_end,
        leader,
        deputy,
        title_org,
        not_official_before,
        provincial_org,
        local_org,
        honorific_name,
        frozenset(cfg["not_name_words"]),
    )


def _org_after(view: str, title: str, pos: int, limit: int) -> tuple[str | None, int]:
    """The organisation written after a title at `pos`, and where it ends."""
    p = _patterns()
    m = p.org_end.search(view, pos, limit)
    end = m.start() if m else limit
    rest = view[pos:end].strip()
    base = p.title_org.get(regex.sub(r"\s+", " ", title).lower())
    if base and rest:
        return f"{base} {rest}", end
    return (rest or base), end


def _role(window: str) -> str | None:
    p = _patterns()
    if p.deputy.search(window):
        return "deputy"
    if p.leader.search(window):
        return "leader"
    return None


def _province_in(mentions: list[Mention], starts: list[int], start: int, end: int) -> str | None:
    """The first province mention starting in [start, end); `starts` are the mentions' starts (sorted)."""
    i = bisect_left(starts, start)
    return mentions[i].code if i < len(starts) and starts[i] < end else None


def _main_province(mentions: list[Mention]) -> str | None:
    """The province an article is about: the only one named, or the one named most often."""
    ranked = Counter(m.code for m in mentions).most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _ner_candidates(
    art: Article, spans: list[tuple[int, int]], province_forms: set[str]
) -> list[tuple[int, int]]:
    """Names the patterns missed, from underthesea, only in sentences that carry a title followed by a
    run of capitalised syllables that is neither a found name nor a province (the recogniser costs ~5 ms a
    sentence; this gate keeps it to the few sentences that can need it)."""
    p = _patterns()
    view = art.clean
    out = []
    named = {art.sentence_of(a) for a, _ in spans}
    done: set[tuple[int, int]] = set()
    # Capitalised runs first (cheap), then a title just before them (on a short window).
    for chain in _CAP_CHAIN.finditer(view):
        if chain[0] in province_forms or chain[0].split()[0] in p.stop_words:
            continue
        sentence = art.sentence_of(chain.start())
        if sentence in named or sentence in done:
            continue
        tm = p.title_before.search(view[max(sentence[0], chain.start() - 90) : chain.start()])
        # A title before a name is capitalised ("trưởng đoàn" in running text describes a role).
        if tm and tm["title"][0].isupper() and not regex.search(r"[,.;:()]", tm["org"]):
            out.extend(person_spans(view, sentence[0], sentence[1], province_forms))
            done.add(sentence)
    return out


def _candidates(view: str, mentions: list[Mention]) -> list[tuple[int, int]]:
    """Name spans: a family-name chain, restarted after a province it ran into ("UBND tỉnh Lâm Đồng Nguyễn
    Ngọc Phúc": "Lâm" is also a family name), plus any capitalised chain that an honorific introduces and a
    title follows ("bà H'Lan Niê, Phó Chánh Thanh tra"), which covers names without a Kinh family name."""
    p = _patterns()
    spans = []
    pos = 0
    # Mentions and name spans are sorted and disjoint: the one that may hold a position is found by
    # bisection (a scan of the list per name made long articles quadratic).
    starts = [ms.start for ms in mentions]
    while (m := p.name.search(view, pos)) is not None:
        i = bisect_right(starts, m.start()) - 1
        if i >= 0 and m.start() < mentions[i].end:
            pos = mentions[i].end
            continue
        spans.append(m.span())
        pos = m.end()
    name_starts = [a for a, _ in spans]
    for m in p.honorific_name.finditer(view):
        span = m.span("name")
        i = bisect_right(name_starts, span[0]) - 1
        inside = i >= 0 and span[0] < spans[i][1]
        if not inside and p.title_at.match(view, m.end()):
            spans.append(span)
    return sorted(spans)


def find_officials(art: Article, mentions: list[Mention], cluster: Cluster | None = None) -> list[Official]:
    p = _patterns()
    view, text = art.clean, art.text
    found: dict[str, Official] = {}
    province_forms = {view[m.start : m.end] for m in mentions}
    starts = [m.start for m in mentions]
    main_province = _main_province(mentions)
    candidates = _candidates(view, mentions)
    if ner_enabled():
        candidates = sorted(candidates + _ner_candidates(art, candidates, province_forms))
    for s, e in candidates:
        name = regex.sub(r"\s+", " ", text[s:e])
        if art.author_span and art.author_span[0] <= s < art.author_span[1]:
            continue
        if name in province_forms:
            continue  # "Hà Nam", "Thái Bình": a province, not a person
        sent_start, sent_end = art.sentence_of(s)
        before = view[sent_start:s]
        hon_m = p.honorific_before.search(before)
        # Honorifics in their sentence-initial form, as gold writes them: "bà" → "Bà", "đ/c" → "Đ/c".
        honorific = hon_m["hon"][0].upper() + hon_m["hon"][1:] if hon_m else None
        title = org = None
        role_window = ""
        province = None
        # Function after the name: "Name, Title Org" / "Name - Title Org" / "Name (Title)".
        after = regex.match(r"[ \t]*(?:[,\-–—(][ \t]*)", view[e:sent_end])
        if after:
            tpos = e + after.end()
            tm = p.title_at.match(view, tpos, sent_end)
            if tm:
                title = regex.sub(r"\s+", " ", text[tm.start() : tm.end()])
                org, org_end = _org_after(view, tm["title"], tm.end(), sent_end)
                province = _province_in(mentions, starts, tm.start(), org_end)
                role_window = view[org_end : min(org_end + 45, sent_end)]
        # Function before the name: "Tổng Thanh tra Chính phủ Huỳnh Phong Tranh".
        if title is None:
            bm = p.title_before.search(view[max(sent_start, s - 120) : s - len(hon_m[0]) if hon_m else s])
            if bm:
                base = max(sent_start, s - 120)
                title = regex.sub(r"\s+", " ", text[base + bm.start("title") : base + bm.end("title")])
                org_text = bm["org"].strip()
                tkey = regex.sub(r"\s+", " ", bm["title"]).lower()
                org = f"{p.title_org[tkey]} {org_text}".strip() if tkey in p.title_org else (org_text or None)
                province = _province_in(mentions, starts, base + bm.start("title"), s)
                role_window = view[e : min(e + 45, sent_end)]
        if title is None:
            continue  # a named person without a function (a citizen, a suspect's relative) is no official
        if p.not_official_before.search(view[max(sent_start, s - 60) : s]):
            continue  # "Khu lưu niệm Chủ tịch Tôn Đức Thắng": a name in a place name
        if p.local_org.search(org or ""):
            province = None  # a district or commune function is not provincial
        elif province is None and main_province and p.provincial_org.search(org or ""):
            # "Chánh Thanh tra tỉnh Nguyễn Đức Tiến" in an article about Quảng Nam: Quảng Nam.
            province = main_province
        role = _role(role_window) if role_window else None
        official = Official(
            name=name,
            honorific=honorific,
            title=title,
            organization=org or None,
            province=province,
            cluster_role=role,
            span=(s, e),
        )
        key = name.casefold()
        if key in found:  # a person named twice is one official: keep the first, fill gaps
            prev = found[key]
            updates = {
                k: getattr(official, k)
                for k in ("honorific", "title", "organization", "province", "cluster_role")
                if getattr(prev, k) is None and getattr(official, k) is not None
            }
            if updates:
                found[key] = prev.model_copy(update=updates)
        else:
            found[key] = official
    return list(found.values())
