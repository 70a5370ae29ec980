"""The Datasette site's configuration agrees with the database schema: every table, facet, search index and
canned query it names exists and runs; the display plugin marks the figure in its sentence."""

from __future__ import annotations

import importlib.util
import re
import sqlite3
from pathlib import Path

import pytest
import yaml

from extractor.store import db as figures_db
from tests.db_records import record

ROOT = Path(__file__).resolve().parent.parent
METADATA = yaml.safe_load((ROOT / "datasette" / "metadata.yml").read_text(encoding="utf-8"))
FIGURES = METADATA["databases"]["figures"]


def cluster_report(doc_id: str, url: str):
    return record(
                doc_id,
                url=url,
                year=2022,
                cluster=4,
                provinces=("11", "20"),
                figures=[
                    (
                        "recovery_recommended_amount",
                        71_500_000_000,
                        "VND",
                        "hơn 71,5 tỷ đồng",
                        "Các tỉnh trong cụm kiến nghị thu hồi hơn 71,5 tỷ đồng.",
                        {"qualifier": "more_than"},
                    ),
                    ("recovered_amount", 64_200_000_000, "VND", "64,2 tỷ", "Đã thu hồi 64,2 tỷ đồng."),
                    (
                        "violation_amount",
                        100_000_000_000,
                        "VND",
                        "100 tỷ đồng",
                        "Phát hiện sai phạm 100 tỷ đồng.",
                    ),
                ],
            )


@pytest.fixture(scope="module")
def conn(tmp_path_factory):
    """A cluster's report, the same report republished elsewhere, and a figure a check flags (n_101's
    "… toàn ngành đã tiến hành 62/39 cuộc thanh tra.")."""
    path = tmp_path_factory.mktemp("site") / "figures.db"
    flagged = record(
        "n-101",
        year=2018,
        cluster=None,
        provinces=("58",),
        figures=[
            (
                "inspections",
                62,
                "count",
                "62/39 cuộc thanh tra",
                "Đối với thanh tra hành chính, năm 2018, toàn ngành đã tiến hành 62/39 cuộc thanh tra.",
                {"total": 39},
            )
        ],
    )
    nowhere = record("nowhere", year=2019, cluster=None, provinces=(),
                     figures=[("inspections", 5, "count", "5 cuộc", "Đã tiến hành 5 cuộc thanh tra.")])
    figures_db.load(
        [cluster_report("iv-2022", "https://a.vn/1"), cluster_report("iv-2022-repost", "https://b.vn/2"), flagged,
         nowhere],
        path,
    )
    with sqlite3.connect(path) as c:
        yield c


