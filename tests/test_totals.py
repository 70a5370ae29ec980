"""Totals you can trust (issue 10): each fact counted once, parts left out where their whole is counted,
percentages never added, qualifiers kept, what was left out said; consistency flags that fire on the
sentences that should raise them and stay quiet on the others. Records are the gold's (real corpus
articles, labelled by hand: spans and sentences found in the article) or built from real corpus sentences."""

from __future__ import annotations

import argparse
import json
import sqlite3
from pathlib import Path

import pytest

from extractor.commands import query as query_command
from extractor.store import checks
from extractor.store import db as figures_db
from extractor.store import query as q
from extractor.store import rows as dbrows
from tests.db_records import gold_record, gold_records, record

RR, REC, VIOL = "recovery_recommended_amount", "recovered_amount", "violation_amount"


def load(tmp_path: Path, records: list, name: str = "f.db") -> Path:
    path = tmp_path / name
    figures_db.load(records, path, prune=True)
    return path


def rows(db: Path, sql: str, params=()) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def by_metric(db: Path, **filters) -> dict[str, dict]:
    return {r["metric"]: r for r in q.sum_figures(db, q.Filters(**filters), "metric")}


# ---------------------------------------------------------------- a total and its parts


def test_a_total_with_its_parts_sums_to_the_total(tmp_path):
    # art_032: "Số tiền xử phạt vi phạm hành chính là hơn 2,5 tỷ đồng (tổ chức hơn 1,6 tỷ đồng và cá nhân
    # 889,75 triệu đồng)." — and "tiếp 327 lượt …" split by sector in art_023.
    db = load(tmp_path, [gold_record("art_032"), gold_record("art_023")])
    t = q.totals(db, q.Filters(metrics=["admin_penalty_amount", "citizen_receptions"]), "metric")
    got = {r["metric"]: (r["total"], r["qualifier"], r["facts"], r["parts_left_out"]) for r in t.rows}
    assert got == {
        "admin_penalty_amount": (2_500_000_000, "more_than", 1, 2),  # not 4,99 tỷ
        "citizen_receptions": (327, "exact", 1, 6),  # not 654 (182, 14, 1, 28, 8 and 94 are its parts)
    }
    assert t.left_out["part"] == 8


def test_a_part_counts_where_its_whole_is_not_in_the_total(tmp_path):
    # art_032: "… thực hiện 45 cuộc thanh tra, gồm 44 cuộc theo kế hoạch và 1 số cuộc thanh tra đột xuất":
    # the parts have metrics of their own, so totals of those metrics count them.
    db = load(tmp_path, [gold_record("art_032")])
    planned = by_metric(db, metrics=["inspections_planned", "inspections"])
    assert planned["inspections_planned"]["total"] == 44 and planned["inspections_planned"]["parts_left_out"] == 0
    assert planned["inspections"]["total"] == 45 + 220  # and "220 cuộc thanh tra, kiểm tra chuyên ngành"


def test_no_whole_and_its_part_are_ever_added_together_in_the_gold_set(tmp_path):
    """Every article and metric of the gold set where a figure breaks down another of its metric: the
    article's total is that of its figures that are no part (each value once), never whole + parts."""
    checked = 0
    for rec in gold_records():
        figures = rec.figures
        wholes = {i: checks.whole_index(figures, i) for i in range(len(figures))}
        pairs = {}
        for metric in sorted({f.metric for f in figures}):
            mine = [i for i, f in enumerate(figures) if f.metric == metric and f.unit != "percent"]
            parts = {i for i in mine if wholes[i] is not None and figures[wholes[i]].metric == metric}
            for unit in sorted({figures[i].unit for i in parts}):
                same = [i for i in mine if figures[i].unit == unit]
                # A value is left out when it is a part of a whole of another value ("có 16 công trình" as
                # a part of "16 công trình xây dựng" is that number said again, and counts as it).
                left = {figures[i].value for i in parts if figures[i].unit == unit
                        and figures[wholes[i]].value != figures[i].value}
                pairs[(metric, unit)] = sum({figures[i].value for i in same} - left)
        if not pairs:
            continue
        db = load(tmp_path, [rec], name=f"{rec.doc_id}.db")
        got = {(r["metric"], r["unit"]): r["total"]
               for r in q.sum_figures(db, q.Filters(metrics=sorted({m for m, _ in pairs})), "metric")}
        assert {k: got[k] for k in pairs} == pytest.approx(pairs), rec.doc_id
        checked += len(pairs)
    assert checked >= 10, f"only {checked} article/metric pairs with parts in the gold set"


