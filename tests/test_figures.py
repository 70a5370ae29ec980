"""Metric choice on real sentences (corpus) and on unseen phrasings: (sentence, [(metric, value), ...])."""

import pytest

from extractor.stages.figures import find_figures
from tests.helpers import article

CASES = [
    (
        "Qua thanh tra, kiểm tra, đã phát hiện sai phạm 160.596 triệu đồng và hơn 34.000m2 đất, kiến nghị thu hồi "
        "nộp ngân sách Nhà nước 85.487 triệu đồng, xử lý khác 42.736 triệu đồng, phạt hành chính 3.218 trường hợp "
        "với 32.372 triệu đồng.",
        [
            ("violation_amount", 160596e6),
            ("violation_land", 34000),
            ("recovery_recommended_amount", 85487e6),
            ("other_handling_amount", 42736e6),
            ("admin_penalties", 3218),
            ("admin_penalty_amount", 32372e6),
        ],
    ),
    (
        "Qua báo cáo 6 tháng đầu năm 2023 toàn Cụm thi đua triển khai 32/55 cuộc thanh tra, trong đó 13/32 cuộc "
        "theo kế hoạch; 18 cuộc đột xuất.",
        [("inspections", 32), ("inspections_planned", 13), ("inspections_unscheduled", 18)],
    ),
    ("Kết thúc 22 cuộc và kết luận 18 cuộc.", [("inspections_ended", 22), ("inspections_concluded", 18)]),
    (
        "Kết quả thanh tra, kiến nghị kiểm điểm 23 tập thể và 116 cá nhân có liên quan; chuyển 03 vụ việc sang "
        "cơ quan điều tra tiếp tục làm rõ.",
        [
            ("accountability_collectives", 23),
            ("accountability_individuals", 116),
            ("cases_to_investigation", 3),
        ],
    ),
    (
        "Công tác tiếp công dân thường xuyên 103 lượt, 118 người.",
        [("citizen_receptions", 103), ("citizens_received", 118)],
    ),
    (
        "Tiếp nhận 486 đơn, trong đó đủ điều kiện xử lý 227 đơn, không đủ điều kiện xử lý 161 đơn.",
        [("petitions_received", 486), ("petitions_eligible", 227), ("other", 161)],
    ),
    (
        "Kiến nghị thu hồi vào Ngân sách nhà nước hơn 71.5 tỷ đồng, 9.895 m2 đất; đã thu hồi trên 64.2 tỷ "
        "(đạt 89,72% tỷ lệ thu hồi).",
        [
            ("recovery_recommended_amount", 71.5e9),
            ("recovery_recommended_land", 9895),
            ("recovered_amount", 64.2e9),
            ("recovery_rate", 89.72),
        ],
    ),
    (
        "Đã tham mưu giải quyết xong 321 đơn thuộc thẩm quyền (đạt 88,4%).",
        [("complaints_resolved", 321), ("complaint_resolution_rate", 88.4)],
    ),
    (
        "Ban hành trên 1.510 Quyết định xử phạt vi phạm hành chính với tổng số tiền hơn 26 tỷ đồng.",
        [("admin_penalties", 1510), ("admin_penalty_amount", 26e9)],
    ),
    (
        "Thanh tra các tỉnh đã triển khai thực hiện 1.902 cuộc thanh tra, kiểm tra kinh tế-xã hội với trên 7.539 "
        "cá nhân, tổ chức.",
        [("inspections", 1902), ("inspected_entities", 7539)],
    ),
    ("Phát hiện 274 cá nhân, tổ chức vi phạm.", [("violating_entities", 274)]),
    (
        "Phấn đấu đôn đốc thu hồi về tiền và tài sản đạt tỷ lệ trên 70% số phải thu hồi trong năm.",
        [("target_rate", 70)],
    ),
    ("100% các đơn vị thanh tra trong cụm đã triển khai công tác thi đua.", [("other", 100)]),
    (
        "Đề nghị tặng Bằng khen cho 5 tập thể và 12 cá nhân có thành tích xuất sắc.",
        [("awards", 5), ("awards", 12)],
    ),
    # unseen phrasings
    ("Thanh tra tỉnh Gia Lai đã thu hồi được 1,2 nghìn tỷ đồng.", [("recovered_amount", 1.2e12)]),
    ("Kiến nghị thu hồi 0,5 ha đất sử dụng sai mục đích.", [("recovery_recommended_land", 5000)]),
    (
        "Các đoàn thanh tra kết thúc 12 cuộc, ban hành kết luận 10 cuộc.",
        [("inspections_ended", 12), ("inspections_concluded", 10)],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_metric_choice(sentence, expected):
    figs = find_figures(article(sentence))
    assert [(f.metric, pytest.approx(f.value)) for f in figs] == expected


def test_not_figures():
    text = (
        "Cụm thi đua số IV gồm thanh tra 7 tỉnh; kỷ niệm 74 năm ngày truyền thống; Nghị định số 33/2015/NĐ-CP "
        "ngày 27/3/2015; lần thứ V; 07 đơn vị thành viên trong Cụm."
    )
    assert find_figures(article(text)) == []


def test_figure_carries_span_and_sentence():
    art = article("Mở đầu. Năm 2019 phát hiện sai phạm 5,6 tỷ đồng, thu hồi 2 tỷ đồng. Kết thúc.")
    f, g = find_figures(art)
    assert art.text[f.span[0] : f.span[1]] == f.text == "5,6 tỷ đồng"
    assert f.sentence == "Năm 2019 phát hiện sai phạm 5,6 tỷ đồng, thu hồi 2 tỷ đồng."
    assert g.sentence is f.sentence  # one string per sentence, shared by its figures


def test_a_figure_from_a_very_long_sentence_shows_its_clause_with_ellipses():
    # A scrape without full stops: one sentence of 60 clauses, each with two figures.
    clause = "Thanh tra huyện {i} phát hiện sai phạm {i}.596 triệu đồng, kiến nghị thu hồi {i},5 tỷ đồng; "
    text = "".join(clause.format(i=i) for i in range(10, 70)) + "kết thúc."
    art = article(text)
    figs = find_figures(art)
    assert len(figs) == 120  # cutting the sentence loses no figure and no metric
    assert {f.metric for f in figs} == {"violation_amount", "recovery_recommended_amount"}
    for f in figs:
        assert len(f.sentence) <= 1000 and f.text in f.sentence
        assert f.sentence.startswith("…") or f.sentence.endswith("…")
        assert f.sentence.strip("…") in art.text
    middle = figs[60]
    assert middle.sentence.startswith("…") and middle.sentence.endswith("…")


def test_a_long_sentence_without_clause_marks_keeps_a_bounded_window():
    words = "và " + "kiến nghị thu hồi 12 tỷ đồng và tiếp tục rà soát các hồ sơ liên quan " * 80
    art = article("Thanh tra tỉnh" + words + ".")
    figs = find_figures(art)
    assert len(figs) == 80
    assert all(len(f.sentence) <= 2 * 240 + len(f.text) + 2 and f.text in f.sentence for f in figs)


def test_the_window_of_a_figure_from_a_long_sentence_is_its_clause():
    unit = "phát hiện sai phạm 160.596 triệu đồng, kiến nghị thu hồi 5,6 tỷ đồng và 49.424 m2 đất, " * 30
    figs = find_figures(article(unit))
    rate = [f for f in figs if f.text == "5,6 tỷ đồng"][10]
    assert rate.sentence == "…phát hiện sai phạm 160.596 triệu đồng, kiến nghị thu hồi 5,6 tỷ đồng và 49.424 m2 đất,…"
