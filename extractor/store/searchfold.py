"""Accent folding and safe full-text queries for the figures database.

SQLite's `unicode61` tokenizer can drop diacritics, but it leaves "đ" alone (it has no decomposition), so
"dong" would never find "đồng". We therefore index a folded copy of each text beside the original and fold
the user's words the same way. User text only ever reaches FTS5 as quoted phrases (never as query syntax),
so quotes, `;`, `--`, `*`, `NEAR`, `:` and parentheses are just characters to look for.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case, accent-free text that keeps word boundaries: "Thu hồi ĐẤT" → "thu hoi dat"."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def _phrase(chunk: str) -> str:
    # Inside double quotes FTS5 syntax is inert; a quote is written twice.
    return '"' + chunk.replace('"', '""') + '"'


def fts_query(user_text: str, *, columns: tuple[str, ...], folded: bool) -> str:
    """An FTS5 MATCH expression: every whitespace-separated chunk of `user_text` must occur, as a phrase,
    in one of `columns` ("160.596" is the phrase "160 596"). Chunks without a letter or digit are dropped.

    Raises ValueError when nothing searchable is left (e.g. the text was only "--" or ";").
    """
    chunks = [c for c in user_text.split() if _WORD.search(c)]
    if folded:
        chunks = [fold(c) for c in chunks]
    if not chunks:
        shown = repr(user_text) if len(user_text) <= 40 else repr(user_text[:40]) + "…"
        raise ValueError(f"nothing to search for in {shown}: give at least one word or number")
    colspec = "{" + " ".join(columns) + "}"
    return f"{colspec} : (" + " AND ".join(_phrase(c) for c in chunks) + ")"
