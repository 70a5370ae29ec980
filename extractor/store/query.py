"""Questions to the figures database: filters, totals, and output as a table, CSV or JSON.

Every value a user types reaches SQLite as a bound parameter (or, for full-text search, as quoted FTS5
phrases built by `extractor.store.searchfold`); the SQL text itself is assembled only from fixed fragments in
this module, so quotes, `;` and `--` in user input are data, never SQL.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.stages import gazetteer
from extractor.stages.roman import roman_to_int
from extractor.store import labels
from extractor.store.rows import TY
from extractor.store.searchfold import fold, fts_query
from extractor.vocab import METRICS

SUM_KEYS = ("province", "year", "cluster", "metric")
FORMATS = ("table", "csv", "json")

# Columns of a figure listing, in output order.
FIGURE_COLUMNS = (
    "id",
    "doc_id",
    "year",
    "cluster",
    "provinces",
    "metric",
    "value",
    "unit",
    "ty_dong",
    "qualifier",
    "total",
    "text",
    "sentence",
    "span_start",
    "span_end",
    "url",
    "title",
    "province_scope",
    "repeat_of",
)


class QueryError(ValueError):
    """A question the database cannot answer as asked; the message says what to change."""


def shown(value: object, width: int = 60) -> str:
    """A user's value as a message quotes it: on one line, and short however long the value."""
    text = repr(value)
    return text if len(text) <= width else f"{text[: width - 2]}…{text[-1]} ({len(str(value))} characters)"


MAX_LIMIT = 2**63 - 1  # SQLite's largest integer


@dataclass
class Filters:
    metrics: list[str] = field(default_factory=list)
    provinces: list[str] = field(default_factory=list)  # names in any spelling, or codes, old or 2025
    as_2025: bool = False  # read province names as 2025 provinces (all provinces merged into them)
    clusters: list[str] = field(default_factory=list)  # "IV", "4", "Cụm IV", or words of a cluster's name
    years: str | None = None  # "2022" or "2019-2022"
    search: str | None = None  # words that must occur in the figure or its sentence
    article_search: str | None = None  # words that must occur in the article's title or text
    exact_accents: bool = False  # search with accents as written ("thu hồi" will not find "thu hoi")
    include_repeats: bool = False  # count a number an article repeats more than once in totals
    limit: int | None = None


# ---------------------------------------------------------------- parsing user references