# ---------------------------------------------------------------- percentages


def test_a_percentage_is_never_summed(tmp_path):
    # n_060: "… đã giải quyết 31/35 vụ khiếu nại, đạt 88,5%." and "… giải quyết 5/5 vụ, đạt 100%."
    db = load(tmp_path, [gold_record("n_060")])
    t = q.totals(db, q.Filters(metrics=["complaint_resolution_rate"]), "metric")
    [row] = t.rows
    assert (row["total"], row["min"], row["max"], row["facts"]) == (None, 88.5, 100, 2)
    assert row["sources"] == ["n_060"] and t.left_out["percentage"] == 2
    assert "never added" in q.left_out_line(t)
    assert "not added: 88,5 % – 100 %" in q.total_for_reading(row)


def test_sum_by_without_a_metric_groups_by_metric_and_unit(tmp_path):
    db = load(tmp_path, [gold_record("002_98235f30ad968d9c")])
    t = q.totals(db, q.Filters(), "year")
    keys = [(r["year"], r["metric"], r["unit"]) for r in t.rows]
    assert len(keys) == len(set(keys))
    money = {r["metric"]: r["total"] for r in t.rows if r["unit"] == "VND"}
    assert money[VIOL] == 100_000_000_000 and money[RR] == 71_500_000_000 and money[REC] == 64_200_000_000
    assert all(r["total"] is None for r in t.rows if r["unit"] == "percent")


# ---------------------------------------------------------------- the same fact in several articles


def repost(rec, doc_id: str, url: str, published: str):
    """The same report republished by another outlet: same text, other id, url and date."""
    copy = rec.model_copy(deep=True)
    copy.doc_id, copy.source.url, copy.source.published = doc_id, url, published
    return copy


def test_a_fact_in_two_articles_counts_once_and_lists_both(tmp_path):
    original = gold_record("art_034")
    db = load(tmp_path, [original, repost(original, "repost", "https://example.vn/repost", "2026-02-05T08:00")])
    alone = load(tmp_path, [original], name="alone.db")
    both, one = by_metric(db), by_metric(alone)
    assert {m: r["total"] for m, r in both.items()} == {m: r["total"] for m, r in one.items()}
    assert {r["articles"] for r in both.values()} == {2}
    assert both[RR]["sources"] == ["art_034", "repost"] and both[RR]["repeats_left_out"] >= 1
    # the database: a facts table with its source figures and articles; each figure says which fact it is
    [(fact_id, sources, doc_ids, figure_ids)] = rows(
        db, "SELECT id, sources, doc_ids, figure_ids FROM facts WHERE text = 'hơn 104,3 tỉ đồng'"
    )
    assert fact_id.startswith("art_034/") and sources == 2 and json.loads(doc_ids) == ["art_034", "repost"]
    assert sorted(r[0] for r in rows(db, "SELECT doc_id FROM figures WHERE fact_id = ?", [fact_id])) == [
        "art_034", "repost"]
    assert sorted(json.loads(figure_ids)) == sorted(
        r[0] for r in rows(db, "SELECT id FROM figures WHERE fact_id = ?", [fact_id]))


SENTENCE = "Ngành kiến nghị thu hồi ngân sách hơn 104,3 tỉ đồng và 147.076 m² đất; xử lý khác về kinh tế hơn 17 tỉ đồng."


def report(doc_id: str, value: float, text: str, *, year: int = 2025, province: str = "72"):
    sentence = SENTENCE.replace("hơn 104,3 tỉ đồng", text)
    return record(doc_id, year=year, cluster=None, provinces=(province,),
                  figures=[(RR, value, "VND", text, sentence, {"qualifier": "more_than"})])


@pytest.mark.parametrize(
    ("other", "merged"),
    [
        (report("b", 104_350_000_000, "hơn 104,35 tỉ đồng"), True),  # within 0,5 %: the same fact, rounded
        (report("b", 105_500_000_000, "hơn 105,5 tỉ đồng"), False),  # 1,2 % apart: another number
        (report("b", 104_300_000_000, "hơn 104,3 tỉ đồng", year=2024), False),  # another year
        (report("b", 104_300_000_000, "hơn 104,3 tỉ đồng", province="70"), False),  # another province
    ],
)
def test_the_same_fact_is_same_metric_provinces_period_and_value_within_half_a_percent(tmp_path, other, merged):
    db = load(tmp_path, [report("a", 104_300_000_000, "hơn 104,3 tỉ đồng"), other])
    assert rows(db, "SELECT count(*) FROM facts")[0][0] == (1 if merged else 2)


