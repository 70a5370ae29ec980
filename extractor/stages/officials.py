"""Stage 6: officials — named people with a function.

A name is a chain of capitalised syllables that starts with a Vietnamese family name
(`patterns/person_names.json`). It is an official when its function is written next to it, either after
it ("Ông Phan Văn Thống, Chánh Thanh tra tỉnh Điện Biên (Cụm trưởng)") or before it ("Tổng Thanh tra
Chính phủ Huỳnh Phong Tranh"), or when an honorific introduces it. Titles are in `patterns/titles.jsonl`.
The byline is never an official. A name without a Kinh family name (an ethnic-minority or a foreign one) is
read where a title and its organisation stand right before it ("Phó Chủ tịch UBND tỉnh Gia Lai Rah Lan
Chung", see `_title_names`); that rule replaced underthesea's name recogniser, which found no more and
took 40 % of the pipeline's time.

Several functions of one person are one title, kept in order and comma-joined ("Ủy viên Bộ Chính trị, Phó
Thủ tướng Thường trực Chính phủ"; a Cụm trưởng after them is the cluster role); names listed together share
the function written once for them; a district or place glued to a name is not part of it. The province is
where the office lies: the one written with the function, none for a central body, else the article's one
province (spec §2, 2026-12).
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
from extractor.stages.gazetteer import district_names, level_words
from extractor.stages.ner import enabled as ner_enabled
from extractor.stages.ner import person_spans
from extractor.stages.provinces import Mention

SYL = r"\p{Lu}[\p{Ll}\p{M}]*"
# Two or more capitalised syllables in a row (a name or a place): where a name after a title may stand.
_CAP_CHAIN = regex.compile(r"(?<![\p{L}])\p{Lu}[\p{L}\p{M}'’]*(?:[ \t]+\p{Lu}[\p{L}\p{M}'’]*)+")
_SPACES = regex.compile(r"\s+")
_CLAUSE_MARK = regex.compile(r"[,.;:()]")
_AFTER_NAME = regex.compile(r"[ \t]*(?:[,\-–—(][ \t]*)")  # what opens a function written after a name
_LIST_COLON = regex.compile(r"[ \t]*:[ \t]*$")


@cache
def _joined() -> regex.Pattern:
    """What stands between names listed together: a comma or "và", and each name's own honorific."""
    hons = "|".join(regex.escape(h) for h in load_json("person_names")["honorifics"])
    return regex.compile(rf"[ \t]*(?:,|và)?[ \t]*(?:và[ \t]+)?(?:(?:{hons})[ \t]+)?")


def _any_initial_case(phrase: str) -> str:
    """Regex for `phrase` with each word's first letter in either case and flexible spaces."""
    words = []
    for w in phrase.split():
        first, rest = w[0], regex.escape(w[1:])
        head = f"[{first.upper()}{first.lower()}]" if first.upper() != first.lower() else regex.escape(first)
        words.append(head + rest)
    return r"\s+".join(words)


@cache
def tone_pairs() -> tuple[tuple[str, str], ...]:
    """(new, old) placements of a tone mark in oa, oe, uy ("ủy", "uỷ"), lower case, from
    patterns/person_names.json; also read by scoring and the probes (extractor.evaluation)."""
    return tuple((a, b) for a, b in load_json("person_names")["tone_placement"])


def _title_rows() -> list[dict]:
    """patterns/titles.jsonl, with each title that names a body in one form (patterns/org_abbreviations.json)
    also in the other: "Phó Chủ tịch Thường trực UBND" gives "Phó Chủ tịch Thường trực Ủy ban nhân dân"."""
    rows = list(load_jsonl("titles"))
    forms = [(a, b) for a, b in load_json("org_abbreviations").items() if not a.startswith("/")]
    swaps = [(regex.compile(rf"(?<![\p{{L}}]){regex.escape(one)}(?![\p{{L}}])"), other)
             for a, b in forms for one, other in ((a, b), (b, a))]
    known = {r["title"] for r in rows}
    for row in list(rows):
        for word, other in swaps:
            title = word.sub(other, row["title"])
            if title != row["title"] and title not in known:
                known.add(title)
                org = {"org": word.sub(other, row["org"])} if row.get("org") else {}
                rows.append({**row, "title": title, **org})
    return rows


