"""Stage 1: load and clean.

The text is normalised to NFC (NFD input gives the same record). Page furniture (image residue,
photo credits, comment forms, copyright lines) is blanked with spaces in a same-length copy, so every
offset found in the clean view indexes the NFC text as it is. Title, publication date and byline are
read off the top and bottom of the article.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any

import regex

from extractor.article import Article
from extractor.patterns import load_json, load_jsonl

# Characters that are space-like or invisible; replaced one-to-one so offsets do not move.
_SPACE_LIKE = regex.compile("[\u00a0\u2002\u2003\u2009\u200a\u202f\u205f\u3000\t\ufeff\u200b\r]")
_NOT_NEWLINE = regex.compile(r"[^\n]+")


@cache
def _furniture() -> list[tuple[tuple[str, ...], regex.Pattern]]:
    # Each pattern with its needles: a plain substring test is far cheaper than a regex scan.
    return [
        (tuple(row.get("needles", ())), regex.compile(row["pattern"], regex.MULTILINE))
        for row in load_jsonl("furniture")
    ]


@cache
def _datelines() -> list[tuple[regex.Pattern, bool]]:
    """(pattern, prefix) — whole-line patterns first; a prefix pattern's date opens a line of text."""
    rows = sorted(load_jsonl("dateline"), key=lambda row: bool(row.get("prefix")))
    return [(regex.compile(row["pattern"], regex.MULTILINE), bool(row.get("prefix"))) for row in rows]


@cache
def _byline() -> dict[str, Any]:
    cfg = load_json("byline")
    # A name word: "Kiên", "HIẾU", initials with or without a name ("N.Xinh", "Đ.LAM", "VT.T.Tâm", "T.L.").
    word = (
        r"(?:(?:\p{Lu}{1,3}\.[ \t]?){1,3}(?:\p{Lu}{2,}(?![\p{Ll}])|\p{Lu}[\p{Ll}\p{M}]*)?"
        r"|\p{Lu}[\p{Ll}\p{M}]*(?:['’]\p{Lu}[\p{Ll}\p{M}]*)?|\p{Lu}{2,}\.?)"
    )
    name = rf"{word}(?:[ \t]+{word}){{0,4}}"
    # Co-authors joined by a comma are kept as written ("Nguyễn Hà, Minh Anh").
    names = rf"{name}(?:[ \t]*,[ \t]*{word}(?:[ \t]+{word}){{1,4}})*"
    standalone = "|".join(regex.escape(w) for w in cfg["standalone"])
    lead = "|".join(cfg["lead_words"])
    account = r"(?:\p{Ll}[\p{Ll} ]{0,20},[ \t]*)?"  # "Tác giả: quan tri, VT.T.Tâm": a site account
    return {
        "line": regex.compile(
            rf"^(?:(?P<lead>{lead})[ \t]*{account})?(?P<name>{standalone}|{names})"
            rf"(?:[ \t]*(?:[-–—,/]|\()[ \t]*[^\n]{{0,80}})?$"  # "… - Organisation", "…/VOV-Miền Trung"
        ),
        # A byline glued to the last sentence: "… có sai phạm lớn. Nguyễn Chung", "… dự án. Đ.LAM", "… PV"
        "tail": regex.compile(
            rf"[.!?…”\"][ \t]+(?P<name>{standalone}|(?:\p{{Lu}}{{1,3}}\.[ \t]?){{1,3}}\p{{Lu}}{{2,}}"
            rf"|{word}(?:[ \t]+{word}){{1,3}})[ \t]*$"
        ),
        # A name on its own line before the date line, or glued before it ("Nguyễn Hà Thứ hai, 12/03/2024");
        # both are used with match(view, pos, endpos), so they carry no "^".
        "head": regex.compile(rf"[ \t]*(?P<name>{word}(?:[ \t]+{word}){{1,3}})[ \t]*$"),
        "glued": regex.compile(
            rf"[ \t]*(?P<name>{word}(?:[ \t]+{word}){{1,3}})[ \t]+(?=(?:Thứ|Chủ[ \t]+[Nn]hật|\d{{1,2}}[/.-]))"
        ),
        "not_name": regex.compile(rf"^(?:{'|'.join(cfg['not_name_words'])})(?![\p{{L}}])", regex.IGNORECASE),
        "single_mixed": regex.compile(r"^\p{Lu}[\p{Ll}\p{M}]+$"),
        "outlets": frozenset(cfg["outlets"]),
    }


