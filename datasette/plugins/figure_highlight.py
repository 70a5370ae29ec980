"""Datasette plugin for the figures database: cells that read well, no change to the data.

- In a figure's sentence the figure itself is marked, at its own place (`mark_start`/`mark_end`, computed
  at load), never at the first matching substring ("8 lượt" inside "28 lượt").
- The figure as written (`text`) links to its place in the article's page.
- Money in tỷ đồng reads "160,596 tỷ đồng" and values use Vietnamese digits ("160.596.000.000"), as the
  CLI writes them; the stored numbers stay numbers (sorting, JSON, sums).
- Lists of provinces (stored as JSON arrays so Datasette can facet on them) read as "Sơn La, Điện Biên".
"""

from __future__ import annotations

import json

from datasette.utils import tilde_encode
from markupsafe import Markup, escape

from datasette import hookimpl
from extractor.store import display

LIST_COLUMNS = {"provinces", "members"}
TY_COLUMNS = {"ty_dong", "total_ty_dong", "recommended_ty_dong", "recovered_ty_dong"}
VALUE_COLUMNS = {"value", "total"}


def _cell(row, name):
    try:
        value = row[name]
    except (IndexError, KeyError):
        return None
    # The table view passes a foreign key already expanded: {"value": "doc-1", "label": "Its title"}.
    return value["value"] if isinstance(value, dict) and "value" in value else value


def _mark(row, value: str):
    start, end = _cell(row, "mark_start"), _cell(row, "mark_end")
    html = display.marked_sentence(
        value,
        start if isinstance(start, int) else None,
        end if isinstance(end, int) else None,
        _cell(row, "text") if isinstance(_cell(row, "text"), str) else None,
    )
    return Markup(html) if html else None


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if column in TY_COLUMNS and isinstance(value, int | float):
        return display.ty_text(value)
    if column in VALUE_COLUMNS and isinstance(value, int | float) and _cell(row, "unit") is not None:
        return display.vn_number(value, 2)
    if not isinstance(value, str):
        return None
    if column == "sentence":  # any table or canned query that shows `text` beside its sentence
        return _mark(row, value)
    if column == "text" and table == "figures" and datasette is not None:
        doc_id, fid = _cell(row, "doc_id"), _cell(row, "id")
        if isinstance(doc_id, str) and isinstance(fid, str):
            href = datasette.urls.row(database, "articles", tilde_encode(doc_id))
            return Markup(
                f'<a href="{escape(href)}#{escape(display.figure_anchor(fid))}" '
                f'title="Xem trong bài báo">{escape(value)}</a>'
            )
    if column in LIST_COLUMNS and value.startswith("["):
        try:
            items = json.loads(value)
        except ValueError:
            return None
        if isinstance(items, list):
            return ", ".join(str(i) for i in items) if items else Markup("<em>—</em>")
    return None
