"""The reference table of codes (patterns/labels.jsonl): complete, in the database, and used to read a
reader's metric by its Vietnamese name."""

from __future__ import annotations

import sqlite3

import pytest

from extractor.store import db as figures_db
from extractor.store import labels
from extractor.store.query import QueryError, resolve_metrics
from tests.db_records import record


@pytest.mark.parametrize("kind", sorted(labels.KINDS))
def test_every_code_of_the_contract_has_names_and_a_description(kind):
    _, codes = labels.KINDS[kind]
    rows = labels.labels()[kind]
    assert set(rows) == set(codes), f"{kind}: labels.jsonl and vocab.py disagree"
    for code, row in rows.items():
        assert row["vi"] and row["en"] and row["description_vi"] and row["description_en"], code
        assert "\n" not in row["description_vi"] + row["description_en"]
    names = [row["vi"] for row in rows.values()]
    assert len(set(names)) == len(names), f"{kind}: two codes share a Vietnamese name"


def test_metric_units_agree_with_the_contract():
    from extractor.vocab import METRIC_UNIT

    for code, row in labels.labels()["metric"].items():
        assert row["unit"] == METRIC_UNIT[code], code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("recovery_recommended_amount", "recovery_recommended_amount"),
        ("Tiền kiến nghị thu hồi", "recovery_recommended_amount"),
        ("tien kien nghi thu hoi", "recovery_recommended_amount"),
        ("  TIỀN SAI PHẠM PHÁT HIỆN ", "violation_amount"),
        ("Amount recovered", "recovered_amount"),
        ("recovered amount", "recovered_amount"),
        ("abc", None),
        ("", None),
    ],
)
def test_metric_code(text, code):
    assert labels.metric_code(text) == code


def test_cli_metric_filter_takes_vietnamese_names_and_suggests_on_a_miss():
    assert resolve_metrics(["Lượt tiếp công dân"]) == ["citizen_receptions"]
    with pytest.raises(QueryError, match="unknown metric"):
        resolve_metrics(["tiền bạc"])
    assert "Tiền sai phạm phát hiện" in labels.metric_suggestions("tien sai pham")


def test_reference_tables_and_foreign_keys_in_the_database(tmp_path):
    path = tmp_path / "f.db"
    figures_db.load(
        [record("a", figures=[("violation_amount", 5_000_000_000, "VND", "5 tỷ đồng", "Phát hiện 5 tỷ đồng.")])],
        path,
    )
    with sqlite3.connect(path) as conn:
        name = conn.execute(
            "SELECT m.name_vi FROM figures f JOIN metrics m ON m.code = f.metric"
        ).fetchone()[0]
        assert name == "Tiền sai phạm phát hiện"
        fks = {(r[3], r[2]) for r in conn.execute("PRAGMA foreign_key_list(figures)")}
        assert {("metric", "metrics"), ("qualifier", "qualifiers"), ("unit", "units")} <= fks
        kinds = dict(conn.execute("SELECT kind, count(*) FROM glossary GROUP BY kind").fetchall())
        assert kinds == {"metric": 29, "event_type": 5, "qualifier": 4, "unit": 4}
