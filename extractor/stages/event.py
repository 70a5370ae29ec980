"""Stage 9a: the event an article reports — type, date (only when the day is written) and the province
named as its place. Cues are in `patterns/events.json`.

Type (spec §2 Event). The lead — the headline lines and the first two paragraphs of prose, photo captions
between them set apart — decides:
  1. a review word (sơ kết, tổng kết) in the lead → `review_conference` (also when pledges are signed);
  2. a signing in the lead, or anywhere once the lead names a meeting → `pledge_signing`;
  3. a launch in the lead → `launch`;
  4. else the earliest of: a cue of news that is not a period's results (one conclusion, a plan, a
     decision, a visit, a ceremony → `other`), a meeting word (→ `review_conference`), and a results
     statement (a count of inspections, receptions, petitions … or a report named as such → `report`);
  5. else `report` when the article states such counts anywhere, `other` when it does not.
A caption counts only for the signing and launch words: "Một hội nghị của Thanh tra tỉnh" under a
photo does not make a results article a meeting, nor does a caption of a visit make it a visit.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

import regex

from extractor.article import Article
from extractor.models import Event, LegalRef
from extractor.patterns import load_json
from extractor.stages import rx
from extractor.stages.dates import full_date, inside_spans, published_date
from extractor.stages.gazetteer import level_words
from extractor.stages.provinces import Mention

_STRONG = ("review_conference", "pledge_signing", "launch")
_MORE_PARAGRAPHS = 3  # how far past the lead a meeting's day may be written
_HEADLINE_MAX = 400  # characters: a longer line is no headline written again
_WEAK = ("other", "meeting", "results")
_ALL = (*_STRONG, *_WEAK, "results_anywhere")
_B, _E = r"(?<![\p{L}\p{N}])", r"(?![\p{L}\p{N}])"
# Long alternations, and those with a branch that starts with no literal letter (a digit class), scan
# about three times faster with `re` (rx); short ones of words with `regex` (it skips to their letters).
_LONG_ALTERNATION = 8


def _fast(alternatives: list[str]) -> regex.Pattern:
    """A kind's cues as one case-sensitive pattern (for a lower-cased text), on the faster engine for it."""
    pattern = rf"{_B}(?:{'|'.join(alternatives)}){_E}"
    literal = all(a[:1].isalpha() or (a.startswith("(?:") and a[3:4].isalpha()) for a in alternatives)
    if len(alternatives) > _LONG_ALTERNATION or not literal:
        return rx.compile(pattern)
    return regex.compile(pattern)


@dataclass(frozen=True)
class _Patterns:
    cues: dict[str, regex.Pattern]
    lower_cues: dict[str, rx.Scanner]  # the same, case-sensitive, for a lower-cased text
    negation: regex.Pattern
    not_review_before: regex.Pattern
    place: regex.Pattern
    not_place_before: regex.Pattern
    host_before: regex.Pattern
    host_after: regex.Pattern
    date: rx.Scanner  # found where its first words stand (ngày, sáng, chiều …)
    not_date_before: regex.Pattern
    today: regex.Pattern
    credit: regex.Pattern
    issuing: regex.Pattern
    local_place: regex.Pattern


def _numbered_groups(pattern: str) -> str:
    """`regex`'s branch reset ("(?|(?P<d>…)…|(?P<d>…)…)") as a plain group whose groups are numbered by
    occurrence ("d_0", "d_1"), so that `re` can run it; `_unnumbered` reads them back."""
    seen: dict[str, int] = {}

    def number(m: regex.Match) -> str:
        n = seen[m[1]] = seen.get(m[1], -1) + 1
        return f"(?P<{m[1]}_{n}>"

    return regex.sub(r"\(\?P<([a-z]+)>", number, pattern.replace("(?|", "(?:"))


def _unnumbered(m: re.Match) -> dict[str, str]:
    return {k.rsplit("_", 1)[0]: v for k, v in m.groupdict().items() if v is not None}


