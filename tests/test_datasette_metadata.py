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
from extractor.store import inputs
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
    """A cluster's report, the same report republished elsewhere, a province's own report, a figure with no
    province, and a figure a check flags (n_101's "… toàn ngành đã tiến hành 62/39 cuộc thanh tra.")."""
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
    own = record("dien-bien", year=2022, cluster=None, provinces=("11",), figures=[
        ("recovery_recommended_amount", 5e9, "VND", "5 tỷ đồng", "Thanh tra tỉnh Điện Biên kiến nghị thu hồi 5 tỷ đồng.")])
    figures_db.load(
        [cluster_report("iv-2022", "https://a.vn/1"), cluster_report("iv-2022-repost", "https://b.vn/2"), flagged,
         nowhere, own],
        path,
    )
    with sqlite3.connect(path) as c:
        inputs.register(c)  # the SQL functions the Datasette plugin registers on every connection
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
    filled = {"metric": "recovery_recommended_amount", "year": "2022", "cluster": "IV", "province": "Điện Biên",
              "flag": "ratio_over_total"}
    if name == "figures_to_check":  # the flagged figure is Ninh Thuận's, of 2018
        filled.update(province="Ninh Thuận", year="2018")
    if name == "totals_by_year":  # with a province: its own numbers; Điện Biên's own are in no cluster's report
        filled.update(cluster="")
    results = [
        conn.execute(sql, empty).fetchall(),
        conn.execute(sql, {p: filled[p] for p in params}).fetchall(),
    ]
    if name != "cluster_figures":  # that one asks for a cluster first
        assert results[0], f"{name} finds nothing with empty boxes"
    assert results[1], f"{name} finds nothing for cluster IV, 2022"


def test_map_query_has_province_codes_and_chart_has_its_columns(conn):
    cur = conn.execute(FIGURES["queries"]["province_map"]["sql"], {"metric": "", "year": ""})
    cols = [d[0] for d in cur.description]
    assert {"code", "total_ty_dong"} <= set(cols)
    assert not {"latitude", "longitude"} & set(cols)  # no pin map needing tiles from the internet
    assert {r[0] for r in cur.fetchall()} == {"11", "20"}  # Lạng Sơn: only the joint total, counted
    cur = conn.execute(
        FIGURES["queries"]["totals_by_year"]["sql"], {"metric": "", "cluster": "", "province": ""}
    )
    assert {"year", "total_ty_dong"} <= {d[0] for d in cur.description}
    # year, metric, unit, total, tỷ, qualifier, facts, figures, articles, parts left out, repeats left out, no
    # year: the report and its republication are one fact; Điện Biên's own report another
    assert cur.fetchall() == [
        (2022, "Tiền kiến nghị thu hồi", "VND", 76_500_000_000, 76.5, "ít nhất · at least", 2, 3, 3, 0, 1, 0)]
    # one province: its own numbers, not the joint totals it is part of
    cur = conn.execute(FIGURES["queries"]["totals_by_year"]["sql"], {"metric": "", "cluster": "", "province": "11"})
    assert [r[3] for r in cur.fetchall()] == [5_000_000_000]


def query(conn, name: str, **params) -> list[dict]:
    sql = FIGURES["queries"][name]["sql"]
    values = {p: params.get(p, "") for p in set(re.findall(r":(\w+)", sql))}
    cur = conn.execute(sql, values)
    return [dict(zip([d[0] for d in cur.description], row, strict=True)) for row in cur.fetchall()]


def test_canned_totals_count_each_fact_once_and_a_joint_total_once(conn):
    rows = query(conn, "totals_by_province_year", metric="recovery_recommended_amount", year="2022")
    assert [(r["province"], r["joint"], r["total"], r["qualifier"], r["facts"], r["figures"]) for r in rows] == [
        ("Điện Biên", 0, 5_000_000_000, "chính xác · exact", 1, 1),
        ("Cụm IV — tổng chung của cụm · joint total of the cluster: Điện Biên, Lạng Sơn", 1, 71_500_000_000,
         "ít nhất · at least", 1, 2),
    ]
    assert rows[1]["repeats_left_out"] == 1 and rows[1]["articles"] == 2
    last = query(conn, "totals_by_province_year")[-1]  # and how many figures had no province
    assert (last["province"], last["total"], last["figures"]) == ("Không rõ tỉnh · no province (not added)", None, 1)
    # the map: no province gets the joint total added; it counts it
    by_name = {r["name"]: r for r in query(conn, "province_map")}
    assert {n: (r["total_ty_dong"], r["facts"], r["joint_totals"]) for n, r in by_name.items()} == {
        "Điện Biên": (5.0, 1, 1), "Lạng Sơn": (None, 0, 1)}
    [largest] = query(conn, "largest_violations")
    assert (largest["ty_dong"], largest["sources"]) == (100.0, 2)


def test_figures_to_double_check(conn):
    rows = query(conn, "figures_to_check")
    assert [(r["doc_id"], r["flag"], r["text"]) for r in rows] == [("n-101", "ratio_over_total", "62/39 cuộc thanh tra")]
    assert rows[0]["check_name"] == "Tử số lớn hơn mẫu số · A/B with A more than B"
    assert "«62/39 cuộc thanh tra»" in rows[0]["reason_vi"] and "«62/39 cuộc thanh tra»" in rows[0]["reason_en"]
    assert query(conn, "figures_to_check", flag="rate_mismatch") == []


