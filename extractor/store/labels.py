"""The reference table of the record's codes (metrics, event types, qualifiers, units) for readers.

The Vietnamese and English names and one-line descriptions live in `patterns/labels.jsonl`. In the
database each kind is a small table keyed by its code (`metrics`, `event_types`, `qualifiers`, `units`) that
the figures and articles point at with a foreign key, so Datasette shows the Vietnamese name beside the
code in facets and cells while the data and the API keep the code; the view `glossary` lists them all.
"""

from __future__ import annotations

import difflib
from functools import cache
from typing import Any

from extractor.patterns import load_jsonl
from extractor.store.searchfold import fold
from extractor.vocab import EVENT_TYPES, METRICS, QUALIFIERS, UNITS

# kind → (table, the codes the record contract allows)
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "metric": ("metrics", METRICS),
    "event_type": ("event_types", EVENT_TYPES),
    "qualifier": ("qualifiers", QUALIFIERS),
    "unit": ("units", UNITS),
}
TABLES = tuple(table for table, _ in KINDS.values())
VIEW = "glossary"
COLUMNS: dict[str, Any] = {
    "code": str,
    "name_vi": str,
    "name_en": str,
    "description_vi": str,
    "description_en": str,
    "unit": str,
}


@cache
def labels() -> dict[str, dict[str, dict[str, Any]]]:
    """kind → code → its row of patterns/labels.jsonl."""
    out: dict[str, dict[str, dict[str, Any]]] = {kind: {} for kind in KINDS}
    for row in load_jsonl("labels"):
        out[row["kind"]][row["code"]] = row
    return out


def name_vi(kind: str, code: str | None) -> str | None:
    """The Vietnamese name of a code ("violation_amount" → "Tiền sai phạm phát hiện"); the code if unknown."""
    if code is None:
        return None
    row = labels().get(kind, {}).get(code)
    return row["vi"] if row else code


def _rows(kind: str) -> list[dict[str, Any]]:
    return [
        {
            "code": code,
            "name_vi": row["vi"],
            "name_en": row["en"],
            "description_vi": row["description_vi"],
            "description_en": row["description_en"],
            "unit": row.get("unit"),
        }
        for code, row in labels()[kind].items()
    ]


def create_tables(db) -> None:
    """The reference tables (before the tables whose foreign keys name them) and the glossary view."""
    for table in TABLES:
        db[table].create(COLUMNS, pk="code", if_not_exists=True)
    union = " UNION ALL ".join(
        f"SELECT '{kind}' AS kind, {', '.join(COLUMNS)} FROM [{table}]" for kind, (table, _) in KINDS.items()
    )
    db.execute(f"CREATE VIEW IF NOT EXISTS [{VIEW}] AS {union}")


def write_reference(db) -> None:
    """Fill (or refresh) the reference tables from patterns/labels.jsonl."""
    for kind, (table, _) in KINDS.items():
        db[table].upsert_all(_rows(kind), pk="code")


def drop(db) -> None:
    db.execute(f"DROP VIEW IF EXISTS [{VIEW}]")
    for table in TABLES:
        db.execute(f"DROP TABLE IF EXISTS [{table}]")


@cache
def _metric_index() -> dict[str, str]:
    """Folded code, Vietnamese and English name of every metric → its code."""
    index: dict[str, str] = {}
    for code, row in labels()["metric"].items():
        for key in (code, code.replace("_", " "), row["vi"], row["en"]):
            index.setdefault(" ".join(fold(key).split()), code)
    return index


def metric_code(text: str) -> str | None:
    """A reader's metric → its code: the code, or the Vietnamese or English name, accents and case optional
    ("tien kien nghi thu hoi" → "recovery_recommended_amount"); None when nothing matches."""
    key = " ".join(fold(text.replace("_", " ")).split())
    if not key:
        return None
    index = _metric_index()
    return index.get(key) or index.get(key.replace(" ", "_"))


def metric_suggestions(text: str, n: int = 3) -> list[str]:
    """Vietnamese names of the metrics closest to a name that matched nothing."""
    key = " ".join(fold(text.replace("_", " ")).split())
    close = difflib.get_close_matches(key, list(_metric_index()), n=n * 3, cutoff=0.5)
    names: list[str] = []
    for k in close:
        name = labels()["metric"][_metric_index()[k]]["vi"]
        if name not in names:
            names.append(name)
    return names[:n]