@cache
def _patterns() -> _Patterns:
    cfg = load_json("events")
    province_word = level_words("province", "province_abbreviations")  # "tỉnh", "TP." …

    def words(key: str) -> str:
        return rf"{_B}(?:{'|'.join(cfg[key])}){_E}"

    return _Patterns(
        cues={k: regex.compile(words(k), regex.IGNORECASE) for k in _ALL},
        lower_cues={k: rx.Scanner(_fast(cfg[k])) for k in _ALL},
        negation=regex.compile(cfg["negation"], regex.IGNORECASE),
        not_review_before=regex.compile(rf"(?:{'|'.join(cfg['not_review_before'])})\s*$", regex.IGNORECASE),
        place=regex.compile(cfg["place"]),
        not_place_before=regex.compile(rf"{_B}(?:{'|'.join(cfg['not_place_before'])}){_E}", regex.IGNORECASE),
        host_before=regex.compile(rf"[^,.;:\n]{{0,25}}?,?[ \t]*(?:{'|'.join(cfg['host'])}){_E}"),
        host_after=regex.compile(rf"(?:{'|'.join(cfg['host'])})[ \t]+(?:(?:{province_word})[ \t]+)?$"),
        date=rx.Scanner(rx.compile(_numbered_groups(cfg["date"]))),
        not_date_before=regex.compile(
            rf"{_B}(?:{'|'.join(cfg['not_date_before'])})[ \t]*$", regex.IGNORECASE
        ),
        today=regex.compile(rf"{_B}(?:{'|'.join(cfg['today'])}){_E}", regex.IGNORECASE),
        credit=regex.compile(r"(?i:ảnh|nguồn)\s*:"),
        local_place=regex.compile(cfg["local_place"]),
        issuing=regex.compile(rf"{_B}(?:{'|'.join(cfg['issuing'])})[ \t]*$", regex.IGNORECASE),
    )


# ---------------------------------------------------------------- the lead


@dataclass(frozen=True)
class _Piece:
    start: int
    end: int
    caption: bool
    first: bool  # the headline lines, the first prose paragraph and the captions right after it


def _is_prose(line: str) -> bool:
    """A paragraph of running text, not a headline, a menu line or a caption."""
    line = line.strip()
    return len(line) >= 120 or (len(line) >= 60 and line[-1] in ".!?…:;”\"")


def _lead(art: Article) -> list[_Piece]:
    """Headline lines and the first two prose paragraphs, with the short lines between prose paragraphs
    marked as captions (a line under a photo: short, no final stop, or closed by a photo credit)."""
    got = art.memo.get("event.lead")
    if got is None:
        got = art.memo["event.lead"] = _read_lead(art)
    return got  # type: ignore[return-value]


def _read_lead(art: Article) -> list[_Piece]:
    p = _patterns()
    view, text = art.clean, art.text
    out: list[_Piece] = []
    prose = 0
    headlines = {" ".join(art.title.split())} if art.title else set()
    for s, e in art.paragraphs:
        line = view[s:e]
        if not prose and e - s <= _HEADLINE_MAX:
            folded = " ".join(line.split())
            if folded in headlines:
                out.append(_Piece(s, e, False, True))  # the headline written again above the text (n_117)
                continue
            headlines.add(folded)
        if _is_prose(line) and not (prose and p.credit.search(text[s:e]) and len(line.strip()) < 250):
            prose += 1
            out.append(_Piece(s, e, False, prose == 1))
            if prose == 2:
                break
        else:
            out.append(_Piece(s, e, prose > 0, prose <= 1))
    return out


def first_prose_sentence(art: Article) -> tuple[int, int] | None:
    """The first sentence of the lead's first prose paragraph (after the headline lines), if any."""
    for piece in _lead(art):
        if not piece.caption and _is_prose(art.clean[piece.start : piece.end]):
            return art.sentence_of(piece.start)
    return None


# ---------------------------------------------------------------- type


class _Cues:
    """Every cue of each kind in the article, found by one scan per kind (over the lower-cased copy of the
    clean view when that keeps offsets, case-sensitively), then asked for by range: a paragraph, a sentence,
    the lead. A kind is scanned as far as the lead goes until a range past it is asked for (most articles
    are typed by their lead). A cue counts in a range when it lies inside it and no negation stands before
    it in the range ("Cụm không tổ chức ký kết giao ước"); a review word also not after a cited report
    ("Theo báo cáo sơ kết …")."""

    def __init__(self, view: str) -> None:
        self.view = view
        self.low = rx.lowered(view)
        self.lead_end = 0  # where the lead ends, once _type has read it
        self._found: dict[str, tuple[list[int], list[int], int]] = {}

    def _matches(self, kind: str, end: int) -> tuple[list[int], list[int]]:
        upto = self.lead_end if end <= self.lead_end else len(self.view)
        got = self._found.get(kind)
        if got is None or got[2] < upto:
            p = _patterns()
            if self.low is not None:
                found = p.lower_cues[kind].finditer(self.low, self.low, 0, upto)
            else:
                found = p.cues[kind].finditer(self.view, 0, upto)
            starts: list[int] = []
            ends: list[int] = []
            for m in found:  # two lists of ints, no list of spans beside them (a long article has many)
                starts.append(m.start())
                ends.append(m.end())
            got = self._found[kind] = (starts, ends, upto)
        return got[0], got[1]

    def positions(self, kind: str, start: int = 0, end: int | None = None, first: bool = False) -> list[int]:
        """Where cues of `kind` start in [start, end), negated ones left out; with `first`, at most one."""
        p = _patterns()
        view = self.view
        end = len(view) if end is None else end
        starts, ends = self._matches(kind, end)
        out = []
        for i in range(bisect_left(starts, start), len(starts)):
            a = starts[i]
            if a >= end:
                break
            if ends[i] > end:
                continue
            before = view[max(start, a - 30) : a]
            if p.negation.search(before):
                continue
            if kind == "review_conference" and p.not_review_before.search(before):
                continue
            out.append(a)
            if first:
                break
        return out

    def any(self, kind: str, start: int = 0, end: int | None = None) -> bool:
        end = len(self.view) if end is None else end
        starts, _ = self._matches(kind, end)
        i = bisect_left(starts, start)
        if i == len(starts) or starts[i] >= end:
            return False  # most paragraphs hold no cue of a kind: answered without the checks
        return bool(self.positions(kind, start, end, first=True))


