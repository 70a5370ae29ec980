"""The scorer follows spec §3: perfect on the gold itself, exact counts on known mistakes."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.evaluation import goldset
from extractor.evaluation.scoring import (
    ACCURACY_FIELDS,
    FIELDS,
    SET_FIELDS,
    match_figures,
    max_weight_matching,
    prf,
    score,
    titles_agree,
    values_agree,
)
from extractor.models import Figure, Record

GOLD = Path(__file__).resolve().parents[1] / "gold"


def test_gold_fed_back_as_predictions_scores_one_everywhere():
    gold = goldset.load_gold(GOLD)
    assert gold, "no gold files"
    # Through JSON and back, as predictions would arrive from `extractor extract`.
    pred = {k: Record.model_validate(r.to_json()) for k, r in gold.items()}
    for predictions in (gold, pred):
        result = score(gold, predictions)
        assert result.scores["docs"] == len(gold)
        assert list(result.scores["fields"]) == list(FIELDS)
        for name in SET_FIELDS:
            e = result.scores["fields"][name]
            assert (e["fp"], e["fn"], e["p"], e["r"], e["f1"]) == (0, 0, 1.0, 1.0, 1.0), name
        for name in ACCURACY_FIELDS:
            assert result.scores["fields"][name]["accuracy"] == 1.0, name
        assert result.mistakes == []


def test_an_empty_prediction_scores_zero_recall():
    gold = goldset.load_gold(GOLD)
    fields = score(gold, {}).scores["fields"]
    for name in SET_FIELDS:
        if fields[name]["fn"]:
            assert fields[name]["r"] == 0.0 and fields[name]["f1"] == 0.0


# A constructed case whose every count is worked out by hand in the comments.
GOLD_A = {
    "doc_id": "A",
    "source": {"author": "Trần Kiên"},
    "provinces": [{"code": "01", "name": "Hà Nội"}, {"code": "02", "name": "Hà Giang"},
                  {"code": "04", "name": "Cao Bằng"}],
    "cluster": {"number": 5, "members": ["01", "02", "04"], "leader": "01", "deputy": "02"},
    "event": {"type": "review_conference", "date": "2023-01-05", "location": "01"},
    "period": {"year": 2023, "start_month": 1, "end_month": 6},
    "officials": [
        {"name": "Phan Văn Thống", "title": "Chánh Thanh tra", "province": "11", "cluster_role": "leader"},
        {"name": "Đoàn Thị Loan", "title": "Chủ tịch UBND", "cluster_role": "deputy"},  # province: skipped
        {"name": "Nguyễn Văn An", "title": "Thanh tra viên", "province": None, "cluster_role": None},
    ],
    "legal_refs": [
        {"canonical": "33/2015/NĐ-CP", "type": "Nghị định", "issued": "2015-03-27"},
        {"canonical": "20/CT-TTg", "type": "Chỉ thị"},  # issued not labelled: skipped
    ],
    "figures": [
        {"metric": "inspections", "value": 32, "unit": "count", "qualifier": "exact", "total": 55,
         "text": "32/55 cuộc"},
        {"metric": "violation_amount", "value": 5.6e9, "unit": "VND", "qualifier": "more_than",
         "text": "hơn 5,6 tỷ đồng"},  # total not labelled: skipped
        {"metric": "recovered_amount", "value": 1e9, "unit": "VND", "qualifier": "exact", "total": None,
         "text": "1 tỷ đồng"},
        {"metric": "target_rate", "value": 70, "unit": "percent", "qualifier": "more_than", "total": None,
         "text": "trên 70%"},
    ],
}
PRED_A = {
    "doc_id": "A",
    "source": {"author": "trần  kiên"},  # case and spacing do not matter
    "provinces": [{"code": "01"}, {"code": "02"}, {"code": "06"}],  # tp 2, fp 1 (06), fn 1 (04)
    "cluster": {"number": 5, "members": ["01", "02"], "leader": "02", "deputy": None},
    "event": {"type": "pledge_signing", "date": "2023-01-05", "location": None},
    "period": {"year": 2023, "start_month": 1, "end_month": 12},
    "officials": [
        {"name": "phan  văn THỐNG", "title": "Phó Chánh Thanh tra", "province": "11",
         "cluster_role": "leader"},
        {"name": "Đoàn Thị Loan", "title": "Chủ tịch UBND tỉnh", "province": "20", "cluster_role": None},
        {"name": "Trần Bình"},
    ],
    "legal_refs": [
        {"canonical": "33/2015/nđ-cp", "type": "nghị định", "issued": "2015-03-28"},
        {"canonical": "20/CT-TTg", "type": "Chỉ thị", "issued": "2020-01-01"},
        {"canonical": "Kế hoạch 64", "type": "Kế hoạch"},
    ],
    "figures": [
        {"metric": "inspections", "value": 32, "unit": "count", "qualifier": "exact", "total": None},
        {"metric": "violation_amount", "value": 5.62e9, "unit": "VND", "qualifier": "exact"},  # 0.36 % off
        {"metric": "other", "value": 1e9, "unit": "VND"},  # right number, wrong metric
        {"metric": "target_rate", "value": 71, "unit": "percent", "qualifier": "more_than"},  # 1.4 % off
        {"metric": "citizens_received", "value": 5, "unit": "count"},
    ],
}
GOLD_B = {  # nulls are values to match; an absent `period` is not labelled
    "doc_id": "B", "source": {"author": None}, "cluster": None, "event": None,
    "provinces": [], "officials": [], "legal_refs": [], "figures": [],
}
PRED_B = {
    "doc_id": "B", "source": {"author": "Ngọc Xinh"}, "cluster": {"number": 3}, "event": None,
    "period": {"year": 2020}, "figures": [{"metric": "inspections", "value": 7, "unit": "count"}],
}
GOLD_C = {"doc_id": "C", "provinces": [{"code": "01", "name": "Hà Nội"}]}  # no prediction at all
PRED_D = {"doc_id": "D", "provinces": [{"code": "01"}]}  # not in gold: ignored

EXPECTED_SETS = {  # (tp, fp, fn)
    "provinces": (2, 1, 2),
    "cluster_members": (2, 0, 1),
    "officials": (2, 1, 1),
    "legal_refs": (2, 1, 0),
    "figures": (2, 4, 2),  # fn: recovered_amount (metric), target_rate (71 vs 70); fp: those two + 5 + B's 7
    "figures_value": (3, 3, 1),  # metric ignored: 1e9 now matches
}
EXPECTED_ACCURACY = {  # (accuracy, n)
    "cluster.number": (0.5, 2),  # A right; B null vs 3
    "cluster.leader": (0.5, 2),
    "cluster.deputy": (0.5, 2),
    "event.type": (0.5, 2),
    "event.date": (1.0, 2),
    "event.location": (0.5, 2),
    "period.year": (1.0, 1),
    "period.start_month": (1.0, 1),
    "period.end_month": (0.0, 1),
    "officials.title": (0.5, 2),  # "Chủ tịch UBND tỉnh" agrees by prefix, "Phó Chánh Thanh tra" does not
    "officials.province": (1.0, 1),
    "officials.cluster_role": (0.5, 2),
    "legal_refs.type": (1.0, 2),
    "legal_refs.issued": (0.0, 1),
    "figures.qualifier": (0.5, 2),
    "figures.total": (0.0, 1),
    "author": (0.5, 2),
}


def _records(*docs: dict) -> dict[str, Record]:
    return {d["doc_id"]: Record.model_validate(d) for d in docs}


def test_known_mistakes_give_the_expected_counts():
    result = score(_records(GOLD_A, GOLD_B, GOLD_C), _records(PRED_A, PRED_B, PRED_D))
    fields = result.scores["fields"]
    assert result.scores["docs"] == 3
    for name, (tp, fp, fn) in EXPECTED_SETS.items():
        assert (fields[name]["tp"], fields[name]["fp"], fields[name]["fn"]) == (tp, fp, fn), name
    for name, (acc, n) in EXPECTED_ACCURACY.items():
        assert (fields[name]["accuracy"], fields[name]["n"]) == (acc, n), name
    assert fields["provinces"]["p"] == round(2 / 3, 4)
    assert fields["provinces"]["r"] == 0.5
    assert fields["provinces"]["f1"] == round(4 / 7, 4)

    lines = {m.line() for m in result.mistakes}
    assert "A\tprovinces\tgold\t04 Cao Bằng" in lines
    assert "A\tprovinces\tpred\t06" in lines
    assert "C\tprovinces\tgold\t01 Hà Nội" in lines
    assert "A\tofficials\tpred\tTrần Bình" in lines
    assert "A\tlegal_refs\tpred\tKế hoạch 64" in lines
    assert "A\tfigures\tgold\trecovered_amount VND 1000000000 «1 tỷ đồng»" in lines
    assert "A\tfigures_value\tgold\ttarget_rate percent 70 «trên 70%»" in lines
    assert "A\tofficials.title\tpred\tphan văn THỐNG: Phó Chánh Thanh tra" in lines
    assert "B\tauthor\tpred\tNgọc Xinh" in lines
    assert not any(m.doc_id == "D" for m in result.mistakes)
    # Every false positive and false negative is listed, once.
    for name, (_, fp, fn) in EXPECTED_SETS.items():
        assert sum(m.field == name and m.side == "pred" for m in result.mistakes) == fp
        assert sum(m.field == name and m.side == "gold" for m in result.mistakes) == fn


def test_maximum_matching_keeps_every_possible_pair():
    # 100 ~ 100.3 and 99.6; 100.6 ~ 100.3 only. Greedy "closest first" gives 100 ↔ 100.3 and loses 100.6.
    gold = [Figure(metric="inspections", value=v, unit="count") for v in (100, 100.6)]
    pred = [Figure(metric="inspections", value=v, unit="count") for v in (100.3, 99.6)]
    assert match_figures(gold, pred) == [(0, 1), (1, 0)]
    g = {"doc_id": "x", "figures": [f.model_dump() for f in gold]}
    p = {"doc_id": "x", "figures": [f.model_dump() for f in pred]}
    fields = score(_records(g), _records(p)).scores["fields"]
    assert (fields["figures"]["tp"], fields["figures"]["fp"], fields["figures"]["fn"]) == (2, 0, 0)


def test_each_gold_figure_matches_at_most_once():
    gold = [Figure(metric="inspections", value=5, unit="count")]
    pred = [Figure(metric="inspections", value=5, unit="count")] * 3
    fields = score(_records({"doc_id": "x", "figures": [gold[0].model_dump()]}),
                   _records({"doc_id": "x", "figures": [f.model_dump() for f in pred]})).scores["fields"]
    assert (fields["figures"]["tp"], fields["figures"]["fp"], fields["figures"]["fn"]) == (1, 2, 0)


def test_among_maximum_matchings_the_one_agreeing_on_qualifier_is_chosen():
    gold = [Figure(metric="inspections", value=10, unit="count", qualifier="more_than"),
            Figure(metric="inspections", value=10, unit="count", qualifier="exact")]
    pred = [Figure(metric="inspections", value=10, unit="count", qualifier="exact"),
            Figure(metric="inspections", value=10, unit="count", qualifier="more_than")]
    assert match_figures(gold, pred) == [(0, 1), (1, 0)]


@pytest.mark.parametrize(("a", "b", "agree"), [
    (100, 100.5, True),  # 0.4975 % of the larger
    (100, 100.6, False),  # 0.596 %
    (199, 200, True),  # exactly 0.5 %
    (160596000000, 160600000000, True),
    (5.6e9, 5.7e9, False),
    (0, 0, True),
    (0, 0.001, False),
    (None, None, True),
    (55, None, False),
])
def test_value_tolerance_is_half_a_percent(a, b, agree):
    assert values_agree(a, b) is agree
    assert values_agree(b, a) is agree


def test_units_must_agree_even_when_metric_is_ignored():
    gold = [Figure(metric="other", value=100, unit="percent")]
    pred = [Figure(metric="other", value=100, unit="count")]
    assert match_figures(gold, pred, with_metric=False) == []


@pytest.mark.parametrize(("gold", "pred", "agree"), [
    ("Chủ tịch UBND", "Chủ tịch UBND tỉnh", True),
    ("chủ tịch  ubnd tỉnh", "Chủ tịch UBND", True),
    ("Chánh Thanh tra", "Phó Chánh Thanh tra", False),
    (None, None, True),
    ("Chánh Thanh tra", None, False),
])
def test_titles_agree_by_prefix(gold, pred, agree):
    assert titles_agree(gold, pred) is agree


def test_zero_denominators():
    assert prf(0, 0, 0) == {"tp": 0, "fp": 0, "fn": 0, "p": 1.0, "r": 1.0, "f1": 1.0}
    assert prf(0, 0, 3)["p"] == 1.0 and prf(0, 0, 3)["r"] == 0.0 and prf(0, 0, 3)["f1"] == 0.0
    assert prf(0, 2, 0)["p"] == 0.0 and prf(0, 2, 0)["r"] == 1.0 and prf(0, 2, 0)["f1"] == 0.0


def _brute_force(weights: list[list[int | None]]) -> tuple[int, int]:
    """(cardinality, weight) of the best matching by trying every one."""
    n, m = len(weights), len(weights[0])
    best = (0, 0)
    rows, cols = (n, m) if n <= m else (m, n)
    for perm in itertools.permutations(range(cols), rows):
        pairs = [(i, j) if n <= m else (j, i) for i, j in enumerate(perm)]
        chosen = [weights[i][j] for i, j in pairs if weights[i][j] is not None]
        best = max(best, (len(chosen), sum(chosen)))
    return best


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 4).flatmap(lambda n: st.integers(1, 4).flatmap(
    lambda m: st.lists(st.lists(st.one_of(st.none(), st.integers(0, 9)), min_size=m, max_size=m),
                       min_size=n, max_size=n))))
def test_matching_is_maximum_then_heaviest(weights):
    pairs = max_weight_matching(weights)
    assert len({i for i, _ in pairs}) == len(pairs) == len({j for _, j in pairs})
    assert all(weights[i][j] is not None for i, j in pairs)
    assert (len(pairs), sum(weights[i][j] for i, j in pairs)) == _brute_force(weights)


def test_part_of_is_right_when_both_name_a_whole_of_the_same_value_and_unit():
    # "hơn 2,5 tỷ đồng (tổ chức hơn 1,6 tỷ đồng và cá nhân 889,75 triệu đồng)" (art_032)
    whole = {"metric": "admin_penalty_amount", "value": 2.5e9, "unit": "VND", "text": "hơn 2,5 tỷ đồng",
             "part_of": None}
    part1 = {"metric": "admin_penalty_amount", "value": 1.6e9, "unit": "VND", "text": "hơn 1,6 tỷ đồng",
             "part_of": "hơn 2,5 tỷ đồng"}
    part2 = {"metric": "admin_penalty_amount", "value": 889.75e6, "unit": "VND", "text": "889,75 triệu đồng",
             "part_of": "hơn 2,5 tỷ đồng"}
    gold = {"doc_id": "x", "figures": [whole, part1, part2]}
    # The prediction names the whole by other words ("2,5 tỷ"), which is still the same figure; it
    # misses the second part's link and invents one for the whole.
    p_whole = {**whole, "text": "2,5 tỷ", "part_of": "1,6 tỷ"}
    p_part1 = {**part1, "text": "1,6 tỷ", "part_of": "2,5 tỷ"}
    p_part2 = {**part2, "part_of": None}
    result = score(_records(gold), _records({"doc_id": "x", "figures": [p_whole, p_part1, p_part2]}))
    assert result.scores["fields"]["figures.part_of"] == {"accuracy": round(1 / 3, 4), "n": 3}
    lines = {m.line() for m in result.mistakes if m.field == "figures.part_of"}
    assert "x\tfigures.part_of\tgold\tadmin_penalty_amount VND 889750000 «889,75 triệu đồng»: part of " \
           "VND 2500000000 «hơn 2,5 tỷ đồng»" in lines
    assert "x\tfigures.part_of\tpred\tadmin_penalty_amount VND 2500000000 «2,5 tỷ»: part of " \
           "VND 1600000000 «1,6 tỷ»" in lines


def test_part_of_naming_no_figure_is_wrong_and_an_unlabelled_part_of_is_skipped():
    gold = {"doc_id": "x", "figures": [
        {"metric": "inspections", "value": 32, "unit": "count", "text": "32 cuộc", "part_of": None},
        {"metric": "inspections_planned", "value": 22, "unit": "count", "text": "22 cuộc"}]}
    pred = {"doc_id": "x", "figures": [
        {"metric": "inspections", "value": 32, "unit": "count", "text": "32 cuộc", "part_of": "nothing"},
        {"metric": "inspections_planned", "value": 22, "unit": "count", "text": "22 cuộc",
         "part_of": "32 cuộc"}]}
    fields = score(_records(gold), _records(pred)).scores["fields"]
    assert fields["figures.part_of"] == {"accuracy": 0.0, "n": 1}
