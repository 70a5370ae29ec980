"""part_of (spec §2; gold/README.md "part_of" and the 2026-12 decisions R1, R7, X1): each rule on real corpus
sentences (doc id given; a test checks they occur in that article) and on phrasings of our own (None)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from extractor.stages.figures import find_figures
from tests.helpers import article

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

# (doc id or None, text, [(figure text, text of its whole or None), ...] for every figure)
CASES: list[tuple[str | None, str, list[tuple[str, str | None]]]] = [
    # a bracket right after its whole; organisations and individuals split a total
    ("art_032", "Số tiền xử phạt vi phạm hành chính là hơn 2,5 tỷ đồng (tổ chức hơn 1,6 tỷ đồng và cá nhân "
     "889,75 triệu đồng).",
     [("hơn 2,5 tỷ đồng", None), ("hơn 1,6 tỷ đồng", "hơn 2,5 tỷ đồng"), ("889,75 triệu đồng", "hơn 2,5 tỷ đồng")]),
    ("art_032", "Kết quả, phát hiện 100 cá nhân và 36 tổ chức vi phạm; ban hành 120 quyết định xử phạt vi phạm "
     "hành chính đối với 26 tổ chức và 94 cá nhân.",
     [("100 cá nhân", None), ("36 tổ chức", None), ("120 quyết định", None),
      ("26 tổ chức", "120 quyết định"), ("94 cá nhân", "120 quyết định")]),
    (None, "Thanh tra tỉnh Tuyên Quang ban hành 45 quyết định xử phạt đối với 12 tổ chức và 33 cá nhân với tổng "
     "số tiền 1,2 tỷ đồng (tổ chức 700 triệu đồng, cá nhân 500 triệu đồng).",
     [("45 quyết định", None), ("12 tổ chức", "45 quyết định"), ("33 cá nhân", "45 quyết định"),
      ("1,2 tỷ đồng", None), ("700 triệu đồng", "1,2 tỷ đồng"), ("500 triệu đồng", "1,2 tỷ đồng")]),
    # a breakdown word in the sentence: every part of the nearest whole it fits, across ';'
    ("001_2e1bbfb05ce767ee", "Tiếp nhận 486 đơn, trong đó đủ điều kiện xử lý 227 đơn, không đủ điều kiện xử lý "
     "161 đơn; đang xử lý 44 đơn; lưu đơn 54 do đơn trùng lắp và đơn mạo danh không đủ điều kiện xử lý.",
     [("486 đơn", None), ("227 đơn", "486 đơn"), ("161 đơn", "486 đơn"), ("44 đơn", "486 đơn"),
      ("đơn 54", "486 đơn")]),
    ("001_2e1bbfb05ce767ee", "Qua báo cáo 6 tháng đầu năm 2023 toàn Cụm thi đua triển khai 32/55 cuộc thanh tra, "
     "trong đó 13/32 cuộc theo kế hoạch; 18 cuộc đột xuất và thanh tra lại 01 cuộc.",
     [("32/55 cuộc thanh tra", None), ("13/32 cuộc", "32/55 cuộc thanh tra"), ("18 cuộc", "32/55 cuộc thanh tra"),
      ("01 cuộc", "32/55 cuộc thanh tra")]),
    # the parts of a whole never add up to more than it: once the breakdown is complete, a figure is its own
    ("n_073", "Trong năm 2020, Thanh tra 9 huyện miền núi tổ chức 42 cuộc thanh tra hành chính; trong đó 28 cuộc "
     "theo kế hoạch, 10 cuộc đột xuất và 4 cuộc năm 2019 chuyển sang; tổ chức 41 cuộc thanh tra và kết luận thanh "
     "tra thi hành Luật khiếu nại",
     [("42 cuộc thanh tra", None), ("28 cuộc", "42 cuộc thanh tra"), ("10 cuộc", "42 cuộc thanh tra"),
      ("4 cuộc", "42 cuộc thanh tra"), ("41 cuộc thanh tra", None)]),
    (None, "Năm 2025, Thanh tra huyện Đăk Hà tiếp nhận 60 đơn, trong đó 35 đơn khiếu nại, 25 đơn kiến nghị; đã "
     "chuyển 50 đơn đến cơ quan có thẩm quyền.",
     [("60 đơn", None), ("35 đơn khiếu nại", "60 đơn"), ("25 đơn kiến nghị", "60 đơn"), ("50 đơn", None)]),
    # a part with no cue of its own has no metric to match: the nearest whole it fits
    ("n_060", "Kết quả đã giải quyết 31/35 vụ khiếu nại, đạt 88,5%. Trong đó có 4 vụ khiếu nại đúng chiếm 12,90%, "
     "9 vụ khiếu nại đúng một phần chiếm 29,03%; 18 vụ khiếu nại sai, chiếm 58,06%.",
     [("31/35 vụ khiếu nại", None), ("88,5%", None), ("4 vụ khiếu nại", "31/35 vụ khiếu nại"), ("12,90%", None),
      ("9 vụ khiếu nại", "31/35 vụ khiếu nại"), ("29,03%", None), ("18 vụ khiếu nại", "31/35 vụ khiếu nại"),
      ("58,06%", None)]),
    (None, "Năm 2025, Thanh tra tỉnh Bình Thuận tiếp nhận 70 đơn và đã giải quyết 40 đơn khiếu nại. Trong đó, 12 "
     "đơn khiếu nại đúng, 28 đơn khiếu nại sai.",
     [("70 đơn", None), ("40 đơn khiếu nại", None), ("12 đơn khiếu nại", "40 đơn khiếu nại"),
      ("28 đơn khiếu nại", "40 đơn khiếu nại")]),
    # a unit (đơn vị) is any body: its kinds break it down
    ("n_057", "Cụ thể, ngay sau khi nhận được Kết luận của Thanh tra Chính phủ về những vi phạm trong quản lý nhà "
     "nước về đất đai tại Kiên Giang, Chủ tịch UBND tỉnh này đã ban hành Kế hoạch cho 24 đơn vị liên quan gồm 11 "
     "sở và 13 huyện, thành phố thực hiện.",
     [("24 đơn vị", None), ("11 sở", "24 đơn vị")]),
    (None, "Đoàn kiểm tra làm việc với 30 đơn vị, gồm 12 trường học, 8 cơ sở y tế và 10 doanh nghiệp.",
     [("30 đơn vị", None), ("12 trường học", "30 đơn vị"), ("8 cơ sở", "30 đơn vị"), ("10 doanh nghiệp", "30 đơn vị")]),
    # "Kết quả" right before the first figure: the results of what the sentence before counted
    ("n_060", "Về giải quyết đơn tố cáo, các cơ quan hành chính Nhà nước các cấp đã giải quyết 5/5 vụ, đạt 100%. "
     "Kết quả 1 vụ tố cáo đúng, 2 vụ tố cáo sai, 2 vụ  tố cáo đúng một phần.",
     [("5/5 vụ", None), ("100%", None), ("1 vụ tố cáo", "5/5 vụ"), ("2 vụ tố cáo", "5/5 vụ"),
      ("2 vụ  tố cáo", "5/5 vụ")]),
    (None, "Thanh tra huyện Tuy Phước đã giải quyết 12 đơn khiếu nại. Kết quả: 3 đơn khiếu nại đúng, 9 đơn khiếu "
     "nại sai. Kết quả, phát hiện 4 cá nhân vi phạm.",
     [("12 đơn khiếu nại", None), ("3 đơn khiếu nại", "12 đơn khiếu nại"), ("9 đơn khiếu nại", "12 đơn khiếu nại"),
      ("4 cá nhân", None)]),
    # a classification sorts the whole's own items: every kind is a part, its metric its own (S4)
    ("art_015", "Riêng tại trụ sở tiếp công dân của UBND tỉnh thông qua công tác tiếp dân định kỳ ngày "
     "15/4/2017, có 07 lượt công dân đến khiếu nại, kiến nghị, phản ánh. Qua phân loại bộ phận xử lý tiếp công "
     "dân đã tiếp nhận đơn để xử lý với 04 trường hợp; giải thích, hướng dẫn 03 lượt công dân đến cơ quan có "
     "thẩm quyền theo quy định.",
     [("07 lượt công dân", None), ("04 trường hợp", "07 lượt công dân"), ("03 lượt công dân", "07 lượt công dân")]),
    ("n_101", "Trong công tác giải quyết khiếu nại, tố cáo, các cơ quan hành chính các cấp tiếp nhận và xử lý 3.138 "
     "đơn. Qua phân loại, có 1.389 đơn thuộc thẩm quyền giải quyết, 1.749 đơn không thuộc thẩm quyền, đơn phản "
     "ánh, kiến nghị, đơn trùng",
     [("3.138 đơn", None), ("1.389 đơn", "3.138 đơn"), ("1.749 đơn", "3.138 đơn")]),
    (None, "Năm 2025, Thanh tra tỉnh Hậu Giang tiếp nhận 90 đơn. Qua phân loại, 60 đơn đủ điều kiện xử lý, 30 đơn "
     "trùng lặp. Trong đó, đang xử lý 12 đơn.",
     [("90 đơn", None), ("60 đơn", "90 đơn"), ("30 đơn", "90 đơn"), ("12 đơn", None)]),
    # rates are never parts, not even of the rate before them
    ("n_061", "Kết quả, đã giải quyết 13/13 đơn khiếu nại (đạt tỷ lệ 100%), giải quyết 12/12 đơn kiến nghị, phản "
     "ánh (đạt tỷ lệ 100%).",
     [("13/13 đơn khiếu nại", None), ("100%", None), ("12/12 đơn kiến nghị, phản ánh", None), ("100%", None)]),
    # nested: the bracket's parts to the figure before it, the next item to the whole of "trong đó"
    ("art_028", "Trong năm 2024, Thanh tra tỉnh Quảng Nam triển khai 32 cuộc thanh tra; trong đó triển khai trong "
     "kỳ 22 cuộc (10 cuộc đột xuất), kỳ trước chuyển sang 10 cuộc (6 cuộc đột xuất).",
     [("32 cuộc thanh tra", None), ("22 cuộc", "32 cuộc thanh tra"), ("10 cuộc", "22 cuộc"),
      ("10 cuộc", "32 cuộc thanh tra"), ("6 cuộc", "10 cuộc")]),
    # R1: what is recommended after a violation amount is never a part of it, even after "trong đó"
    ("art_022", "Trong tháng 5/2023, toàn ngành Thanh tra Hà Tĩnh đã thực hiện 75 cuộc thanh tra, kiểm tra; phát "
     "hiện sai phạm tại 11 tổ chức, cá nhân với tổng số tiền sai phạm 500 triệu đồng (trong đó, kiến nghị thu "
     "hồi 239 triệu đồng, xử lý khác 261 triệu đồng), kiến nghị kiểm điểm rút kinh nghiệm các cá nhân liên quan "
     "đến các sai phạm.",
     [("75 cuộc thanh tra, kiểm tra", None), ("11 tổ chức", None), ("500 triệu đồng", None), ("239 triệu đồng", None),
      ("261 triệu đồng", None)]),
    # …but the split of a recommended handling is a breakdown
    ("n_018", "Đã kiến nghị xử lý về kinh tế với số tiền hơn 83,6 tỷ đồng, trong đó thu hồi nộp ngân sách Nhà "
     "nước hơn 4,7 tỷ đồng; kiến nghị loại ra khỏi giá trị quyết toán công trình và kiến nghị khác gần 79 tỷ đồng",
     [("hơn 83,6 tỷ đồng", None), ("hơn 4,7 tỷ đồng", "hơn 83,6 tỷ đồng"), ("gần 79 tỷ đồng", "hơn 83,6 tỷ đồng")]),
    # X1: stages of work are never parts of one another
    ("n_103", "Kết thúc 27 cuộc thanh tra hành chính, trong đó đã ban hành kết luận 21 cuộc.",
     [("27 cuộc thanh tra", None), ("21 cuộc", None)]),
    ("art_013", "Lĩnh vực tài chính, ngân sách, các cấp cũng đã tiến hành 13 cuộc thanh tra, trong đó 7 cuộc đã có "
     "kết luận, với tổng số tiền sai phạm gần 5,3 tỷ đồng.",
     [("13 cuộc thanh tra", None), ("7 cuộc", None), ("gần 5,3 tỷ đồng", None)]),
    ("art_034", "Trong năm, Thanh tra tỉnh đôn đốc 95 kết luận, trong đó 90 kết luận đã hoàn thành.",
     [("95 kết luận", None), ("90 kết luận", None)]),
    ("art_029", "Về xử lý hành chính, trong tổng số 24 tổ chức, 136 cá nhân phải xử lý, đến nay đã xử lý 09 tổ "
     "chức, 76 cá nhân.",
     [("24 tổ chức", None), ("136 cá nhân", None), ("09 tổ chức", None), ("76 cá nhân", None)]),
    (None, "Năm 2025, Thanh tra tỉnh kiến nghị thu hồi 12 tỷ đồng (đã thu 9,5 tỷ đồng, đạt 79%); tiếp nhận 310 "
     "đơn, trong đó đã giải quyết xong 280 đơn.",
     [("12 tỷ đồng", None), ("9,5 tỷ đồng", None), ("79%", None), ("310 đơn", None), ("280 đơn", None)]),
    # "Trong số N …": the whole stands after the word
    ("n_142", "Trong số 16 công trình xây dựng đã được thanh tra có 16 công trình do Ban quản lý đầu tư xây dựng và "
     "Phòng kinh tế – hạ tầng huyện Tây Hòa làm chủ đầu tư, 6 công trình do UBND các xã Hòa Đồng, Hòa Mỹ Đông, "
     "Hòa Phú, thị trấn Phú Thứ làm chủ đầu tư.",
     [("16 công trình", None), ("16 công trình", "16 công trình"), ("6 công trình", "16 công trình")]),
    # changes against another period, and rates, are never parts
    ("n_134", "Theo báo cáo của Thanh tra tỉnh Bắc Ninh, 9 tháng đầu năm 2023, toàn tỉnh đã tiếp 3.348 lượt công "
     "dân (tăng 818 lượt công dân so với cùng kỳ năm 2022) với 5.195 người và 2.495 vụ việc (2.065 vụ tiếp nhiều "
     "lần, có 430 vụ tiếp lần đầu); có 87 đoàn đông người với 1.960 người.",
     [("3.348 lượt công dân", None), ("818 lượt công dân", None), ("5.195 người", None),
      ("2.495 vụ việc", None), ("2.065 vụ", "2.495 vụ việc"), ("430 vụ", "2.495 vụ việc"), ("87 đoàn", None),
      ("1.960 người", None)]),
    # a split of inspections by kind needs no breakdown word
    (None, "Năm 2025, Thanh tra tỉnh Yên Bái thực hiện 49 cuộc thanh tra, theo kế hoạch 42, đột xuất 07.",
     [("49 cuộc thanh tra", None), ("theo kế hoạch 42", "49 cuộc thanh tra"), ("đột xuất 07", "49 cuộc thanh tra")]),
    (None, "Toàn ngành triển khai 73 cuộc thanh tra hành chính. Có 58 cuộc thanh tra theo kế hoạch và 15 cuộc "
     "thanh tra đột xuất.",
     [("73 cuộc thanh tra", None), ("58 cuộc thanh tra", "73 cuộc thanh tra"),
      ("15 cuộc thanh tra", "73 cuộc thanh tra")]),
    # a sentence that opens with a breakdown word: like for like to the sentences before, and it runs on
    (None, "Năm 2024, toàn tỉnh Kon Tum triển khai 120 cuộc thanh tra, phát hiện vi phạm 40 tỷ đồng, kiến nghị xử "
     "lý 30 tỷ đồng. Trong đó, Thanh tra tỉnh triển khai 25 cuộc, phát hiện vi phạm 12 tỷ đồng, kiến nghị thu hồi "
     "8 tỷ đồng.\n\nThanh tra các sở, huyện triển khai 95 cuộc, phát hiện vi phạm 28 tỷ đồng.\n\nNăm 2025, tỉnh "
     "sẽ triển khai 130 cuộc thanh tra.",
     [("120 cuộc thanh tra", None), ("40 tỷ đồng", None), ("30 tỷ đồng", None), ("25 cuộc", "120 cuộc thanh tra"),
      ("12 tỷ đồng", "40 tỷ đồng"), ("8 tỷ đồng", None), ("95 cuộc", "120 cuộc thanh tra"),
      ("28 tỷ đồng", "40 tỷ đồng"), ("130 cuộc thanh tra", None)]),
    # "Riêng …" is a separate matter, and a part written before its total (R7) has no whole
    ("art_015", "Riêng tại trụ sở tiếp công dân của UBND tỉnh thông qua công tác tiếp dân định kỳ ngày 15/4/2017, "
     "có 07 lượt công dân đến khiếu nại, kiến nghị, phản ánh.", [("07 lượt công dân", None)]),
    (None, "Thanh tra tỉnh tiếp 210 lượt công dân. Trong đó, tiếp thường xuyên 150 lượt. Riêng Chủ tịch UBND tỉnh "
     "tiếp định kỳ 12 lượt.",
     [("210 lượt công dân", None), ("150 lượt", "210 lượt công dân"), ("12 lượt", None)]),
    (None, "Sai phạm tại huyện A 1,2 tỷ đồng, tại huyện B 0,8 tỷ đồng. Tổng số tiền sai phạm là 2 tỷ đồng.",
     [("1,2 tỷ đồng", None), ("0,8 tỷ đồng", None), ("2 tỷ đồng", None)]),
]


def _parts(text: str) -> list[tuple[str, str | None]]:
    return [(f.text, f.part_of) for f in find_figures(article(text))]


@pytest.mark.parametrize(("doc_id", "text", "expected"), CASES, ids=[f"{c[0] or 'new'}:{c[1][:40]}" for c in CASES])
def test_part_of(doc_id, text, expected):
    assert _parts(text) == expected


def test_corpus_cases_are_real():
    for doc_id, text, _ in CASES:
        if doc_id is not None:
            article_text = unicodedata.normalize("NFC", (CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8"))
            assert text in article_text, (doc_id, text[:60])
    assert sum(c[0] is None for c in CASES) >= 6


def test_every_part_names_a_figure_stated_before_it():
    text = (CORPUS / "art_028.txt").read_text(encoding="utf-8")
    figs = find_figures(article(unicodedata.normalize("NFC", text)))
    for i, f in enumerate(figs):
        if f.part_of is not None:
            assert f.part_of in [g.text for g in figs[:i]]


# Breakdowns repeated: in one long sentence, and over many sentences that open with a breakdown word; and
# percentages on one long line (each is checked for being a page's zoom control, within a bounded window).
WORST = {
    "percentages on one line": "89,72% ",
    "breakdowns in one sentence": "Tiếp nhận 486 đơn, trong đó đủ điều kiện xử lý 227 đơn (khiếu nại 120 đơn, "
                                  "tố cáo 107 đơn); ",
    "sentence openers": "Toàn tỉnh triển khai 120 cuộc thanh tra. Trong đó, Thanh tra tỉnh triển khai 25 cuộc, "
                        "phát hiện vi phạm 2 tỷ đồng. Cụ thể: 10 cuộc theo kế hoạch, 15 cuộc đột xuất. ",
}


@pytest.mark.parametrize("unit", list(WORST.values()), ids=list(WORST))
def test_part_of_grows_linearly(unit: str) -> None:
    from tests.test_linear import _check

    _check(unit)
