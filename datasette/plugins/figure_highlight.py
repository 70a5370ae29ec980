"""Datasette plugin for the figures database: easier reading, no change to the data.

- In a figure's sentence, the figure itself is marked, so the eye finds it at once.
- Lists of provinces (stored as JSON arrays so Datasette can facet on them) read as "Sơn La, Điện Biên".
"""

from __future__ import annotations

import json

from markupsafe import Markup, escape

from datasette import hookimpl

LIST_COLUMNS = {"provinces", "members"}


def _cell(row, name):
    try:
        return row[name]
    except (IndexError, KeyError):
        return None


@hookimpl
def render_cell(row, value, column):
    if not isinstance(value, str):
        return None
    if column == "sentence":  # any table or canned query that shows `text` beside its sentence
        text = _cell(row, "text")
        if not isinstance(text, str) or not text or text not in value:
            return None
        before, _, after = value.partition(text)
        return Markup(f"{escape(before)}<mark>{escape(text)}</mark>{escape(after)}")
    if column in LIST_COLUMNS and value.startswith("["):
        try:
            items = json.loads(value)
        except ValueError:
            return None
        if isinstance(items, list):
            return ", ".join(str(i) for i in items) if items else Markup("<em>—</em>")
    return None
