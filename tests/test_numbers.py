"""The number reader's public API: spans, nouns and keys, and its behaviour on whole articles."""

from __future__ import annotations

import dataclasses
import json
import unicodedata
from pathlib import Path

import pytest

from extractor.evaluation.goldset import gold_paths
from extractor.patterns import load_json, load_jsonl
from extractor.stages.numbers import Quantity, find_quantities, read_number

ROOT = Path(__file__).resolve().parent.parent


def _one(text: str) -> Quantity:
    qs = find_quantities(text)
    assert len(qs) == 1, qs
    return qs[0]


def _span(text: str, q: Quantity) -> tuple[str, str]:
    return text[q.start : q.end], text[q.num_start : q.num_end]


def test_figure_span_runs_from_qualifier_to_unit() -> None:
    text = "đã phát hiện sai phạm 160.596 triệu đồng và hơn 34.000m2 đất, kiến nghị"
    money, land = find_quantities(text)
    assert _span(text, money) == ("160.596 triệu đồng", "160.596")
    assert _span(text, land) == ("hơn 34.000m2 đất", "34.000")
    assert money.noun is None and land.noun_key is None


def test_total_span_and_noun() -> None:
    text = "Cụm thi đua triển khai 32/55 cuộc thanh tra, trong đó"
    q = _one(text)
    assert _span(text, q) == ("32/55 cuộc thanh tra", "32/55")
    assert (q.value, q.total, q.noun, q.noun_key) == (32, 55, "cuộc thanh tra", "cuộc")


@pytest.mark.parametrize(
    ("text", "noun", "key"),
    [
        ("Ban hành trên 1.510 Quyết định xử phạt", "Quyết định", "quyết định"),
        ("tiếp nhận 302 đơn thư;", "đơn thư", "đơn"),
        ("486 đơn, trong đó", "đơn", "đơn"),
        ("tại 36 đơn vị trong", "đơn vị", "đơn vị"),
        ("chuyển 03 vụ việc sang", "vụ việc", "vụ"),
        ("tiếp 11.377 công dân đến", "công dân", "người"),
        ("đã cử 80 lượt công chức đi", "lượt công chức", "lượt"),
        ("kiểm điểm 116 cá nhân có", "cá nhân", "cá nhân"),
        ("tại 46  đơn vị.", "đơn vị", "đơn vị"),  # double space is written as one
        ("và 07 đơn vị thành viên trong Cụm", "đơn vị thành viên", "đơn vị thành viên"),
        # classifiers of things (n_121, n_058, n_091) and the departments of a province (n_057)
        ("tịch thu và tiêu hủy 184 quyển sách nhân bản", "quyển", "quyển"),
        ("thu giữ 30 cuốn sách lậu", "cuốn", "quyển"),
        ("giao đất cho các tổ chức sử dụng 45 nền trong các cụm dân cư", "nền", "nền"),
        ("xây dựng 2 sân quần vợt trên", "sân", "sân"),
        ("trang trại 10.000 con trên diện tích", "con", "con"),
        ("gồm 11 sở và", "sở", "sở"),
        ("thanh tra tại 12 xã, thị trấn và", "xã, thị trấn", "xã"),  # ho_10
        ("kiểm tra 9 xã trên địa bàn huyện Mường Lát", "xã", "xã"),
    ],
)
def test_count_nouns_and_keys(text: str, noun: str, key: str) -> None:
    q = _one(text)
    assert (q.unit, q.noun, q.noun_key) == ("count", noun, key)


def test_noun_before_number() -> None:
    text = "đang xử lý 44 đơn; lưu đơn 54 do đơn trùng lắp"
    first, second = find_quantities(text)
    assert _span(text, first) == ("44 đơn", "44")
    assert _span(text, second) == ("đơn 54", "54")
    assert (second.value, second.noun_key) == (54, "đơn")


