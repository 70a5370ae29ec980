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
A caption counts only for the review, signing and launch words: "Một hội nghị của Thanh tra tỉnh" under a
photo does not make a results article a meeting, nor does a caption of a visit make it a visit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import regex

from extractor.article import Article
from extractor.models import Event, LegalRef
from extractor.patterns import load_json
from extractor.stages.dates import full_date, inside_spans, published_date
from extractor.stages.provinces import Mention

_STRONG = ("review_conference", "pledge_signing", "launch")
_MORE_PARAGRAPHS = 3  # how far past the lead a meeting's day may be written
_WEAK = ("other", "meeting", "results")
_ALL = (*_STRONG, *_WEAK, "results_anywhere")
_B, _E = r"(?<![\p{L}\p{N}])", r"(?![\p{L}\p{N}])"


@dataclass(frozen=True)
class _Patterns:
    cues: dict[str, regex.Pattern]
    negation: regex.Pattern
    not_review_before: regex.Pattern
    place: regex.Pattern
    not_place_before: regex.Pattern
    host_before: regex.Pattern
    host_after: regex.Pattern
    date: regex.Pattern
    not_date_before: regex.Pattern
    today: regex.Pattern
    credit: regex.Pattern


@cache
def _patterns() -> _Patterns:
    cfg = load_json("events")

    def words(key: str) -> regex.Pattern:
        return regex.compile(rf"{_B}(?:{'|'.join(cfg[key])}){_E}", regex.IGNORECASE)

    return _Patterns(
        cues={k: words(k) for k in _ALL},
        negation=regex.compile(cfg["negation"], regex.IGNORECASE),
        not_review_before=regex.compile(rf"(?:{'|'.join(cfg['not_review_before'])})\s*$", regex.IGNORECASE),
        place=regex.compile(cfg["place"]),
        not_place_before=regex.compile(rf"{_B}(?:{'|'.join(cfg['not_place_before'])}){_E}", regex.IGNORECASE),
        host_before=regex.compile(rf"[^,.;:\n]{{0,25}}?,?[ \t]*(?:{'|'.join(cfg['host'])}){_E}"),
        host_after=regex.compile(rf"(?:{'|'.join(cfg['host'])})[ \t]+(?:(?:tỉnh|TP\.?|thành phố)[ \t]+)?$"),
        date=regex.compile(cfg["date"]),
        not_date_before=regex.compile(
            rf"{_B}(?:{'|'.join(cfg['not_date_before'])})[ \t]*$", regex.IGNORECASE
        ),
        today=regex.compile(rf"{_B}(?:{'|'.join(cfg['today'])}){_E}", regex.IGNORECASE),
        credit=regex.compile(r"(?i:ảnh|nguồn)\s*:"),
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
    p = _patterns()
    view, text = art.clean, art.text
    out: list[_Piece] = []
    prose = 0
    for s, e in art.paragraphs:
        line = view[s:e]
        if _is_prose(line) and not (prose and p.credit.search(text[s:e]) and len(line.strip()) < 250):
            prose += 1
            out.append(_Piece(s, e, False, prose == 1))
            if prose == 2:
                break
        else:
            out.append(_Piece(s, e, prose > 0, prose <= 1))
    return out


# ---------------------------------------------------------------- type


def _cue_positions(kind: str, text: str, base: int = 0) -> list[int]:
    """Where cues of `kind` start in `text` (offset by `base`), leaving out negated ones ("Cụm không tổ
    chức ký kết giao ước") and, for review words, a cited report ("Theo báo cáo sơ kết …")."""
    p = _patterns()
    out = []
    for m in p.cues[kind].finditer(text):
        before = text[max(0, m.start() - 30) : m.start()]
        if p.negation.search(before):
            continue
        if kind == "review_conference" and p.not_review_before.search(before):
            continue
        out.append(base + m.start())
    return out


def states_results(text: str) -> bool:
    """Whether `text` states a period's results: a count of inspections, receptions, petitions, cases …"""
    return bool(_cue_positions("results", text))


def cue_starts(art: Article, kind: str) -> list[int]:
    """Where the article's `kind` words (review, signing, launch …) start, negated ones left out."""
    return _cue_positions(kind, art.clean)


def _strong_kinds(text: str) -> set[str]:
    return {k for k in _STRONG if _cue_positions(k, text)}


def _type(art: Article, lead: list[_Piece]) -> str:
    view = art.clean

    def listing(start: int, end: int) -> bool:
        """A paragraph naming two kinds of emulation work ("tổ chức phát động phong trào thi đua, … và ký
        kết giao ước thi đua") describes the period's work; its words are not the article's event."""
        return len(_strong_kinds(view[start:end])) >= 2

    strong_lead = [(view[x.start : x.end], x.start) for x in lead if x.first or not listing(x.start, x.end)]
    prose = [(view[x.start : x.end], x.start) for x in lead if not x.caption]

    def found(kind: str, pieces: list[tuple[str, int]]) -> list[int]:
        return [pos for t, base in pieces for pos in _cue_positions(kind, t, base)]

    for kind in _STRONG:
        if found(kind, strong_lead):
            return kind
    outside_lists = [(view[s:e], s) for s, e in art.paragraphs if not listing(s, e)]
    weak = {k: found(k, prose) for k in _WEAK}
    first = min(((pos, k) for k, positions in weak.items() for pos in positions), default=None)
    if first is not None:
        if first[1] != "results" and found("pledge_signing", outside_lists):
            return "pledge_signing"  # a meeting or ceremony where pledges are signed
        return {"other": "other", "meeting": "review_conference", "results": "report"}[first[1]]
    # Nothing in the lead: counts of inspections, receptions, petitions anywhere make a report; else the
    # earliest emulation word; else counts of units and people; else other.
    if _cue_positions("results", view):
        return "report"
    earliest = min(((pos, k) for k in _STRONG for pos in found(k, outside_lists)), default=None)
    if earliest is not None:
        return earliest[1]
    return "report" if _cue_positions("results_anywhere", view) else "other"


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

    def day_in(start: int, end: int, opening_only: bool) -> str | bool | None:
        """The first event day written in [start, end); False when there is none."""
        for dm in p.date.finditer(view, start, end):
            if in_a_ref(dm.start()):
                continue
            s_start, _ = art.sentence_of(dm.start())
            if p.not_date_before.search(view[max(s_start, dm.start() - 30) : dm.start()]):
                continue
            if opening_only and view[s_start : dm.start()].strip(" \t(–-"):
                continue
            y = int(dm["y"]) if dm["y"] else None
            when = full_date(art, dm.start(), int(dm["d"]), int(dm["m"]), y, ref_spans)
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
