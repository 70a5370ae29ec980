"""Stage 7, legal references: the specific documents an article cites (spec §2 "Legal references").

A mention has one of five shapes, tried in this order; a later shape never overlaps an earlier one:
  coded     "Nghị định số 33/2015/NĐ-CP ngày 27/3/2015", "Chỉ thị số 34-CT/TW", a bare "33/2015/NĐ-CP"
  series    "Nghị quyết Trung ương 4 khóa XII" (a Party body's resolution cited by session)
  quoted    "đề án “Tuyên truyền …”"
  named     "Luật Thanh tra 2022", "Luật Phòng, chống tham nhũng", "Hiến pháp năm 2013"
  numbered  "Kế hoạch số 64", "Chỉ thị 20 của Thủ tướng"
Generic mentions ("các Chỉ thị của Thủ tướng Chính phủ", "kế hoạch thanh tra") fit none of the shapes, so
they are never references. The type vocabulary lives in patterns/doc_types.jsonl, the code → issuer map
and issuer names in patterns/issuers.jsonl.

Matching runs on `art.clean` (page furniture blanked) and slices `art.text`: the two have equal length.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace

import regex

from extractor.article import Article
from extractor.models import LegalRef
from extractor.patterns import load_jsonl
from extractor.stages.dates import full_date
from extractor.stages.gazetteer import level_words

# ---------------------------------------------------------------- language data from patterns/

_TYPE_ROWS = [r for r in load_jsonl("doc_types") if r["kind"] == "type"]
_SERIES_ROWS = [r for r in load_jsonl("doc_types") if r["kind"] == "series"]
_WORDS = {r["name"]: r["words"] for r in load_jsonl("doc_types") if r["kind"] == "words"}
_ISSUER_CODES = {r["code"]: r["issuer"] for r in load_jsonl("issuers") if r["kind"] == "code"}
_ISSUER_NAMES = [r for r in load_jsonl("issuers") if r["kind"] == "name"]

# Small patterns of the readers below, compiled once (regex.split(str, …) looks its pattern up anew).
_CODE_DASH = regex.compile(r"\s?[-–]\s?")
_NUMBER = regex.compile(r"\d{1,5}")
_WORD_SEP = regex.compile(r"[,\s]+")
_WORD_SEP_KEPT = regex.compile(r"([,\s]+)")
_TRAILING_AND = regex.compile(r"(?:\s+và)+\Z")


def _fold(s: str) -> str:
    """Comparison form of spec §2: NFC, whitespace runs folded, case-folded."""
    return " ".join(unicodedata.normalize("NFC", s).split()).casefold()


_TYPE_BY_WORD = {_fold(w): r for r in _TYPE_ROWS for w in r["words"]}
_TYPE_BY_ABBR = {a: r for r in _TYPE_ROWS for a in r.get("abbr", [])}
_TYPE_BY_CODE = {c: r for r in _TYPE_ROWS for c in r.get("code", [])}
_ISSUER_EXPAND = {r["name"]: r["issuer"] for r in _ISSUER_NAMES if "issuer" in r}


def _alt(words: list[str] | set[str]) -> str:
    """Regex alternation, longest first so "Thông tư liên tịch" wins over "Thông tư"."""
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _words_of(pred: Callable[[dict], bool]) -> list[str]:
    """Every way articles write the types that `pred` selects."""
    return [w for r in _TYPE_ROWS if pred(r) for w in r["words"]]


# ---------------------------------------------------------------- regexes (compiled once)

_B = r"(?<![\p{L}\d])"  # left word boundary
_E = r"(?![\p{L}\d])"  # right word boundary
_TYPE_CI = rf"(?i:{_alt(_words_of(lambda r: True))})"
_ABBR = _alt(list(_TYPE_BY_ABBR))
_SO = r"(?i:số)\s*:?\s*"

# A code segment: capitals and digits with at most two lower-case letters ("NĐ", "TTg", "QĐi", "QH15",
# "BCSĐ") — never an ordinary capitalised word such as "Thanh".
# A segment may hold dots between its parts ("V.I" of "248/VPCP-V.I", "T.Tr" of "21/QĐ-T.Tr"); a dot followed
# by a space ends the sentence, not the code.
_SEG = (
    r"\p{Lu}[\p{Lu}\d]*\p{Ll}{0,2}[\p{Lu}\d]*(?:\.\p{Lu}[\p{Lu}\d]*\p{Ll}{0,2}[\p{Lu}\d]*)*(?![\p{L}\d])"
)
_STATE = (
    # "số 3608 /VPCP-V.I": a space may stand before the slash
    rf"(?P<snum>\d{{1,5}}[a-z]?)[ \t]?/(?:(?P<syear>(?:19|20)\d\d)/)?"
    rf"(?P<scode>{_SEG}(?:\s?[-–]\s?{_SEG})*)"
)
_PARTY = rf"(?P<pnum>\d{{1,5}}[a-z]?)\s?[-–]\s?(?P<pcode>{_SEG}/{_SEG}(?:[-–]{_SEG})*)"
_CODE_RE = regex.compile(rf"(?<![\p{{L}}\d/.,\-–])(?:{_PARTY}|{_STATE})")

# Words between a type word and "số <code>" ("Kết luận thanh tra số …", "Quyết định thành lập Đoàn số …"):
# no punctuation, no other type word, no word that starts a new clause.
_GAP_STOP = _alt(_WORDS["gap_stop"])
_GAP_WORD = rf"\s+(?!(?:{_TYPE_CI}){_E})(?!(?:{_GAP_STOP}){_E})[^\s,;:.()“”\"«»]+"
_TYPE_BEFORE_RE = regex.compile(
    rf"{_B}(?P<t>{_TYPE_CI}|{_ABBR})(?:(?P<gap>(?:{_GAP_WORD}){{1,6}}?)\s+(?P<so1>{_SO})|\s*(?P<so2>{_SO})?)\Z"
)
_SO_BEFORE_RE = regex.compile(rf"{_B}{_SO}\Z")
# Numbers sharing the code that follows them, after "số" or right after the document's type (a few lower-case
# words may qualify it): "Kết luận thanh tra số: 09, 10, 11, 12/KL-TTr", "Kết luận thanh tra 09, 10/KL-TTr".
_NUM_LIST_RE = regex.compile(
    rf"{_B}(?:{_SO}|(?<=(?:{_TYPE_CI})(?:[ \t]+\p{{Ll}}+){{0,3}}[ \t]+))"
    rf"(?P<list>(?:\d{{1,5}}[ \t]*(?:,|và)[ \t]*)+)\Z"
)

# "ngày 27/3/2015", "ngày 27-3-2015", "ngày 27 tháng 3 năm 2015", optionally "ban hành ngày …".
def _compile_for_match(pattern: str) -> regex.Pattern:
    """A pattern used as `.match(clean, pos)`. `regex` first looks for a literal that every match must
    contain ("ngày") from `pos` to the end of the text, so without it each call costs the rest of the text
    (quadratic on a long article); a second branch that never matches turns that look-up off and changes
    nothing else."""
    return regex.compile(rf"(?:{pattern})|(?!)")


_DATE_RE = _compile_for_match(
    rf"\s*,?\s*(?:(?:{_alt(_WORDS['date_lead'])})\s+)?(?:vào\s+)?(?i:ngày)\s+"
    r"(?:(?P<d>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<m>\d{1,2})(?:\s*(?P=sep)\s*(?P<y>\d{4}))?"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})(?:\s*,?\s*năm\s+(?P<y2>\d{4}))?)(?!\d)"
)

_STOP = _alt(_WORDS["law_stop"])
_PROPER = r"\p{Lu}\p{Ll}*(?:(?:\s+|\s?-\s?)\p{Lu}\p{Ll}*){0,3}"
# A proper name after an open issuer head ("Bộ Tài chính", "Sở Tài nguyên và Môi trường").
_OPEN_NAME = rf"\p{{Lu}}\p{{Ll}}*(?:\s+(?!(?:{_STOP}){_E})\p{{L}}+{_E}){{0,6}}"
_ISSUER_ALT = "|".join(
    regex.escape(r["name"]) + (rf"\s+{_OPEN_NAME}" if r.get("open") else "")
    for r in sorted(_ISSUER_NAMES, key=lambda r: len(r["name"]), reverse=True)
)
_ISSUER_RE = regex.compile(
    rf"\s*,?\s*(?:của|do)\s+(?P<iss>(?:{_ISSUER_ALT}){_E}"
    rf"(?:\s+(?:{level_words('province', 'province_abbreviations', 'district')}){_E}(?:\s+{_PROPER})?"
    rf"|\s+số\s+(?:\d{{1,2}}|[IVXL]{{1,6}}){_E})?)"
)

# A law's name: a capitalised word, then lower-case words up to a stop word ("Luật Thanh tra năm 2022"),
# a few capitalised words that belong to names ("Nhà nước"), and commas that names contain
# ("Luật Phòng, chống tham nhũng", "Luật Thi đua, khen thưởng").
_NAME_CONT = (
    rf"(?:\s+(?!(?:{_STOP}){_E})\p{{Ll}}+{_E}"
    rf"|\s+(?:{_alt(_WORDS['law_caps'])}){_E}"
    rf"|\s*,\s+(?=(?:{_alt(_WORDS['law_comma'])}){_E})\p{{Ll}}+{_E})"
)
_LAW_WORDS = _alt(_words_of(lambda r: r.get("named") == "law"))
# The first word of a name is a whole word: "Luật THANH TRA" or "Luật PCTN" is no law named "T" or "P".
_LAW_RE = regex.compile(
    rf"{_B}(?P<t>{_LAW_WORDS})\s+(?P<name>\p{{Lu}}\p{{Ll}}*{_E}{_NAME_CONT}{{0,11}})"
    rf"(?:\s+(?:năm\s+)?(?P<yr>(?:19|20)\d\d)(?![\d/]))?"
)
# Laws by their official names, for mentions written otherwise: "Luật phòng chống tham nhũng", "Luật PCTN"
# → "Luật Phòng, chống tham nhũng" (gold X6). Words match in any case, the comma may be missing.
_LAW_NAMES = [r for r in load_jsonl("doc_types") if r["kind"] == "law_name"]


def _loose(name: str) -> str:
    return r"[,\s]+".join(f"(?i:{regex.escape(w)})" for w in regex.split(r"[,\s]+", name))


_LAW_NAME_RE = regex.compile(
    rf"{_B}(?P<t>{_LAW_WORDS})\s+(?:"
    + "|".join(
        f"(?P<l{i}>{'|'.join([_loose(r['name']), *(regex.escape(a) for a in r.get('abbr', ()))])})"
        for i, r in sorted(enumerate(_LAW_NAMES), key=lambda x: -len(x[1]["name"]))
    )
    # a known name that a longer one starts with is the longer law ("Luật Quy hoạch đô thị" is not
    # "Luật Quy hoạch"); "và" after a known name ends it ("Luật Tố cáo và kỹ năng hòa giải")
    + rf"){_E}(?!\s+(?!(?:{_STOP}|và){_E})\p{{Ll}}+{_E})(?:\s+(?:năm\s+)?(?P<yr>(?:19|20)\d\d)(?![\d/]))?"
)
_PLAN_WORDS = _alt(_words_of(lambda r: r.get("plan", False)))
_PLAN_STOP = _alt(_WORDS["plan_stop"])
# A plan or programme named without a number: capitalised type word, capitalised name ("Kế hoạch Phát triển
# kinh tế - xã hội 5 năm 2011 - 2015"), not a unit's routine plan ("Kế hoạch Thanh tra năm 2021").
_PLAN_RE = regex.compile(
    rf"{_B}(?P<t>{_PLAN_WORDS})\s+(?!(?:{_alt(_WORDS['plan_generic'])}){_E})"
    rf"(?P<name>\p{{Lu}}\p{{Ll}}*{_E}(?:(?:\s+|\s*[-–]\s*)(?!(?:{_PLAN_STOP}){_E})[\p{{L}}\p{{N}}]+{_E}){{2,20}})"
)
_ANNUAL_RE = regex.compile(r"\s+năm\s+(?:19|20)\d\d\Z")
_ISSUE_BEFORE_RE = regex.compile(rf"{_B}(?:{_alt(_WORDS['issue_verbs'])})\s+\Z")
_YEAR_DOC_WORDS = _alt(_words_of(lambda r: r.get("named") == "year"))
_YEAR_DOC_RE = regex.compile(rf"{_B}(?P<t>{_YEAR_DOC_WORDS})\s+(?:năm\s+)?(?P<yr>(?:19|20)\d\d)(?![\d/])")

# Quoted titles and bare numbers are found from their right end (a quote, a digit) and the type word is
# then looked up just before them in the reversed text: one anchored match instead of trying a long
# case-insensitive alternation at every position of the article.
_QUOTE_RE = regex.compile(r"[“\"«](?P<title>\p{Lu}[^”\"»\n]{2,250}?)[”\"»]")
_QUOTED_TYPE_REV_RE = regex.compile(
    rf"\s*:?\s*(?P<t>(?i:{_alt([w[::-1] for w in _words_of(lambda r: r.get('named') == 'quoted')])})){_E}"
)
_TYPE_REV_RE = regex.compile(rf"\s+(?P<t>(?i:{_alt([w[::-1] for w in _words_of(lambda r: True)])})){_E}")
_REV_WINDOW = 40  # longer than any type word plus spacing

_TERM = _alt(_WORDS["term"])
_ORD = r"(?:\d{1,2}|[IVXL]{1,6})"


def _series_desc(row: dict) -> str:
    """The session part of a series name: "Trung ương 4 khóa XII", "Đại hội Đảng toàn quốc lần thứ XIII"."""
    return (
        rf"(?:{_alt(row['prefixes'])})\s+(?:Đảng\s+)?(?:(?i:lần\s+thứ)\s+)?(?P<ord>{_ORD}){_E}"
        rf"(?:\s*\(\s*(?:{_TERM})\s+(?P<term>{_ORD}){_E}\s*\)|\s*,?\s*(?:{_TERM})\s+(?P<term2>{_ORD}){_E})?"
    )


_SERIES_RES = [
    (row, regex.compile(rf"{_B}(?P<t>(?i:{regex.escape(row['type'])}))\s+(?:của\s+)?{_series_desc(row)}"))
    for row in _SERIES_ROWS
]
# "Nghị quyết số 04-NQ/TW ngày 30/10/2016 Hội nghị Trung ương 4 khóa XII": the coded resolution is the
# series one, so a later "Nghị quyết Trung ương 4 khóa XII" is the same reference.
_SERIES_AFTER_RES = [
    (row, _compile_for_match(rf"\s*,?\s*(?:(?:của|tại)\s+)?{_series_desc(row)}")) for row in _SERIES_ROWS
]

_NUMBER_RE = regex.compile(
    rf"{_B}(?:(?P<so>(?i:số))\s*:?\s*)?(?P<num>\d{{1,5}})(?:/(?P<yr>(?:19|20)\d\d))?(?![\p{{L}}\d/]|[.,]\d)"
)
_NUMBER_OK_RE = regex.compile(rf"\s*(?:[,.;:)”\"»]|\Z|(?i:{_alt(_WORDS['number_ok'])}){_E})")
_NUMBER_BAD_RE = regex.compile(rf"\s*(?:%|(?i:{_alt(_WORDS['number_bad'])}){_E})")


# ---------------------------------------------------------------- mentions


@dataclass
class _Mention:
    start: int
    end: int
    canonical: str
    type: str | None = None
    number: str | None = None
    year: int | None = None
    code: str | None = None
    issuer: str | None = None
    issued: str | None = None
    shape: str = "coded"  # coded | series | quoted | named | numbered
    aliases: tuple[str, ...] = ()  # other canonicals of the same document


def _iso(d: str | None, m: str | None, y: str | None) -> str | None:
    if not (d and m and y):
        return None
    try:
        return dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:  # "ngày 31/2/2020" is a typo, not a date
        return None


def _type_of_word(word: str) -> dict:
    return _TYPE_BY_ABBR.get(word) or _TYPE_BY_WORD[_fold(word)]


def _code_issuer(segments: list[str]) -> str | None:
    names = []
    for seg in segments:
        name = _ISSUER_CODES.get(seg.rstrip("0123456789"))
        if name and name not in names:
            names.append(name)
    return ", ".join(names) or None


def _tail(clean: str, m: _Mention) -> _Mention:
    """Extend a mention over its issue date and read the issuer that follows it ("… ngày 27/3/2015 của
    Chính phủ"); the date may also come after the issuer ("… của Thủ tướng Chính phủ ngày 24/5/2017")."""
    pos = m.end
    date = _DATE_RE.match(clean, pos)
    if date:
        pos = m.end = date.end()
    iss = _ISSUER_RE.match(clean, pos)
    if iss:
        name = " ".join(iss["iss"].split())
        m.issuer = _ISSUER_EXPAND.get(name, name)
        if not date:
            date = _DATE_RE.match(clean, iss.end())
            if date:
                m.end = date.end()
    if date:
        y = date["y"] or date["y2"]
        if not y and m.year:  # "ngày 10/5" in a document numbered "…/2012/…"
            y = str(m.year)
        m.issued = _iso(date["d"] or date["d2"], date["m"] or date["m2"], y)
        if m.issued and m.year is None:
            m.year = int(m.issued[:4])
    return m


def _coded(clean: str) -> list[_Mention]:
    out = []
    for c in _CODE_RE.finditer(clean):
        party = c["pnum"] is not None
        if party:
            number, year, code = c["pnum"], None, c["pcode"].replace("–", "-")
            type_seg, issuer_segs = code.split("/", 1)
            issuer_segs = issuer_segs.split("-")[:1]
            canonical = f"{number}-{code}"
        else:
            number, year = c["snum"], c["syear"]
            segs = _CODE_DASH.split(c["scode"])
            code = "-".join(segs)
            type_seg = segs[0]
            row = _TYPE_BY_CODE.get(type_seg)
            issuer_segs = segs[1:] if row else segs[:1]
            if row and not row.get("joint"):
                issuer_segs = issuer_segs[:1]  # "QĐ-BNN-TCCB": the unit after the issuer is not an issuer
            canonical = f"{number}/{year}/{code}" if year else f"{number}/{code}"
        code_row = _TYPE_BY_CODE.get(type_seg)
        start = c.start()
        lo = max(0, start - 120)
        # "Kết luận thanh tra số: 09, 10, 11, 12/KL-TTr": one code shared by several numbers
        shared = None if party else _NUM_LIST_RE.search(clean, lo, start)
        if shared is not None:
            start = shared.start()
        before = _TYPE_BEFORE_RE.search(clean, lo, start)
        text_row = None
        if before:
            text_row = _type_of_word(before["t"])
            # A lower-case word that disagrees with the code ("theo quy định 33/2015/NĐ-CP") is prose;
            # a capitalised one is the article's own name for the document ("Quy định số 05-QĐ/TW").
            if code_row and text_row is not code_row and before["t"][0].islower():
                text_row = None
            else:
                start = before.start()
        if text_row is None:
            so = _SO_BEFORE_RE.search(clean, lo, start)
            if so is None and not year and not party and "-" not in code:
                continue  # "64/SL" alone is too weak; "Sắc lệnh số 64/SL" is fine
        row = text_row or code_row
        m = _Mention(
            start=start,
            end=c.end(),
            canonical=canonical,
            type=row["type"] if row else None,
            number=number,
            year=int(year) if year else None,
            code=code,
            issuer=_code_issuer(issuer_segs),
        )
        m = _tail(clean, m)
        for srow, rx in _SERIES_AFTER_RES:
            desc = rx.match(clean, m.end)
            if desc and srow["type"] == m.type:
                m.aliases = (_series_canonical(srow, desc),)
                break
        if shared is not None:
            for i, n in enumerate(_NUMBER.finditer(shared["list"])):
                first = start if i == 0 else shared.start("list") + n.start()
                other = replace(m, start=first, end=shared.start("list") + n.end())
                other.number = n.group()
                other.canonical = f"{n.group()}/{year}/{code}" if year else f"{n.group()}/{code}"
                other.aliases = ()
                out.append(other)
            m.start = c.start()
        out.append(m)
    return out


def _series_canonical(row: dict, s: regex.Match) -> str:
    return _series_name(row, s["ord"], s["term"] or s["term2"])


def _series_name(row: dict, ordinal: str, term: str | None) -> str:
    canonical = f"{row['type']} {row['body']} {ordinal}"
    if term:
        canonical += f" {_WORDS['term'][0]} {term}"  # "khoá" and "khóa" are one spelling
    return canonical


_SERIES_MORE_RES = [
    regex.compile(rf"\s*(?:,|và)\s*(?:và\s+)?(?P<item>{_series_desc(row)})") for row in _SERIES_ROWS
]
_SERIES_GAP_RE = regex.compile(r"\s*(?:[,;]|và)\s*(?:(?:các|những)\s+)?")


def _series(clean: str) -> list[_Mention]:
    """Party resolutions cited by session. One type word may head several sessions ("các Kết luận Hội nghị
    Trung ương 5, Trung ương 6"), and a term written once after a list applies to each ("Nghị quyết Hội nghị
    Trung ương 4; các Kết luận Hội nghị Trung ương 5, Trung ương 6 (khóa XI)")."""
    found: list[tuple[_Mention, dict, str, str | None]] = []  # (mention, row, ordinal, term)
    for (row, rx), more in zip(_SERIES_RES, _SERIES_MORE_RES, strict=True):
        for s in rx.finditer(clean):
            matches = [s]
            while (nxt := more.match(clean, matches[-1].end())) is not None:
                matches.append(nxt)
            for i, x in enumerate(matches):
                start = s.start() if i == 0 else x.start("item")
                m = _Mention(start, x.end(), "", type=row["type"], shape="series")
                m.issuer = row["issuer"]
                found.append((m, row, x["ord"], x["term"] or x["term2"]))
    found.sort(key=lambda f: f[0].start)
    # A run of sessions joined by commas, semicolons or "và" takes the term written after its last one.
    for i in range(len(found) - 2, -1, -1):
        m, row, ordinal, term = found[i]
        nxt = found[i + 1]
        if term is None and nxt[3] is not None and _SERIES_GAP_RE.fullmatch(clean, m.end, nxt[0].start):
            found[i] = (m, row, ordinal, nxt[3])
    out = []
    for m, row, ordinal, term in found:
        m.canonical = _series_name(row, ordinal, term)
        out.append(_tail(clean, m))
    return out


def _word_before(clean: str, pos: int, rev_rx: regex.Pattern) -> tuple[int, str] | None:
    """The type word that ends just before `pos` (across the spacing `rev_rx` allows): (start, word)."""
    lo = max(0, pos - _REV_WINDOW)
    b = rev_rx.match(clean[lo:pos][::-1])
    if b is None or (pos - b.end() == lo > 0 and clean[lo - 1].isalnum()):  # the word was cut by the window
        return None
    return pos - b.end(), b["t"][::-1]


def _quoted(clean: str) -> list[_Mention]:
    out = []
    for q in _QUOTE_RE.finditer(clean):
        found = _word_before(clean, q.start(), _QUOTED_TYPE_REV_RE)
        if found is None:
            continue
        start, word = found
        type_ = _type_of_word(word)["type"]
        title = " ".join(q["title"].split())
        out.append(_tail(clean, _Mention(start, q.end(), f"{type_} {title}", type=type_, shape="quoted")))
    return out


def _law_named(clean: str) -> list[_Mention]:
    out = []
    for n in _LAW_NAME_RE.finditer(clean):
        key = next(k for k, v in n.groupdict().items() if k[0] == "l" and k[1:].isdigit() and v)
        type_ = _type_of_word(n["t"])["type"]
        name = _official(_LAW_NAMES[int(key[1:])]["name"], n[key])
        canonical = f"{type_} {name}" + (f" {n['yr']}" if n["yr"] else "")
        m = _Mention(n.start(), n.end(), canonical, type=type_, shape="named")
        m.year = int(n["yr"]) if n["yr"] else None
        out.append(_tail(clean, m))
    return out


def _official(name: str, written: str) -> str:
    """The words as written with the official name's punctuation ("phòng chống tham nhũng" → "Phòng, chống
    tham nhũng", "Ngân sách Nhà nước" stays); an abbreviation gives the official name."""
    words, parts = _WORD_SEP.split(written.strip()), _WORD_SEP_KEPT.split(name)
    if len(words) * 2 - 1 != len(parts):
        return name  # "PCTN"
    seps = [", " if "," in sep else " " for sep in parts[1::2]]
    text = words[0] + "".join(f"{sep}{w}" for sep, w in zip(seps, words[1:], strict=True))
    return text[0].upper() + text[1:]


def _plan_named(clean: str) -> list[_Mention]:
    out = []
    for n in _PLAN_RE.finditer(clean):
        name = " ".join(n["name"].split())
        if _ANNUAL_RE.search(name):
            continue  # "Kế hoạch Phòng, chống tham nhũng năm 2024": a unit's yearly plan
        type_ = _type_of_word(n["t"])["type"]
        out.append(_tail(clean, _Mention(n.start(), n.end(), f"{type_} {name}", type=type_, shape="named")))
    return out


def _named(clean: str) -> list[_Mention]:
    out = []
    for n in _LAW_RE.finditer(clean):
        type_ = _type_of_word(n["t"])["type"]
        raw = clean[n.start("name") : n.end("name")]
        # "Luật Khiếu nại và Luật Tố cáo": a trailing "và" joins two laws, it is not part of a name.
        kept = _TRAILING_AND.sub("", raw)
        end = n.start("name") + len(kept)
        name = " ".join(kept.split())
        year = n["yr"] if kept == raw else None
        canonical = f"{type_} {name}" + (f" {year}" if year else "")
        m = _Mention(n.start(), n.end() if year else end, canonical, type=type_, shape="named")
        m.year = int(year) if year else None
        out.append(_tail(clean, m))
    for n in _YEAR_DOC_RE.finditer(clean):
        type_ = _type_of_word(n["t"])["type"]
        m = _Mention(n.start(), n.end(), f"{type_} {n['yr']}", type=type_, year=int(n["yr"]), shape="named")
        out.append(_tail(clean, m))
    return out


# The last syllables of the type words ("định" of "Nghị định"): a number whose word before ends with none of
# them cites no document, and is passed over without the reversed-regex test (most numbers are figures).
_TYPE_TAILS = tuple({w.split()[-1].lower() for w in _words_of(lambda r: True)})


def _type_word_may_end_before(clean: str, pos: int) -> bool:
    j = pos
    while j > 0 and clean[j - 1].isspace():
        j -= 1
    if j == pos:
        return False  # the type word is separated from the number by spacing
    lo = max(0, j - _REV_WINDOW)
    k = max(clean.rfind(" ", lo, j), clean.rfind("\n", lo, j), clean.rfind("\t", lo, j), lo - 1) + 1
    return clean[k:j].lower().endswith(_TYPE_TAILS)


def _numbered(clean: str) -> list[_Mention]:
    out = []
    for n in _NUMBER_RE.finditer(clean):
        if not _type_word_may_end_before(clean, n.start()):
            continue
        found = _word_before(clean, n.start(), _TYPE_REV_RE)
        if found is None:
            continue
        start, word = found
        num, yr = n["num"], n["yr"]
        if n["so"]:
            if _NUMBER_BAD_RE.match(clean, n.end()):
                continue
        else:
            # Without "số" only a capitalised type word followed by a document-like continuation is a
            # citation: "Chỉ thị 20 của …" yes, "Kết luận 54 cuộc", "Báo cáo 6 tháng", "Kế hoạch 2024" no.
            # A lower-case one is a citation after an issuing verb: "vừa có văn bản 146 yêu cầu …".
            issued_here = _ISSUE_BEFORE_RE.search(clean, max(0, start - 20), start)
            if not (word[0].isupper() or issued_here) or not _NUMBER_OK_RE.match(clean, n.end()):
                continue
            if not yr and 1900 <= int(num) <= 2100:
                continue
        type_ = _type_of_word(word)["type"]
        canonical = f"{type_} {num}" + (f"/{yr}" if yr else "")
        m = _Mention(start, n.end(), canonical, type=type_, number=num, year=int(yr) if yr else None,
                     shape="numbered")
        out.append(_tail(clean, m))
    return out


_FINDERS = (_coded, _series, _quoted, _law_named, _named, _plan_named, _numbered)


def _mentions(clean: str) -> list[_Mention]:
    """Every mention, earlier finders first; a later finder's mention that overlaps a kept one is dropped."""
    kept: list[_Mention] = []
    # One flag per character of the kept mentions: an overlap test costs the mention's length, not the
    # number of mentions kept (which made a long article quadratic).
    taken = bytearray(len(clean) + 1)
    for finder in _FINDERS:
        for m in finder(clean):
            if taken.find(1, m.start, m.end) < 0:
                kept.append(m)
                taken[m.start : m.end] = b"\x01" * (m.end - m.start)
    return sorted(kept, key=lambda m: m.start)


# ---------------------------------------------------------------- one reference per document


def _num_key(m: _Mention) -> tuple[str, int] | None:
    """Type and number: "Kế hoạch 64" and "64/KH-TTCP" are the same document."""
    if m.type is None or m.number is None or not m.number.isdigit():
        return None
    return _fold(m.type), int(m.number)


def _merge(mentions: list[_Mention]) -> list[_Mention]:
    refs: list[_Mention] = []
    by_key: dict[str, _Mention] = {}
    by_num: dict[tuple[str, int], _Mention] = {}
    for m in mentions:
        keys = [_fold(k) for k in (m.canonical, *m.aliases)]
        ref = next((by_key[k] for k in keys if k in by_key), None)
        nk = _num_key(m)
        if ref is None and nk is not None:
            other = by_num.get(nk)
            # A numbered mention joins a coded one of the same type and number (and vice versa), unless
            # their years disagree; two different codes never join.
            if other is not None and {other.shape, m.shape} == {"coded", "numbered"} and (
                other.year is None or m.year is None or other.year == m.year
            ):
                ref = other
        if ref is None:
            ref = replace(m)
            refs.append(ref)
        else:
            if ref.shape != "coded" and m.shape == "coded":  # the code is the better key
                ref.canonical, ref.code, ref.shape = m.canonical, m.code, m.shape
            for attr in ("type", "number", "year", "code", "issuer", "issued"):
                if getattr(ref, attr) is None:
                    setattr(ref, attr, getattr(m, attr))
        for k in (*keys, _fold(ref.canonical)):
            by_key[k] = ref
        if nk is not None:
            by_num.setdefault(nk, ref)
    return _merge_yearless(refs)


def _merge_yearless(refs: list[_Mention]) -> list[_Mention]:
    """"Luật Thanh tra" after "Luật Thanh tra 2022" is the same law — when only one year of it is cited."""
    named = [r for r in refs if r.shape == "named"]
    # "name year" → the dated references of that name (a dict, not a scan of every pair)
    dated_by_name: dict[str, list[_Mention]] = {}
    for o in named:
        head, _, tail = _fold(o.canonical).rpartition(" ")
        if o.year is not None and head and tail.isdigit():
            dated_by_name.setdefault(head, []).append(o)
    drop = set()
    for r in named:
        if r.year is not None:
            continue
        dated = dated_by_name.get(_fold(r.canonical), [])
        if len(dated) == 1:
            target = dated[0]
            if r.start < target.start:  # keep the first mention's span
                target.start, target.end = r.start, r.end
            drop.add(id(r))
    return [r for r in refs if id(r) not in drop]


_LEAD_DATE_RE = regex.compile(
    r"(?<![\p{L}])(?i:ngày)\s+(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})(?:\s*[/.-]\s*(?P<y>\d{4}))?\s*,"
)


def _issued_before(art: Article, m: _Mention, doc_spans: list[tuple[int, int]]) -> str | None:
    """The issue date written before the document in its own sentence, when the sentence issues it: "Ngày
    23/11/1945, Chủ tịch Hồ Chí Minh ký sắc lệnh số 64", "ngày 03/8/2016, UBND tỉnh Thái Bình có Văn bản số
    2788/UBND-CTXDGT"; a day without a year takes the year as the event's does (`dates.full_date`)."""
    clean = art.clean
    s_start, _ = art.sentence_of(m.start)
    if not _ISSUE_BEFORE_RE.search(clean, max(s_start, m.start - 20), m.start):
        return None
    date = None
    for date in _LEAD_DATE_RE.finditer(clean, max(s_start, m.start - 200), m.start):  # noqa: B007 (the last)
        pass
    if date is None or any(date.end() <= a < m.start for a, _ in doc_spans):
        return None  # no date, or it belongs to another document cited between
    y = int(date["y"]) if date["y"] else None
    when = full_date(art, date.start(), int(date["d"]), int(date["m"]), y, doc_spans)
    return when.isoformat() if when else None


def find_legal_refs(art: Article) -> list[LegalRef]:
    """Every specific document the article cites, one `LegalRef` per document, in order of first mention."""
    refs = _merge(_mentions(art.clean))
    spans = [(r.start, r.end) for r in refs]
    for r in refs:
        if r.issued is None and (issued := _issued_before(art, r, spans)):
            r.issued = issued
            if r.year is None:
                r.year = int(issued[:4])
    out = []
    for r in sorted(refs, key=lambda r: r.start):
        out.append(
            LegalRef(
                type=r.type,
                number=r.number,
                year=r.year,
                code=r.code,
                issuer=r.issuer,
                canonical=r.canonical,
                issued=r.issued,
                text=art.text[r.start : r.end],
                span=(r.start, r.end),
            )
        )
    return out