def tone_fold(text: str) -> str:
    """Lower-case `text` with every tone mark placed the new way ("tỉnh uỷ" → "tỉnh ủy"): a title's key here,
    and the spelling scoring compares."""
    for new, old in tone_pairs():
        if old in text:
            text = text.replace(old, new)
    return text


def _spellings(word: str) -> str:
    """Regex for a title word in either placement of its tone mark, first letter in either case."""
    folded = tone_fold(word)
    other = folded
    for new, old in tone_pairs():
        other = other.replace(new, old)
    if other == folded:
        return _any_initial_case(word)
    return f"(?:{_any_initial_case(folded)}|{_any_initial_case(other)})"


def _title_trie(titles: list[tuple[str, bool]]) -> str:
    """The titles as one alternation shaped as a trie of their words ("Phó" once, then "Chủ tịch …", "Bí
    thư …" after it): the engine tries at each position only the titles whose first words stand there,
    instead of every title (about ten times faster). At each word the longest title is tried first, as
    in a plain alternation sorted longest first; word-initial case and the placement of a tone mark in
    oa, oe, uy are free ("tỉnh uỷ" is "Tỉnh ủy")."""
    trie: dict = {}
    for title, as_written in titles:
        node = trie
        for i, word in enumerate(title.split()):
            # "=" marks a first word whose case must be as written ("Đại diện", not "đại diện lãnh đạo")
            key = "=" + word if as_written and i == 0 else word[0].lower() + word[1:]
            node = node.setdefault(key, {})
        node[""] = {}  # a title ends here

    def longest(node: dict) -> int:
        return max((len(w) + 1 + longest(child) for w, child in node.items() if w), default=0)

    def emit(node: dict) -> str:
        alts = []
        for word, child in sorted(((w, c) for w, c in node.items() if w), key=lambda wc: -longest(wc[1])):
            head = regex.escape(word[1:]) if word.startswith("=") else _spellings(word)
            if any(child_word for child_word in child):
                rest = rf"(?:\s+(?:{emit(child)}))"
                head += rest + ("?" if "" in child else "")
            alts.append(head)
        return "|".join(alts)

    return emit(trie)


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
    former: regex.Pattern
    chain_sep: regex.Pattern
    chain_stop: regex.Pattern
    title_before_comma: regex.Pattern
    role_titles: frozenset[str]
    central: regex.Pattern
    local_title: regex.Pattern
    place_before: regex.Pattern
    place_starts: tuple[str, ...]
    shared_after: regex.Pattern
    plural_honorific: regex.Pattern
    plural_before: regex.Pattern


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
    rows = _title_rows()
    title_alt = _title_trie([(r["title"], r.get("initial") == "as written") for r in rows])
    # Word-initial case is free ("Chánh thanh tra", "phó Chủ tịch"); the rest is as written. That is
    # what IGNORECASE would give here, at a fraction of its cost on a long alternation.
    # "cựu Chủ tịch UBND tỉnh", "nguyên Giám đốc Sở": a former office-holder keeps the word (spec §2).
    former = "|".join(cfg["former"])
    title_at = regex.compile(rf"(?<![\p{{L}}])(?P<title>(?:(?:{former})[ \t]+)?(?:{title_alt}))(?![\p{{L}}])")
    # A title (with its organisation) ending right before a name: no clause punctuation between, but an
    # abbreviation in brackets may stand in it ("Phó Tổng Thanh tra Chính phủ (TTCP) Trần Ngọc Liêm").
    # An abbreviation's dot stays inside ("Chánh Thanh tra TP. Hồ Chí Minh", "TP.HCM"): a dot between
    # capitals.
    org_run = r"(?:[^,.;:()\n]|(?<=\p{Lu})\.(?=[ \t]?\p{Lu})|\([\p{Lu}\p{N}&.\-]{1,12}\))"
    title_before = regex.compile(
        rf"(?<![\p{{L}}])(?P<title>(?:(?:{former})[ \t]+)?(?:{title_alt}))(?P<org>{org_run}{{0,60}}?)[ \t]*$"
    )
    # An earlier function of the same person, before a comma: "Ủy viên Ban Thường vụ Thành ủy, Phó Chủ tịch …"
    title_before_comma = regex.compile(
        rf"(?<![\p{{L}}])(?P<title>(?:(?:{former})[ \t]+)?(?:{title_alt}))"
        rf"(?P<org>[^,.;:()\n]{{0,60}}?)[ \t]*,[ \t]*$"
    )
    keep = "|".join(cfg["org_continues_after_comma"])
    verbs = "|".join(regex.escape(w) for w in cfg["org_end_words"])
    org_end = regex.compile(
        rf"[;()\n]|(?<!\p{{Lu}})\.|\.(?![ \t]?\p{{Lu}})|,(?![ \t]*(?:{keep}))"
        rf"|[ \t][-–—][ \t]|[ \t](?:{verbs})(?![\p{{L}}])"
    )
    leader = regex.compile("|".join(regex.escape(w) for w in cfg["role_leader"]))
    deputy = regex.compile("|".join(regex.escape(w) for w in cfg["role_deputy"]))
    title_org = {tone_fold(r["title"].lower()): r["org"] for r in rows if r.get("org")}
    not_official_before = regex.compile(rf"(?:{'|'.join(cfg['not_official_before'])})[^,.;\n]{{0,40}}$")
    provincial_org = regex.compile(rf"(?<![\p{{L}}])(?:{'|'.join(cfg['provincial_org'])})")
    local_org = regex.compile(rf"(?<![\p{{L}}])(?:{'|'.join(cfg['local_org'])})(?![\p{{L}}])")
    syl = r"\p{Lu}[\p{L}\p{M}]*(?:['’]\p{Lu}?[\p{L}\p{M}]+)?"
    honorific_name = regex.compile(
        rf"(?<![\p{{L}}])(?:{hons})[ \t]+(?P<name>{syl}(?:[ \t]+{syl}){{1,4}})[ \t]*[,\-–—][ \t]*"
    )
    hon_words = "|".join(regex.escape(h) for h in cfg["honorifics"])
    extra = dict(
        former=regex.compile(rf"^(?:{former})[ \t]+", regex.IGNORECASE),
        # Between two functions of one person: a comma or a spaced dash, after an organisation that may hold
        # commas and a bracketed abbreviation ("Phó Cục trưởng Cục Thanh tra, giải quyết khiếu nại, tố cáo khu
        # vực I (Cục I), Trưởng đoàn thanh tra").
        chain_sep=regex.compile(r"(?:[ \t]*,[ \t]*|[ \t]+[-–—][ \t]+)"),
        chain_stop=regex.compile(
            rf"[;.:\n]|\((?!\p{{Lu}}[\p{{L}}\p{{N}}&.\- ]{{0,15}}\))"
            rf"|(?<![\p{{L}}])(?:{verbs}|{hon_words})(?![\p{{L}}])"
        ),
        title_before_comma=title_before_comma,
        role_titles=frozenset(t.casefold() for t in cfg["role_titles"]),
        central=regex.compile(rf"(?<![\p{{L}}])(?:{'|'.join(cfg['central_org'])})(?![\p{{L}}])"),
        local_title=regex.compile(rf"(?<![\p{{L}}])(?:{'|'.join(cfg['local_title'])})(?![\p{{L}}])"),
        place_before=regex.compile(
            rf"(?<![\p{{L}}])(?:{'|'.join(cfg['place_words'])})[ \t]+$", regex.IGNORECASE
        ),
        place_starts=tuple(cfg["place_starts"]),
        shared_after=regex.compile(rf"[ \t]*(?:\(|,)?[ \t]*(?:{'|'.join(cfg['shared_function'])})[ \t]+"),
        plural_before=regex.compile(
            rf"(?<![\p{{L}}])(?:{'|'.join(cfg['plural_honorific'])})[ \t]+$", regex.IGNORECASE
        ),
        plural_honorific=regex.compile(
            rf"(?<![\p{{L}}])(?:{'|'.join(cfg['plural_honorific'])})[ \t]+(?P<hon>đồng chí|ông|bà)[ \t]*:",
            regex.IGNORECASE,
        ),
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
        **extra,
    )