def _author_name(m: regex.Match) -> str | None:
    """The byline's name, or None when it is a caption word or a lone word like "Ng" (a name written
    alone as one mixed-case word needs a lead: "Tin, ảnh: H'Loan")."""
    pats = _byline()
    name = m["name"]
    if pats["not_name"].match(name) or name.rstrip(".") in pats["outlets"]:
        return None
    if pats["single_mixed"].match(name) and not m.groupdict().get("lead"):
        return None
    return name


def _blanked(view: str, spans: list[tuple[int, int]]) -> str:
    """`view` with every character of `spans` but newlines replaced by a space: same length, same lines.
    Built from slices (never a list of characters), so memory stays a small multiple of the text."""
    if not spans:
        return view
    pieces, pos = [], 0
    for start, end in sorted(spans):
        start = max(start, pos)
        if end <= start:
            continue
        pieces.append(view[pos:start])
        pieces.append(_NOT_NEWLINE.sub(lambda m: " " * len(m[0]), view[start:end]))
        pos = end
    pieces.append(view[pos:])
    return "".join(pieces)


def clean_view(text: str) -> str:
    """`text` with furniture blanked; same length, same newlines. Each pattern blanks the span of the block
    it matches (a comment form ends where its fields end), never the rest of the text."""
    spans = []
    for needles, pattern in _furniture():
        if needles and not any(n in text for n in needles):
            continue
        spans.extend(m.span() for m in pattern.finditer(text))
    return _blanked(_SPACE_LIKE.sub(" ", text), spans)


def _tail_lines(view: str, n: int) -> list[tuple[int, int]]:
    """The last `n` non-blank lines of `view`, as spans, last first (without splitting the whole text)."""
    out: list[tuple[int, int]] = []
    end = len(view)
    while end >= 0 and len(out) < n:
        nl = view.rfind("\n", 0, end)
        if view[nl + 1 : end].strip():
            out.append((nl + 1, end))
        end = nl
    return out


_PROSE_AFTER_BYLINE = 80  # characters: the line after a name below the date line is the lead, not a heading


def _next_lines(view: str, pos: int, n: int) -> list[tuple[int, int]]:
    """The spans of the next `n` non-blank lines from `pos`, each without its newline."""
    out: list[tuple[int, int]] = []
    while pos < len(view) and len(out) < n:
        end = view.find("\n", pos)
        end = len(view) if end < 0 else end
        if view[pos:end].strip():
            out.append((pos, end))
        pos = end + 1
    return out


_YEAR = regex.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_TIME = regex.compile(r"(?<!\d)\d{1,2}[:h]\d{2}(?!\d)")
# A day's number: one or two digits, not a time's and not a month's or a quarter's ("tháng 4", "quý 2").
_DAY = regex.compile(r"(?<![\d:h])(?<!tháng[ \t])(?<!quý[ \t])\d{1,2}(?![\d:h])", regex.IGNORECASE)


def _parse_date_line(line: str) -> str | None:
    """A whole line that is a date (day, month and year all written), as YYYY-MM-DD[THH:MM]; else None."""
    import dateparser  # only for header lines our own patterns do not know

    when = dateparser.parse(
        line,
        languages=["vi"],
        settings={"DATE_ORDER": "DMY", "STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]},
    )
    if when is None:
        return None
    return when.strftime("%Y-%m-%dT%H:%M") if _TIME.search(line) else when.strftime("%Y-%m-%d")


_ISO = regex.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::\d{2}(?:[.,]\d+)?)?)?[ \t]*(?:Z|[+-]\d{2}(?::?\d{2})?)?"
)
_DMY = regex.compile(
    r"(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4})(?:[ \t,\-–]+(?P<H>\d{1,2})[:h](?P<M>\d{2}))?"
)


def _iso(y: int, m: int, d: int, hh: int | None = None, mm: int | None = None) -> str | None:
    import datetime as dt

    try:
        day = dt.date(y, m, d)
        if hh is not None and mm is not None:
            return dt.datetime(y, m, d, hh, mm).strftime("%Y-%m-%dT%H:%M")
    except ValueError:
        return None
    return day.isoformat()


