"""How the figures read on the site and in its CSV: Vietnamese numbers, the figure marked in its sentence,
and an article's text with every figure marked and labelled.

Pure functions (no Datasette, no SQL), shared by `extractor.store.rows` (where each figure's mark is
computed once, at load) and the Datasette plugin in `datasette/plugins/`.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

TY = 1_000_000_000


def vn_number(x: float | int | None, max_decimals: int = 0) -> str:
    """Vietnamese digits: "." groups thousands, "," marks decimals, trailing zeros dropped
    (160596000000 → "160.596.000.000"; 160.596 with 3 decimals → "160,596"; 71.5 → "71,5")."""
    if x is None:
        return ""
    text = f"{x:,.{max_decimals}f}"
    if max_decimals:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def ty_text(ty: float | int | None) -> str:
    """Money already in tỷ đồng → "160,596 tỷ đồng" (the CLI's "(160,596 tỷ)")."""
    return "" if ty is None else f"{vn_number(ty, 3)} tỷ đồng"


def value_text(value: float | int | None, unit: str | None) -> str:
    """A figure's value for reading, with its unit: "160,596 tỷ đồng", "89,72 %", "49.424 m²", "5.486"."""
    if value is None:
        return ""
    if unit == "VND":
        if abs(value) >= TY:
            return ty_text(round(value / TY, 3))
        if abs(value) >= 1_000_000:
            return f"{vn_number(value / 1_000_000, 3)} triệu đồng"
        return f"{vn_number(value)} đồng"
    if unit == "percent":
        return f"{vn_number(value, 2)} %"
    if unit == "m2":
        return f"{vn_number(value, 2)} m²"
    return vn_number(value, 2)


def names_text(value: str | None) -> str:
    """A JSON list of names (how the database keeps provinces, for facets) → "Sơn La; Điện Biên"."""
    if not value or not value.startswith("["):
        return value or ""
    try:
        items = json.loads(value)
    except ValueError:
        return value
    return "; ".join(str(i) for i in items) if isinstance(items, list) else value


# ---------------------------------------------------------------- the figure in its sentence

_NUMBER_CHAR = re.compile(r"[\w]")


def _standalone(sentence: str, start: int, end: int) -> bool:
    """True when sentence[start:end] is not a piece of a longer number or word ("8 lượt" in "28 lượt")."""
    before = sentence[start - 1] if start > 0 else ""
    if before and _NUMBER_CHAR.match(before):
        return False
    if before in (".", ",") and start > 1 and sentence[start - 2].isdigit():  # "1.8 lượt" is not "8 lượt"
        return False
    after = sentence[end] if end < len(sentence) else ""
    return not (after and _NUMBER_CHAR.match(after) and sentence[end - 1].isalnum())


def _occurrences(sentence: str, text: str) -> list[int]:
    found, at = [], sentence.find(text)
    while at >= 0:
        if _standalone(sentence, at, at + len(text)):
            found.append(at)
        at = sentence.find(text, at + 1)
    return found


def sentence_marks(
    figures: Sequence[tuple[str | None, str | None, tuple[int, int] | None]], article_text: str | None = None
) -> list[tuple[int, int] | None]:
    """Where each figure stands in its own sentence, as (start, end) offsets into the sentence.

    `figures` are one article's (text, sentence, span) in record order; `span` indexes the article text.
    With the article text, the sentence is found around the span and the span itself is marked. Without
    it, the figure's text is looked for in its sentence as a whole number (never "8 lượt" inside "28 lượt"),
    the n-th figure with the same text and sentence taking the n-th such place. None when neither works.
    """
    marks: list[tuple[int, int] | None] = [None] * len(figures)
    order = sorted(range(len(figures)), key=lambda i: (figures[i][2] or (1 << 60, 0))[0])
    seen: dict[tuple[str, str], int] = {}
    for i in order:
        text, sentence, span = figures[i]
        if not text or not sentence:
            continue
        if article_text and span:
            mark = _mark_from_span(article_text, sentence, span)
            if mark:
                marks[i] = mark
                continue
        n = seen.get((text, sentence), 0)
        seen[(text, sentence)] = n + 1
        places = _occurrences(sentence, text) or [m.start() for m in re.finditer(re.escape(text), sentence)]
        if places:
            at = places[min(n, len(places) - 1)]
            marks[i] = (at, at + len(text))
    return marks


def _mark_from_span(article: str, sentence: str, span: tuple[int, int]) -> tuple[int, int] | None:
    start, end = span
    if not (0 <= start < end <= len(article)):
        return None
    at = article.find(sentence, max(0, end - len(sentence)))
    while 0 <= at <= start:
        if end <= at + len(sentence):
            return (start - at, end - at)
        at = article.find(sentence, at + 1)
    return None


def marked_sentence(sentence: str, start: int | None, end: int | None, text: str | None = None) -> str | None:
    """The sentence as HTML with the figure in <mark>; by offsets when given, else by its text as a whole
    number. None when the figure cannot be placed (the caller shows the sentence plain)."""
    if start is None or end is None or not (0 <= start < end <= len(sentence)):
        if not text:
            return None
        places = _occurrences(sentence, text)
        if not places:
            return None
        start, end = places[0], places[0] + len(text)
    return (
        f"{html.escape(sentence[:start])}<mark>{html.escape(sentence[start:end])}</mark>"
        f"{html.escape(sentence[end:])}"
    )


# ---------------------------------------------------------------- an article with its figures


@dataclass(frozen=True)
class ArticleFigure:
    id: str
    start: int
    end: int
    label: str  # the metric's Vietnamese name
    title: str  # what a hover shows: the value for reading, the qualifier
    href: str  # the figure's own row


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line of the text: articles keep one paragraph per line."""
    out, at = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            out.append((at + lead, at + lead + len(stripped)))
        at += len(line) + 1
    return out


def figure_anchor(figure_id: str) -> str:
    """The id of a figure's mark in its article page ("doc/007" → "f-007")."""
    return "f-" + figure_id.rsplit("/", 1)[-1]


def article_html(text: str, figures: Iterable[ArticleFigure]) -> str:
    """The article as <p> paragraphs, every figure that has a span marked, labelled and linked to its row.
    A figure whose span overlaps one already marked, or lies outside the text, is left out."""
    placed: list[ArticleFigure] = []
    for f in sorted(figures, key=lambda f: (f.start, -f.end)):
        if 0 <= f.start < f.end <= len(text) and (not placed or f.start >= placed[-1].end):
            placed.append(f)
    out = []
    k = 0
    for p_start, p_end in paragraphs(text):
        parts, at = [], p_start
        while k < len(placed) and placed[k].start < p_end:
            f = placed[k]
            if f.start < p_start or f.end > p_end:  # crosses a paragraph break: leave it unmarked
                k += 1
                continue
            parts.append(html.escape(text[at : f.start]))
            anchor, title = html.escape(figure_anchor(f.id)), html.escape(f.title)
            parts.append(
                f'<mark class="figure" id="{anchor}" title="{title}">'
                f'<a href="{html.escape(f.href)}">{html.escape(text[f.start : f.end])}</a>'
                f'<span class="figure-label">{html.escape(f.label)}</span></mark>'
            )
            at = f.end
            k += 1
        parts.append(html.escape(text[at:p_end]))
        out.append("<p>" + "".join(parts) + "</p>")
    return "\n".join(out)