def _cues(art: Article) -> _Cues:
    """The article's cues, found once and shared by the event and period stages."""
    cues = art.memo.get("event.cues")
    if not isinstance(cues, _Cues) or cues.view is not art.clean:
        cues = art.memo["event.cues"] = _Cues(art.clean)
    return cues


def states_results(art: Article, start: int, end: int) -> bool:
    """Whether art.clean[start:end] states a period's results: a count of inspections, receptions,
    petitions …"""
    return _cues(art).any("results", start, end)


def cue_starts(art: Article, kind: str) -> list[int]:
    """Where the article's `kind` words (review, signing, launch …) start, negated ones left out."""
    return _cues(art).positions(kind)


def _type(art: Article, lead: list[_Piece]) -> str:
    cues = _cues(art)
    cues.lead_end = lead[-1].end if lead else 0

    def listing(start: int, end: int) -> bool:
        """A paragraph naming two kinds of emulation work ("tổ chức phát động phong trào thi đua, … và ký
        kết giao ước thi đua") describes the period's work; its words are not the article's event."""
        return sum(cues.any(k, start, end) for k in _STRONG) >= 2

    strong_lead = [(x.start, x.end) for x in lead if x.first or not listing(x.start, x.end)]
    # A review meeting named only under a photo does not make a results article a meeting (art_020: "Lãnh
    # đạo Thanh tra tỉnh chủ trì Hội nghị sơ kết …" between the paragraphs of results).
    review_lead = [
        (x.start, x.end) for x in lead if not x.caption and (x.first or not listing(x.start, x.end))
    ]
    prose = [(x.start, x.end) for x in lead if not x.caption]

    def found(kind: str, pieces: list[tuple[int, int]]) -> list[int]:
        return [pos for s, e in pieces for pos in cues.positions(kind, s, e)]

    def outside_lists() -> list[tuple[int, int]]:
        return [(s, e) for s, e in art.paragraphs if not listing(s, e)]

    for kind in _STRONG:
        if found(kind, review_lead if kind == "review_conference" else strong_lead):
            return kind
    weak = {k: found(k, prose) for k in _WEAK}
    first = min(((pos, k) for k, positions in weak.items() for pos in positions), default=None)
    if first is not None:
        if first[1] != "results" and found("pledge_signing", outside_lists()):
            return "pledge_signing"  # a meeting or ceremony where pledges are signed
        return {"other": "other", "meeting": "review_conference", "results": "report"}[first[1]]
    # Nothing in the lead: counts of inspections, receptions, petitions anywhere make a report; else the
    # earliest emulation word; else counts of units and people; else other.
    if cues.any("results"):
        return "report"
    paragraphs = outside_lists()
    earliest = min(((pos, k) for k in _STRONG for pos in found(k, paragraphs)), default=None)
    if earliest is not None:
        return earliest[1]
    return "report" if cues.any("results_anywhere") else "other"


# ---------------------------------------------------------------- date


