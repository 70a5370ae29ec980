"""Table tests for the number reader (extractor/stages/numbers.py), in the manner of price-parser's tests.

CORPUS rows are strings copied verbatim from corpus/*.txt (a test checks they really occur there),
each with every quantity `find_quantities` must return, in order: (value, unit, qualifier, total).
EXTRA rows are realistic strings in styles the corpus lacks. NEGATIVE rows must yield nothing.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from extractor.stages.numbers import find_quantities, read_amount, read_number

C, V, M, P = "count", "VND", "m2", "percent"
E, MT, LT, AB = "exact", "more_than", "less_than", "about"

Row = tuple[str, list[tuple[float, str, str, float | None]]]

CORPUS: list[Row] = [
    # money: thousands dot before triệu, decimal comma, dot-as-decimal before tỷ, tỷ/tỉ, bare triệu
    ("đã phát hiện sai phạm 160.596 triệu đồng", [(160_596_000_000, V, E, None)]),
    ("kiến nghị thu hồi nộp ngân sách Nhà nước 85.487 triệu đồng", [(85_487_000_000, V, E, None)]),
    ("xử lý khác 42.736 triệu đồng", [(42_736_000_000, V, E, None)]),
    (
        "phạt hành chính 3.218 trường hợp với 32.372 triệu đồng",
        [(3218, C, E, None), (32_372_000_000, V, E, None)],
    ),
    ("phát hiện sai phạm về kinh tế 46.237 triệu đồng", [(46_237_000_000, V, E, None)]),
    (
        "đã thu hồi 42.168 triệu đồng, xử lý khác 1.478 triệu đồng",
        [(42_168_000_000, V, E, None), (1_478_000_000, V, E, None)],
    ),
    ("đã thu hồi được 2.369 triệu đồng", [(2_369_000_000, V, E, None)]),
    ("đóng góp số tiền hơn 46 triệu đồng… Ngoài ra", [(46_000_000, V, MT, None)]),
    (
        "phát hiện vi phạm trên 100 tỷ đồng, 49.424 m2 đất",
        [(100_000_000_000, V, MT, None), (49424, M, E, None)],
    ),
    (
        "kiến nghị thu hồi vào Ngân sách nhà nước hơn 71.5 tỷ đồng, 9.895 m2 đất",
        [(71_500_000_000, V, MT, None), (9895, M, E, None)],
    ),
    (
        "đã thu hồi trên 64.2 tỷ (đạt 89,72% tỷ lệ thu hồi)",
        [(64_200_000_000, V, MT, None), (89.72, P, E, None)],
    ),
    ("với tổng số tiền hơn 26 tỷ đồng", [(26_000_000_000, V, MT, None)]),
    ("kiến nghị xử lý tổng số tiền trên 125 tỷ đồng", [(125_000_000_000, V, MT, None)]),
    ("phát hiện sai phạm về kinh tế hơn 26,2 tỷ đồng", [(26_200_000_000, V, MT, None)]),
    ("với tổng giá trị gần 6 tỷ đồng", [(6_000_000_000, V, AB, None)]),
    ("với tổng số tiền sai phạm gần 5,3 tỷ đồng", [(5_300_000_000, V, AB, None)]),
    ("thu hồi về cho ngân sách Nhà nước gần 11,2 tỷ đồng", [(11_200_000_000, V, AB, None)]),
    ("phát hiện số tiền sai phạm trên 14,25 tỷ đồng", [(14_250_000_000, V, MT, None)]),
    (
        "phát hiện 673 trường hợp sai phạm với số tiền 1,12 tỷ đồng",
        [(673, C, E, None), (1_120_000_000, V, E, None)],
    ),
    (
        "Kiến nghị thu hồi 12.694,6 triệu đồng và 109 m2 đất (đã thu hồi 5.985,5 triệu đồng)",
        [(12_694_600_000, V, E, None), (109, M, E, None), (5_985_500_000, V, E, None)],
    ),
    (
        "kiến nghị xử lý khác 828,4 triệu đồng và 33.513 m2 đất",
        [(828_400_000, V, E, None), (33513, M, E, None)],
    ),
    (
        "phát hiện vi phạm 13.523 triệu đồng và 33.622 m2 đất",
        [(13_523_000_000, V, E, None), (33622, M, E, None)],
    ),
    ("đã đôn đốc thu hồi số tiền 680 triệu của 6 đơn vị", [(680_000_000, V, E, None), (6, C, E, None)]),
    ("với tổng số tiền sai phạm hơn 11,8 tỷ đồng", [(11_800_000_000, V, MT, None)]),
    ("Đã thu hồi được hơn 1,9 tỷ đồng phải thu hồi", [(1_900_000_000, V, MT, None)]),
    ("kiến nghị giảm trừ quyết toán hơn 280,5 triệu đồng", [(280_500_000, V, MT, None)]),
    (
        "xử phạt với tổng số tiền hơn 367,2 triệu đồng (đạt tỷ lệ 100%)",
        [(367_200_000, V, MT, None), (100, P, E, None)],
    ),
    (
        "phát hiện 27 địa phương, đơn vị vi phạm với số tiền hơn 42,1 tỷ đồng",
        [(27, C, E, None), (42_100_000_000, V, MT, None)],
    ),
    ("đã thu hồi (tạm giữ chờ xử lý) hơn 3,7 tỷ đồng", [(3_700_000_000, V, MT, None)]),
    ("phát hiện  07 đơn vị sai phạm kinh tế 4,812 tỷ đồng", [(7, C, E, None), (4_812_000_000, V, E, None)]),
    (
        "kiến nghị thu hồi khác 1,239 tỷ đồng và xử lý 03 tập thể và 06 cá nhân sai phạm",
        [(1_239_000_000, V, E, None), (3, C, E, None), (6, C, E, None)],
    ),
    (
        "kiến nghị thu hồi cho nhà nước 253 triệu đồng và hơn 2,838 triệu m2 đất các loại",
        [(253_000_000, V, E, None), (2_838_000, M, MT, None)],
    ),
    (
        "sai phạm về kinh tế 7.688 triệu đồng và 368.905 m2 đất các loại",
        [(7_688_000_000, V, E, None), (368905, M, E, None)],
    ),
    (
        "với tổng số tiền sai phạm 500 triệu đồng (trong đó, kiến nghị thu hồi 239 triệu đồng, "
        "xử lý khác 261 triệu đồng)",
        [(500_000_000, V, E, None), (239_000_000, V, E, None), (261_000_000, V, E, None)],
    ),
    (
        "tổng số tiền sai phạm 2.398.470.325 đồng và 100 ha đất",
        [(2_398_470_325, V, E, None), (1_000_000, M, E, None)],
    ),
    (
        "Nhà nước 1.345.502.670 đồng, thu hồi về đơn vị 34.319.655 đồng",
        [(1_345_502_670, V, E, None), (34_319_655, V, E, None)],
    ),
    ("kiến nghị xử lý khác trên 1 tỷ đồng", [(1_000_000_000, V, MT, None)]),
    (
        "kiến nghị thu ngân sách Nhà nước trên 3,5 tỷ đồng, hiện đã thu gần 2,6 tỷ đồng, đạt 72%",
        [(3_500_000_000, V, MT, None), (2_600_000_000, V, AB, None), (72, P, E, None)],
    ),
    ("kiến nghị điều chỉnh quyết toán 524 triệu đồng", [(524_000_000, V, E, None)]),
    (
        "chuyển cơ quan điều tra 2 vụ, 2 người với số tiền 297 triệu đồng",
        [(2, C, E, None), (2, C, E, None), (297_000_000, V, E, None)],
    ),
    (
        "hỗ trợ bổ sung cho công dân 836,5 triệu đồng, 87.715m2 đất các loại",
        [(836_500_000, V, E, None), (87715, M, E, None)],
    ),
    (
        "với số tiền hơn 1,7 tỷ đồng, kiến nghị thu hồi nộp ngân sách Nhà nước hơn 117 triệu đồng",
        [(1_700_000_000, V, MT, None), (117_000_000, V, MT, None)],
    ),
    (
        "đối với 1 tổ chức, 5 cá nhân với số tiền 10,3 triệu đồng",
        [(1, C, E, None), (5, C, E, None), (10_300_000, V, E, None)],
    ),
    ("có nguy cơ gây thất thoát (tạm tính) hơn 4,8 tỷ đồng .", [(4_800_000_000, V, MT, None)]),
    ("lập chứng từ giả mạo thanh toán gần 1,6 tỷ đồng ;", [(1_600_000_000, V, AB, None)]),
    ("vì vụ lợi hơn 115 triệu đồng.", [(115_000_000, V, MT, None)]),
    (
        "thu hồi 2,3 tỉ đồng, 18 ha đất, kiến nghị xử lý khác 1,8 tỉ đồng",
        [(2_300_000_000, V, E, None), (180_000, M, E, None), (1_800_000_000, V, E, None)],
    ),
    (
        "phát hiện 17 đơn vị vi phạm với số tiền 736 triệu đồng, thu hồi kịp thời 388 triệu đồng",
        [(17, C, E, None), (736_000_000, V, E, None), (388_000_000, V, E, None)],
    ),
    ("phát hiện sai phạm hơn 20 tỷ đồng (QNO) - Trong năm 2024", [(20_000_000_000, V, MT, None)]),
    ("giảm trừ giá trị quyết toán và xử lý khác hơn 8,7 tỷ đồng", [(8_700_000_000, V, MT, None)]),
    ("phát hiện có vi phạm là 7.678 triệu đồng.", [(7_678_000_000, V, E, None)]),
    (
        "Kiến nghị thu hồi về ngân sách 7.391 triệu đồng và xử lý khác 287 triệu đồng",
        [(7_391_000_000, V, E, None), (287_000_000, V, E, None)],
    ),
    (
        "tổng số tiền phải thu 7.515 triệu đồng, đã thu được 4.180 triệu đồng",
        [(7_515_000_000, V, E, None), (4_180_000_000, V, E, None)],
    ),
    (
        "kiến nghị thu hồi nộp ngân sách Nhà nước 5,32 tỷ đồng và 9,6ha đất",
        [(5_320_000_000, V, E, None), (96_000, M, E, None)],
    ),
    (
        "kiến nghị xử lý khác 29,7 tỷ đồng và 372,4ha đất",
        [(29_700_000_000, V, E, None), (3_724_000, M, E, None)],
    ),
    ("với tổng số tiền 30,7 tỷ đồng và 49ha đất", [(30_700_000_000, V, E, None), (490_000, M, E, None)]),
    (
        "kiến nghị thu hồi 1,4 tỷ đồng (đã thu 1,36 tỷ đồng, đạt tỷ lệ 97%) và 8,3ha đất",
        [(1_400_000_000, V, E, None), (1_360_000_000, V, E, None), (97, P, E, None), (83_000, M, E, None)],
    ),
    ("kiến nghị xử lý khác 29,3 tỷ đồng và 40ha đất", [(29_300_000_000, V, E, None), (400_000, M, E, None)]),
    (
        "ban hành 1.027 quyết định xử phạt vi phạm hành chính với tổng số tiền 4,34 tỷ đồng",
        [(1027, C, E, None), (4_340_000_000, V, E, None)],
    ),
    ("kiến nghị thu hồi 38,5 tỷ đồng", [(38_500_000_000, V, E, None)]),
    (
        "kiến nghị thu hồi về kinh tế trên 47,6 tỷ đồng, hơn 223m2 đất",
        [(47_600_000_000, V, MT, None), (223, M, MT, None)],
    ),
    ("đã nộp ngân sách Nhà nước trên 8 tỷ đồng", [(8_000_000_000, V, MT, None)]),
    ("số tiền 454,48 triệu đồng", [(454_480_000, V, E, None)]),
    ("xử lý khác về kinh tế số tiền 341,58 triệu đồng", [(341_580_000, V, E, None)]),
    (
        "là hơn 2,5 tỷ đồng (tổ chức hơn 1,6 tỷ đồng và cá nhân 889,75 triệu đồng)",
        [(2_500_000_000, V, MT, None), (1_600_000_000, V, MT, None), (889_750_000, V, E, None)],
    ),
    (
        "với tổng số tiền 2.767,8 triệu đồng, đã thu hồi 2.436,3 triệu đồng",
        [(2_767_800_000, V, E, None), (2_436_300_000, V, E, None)],
    ),
    (
        "với số tiền 544,6 triệu đồng, kiến nghị xử lý và đã thu hồi 381,5 triệu đồng, "
        "xử lý khác 163,1 triệu đồng",
        [(544_600_000, V, E, None), (381_500_000, V, E, None), (163_100_000, V, E, None)],
    ),
    ("nộp ngân sách số tiền 1.643,1 triệu.", [(1_643_100_000, V, E, None)]),
    ("kiến nghị thu hồi ngân sách hơn 104 tỉ đồng 04/02/2026 15:30", [(104_000_000_000, V, MT, None)]),
    (
        "hơn 121,3 tỉ đồng và trên 1,2 triệu m² đất",
        [(121_300_000_000, V, MT, None), (1_200_000, M, MT, None)],
    ),
    ("hơn 104,3 tỉ đồng và 147.076 m² đất", [(104_300_000_000, V, MT, None), (147_076, M, E, None)]),
    ("Kết quả đã thu hồi hơn 170,8 tỉ đồng;", [(170_800_000_000, V, MT, None)]),
    ("kiến nghị xử lý thu hồi 26,9 tỷ đồng", [(26_900_000_000, V, E, None)]),
    (
        "chỉ phải thu hồi 4,6m2 đất nông nghiệp của thửa đất số 18, tờ bản đồ số 13, khối 4",
        [(4.6, M, E, None)],
    ),
    ("đã thu hồi hơn 300m2, bồi thường 860 triệu cho bà Hà", [(300, M, MT, None), (860_000_000, V, E, None)]),
    ("sử dụng đất lên tới 40.508 m2.", [(40508, M, E, None)]),
    # percentages
    ("100% các đơn vị thanh tra trong cụm", [(100, P, E, None)]),
    ("đã giải quyết xong 321 đơn thuộc thẩm quyền (đạt 88,4%)", [(321, C, E, None), (88.4, P, E, None)]),
    ("đạt tỷ lệ trên 70% số phải thu hồi", [(70, P, MT, None)]),
    ("phấn đấu ít nhất 90% công chức hoàn thành tốt nhiệm vụ", [(90, P, MT, None)]),
    (
        "543 đơn, giảm 55 đơn, bằng 89,9% so với cùng kỳ",
        [(543, C, E, None), (55, C, E, None), (89.9, P, E, None)],
    ),
    ("Kết quả đã giải quyết 522 đơn, đạt 96,13%.", [(522, C, E, None), (96.13, P, E, None)]),
    ("thuộc thẩm quyền, đạt tỷ lệ 88,1%.", [(88.1, P, E, None)]),
    ("37/40 vụ KN,TC được giao, đạt tỷ lệ 92,5%.", [(37, C, E, 40), (92.5, P, E, None)]),
    (
        "Các cơ quan đã giải quyết 713/743 vụ việc thuộc thẩm quyền, đạt tỉ lệ 96%.",
        [(713, C, E, 743), (96, P, E, None)],
    ),
    ("8.417/10.154 kết luận, đạt tỷ lệ 82,89%.", [(8417, C, E, 10154), (82.89, P, E, None)]),
    (
        "1.141 lượt người, tăng 32 lượt người, bằng 103% so cùng kỳ",
        [(1141, C, E, None), (32, C, E, None), (103, P, E, None)],
    ),
    # counts, totals, leading zeros, two nouns across a slash
    ("triển khai 32/55 cuộc thanh tra, trong đó 13/32 cuộc theo kế hoạch;", [(32, C, E, 55), (13, C, E, 32)]),
    ("18 cuộc đột xuất và thanh tra lại 01 cuộc.", [(18, C, E, None), (1, C, E, None)]),
    ("Kết thúc 22 cuộc và kết luận 18 cuộc.", [(22, C, E, None), (18, C, E, None)]),
    ("kiểm điểm 23 tập thể và 116 cá nhân có liên quan;", [(23, C, E, None), (116, C, E, None)]),
    ("chuyển 03 vụ việc sang cơ quan điều tra", [(3, C, E, None)]),
    ("Kết quả có 40 cơ quan đơn vị, doanh nghiệp là đối tượng thanh tra", [(40, C, E, None)]),
    ("trong đó 04 cơ quan hành chính nhà nước và 36 doanh nghiệp.", [(4, C, E, None), (36, C, E, None)]),
    ("Công tác tiếp công dân thường xuyên 103 lượt, 118 người.", [(103, C, E, None), (118, C, E, None)]),
    (
        "Tiếp nhận 486 đơn, trong đó đủ điều kiện xử lý 227 đơn, không đủ điều kiện xử lý 161 đơn;",
        [(486, C, E, None), (227, C, E, None), (161, C, E, None)],
    ),
    ("đang xử lý 44 đơn; lưu đơn 54 do đơn trùng lắp", [(44, C, E, None), (54, C, E, None)]),
    ("thuộc thẩm quyền của Chánh Thanh tra tỉnh 02 vụ đã giải quyết xong;", [(2, C, E, None)]),
    ("xác minh KNTC 120 vụ, tham mưu giải quyết xong 93 vụ.", [(120, C, E, None), (93, C, E, None)]),
    ("theo yêu cầu công việc 11 công chức.", [(11, C, E, None)]),
    ("toàn Cụm đã cử 80 lượt công chức đi đào tạo bồi dưỡng.", [(80, C, E, None)]),
    (
        "triển khai thực hiện 1.902 cuộc thanh tra, kiểm tra kinh tế-xã hội với trên 7.539 cá nhân, tổ chức.",
        [(1902, C, E, None), (7539, C, MT, None)],
    ),
    ("Ban hành trên 1.510 Quyết định xử phạt vi phạm hành chính", [(1510, C, MT, None)]),
    ("Kiến nghị xử lý hành chính 36 tổ chức, 453 cá nhân.", [(36, C, E, None), (453, C, E, None)]),
    ("đã tiếp 10.565 lượt với 11.377 công dân đến KNTC", [(10565, C, E, None), (11377, C, E, None)]),
    ("Tiếp nhận tổng số 14.204 đơn thư các loại", [(14204, C, E, None)]),
    ("Số đơn thư đủ điều kiện xử lý là 11.301 đơn thư.", [(11301, C, E, None)]),
    ("Thanh tra các tỉnh trong cụm đã triển khai 5.486 cuộc thanh tra, kiểm tra", [(5486, C, E, None)]),
    ("Kết thúc cuộc kiểm tra, hai đơn vị đã ký biên bản kiểm tra", [(2, C, E, None)]),
    (
        "Trong 7 đoàn thanh tra đã kết thúc thì mới ban hành được 2 kết luận thanh tra.",
        [(7, C, E, None), (2, C, E, None)],
    ),
    ("bảo hiểm y tế tại 25 doanh nghiệp trên địa bàn tỉnh...", [(25, C, E, None)]),
    ("toàn tỉnh tiếp được 259 lượt công dân/316 người đến khiếu nại", [(259, C, E, None), (316, C, E, None)]),
    # a reception count "A/B người" is A lượt / B người (161 + 98 = 259 lượt, 201 + 115 = 316 người)
    ("Trong đó, tiếp thường xuyên 161/201 người;", [(161, C, E, None), (201, C, E, None)]),
    ("tiếp định kỳ 98 lượt /115 người.", [(98, C, E, None), (115, C, E, None)]),
    ("tiếp dân định kỳ ngày 15/4/2017, có 07 lượt công dân đến khiếu nại", [(7, C, E, None)]),
    ("đã tiếp nhận đơn để xử lý với 04 trường hợp;", [(4, C, E, None)]),
    ("triển khai 33 cuộc thanh tra, kiểm tra tại 36 đơn vị", [(33, C, E, None), (36, C, E, None)]),
    ("Thanh tra tỉnh Quảng Ninh đã ban hành 1 kết luận thanh tra", [(1, C, E, None)]),
    (
        "Đã xử lý hành chính đối với 1/3 tập thể và 13/163 cá nhân có vi phạm.",
        [(1, C, E, 3), (13, C, E, 163)],
    ),
    (
        "đối với 2.427 cá nhân, tổ chức (giảm 21 cuộc so với cùng kỳ năm 2018)",
        [(2427, C, E, None), (21, C, E, None)],
    ),
    (
        "phát hiện 274 cá nhân, tổ chức vi phạm; ban hành 74 quyết định xử phạt",
        [(274, C, E, None), (74, C, E, None)],
    ),
    ("kiến nghị kiểm điểm rút kinh nghiệm 17 tập thể và 38 cá nhân", [(17, C, E, None), (38, C, E, None)]),
    ("chuyển cơ quan điều tra tiếp tục làm rõ 1 vụ tại xã Vĩnh Bình.", [(1, C, E, None)]),
    (
        "ban hành kết luận thanh tra 01 cuộc và phát hiện một đơn vị có khuyết điểm",
        [(1, C, E, None), (1, C, E, None)],
    ),
    ("đã tiến hành thanh tra 21 cuộc tại 46  đơn vị.", [(21, C, E, None), (46, C, E, None)]),
    (
        "tiến hành 679 lượt kiểm tra độc lập và 96 cuộc thanh tra theo đoàn tại 1.768 lượt tổ chức, cá nhân",
        [(679, C, E, None), (96, C, E, None), (1768, C, E, None)],
    ),
    ("phát hiện sai phạm tại 11 tổ chức, cá nhân", [(11, C, E, None)]),
    ("Toàn tỉnh đã tiếp 373 lượt người đến KNTC", [(373, C, E, None)]),
    (
        "tiếp nhận, xử lý 302 đơn thư; đã giải quyết 10/16 vụ việc KNTC thuộc thẩm quyền.",
        [(302, C, E, None), (10, C, E, 16)],
    ),
    ("thực hiện 5 đoàn thanh tra, trong đó 3 đoàn thanh tra chấp hành", [(5, C, E, None), (3, C, E, None)]),
    (
        "các cơ quan, đơn vị đã xử lý 182 tập thể, trong đó có 7 tập thể xử lý bằng hình thức khiển trách",
        [(182, C, E, None), (7, C, E, None)],
    ),
    (
        "Cảnh cáo 4 cá nhân, khiển trách 17 cá nhân và rút kinh nghiệm đối với 470 cá nhân.",
        [(4, C, E, None), (17, C, E, None), (470, C, E, None)],
    ),
    ("đã tiếp 327 lượt/424 người đến khiếu nại", [(327, C, E, None), (424, C, E, None)]),
    (
        "Đất đai 182 lượt; bồi thường 14 lượt; nhà cửa, tài sản 1 lượt;",
        [(182, C, E, None), (14, C, E, None), (1, C, E, None)],
    ),
    (
        "giao 2 lô đất, minh oan 2 trường hợp và xử lý hành chính 1 trường hợp.",
        [(2, C, E, None), (2, C, E, None), (1, C, E, None)],
    ),
    (
        "đã thụ lý giải quyết 23 vụ việc khiếu nại (20 vụ việc từ kỳ trước chuyển sang), "
        "giải quyết xong 1/23 vụ việc",
        [(23, C, E, None), (20, C, E, None), (1, C, E, 23)],
    ),
    (
        "đã thụ lý giải quyết 5/5 vụ tố cáo (4 vụ việc từ kỳ trước chuyển sang), giải quyết xong 1/5 vụ",
        [(5, C, E, 5), (4, C, E, None), (1, C, E, 5)],
    ),
    ("chuyển Cơ quan CSĐT Công an tỉnh An Giang 5 vụ việc có dấu hiệu tiêu cực", [(5, C, E, None)]),
    ("phát hiện 4 doanh nghiệp khai thác khoáng sản", [(4, C, E, None)]),
    ("xử lý hành chính 30 người, kiến nghị xử lý hình sự tám người.", [(30, C, E, None), (8, C, E, None)]),
    (
        "triển khai trong kỳ 22 cuộc (10 cuộc đột xuất), kỳ trước chuyển sang 10 cuộc (6 cuộc đột xuất).",
        [(22, C, E, None), (10, C, E, None), (10, C, E, None), (6, C, E, None)],
    ),
    ("kiến nghị kiểm điểm trách nhiệm 51 tập thể, 75 cá nhân.", [(51, C, E, None), (75, C, E, None)]),
    ("đối với 4 gói thầu mua sắm thiết bị", [(4, C, E, None)]),
    (
        "xác minh giải quyết 32/32 vụ khiếu nại, tố cáo (khiếu nại 28, tố cáo 4), đạt 100%;",
        [(32, C, E, 32), (28, C, E, None), (4, C, E, None), (100, P, E, None)],
    ),
    ("đã giải quyết 6 đơn/3 vụ việc kiến nghị", [(6, C, E, None), (3, C, E, None)]),
    ("gồm 27 cuộc theo kế hoạch và 06 cuộc đột xuất;", [(27, C, E, None), (6, C, E, None)]),
    (
        "kiến nghị xử lý hình sự 01 vụ, 01 đối tượng chuyển cơ quan điều tra.",
        [(1, C, E, None), (1, C, E, None)],
    ),
    (
        "đã thực hiện xong 13 kết luận, còn 14 kết luận chưa thực hiện xong.",
        [(13, C, E, None), (14, C, E, None)],
    ),
    (
        "trong tổng số 24 tổ chức, 136 cá nhân phải xử lý, đến nay đã xử lý 09 tổ chức, 76 cá nhân.",
        [(24, C, E, None), (136, C, E, None), (9, C, E, None), (76, C, E, None)],
    ),
    (
        "đã thực hiện 35 cuộc trong đó 26 cuộc theo kế hoạch, 09 cuộc đột xuất.",
        [(35, C, E, None), (26, C, E, None), (9, C, E, None)],
    ),
    ("bổ sung hoàn thiện 10 cơ chế, chính sách;", [(10, C, E, None)]),
    ("xử lý 1 vụ nghiêm trọng gồm 2 đối tượng;", [(1, C, E, None), (2, C, E, None)]),
    ("chấm dứt 1 dự án đầu tư do vi phạm tiến độ thực hiện.", [(1, C, E, None)]),
    (
        "tiếp 4.655 lượt/5.560 người gồm 3.773 vụ việc "
        "(trong đó, có 47 lượt đoàn đông người của 20 vụ việc).",
        [(4655, C, E, None), (5560, C, E, None), (3773, C, E, None), (47, C, E, None), (20, C, E, None)],
    ),
    ("giải quyết 1.617/1.835 đơn KN,TC, kiến nghị", [(1617, C, E, 1835)]),
    (
        "thực hiện 466 cuộc thanh tra, kiểm tra chuyên ngành đối với 2.477 cá nhân và 6.694 tổ chức;",
        [(466, C, E, None), (2477, C, E, None), (6694, C, E, None)],
    ),
    ("Đã kết thúc 143/158 cuộc, phát hiện sai phạm", [(143, C, E, 158)]),
    ("chuyển cơ quan điều tra một vụ việc có dấu hiệu tội phạm.", [(1, C, E, None)]),
    ("chuyển cơ quan điều tra thêm hai vụ việc.", [(2, C, E, None)]),
    (
        "toàn ngành tiếp 7.022 lượt với 7.774 người, xử lý 10.580 đơn các loại.",
        [(7022, C, E, None), (7774, C, E, None), (10580, C, E, None)],
    ),
    (
        "72 cuộc thanh tra hành chính, 4.884 cuộc thanh tra chuyên ngành, "
        "15 cuộc thanh tra trách nhiệm tại 77 đơn vị.",
        [(72, C, E, None), (4884, C, E, None), (15, C, E, None), (77, C, E, None)],
    ),
    ("Đã tiếp gần 5.000 lượt công dân khiếu nại", [(5000, C, AB, None)]),
    (
        "với 376 lớp tuyên truyền, gần 21.000 lượt cán bộ, công chức tham gia.",
        [(376, C, E, None), (21000, C, AB, None)],
    ),
    (
        "triển khai 44 đoàn thanh tra, trong đó có 24 đoàn thực hiện nhiệm vụ đột xuất;",
        [(44, C, E, None), (24, C, E, None)],
    ),
    (
        "xác minh báo cáo 584/601 vụ khiếu nại, tố cáo; đã thực hiện 757/775 văn bản chỉ đạo",
        [(584, C, E, 601), (757, C, E, 775)],
    ),
    ("có sự tham gia của trên 150 cán bộ, công chức, người lao động", [(150, C, MT, None)]),
    # festival and team counts are statistics too (gold/README.md); which matter is the figures stage's call
    ("Hơn 80 vận động viên là công chức", [(80, C, MT, None)]),
    ("đã tham gia tranh tài ở 03 môn: Bóng chuyền hơi", [(3, C, E, None)]),
    (
        "tối ngày 15/11 với 150 nghệ sỹ không chuyên, 32 tiết mục dự giải.",
        [(150, C, E, None), (32, C, E, None)],
    ),
    ("Các đội sẽ tranh tài 6 môn thi: Văn nghệ", [(6, C, E, None)]),
    ("cùng 2 thành viên có nhiệm vụ lập kế hoạch", [(2, C, E, None)]),
    ("Đoàn công tác gồm 9 thành viên", [(9, C, E, None)]),
    ("Đoàn gồm năm thành viên, do ông", [(5, C, E, None)]),
    ("Có bốn nội dung tố cáo được", [(4, C, E, None)]),
    # the writer's "1 số" for "một số" (44 + 1 = 45 cuộc); a count noun standing before its number
    ("gồm 44 cuộc theo kế hoạch và 1 số cuộc thanh tra đột xuất.", [(44, C, E, None), (1, C, E, None)]),
    ("(khiếu nại 28, tố cáo 4), đạt 100%;", [(28, C, E, None), (4, C, E, None), (100, P, E, None)]),
    # a noun before its number: after "(tổng) số … là", after "trong số"
    ("Số đơn đủ điều kiện xử lý là 377.", [(377, C, E, None)]),
    ("Trong số 33 đơn khiếu nại, tố cáo thuộc thẩm quyền", [(33, C, E, None)]),
    # done against planned: more done than planned is still A/B, not a date
    ("42/40 cuộc thanh tra kinh tế", [(42, C, E, 40)]),
    # land whose "²" the page lost: after "diện tích", and "m" glued to "đất"
    (
        "có diện tích 1.000 m(gồm 200 mđất ở và 800 mđất vườn)",
        [(1000, M, E, None), (200, M, E, None), (800, M, E, None)],
    ),
    # count nouns of awards, licences, tasks, flats, firms, posts, matters
    (
        "2 Huân chương lao động hạng Ba; 1 Cờ thi đua xuất sắc của Chính phủ; 4 Bằng khen của Thủ tướng Chính phủ",
        [(2, C, E, None), (1, C, E, None), (4, C, E, None)],
    ),
    ("tước 119 giấy phép lái xe", [(119, C, E, None)]),
    ("triển khai 629 nhiệm vụ theo kế hoạch", [(629, C, E, None)]),
    ("chủ động triển khai 158 việc", [(158, C, E, None)]),
    ("thẩm định 7 dự thảo kết luận thanh tra", [(7, C, E, None)]),
    ("704 căn hộ đã được bán", [(704, C, E, None)]),
    ("Thanh tra 3 công ty vận tải", [(3, C, E, None)]),
    ("chuyển đổi 62 vị trí công tác", [(62, C, E, None)]),
    ("giải quyết 209 nội dung kiến nghị, phản ánh", [(209, C, E, None)]),
]

# Strings copied from the corpus in which no number is a quantity.
CORPUS_NEGATIVE: list[str] = [
    "viên chức của Thanh tra 7 tỉnh thuộc Cụm Thi đua số V.",
    "để kỷ niệm 74 năm (23/11/1945 - 23/11/2019) Ngày Truyền thống ngành Thanh tra",
    "Qua báo cáo 6 tháng đầu năm 2023 toàn Cụm thi đua",
    "Tiếp tục thực hiện Chỉ thị số 20/CT-TTg của Thủ tướng Chính phủ",
    "Nghị quyết số 65-NQ/BCSĐ ngày 16/01/2023 về việc tăng cường lãnh đạo",
    "Thứ tư, 16/11/2022 15:03",
    "phòng, chống và chiến thắng đại dịch COVID-19”;",
    "Chỉ thị số 34-CT/TW ngày 07/4/2014 của Bộ Chính trị",
    "lãnh đạo thanh tra các tỉnh trong Cụm Thi đua số 2.",
    "các quy định trong Kế hoạch số 64 của TTCP",
    "Đồng thời có những gợi ý về một số hoạt động",
    "Nghị định số 33/2015/NĐ-CP ngày 27/3/2015 của Chính phủ",
    "Tiếp tục thực hiện Nghị quyết Trung ương 4 khóa XII",
    "theo 5 chuẩn mực đạo đức cán bộ, đảng viên",
    "giai đoạn 2019-2021”.",
    "kỷ niệm 75 năm ngày truyền thống Thanh tra Việt Nam",
    "21-11-2018 00:00",
    "25/06/2024 10:32 238",
    "tố cáo Khu vực 1, Thanh tra Chính phủ",
    "Kế hoạch số 402/KH-TĐKT ngày 10/10/2018 của Cụm thi đua số V",
    "Tối 4/6, tại Trung tâm Văn hóa tỉnh Kon Tum",
    "(23/11/1945 – 23/11/2015).",
    "đến từ 5 tỉnh khu vực Tây Nguyên.",
    "DSC05521_0.JPG",
    "Văn bản số 140/TTT-VP về việc công nhận Khối trưởng",
    "(01/7/1989 – 01/7/2019)",
    "Thứ tư, 16/11/2016 - 11:15",
    "Thứ năm, ngày 04/06/2015",
    "Sáng 4-6, tại Công viên văn hóa Thanh Lễ",
    "Tham gia có 6 đội thi đến từ các tỉnh Bình Phước",
    "từ ngày 4 đến ngày 6-6.",
    "đề ra 6 mục tiêu phong trào thi đua trọng tâm và 3 chỉ tiêu cụ thể trong năm 2018.",
    "ngành Thanh tra lần thứ V (2020-2025).",
    "trực tuyến tới 63 điểm cầu toàn quốc.",
    "Trong 5 năm qua, phong trào thi đua yêu nước",
    "9 tháng đầu năm 2010, ngành thanh tra tỉnh",
    "Trong tháng 4/2017, toàn tỉnh",
    "Quyết định số 114/QĐ-TTr ngày 20/9/2024 của Chánh Thanh tra tỉnh",
    "Quyết định số 2033/QĐ-UBND ngày 12/7/2024",
    "26/10/2018 - 11:16 - Nguồn: congluan.vn",
    "thời kỳ từ ngày 1/1/2020 -  31/12/2022.",
    "Thời hạn thanh tra là 30 ngày làm việc",
    "Nghị định số 86/2011/NĐ-CP ngày 22/9/2011",
    "Trong hai ngày 4 và 5/3/2015, Tổng Thanh tra Chính phủ",
    "từ tháng 1/2008 - 31/12/2009;",
    "Kết luận thanh tra số 1203/KL-TTCP ngày 16/05/2017",
    "(PL)- Ngày 11-1, tại trụ sở UBND tỉnh Nghệ An",
    "đến ngày 30-6-2015, khi cần thiết",
    "thời gian thanh tra là 75 ngày.",
    "Chiều 10- 9, ông Vi Văn Sửu",
    "tổ chức thi hành các quyết định giải quyết khiếu nại",
    "Kế hoạch số 1130/KH-TTCP ngày 10/5/2012",
    "đạt giải 3, Đoàn Thái Nguyên và Phú Thọ",
    "Công ty TNHH Một thành viên Cao su Hà Tĩnh",
    # "một" as the article "a", a quantity of something else, a map scale
    "Một hội nghị của Thanh tra tỉnh Hưng Yên",
    "bị phát hiện sau một cuộc thanh tra.",
    "103,95 triệu kWh",
    "quy hoạch chi tiết 1/500 dự án sân golf",
]

# Realistic strings in styles the corpus does not show.
EXTRA: list[Row] = [
    ("kiến nghị thu hồi 1,2 nghìn tỷ đồng", [(1_200_000_000_000, V, E, None)]),
    ("thất thoát gần 3 ngàn tỷ", [(3_000_000_000_000, V, AB, None)]),
    ("sai phạm hơn 500 triệu", [(500_000_000, V, MT, None)]),
    ("thu hồi 0,5 ha đất", [(5_000, M, E, None)]),
    ("lấn chiếm khoảng 1.200 m² đất công", [(1_200, M, AB, None)]),
    ("đạt 12 phần trăm", [(12, P, E, None)]),
    ("đã tiến hành ba cuộc thanh tra", [(3, C, E, None)]),
    ("phát hiện 37, 38 tỷ đồng sai phạm", [(37_380_000_000, V, E, None)]),
    ("số tiền xấp xỉ 2.500.000 đồng", [(2_500_000, V, AB, None)]),
    ("phạt 500.000đ mỗi trường hợp", [(500_000, V, E, None)]),
    ("số tiền 1.000.000 VNĐ", [(1_000_000, V, E, None)]),
    ("dưới 10 cuộc thanh tra", [(10, C, LT, None)]),
    ("chưa đến 5% số đơn", [(5, P, LT, None)]),
    ("ước tính 200 triệu đồng", [(200_000_000, V, AB, None)]),
    ("không dưới 30 cuộc", [(30, C, MT, None)]),
    ("trên dưới 100 người", [(100, C, AB, None)]),
    ("vượt 15% kế hoạch", [(15, P, MT, None)]),
    ("2,5 héc ta đất rừng", [(25_000, M, E, None)]),
    ("3 hecta đất", [(30_000, M, E, None)]),
    ("hai mươi lăm hộ dân", [(25, C, E, None)]),
    ("một trăm linh năm người", [(105, C, E, None)]),
    ("Hai tỷ đồng", [(2_000_000_000, V, E, None)]),
    ("mười hai vụ việc", [(12, C, E, None)]),
    ("tiếp 2 nghìn lượt công dân", [(2_000, C, E, None)]),
    ("thu hồi 5.5 tỷ đồng", [(5_500_000_000, V, E, None)]),
    ("thu hồi 12.5% số tiền", [(12.5, P, E, None)]),
    ("sai phạm 1.234,56 triệu đồng", [(1_234_560_000, V, E, None)]),
    ("diện tích 1,5 km2", [(1_500_000, M, E, None)]),
    ("(hơn 5 tỷ đồng)", [(5_000_000_000, V, MT, None)]),
    ("Khoảng 40 doanh nghiệp", [(40, C, AB, None)]),
    ("tại 12 cơ sở kinh doanh", [(12, C, E, None)]),
    ("lập 25 biên bản vi phạm", [(25, C, E, None)]),
    ("trong tổng số 24 tổ chức", [(24, C, E, None)]),
    ("đã ban hành 1500 quyết định", [(1_500, C, E, None)]),
    ("thu hồi 7 tỷ đồng,100 m2 đất", [(7_000_000_000, V, E, None), (100, M, E, None)]),
    ("kiến nghị thu hồi 1 tỷ 200 triệu đồng", [(1_200_000_000, V, E, None)]),
    ("hơn 10 tỷ 500 triệu", [(10_500_000_000, V, MT, None)]),
    ("5 triệu 300 nghìn đồng", [(5_300_000, V, E, None)]),
    ("Hai trăm triệu đồng", [(200_000_000, V, E, None)]),
    ("với tổng diện tích 28.417,5 m2; sai phạm", [(28_417.5, M, E, None)]),
    ("41,6 tỷ đồng và 1.326,5 ha đất", [(41_600_000_000, V, E, None), (13_265_000, M, E, None)]),
    ("tiếp 2 triệu lượt người", [(2_000_000, C, E, None)]),
    ("đạt tỷ lệ 98,5 %", [(98.5, P, E, None)]),
    ("giảm 12 cuộc so với năm 2024", [(12, C, E, None)]),
    ("tiếp 50/60 người", [(50, C, E, None), (60, C, E, None)]),
    ("xử lý kỷ luật 3/5 người", [(3, C, E, 5)]),
    ("tổng số vụ việc thuộc thẩm quyền của các cơ quan là 57;", [(57, C, E, None)]),
    ("Số cuộc thanh tra đã kết thúc là 21, đạt", [(21, C, E, None)]),
    (
        "thực hiện 49 cuộc thanh tra, theo kế hoạch 42, đột xuất 07.",
        [(49, C, E, None), (42, C, E, None), (7, C, E, None)],
    ),
    ("lấn chiếm 1.250m 2 đất công", [(1250, M, E, None)]),
    ("diện tích 350 m đất nông nghiệp", [(350, M, E, None)]),
    ("61/63 thanh tra tỉnh, thành phố đã báo cáo", [(61, C, E, 63)]),
    (
        "318 lao động tiên tiến, 25 chiến sĩ thi đua cơ sở, 36 bằng khen",
        [(318, C, E, None), (25, C, E, None), (36, C, E, None)],
    ),
    ("cấp mới 15 giấy chứng nhận quyền sử dụng đất", [(15, C, E, None)]),
    ("trong tổng số 120 cuộc, đã kết thúc 100 cuộc", [(120, C, E, None), (100, C, E, None)]),
    # a split label with nothing after its number: a cut-off text whose noun may be lost
    ("tiếp 739 người, lãnh đạo tiếp định kỳ 383", [(739, C, E, None)]),
]

EXTRA_NEGATIVE: list[str] = [
    "tỷ lệ 5 tỷ lệ",  # "tỷ lệ" is not the scale word
    "đạt 96 tỷ lệ",
    "5 đồng chí lãnh đạo",
    "ba đồng chí",
    "năm 2019 tổ chức hội nghị",
    "Cụm thi đua số 2 tổ chức hội nghị",
    "ngày 3/5 đoàn thanh tra làm việc",
    "tháng 4 đoàn thanh tra",
    "lần thứ 2 tổ chức",
    "ông A, 45 tuổi",
    "sinh năm 1970",
    "Điều 5 quy định",
    "gọi 0912345678 người",
    "hàng trăm người dân",
    "vài chục cuộc",
    "thứ hai cuộc họp",
    "một số cuộc thanh tra",
    "một trong những đơn vị",
    "5 tỷ USD",
    "100 triệu đô la",
    "hơn 3 ngàn",
    "COVID-19 người",
    "mã số 12A3 người",
    "lúc 15:30 người dân",
    "văn bản 12/2020/TT-BTC",
    "hộ chiếu 5 hộ chiếu",
    "cả năm người dân đều",  # "năm" after "cả" is "year"
    "trong năm tổ chức hội nghị",  # …and before a verb
    "12/5 đoàn thanh tra",
    "trong 2019-2021 cuộc",
    "13h30 cuộc họp",
    "Công ty TNHH 2 thành viên",
    "Công ty trách nhiệm hữu hạn hai thành viên",
    "5 số cuộc",
    "5 triệu 3 tỷ đồng",  # a compound amount must fall in scale
    "Trong quý 3 cuộc thanh tra",  # "quý 3" is the third quarter
    "thực hiện Kế hoạch 28 của UBND tỉnh",
    "Luật Khiếu nại 2011",
    "cao 5 m và rộng 3 m",  # lengths, not areas
    "sản lượng đạt 2 triệu tấn",
    "Một đoàn thanh tra của Bộ Tài chính",
    "sau một cuộc kiểm tra đột xuất",
    "quy hoạch chi tiết 1/2000 khu đô thị",
    "Cụm có 6 tỉnh, thành phố",  # members of a cluster, not a share
    "lãnh đạo tiếp định kỳ 383",  # a split label with no count before it
    "40/0 cuộc",  # no share of nothing
    "50/10 cuộc",  # five times the plan: not done against planned
]


def _cases(rows: list[Row]) -> list[pytest.param]:
    return [pytest.param(text, want, id=text[:60]) for text, want in rows]


def _got(text: str) -> list[tuple[float, str, str, float | None]]:
    return [(q.value, q.unit, q.qualifier, q.total) for q in find_quantities(text)]


def _check(text: str, want: list[tuple[float, str, str, float | None]]) -> None:
    got = _got(text)
    assert len(got) == len(want), f"{text!r}: got {got}"
    for g, w in zip(got, want, strict=True):
        assert g[0] == pytest.approx(w[0], rel=1e-9), f"{text!r}: got {got}"
        assert g[1:] == w[1:], f"{text!r}: got {got}"


def test_table_is_long_enough() -> None:
    assert len(CORPUS) + len(CORPUS_NEGATIVE) >= 120
    assert len(CORPUS) + len(EXTRA) + len(CORPUS_NEGATIVE) + len(EXTRA_NEGATIVE) >= 200


@pytest.mark.parametrize(("text", "want"), _cases(CORPUS))
def test_corpus_strings(text: str, want: list) -> None:
    _check(text, want)


@pytest.mark.parametrize(("text", "want"), _cases(EXTRA))
def test_other_styles(text: str, want: list) -> None:
    _check(text, want)


@pytest.mark.parametrize("text", [pytest.param(t, id=t[:60]) for t in CORPUS_NEGATIVE + EXTRA_NEGATIVE])
def test_not_quantities(text: str) -> None:
    assert _got(text) == []


def test_corpus_rows_are_real() -> None:
    """Every CORPUS string is copied from an article (so the table tracks real writing, not ours)."""
    corpus = Path(__file__).resolve().parent.parent / "corpus"
    texts = [unicodedata.normalize("NFC", p.read_text(encoding="utf-8")) for p in corpus.glob("*.txt")]
    if not texts:
        pytest.skip("corpus/ not present")
    blob = "\n".join(texts)
    missing = [t for t, _ in CORPUS if t not in blob] + [t for t in CORPUS_NEGATIVE if t not in blob]
    assert missing == []


@pytest.mark.parametrize(
    ("numeral", "before_scale", "want"),
    [
        ("160.596", False, 160596),
        ("1.902", False, 1902),
        ("2.398.470.325", False, 2398470325),
        ("5,6", False, 5.6),
        ("89,72", False, 89.72),
        ("12.694,6", False, 12694.6),
        ("4,812", False, 4.812),
        ("01", False, 1),
        ("03", False, 3),
        ("0", False, 0),
        ("71.5", True, 71.5),
        ("64.2", True, 64.2),
        ("1.5000", True, 1.5),
        ("1.500", True, 1500),
        ("37, 38", True, 37.38),
        ("hai", False, 2),
        ("Hai", False, 2),
        ("tám", False, 8),
        ("mười", False, 10),
        ("mười lăm", False, 15),
        ("mười một", False, 11),
        ("hai mươi", False, 20),
        ("hai mươi mốt", False, 21),
        ("ba mươi tư", False, 34),
        ("năm mươi lăm", False, 55),
        ("hai chục", False, 20),
        ("một trăm", False, 100),
        ("chín trăm chín mươi chín", False, 999),
        ("ba trăm linh năm", False, 305),
        ("một trăm lẻ một", False, 101),
    ],
)
def test_read_number(numeral: str, before_scale: bool, want: float) -> None:
    assert read_number(numeral, before_scale=before_scale) == pytest.approx(want)


@pytest.mark.parametrize(
    "numeral",
    [
        "",
        "  ",
        "abc",
        "71.5",
        "64.2",
        "1.5.6",
        "1,2,3",
        "1..2",
        "12.34.567",
        "0912345678",
        "0912.345.678",
        "năm",
        "tư",
        "lăm",
        "mốt",
        "không",
        "trăm",
        "mươi",
        "một mươi",
        "hai ba",
        "ba trăm năm",
        "mười mốt",
        "5 cuộc",
        "٣",
        "1.2a",
        "-5",
        ".5",
        "5.",
    ],
)
def test_read_number_junk(numeral: str) -> None:
    assert read_number(numeral) is None


@pytest.mark.parametrize(
    ("s", "want"),
    [
        ("160.596 triệu đồng", (160_596_000_000, V)),
        ("hơn 5,6 tỷ đồng", (5_600_000_000, V)),
        ("71.5 tỷ đồng", (71_500_000_000, V)),
        ("2,5 ha", (25_000, M)),
        ("49.424 m2 đất", (49_424, M)),
        ("hơn 34.000m2 đất", (34_000, M)),
        ("89,72%", (89.72, P)),
        ("5.486 cuộc", (5_486, C)),
        ("01 cuộc", (1, C)),
        ("hai vụ", (2, C)),
        ("12.694,6 triệu đồng", (12_694_600_000, V)),
        ("9,6ha", (96_000, M)),
        ("34.000m2", (34_000, M)),
    ],
)
def test_read_amount(s: str, want: tuple[float, str]) -> None:
    got = read_amount(s)
    assert got is not None
    assert got[0] == pytest.approx(want[0]) and got[1] == want[1]


@pytest.mark.parametrize("s", ["", "160.596", "năm 2019", "33/2015/NĐ-CP", "7 tỉnh", "không có gì"])
def test_read_amount_none(s: str) -> None:
    assert read_amount(s) is None
