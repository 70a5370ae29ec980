"""Metric choice on real sentences (corpus) and on unseen phrasings: (sentence, [(metric, value), ...])."""

import unicodedata
from pathlib import Path

import pytest

from extractor.stages.figures import find_figures
from tests.helpers import article

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

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
    # a conclusion's findings told as what was done wrong, without "sai phạm"
    ("Kết luận chỉ rõ, UBND xã đã giao đất trái thẩm quyền 850 m2 đất.", [("violation_land", 850)]),
    ("Chủ đầu tư tự ý chuyển hơn 1.500 m2 đất công viên thành đất ở.", [("violation_land", 1500)]),
    ("Nhà trường chi sai chế độ 312 triệu đồng.", [("violation_amount", 312e6)]),
    ("Khoản chi tiếp khách 8.400.000 đồng không có chứng từ hợp lệ.", [("violation_amount", 8.4e6)]),
    # carried-over inspections beside new ones
    (
        "Năm 2021, toàn ngành triển khai 52 cuộc, gồm 7 cuộc chuyển tiếp từ năm trước và 45 cuộc triển khai mới.",
        [("inspections", 52), ("other", 7), ("inspections", 45)],
    ),
    ("Trong đó 04 cuộc chuyển tiếp từ năm 2020.", [("other", 4)]),
    # a price is not an amount; the cluster's own size is no figure; turns at a reception session
    ("Hộ ông N. đề nghị nâng đơn giá bồi thường lên 850.000 đồng/m2 khi thu hồi đất.", [("other", 850000)]),
    ("Sau sắp xếp, Khối thi đua được kiện toàn còn 9 thành viên.", []),
    ("Tại buổi tiếp, có 7 trường hợp trình bày kiến nghị về đất đai.", [("citizen_receptions", 7)]),
    # the award after its giver; trainees counted, and awarded
    (
        "Dịp này, ba cá nhân được Chủ tịch UBND tỉnh tặng Bằng khen; 12 cá nhân được tặng Kỷ niệm chương.",
        [("awards", 3), ("awards", 12)],
    ),
    ("Lớp bồi dưỡng có gần 150 học viên; Thanh tra tỉnh tặng Giấy khen cho 08 học viên.", [("other", 150), ("awards", 8)]),
    # what an area or a merger is made of is no statistic; inspections of communes are
    ("Sau sắp xếp, tỉnh có 96 đơn vị hành chính cấp xã.", []),
    ("Lớp tập huấn dành cho công chức tư pháp của 145 xã, phường, thị trấn trên địa bàn tỉnh.", []),
    ("Thanh tra tỉnh Lâm Đồng (mới) hợp nhất Thanh tra ba địa phương Lâm Đồng, Đắk Nông, Bình Thuận.", []),
    ("Sau khi sáp nhập, Thanh tra tỉnh đã thanh tra 5 địa phương.", [("inspected_entities", 5)]),
    ("Đoàn đã kiểm tra tại 15 xã trên địa bàn huyện.", [("inspected_entities", 15)]),
    # units voted the emulation leaders
    ("Hội nghị suy tôn Thanh tra tỉnh Yên Bái và Thanh tra tỉnh Lào Cai là hai đơn vị dẫn đầu.", [("awards", 2)]),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_metric_choice(sentence, expected):
    figs = find_figures(article(sentence))
    assert [(f.metric, pytest.approx(f.value)) for f in figs] == expected