@pytest.mark.parametrize(
    ("params", "rows"),
    [
        # rows: the cluster's joint total of each metric once, Điện Biên's own, Ninh Thuận's count, the
        # no-province line
        ({}, 6),
        ({"metric": "Tiền kiến nghị thu hồi"}, 2),  # a Vietnamese name, as the drop-down shows it
        ({"metric": "tien da thu hoi"}, 1),
        ({"cluster": "cum iv"}, 3),
        ({"year": "2019-2023"}, 5),
        ({"year": "2022 đến 2022"}, 4),
        ({"province": "dien bien"}, 4),
        ({"province": "Lạng Sơn", "metric": "violation_amount"}, 1),
        ({"metric": "abc"}, 0),
        ({"cluster": "abc"}, 0),
        ({"year": "abc"}, 0),
        ({"province": "abc"}, 0),
    ],
)
def test_canned_inputs_are_as_forgiving_as_the_cli(conn, params, rows):
    sql = FIGURES["queries"]["totals_by_province_year"]["sql"]
    full = {p: params.get(p, "") for p in ("metric", "year", "cluster", "province")}
    assert len(conn.execute(sql, full).fetchall()) == rows


def test_a_value_that_matches_nothing_gets_a_message():
    clusters = ["Cụm IV", "Cụm thi đua Thanh tra các tỉnh miền Tây Nam sông Hậu"]
    assert inputs.messages({"metric": "Tiền kiến nghị thu hồi", "cluster": "cum iv", "year": "2019-2023"}, clusters) == []
    assert inputs.messages({"cluster": "tay nam song hau", "province": "TP HCM"}, clusters) == []
    found = inputs.messages({"metric": "tien sai pham phat", "cluster": "IX", "year": "abc", "province": "abc"}, clusters)
    assert len(found) == 4
    metric, province, year, cluster = found
    assert "Tiền sai phạm phát hiện" in metric  # the closest names are suggested
    assert "“abc”" in province and "2019-2023" in year and "Cụm IV" in cluster


def test_totals_by_2025_province_merge_the_old_ones(conn, tmp_path):
    sql = FIGURES["queries"]["totals_by_province_2025"]["sql"]
    params = {"metric": "violation_amount", "year": "", "cluster": "", "province": ""}
    rows = conn.execute(sql, params).fetchall()
    # Điện Biên and Lạng Sơn kept their names in 2025: the cluster's total is still theirs jointly
    assert [r[0] for r in rows] == ["Tổng chung · joint total: Điện Biên, Lạng Sơn"]
    params["province"] = "Lạng Sơn"
    assert [r[0] for r in conn.execute(sql, params).fetchall()] == ["Tổng chung · joint total: Điện Biên, Lạng Sơn"]
    # Bắc Kạn and Thái Nguyên are one province since 2025: their joint number is Thái Nguyên's
    path = tmp_path / "f.db"
    figures_db.load([record("bk-tn", cluster=None, provinces=("06", "19"), figures=[
        ("violation_amount", 3e9, "VND", "3 tỷ đồng", "Hai tỉnh phát hiện sai phạm 3 tỷ đồng.")])], path)
    with sqlite3.connect(path) as other:
        inputs.register(other)
        got = other.execute(sql, {**params, "province": ""}).fetchall()
    assert [(r[0], r[1], r[6], r[8]) for r in got] == [("Thái Nguyên", 0, 3_000_000_000, "chính xác · exact")]


def test_recovery_query_pairs_recommended_and_recovered(conn):
    cur = conn.execute(FIGURES["queries"]["recovery_vs_recovered"]["sql"], {"year": "", "province": ""})
    rows = [dict(zip([d[0] for d in cur.description], r, strict=True)) for r in cur.fetchall()]
    row = next(r for r in rows if r["doc_id"] == "iv-2022")
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


def _render(plugin, row, value, column, table="figures"):
    return plugin.render_cell(row=row, value=value, column=column, table=table, database="figures", datasette=None)


def test_plugin_marks_the_figure_and_escapes_the_rest():
    plugin = _plugin()
    row = {"text": "5 tỷ đồng", "sentence": "<b>thu hồi</b> 5 tỷ đồng"}
    html = str(_render(plugin, row, row["sentence"], "sentence"))
    assert html == "&lt;b&gt;thu hồi&lt;/b&gt; <mark>5 tỷ đồng</mark>"
    assert _render(plugin, {"x": 1}, "a sentence", "sentence") is None
    assert _render(plugin, {}, '["Sơn La", "Điện Biên"]', "provinces") == "Sơn La, Điện Biên"


def test_plugin_marks_the_figure_at_its_own_place_not_the_first_substring():
    plugin = _plugin()
    sentence = "Tiếp 28 lượt công dân, trong đó 8 lượt đông người."
    at = sentence.index(" 8 lượt") + 1
    row = {"text": "8 lượt", "sentence": sentence, "mark_start": at, "mark_end": at + 6}
    assert "trong đó <mark>8 lượt</mark> đông" in str(_render(plugin, row, sentence, "sentence"))
    # without stored offsets it still never marks a piece of a longer number
    row = {"text": "8 lượt", "sentence": sentence}
    assert "Tiếp 28 lượt" in str(_render(plugin, row, sentence, "sentence"))
    assert "<mark>8 lượt</mark> đông" in str(_render(plugin, row, sentence, "sentence"))


def test_plugin_writes_money_the_vietnamese_way():
    plugin = _plugin()
    assert _render(plugin, {"unit": "VND"}, 160.596, "ty_dong") == "160,596 tỷ đồng"
    assert _render(plugin, {"unit": "VND"}, 160_596_000_000, "value") == "160.596.000.000"
    assert _render(plugin, {"unit": "percent"}, 89.72, "value") == "89,72"
    assert _render(plugin, {}, 2022, "year") is None  # a year is not a number to group


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