def test_figures_without_province_or_year_never_merge_across_articles(tmp_path):
    a = record("a", year=None, cluster=None, provinces=(), figures=[("inspections", 5, "count", "5 cuộc", "Đã tiến hành 5 cuộc.")])
    b = record("b", year=None, cluster=None, provinces=(), figures=[("inspections", 5, "count", "5 cuộc", "Đã tiến hành 5 cuộc.")])
    db = load(tmp_path, [a, b])
    assert rows(db, "SELECT count(*) FROM facts")[0][0] == 2
    t = q.totals(db, q.Filters(), "year")
    assert t.rows == [] and t.left_out["no_year"] == 2


# ---------------------------------------------------------------- consistency flags


def flags_of(rec) -> dict[str, list[checks.Flag]]:
    db_rows = dbrows.record_rows(rec, None)
    out: dict[str, list] = {}
    for f in db_rows.flags:
        out.setdefault(f["flag"], []).append(f)
    return out


FIRES = [
    # recovered more than recommended: "Kết quả đã thu hồi hơn 170,8 tỉ đồng" / "kiến nghị thu hồi … hơn 104,3 tỉ đồng"
    ("recovery_order", "art_034", "hơn 170,8 tỉ đồng"),
    # "Trong số 16 công trình … có 16 công trình do Ban quản lý …, 6 công trình do UBND các xã …"
    ("parts_exceed_total", "n_142", "6 công trình do UBND"),
    # "… đủ điều kiện xử lý 2.436 đơn; đã giải quyết 1.770 đơn …, đạt gần 97%": 1.770/2.436 = 72,66 %
    ("rate_mismatch", "n_102", "gần 97%"),
    # title "Tuyên Quang: Kiến nghị thu hồi hơn 5,7 tỷ đồng qua thanh tra"; the body has 1,8 and 3 tỷ
    ("headline_unmatched", "n_089", "hơn 5,7 tỷ đồng"),
    # "… toàn ngành đã tiến hành 62/39 cuộc thanh tra."
    ("ratio_over_total", "n_101", "62/39 cuộc thanh tra"),
]

QUIET = [
    # "… kiến nghị thu hồi … hơn 71.5 tỷ đồng …; đã thu hồi trên 64.2 tỷ" after "phát hiện vi phạm trên 100 tỷ"
    ("recovery_order", "002_98235f30ad968d9c"),
    # "hơn 2,5 tỷ đồng (tổ chức hơn 1,6 tỷ đồng và cá nhân 889,75 triệu đồng)"; "45 cuộc …, gồm 44 … và 1 …"
    ("parts_exceed_total", "art_032"),
    # "giải quyết 363 đơn KNTC …, đã giải quyết xong 321 đơn thuộc thẩm quyền (đạt 88,4%)": 88,43 %
    ("rate_mismatch", "002_98235f30ad968d9c"),
    # "431/452 vụ, đạt 95,3%" (95,35 % written with one decimal); "bằng 103% so cùng kỳ năm trước"
    ("rate_mismatch", "n_005"),
    ("rate_mismatch", "art_024"),
    # title "Hưng Yên: Tiến hành 321 cuộc thanh tra", body "… tiến hành 321 cuộc thanh tra"; title "… hơn
    # 104 tỉ đồng", body "… hơn 104,3 tỉ đồng"
    ("headline_unmatched", "n_018"),
    ("headline_unmatched", "art_034"),
    # "… 42/40 cuộc thanh tra kinh tế - xã hội, đạt 105% so với kế hoạch được giao": the article says so
    ("ratio_over_total", "n_036"),
]


@pytest.mark.parametrize(("flag", "doc_id", "figure_text"), FIRES)
def test_each_flag_fires_on_a_sentence_that_should_raise_it(flag, doc_id, figure_text):
    rec = gold_record(doc_id)
    raised = flags_of(rec).get(flag, [])
    on = {f["figure_id"] for f in raised}
    index = next(i for i, f in enumerate(rec.figures) if f.text == figure_text)
    assert f"{doc_id}/{index:03d}" in on, (flag, doc_id, [f["reason_en"] for f in raised])
    for f in raised:  # one line each, in both languages, naming the figure as written
        assert "\n" not in f["reason_vi"] + f["reason_en"] and "«" in f["reason_vi"] and "«" in f["reason_en"]


