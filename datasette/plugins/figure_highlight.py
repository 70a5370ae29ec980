"""Datasette plugin: in a figure's sentence, mark the figure itself so the eye finds it at once."""

from __future__ import annotations

from datasette import hookimpl
from markupsafe import Markup, escape


@hookimpl
def render_cell(row, value, column):
    # Any table or canned query that shows `sentence` beside the figure's `text`.
    if column != "sentence" or not isinstance(value, str):
        return None
    try:
        text = row["text"]
    except (IndexError, KeyError):
        return None
    if not isinstance(text, str) or not text or text not in value:
        return None
    before, _, after = value.partition(text)
    return Markup(f"{escape(before)}<mark>{escape(text)}</mark>{escape(after)}")
