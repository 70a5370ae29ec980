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
    filled = {"metric": "recovery_recommended_amount", "year": "2022", "cluster": "IV"}
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
    assert cur.fetchall() == [(2022, "VND", 71_500_000_000, 71.5, 1, 1)]


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
