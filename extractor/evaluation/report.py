"""The eval report: one HTML page with the score table and, per article, its text twice, with the gold
and the predicted items highlighted by displaCy (manual "ent" style: no spaCy model is needed).

Gold items carry no spans, so they are found in the text by what they say (`text`, name, canonical);
predicted items use their `span` when it is valid. Each highlight says whether the item was matched
(✓), missed or wrongly predicted (✗), or matched with a wrong attribute (~).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import regex

from extractor.evaluation.scoring import ACCURACY_FIELDS, SET_FIELDS, Mistake, figure_text
from extractor.models import Record

OK, WRONG, PARTLY = "✓", "✗", "~"
COLORS = {  # by (side, status)
    ("gold", OK): "#b7e4b7",
    ("pred", OK): "#b7e4b7",
    ("gold", WRONG): "#f4a6a6",  # missed
    ("pred", WRONG): "#ffc870",  # predicted but not in gold
    ("gold", PARTLY): "#fff09a",
    ("pred", PARTLY): "#fff09a",
}
# Which list each scored field's item indices point into, and which fields judge an attribute of it.
_LIST_OF = {name: name for name in ("provinces", "officials", "legal_refs", "figures")}
_ATTR_PREFIX = {"officials.": "officials", "legal_refs.": "legal_refs", "figures.": "figures"}


@dataclass
class DocView:
    """What the report shows for one article."""

    doc_id: str
    text: str
    gold: Record
    pred: Record | None
    mistakes: list[Mistake] = field(default_factory=list)
    failure: str | None = None  # why the extractor gave no record
    url: str | None = None


@dataclass
class _Ent:
    start: int
    end: int
    label: str


def locate(text: str, needle: str | None, start: int = 0) -> tuple[int, int] | None:
    """First occurrence of `needle` at or after `start`, any whitespace run matching any other,
    exact case first, then ignoring case."""
    if not needle or not needle.strip():
        return None
    pattern = r"\s+".join(regex.escape(tok) for tok in needle.split())
    for flags in (0, regex.IGNORECASE):
        m = regex.compile(pattern, flags).search(text, start)
        if m:
            return m.span()
    return None


def _status_by_index(mistakes: Iterable[Mistake], side: str) -> dict[str, dict[int, str]]:
    """list name → item index → WRONG (missed / false) or PARTLY (an attribute wrong)."""
    out: dict[str, dict[int, str]] = {name: {} for name in _LIST_OF.values()}
    for m in mistakes:
        if m.side != side or m.index is None:
            continue
        if m.field in _LIST_OF:
            out[_LIST_OF[m.field]][m.index] = WRONG
        else:
            for prefix, name in _ATTR_PREFIX.items():
                if m.field.startswith(prefix):
                    out[name].setdefault(m.index, PARTLY)
    return out


def _entities(text: str, rec: Record, side: str, mistakes: Sequence[Mistake]) -> tuple[list[_Ent], list[str]]:
    """Highlights for one side, and the items that could not be placed (not found, or overlapping)."""
    status = _status_by_index(mistakes, side)
    cursor: dict[str, int] = {}  # a repeated needle takes its next occurrence
    wanted: list[tuple[tuple[int, int] | None, str, str]] = []

    def place(item: Any, needle: str | None) -> tuple[int, int] | None:
        span = getattr(item, "span", None)
        if span and 0 <= span[0] < span[1] <= len(text):
            return span[0], span[1]
        if not needle:
            return None
        found = locate(text, needle, cursor.get(needle, 0))
        if found:
            cursor[needle] = found[1]
        return found

    for i, p in enumerate(rec.provinces):
        wanted.append((place(p, p.name), f"PROVINCE {status['provinces'].get(i, OK)}", f"{p.code} {p.name}"))
    for i, o in enumerate(rec.officials):
        wanted.append((place(o, o.name), f"OFFICIAL {status['officials'].get(i, OK)}", o.name))
    for i, r in enumerate(rec.legal_refs):
        wanted.append((place(r, r.text or r.canonical), f"LEGAL_REF {status['legal_refs'].get(i, OK)}",
                       r.canonical))
    for i, f in enumerate(rec.figures):
        wanted.append((place(f, f.text), f"{f.metric} {status['figures'].get(i, OK)}",
                       figure_text(f)))
    ents: list[_Ent] = []
    unplaced: list[str] = []
    # displaCy cannot draw overlapping entities: keep the earliest, longest one.
    def order(w: tuple[tuple[int, int] | None, str, str]) -> tuple[int, int, int]:
        return (0, w[0][0], w[0][0] - w[0][1]) if w[0] else (1, 0, 0)

    for span, label, desc in sorted(wanted, key=order):
        if span is None or (ents and span[0] < ents[-1].end):
            unplaced.append(f"{label.split()[-1]} {desc}")
            continue
        ents.append(_Ent(span[0], span[1], label))
    return ents, unplaced


def _render(text: str, ents: list[_Ent], side: str) -> str:
    from spacy import displacy  # imported here: spaCy is slow to import and only the report needs it

    labels = sorted({e.label for e in ents})
    colors = {lab: COLORS[(side, lab.split()[-1])] for lab in labels}
    doc = {"text": text, "ents": [{"start": e.start, "end": e.end, "label": e.label} for e in ents]}
    return displacy.render(doc, style="ent", manual=True, jupyter=False, options={"colors": colors})


def _score_table(scores: dict[str, Any]) -> str:
    fields = scores["fields"]
    rows = ["<table class='scores'><tr><th>field</th><th>tp</th><th>fp</th><th>fn</th>"
            "<th>P</th><th>R</th><th>F1</th></tr>"]
    for name in SET_FIELDS:
        e = fields[name]
        rows.append(f"<tr><td>{name}</td><td>{e['tp']}</td><td>{e['fp']}</td><td>{e['fn']}</td>"
                    f"<td>{e['p']:.3f}</td><td>{e['r']:.3f}</td><td><b>{e['f1']:.3f}</b></td></tr>")
    rows.append("</table><table class='scores'><tr><th>attribute</th><th>n</th><th>accuracy</th></tr>")
    for name in ACCURACY_FIELDS:
        e = fields[name]
        rows.append(f"<tr><td>{name}</td><td>{e['n']}</td><td><b>{e['accuracy']:.3f}</b></td></tr>")
    rows.append("</table>")
    return "\n".join(rows)


def _attribute_table(view: DocView) -> str:
    """Right-or-wrong attributes of the article: the two wrong values side by side."""
    wrong = [m for m in view.mistakes if m.field in ACCURACY_FIELDS]
    if not wrong:
        return "<p class='ok'>Every judged attribute is right.</p>"
    rows = ["<table class='attrs'><tr><th>attribute</th><th>gold</th><th>predicted</th></tr>"]
    golds = [m for m in wrong if m.side == "gold"]
    preds = [m for m in wrong if m.side == "pred"]
    for g, p in zip(golds, preds, strict=True):  # mistakes of an attribute come in gold/pred pairs
        rows.append(f"<tr><td>{html.escape(g.field)}</td><td>{html.escape(g.text)}</td>"
                    f"<td>{html.escape(p.text)}</td></tr>")
    rows.append("</table>")
    return "\n".join(rows)


def _doc_section(view: DocView) -> str:
    n_fn = sum(1 for m in view.mistakes if m.side == "gold" and m.field in SET_FIELDS)
    n_fp = sum(1 for m in view.mistakes if m.side == "pred" and m.field in SET_FIELDS)
    head = f"<h2 id='{html.escape(view.doc_id)}'>{html.escape(view.doc_id)}</h2>"
    if view.url:
        head += f"<p class='url'><a href='{html.escape(view.url)}'>{html.escape(view.url)}</a></p>"
    if view.failure:
        head += f"<p class='failure'>The extractor failed on this article: {html.escape(view.failure)}</p>"
    head += f"<p>{n_fn} missed, {n_fp} wrongly predicted set items.</p>"
    cols = []
    for side, rec in (("gold", view.gold), ("pred", view.pred or Record(doc_id=view.doc_id))):
        ents, unplaced = _entities(view.text, rec, side, view.mistakes)
        extra = ""
        if unplaced:
            items = "".join(f"<li>{html.escape(u)}</li>" for u in unplaced)
            extra = (f"<details><summary>{len(unplaced)} item(s) not highlighted</summary>"
                     f"<ul>{items}</ul></details>")
        title = "Gold" if side == "gold" else "Predicted"
        cols.append(f"<div class='col'><h3>{title}</h3>{extra}{_render(view.text, ents, side)}</div>")
    return f"<section>{head}{_attribute_table(view)}<div class='cols'>{''.join(cols)}</div></section>"


_CSS = """
body { font-family: sans-serif; margin: 1.5em; }
table { border-collapse: collapse; margin: 0.5em 1em 1em 0; display: inline-table; vertical-align: top; }
td, th { border: 1px solid #ccc; padding: 2px 8px; text-align: right; }
td:first-child, th:first-child { text-align: left; }
.attrs td { text-align: left; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 1em; }
.col { min-width: 0; overflow-wrap: anywhere; }
.url { overflow-wrap: anywhere; }
.failure { color: #b00; font-weight: bold; }
.legend span { padding: 2px 6px; margin-right: 6px; border-radius: 3px; }
section { border-top: 2px solid #888; margin-top: 2em; }
"""


def render_report(scores: dict[str, Any], views: Sequence[DocView], *, title: str = "Extractor eval") -> str:
    """The whole page as one HTML string."""
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    legend = (
        f"<p class='legend'><span style='background:{COLORS[('gold', OK)]}'>{OK} matched</span>"
        f"<span style='background:{COLORS[('gold', WRONG)]}'>{WRONG} gold, missed</span>"
        f"<span style='background:{COLORS[('pred', WRONG)]}'>{WRONG} predicted, not in gold</span>"
        f"<span style='background:{COLORS[('gold', PARTLY)]}'>{PARTLY} matched, an attribute wrong</span></p>"
    )
    index = " · ".join(
        f"<a href='#{html.escape(v.doc_id)}'>{html.escape(v.doc_id)}</a>"
        f"{' (failed)' if v.failure else ''}"
        for v in views
    )
    body = "\n".join(_doc_section(v) for v in views)
    return (
        "<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{html.escape(title)}</h1><p>{scores['docs']} articles, {when}</p>"
        f"{_score_table(scores)}{legend}<p>{index}</p>{body}</body></html>"
    )