def resolve_metrics(names: list[str]) -> list[str]:
    out = []
    for name in names:
        key = name.strip().lower().replace("-", "_").replace(" ", "_")
        if key not in METRICS:  # a Vietnamese or English name ("Tiền kiến nghị thu hồi"), accents optional
            key = labels.metric_code(name) or key
        if key not in METRICS:
            close = difflib.get_close_matches(key, METRICS, n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else f"; one of: {', '.join(METRICS)}"
            raise QueryError(f"unknown metric {shown(name)}{hint}")
        out.append(key)
    return out


def resolve_provinces(refs: list[str], *, as_2025: bool = False) -> list[str]:
    codes: list[str] = []
    for ref in refs:
        found = gazetteer.lookup(ref, successor=as_2025)
        if not found:
            raise QueryError(
                f"unknown province {shown(ref)}: give a name (any spelling, accents optional) or a "
                "2-digit code, of the 63 provinces or of the 2025 ones"
            )
        codes.extend(c for c in found if c not in codes)
    return codes


_CLUSTER_WORDS = re.compile(r"^(?:cum\s*)?(?:thi\s*dua\s*)?(?:so\s*)?", re.IGNORECASE)


def parse_cluster(ref: str) -> int | str:
    """ "IV", "4", "Cụm IV", "cụm thi đua số 4" → 4; other text → its folded words (matched in names)."""
    folded = " ".join(fold(ref).split())
    rest = _CLUSTER_WORDS.sub("", folded).strip()
    if rest.isdecimal():  # not isdigit(): "²" is a digit that int() refuses
        if len(rest) > 6:
            raise QueryError(f"cluster {shown(ref)}: no cluster has such a number")
        return int(rest)
    number = roman_to_int(rest)
    if number:
        return number
    if not folded:
        raise QueryError("empty cluster: give a number (4, IV) or words of its name")
    return folded


def parse_years(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d{4})\s*(?:(?:-|–|\.\.|to|đến)\s*(\d{4})\s*)?", text)
    if not m:
        raise QueryError(f"year {shown(text)}: give a year (2022) or a range (2019-2022)")
    lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
    return (lo, hi) if lo <= hi else (hi, lo)


# ---------------------------------------------------------------- SQL


def _placeholders(prefix: str, values: list[Any], params: dict[str, Any]) -> str:
    names = []
    for i, v in enumerate(values):
        params[f"{prefix}{i}"] = v
        names.append(f":{prefix}{i}")
    return ", ".join(names)


def build_where(filters: Filters) -> tuple[list[str], dict[str, Any], list[str]]:
    """(WHERE clauses over `figures f`, their parameters, the province codes asked for)."""
    clauses: list[str] = []
    params: dict[str, Any] = {}
    if filters.metrics:
        clauses.append(f"f.metric IN ({_placeholders('m', resolve_metrics(filters.metrics), params)})")
    codes = resolve_provinces(filters.provinces, as_2025=filters.as_2025) if filters.provinces else []
    if codes:
        clauses.append(
            "f.id IN (SELECT figure_id FROM figure_provinces WHERE code IN "
            f"({_placeholders('p', codes, params)}))"
        )
    if filters.clusters:
        ors = []
        for i, ref in enumerate(filters.clusters):
            wanted = parse_cluster(ref)
            if isinstance(wanted, int):
                params[f"c{i}"] = wanted
                ors.append(f"f.cluster_number = :c{i}")
            else:
                params[f"c{i}"] = wanted
                ors.append(
                    f"f.doc_id IN (SELECT doc_id FROM clusters WHERE instr(fold(coalesce(name, '') || ' ' "
                    f"|| coalesce(label, '') || ' ' || coalesce(cluster, '')), :c{i}) > 0)"
                )
        clauses.append("(" + " OR ".join(ors) + ")")
    if filters.years:
        params["y0"], params["y1"] = parse_years(filters.years)
        clauses.append("f.year BETWEEN :y0 AND :y1")
    try:
        if filters.search:
            cols = ("text", "sentence") if filters.exact_accents else ("folded",)
            params["q"] = fts_query(filters.search, columns=cols, folded=not filters.exact_accents)
            clauses.append("f.rowid IN (SELECT rowid FROM figures_fts WHERE figures_fts MATCH :q)")
        if filters.article_search:
            cols = ("title", "text") if filters.exact_accents else ("folded",)
            params["aq"] = fts_query(filters.article_search, columns=cols, folded=not filters.exact_accents)
            clauses.append(
                "f.doc_id IN (SELECT a.doc_id FROM articles a WHERE a.rowid IN "
                "(SELECT rowid FROM articles_fts WHERE articles_fts MATCH :aq))"
            )
    except ValueError as exc:
        raise QueryError(str(exc)) from exc
    return clauses, params, codes


def connect(db_path: str | Path) -> sqlite3.Connection:
    path = Path(db_path)
    try:
        found = path.is_file()
        uri = f"{path.resolve().as_uri()}?mode=ro"
    except (OSError, ValueError):  # a NUL byte, undecodable bytes, a path too long
        found = False
    if not found:
        raise QueryError(
            f"no database at {shown(str(path))}: build it with 'extractor load out/records.jsonl --db PATH'"
        )
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise QueryError(f"cannot open the database {shown(str(path))}: {exc}") from exc
    conn.row_factory = sqlite3.Row
    conn.create_function("fold", 1, lambda s: fold(s) if s is not None else None, deterministic=True)
    return conn


def _fetch(db_path: str | Path, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    conn = connect(db_path)
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    except sqlite3.Error as exc:  # not a database, a database of another layout
        raise QueryError(
            f"database {shown(str(db_path))}: {exc} (was it built by 'extractor load'?)"
        ) from exc
    except UnicodeEncodeError as exc:
        raise QueryError(f"a value is not valid text ({exc.reason}): type it again") from exc
    finally:
        conn.close()


def _limit(sql: str, filters: Filters, params: dict[str, Any]) -> str:
    if filters.limit is not None:
        if not 0 <= filters.limit <= MAX_LIMIT:
            raise QueryError(f"limit {filters.limit}: give a number of rows from 0 to {MAX_LIMIT}")
        params["limit"] = int(filters.limit)
        sql += " LIMIT :limit"
    return sql


def find_figures(db_path: str | Path, filters: Filters) -> list[dict[str, Any]]:
    """The figures that match, in article order, each with its sentence and article."""
    clauses, params, _ = build_where(filters)
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    sql = _limit(
        f"SELECT {', '.join('f.' + c for c in FIGURE_COLUMNS)} FROM figures f{where} "
        "ORDER BY f.year, f.doc_id, f.id",
        filters,
        params,
    )
    rows = _fetch(db_path, sql, params)
    for r in rows:
        r["provinces"] = json.loads(r["provinces"] or "[]")
    return rows


_SUM_GROUP = {
    # key → (SELECT expressions, GROUP BY / ORDER BY expressions)
    "province": ("p.code AS province_code, p.name AS province", "p.name, p.code"),
    "year": ("f.year AS year", "f.year"),
    "cluster": ("f.cluster AS cluster", "f.cluster_number, f.cluster"),
    "metric": ("f.metric AS metric", "f.metric"),
}


def sum_figures(db_path: str | Path, filters: Filters, by: str) -> list[dict[str, Any]]:
    """Totals of the matching figures grouped by `by` (and unit: đồng are never added to counts).

    A number an article repeats (same metric, unit and value) counts once unless `include_repeats`.
    By province, a figure that concerns several provinces (a cluster's joint total) is counted for each,
    and `shared` says how many such figures a total holds; figures with no province are grouped as None.
    """
    if by not in _SUM_GROUP:
        raise QueryError(f"cannot sum by {by!r}: one of {', '.join(SUM_KEYS)}")
    clauses, params, codes = build_where(filters)
    if not filters.include_repeats:
        clauses.append("f.repeat_of IS NULL")
    select, group = _SUM_GROUP[by]
    joins = ""
    if by == "province":
        joins = (
            " LEFT JOIN figure_provinces fp ON fp.figure_id = f.id LEFT JOIN provinces p ON p.code = fp.code"
        )
        if codes:  # only the provinces asked for, not every province their figures also concern
            clauses.append(f"fp.code IN ({_placeholders('sp', codes, params)})")
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    sql = _limit(
        f"SELECT {select}, f.unit AS unit, SUM(f.value) AS total, COUNT(*) AS figures, "
        f"COUNT(DISTINCT f.doc_id) AS articles, SUM(f.shared) AS shared "
        f"FROM figures f{joins}{where} GROUP BY {group}, f.unit ORDER BY {group}, f.unit",
        filters,
        params,
    )
    rows = _fetch(db_path, sql, params)
    for r in rows:
        total = r["total"]
        if isinstance(total, float) and total.is_integer():
            r["total"] = int(total)
        r["total_ty_dong"] = (
            round(r["total"] / TY, 3) if r["unit"] == "VND" and r["total"] is not None else None
        )
    if by == "province":  # alphabetical as a reader expects ("Đ" after "D", not after "Z"); no province last
        rows.sort(
            key=lambda r: (r["province"] is None, fold(r["province"] or ""), r["province"] or "", r["unit"])
        )
    return rows


# ---------------------------------------------------------------- output


def vn_number(x: float | int | None, decimals: int = 0) -> str:
    """Vietnamese digits: "." groups thousands, "," marks decimals (160.596.000.000; 160,596)."""
    if x is None:
        return ""
    text = f"{x:,.{decimals}f}" if decimals else f"{round(x):,}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def value_for_reading(row: dict[str, Any], value_key: str = "value", ty_key: str = "ty_dong") -> str:
    unit, value = row["unit"], row[value_key]
    if value is None:
        return ""
    if unit == "VND":
        ty = row.get(ty_key)
        return f"{vn_number(value)} đồng ({vn_number(ty, 3).rstrip('0').rstrip(',')} tỷ)"
    if unit == "percent":
        return f"{vn_number(value, 2).rstrip('0').rstrip(',')} %"
    if unit == "m2":
        return f"{vn_number(value, 2).rstrip('0').rstrip(',')} m²"
    return vn_number(value, 2).rstrip("0").rstrip(",")


def to_csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: "; ".join(v) if isinstance(v, list) else v for k, v in r.items()})
    return buf.getvalue()


