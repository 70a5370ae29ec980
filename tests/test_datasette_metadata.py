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


@pytest.fixture(scope="module")
def conn(tmp_path_factory):
    path = tmp_path_factory.mktemp("site") / "figures.db"
    figures_db.load(
        [
            record(
                "iv-2022",
                year=2022,
                cluster=4,
                provinces=("11", "20"),
                figures=[
                    (
                        "recovery_recommended_amount",
                        71_500_000_000,
                        "VND",
                        "71,5 tỷ đồng",
                        "Các tỉnh trong cụm kiến nghị thu hồi 71,5 tỷ đồng.",
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
        ],
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
    filled = {"metric": "recovery_recommended_amount", "year": "2022", "cluster": "IV", "province": "Điện Biên"}
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
    assert {r[0] for r in cur.fetchall()} == {"11", "20"}
    cur = conn.execute(
        FIGURES["queries"]["totals_by_year"]["sql"], {"metric": "", "cluster": "", "province": ""}
    )
    assert {"year", "total_ty_dong"} <= {d[0] for d in cur.description}
    assert cur.fetchall() == [(2022, "Tiền kiến nghị thu hồi", "VND", 71_500_000_000, 71.5, 1, 1)]


@pytest.mark.parametrize(
    ("params", "rows"),
    [
        ({"metric": "Tiền kiến nghị thu hồi"}, 2),  # a Vietnamese name, as the drop-down shows it
        ({"metric": "tien da thu hoi"}, 2),
        ({"cluster": "cum iv"}, 6),
        ({"year": "2019-2023"}, 6),
        ({"year": "2022 đến 2022"}, 6),
        ({"province": "dien bien"}, 3),
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


def test_totals_by_2025_province_merge_the_old_ones(conn):
    sql = FIGURES["queries"]["totals_by_province_2025"]["sql"]
    params = {"metric": "violation_amount", "year": "", "cluster": "", "province": ""}
    rows = conn.execute(sql, params).fetchall()
    assert [r[0] for r in rows] == ["Điện Biên", "Lạng Sơn"]  # both kept their names in 2025
    params["province"] = "Lạng Sơn"
    assert [r[0] for r in conn.execute(sql, params).fetchall()] == ["Lạng Sơn"]


def test_recovery_query_pairs_recommended_and_recovered(conn):
    cur = conn.execute(FIGURES["queries"]["recovery_vs_recovered"]["sql"], {"year": "", "province": ""})
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