def test_spelled_number_span() -> None:
    text = "kiến nghị xử lý hình sự tám người."
    q = _one(text)
    assert _span(text, q) == ("tám người", "tám")
    assert q.value == 8


def test_qualifier_kept_only_when_it_touches_the_number() -> None:
    assert _one("hơn 5,6 tỷ đồng").qualifier == "more_than"
    assert _one("hơn nữa, 5,6 tỷ đồng").qualifier == "exact"
    q = _one("(gần 6 tỷ đồng)")
    assert q.qualifier == "about"


@pytest.mark.parametrize(
    ("text", "qualifier", "span"),
    [
        ("tỷ lệ thực hiện kết luận thanh tra đạt từ 85% trở lên", "more_than", "từ 85% trở lên"),
        ("phấn đấu giải quyết từ 90 % trở lên số vụ việc", "more_than", "từ 90 % trở lên"),
        ("các gói thầu từ 500 triệu đồng trở xuống", "less_than", "từ 500 triệu đồng trở xuống"),
        ("mỗi năm thanh tra từ 2 cuộc trở lên tại một đơn vị", "more_than", "từ 2 cuộc trở lên"),
        ("từ 2 tỷ đồng", "exact", "2 tỷ đồng"),  # "từ" alone opens a range or a source: no qualifier
    ],
)
def test_a_qualifier_written_around_the_figure(text: str, qualifier: str, span: str) -> None:
    qs = find_quantities(text)
    assert [(q.qualifier, text[q.start : q.end]) for q in qs][:1] == [(qualifier, span)]


def test_spans_are_offsets_into_the_given_text() -> None:
    prefix = "Tiêu đề\n\n" * 7
    text = prefix + "thu hồi 1,4 tỷ đồng"
    q = _one(text)
    assert q.start == len(prefix) + len("thu hồi ")
    assert text[q.start : q.end] == "1,4 tỷ đồng"


def test_quantity_is_frozen() -> None:
    q = _one("5 cuộc")
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.value = 6  # type: ignore[misc]


def test_bad_input_never_raises() -> None:
    assert find_quantities("") == []
    assert find_quantities(None) == []  # type: ignore[arg-type]
    assert read_number(None) is None  # type: ignore[arg-type]


# --- whole articles ------------------------------------------------------------------------------


def _articles(*dirs: Path) -> list[tuple[str, str]]:
    return [
        (p.stem, unicodedata.normalize("NFC", p.read_text(encoding="utf-8")))
        for d in dirs or (ROOT / "corpus",)
        for p in sorted(d.glob("*.txt"))
    ]


def test_corpus_spans_are_well_formed() -> None:
    arts = _articles(ROOT / "corpus", ROOT / "tests" / "heldout" / "corpus")
    if not arts:
        pytest.skip("corpus/ not present")
    for doc_id, text in arts:
        prev = 0
        for q in find_quantities(text):
            assert prev <= q.start <= q.num_start < q.num_end <= q.end, (doc_id, q)
            prev = q.end
            numeral = text[q.num_start : q.num_end].split("/")[0]
            if numeral.lower() != "năm":  # "five" only in context ("gồm năm thành viên")
                assert read_number(numeral, before_scale=True) is not None, (doc_id, numeral)


def test_gold_figures_are_found() -> None:
    """Number reading alone (the spec's `figures_value`): every gold figure's value and unit should be
    among the quantities found in its article. Gold is being labelled, so a small miss rate is allowed."""
    arts = dict(_articles())
    found = missed = 0
    misses = []
    for path in gold_paths(ROOT / "gold"):  # not the baselines beside them
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = arts.get(gold.get("doc_id") or path.stem)
        if text is None or not gold.get("figures"):
            continue
        pool = [(q.value, q.unit) for q in find_quantities(text)]
        for fig in gold["figures"]:
            hit = next(
                (
                    i
                    for i, (v, u) in enumerate(pool)
                    if u == fig["unit"] and abs(v - fig["value"]) <= 0.005 * abs(fig["value"])
                ),
                None,
            )
            if hit is None:
                missed += 1
                misses.append((path.stem, fig.get("text"), fig["value"], fig["unit"]))
            else:
                found += 1
                pool.pop(hit)
    if found + missed == 0:
        pytest.skip("no gold figures yet")
    assert found / (found + missed) >= 0.95, misses