# Issue 9's classes of error, each with real corpus sentences (doc id given; a test checks the sentence is
# in that article) and phrasings of our own that no article has (None): other provinces, years, styles.
ISSUE9_CASES: list[tuple[str | None, str, list[tuple[str, float]]]] = [
# ---- 1. collected vs recommended vs fines
("n_062", "Qua thanh tra, kiểm tra, phát hiện vi phạm, kiến nghị thu hồi 9,3 tỷ đồng; đã thu hồi 5,11 tỷ đồng; kiến nghị kiểm điểm trách nhiệm 2 tập thể và 6 cá nhân; ban hành 997 quyết định xử phạt vi phạm hành chính với số tiền 4,53 tỷ đồng, đã thu hồi nộp ngân sách Nhà nước 4,31 tỷ đồng.",
 [("recovery_recommended_amount", 9.3e9), ("recovered_amount", 5.11e9), ("accountability_collectives", 2), ("accountability_individuals", 6), ("admin_penalties", 997), ("admin_penalty_amount", 4.53e9), ("recovered_amount", 4.31e9)]),
(None, "Năm 2025, Thanh tra tỉnh Lạng Sơn ban hành 312 quyết định xử phạt vi phạm hành chính với tổng số tiền 2,1 tỷ đồng; các tổ chức, cá nhân đã nộp ngân sách 1,95 tỷ đồng.",
 [("admin_penalties", 312), ("admin_penalty_amount", 2.1e9), ("recovered_amount", 1.95e9)]),
("art_031", "Các sở, ngành của tỉnh đã thực hiện 466 cuộc thanh tra, kiểm tra chuyên ngành đối với 2.477 cá nhân và 6.694 tổ chức; phát hiện 1.227 cá nhân, 253 tổ chức có vi phạm; ban hành 776 quyết định xử phạt vi phạm hành chính, tổng số tiền vi phạm đã nộp ngân sách Nhà nước trên 8 tỷ đồng.",
 [("inspections", 466), ("inspected_entities", 2477), ("inspected_entities", 6694), ("violating_entities", 1227), ("violating_entities", 253), ("admin_penalties", 776), ("admin_penalty_amount", 8e9)]),
("art_033", "Đã kết thúc 143/158 cuộc, phát hiện sai phạm về kinh tế với số tiền 544,6 triệu đồng, kiến nghị xử lý và đã thu hồi 381,5 triệu đồng, xử lý khác 163,1 triệu đồng; ban hành các quyết định xử phạt hành chính đối với 86 tổ chức và 861 cá nhân có vi phạm, nộp ngân sách số tiền 1.643,1 triệu.",
 [("inspections_ended", 143), ("violation_amount", 544.6e6), ("recovered_amount", 381.5e6), ("other_handling_amount", 163.1e6), ("admin_penalties", 86), ("admin_penalties", 861), ("admin_penalty_amount", 1643.1e6)]),
("art_027", "Trong lĩnh vực đầu tư xây dựng, cơ quan thanh tra phát hiện 17 đơn vị vi phạm với số tiền 736 triệu đồng, thu hồi kịp thời 388 triệu đồng.",
 [("violating_entities", 17), ("violation_amount", 736e6), ("recovered_amount", 388e6)]),
(None, "Qua kiểm tra, Thanh tra huyện Mường Khương phát hiện chi sai chế độ 96,5 triệu đồng và thu hồi ngay 90 triệu đồng.",
 [("violation_amount", 96.5e6), ("recovered_amount", 90e6)]),
("art_023", "Đã kiến nghị thu hồi nộp ngân sách Nhà nước 1.345.502.670 đồng, thu hồi về đơn vị 34.319.655 đồng, kiến nghị thu hồi 100 ha đất và một số kiến nghị xử lý khác trên 1 tỷ đồng.",
 [("recovery_recommended_amount", 1345502670), ("recovery_recommended_amount", 34319655), ("recovery_recommended_land", 1e6), ("other_handling_amount", 1e9)]),
(None, "Thanh tra tỉnh Gia Lai kiến nghị xử lý về kinh tế 12,4 tỷ đồng, trong đó thu hồi nộp ngân sách 8,1 tỷ đồng, thu hồi về quỹ bảo hiểm 0,9 tỷ đồng.",
 [("other", 12.4e9), ("recovery_recommended_amount", 8.1e9), ("recovery_recommended_amount", 0.9e9)]),
("art_031", "Kết quả kiểm tra việc thực hiện kết luận thanh tra, quyết định xử lý về thanh tra cho thấy, toàn tỉnh đã thực hiện kiến nghị thu hồi về kinh tế trên 47,6 tỷ đồng, hơn 223m2 đất; kiểm điểm rút kinh nghiệm 1 tập thể và 4 cá nhân liên quan.",
 [("recovered_amount", 47.6e9), ("recovered_land", 223), ("accountability_collectives", 1), ("accountability_individuals", 4)]),
("n_017", "Thanh tra các huyện, thành phố, sở ngành triển khai 54 cuộc thanh tra, kiểm tra, tại 105 đơn vị, phát hiện vi phạm 3.705,3 triệu đồng, kiến nghị thu hồi 900,9 triệu đồng, kiến nghị 2.804,4 triệu đồng, đã thu 500,8 triệu.",
 [("inspections", 54), ("inspected_entities", 105), ("violation_amount", 3705.3e6), ("recovery_recommended_amount", 900.9e6), ("other_handling_amount", 2804.4e6), ("recovered_amount", 500.8e6)]),
("art_012", "Trong 5 năm qua, Thanh tra tỉnh đã triển khai 2.230 cuộc thanh tra, phát hiện sai phạm và kiến nghị xử lý tổng số tiền trên 125 tỷ đồng.",
 [("inspections", 2230), ("violation_amount", 125e9)]),
("n_005", "Qua thanh tra đã phát hiện vi phạm 172,453 tỷ đồng, kiến nghị xử lý 159,787 tỷ đồng, kiến nghị xử lý hành chính 155 tập thể, 355 cá nhân, chuyển cơ quan điều tra 4 vụ, 4 đối tượng.",
 [("violation_amount", 172.453e9), ("other", 159.787e9), ("accountability_collectives", 155), ("accountability_individuals", 355), ("cases_to_investigation", 4), ("other", 4)]),
(None, "Năm 2024, ngành thanh tra Quảng Trị phát hiện và kiến nghị xử lý 7,25 tỷ đồng; riêng Thanh tra tỉnh kiến nghị xử lý 3,1 tỷ đồng.",
 [("violation_amount", 7.25e9), ("other", 3.1e9)]),
("n_014", "Qua thanh tra, kiểm tra đã kiến nghị xử phạt vi phạm hành chính 1.466 trường hợp với số tiền hơn 5,5 tỷ đồng; tước 119 giấy phép lái xe; kiến nghị truy thu tiền sử dụng đất về ngân sách Nhà nước gần 532 triệu đồng đối với 9 trường hợp; thu hồi 34 giấy chứng nhận quyền sử dụng đất để cấp lại",
 [("admin_penalties", 1466), ("admin_penalty_amount", 5.5e9), ("other", 119), ("recovery_recommended_amount", 532e6), ("other", 9), ("other", 34)]),
("n_130", "Phát hiện 664 cá nhân và 123 tổ chức có vi phạm; ban hành 494 quyết định xử phạt vi phạm hành chính với tổng số tiền trên 3 tỷ đồng; buộc bồi thường thiệt hại công trình giao thông 47 triệu đồng.",
 [("violating_entities", 664), ("violating_entities", 123), ("admin_penalties", 494), ("admin_penalty_amount", 3e9), ("other_handling_amount", 47e6)]),
(None, "Đoàn kiểm tra kiến nghị xử phạt vi phạm hành chính 5 trường hợp, phát hiện sai phạm 3 tỷ đồng, kiến nghị thu hồi 1,2 tỷ đồng.",
 [("admin_penalties", 5), ("violation_amount", 3e9), ("recovery_recommended_amount", 1.2e9)]),
(None, "Năm 2024, toàn tỉnh đã thu hồi 5,2 tỷ đồng và thu nộp ngân sách 1,1 tỷ đồng từ tiền phạt vi phạm hành chính, đạt 85%.",
 [("recovered_amount", 5.2e9), ("recovered_amount", 1.1e9), ("recovery_rate", 85)]),
("art_018", "ban hành 74 quyết định xử phạt vi phạm hành chính và đã xử phạt với tổng số tiền hơn 367,2 triệu đồng (đạt tỷ lệ 100%)",
 [("admin_penalties", 74), ("admin_penalty_amount", 367.2e6), ("other", 100)]),
(None, "Cục Quản lý thị trường xử phạt 58 cơ sở kinh doanh với số tiền 640 triệu đồng, buộc tiêu hủy hàng hóa trị giá 35 triệu đồng.",
 [("admin_penalties", 58), ("admin_penalty_amount", 640e6), ("other", 35e6)]),
("n_119", "Cà Mau: Hơn 11,2 tỉ đồng thất thoát trong các vụ tham nhũng", [("violation_amount", 11.2e9)]),
(None, "Bình Định: gần 3 tỷ đồng chi sai chế độ tại 14 trường học", [("violation_amount", 3e9), ("violating_entities", 14)]),
# ---- 2. lượt against người
("n_102", "Toàn tỉnh đã tiếp 4.310 lượt, với 2.845 người khiếu nại, tố cáo, kiến nghị và phản ánh, trong đó có 8 đoàn gồm 178 người đến khiếu nại, phản ánh tại Trụ sở Tiếp công dân tỉnh.",
 [("citizen_receptions", 4310), ("citizens_received", 2845), ("citizen_receptions", 8), ("citizens_received", 178)]),
("n_100", "Trong 9 tháng đầu năm, cơ quan hành chính các cấp đã tiếp 1.428 lượt/1.636 lượt người đến khiếu nại, tố cáo, phản ánh, kiến nghị.",
 [("citizen_receptions", 1428), ("citizens_received", 1636)]),
(None, "Quý I/2025, các cơ quan hành chính tỉnh Hà Nam tiếp 120 lượt công dân; Chủ tịch UBND tỉnh tiếp định kỳ 150 công dân và 3 đoàn đông người.",
 [("citizen_receptions", 120), ("citizens_received", 150), ("citizen_receptions", 3)]),
(None, "Trụ sở tiếp công dân đã tiếp 98 lượt/115 người, có 2 đoàn đông người với 41 người.",
 [("citizen_receptions", 98), ("citizens_received", 115), ("citizen_receptions", 2), ("citizens_received", 41)]),
# ---- 3. awards
("n_034", "Giai đoạn 2015 – 2020, toàn ngành Thanh tra tỉnh Quảng Nam đã dành được nhiều phần thưởng cao quý như: 2 Huân chương lao động hạng Ba; 1 Cờ thi đua xuất sắc của Chính phủ; 4 Bằng khen của Thủ tướng Chính phủ; 1 Cờ thi đua xuất sắc của Thanh tra Chính phủ; 25 Bằng khen của Tổng Thanh tra và 8 Cờ thi đua xuất sắc của UBND tỉnh.",
 [("awards", 2), ("awards", 1), ("awards", 4), ("awards", 1), ("awards", 25), ("awards", 8)]),
(None, "Hội đồng đề nghị công nhận 318 lao động tiên tiến, 25 chiến sĩ thi đua cơ sở, tặng 36 bằng khen; 8 tập thể được tặng Cờ thi đua của UBND tỉnh Nghệ An.",
 [("awards", 318), ("awards", 25), ("awards", 36), ("awards", 8)]),
# ---- 4. entities inspected and violating
("n_018", "Đối với thanh tra chuyên ngành, qua kiểm tra 1.421 cá nhân, 484 tổ chức đã phát hiện, xử lý 716 trường hợp vi phạm.",
 [("inspected_entities", 1421), ("inspected_entities", 484), ("violating_entities", 716)]),
("n_042", "Theo đó, TTCP thanh tra 32 dự án, ba trường hợp chuyển đổi nhà đất công có vị trí đắc địa sang mục đích khác trên địa bàn tỉnh Khánh Hòa.",
 [("inspected_entities", 32), ("inspected_entities", 3)]),
("n_119", "Theo báo cáo, 40 đơn vị trên địa bàn tỉnh đã được kiểm tra việc thực hiện quy định về công khai, minh bạch trong tổ chức và hoạt động.",
 [("inspected_entities", 40)]),
("n_067", "Qua đó, phát hiện, chấn chỉnh những thiếu sót, hạn chế trong việc thực hiện các biện pháp phòng ngừa tham nhũng; phát hiện sai phạm về tài chính - kinh tế hơn 15 tỷ đồng tại 77 đơn vị, kiến nghị nộp ngân sách hơn 12 tỷ đồng, kiến nghị xử lý khác 2,9 tỷ đồng; phát hiện và kết luận việc các Ban Quản lý rừng phòng hộ (BQLRPH), Cty lâm nghiệp để mất, bị lấn chiếm hơn 4,47ha đất rừng.",
 [("violation_amount", 15e9), ("violating_entities", 77), ("recovery_recommended_amount", 12e9), ("other_handling_amount", 2.9e9), ("violation_land", 44700)]),
("art_020", "Trên lĩnh vực quản lý sử dụng đất đai, các cấp, ngành đã tiến hành 11 cuộc thanh tra tại 23 đơn vị.",
 [("inspections", 11), ("inspected_entities", 23)]),
(None, "Sở Xây dựng Bình Phước kiểm tra 46 công trình, phát hiện 9 công trình vi phạm trật tự xây dựng; thanh tra 15 doanh nghiệp và 120 hộ kinh doanh tại các khu công nghiệp.",
 [("inspected_entities", 46), ("violating_entities", 9), ("inspected_entities", 15), ("inspected_entities", 120)]),
(None, "Đoàn liên ngành đã tiến hành 6 cuộc kiểm tra tại 38 cơ sở, phát hiện sai phạm 210 triệu đồng tại 5 cơ sở.",
 [("inspections", 6), ("inspected_entities", 38), ("violation_amount", 210e6), ("violating_entities", 5)]),
# the objects listed after an inspection verb, not what "Qua thanh tra, …" introduces
("n_086", "Đà Nẵng thanh tra Sở Ngoại vụ, 2 doanh nghiệp khoáng sản và nhiều khu công nghiệp", [("inspected_entities", 2)]),
(None, "Đoàn kiểm tra hồ sơ pháp lý của 15 doanh nghiệp khai thác cát tại tỉnh Vĩnh Long.", [("inspected_entities", 15)]),
(None, "Qua thanh tra, 5 doanh nghiệp đã nộp đủ số tiền; sau kiểm tra, 4 cơ sở bị đình chỉ hoạt động.", [("other", 5), ("other", 4)]),
# land written with its violation right after it
("n_058", "Ủy ban nhân dân huyện Hòn Đất thiếu chỉ đạo kiểm tra, xử lý, dẫn đến có 23 thửa đất công bị người dân lấn, chiếm; không kiểm tra, xử lý, ngăn chặn kịp thời, để doanh nghiệp tư nhân vào sử dụng, xây dựng 2 sân quần vợt trên diện tích hơn 1.800m2 khi chưa có sự chấp thuận chủ trương đầu tư của Ủy ban nhân dân tỉnh.",
 [("other", 23), ("other", 2), ("violation_land", 1800)]),
(None, "Công ty Minh Phát san lấp 2,5ha trái phép tại xã Tân Hòa; tỉnh đã giao 120ha đất cho doanh nghiệp thuê đúng quy định.",
 [("violation_land", 25000), ("other", 1.2e6)]),
# ---- 5. the edge of `other`
("n_092", "Theo đó, 9 tháng đầu năm 2018, ngành Thanh tra tỉnh Bắc Kạn đã tiến hành 40 cuộc thanh tra hành chính (09 cuộc năm 2017 chuyển sang), theo kế hoạch 35 cuộc, đột xuất 05 cuộc.",
 [("inspections", 40), ("other", 9), ("inspections_planned", 35), ("inspections_unscheduled", 5)]),
("n_092", "Đang tiến hành 05 cuộc, kết thúc 35 cuộc (trong đó đã ban hành kết luận 27 cuộc).",
 [("other", 5), ("inspections_ended", 35), ("inspections_concluded", 27)]),
("art_017", "Trong tháng 11, Thanh tra tỉnh Quảng Ninh đã ban hành 1 kết luận thanh tra về đầu tư xây dựng cơ bản tại huyện Ba Chẽ; dự thảo kết luận 2 cuộc thanh tra và đang triển khai 2 cuộc theo kế hoạch.",
 [("inspections_concluded", 1), ("other", 2), ("other", 2)]),
(None, "Thanh tra huyện Bảo Lâm đã kết thúc 4 cuộc; đang tiến hành 3 cuộc thanh tra đột xuất.", [("inspections_ended", 4), ("other", 3)]),
("art_021", "Cùng thời gian, đã tiến hành đôn đốc, kiểm tra việc thực hiện kết luận, kiến nghị, quyết định xử lý đối với 17 cuộc thanh tra đã có hiệu lực pháp luật; kết quả đã xử lý thu hồi về cho Nhà nước 1.799 triệu đồng; các cơ quan có thẩm quyền đã tổ chức kiểm điểm, xử lý trách nhiệm đối với 3 tập thể và 4 cá nhân.",
 [("other", 17), ("recovered_amount", 1799e6), ("accountability_collectives", 3), ("accountability_individuals", 4)]),
("n_130", "Cơ quan thanh tra các cấp đã kiểm tra, đôn đốc thực hiện 217 kết luận, quyết định xử lý sau thanh tra.", [("other", 217)]),
("art_029", "Trong 27 kết luận thanh tra phải thực hiện trong kỳ, đã thực hiện xong 13 kết luận, còn 14 kết luận chưa thực hiện xong.",
 [("other", 27), ("other", 13), ("other", 14)]),
("n_036", "Trong công tác giải quyết khiếu nại, tố cáo, thanh các huyện, thành phố Cà Mau đã tiếp nhận 52 đơn thuộc thẩm quyền; tham mưu giải quyết dứt điểm 23 đơn khiếu nại, 7 đơn tố cáo, đang trong quá trình xác minh giải quyết 22 đơn.",
 [("petitions_received", 52), ("complaints_resolved", 23), ("complaints_resolved", 7), ("other", 22)]),
("n_070", "Lĩnh vực tiếp công dân, giải quyết khiếu nại, tố cáo trên địa bàn tỉnh, trong 10 tháng đầu năm 2022, toàn tỉnh đã tiếp nhận 1.506 đơn khiếu nại, tố cáo, kiến nghị, phản ánh của công dân (tiếp nhận trong năm 1.502 đơn, năm trước chuyển sang 04 đơn).",
 [("petitions_received", 1506), ("petitions_received", 1502), ("other", 4)]),
(None, "Thanh tra tỉnh Hậu Giang thực hiện 27 cuộc thanh tra (trong đó 4 cuộc từ năm 2024 chuyển sang); đang tiến hành 6 cuộc, đã kết thúc 21 cuộc; tiếp tục theo dõi, đôn đốc thực hiện 58 kết luận thanh tra.",
 [("inspections", 27), ("other", 4), ("other", 6), ("inspections_ended", 21), ("other", 58)]),
(None, "So với cùng kỳ năm 2023, số cuộc giảm 12 cuộc, số đơn tăng 8,5%.", [("other", 12), ("other", 8.5)]),
# R2: a slash comparing this period with another is two figures, checked by the change written before it
("n_100", "Trong 9 tháng đầu năm, cơ quan hành chính các cấp đã tiếp 1.428 lượt/1.636 lượt người đến khiếu nại, tố cáo, phản ánh, kiến nghị. So với cùng kỳ năm trước giảm 145 lượt tiếp (1.428/1.573 lượt tiếp) và 1.276 lượt người (1.636/2.912 lượt người).",
 [("citizen_receptions", 1428), ("citizens_received", 1636), ("other", 145), ("citizen_receptions", 1428), ("other", 1573), ("other", 1276), ("citizens_received", 1636), ("other", 2912)]),
("n_011", "Các cơ quan hành chính trong tỉnh đã tiếp nhận, xử lý 807 đơn (KN 38 đơn; TC 40 đơn; kiến nghị, phản ánh 729 đơn). So với cùng kỳ năm trước tăng 6,04% (807/761 đơn).",
 [("petitions_received", 807), ("petitions_received", 38), ("petitions_received", 40), ("petitions_received", 729), ("other", 6.04), ("petitions_received", 807), ("other", 761)]),
("n_100", "Đối với đoàn đông người, có 16 lượt đoàn/250 lượt người. So với cùng kỳ năm trước bằng số lượt đoàn (16/16 đoàn) và giảm 460 lượt người tham gia (250/710 lượt người).",
 [("citizen_receptions", 16), ("citizens_received", 250), ("citizen_receptions", 16), ("other", 16), ("other", 460), ("citizens_received", 250), ("other", 710)]),
(None, "Năm 2025, Thanh tra tỉnh Tuyên Quang tiếp nhận 950 đơn, tăng 12,5% so với năm 2024 (950/844 đơn).",
 [("petitions_received", 950), ("other", 12.5), ("petitions_received", 950), ("other", 844)]),
(None, "So với năm trước giảm 10 cuộc (32/55 cuộc theo kế hoạch).", [("other", 10), ("inspections_planned", 32)]),
(None, "Về đoàn đông người, trong quý có 5 lượt đoàn/63 lượt người.", [("citizen_receptions", 5), ("citizens_received", 63)]),
("n_011", "So với cùng kỳ năm trước, số lượt tiếp công dân giảm 32,67% (540/802 lượt). Có 3 đoàn đông người, giảm 85% (3/20) so với cùng kỳ.",
 [("other", 32.67), ("citizen_receptions", 540), ("other", 802), ("citizen_receptions", 3), ("other", 85), ("citizen_receptions", 3), ("other", 20)]),
(None, "Thanh tra tỉnh Sóc Trăng tiếp nhận 55 đơn, tăng 10% (55/50) so với năm 2024; đạt tỷ lệ 50% (1/2).",
 [("petitions_received", 55), ("other", 10), ("petitions_received", 55), ("other", 50), ("other", 50)]),
# a change written after a comparison ("giảm so với cùng kỳ năm trước là 47 lượt")
("n_060", "Toàn tỉnh đã tiếp 739 lượt công dân, giảm so với cùng kỳ năm trước là 47 lượt.",
 [("citizen_receptions", 739), ("other", 47)]),
(None, "Số đơn tiếp nhận là 1.204 đơn, tăng so với kỳ trước 96 đơn.", [("petitions_received", 1204), ("other", 96)]),
(None, "Số lượt tiếp giảm 20% (40/50 lượt) so với cùng kỳ; tổ chức 2 cuộc thanh tra.",
 [("other", 20), ("citizen_receptions", 40), ("other", 50), ("inspections", 2)]),
# a cue right after the last item of a list is the whole list's
("n_011", "Qua phân loại có 14 vụ việc KN và có 10 vụ việc TC thuộc thẩm quyền giải quyết của các cơ quan hành chính các cấp.",
 [("petitions_eligible", 14), ("petitions_eligible", 10)]),
("n_060", "Qua phân loại, có 35 đơn khiếu nại, 5/32 đơn tố cáo thuộc thẩm quyền giải quyết của các cơ quan hành chính Nhà nước các cấp.",
 [("petitions_eligible", 35), ("petitions_eligible", 5)]),
(None, "Trong năm, có 42 đơn khiếu nại và 17 đơn tố cáo đủ điều kiện xử lý.", [("petitions_eligible", 42), ("petitions_eligible", 17)]),
(None, "Tiếp nhận 42 đơn khiếu nại, 17 đơn tố cáo thuộc thẩm quyền.", [("petitions_received", 42), ("petitions_received", 17)]),
# R9: matters settled at reception by explaining or referring are not complaints resolved
("n_060", "Tổng số vụ việc tiếp nhận là 670 vụ, đã giải quyết 670/670 vụ việc thông qua giải thích, thuyết phục và hướng dẫn công dân gửi đơn đến cơ quan có thẩm quyền giải quyết theo quy định.",
 [("other", 670), ("other", 670)]),
("n_061", "Toàn tỉnh đã tiếp 97 lượt công dân với 95 vụ việc; kết quả đã giải quyết 100% vụ việc thông qua thuyết phục, giải thích và hướng dẫn công dân gửi đơn đến cơ quan có thẩm quyền giải quyết theo quy định.",
 [("citizen_receptions", 97), ("other", 95), ("other", 100)]),
(None, "Ban Tiếp công dân huyện Krông Pắc đã giải quyết 58 vụ việc thông qua hướng dẫn, giải thích tại chỗ; giải quyết 12 vụ khiếu nại, đạt 92%.",
 [("other", 58), ("complaints_resolved", 12), ("complaint_resolution_rate", 92)]),
# a stage verb right before the number decides before a kind written after it
("n_089", "Trong đó, Thanh tra tỉnh hoàn thành 4/7 cuộc thanh tra hành chính theo Kế hoạch năm 2017.", [("inspections_ended", 4)]),
(None, "Năm 2025, Thanh tra huyện Chư Sê kết thúc 6 cuộc thanh tra đột xuất và 9 cuộc theo kế hoạch.",
 [("inspections_ended", 6), ("inspections_planned", 9)]),
# R3: the finding comes first when found and recommended share one amount
("n_103", "Qua thanh tra phát hiện 48 đơn vị được thanh tra có vi phạm với số tiền vi phạm và kiến nghị xử lý hơn 1,4 tỷ đồng (trong đó, kiến nghị thu hồi hơn 1 tỷ đồng; kiến nghị giảm giá trị quyết toán, giảm cấp phát vốn và kiến nghị khác 413 triệu đồng).",
 [("violating_entities", 48), ("violation_amount", 1.4e9), ("recovery_recommended_amount", 1e9), ("other_handling_amount", 413e6)]),
(None, "Đoàn thanh tra xác định tổng số tiền sai phạm và kiến nghị xử lý là 2,7 tỷ đồng.", [("violation_amount", 2.7e9)]),
# a repeat of a figure of the sentences just before counts the same thing, and is no part of it
("n_118", "Thanh tra Chính phủ đã có quyết định ban hành kế hoạch thanh tra năm 2026, với 89 cuộc thanh tra (67 cuộc thanh tra chính thức, 22 cuộc thanh tra dự phòng). Trong 67 cuộc thanh tra chính thức có tỉnh Cà Mau.\n\nCụ thể, 67 cuộc thanh tra tại Cà Mau tập trung vào việc quản lý, sử dụng vốn và tài sản đối với các doanh nghiệp thuộc UBND tỉnh; công tác sắp xếp, xử lý tài sản công trên địa bàn.",
 [("inspections_planned", 89), ("inspections_planned", 67), ("inspections_planned", 22), ("inspections_planned", 67), ("inspections_planned", 67)]),
(None, "Năm 2025, Thanh tra tỉnh Ninh Bình kết thúc 14 cuộc thanh tra. Trong 14 cuộc thanh tra này, phát hiện sai phạm 3 tỷ đồng.",
 [("inspections_ended", 14), ("inspections_ended", 14), ("violation_amount", 3e9)]),
# a cue right after a count describes it only right after its noun, not across "và"
("001_2e1bbfb05ce767ee", "Công tác giải quyết khiếu nại, tố cáo (KNTC) thuộc thẩm quyền của Chánh Thanh tra tỉnh 02 vụ đã giải quyết xong; thuộc thẩm quyền của Chủ tịch UBND tỉnh giao xác minh KNTC 120 vụ, tham mưu giải quyết xong 93 vụ.",
 [("complaints_resolved", 2), ("other", 120), ("complaints_resolved", 93)]),
(None, "Năm 2025, Thanh tra tỉnh Bình Thuận tiếp nhận 70 đơn và đã giải quyết 40 đơn khiếu nại.", [("petitions_received", 70), ("complaints_resolved", 40)]),
# a part with no cue of its own keeps the metric of the whole it breaks down
("n_142", "Trong số 16 công trình xây dựng đã được thanh tra có 16 công trình do Ban quản lý đầu tư xây dựng và Phòng kinh tế – hạ tầng huyện Tây Hòa làm chủ đầu tư, 6 công trình do UBND các xã Hòa Đồng, Hòa Mỹ Đông, Hòa Phú, thị trấn Phú Thứ làm chủ đầu tư.",
 [("inspected_entities", 16), ("inspected_entities", 16), ("inspected_entities", 6)]),
(None, "Trong số 25 doanh nghiệp được kiểm tra có 9 doanh nghiệp nhà nước và 16 doanh nghiệp tư nhân.",
 [("inspected_entities", 25), ("inspected_entities", 9), ("inspected_entities", 16)]),
("n_060", "Kết quả đã giải quyết 31/35 vụ khiếu nại, đạt 88,5%. Trong đó có 4 vụ khiếu nại đúng chiếm 12,90%, 9 vụ khiếu nại đúng một phần chiếm 29,03%; 18 vụ khiếu nại sai, chiếm 58,06%.",
 [("complaints_resolved", 31), ("complaint_resolution_rate", 88.5), ("complaints_resolved", 4), ("other", 12.9), ("complaints_resolved", 9), ("other", 29.03), ("complaints_resolved", 18), ("other", 58.06)]),
("n_060", "Về giải quyết đơn tố cáo, các cơ quan hành chính Nhà nước các cấp đã giải quyết 5/5 vụ, đạt 100%. Kết quả 1 vụ tố cáo đúng, 2 vụ tố cáo sai, 2 vụ  tố cáo đúng một phần.",
 [("complaints_resolved", 5), ("complaint_resolution_rate", 100), ("complaints_resolved", 1), ("complaints_resolved", 2), ("complaints_resolved", 2)]),
(None, "Năm 2025, Thanh tra tỉnh Bình Thuận đã giải quyết 40 đơn khiếu nại. Trong đó, 12 đơn khiếu nại đúng, 28 đơn khiếu nại sai.",
 [("complaints_resolved", 40), ("complaints_resolved", 12), ("complaints_resolved", 28)]),
# the violation after a recovery verb is what is recovered ("thu hồi sai phạm kinh tế")
("n_025", "Qua thanh tra, đã kiến nghị thu hồi sai phạm kinh tế về ngân sách nhà nước 1,226 tỷ đồng.", [("recovery_recommended_amount", 1.226e9)]),
("n_025", "Qua thanh tra đã phát hiện sai phạm kinh tế 5.433 triệu đồng; xử phạt vi phạm hành chính 715 triệu đồng; đôn đốc và thu hồi sai phạm về kinh tế theo kết luận thanh tra năm 2016 số tiền 216 triệu đồng.",
 [("violation_amount", 5433e6), ("admin_penalty_amount", 715e6), ("recovered_amount", 216e6)]),
(None, "Thanh tra huyện Định Quán kiến nghị thu hồi tiền sai phạm 312 triệu đồng; đã thu hồi sai phạm 120 triệu đồng.",
 [("recovery_recommended_amount", 312e6), ("recovered_amount", 120e6)]),
# a stage or a handling written right after the figure
("n_084", "Qua các hoạt động này, các sai phạm về tài chính lên tới gần 79,8 tỷ đồng đã được phát hiện và gần 20 tỷ đồng đã được thu hồi.",
 [("violation_amount", 79.8e9), ("recovered_amount", 20e9)]),
(None, "Số tiền 3,4 tỷ đồng đã được nộp vào ngân sách; kiến nghị thu hồi 5 tỷ đồng (đã thu 2 tỷ đồng).",
 [("recovered_amount", 3.4e9), ("recovery_recommended_amount", 5e9), ("recovered_amount", 2e9)]),
("n_057", "Đối với công trình khách sạn Mường Thanh Phú Quốc của công ty CP Đầu tư và Phát triển Phú Quốc, chủ đầu tư đã nộp 40 triệu đồng tiền xử phạt vi phạm hành chính về hoạt động xây dựng.",
 [("admin_penalty_amount", 40e6)]),
(None, "Doanh nghiệp đã nộp 15 triệu đồng tiền phạt; Sở Công Thương đã thu nộp ngân sách 30 triệu đồng từ tiền phạt vi phạm hành chính.",
 [("admin_penalty_amount", 15e6), ("recovered_amount", 30e6)]),
("n_040", "Đã có 10 cơ quan, tổ chức phải kiểm điểm.", [("accountability_collectives", 10)]),
(None, "Sau thanh tra, 4 tập thể và 9 cá nhân bị kiểm điểm, rút kinh nghiệm.", [("accountability_collectives", 4), ("accountability_individuals", 9)]),
("n_103", "Hiện còn 25 cuộc đang trong thời gian thực hiện.", [("other", 25)]),
(None, "Còn 3 cuộc đang thực hiện, chưa kết thúc.", [("other", 3)]),
("n_101", "Qua thanh tra, đã phát hiện sai phạm, kiến nghị thu hồi 1.643 triệu đồng (đã thu 1.330/1.643 triệu đồng, còn lại 313 triệu đồng chờ thu hồi).",
 [("recovery_recommended_amount", 1643e6), ("recovered_amount", 1330e6), ("other", 313e6)]),
(None, "Đã thu 2,5 tỷ đồng, còn lại 700 triệu đồng đang đôn đốc thu hồi.", [("recovered_amount", 2.5e9), ("other", 700e6)]),
# a cue with only spaces before the next number is that number's, not a right cue of the one before
("art_024", "Qua giải quyết khiếu nại, tố cáo đã kiến nghị khôi phục quyền lợi hợp pháp và hỗ trợ bổ sung cho công dân 836,5 triệu đồng, 87.715m2 đất các loại; giao 2 lô đất, minh oan 2 trường hợp và xử lý hành chính 1 trường hợp.",
 [("other", 836.5e6), ("other", 87715), ("other", 2), ("other", 2), ("accountability_individuals", 1)]),
("n_130", "Số tiền phải thu hồi 5,9 tỷ đồng đã thu 5,1 tỷ đồng (đạt 84%).",
 [("recovery_recommended_amount", 5.9e9), ("recovered_amount", 5.1e9), ("recovery_rate", 84)]),
("n_085", "Đàng chú ý, qua hoạt động thanh tra, 2 trường hợp có dấu hiệu vi phạm pháp luật bị chuyển toàn bộ hồ sơ sang cơ quan cảnh sát điều tra để xem xét, truy cứu trách nhiệm hình sự theo thẩm quyền.",
 [("cases_to_investigation", 2)]),
# not counts of what the metric counts: attendees, verification, rectification, infringing goods, proceedings
("n_073", "Ngoài ra, trong năm, cụm 9 huyện miền núi cũng thực hiện tốt việc tuyên truyền phổ biến pháp luật tiếp công dân, khiếu nại, tố cáo và phòng chống tham nhũng; như huyện Tiên Phước tổ chức 13 lớp tuyên truyền với gần 500 lượt người tham dự; huyện Bắc Trà My tổ chức 6 lớp tuyên truyền với 370 lượt người tham dự; huyện Nam Giang tổ chức 10 lớp với 400 lượt người tham dự…",
 [("other", 13), ("other", 500), ("other", 6), ("other", 370), ("other", 10), ("other", 400)]),
(None, "Ban Tiếp công dân tỉnh tổ chức tập huấn về tiếp công dân cho 320 người tham dự.", [("other", 320)]),
("n_084", "Thanh tra thành phố đã tham mưu cho UBND thành phố ban hành kế hoạch xác minh tài sản, thu nhập tại 22 đơn vị với 52 trường hợp.",
 [("other", 22), ("other", 52)]),
(None, "Thanh tra tỉnh Hà Giang xác minh tài sản, thu nhập của 14 cán bộ tại 6 cơ quan.", [("other", 14), ("other", 6)]),
("n_121", "Qua thanh tra phát hiện 36 đơn vị vi phạm 13,9 tỷ đồng, kiến nghị thu hồi hơn 5,1 tỷ đồng và 928m2 đất, kiến nghị khắc phục, chấn chỉnh, điều chỉnh, giảm trừ quyết toán 8,7 tỷ đồng, đã thu hồi nộp ngân sách 2,1 tỷ đồng và 928m2 đất; kiến nghị xử lý hành chính 3 tập thể, 22 cá nhân, kiến nghị chấn chỉnh quản lý 33 cơ quan, đơn vị, kiểm điểm rút kinh nghiệm 12 cá nhân.",
 [("violating_entities", 36), ("violation_amount", 13.9e9), ("recovery_recommended_amount", 5.1e9), ("recovery_recommended_land", 928), ("other_handling_amount", 8.7e9), ("recovered_amount", 2.1e9), ("recovered_land", 928), ("accountability_collectives", 3), ("accountability_individuals", 22), ("other", 33), ("accountability_individuals", 12)]),
(None, "Đoàn thanh tra yêu cầu chấn chỉnh công tác quản lý tại 7 đơn vị.", [("other", 7)]),
("n_103", "Ban hành 198 quyết định xử phạt vi phạm hành chính đối với 171 cá nhân và 27 tổ chức với số tiền xử phạt vi phạm hơn 1 tỷ đồng, số tiền xử lý tài sản vi phạm (tịch thu thành tiền) là 167 triệu đồng; đã thu hơn 1,1 tỷ đồng.",
 [("admin_penalties", 198), ("admin_penalties", 171), ("admin_penalties", 27), ("admin_penalty_amount", 1e9), ("other", 167e6), ("recovered_amount", 1.1e9)]),
(None, "Cơ quan chức năng xử lý hàng hóa vi phạm trị giá 45 triệu đồng.", [("other", 45e6)]),
("n_042", "Đến nay, Cơ quan CSĐT Công an tỉnh Khánh Hòa đã khởi tố ba vụ án tại bốn dự án gồm vụ án vi phạm các quy định về quản lý đất đai tại khu đất trụ sở cũ của Trường Chính trị tỉnh Khánh Hòa;",
 [("other", 3), ("other", 4)]),
(None, "Công an tỉnh Lâm Đồng đã khởi tố 2 vụ án tại 3 dự án vi phạm quy định về đất đai.", [("other", 2), ("other", 3)]),
# conclusions issued at units: the units inspected
("n_085", "Qua đó, ban hành 135 kết luận tại 299 đơn vị.", [("inspections_concluded", 135), ("inspected_entities", 299)]),
(None, "Thanh tra Sở Y tế ban hành 18 kết luận thanh tra đối với 25 cơ sở khám chữa bệnh.", [("inspections_concluded", 18), ("inspected_entities", 25)]),
# ---- cases sent to the police, persons, proceedings
("n_070", "Bên cạnh đó, xử phạt vi phạm hành chính 67 triệu đồng, kiến nghị tổ chức kiểm điểm trách nhiệm đối với 52 tập thể và 231 cá nhân liên quan đến sai phạm; chuyển hồ sơ 02 vụ việc có dấu hiệu vi phạm pháp luật: Dự án khai thác quỹ đất khu biệt thự phía Bắc trung tâm huyện Kon Plông và vụ việc bán đấu giá tài sản không đúng quy định và buông lỏng quản lý đất đai tại Công ty TNHH MTV Lâm nghiệp Ia H'Drai sang cơ quan công an để tiếp tục điều tra",
 [("admin_penalty_amount", 67e6), ("accountability_collectives", 52), ("accountability_individuals", 231), ("cases_to_investigation", 2)]),
("art_027", "Cơ quan thanh tra đã kiến nghị xử lý, thu hồi 2,3 tỉ đồng, 18 ha đất, kiến nghị xử lý khác 1,8 tỉ đồng; xử lý hành chính 30 người, kiến nghị xử lý hình sự tám người.",
 [("recovery_recommended_amount", 2.3e9), ("recovery_recommended_land", 180000), ("other_handling_amount", 1.8e9), ("accountability_individuals", 30), ("other", 8)]),
(None, "Thanh tra tỉnh đã chuyển cơ quan điều tra 3 vụ việc, 7 đối tượng với số tiền sai phạm 4,2 tỷ đồng.",
 [("cases_to_investigation", 3), ("other", 7), ("other", 4.2e9)]),
("art_029", "Kiến nghị thu hồi về ngân sách 7.391 triệu đồng và xử lý khác 287 triệu đồng; xử lý hành chính 23 tổ chức, 102 cá nhân; kiến nghị xử lý hình sự 01 vụ, 01 đối tượng chuyển cơ quan điều tra.",
 [("recovery_recommended_amount", 7391e6), ("other_handling_amount", 287e6), ("accountability_collectives", 23), ("accountability_individuals", 102), ("cases_to_investigation", 1), ("other", 1)]),
(None, "Thanh tra tỉnh kiến nghị xử lý hình sự 2 vụ việc, 3 đối tượng.", [("cases_to_investigation", 2), ("other", 3)]),
# ---- brackets and lists
("art_030", "Đã phát hiện 25 đơn vị có sai phạm, với tổng số tiền 30,7 tỷ đồng và 49ha đất; kiến nghị thu hồi 1,4 tỷ đồng (đã thu 1,36 tỷ đồng, đạt tỷ lệ 97%) và 8,3ha đất; kiến nghị xử lý khác 29,3 tỷ đồng và 40ha đất; kiến nghị sửa đổi, bổ sung hoàn thiện 7 cơ chế, chính sách; chấm dứt 1 dự án đầu tư do vi phạm tiến độ thực hiện.",
 [("violating_entities", 25), ("violation_amount", 30.7e9), ("violation_land", 490000), ("recovery_recommended_amount", 1.4e9), ("recovered_amount", 1.36e9), ("recovery_rate", 97), ("recovery_recommended_land", 83000), ("other_handling_amount", 29.3e9), ("other", 400000), ("other", 7), ("other", 1)]),
("n_061", "Đồng thời, tiếp nhận 61 đơn, qua phân loại có 25/61 đơn (13 đơn khiếu nại, 12 đơn kiến nghị, phản ánh) thuộc thẩm quyền giải quyết của các cơ quan hành chính Nhà nước các cấp",
 [("petitions_received", 61), ("petitions_eligible", 25), ("petitions_eligible", 13), ("petitions_eligible", 12)]),
("n_062", "Tiếp nhận 210 đơn thuộc thẩm quyền, trong đó có 179 đơn khiếu nại và 31 đơn tố cáo; đã giải quyết được 176/210 vụ việc thuộc thẩm quyền, đạt tỷ lệ 83,81%.",
 [("petitions_received", 210), ("petitions_received", 179), ("petitions_received", 31), ("complaints_resolved", 176), ("complaint_resolution_rate", 83.81)]),
("art_028", "Cùng kỳ, Thanh tra tỉnh tham mưu Chủ tịch UBND tỉnh tiến hành thẩm tra, xác minh giải quyết 32/32 vụ khiếu nại, tố cáo (khiếu nại 28, tố cáo 4), đạt 100%",
 [("complaints_resolved", 32), ("complaints_resolved", 28), ("complaints_resolved", 4), ("complaint_resolution_rate", 100)]),
("n_118", "Thanh tra Chính phủ đã có quyết định ban hành kế hoạch thanh tra năm 2026, với 89 cuộc thanh tra (67 cuộc thanh tra chính thức, 22 cuộc thanh tra dự phòng).",
 [("inspections_planned", 89), ("inspections_planned", 67), ("inspections_planned", 22)]),
(None, "Kết quả, có 17 đơn thuộc thẩm quyền (9 đơn khiếu nại, 8 đơn tố cáo) và 40 đơn không thuộc thẩm quyền.",
 [("petitions_eligible", 17), ("petitions_eligible", 9), ("petitions_eligible", 8), ("other", 40)]),
(None, "Các sở, ngành thực hiện 31 đoàn kiểm tra về an toàn thực phẩm, 12 đoàn về môi trường; UBND tỉnh Sơn La kiến nghị thu hồi 3 tỷ đồng (đã thu 2 tỷ đồng) và 5 ha đất.",
 [("inspections", 31), ("inspections", 12), ("recovery_recommended_amount", 3e9), ("recovered_amount", 2e9), ("recovery_recommended_land", 50000)]),
# ---- 6. numbers not read, and not figures
(None, "Năm 2025, Thanh tra tỉnh Yên Bái thực hiện 49 cuộc thanh tra, theo kế hoạch 42, đột xuất 07.",
 [("inspections", 49), ("inspections_planned", 42), ("inspections_unscheduled", 7)]),
("n_018", "Số đơn đủ điều kiện xử lý là 377.", [("petitions_eligible", 377)]),
("n_103", "Qua phân loại, tổng số vụ việc thuộc thẩm quyền của các cơ quan quản lý hành chính Nhà nước các cấp là 101 vụ việc, tăng 2,0% so với cùng kỳ năm 2018.",
 [("petitions_eligible", 101), ("other", 2)]),
(None, "Số vụ việc thuộc thẩm quyền giải quyết của UBND các cấp tỉnh Trà Vinh là 64 vụ việc; số đơn tiếp nhận trong kỳ là 120 đơn.",
 [("petitions_eligible", 64), ("petitions_received", 120)]),
("n_050", "Từ 16/11/2016 đến 15/12/2017, toàn tỉnh tiếp 4.636 lượt người, tiếp nhận 1.252 các loại đơn, trong đó chỉ có 620 đơn đủ điều kiện thụ lý giải quyết.",
 [("citizen_receptions", 4636), ("petitions_received", 1252), ("petitions_eligible", 620)]),
(None, "Quý III, Thanh tra tỉnh tiếp nhận 310 các loại đơn.", [("petitions_received", 310)]),
("n_025", "Kết quả công tác thanh tra, giải quyết khiếu nại tố cáo 6 tháng đầu năm 2017", []),
(None, "Báo cáo công tác tiếp công dân, xử lý đơn 9 tháng năm 2025 của tỉnh Điện Biên", []),
(None, "Một hội nghị của Thanh tra tỉnh Vĩnh Long\nMột hội nghị của Thanh tra tỉnh Vĩnh Long", []),
(None, "Đồng Nai: 2 tỷ đồng sai phạm tại 3 dự án- Ảnh 1.", []),
(None, "Cỡ chữ: A- 100% A+\nNăm 2024, Thanh tra tỉnh Phú Thọ đạt 95% kế hoạch.\n100%", [("other", 95)]),
]