def normalize_published(value: str | None) -> str | None:
    """A publication date in any common form, in the spec's `YYYY-MM-DDTHH:MM` (`YYYY-MM-DD` when no time
    is written), local time as written (a time-zone suffix is dropped, not converted); None when it
    cannot be read as a day, month and year. ISO (with "T" or a space, with or without seconds) and
    dd/mm/yyyy are read directly; other forms ("17 tháng 5 năm 2023", "May 17, 2023", "Thứ Hai,
    15/3/2021 - 10:30") by dateparser, Vietnamese first, day before month. Relative dates ("hôm qua")
    are not publication dates."""
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if not text or len(text) > 100:
        return None
    for pattern in (_ISO, _DMY):
        m = pattern.fullmatch(text)
        if m:
            hh, mm = (int(m["H"]), int(m["M"])) if m["H"] else (None, None)
            return _iso(int(m["y"]), int(m["m"]), int(m["d"]), hh, mm)
    import dateparser

    when = dateparser.parse(
        text,
        languages=["vi", "en"],
        settings={
            "DATE_ORDER": "DMY",
            "REQUIRE_PARTS": ["day", "month", "year"],
            "PARSERS": ["custom-formats", "absolute-time"],  # no "yesterday", no bare timestamps
        },
    )
    if when is None or not 1800 <= when.year <= 2200:
        return None
    return when.strftime("%Y-%m-%dT%H:%M") if _TIME.search(text) else when.strftime("%Y-%m-%d")


def _title(lines: list[str]) -> str | None:
    joined = " ".join(lines)
    return joined if lines and len(joined) < 300 else None


Header = tuple[str | None, str | None, tuple[int, int] | None]


def _head_lines(view: str, n: int) -> list[tuple[int, int]]:
    """The first `n` non-blank lines of `view`, as spans (without splitting the whole text)."""
    out: list[tuple[int, int]] = []
    pos, size = 0, len(view)
    while pos <= size and len(out) < n:
        nl = view.find("\n", pos)
        end = size if nl < 0 else nl
        if view[pos:end].strip():
            out.append((pos, end))
        pos = end + 1
    return out


def _hour(hour: int, ampm: str | None) -> int:
    """A 12-hour clock's hour on the 24-hour clock ("9:21 PM" → 21, "12:05 AM" → 0)."""
    if ampm and 1 <= hour <= 12:
        return hour % 12 + (12 if ampm.lower() == "pm" else 0)
    return hour


def _whole_date_line(view: str, head: list[tuple[int, int]], *, prefix_pass: bool) -> Header | None:
    """The first head line that is a date line (or, in the prefix pass, opens with a glued date)."""
    for i, (s, e) in enumerate(head):
        for pattern, prefix in _datelines():
            if prefix != prefix_pass:
                continue
            m, at = pattern.match(view, s, e), s
            if not m and not prefix and (glued := _byline()["glued"].match(view, s, e)):
                # "Nguyễn Hà Thứ hai, 12/03/2024 - 08:05": the date line after the byline (a line of the
                # head, matched on its own since the patterns are anchored at a line start)
                at = glued.end()
                m = pattern.match(view[at:e])
            if not m or (not prefix and at + m.end() != e and view[at + m.end() : e].strip()):
                continue
            g = m.groupdict()
            published = f"{int(g['y']):04d}-{int(g['m']):02d}-{int(g['d']):02d}"
            if g.get("H") and g.get("M"):
                published += f"T{_hour(int(g['H']), g.get('ampm')):02d}:{g['M']}"
            title_lines = [view[a:b].strip() for a, b in head[:i]]
            if g.get("title"):  # "Headline … 04/02/2026 15:30": the headline stays text, the date goes
                title_lines.append(g["title"].strip())
                return _title(title_lines), published, (at + m.end("title"), e)
            return _title(title_lines), published, (at, at + m.end() if prefix else e)
    return None


def _dateparser_line(view: str, head: list[tuple[int, int]]) -> Header | None:
    """Other date-line spellings ("Thứ Hai, 15 tháng 3 năm 2021 - 10:30"): dateparser's Vietnamese data."""
    for i, (s, e) in enumerate(head):
        line = view[s:e].strip()
        # dateparser takes about 2 ms a line: only a line with a year and a day can be a date line ("Kết quả
        # tiếp công dân tháng 4 năm 2017" has no day)
        if len(line) > 60 or not _YEAR.search(line) or not _DAY.search(line):
            continue
        parsed = _parse_date_line(line)
        if parsed:
            return _title([view[a:b].strip() for a, b in head[:i]]), parsed, (s, e)
    return None