# --- the pattern files ---------------------------------------------------------------------------


def test_pattern_files_are_consistent() -> None:
    nouns = load_jsonl("count_nouns")
    assert all(r["noun"].strip() and r["key"].strip() for r in nouns)
    assert len({r["noun"].lower() for r in nouns}) == len(nouns), "a count noun is listed twice"
    # "7 tỉnh" is the count of a cluster's members, not a figure; only a share "61/63 tỉnh" is one
    plain = {r["noun"] for r in nouns if not r.get("slash_only")}
    assert not plain & {"tỉnh", "năm", "tháng", "ngày", "tuổi"}, "not count nouns"
    assert {r["qualifier"] for r in load_jsonl("qualifiers")} <= {"more_than", "less_than", "about"}
    assert {r["kind"] for r in load_jsonl("units")} == {"currency", "land", "percent"}
    num = load_json("numbers")
    assert num["scales"]["tỷ"] == 1e9 and num["scales"]["nghìn tỷ"] == 1e12


# --- values are finite and in range ---------------------------------------------------------------------


def test_a_numeral_too_long_to_be_a_statistic_is_skipped_never_infinite() -> None:
    import math

    from extractor.pipeline import extract_text

    huge = "9" * 320  # float("9" * 320) is infinity, which JSON writes as null
    text = f"Thanh tra tỉnh phát hiện sai phạm {huge} đồng, lưu đơn {huge} do trùng; thu hồi 5,6 tỷ đồng."
    assert [q.value for q in find_quantities(text)] == [5.6e9]
    assert read_number("1.234.567.890.123.456") is None  # 16 digits
    assert read_number("123.456.789.012.345") == 123456789012345  # 15 digits still read
    record = extract_text("huge", text)
    assert [f.value for f in record.figures] == [5.6e9]
    assert all(math.isfinite(f.value) for f in record.figures)
    written = json.loads(record.model_dump_json())["figures"]
    assert [f["value"] for f in written] == [5.6e9]  # a number, not null


@pytest.mark.parametrize(
    ("text", "value", "total"),
    [
        # n_101: a share of an amount, written with the scale after the slash
        ("đã thu 1.330/1.643 triệu đồng, còn lại", 1330e6, 1643e6),
        ("đã nộp ngân sách 2,4/3,1 tỷ đồng", 2.4e9, 3.1e9),
    ],
)
def test_a_share_of_an_amount(text: str, value: float, total: float) -> None:
    q = _one(text)
    assert (q.unit, q.value, q.total) == ("VND", pytest.approx(value), pytest.approx(total))
    assert text[q.num_start : q.num_end].count("/") == 1


@pytest.mark.parametrize(
    "text",
    [
        "Báo cáo kết quả giải quyết khiếu nại tố cáo 6 tháng đầu năm 2017",  # n_025's headline
        "công tác tiếp công dân, xử lý đơn 9 tháng năm 2025",
        "đơn 12 ngày",
    ],
)
def test_a_span_of_time_is_no_count_of_the_noun_before_it(text: str) -> None:
    assert find_quantities(text) == []


@pytest.mark.parametrize("text", ["phát triển 2 nền kinh tế", "mở 3 con đường mới", "có 4 sở hữu chung", "5 sân bay",
                                  "vì 3 xã hội", "tại trung tâm 6 xã tiểu khu 01"])  # the last: a place (n_027)
def test_a_classifier_that_starts_another_word_is_no_count(text: str) -> None:
    assert find_quantities(text) == []