@pytest.mark.parametrize(("doc_id", "sentence", "expected"), ISSUE9_CASES,
                         ids=[f"{c[0] or 'new'}:{c[1][:40]}" for c in ISSUE9_CASES])
def test_issue9_classes(doc_id, sentence, expected):
    figs = find_figures(article(sentence))
    assert [(f.metric, pytest.approx(f.value)) for f in figs] == expected


def test_issue9_corpus_sentences_are_real():
    for doc_id, sentence, _ in ISSUE9_CASES:
        if doc_id is not None:
            text = unicodedata.normalize("NFC", (CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8"))
            assert sentence in text, (doc_id, sentence[:60])
    assert sum(c[0] is None for c in ISSUE9_CASES) >= 15  # and phrasings of our own


def test_a_comparison_slash_is_two_figures_without_total():
    figs = find_figures(article("Số đơn tiếp nhận tăng 6,04% (807/761 đơn) so với năm 2024."))
    assert [(f.text, f.total, f.cue.text) for f in figs[1:]] == [("807", None, "tiếp nhận"), ("761 đơn", None, "so với")]
    # numbers that do not agree with the change: a share, kept whole
    figs = find_figures(article("So với năm trước giảm 10 cuộc (32/55 cuộc theo kế hoạch)."))
    assert [(f.text, f.total) for f in figs] == [("10 cuộc", None), ("32/55 cuộc", 55)]


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