@pytest.mark.parametrize(("flag", "doc_id"), QUIET)
def test_each_flag_stays_quiet_on_a_sentence_that_should_not_raise_it(flag, doc_id):
    assert flag not in flags_of(gold_record(doc_id)), [f["reason_en"] for f in flags_of(gold_record(doc_id))[flag]]


def test_flags_are_stored_on_their_figures_and_never_change_a_value(tmp_path):
    records = [gold_record(d) for d in ("art_034", "n_142", "n_102", "n_089", "n_101", "art_032")]
    db = load(tmp_path, records)
    stored = rows(db, "SELECT ff.figure_id, ff.flag, ff.reason_vi, ff.reason_en, f.flags FROM figure_flags ff "
                      "JOIN figures f ON f.id = ff.figure_id")
    assert {flag for _, flag, *_ in stored} == {f for f, *_ in FIRES}
    assert all(flag in json.loads(listed) for _, flag, _, _, listed in stored)
    for rec in records:  # every value as the record gives it, flagged or not
        values = [v for (v,) in rows(db, "SELECT value FROM figures WHERE doc_id = ? ORDER BY id", [rec.doc_id])]
        assert values == [dbrows.record_rows(rec).figures[i]["value"] for i in range(len(rec.figures))]
    flagged = by_metric(db, metrics=[REC])[REC]
    assert flagged["total"] == sum({f.value for r in records for f in r.figures if f.metric == REC})


def test_recovery_order_across_articles(tmp_path):
    # Two articles on Tây Ninh's 2025: one gives what was recommended, the other what was recovered.
    rec_sentence = "Kết quả đã thu hồi hơn 170,8 tỉ đồng; xử lý hành chính 35 tổ chức, 158 cá nhân."
    a = record("recommended", year=2025, cluster=None, provinces=("72",),
               figures=[(RR, 104_300_000_000, "VND", "hơn 104,3 tỉ đồng", SENTENCE)])
    b = record("recovered", year=2025, cluster=None, provinces=("72",),
               figures=[(REC, 170_800_000_000, "VND", "hơn 170,8 tỉ đồng", rec_sentence)])
    db = load(tmp_path, [a, b])
    got = rows(db, "SELECT figure_id, flag, scope, reason_en FROM figure_flags ORDER BY figure_id")
    assert [(fid, flag, scope) for fid, flag, scope, _ in got] == [
        ("recommended/000", "recovery_order", "across"), ("recovered/000", "recovery_order", "across")]
    assert "other article: recovered" in got[0][3] and "other article: recommended" in got[1][3]
    quiet = record("recovered", year=2024, cluster=None, provinces=("72",),  # another year: no comparison
                   figures=[(REC, 170_800_000_000, "VND", "hơn 170,8 tỉ đồng", rec_sentence)])
    assert rows(load(tmp_path, [a, quiet], name="g.db"), "SELECT count(*) FROM figure_flags") == [(0,)]


def test_query_flagged_lists_the_figures_with_their_reasons(tmp_path, capsys):
    db = load(tmp_path, [gold_record("n_142"), gold_record("art_032")])
    parser = argparse.ArgumentParser()
    query_command.add_parser(parser.add_subparsers())
    args = parser.parse_args(["query", "--db", str(db), "--flagged", "--format", "json"])
    assert args.run(args) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {r["doc_id"] for r in listed} == {"n_142"}
    assert all(r["flags"] == ["parts_exceed_total"] and r["flag_reasons"] for r in listed)
    assert any("6 công trình do UBND" in reason for r in listed for reason in r["flag_reasons"])


# ---------------------------------------------------------------- qualifiers, and what a total left out


def test_a_total_keeps_its_qualifiers():
    assert q.combined_qualifier(["more_than", "exact"]) == "more_than"  # "hơn 71,5 tỷ" + 5 tỷ: at least
    assert q.combined_qualifier(["exact", "exact"]) == "exact"
    assert q.combined_qualifier(["less_than"]) == "less_than"
    assert q.combined_qualifier(["more_than", "less_than"]) == "about"
    assert q.combined_qualifier(["about", "exact"]) == "about"
    assert q.total_for_reading({"unit": "VND", "total": 76_500_000_000, "total_ty_dong": 76.5,
                                "qualifier": "more_than"}).startswith("at least (hơn)")


