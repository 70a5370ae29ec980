"""A reader's inputs to the site's canned queries, read as forgivingly as `extractor query` reads its flags.

SQL functions (registered on every connection by the Datasette plugin, and by tests on plain sqlite3):
`metric_code(x)` (a code or a Vietnamese/English name → code), `province_codes(x)` (a name in any spelling,
a code, a 2025 province → JSON list of the 63-province codes), `year_from(x)` / `year_to(x)` ("2022",
"2019-2023", "2019 đến 2023"), `cluster_no(x)` ("cum iv", "4", "Cụm IV"), `cluster_words(x)` (folded words of
a cluster's name), `fold(x)`, `vn_value(value, unit)` ("160,596 tỷ đồng"). An input that matches nothing gives
NULL (no rows) and `messages()` says why, in Vietnamese, with what would match.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from extractor.patterns import load_json
from extractor.stages import gazetteer
from extractor.store import checks, display, labels
from extractor.store.query import QueryError, parse_cluster, parse_years
from extractor.store.searchfold import fold

# What each canned-query parameter is (label and hint for its input box) and what the site says when a
# value matches nothing: Vietnamese text, so it lives in patterns/site_inputs.json.
_TEXT = load_json("site_inputs")
PARAMS: dict[str, dict[str, str]] = _TEXT["params"]
_SAY: dict[str, str] = _TEXT["messages"]


def _metric(x: str | None) -> str | None:
    if x is None or not x.strip():
        return None
    return labels.metric_code(x)


def _province_codes(x: str | None) -> str | None:
    if x is None or not x.strip():
        return None
    codes = gazetteer.lookup(x.strip())
    return json.dumps(codes) if codes else None


def _years(x: str | None) -> tuple[int, int] | None:
    if x is None or not x.strip():
        return None
    try:
        return parse_years(x)
    except QueryError:
        return None


def _cluster_no(x: str | None) -> int | None:
    if x is None or not x.strip():
        return None
    try:
        ref = parse_cluster(x)
    except (QueryError, ValueError):
        return None
    return ref if isinstance(ref, int) else None


def _cluster_words(x: str | None) -> str | None:
    if x is None or not x.strip():
        return None
    return " ".join(fold(x).split())


def _safe(fn):
    # A function that raises inside SQLite is "user-defined function raised exception": never let it.
    def wrapped(*args):
        try:
            return fn(*args)
        except Exception:
            return None

    return wrapped


def register(conn: sqlite3.Connection) -> None:
    functions = {
        "metric_code": (1, _metric),
        "province_codes": (1, _province_codes),
        "year_from": (1, lambda x: (_years(x) or (None, None))[0]),
        "year_to": (1, lambda x: (_years(x) or (None, None))[1]),
        "cluster_no": (1, _cluster_no),
        "cluster_words": (1, _cluster_words),
        "fold": (1, lambda s: fold(s) if isinstance(s, str) else None),
        "vn_value": (2, display.value_text),
    }
    for name, (n, fn) in functions.items():
        conn.create_function(name, n, _safe(fn), deterministic=True)


def messages(params: dict[str, str], clusters: list[str]) -> list[str]:
    """One line per filled-in input that matches nothing, saying what would."""
    out = []
    metric = (params.get("metric") or "").strip()
    if metric and _metric(metric) is None:
        close = labels.metric_suggestions(metric)
        hint = _SAY["metric_close"].format(close=", ".join(close)) if close else _SAY["metric_choose"]
        out.append(_SAY["no_metric"].format(metric=metric, hint=hint))
    province = (params.get("province") or "").strip()
    if province and _province_codes(province) is None:
        out.append(_SAY["no_province"].format(province=province))
    year = (params.get("year") or "").strip()
    if year and _years(year) is None:
        out.append(_SAY["bad_year"].format(year=year))
    cluster = (params.get("cluster") or "").strip()
    if cluster:
        number = _cluster_no(cluster)
        words = _cluster_words(cluster) or ""
        known = [c for c in clusters if (number is not None and c == _roman(number)) or words in fold(c)]
        if not known:
            listed = ", ".join(clusters) if clusters else _SAY["no_clusters"]
            out.append(_SAY["no_cluster"].format(cluster=cluster, listed=listed))
    return out


def _roman(n: int) -> str:
    from extractor.stages.roman import int_to_roman

    return f"Cụm {int_to_roman(n)}"


async def template_vars(datasette, database: str, request) -> dict[str, Any]:
    """What the canned-query page needs for its inputs: the choices and the messages."""
    db = datasette.get_database(database)
    clusters = [
        r[0]
        for r in (
            await db.execute(
                "SELECT cluster FROM figures WHERE cluster IS NOT NULL GROUP BY cluster "
                "ORDER BY min(coalesce(cluster_number, 999)), cluster"
            )
        ).rows
    ]
    years = [
        r[0]
        for r in (
            await db.execute("SELECT DISTINCT year FROM figures WHERE year IS NOT NULL ORDER BY year")
        ).rows
    ]
    metrics = [(code, row["vi"]) for code, row in labels.labels()["metric"].items()]
    provinces = sorted(
        {p.name for p in gazetteer.provinces().values()}
        | {p.name_2025 for p in gazetteer.provinces().values()},
        key=fold,
    )
    params = {k: request.args.get(k, "") for k in PARAMS}
    return {
        "input_params": PARAMS,
        "input_options": {
            "metric": metrics,
            "cluster": [(c.removeprefix("Cụm ") if c.startswith("Cụm ") else c, c) for c in clusters],
            "province": [(p, p) for p in provinces],
            "year": [(str(y), str(y)) for y in years],
            "flag": [(code, f"{vi} · {en}") for code, (vi, en) in checks.titles().items()],
        },
        "input_messages": messages(params, clusters),
    }
