"""`extractor query`: filters, totals, output formats, and hostile text that must stay data."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from extractor.commands import query as query_command
from extractor.store import db as figures_db
from extractor.store import query as q
from tests.db_records import record

DIEN_BIEN, LANG_SON, SON_LA, HA_TINH, CA_MAU, HAU_GIANG, HA_NOI = "11", "20", "14", "42", "96", "93", "01"
RR = "recovery_recommended_amount"
NASTY = 'Ông A nói: "thu hồi 5 tỷ đồng\'); DROP TABLE figures; --" – thật sự.'


def journalist_records():
    return [
        record(
            "iv-2022",
            year=2022,
            cluster=4,
            provinces=(DIEN_BIEN, LANG_SON, SON_LA),
            figures=[
                (
                    RR,
                    71_500_000_000,
                    "VND",
                    "hơn 71,5 tỷ đồng",
                    "Các tỉnh trong cụm kiến nghị thu hồi hơn 71,5 tỷ đồng.",
                    {"qualifier": "more_than"},
                ),
                (
                    RR,
                    5_000_000_000,
                    "VND",
                    "5 tỷ đồng",
                    "Thanh tra tỉnh Điện Biên kiến nghị thu hồi 5 tỷ đồng.",
                ),
                (
                    RR,
                    2_000_000_000,
                    "VND",
                    "2 tỷ đồng",
                    "Thanh tra tỉnh Lạng Sơn kiến nghị thu hồi 2 tỷ đồng.",
                ),
                (
                    RR,
                    5_000_000_000,
                    "VND",
                    "5 tỷ đồng",
                    "Riêng Điện Biên, số kiến nghị thu hồi 5 tỷ đồng đã nộp.",
                ),
                (
                    "inspections",
                    120,
                    "count",
                    "120 cuộc",
                    "Năm 2022 các tỉnh trong cụm đã triển khai 120 cuộc.",
                ),
            ],
        ),
        record(
            "iv-2021",
            year=2021,
            cluster=4,
            provinces=(DIEN_BIEN, LANG_SON),
            figures=[
                (
                    RR,
                    3_000_000_000,
                    "VND",
                    "3 tỷ đồng",
                    "Thanh tra tỉnh Điện Biên kiến nghị thu hồi 3 tỷ đồng.",
                ),
            ],
        ),
        record(
            "ha-tinh",
            year=2022,
            cluster=None,
            provinces=(HA_TINH,),
            figures=[
                (
                    RR,
                    239_000_000,
                    "VND",
                    "239 triệu đồng",
                    "Trong tháng 5/2022, toàn ngành Thanh tra Hà Tĩnh kiến nghị thu hồi 239 triệu đồng.",
                ),
                (
                    "violation_amount",
                    500_000_000,
                    "VND",
                    "500 triệu đồng",
                    "Tổng số tiền sai phạm 500 triệu đồng.",
                ),
            ],
        ),
        record(
            "song-hau",
            year=2023,
            cluster=None,
            provinces=(CA_MAU, HAU_GIANG),
            cluster_name="Cụm thi đua Thanh tra các tỉnh miền Tây Nam sông Hậu",
            figures=[
                (
                    "recovered_amount",
                    42_168_000_000,
                    "VND",
                    "42.168 triệu đồng",
                    "Các tỉnh đã thu hồi 42.168 triệu đồng.",
                ),
            ],
        ),
        record(
            "nasty",
            year=2020,
            cluster=None,
            provinces=(HA_NOI,),
            figures=[
                ("other", 5_000_000_000, "VND", "5 tỷ đồng", NASTY),
            ],
        ),
    ]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("query") / "figures.db"
    figures_db.load(journalist_records(), path)
    return path


def ids(rows) -> list[str]:
    return [r["id"] for r in rows]


def cli(db: Path, *argv: str, capsys) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    query_command.add_parser(parser.add_subparsers())
    args = parser.parse_args(["query", "--db", str(db), *argv])
    code = args.run(args)
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------- the journalist's question


def test_cluster_iv_recovery_recommended_in_2022_province_by_province(db):
    """The README's question: each province's own figures, and the cluster's joint total once, marked."""
    t = q.totals(db, q.Filters(metrics=[RR], clusters=["IV"], years="2022"), "province")
    got = [(r["province"], r["joint"], r["total"], r["qualifier"], r["facts"], r["figures"]) for r in t.rows]
    assert got == [
        ("Điện Biên", 0, 5_000_000_000, "exact", 1, 2),  # its 5 tỷ, said twice, counted once
        ("Lạng Sơn", 0, 2_000_000_000, "exact", 1, 1),
        ("Cụm IV, joint total of the cluster: Điện Biên + Lạng Sơn + Sơn La", 1, 71_500_000_000, "more_than", 1, 1),
    ]
    assert t.left_out["repeat"] == 1 and t.rows[0]["repeats_left_out"] == 1
    with_repeats = q.sum_figures(
        db, q.Filters(metrics=[RR], clusters=["4"], years="2022", include_repeats=True), "province"
    )
    assert {r["province"]: r["total"] for r in with_repeats}["Điện Biên"] == 10_000_000_000