def test_every_total_says_what_it_left_out_and_why(tmp_path, capsys):
    db = load(tmp_path, [gold_record("002_98235f30ad968d9c"), gold_record("n_060"), gold_record("art_023")])
    parser = argparse.ArgumentParser()
    query_command.add_parser(parser.add_subparsers())
    args = parser.parse_args(["query", "--db", str(db), "--sum-by", "province", "--format", "json"])
    assert args.run(args) == 0
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert out["left_out"]["no_province"] > 0 and out["left_out"]["percentage"] > 0
    assert captured.err.startswith("left out of the totals:") and "without a province" in captured.err
    assert all(r["joint"] == 1 for r in out["totals"])  # cluster IV's figures are the cluster's


# ---------------------------------------------------------------- a province's number within its cluster's


def test_a_provinces_number_within_its_clusters_joint_total_is_not_added_again(tmp_path):
    cluster = record(
        "cluster", year=2022, cluster=4, provinces=("11", "20", "14"),
        figures=[
            (RR, 71_500_000_000, "VND", "hơn 71,5 tỷ đồng",
             "Các tỉnh trong cụm kiến nghị thu hồi hơn 71,5 tỷ đồng.", {"qualifier": "more_than"}),
            (RR, 5_000_000_000, "VND", "5 tỷ đồng", "Thanh tra tỉnh Điện Biên kiến nghị thu hồi 5 tỷ đồng."),
        ],
    )
    db = load(tmp_path, [cluster])
    assert rows(db, "SELECT id, whole_fact, part_kind FROM facts WHERE whole_fact IS NOT NULL") == [
        ("cluster/001", "cluster/000", "within")]
    by_year = q.totals(db, q.Filters(metrics=[RR]), "year")
    assert [(r["total"], r["qualifier"], r["parts_left_out"]) for r in by_year.rows] == [
        (71_500_000_000, "more_than", 1)]
    by_province = q.totals(db, q.Filters(metrics=[RR]), "province")  # each in its own row, as the article says
    assert [(r["province"], r["total"]) for r in by_province.rows] == [
        ("Điện Biên", 5_000_000_000),
        ("Cụm IV, joint total of the cluster: Điện Biên + Lạng Sơn + Sơn La", 71_500_000_000)]


def test_two_provinces_of_one_article_are_no_cluster_total(tmp_path):
    # art_026 names An Giang and Kiên Giang; "… phát hiện 4 doanh nghiệp … số tiền hơn 12,6 tỷ đồng" names
    # neither, so it concerns both, but it is no joint total that Kiên Giang's "hơn 4,8 tỷ đồng" lies within.
    db = load(tmp_path, [gold_record("art_026")])
    assert rows(db, "SELECT count(*) FROM facts WHERE part_kind = 'within'") == [(0,)]
    assert by_metric(db, metrics=[VIOL])[VIOL]["parts_left_out"] == 0


def test_a_province_asked_for_gets_its_own_numbers_not_the_joint_totals_it_is_part_of(tmp_path):
    cluster = record(
        "cluster", year=2022, cluster=4, provinces=("11", "20", "14"),
        figures=[(RR, 71_500_000_000, "VND", "hơn 71,5 tỷ đồng",
                  "Các tỉnh trong cụm kiến nghị thu hồi hơn 71,5 tỷ đồng.", {"qualifier": "more_than"})],
    )
    own = record("own", year=2022, cluster=None, provinces=("11",),
                 figures=[(RR, 5_000_000_000, "VND", "5 tỷ đồng", "Thanh tra tỉnh Điện Biên kiến nghị thu hồi 5 tỷ đồng.")])
    db = load(tmp_path, [cluster, own])
    t = q.totals(db, q.Filters(metrics=[RR], provinces=["Điện Biên"]), "year")
    assert [r["total"] for r in t.rows] == [5_000_000_000] and t.left_out["joint"] == 1
    assert "joint total(s) of several provinces" in q.left_out_line(t)
    by_province = q.totals(db, q.Filters(metrics=[RR], provinces=["Điện Biên"]), "province")
    assert [(r["joint"], r["total"]) for r in by_province.rows] == [(0, 5_000_000_000), (1, 71_500_000_000)]