def _org_after(view: str, title: str, pos: int, limit: int) -> tuple[str | None, int]:
    """The organisation written after a title at `pos`, and where it ends."""
    p = _patterns()
    m = p.org_end.search(view, pos, limit)
    end = m.start() if m else limit
    rest = view[pos:end].strip()
    base = p.title_org.get(tone_fold(_SPACES.sub(" ", title).lower()))
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


def _main_province(art: Article, mentions: list[Mention]) -> str | None:
    """The province an article is about: the only one its first sentence naming a province names (news
    name their actor first: "… cơ quan chức năng tỉnh An Giang chuyển …", then the places of the case),
    else the one named most often."""
    if mentions:
        first = art.sentence_of(mentions[0].start)
        in_first = {m.code for m in mentions if first[0] <= m.start < first[1]}
        if len(in_first) == 1:
            return in_first.pop()
    ranked = Counter(m.code for m in mentions).most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


_WORD_AT = regex.compile(r"[^ \t]+")
# A last syllable joined by a hyphen ("Khăm Phăn Li - Phung"), before a lower-case word or a clause end.
_HYPHEN_PART = regex.compile(r"[ \t]*-[ \t]*(\p{Lu}[\p{Ll}\p{M}'’]*)(?=[ \t]+\p{Ll}|[ \t]*[,.;:)]|[ \t]*$)")