def test_each_figure_comes_with_its_sentence_and_article(db):
    rows = q.find_figures(
        db, q.Filters(metrics=[RR], clusters=["Cụm IV"], years="2022", provinces=["Dien Bien"])
    )
    assert ids(rows) == ["iv-2022/000", "iv-2022/001", "iv-2022/003"]
    assert all(r["text"] in r["sentence"] and r["doc_id"] == "iv-2022" for r in rows)
    assert rows[1]["provinces"] == ["Điện Biên"] and rows[0]["provinces"] == [
        "Điện Biên",
        "Lạng Sơn",
        "Sơn La",
    ]
    assert rows[2]["repeat_of"] == "iv-2022/001"


# ---------------------------------------------------------------- filters


@pytest.mark.parametrize("spelling", ["Điện Biên", "dien bien", "DIEN BIEN", "11", "Tỉnh Điện Biên"])
def test_province_in_any_spelling_or_code(db, spelling):
    assert set(ids(q.find_figures(db, q.Filters(provinces=[spelling])))) == {
        "iv-2022/000",
        "iv-2022/001",
        "iv-2022/003",
        "iv-2022/004",
        "iv-2021/000",
    }


def test_province_by_2025_name(db):
    # Since 2025 Hà Tĩnh is itself; Cà Mau absorbed Bạc Liêu; "Cà Mau" as a 2025 province covers both.
    assert ids(q.find_figures(db, q.Filters(provinces=["Ha Tinh"], as_2025=True))) == [
        "ha-tinh/000",
        "ha-tinh/001",
    ]
    assert ids(q.find_figures(db, q.Filters(provinces=["Cà Mau"], as_2025=True))) == ["song-hau/000"]


def test_unknown_province_is_an_error_not_an_empty_answer(db):
    with pytest.raises(q.QueryError, match="unknown province"):
        q.find_figures(db, q.Filters(provinces=["Atlantis"]))


@pytest.mark.parametrize("ref", ["IV", "iv", "4", "Cụm IV", "cụm thi đua số 4", "Cum IV"])
def test_cluster_by_number_in_any_form(db, ref):
    assert {r["doc_id"] for r in q.find_figures(db, q.Filters(clusters=[ref]))} == {"iv-2022", "iv-2021"}


def test_cluster_by_words_of_its_name(db):
    assert ids(q.find_figures(db, q.Filters(clusters=["Tây Nam sông Hậu"]))) == ["song-hau/000"]
    assert ids(q.find_figures(db, q.Filters(clusters=["tay nam song hau"]))) == ["song-hau/000"]
    assert q.find_figures(db, q.Filters(clusters=["V"])) == []


def test_year_and_range(db):
    assert {r["year"] for r in q.find_figures(db, q.Filters(years="2022"))} == {2022}
    assert {r["year"] for r in q.find_figures(db, q.Filters(years="2021-2023"))} == {2021, 2022, 2023}
    assert {r["year"] for r in q.find_figures(db, q.Filters(years="2023-2021"))} == {2021, 2022, 2023}
    with pytest.raises(q.QueryError):
        q.find_figures(db, q.Filters(years="last year"))