def _find_header(text: str, view: str) -> Header:
    """Title lines and the date line near the top, and the span to blank: the date line is not content."""
    lines = _head_lines(view, 6)
    head = lines[:6]
    found = _whole_date_line(view, head, prefix_pass=False) or _dateparser_line(view, head)
    found = found or _whole_date_line(view, head, prefix_pass=True)
    if found:
        return found
    # No date line: a short first line without final punctuation, followed by more text, is a title.
    if len(lines) > 1:
        s, e = lines[0]
        first = view[s:e].strip()
        if 15 <= len(first) <= 200 and first[-1] not in ".;,…" and text[e : e + 1] == "\n":
            return first, None, None
    return None, None, None


def _find_byline(text: str, view: str) -> tuple[str | None, tuple[int, int] | None]:
    pats = _byline()
    lines = _tail_lines(view, 2)
    if not lines:
        return None, None
    s, e = lines[0]
    lead = len(view[s:e]) - len(view[s:e].lstrip())
    s += lead
    e = s + len(view[s:e].strip())
    line = view[s:e]
    m = pats["line"].match(line)
    standalone = len(lines) > 1  # a one-line article is all body
    if standalone and m and len(line) <= 80 and (not line.endswith(".") or m.end("name") == len(line)):
        name = _author_name(m)
        if name:
            return name, (s + m.start("name"), s + m.end("name"))
    m = pats["tail"].search(line)
    if m and _author_name(m):
        return m["name"], (s + m.start("name"), s + m.end("name"))
    return None, None


def _head_byline(view: str, date_line: tuple[int, int] | None) -> tuple[str | None, tuple[int, int] | None]:
    """A byline at the top: the name glued before the date line, or a name line just above it."""
    if date_line is None:
        return None, None
    pats = _byline()
    s, e = date_line
    line_start = view.rfind("\n", 0, s) + 1
    m = pats["glued"].match(view, line_start, e)
    if m and _author_name(m):
        return m["name"], m.span("name")
    end = line_start - 1  # the newline before the date line
    while end > 0:  # the nearest non-blank line above it
        ls = view.rfind("\n", 0, end) + 1
        if view[ls:end].strip():
            m = pats["head"].match(view, ls, end)
            if m and _author_name(m) and len(m["name"]) <= 40:
                return m["name"], m.span("name")
            break
        end = ls - 1
    # Or the nearest line below it, when the article's prose follows ("31/3/2026 - 14:20 / Ngọc Lan / Quý
    # I/2026 là …"): a name alone between the date line and the lead.
    lines = _next_lines(view, view.find("\n", e) + 1 or len(view), 2)
    if len(lines) == 2:
        (ls, le), (ps, pe) = lines
        m = pats["head"].match(view, ls, le)
        if m and _author_name(m) and len(m["name"]) <= 40 and pe - ps >= _PROSE_AFTER_BYLINE:
            return m["name"], m.span("name")
    return None, None


def load_article(
    doc_id: str,
    text: str,
    *,
    url: str | None = None,
    title: str | None = None,
    published: str | None = None,
) -> Article:
    # No newline rewriting: spans must index the NFC text exactly; "\r" is blanked in the clean view.
    text = unicodedata.normalize("NFC", text)
    view = clean_view(text)
    found_title, found_published, date_line = _find_header(text, view)
    head_author, head_span = _head_byline(view, date_line)
    while head_author and found_title and found_title.endswith(head_author):  # the byline is not the title
        found_title = found_title[: -len(head_author)].rstrip() or None
    if date_line is not None:
        view = _blanked(view, [date_line])
    author, author_span = _find_byline(text, view)
    if author is None:
        author, author_span = head_author, head_span
    return Article(
        doc_id=doc_id,
        text=text,
        clean=view,
        url=url,
        title=title or found_title,
        # A date given with the text that cannot be read is as if not given (the batch runner warns).
        published=normalize_published(published) or found_published,
        author=author,
        author_span=author_span,
    )