def _date(art: Article, lead: list[_Piece], refs: list[LegalRef], report: bool) -> str | None:
    """The day of the event written in the lead. Its year: as written, else the publication year (the
    year before when the day would fall after publication), else the year of its own sentence. A report's
    day is the one that opens a sentence ("Ngày 30-12, Thanh tra TP … đã có báo cáo"); a cut-off or span
    ("đến ngày 20/9/2018", "từ ngày 1/1/2020") is never the event's day."""
    p = _patterns()
    view = art.clean
    ref_spans = [r.span for r in refs if r.span]
    in_a_ref = inside_spans(ref_spans)
    published = published_date(art)
    low = _cues(art).low

    # "Thanh tra tỉnh … vừa ban hành Kết luận số 12/KL-TTr ngày 14/8/2020": the news is the issuing, and
    # its day is the document's own date.
    issued_here = [] if report else [
        r for r in refs
        if r.span and r.issued and p.issuing.search(view, max(0, r.span[0] - 40), r.span[0])
    ]

    def day_in(start: int, end: int, opening_only: bool) -> str | bool | None:
        """The first event day written in [start, end); False when there is none."""
        for dm in p.date.finditer(view, low, start, end):
            if in_a_ref(dm.start()):
                issued = next((r.issued for r in issued_here if r.span[0] <= dm.start() < r.span[1]), None)
                if issued:
                    return issued
                continue
            s_start, _ = art.sentence_of(dm.start())
            days_of_one_month = "đến" in dm.group()  # "Từ ngày 21 đến 23/8/2025": the event's own days
            before = view[max(s_start, dm.start() - 30) : dm.start()]
            if not days_of_one_month and p.not_date_before.search(before):
                continue
            if opening_only and view[s_start : dm.start()].strip(" \t(–-"):
                continue
            g = _unnumbered(dm)
            y = int(g["y"]) if g.get("y") else None
            when = full_date(art, dm.start(), int(g["d"]), int(g["m"]), y, ref_spans)
            return when.isoformat() if when else None
        return False

    for piece in lead:
        if piece.caption:
            continue
        found = day_in(piece.start, piece.end, report)
        if found is not False:
            return found
        if not report and published and (tm := p.today.search(view, piece.start, piece.end)):
            # "Sáng nay, …" under the date line of that day; "hôm qua" the day before
            back = 1 if tm.group().lower().endswith("qua") else 0
            return (published - dt.timedelta(days=back)).isoformat()
    if report or not lead:
        return None
    # A meeting or ceremony whose lead gives no day: a day opening one of the next paragraphs ("Ngày
    # 17/10/2020 tại Trung tâm văn hóa …, Thanh tra tỉnh tổ chức Hội thi …").
    after = [(s, e) for s, e in art.paragraphs if s >= lead[-1].end][:_MORE_PARAGRAPHS]
    for s, e in after:
        found = day_in(s, e, True)
        if found is not False:
            return found
    return None


# ---------------------------------------------------------------- location


def _location(art: Article, mentions: list[Mention]) -> str | None:
    """The province named as the event's place: "tại <province>" (through a facility: "tại trụ sở UBND
    tỉnh Nam Định"), unless the clause is about what was inspected ("thanh tra … tại tỉnh Hưng Yên");
    else the host ("chủ nhà Bình Dương", "Thanh tra tỉnh Lai Châu …, đơn vị đăng cai")."""
    p = _patterns()
    view = art.clean
    opening = first_prose_sentence(art)
    if opening and (local := p.local_place.search(view, *opening)):
        # the event's place is written and is below province level: only its own paragraph may still name
        # the province ("tại thành phố Tuyên Quang" → none; a meeting planned "tại tỉnh Hà Giang" is not it)
        start, end = next(((a, b) for a, b in art.paragraphs if a <= local.start() < b), opening)
        mentions = [m for m in mentions if start <= m.start < end]
    for m in mentions:
        pm = p.place.search(view[max(0, m.start - 70) : m.start])
        if not pm:
            continue
        at = max(0, m.start - 70) + pm.start()
        s_start, _ = art.sentence_of(m.start)
        if p.not_place_before.search(view[max(s_start, at - 150) : at]):
            continue
        return m.code
    for m in mentions:  # "chủ nhà Bình Dương" first: a host word before a name is unambiguous
        s_start, _ = art.sentence_of(m.start)
        if p.host_after.search(view[max(s_start, m.start - 30) : m.start]):
            return m.code
    for m in mentions:
        _, s_end = art.sentence_of(m.start)
        if p.host_before.match(view, m.end, min(s_end, m.end + 120)):
            return m.code
    return None


def find_event(art: Article, mentions: list[Mention], refs: list[LegalRef] = ()) -> Event:
    lead = _lead(art)
    etype = _type(art, lead)
    if etype == "report":
        return Event(type="report", date=_date(art, lead, list(refs), report=True), location=None)
    date = _date(art, lead, list(refs), report=False)
    return Event(type=etype, date=date, location=_location(art, mentions))