def test_metric_names_are_checked(db):
    assert {
        r["metric"] for r in q.find_figures(db, q.Filters(metrics=["violation_amount", "recovered-amount"]))
    } == {"violation_amount", "recovered_amount"}
    with pytest.raises(q.QueryError, match="did you mean recovered_amount"):
        q.find_figures(db, q.Filters(metrics=["recoverd_amount"]))


def test_text_search_with_and_without_accents(db):
    assert ids(q.find_figures(db, q.Filters(search="thu hoi 239"))) == ["ha-tinh/000"]
    assert ids(q.find_figures(db, q.Filters(search="thu hồi 239", exact_accents=True))) == ["ha-tinh/000"]
    assert q.find_figures(db, q.Filters(search="thu hoi 239", exact_accents=True)) == []
    assert ids(q.find_figures(db, q.Filters(search="42.168"))) == ["song-hau/000"]


def test_filters_combine(db):
    rows = q.find_figures(db, q.Filters(metrics=[RR], years="2022", search="thanh tra tinh"))
    assert ids(rows) == ["ha-tinh/000", "iv-2022/001", "iv-2022/002"]


# ---------------------------------------------------------------- totals


def test_sum_by_year_cluster_and_metric(db):
    by_year = {r["year"]: r["total"] for r in q.sum_figures(db, q.Filters(metrics=[RR]), "year")}
    assert by_year == {
        2021: 3_000_000_000,
        # Điện Biên's 5 tỷ and Lạng Sơn's 2 tỷ are within the cluster's joint 71,5 tỷ of the same article
        2022: 71_500_000_000 + 239_000_000,
    }
    t = q.totals(db, q.Filters(metrics=[RR]), "cluster")
    assert {r["cluster"]: (r["total"], r["articles"]) for r in t.rows} == {"Cụm IV": (74_500_000_000, 2)}
    assert t.rows[0]["parts_left_out"] == 3  # Điện Biên's 5 tỷ (said twice) and Lạng Sơn's 2 tỷ
    assert t.left_out["no_cluster"] == 1  # Hà Tĩnh's 239 triệu: not about a cluster, and said so
    by_metric = {
        (r["metric"], r["unit"]): (r["facts"], r["figures"])
        for r in q.sum_figures(db, q.Filters(clusters=["IV"]), "metric")
    }
    assert by_metric == {(RR, "VND"): (1 + 1, 1 + 1), ("inspections", "count"): (1, 1)}


def test_units_and_metrics_are_never_added_together(db):
    rows = q.sum_figures(db, q.Filters(years="2022", clusters=["IV"]), "year")
    assert {(r["metric"], r["unit"], r["total"]) for r in rows} == {
        (RR, "VND", 71_500_000_000), ("inspections", "count", 120)}
    assert [r["total_ty_dong"] for r in rows if r["unit"] == "count"] == [None]
    rows = q.sum_figures(db, q.Filters(years="2022"), "year")  # no --metric: by metric and unit
    assert {(r["metric"], r["unit"]) for r in rows} == {
        (RR, "VND"), ("inspections", "count"), ("violation_amount", "VND")}


def test_sum_by_province_leaves_out_figures_without_province_and_says_so(tmp_path):
    path = tmp_path / "f.db"
    figures_db.load(
        [
            record(
                "nowhere",
                cluster=None,
                provinces=(),
                figures=[(RR, 1_000_000, "VND", "1 triệu đồng", "Kiến nghị thu hồi 1 triệu đồng.")],
            )
        ],
        path,
    )
    t = q.totals(path, q.Filters(), "province")
    assert t.rows == [] and t.left_out["no_province"] == 1
    assert "1 figure(s) without a province" in q.left_out_line(t)


# ---------------------------------------------------------------- hostile text

HOSTILE = [
    "'; DROP TABLE figures; --",
    '" OR 1=1 --',
    "x' OR '1'='1",
    "1; DELETE FROM figures",
    "--",
    ";",
    'đồng"); --',
    "NEAR(thu hoi)",
    "{sentence} : dong",
    "thu*",
]