def to_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)


def figures_table(rows: list[dict[str, Any]]):
    """A rich Table of figures for reading: the number as written, its sentence, and its article."""
    from rich.table import Table

    table = Table(show_lines=True, title=f"{len(rows)} figure(s)")
    for name, kw in (
        ("year", {"no_wrap": True}),
        ("provinces", {"max_width": 18}),
        ("cluster", {"no_wrap": True}),
        ("metric", {"max_width": 22}),
        ("as written", {"max_width": 20}),
        ("value", {"justify": "right", "max_width": 34}),
        ("sentence", {"ratio": 1, "min_width": 30}),
        ("article", {"max_width": 30}),
    ):
        table.add_column(name, **kw)
    for r in rows:
        qualifier = "" if r["qualifier"] in (None, "exact") else f" [{r['qualifier']}]"
        total = f" / {vn_number(r['total'])}" if r.get("total") is not None else ""
        article = r["doc_id"] + (f"\n{r['url']}" if r.get("url") else "")
        if r.get("repeat_of"):
            article += f"\n(repeats {r['repeat_of']})"
        table.add_row(
            str(r["year"] or ""),
            ", ".join(r["provinces"]),
            r["cluster"] or "",
            r["metric"],
            r["text"] or "",
            value_for_reading(r) + total + qualifier,
            r["sentence"] or "",
            article,
        )
    return table


def sums_table(rows: list[dict[str, Any]], by: str):
    from rich.table import Table

    caption = None
    if by == "province" and any(r["shared"] for r in rows):
        caption = (
            "shared: figures that are one joint total of several provinces, counted for each of them; "
            "they are not per-province shares"
        )
    table = Table(title=f"totals by {by}", caption=caption)
    table.add_column(by)
    for name in ("unit", "total", "figures", "articles", "shared"):
        table.add_column(name, justify="left" if name == "unit" else "right")
    for r in rows:
        key = r.get(by)
        table.add_row(
            "(none)" if key is None else str(key),
            r["unit"] or "",
            value_for_reading(r, "total", "total_ty_dong"),
            str(r["figures"]),
            str(r["articles"]),
            str(r["shared"] or 0),
        )
    return table