def columns(conn, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info([{table}])")}


def test_tables_facets_and_search_indexes_exist(conn):
    for table, meta in FIGURES["tables"].items():
        have = columns(conn, table)
        assert have, f"metadata names a table the database lacks: {table}"
        for facet in meta.get("facets", []):
            name = facet["array"] if isinstance(facet, dict) else facet
            assert name in have, f"{table}: facet on missing column {name}"
        for name in meta.get("columns", {}):
            assert name in have, f"{table}: description of missing column {name}"
        if "label_column" in meta:
            assert meta["label_column"] in have
        if "fts_table" in meta:
            conn.execute(f"SELECT rowid FROM [{meta['fts_table']}] LIMIT 1")


@pytest.mark.parametrize("name", sorted(FIGURES["queries"]))
def test_canned_query_runs_empty_and_filled(conn, name):
    sql = FIGURES["queries"][name]["sql"]
    params = set(re.findall(r":(\w+)", sql))
    empty = {p: "" for p in params}
    filled = {"metric": "recovery_recommended_amount", "year": "2022", "cluster": "IV", "flag": "ratio_over_total"}
    results = [
        conn.execute(sql, empty).fetchall(),
        conn.execute(sql, {p: filled[p] for p in params}).fetchall(),
    ]
    if name != "cluster_figures":  # that one asks for a cluster first
        assert results[0], f"{name} finds nothing with empty boxes"
    assert results[1], f"{name} finds nothing for cluster IV, 2022"


def test_map_query_has_coordinates_and_chart_has_its_columns(conn):
    cur = conn.execute(FIGURES["queries"]["province_map"]["sql"], {"metric": "", "year": ""})
    assert {"latitude", "longitude"} <= {d[0] for d in cur.description}
    cur = conn.execute(FIGURES["queries"]["totals_by_year"]["sql"], {"metric": "", "cluster": ""})
    assert {"year", "total_ty_dong"} <= {d[0] for d in cur.description}
    # year, unit, total, tỷ, facts, figures, parts left out, repeats left out, no year: the report and its
    # republication are one fact
    assert cur.fetchall() == [(2022, "VND", 71_500_000_000, 71.5, 1, 2, 0, 1, 0)]


def query(conn, name: str, **params) -> list[dict]:
    sql = FIGURES["queries"][name]["sql"]
    values = {p: params.get(p, "") for p in set(re.findall(r":(\w+)", sql))}
    cur = conn.execute(sql, values)
    return [dict(zip([d[0] for d in cur.description], row, strict=True)) for row in cur.fetchall()]


def test_canned_totals_count_each_fact_once_and_a_joint_total_once(conn):
    rows = query(conn, "totals_by_province_year", metric="recovery_recommended_amount", year="2022", cluster="IV")
    assert [(r["province"], r["joint"], r["total"], r["qualifier"], r["facts"], r["figures"]) for r in rows] == [
        ("Cụm IV — tổng chung của cụm · joint total of the cluster: Điện Biên, Lạng Sơn", 1, 71_500_000_000,
         "ít nhất · at least", 1, 2)
    ]
    assert rows[0]["repeats_left_out"] == 1 and rows[0]["articles"] == 2
    last = query(conn, "totals_by_province_year")[-1]  # and how many figures had no province
    assert (last["province"], last["total"], last["figures"]) == ("Không rõ tỉnh · no province (not added)", None, 1)
    # the map: no province gets the joint total added; it counts it
    by_name = {r["name"]: r for r in query(conn, "province_map")}
    assert set(by_name) == {"Điện Biên", "Lạng Sơn"}
    assert all((r["total_ty_dong"], r["joint_totals"]) == (None, 1) for r in by_name.values())
    [largest] = query(conn, "largest_violations")
    assert (largest["ty_dong"], largest["sources"]) == (100.0, 2)


def test_figures_to_double_check(conn):
    rows = query(conn, "figures_to_check")
    assert [(r["doc_id"], r["flag"], r["text"]) for r in rows] == [("n-101", "ratio_over_total", "62/39 cuộc thanh tra")]
    assert rows[0]["check_name"] == "Tử số lớn hơn mẫu số · A/B with A more than B"
    assert "«62/39 cuộc thanh tra»" in rows[0]["reason_vi"] and "«62/39 cuộc thanh tra»" in rows[0]["reason_en"]
    assert query(conn, "figures_to_check", flag="rate_mismatch") == []


def test_recovery_query_pairs_recommended_and_recovered(conn):
    cur = conn.execute(FIGURES["queries"]["recovery_vs_recovered"]["sql"], {"year": ""})
    row = dict(zip([d[0] for d in cur.description], cur.fetchone(), strict=True))
    assert (row["recommended_ty_dong"], row["recovered_ty_dong"], row["recovered_percent"]) == (
        71.5,
        64.2,
        89.8,
    )


def _plugin():
    spec = importlib.util.spec_from_file_location(
        "figure_highlight", ROOT / "datasette/plugins/figure_highlight.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_plugin_marks_the_figure_and_escapes_the_rest():
    plugin = _plugin()
    row = {"text": "5 tỷ đồng", "sentence": "<b>thu hồi</b> 5 tỷ đồng"}
    html = str(plugin.render_cell(row=row, value=row["sentence"], column="sentence"))
    assert html == "&lt;b&gt;thu hồi&lt;/b&gt; <mark>5 tỷ đồng</mark>"
    assert plugin.render_cell(row={"x": 1}, value="a sentence", column="sentence") is None
    assert (
        plugin.render_cell(row={}, value='["Sơn La", "Điện Biên"]', column="provinces") == "Sơn La, Điện Biên"
    )


def _guard():
    spec = importlib.util.spec_from_file_location("database_guard", ROOT / "datasette/plugins/database_guard.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("fmt", "args"),
    [("%d %s %5.2f %%", (3, "ab", 3.14159)), ("%*d|%-5s|", (4, 7, "a")), ("%.*c", (30, "x")), ("%s", ()),
     ("%q", ("it's",)), ("%,d", (1234567,)), ("%!.3g", (2.5,))],
)
def test_the_guarded_printf_is_sqlites(fmt, args):
    guard = _guard()
    plain = sqlite3.connect(":memory:")
    marks = ", ".join("?" * (1 + len(args)))
    assert guard.checked_printf(fmt, *args) == plain.execute(f"SELECT printf({marks})", (fmt, *args)).fetchone()[0]


def test_the_guard_refuses_what_leaks_or_swells():
    guard = _guard()
    conn = sqlite3.connect(":memory:")
    guard.limit_connection(conn)
    conn.set_authorizer(guard.authorize)
    assert conn.execute("select printf('%.*c', 900000000, 'x')").fetchone() == (None,)  # at once, not in 3 s
    assert conn.execute("select format('%900000000d', 1)").fetchone() == (None,)
    for sql in ("select length(zeroblob(900000000))", "select * from pragma_database_list",
                "select fts3_tokenizer('simple')", "attach database ':memory:' as other"):
        with pytest.raises(sqlite3.DatabaseError):
            conn.execute(sql).fetchall()
    assert conn.execute("select count(*) from pragma_table_info('sqlite_master')").fetchone() == (5,)