class RecordingConnection:
    """Wraps the query connection to see every SQL text sent to SQLite."""

    def __init__(self, conn, seen):
        self.conn, self.seen = conn, seen

    def close(self):
        self.conn.close()

    def execute(self, sql, params=()):
        self.seen.append(sql)
        return self.conn.execute(sql, params)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_never_becomes_sql(db, text, monkeypatch):
    seen: list[str] = []
    real = q.connect
    monkeypatch.setattr(q, "connect", lambda path: RecordingConnection(real(path), seen))
    attempts = [
        q.Filters(search=text),
        q.Filters(article_search=text),
        q.Filters(clusters=[text]),
        q.Filters(search=text, exact_accents=True),
        q.Filters(provinces=[text]),
        q.Filters(metrics=[text]),
        q.Filters(years=text),
    ]
    for filters in attempts:
        for call in (
            lambda f=filters: q.find_figures(db, f),
            lambda f=filters: q.sum_figures(db, f, "province"),
        ):
            try:
                call()
            except q.QueryError:
                pass  # a clear "cannot answer", never an SQL error
    assert seen, "no query ran at all"
    for sql in seen:
        assert text not in sql
        assert "DROP" not in sql and "DELETE" not in sql
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM figures").fetchone()[0] == 10


def test_hostile_sentence_is_found_and_returned_verbatim(db):
    rows = q.find_figures(db, q.Filters(search="'); DROP TABLE figures; --"))
    assert [r["sentence"] for r in rows] == [NASTY]
    rows = q.find_figures(db, q.Filters(search="\"thu hồi 5 tỷ đồng'); DROP"))
    assert [r["id"] for r in rows] == ["nasty/000"]


# ---------------------------------------------------------------- the command line


def test_cli_csv(db, capsys):
    code, out, _ = cli(
        db,
        "--metric",
        RR,
        "--cluster",
        "IV",
        "--year",
        "2022",
        "--sum-by",
        "province",
        "--format",
        "csv",
        capsys=capsys,
    )
    assert code == 0
    table = list(csv.DictReader(io.StringIO(out)))
    assert [(r["province_codes"], r["joint"], r["total"], r["total_ty_dong"], r["qualifier"]) for r in table] == [
        ("11", "0", "5000000000", "5.0", "exact"),
        ("20", "0", "2000000000", "2.0", "exact"),
        ("11; 14; 20", "1", "71500000000", "71.5", "more_than"),
    ]


def test_cli_json_figures_carry_sentence_and_span(db, capsys):
    code, out, _ = cli(db, "--search", "Ha Tinh", "--format", "json", capsys=capsys)
    assert code == 0
    rows = json.loads(out)
    assert [r["id"] for r in rows] == ["ha-tinh/000"]
    r = rows[0]
    assert r["sentence"][r["span_start"] : r["span_end"]] == r["text"] == "239 triệu đồng"
    assert (r["value"], r["ty_dong"], r["unit"]) == (239_000_000, 0.239, "VND")


def test_cli_table_shows_the_sentence_and_vietnamese_numbers(db, capsys):
    code, out, _ = cli(db, "--search", "239", capsys=capsys)
    assert code == 0
    assert "239.000.000 đồng" in out and "(0,239 tỷ)" in out and "ha-tinh" in out
    assert "toàn ngành" in out  # part of the sentence


def test_cli_errors_are_one_line_with_exit_code_2(db, capsys):
    code, _, err = cli(db, "--metric", "nope", capsys=capsys)
    assert code == 2 and err.startswith("extractor query: unknown metric")
    code, _, err = cli(db, "--search=--;", capsys=capsys)
    assert code == 2 and "nothing to search" in err
    code, _, err = cli(db.parent / "missing.db", capsys=capsys)
    assert code == 2 and "no database" in err


def test_vietnamese_number_formatting():
    assert q.vn_number(160_596_000_000) == "160.596.000.000"
    assert q.vn_number(160.596, 3) == "160,596"
    assert (
        q.value_for_reading({"unit": "VND", "value": 5_600_000_000, "ty_dong": 5.6})
        == "5.600.000.000 đồng (5,6 tỷ)"
    )
    assert q.value_for_reading({"unit": "percent", "value": 89.72}) == "89,72 %"