@cache
def _places_before_a_name() -> frozenset[str]:
    """Place names that may end a title's organisation before a name: districts, provinces, and the countries
    and regions of `patterns/person_names.json` (places_before_a_name)."""
    from extractor.stages.gazetteer import surface_forms

    cfg = load_json("person_names")
    return frozenset(district_names() | set(surface_forms()) | set(cfg["places_before_a_name"]))


@cache
def _place_first_words() -> frozenset[str]:
    return frozenset(place.split()[0] for place in _places_before_a_name())


@cache
def _not_name_phrase() -> tuple[regex.Pattern, frozenset[str]]:
    """The phrases that end a name ("Thanh tra", "Chính phủ") and the title words a name may hold after its
    first syllable ("Văn", "Công", "Thanh"), as for the family-name pattern."""
    cfg = load_json("person_names")
    inner = frozenset(cfg["not_name_first_syllable_exceptions"])
    return regex.compile("|".join(cfg["not_name_phrases"])), inner


def _title_names(
    art: Article, spans: list[tuple[int, int]], mentions: list[Mention]
) -> list[tuple[int, int]]:
    """Names the family-name pattern cannot read (ethnic-minority and foreign names): a capitalised run right
    after a capitalised title and its organisation, the places that end the organisation set aside ("Phó Chủ
    tịch UBND tỉnh Gia Lai Rah Lan Chung", "Bí thư Tỉnh ủy Kon Tum A Pớt", "Trưởng đoàn cán bộ Thanh tra
    Chính phủ Lào Khăm Phăn Li - Phung"). The rest must be two to five syllables with no title or organisation
    word, after a place or after an organisation that ends in a lower-case word ("Sở Tài chính Y Ngông")."""
    p = _patterns()
    view = art.clean
    places = _places_before_a_name()
    span_starts = [a for a, _ in spans]
    mention_at = {m.start: m.end for m in mentions}
    out: list[tuple[int, int]] = []
    place_heads = _place_first_words()
    for chain in _CAP_CHAIN.finditer(view):
        a, b = chain.span()
        i = bisect_left(span_starts, b) - 1
        if i >= 0 and spans[i][1] > a:
            continue  # the patterns read a name here
        first = view[a : a + 12].split(None, 1)[0]
        if first in p.stop_words and first not in place_heads and a not in mention_at:
            continue  # "Chánh Thanh tra", "Sở Tài chính": no name can start the run
        words = [w.span() for w in _WORD_AT.finditer(view, a, b)]
        k = 0  # words of the run that are places ending the organisation
        while k < len(words):
            if words[k][0] in mention_at:
                end = mention_at[words[k][0]]
                while k < len(words) and words[k][0] < end:
                    k += 1
                continue
            n = next(
                (n for n in range(min(4, len(words) - k), 0, -1)
                 if view[words[k][0] : words[k + n - 1][1]] in places),
                0,
            )
            if not n:
                break
            k += n
        rest = words[k:]
        phrase, inner_ok = _not_name_phrase()
        cut = next(
            (
                j
                for j, (s, e) in enumerate(rest)
                if (view[s:e] in p.stop_words and not (j and view[s:e] in inner_ok)) or phrase.match(view, s)
            ),
            len(rest),
        )
        rest = rest[:cut]
        if not 2 <= len(rest) <= 5:
            continue
        sentence = art.sentence_of(a)
        window = view[max(sentence[0], a - 90) : a]
        tm = p.title_before.search(window)
        if not tm or not tm["title"][0].isupper() or _CLAUSE_MARK.search(tm["org"]):
            continue
        if p.org_end.search(tm["org"]):
            continue  # "Thủ tướng Chính phủ về tổ chức Tết …": the title's organisation ended before
        org_words = tm["org"].split()
        if k == 0 and not (org_words and org_words[-1][0].islower()):
            continue  # neither a place nor a lower-case word closes the organisation: it may go on
        s, e = rest[0][0], rest[-1][1]
        if rest[-1][1] == b and (joined := _HYPHEN_PART.match(view, b)) and joined[1] not in p.stop_words:
            e = joined.end()
        if _place_length(view, s, e) or view[s:e] in places:
            continue
        out.append((s, e))
    return out


