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
from extractor.store.rows import TY, province_name
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
    "part_of",
    "whole_id",
    "fact_id",
    "flags",
)

# Columns of a totals row after its key, in output order.
TOTAL_COLUMNS = (
    "metric",
    "unit",
    "total",
    "total_ty_dong",
    "qualifier",
    "min",
    "max",
    "facts",
    "figures",
    "articles",
    "parts_left_out",
    "repeats_left_out",
    "sources",
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
    include_repeats: bool = False  # count every mention in totals, not each fact once
    flagged: bool = False  # only figures that a consistency check flagged
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
    if filters.flagged:
        clauses.append("f.id IN (SELECT figure_id FROM figure_flags)")
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
    reasons: dict[str, list[str]] = {}
    if rows and filters.flagged:
        for fid, vi, en in _flag_reasons(db_path, [r["id"] for r in rows]):
            reasons.setdefault(fid, []).append(f"{vi} · {en}")
    for r in rows:
        r["provinces"] = json.loads(r["provinces"] or "[]")
        r["flags"] = json.loads(r["flags"] or "[]")
        if filters.flagged:
            r["flag_reasons"] = reasons.get(r["id"], [])
    return rows


def _flag_reasons(db_path: str | Path, ids: list[str]) -> list[tuple[str, str, str]]:
    rows = _fetch(
        db_path,
        "SELECT figure_id, reason_vi, reason_en FROM figure_flags WHERE figure_id IN "
        "(SELECT value FROM json_each(:ids)) ORDER BY id",
        {"ids": json.dumps(ids)},
    )
    return [(r["figure_id"], r["reason_vi"], r["reason_en"]) for r in rows]


QUALIFIER_ORDER = ("exact", "more_than", "less_than", "about")
LEFT_OUT = {
    # reason → what a total says of the figures it left out for it
    "part": "part(s) of a whole counted in the same total",
    "repeat": "repeat(s) of a fact already counted (in the same article or another)",
    "percentage": "percentage(s) or rate(s), never added (shown as min–max)",
    "no_province": "figure(s) without a province",
    "no_year": "figure(s) without a year",
    "no_cluster": "figure(s) not about a cluster",
    "joint": "joint total(s) of several provinces, not the asked province's own",
}


@dataclass
class Totals:
    """Totals grouped by `by`, metric and unit, and what they left out: reason → figures."""

    by: str
    rows: list[dict[str, Any]]
    left_out: dict[str, int]


def combined_qualifier(qualifiers: list[str]) -> str:
    """What a sum of figures is, given theirs: exact; more_than (at least: "hơn 71,5 tỷ" + 5 tỷ); less_than
    (at most); about (any "khoảng", or more and less together)."""
    kinds = set(qualifiers) - {"exact"}
    if not kinds:
        return "exact"
    if kinds == {"more_than"}:
        return "more_than"
    if kinds == {"less_than"}:
        return "less_than"
    return "about"


@dataclass
class _Unit:
    """One thing a total may count: a fact (or, with include_repeats, one figure)."""

    id: str
    metric: str
    unit: str
    value: float
    qualifier: str
    year: int | None
    cluster: str | None
    cluster_number: int | None
    codes: tuple[str, ...]
    whole: str | None
    scope: str | None  # how its provinces were found (rows.py): "cluster" for a cluster's joint total
    figures: int  # matched figures it stands for
    docs: set[str]


def _units(conn: sqlite3.Connection, filters: Filters) -> tuple[list[_Unit], list[str]]:
    clauses, params, codes = build_where(filters)
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    matched = conn.execute(f"SELECT f.id, f.fact_id, f.doc_id FROM figures f{where}", params).fetchall()
    if filters.include_repeats:  # every mention is counted: each figure is its own unit
        sql = (
            "SELECT f.id, f.metric, f.unit, f.value, f.qualifier, f.year, f.cluster, f.cluster_number, "
            "f.province_codes, w.id, f.province_scope FROM figures f LEFT JOIN figures w "
            "ON w.id = f.whole_id AND w.metric = f.metric AND w.unit = f.unit "
            "WHERE f.id IN (SELECT value FROM json_each(:ids))"
        )
        of = {r["id"]: (r["id"], r["doc_id"]) for r in matched}
    else:
        sql = (
            "SELECT x.id, x.metric, x.unit, x.value, x.qualifier, x.year, x.cluster, x.cluster_number, "
            "x.province_codes, x.whole_fact, f.province_scope FROM facts x JOIN figures f ON f.id = x.id "
            "WHERE x.id IN (SELECT value FROM json_each(:ids))"
        )
        of = {r["id"]: (r["fact_id"], r["doc_id"]) for r in matched}
    counts: dict[str, list[str]] = {}
    for unit_id, doc_id in of.values():
        counts.setdefault(unit_id, []).append(doc_id)
    rows = conn.execute(sql, {"ids": json.dumps(sorted(counts))}).fetchall()
    units = [
        _Unit(
            id=r[0], metric=r[1], unit=r[2], value=r[3], qualifier=r[4] or "exact", year=r[5], cluster=r[6],
            cluster_number=r[7], codes=tuple(sorted(json.loads(r[8] or "[]"))), whole=r[9], scope=r[10],
            figures=len(counts[r[0]]), docs=set(counts[r[0]]),
        )
        for r in rows
    ]
    return units, codes


def _group_key(u: _Unit, by: str) -> tuple | None:
    """The group a unit adds to (None: it has none, e.g. no province)."""
    if by == "province":
        return (u.codes,) if u.codes else None
    if by == "year":
        return (u.year,) if u.year is not None else None
    if by == "cluster":
        return (u.cluster_number or 0, u.cluster) if u.cluster else None
    return ()


def _province_label(codes: tuple[str, ...], units: list[_Unit]) -> str:
    """A province's name, or for a joint total its provinces, marked as such (and as the cluster's)."""
    names = " + ".join(sorted((province_name(c) or c for c in codes), key=fold))
    if len(codes) < 2:
        return names
    clusters = {u.cluster for u in units if u.scope == "cluster" and u.cluster}
    if len(clusters) == 1 and all(u.scope == "cluster" for u in units):
        return f"{clusters.pop()}, joint total of the cluster: {names}"
    return f"joint total: {names}"


def totals(db_path: str | Path, filters: Filters, by: str) -> Totals:
    """Totals of the matching figures by `by` (province, year, cluster or metric), always by metric and
    unit too: violations, recoveries and counts are never added together.

    Each fact counts once (`extractor.store.facts`): a number an article repeats, or another article
    reports again, adds nothing more (unless `include_repeats`); a part is left out where its whole (same
    metric and unit) is in the same total; percentages and rates are never added: their rows give the
    smallest and largest with their sources. By province, a fact about several provinces is one joint
    total, in a row of its own, never a share of each; with provinces asked for, totals by anything else
    add only those provinces' own numbers. A total keeps its qualifiers ("hơn": at least) and says how
    many figures it left out and why.
    """
    if by not in SUM_KEYS:
        raise QueryError(f"cannot sum by {shown(by)}: one of {', '.join(SUM_KEYS)}")
    conn = connect(db_path)
    try:
        units, asked_codes = _units(conn, filters)
    except sqlite3.Error as exc:
        raise QueryError(f"database {shown(str(db_path))}: {exc} (built by 'extractor load'?)") from exc
    except UnicodeEncodeError as exc:
        raise QueryError(f"a value is not valid text ({exc.reason}): type it again") from exc
    finally:
        conn.close()

    left_out = dict.fromkeys(LEFT_OUT, 0)
    groups: dict[tuple, list[_Unit]] = {}
    for u in units:
        key = _group_key(u, by)
        if key is None:
            left_out[f"no_{by}"] += u.figures
            continue
        if by == "province" and asked_codes and not set(u.codes) & set(asked_codes):
            continue
        if by != "province" and asked_codes and len(u.codes) > 1:
            left_out["joint"] += u.figures  # a cluster's total is not the asked province's
            continue
        groups.setdefault((*key, u.metric, u.unit), []).append(u)

    rows = []
    for key, members_ in groups.items():
        ids = {u.id for u in members_}
        parts = [u for u in members_ if _has_whole_in(u, ids, {m.id: m for m in members_})]
        counted = [u for u in members_ if u not in parts]
        metric, unit = key[-2], key[-1]
        row: dict[str, Any] = {}
        if by == "province":
            codes = key[0]
            row.update(
                province=_province_label(codes, members_),
                province_codes=list(codes),
                joint=int(len(codes) > 1),
            )
        elif by == "year":
            row["year"] = key[0]
        elif by == "cluster":
            row["cluster"] = key[1]
        row.update(metric=metric, unit=unit)
        left_out["part"] += sum(u.figures for u in parts)
        left_out["repeat"] += sum(u.figures - 1 for u in counted)
        values = [u.value for u in counted]
        if unit == "percent":
            left_out["percentage"] += sum(u.figures for u in counted)
            row.update(total=None, total_ty_dong=None, qualifier=None)
        else:
            total = sum(values)
            total = int(total) if isinstance(total, float) and total.is_integer() else total
            row.update(
                total=total,
                total_ty_dong=round(total / TY, 3) if unit == "VND" else None,
                qualifier=combined_qualifier([u.qualifier for u in counted]),
            )
        row.update(
            min=min(values) if values else None,
            max=max(values) if values else None,
            facts=len(counted),
            figures=sum(u.figures for u in counted),
            articles=len({d for u in counted for d in u.docs}),
            parts_left_out=sum(u.figures for u in parts),
            repeats_left_out=sum(u.figures - 1 for u in counted),
            sources=sorted({d for u in counted for d in u.docs}),
        )
        rows.append(row)
    rows.sort(key=lambda r: _row_order(r, by))
    if filters.limit is not None:
        _limit("", filters, {})  # checks the number
        rows = rows[: filters.limit]
    return Totals(by, rows, left_out)


def _has_whole_in(u: _Unit, ids: set[str], by_id: dict[str, _Unit]) -> bool:
    """Is a whole of `u` (its whole, or that one's whole, …) in the same total?"""
    seen = {u.id}
    whole = u.whole
    while whole is not None and whole not in seen:
        if whole in ids:
            return True
        seen.add(whole)
        whole = by_id[whole].whole if whole in by_id else None
    return False


def _row_order(r: dict[str, Any], by: str) -> tuple:
    """Alphabetical as a reader expects ("Đ" after "D"), joint totals after single provinces."""
    tail = (r["metric"], r["unit"])
    if by == "province":
        return (r["joint"], fold(r["province"]), r["province"], *tail)
    if by == "year":
        return (r["year"], *tail)
    if by == "cluster":
        return (r["cluster"] or "", *tail)
    return tail


def sum_figures(db_path: str | Path, filters: Filters, by: str) -> list[dict[str, Any]]:
    """The rows of `totals`."""
    return totals(db_path, filters, by).rows


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
        if r.get("part_of"):
            article += f"\n(part of «{r['part_of']}»)"
        for reason in r.get("flag_reasons", []):
            article += f"\n⚠ {reason}"
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


QUALIFIER_WORDS = {"more_than": "at least (hơn)", "less_than": "at most (dưới)", "about": "about (khoảng)"}


def left_out_line(t: Totals) -> str:
    """One line: how many figures the totals left out, and why."""
    parts = [f"{n} {LEFT_OUT[k]}" for k, n in t.left_out.items() if n]
    return "left out of the totals: " + ("; ".join(parts) if parts else "nothing")


def total_for_reading(r: dict[str, Any]) -> str:
    if r["unit"] == "percent":
        low = value_for_reading({"unit": "percent", "value": r["min"]})
        high = value_for_reading({"unit": "percent", "value": r["max"]})
        return f"not added: {low}" if r["min"] == r["max"] else f"not added: {low} – {high}"
    text = value_for_reading(r, "total", "total_ty_dong")
    return f"{QUALIFIER_WORDS[r['qualifier']]} {text}" if r["qualifier"] in QUALIFIER_WORDS else text


def sums_table(t: Totals):
    from rich.table import Table

    notes = [left_out_line(t)]
    if t.by == "province" and any(r["joint"] for r in t.rows):
        notes.append(
            "joint: one total for several provinces together (a cluster's, say), shown once; it is not "
            "added to, nor split among, its provinces"
        )
    table = Table(title=f"totals by {t.by} (each fact once)", caption="\n".join(notes))
    table.add_column(t.by)
    if t.by != "metric":
        table.add_column("metric")
    table.add_column("total", justify="right")
    for name in ("facts", "articles", "left out"):
        table.add_column(name, justify="right")
    table.add_column("sources", max_width=40)
    for r in t.rows:
        key = r.get(t.by)
        cells = ["(none)" if key is None else str(key)]
        if t.by != "metric":
            cells.append(r["metric"])
        left = [f"{r['parts_left_out']} part(s)" if r["parts_left_out"] else "",
                f"{r['repeats_left_out']} repeat(s)" if r["repeats_left_out"] else ""]
        cells += [
            total_for_reading(r),
            str(r["facts"]),
            str(r["articles"]),
            ", ".join(x for x in left if x) or "0",
            ", ".join(r["sources"]) if r["unit"] == "percent" or len(r["sources"]) <= 3 else
            f"{', '.join(r['sources'][:3])} … ({len(r['sources'])})",
        ]
        table.add_row(*cells)
    return table