def _ner_candidates(
    art: Article, spans: list[tuple[int, int]], province_forms: set[str]
) -> list[tuple[int, int]]:
    """Names underthesea's recogniser finds where the rules read none: only in sentences that carry a
    capitalised title before a run of capitalised syllables that is neither a found name nor a province
    (the recogniser costs ~5 ms a sentence). Off by default: on the corpus and the held-out articles the
    rules find every name it finds, at 40 % of the pipeline's time; for an outlet with other naming
    styles it is a cheap way to see what the rules miss (`EXTRACTOR_NER=1 extractor eval …`)."""
    p = _patterns()
    view = art.clean
    out: list[tuple[int, int]] = []
    named = {art.sentence_of(a) for a, _ in spans}
    done: set[tuple[int, int]] = set()
    for chain in _CAP_CHAIN.finditer(view):
        if chain[0] in province_forms or chain[0].split()[0] in p.stop_words:
            continue
        sentence = art.sentence_of(chain.start())
        if sentence in named or sentence in done:
            continue
        tm = p.title_before.search(view[max(sentence[0], chain.start() - 90) : chain.start()])
        if tm and tm["title"][0].isupper() and not regex.search(r"[,.;:()]", tm["org"]):
            out.extend(person_spans(view, sentence[0], sentence[1], province_forms))
            done.add(sentence)
    return out


def _place_length(view: str, start: int, end: int) -> int:
    """How much of a name match at [start, end) is a place: a district named after a locality word
    ("UBND huyện Đình Lập Hoàng Văn An" → "Đình Lập"), or a place such as "Cù Lao …"; 0 when none."""
    p = _patterns()
    text = view[start:end]
    if text.startswith(p.place_starts):
        return end - start
    if not p.place_before.search(view[max(0, start - 12) : start]):
        return 0
    words = text.split()
    for n in range(len(words), 0, -1):  # the longest district name the match starts with
        if " ".join(words[:n]) in district_names():
            return len(" ".join(words[:n])) if n < len(words) else end - start
    return end - start  # a place we do not know ("xã Lê Lợi"): not a person either


def _candidates(view: str, mentions: list[Mention]) -> list[tuple[int, int]]:
    """Name spans: a family-name chain, restarted after a province or a district it ran into ("UBND tỉnh Lâm
    Đồng Nguyễn Ngọc Phúc": "Lâm" is also a family name), plus any capitalised chain that an honorific
    introduces and a title follows ("bà H'Lan Niê, Phó Chánh Thanh tra"), which covers names without a Kinh
    family name."""
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
        place = _place_length(view, m.start(), m.end())
        if place:
            pos = m.start() + place
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


@dataclass
class _Function:
    """What is written beside a name: its functions (titles, in order), organisation, province, role."""

    titles: list[str]
    org: str | None
    province: str | None
    role_window: str
    start: int  # where the first function starts
    end: int  # where the last organisation ends
    shared: bool = False  # written once after a list of names ("(đều là …)")
    context: str = ""  # the rest of the function's clause


def _clean_title(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


_LEVEL = regex.compile(rf"[ \t]+(?:{level_words('province', 'district', 'commune')})(?=[ \t]*(?:,|$))")


def _with_level(view: str, title_end: int, org_end: int, title: str) -> str:
    """A function followed only by its level word keeps it ("Chủ tịch HĐND tỉnh, Trưởng đoàn …"): it is part
    of the function as written, not an organisation."""
    m = _LEVEL.match(view, title_end, org_end)
    return f"{title} {_clean_title(m.group())}" if m else title


@dataclass(frozen=True)
class _Ctx:
    """What the function readers need of an article: its text, its province mentions (and their sorted
    starts) and the sorted starts of every name candidate."""

    art: Article
    mentions: list[Mention]
    starts: list[int]
    names: list[int]


def _functions_after(c: _Ctx, pos: int, limit: int) -> _Function | None:
    """The functions written after a name, from `pos`: "Title Org[, Title Org …]" — several functions of one
    person, each after a comma or a spaced dash, kept in order (spec §2); a Cụm trưởng / Khối trưởng after
    them is the cluster role, not a function. Stops at a clause end, a verb, an honorific or another name."""
    p = _patterns()
    view, text = c.art.clean, c.art.text
    tm = p.title_at.match(view, pos, limit)
    if not tm:
        return None
    org, org_end = _org_after(view, tm["title"], tm.end(), limit)
    if _has_name(c.names, tm.start(), org_end + 1):
        return None  # "A, Phó Chủ tịch UBND tỉnh Trần Văn Bình": the title written before B is B's
    titles = [_with_level(view, tm.end(), org_end, _clean_title(text[tm.start() : tm.end()]))]
    first_start, first_org = tm.start(), org
    while True:
        nxt = _next_function(view, org_end, min(limit, org_end + 120), c.names)
        if nxt is None or _clean_title(nxt["title"]).casefold() in p.role_titles:
            break
        _, org_end = _org_after(view, nxt["title"], nxt.end(), limit)
        titles.append(_with_level(view, nxt.end(), org_end, _clean_title(text[nxt.start() : nxt.end()])))
    province = _province_in(c.mentions, c.starts, first_start, org_end)
    role_window = view[org_end : min(org_end + 45, limit)]
    context = _context(view, org_end, limit)
    return _Function(titles, first_org, province, role_window, first_start, org_end, context=context)


def _context(view: str, pos: int, limit: int) -> str:
    """The words after a function up to the end of its clause: "Trưởng phòng 3, Cục III Thanh tra Chính phủ"
    says the office is central even though the organisation read after the title stops at the comma."""
    p = _patterns()
    end = min(limit, pos + 80)
    stop = p.chain_stop.search(view, pos, end)
    return view[pos : stop.start() if stop else end]


def _next_function(view: str, pos: int, limit: int, names: list[int]) -> regex.Match | None:
    """The next function of the same person after `pos`: a title right after a comma or a spaced dash,
    with no clause end, verb, honorific or other name on the way."""
    p = _patterns()
    for sep in p.chain_sep.finditer(view, pos, limit):
        between = view[pos : sep.start()]
        if p.chain_stop.search(between) or _has_name(names, pos, sep.start()):
            return None
        tm = p.title_at.match(view, sep.end(), limit)
        if tm:
            return tm
    return None


def _has_name(names: list[int], start: int, end: int) -> bool:
    i = bisect_left(names, start)
    return i < len(names) and names[i] < end


def _functions_before(c: _Ctx, s: int, lo: int) -> _Function | None:
    """The functions written before a name: "Tổng Thanh tra Chính phủ Huỳnh Phong Tranh", and the earlier
    ones of the same person before commas ("Ủy viên Ban Thường vụ Thành ủy, Phó Chủ tịch UBND thành phố
    Nguyễn Quốc Hùng")."""
    p = _patterns()
    view, text = c.art.clean, c.art.text
    names = c.names
    base = max(lo, s - 120)
    bm = p.title_before.search(view[base:s])
    if not bm and (colon := _LIST_COLON.search(view, base, s)):
        # "các Phó Chánh Thanh tra tỉnh: bà Ka Hồng Nhung, ông Điểu Bình": one title for the list after it
        bm = p.title_before.search(view[base : colon.start()])
        title_at = base + bm.start("title") if bm else base
        bm = bm if bm and p.plural_before.search(view[max(lo, title_at - 12) : title_at]) else None
        s = colon.start()
    if not bm:
        return None
    t_start = base + bm.start("title")
    if _has_name(names, base + bm.start("org"), s):
        return None  # "Chủ tịch UBND tỉnh Nguyễn Văn A, Trần Văn B": A's title, not B's
    t_end = base + bm.end("title")
    titles = [_with_level(view, t_end, base + bm.end("org"), _clean_title(text[t_start:t_end]))]
    org_text = view[base + bm.start("org") : base + bm.end("org")].strip()
    tkey = tone_fold(_SPACES.sub(" ", p.former.sub("", bm["title"])).lower())
    org = f"{p.title_org[tkey]} {org_text}".strip() if tkey in p.title_org else (org_text or None)
    first = t_start
    for _ in range(3):
        lo2 = max(lo, first - 100)
        cm = p.title_before_comma.search(view[lo2:first])
        if not cm or _has_name(names, lo2 + cm.start(), first) or p.chain_stop.search(cm["org"]):
            break
        first, t_end = lo2 + cm.start("title"), lo2 + cm.end("title")
        titles.insert(0, _with_level(view, t_end, lo2 + cm.end("org"), _clean_title(text[first:t_end])))
    province = _province_in(c.mentions, c.starts, first, s)
    return _Function(titles, org, province, "", first, s)


def _office_province(fn: _Function, main_province: str | None) -> str | None:
    """The province of the office (spec §2, 2026-12): the one written with the function; else none for a
    central body; else, for any other office (provincial, city, district, commune, a school), the one
    province the article is about."""
    p = _patterns()
    if fn.province:
        return fn.province
    words = " ".join([*fn.titles, fn.org or "", fn.context])
    if p.central.search(words):
        return None
    if fn.org or p.local_title.search(words):
        return main_province
    return None


def find_officials(art: Article, mentions: list[Mention], cluster: Cluster | None = None) -> list[Official]:
    p = _patterns()
    view, text = art.clean, art.text
    province_forms = {view[m.start : m.end] for m in mentions}
    starts = [m.start for m in mentions]
    main_province = _main_province(art, mentions)
    candidates = _candidates(view, mentions)
    candidates = sorted(candidates + _title_names(art, candidates, mentions))
    if ner_enabled():  # opt-in second opinion from underthesea (EXTRACTOR_NER=1)
        found = set(candidates)
        candidates = sorted(found | set(_ner_candidates(art, candidates, province_forms)))
    ctx = _Ctx(art, mentions, starts, [a for a, _ in candidates])
    rows: list[tuple[int, int, str | None, _Function | None]] = []  # (start, end, honorific, function)
    for s, e in candidates:
        name = _SPACES.sub(" ", text[s:e])
        if art.author_span and art.author_span[0] <= s < art.author_span[1]:
            continue
        if name in province_forms:
            continue  # "Hà Nam", "Thái Bình": a province, not a person
        sent_start, sent_end = art.sentence_of(s)
        if p.not_official_before.search(view[max(sent_start, s - 60) : s]):
            continue  # "Khu lưu niệm Chủ tịch Tôn Đức Thắng": a name in a place name
        hon_m = p.honorific_before.search(view[sent_start:s])
        if hon_m:
            # Honorifics in their sentence-initial form, as gold writes them: "bà" → "Bà", "đ/c" → "Đ/c".
            honorific = hon_m["hon"][0].upper() + hon_m["hon"][1:]
        else:  # "Dự hội nghị có các đồng chí: Lê Sỹ Bảy, …": each one is "Đồng chí"
            plural = None
            for plural in p.plural_honorific.finditer(view, sent_start, s):  # noqa: B007 (the last one)
                pass
            honorific = plural["hon"][0].upper() + plural["hon"][1:].lower() if plural else None
        fn = None
        # Function after the name: "Name, Title Org" / "Name - Title Org" / "Name (Title)" / "(đều là Title)".
        after = _AFTER_NAME.match(view, e, sent_end)
        shared = p.shared_after.match(view, e, sent_end)
        if shared:
            fn = _functions_after(ctx, shared.end(), sent_end)
            if fn:
                fn.role_window, fn.shared = "", True
        if fn is None and after:
            fn = _functions_after(ctx, after.end(), sent_end)
        # Function before the name: "Tổng Thanh tra Chính phủ Huỳnh Phong Tranh".
        if fn is None:
            end_before = s - len(hon_m[0]) if hon_m else s
            fn = _functions_before(ctx, end_before, sent_start)
            if fn:
                fn.role_window = view[e : min(e + 45, sent_end)]
        rows.append((s, e, honorific, fn))
    _share_functions(view, rows)
    found: dict[str, Official] = {}
    for s, e, honorific, fn in rows:
        if fn is None:
            continue  # a named person without a function (a citizen, a suspect's relative) is no official
        name = _SPACES.sub(" ", text[s:e])
        role = _role(fn.role_window) if fn.role_window else None
        title = ", ".join(fn.titles)
        if role is None and cluster is not None:
            role = _unit_role(title, fn, cluster)
        official = Official(
            name=name,
            honorific=honorific,
            title=title,
            organization=fn.org or None,
            province=_office_province(fn, main_province),
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


def _share_functions(view: str, rows: list) -> None:
    """Names listed together share the function written once for them: after the list ("Nguyễn Chiến
    Thắng, Lê Đức Vinh (đều là cựu chủ tịch UBND tỉnh Khánh Hòa)") or before it ("các Phó Chủ tịch UBND
    tỉnh Nguyễn Văn An, Trần Văn Bình")."""
    joined = _joined()
    for i in range(len(rows) - 2, -1, -1):  # backwards: a function after the list reaches its first name
        s, e, hon, fn = rows[i]
        ns, _, _, nfn = rows[i + 1]
        if fn is None and nfn is not None and nfn.shared and joined.fullmatch(view, e, ns):
            rows[i] = (s, e, hon, nfn)
    for i in range(1, len(rows)):
        s, e, hon, fn = rows[i]
        _, pe, _, pfn = rows[i - 1]
        if fn is None and pfn is not None and pfn.end <= rows[i - 1][0] and joined.fullmatch(view, pe, s):
            rows[i] = (s, e, hon, pfn)


def _unit_role(title: str, fn: _Function, cluster: Cluster) -> str | None:
    """R5: the head of the inspectorate named Cụm trưởng / Cụm phó has that role, even when only the unit is
    tagged ("Thanh tra tỉnh Lai Châu chủ trì, đơn vị đăng cai Cụm trưởng" + "Bà Võ Thị Thiệp, Chánh Thanh
    tra tỉnh Lai Châu")."""
    p = _patterns()
    head = p.former.sub("", title.split(",")[0]).casefold()
    if head != "chánh thanh tra" or fn.province is None:
        return None
    if fn.province == cluster.leader:
        return "leader"
    if fn.province == cluster.deputy:
        return "deputy"
    return None
