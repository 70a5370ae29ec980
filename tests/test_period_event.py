import pytest

from extractor.stages.event import find_event
from extractor.stages.legal import find_legal_refs
from extractor.stages.period import find_period
from extractor.stages.provinces import find_provinces
from tests.helpers import article


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Năm 2019, Cụm Thi đua số V đã triển khai.", (2019, 1, 12, "Năm 2019")),
        (
            "Qua báo cáo 6 tháng đầu năm 2023 toàn Cụm triển khai 32 cuộc.",
            (2023, 1, 6, "6 tháng đầu năm 2023"),
        ),
        ("Trong quý I, thanh tra các sở tiến hành 711 cuộc.", (None, 1, 3, "quý I")),
        ("Kết quả tiếp công dân tháng 4 năm 2017 như sau.", (2017, 4, 4, "tháng 4 năm 2017")),
        ("Trong 9 tháng đầu năm 2010, ngành thanh tra.", (2010, 1, 9, "9 tháng đầu năm 2010")),
        (
            "Sơ kết 6 tháng đầu năm và triển khai nhiệm vụ 6 tháng cuối năm 2024.",
            (2024, 1, 6, "6 tháng đầu năm"),
        ),
        ("Quý III/2022, Thanh tra tỉnh Đồng Nai triển khai 40 cuộc.", (2022, 7, 9, "Quý III/2022")),
        ("kỷ niệm 74 năm (23/11/1945 - 23/11/2019) ngày truyền thống; so với cùng kỳ năm 2018 giảm.", None),
    ],
)
def test_period(text, expected):
    p = find_period(article(text))
    got = None if p is None else (p.year, p.start_month, p.end_month, p.label)
    assert got == expected


def period_of(text):
    """The period as the pipeline reads it: after the event type, with the legal references."""
    art = article(text)
    refs = find_legal_refs(art)
    p = find_period(art, find_event(art, find_provinces(art), refs).type, refs)
    return None if p is None else (p.year, p.start_month, p.end_month)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # n_062 / n_015: "Từ đầu năm đến nay" starts in January; its end only when its sentence writes it
        ("Từ đầu năm đến nay, Thanh tra huyện Bình Liêu đã triển khai 8 cuộc thanh tra.", (None, 1, None)),
        ("Từ đầu năm đến nay (tháng 8/2023), Thanh tra tỉnh Hà Giang đã tiếp 412 lượt công dân.", (2023, 1, 8)),
        # art_033: results to a cut-off date: the end written, the start not (gold/notes/settle_2.md, S2)
        (
            "Cụ thể, đến ngày 20/9/2018, cơ quan thanh tra đã kết thúc 68 cuộc, ban hành kết luận thanh tra, kiểm "
            "tra đối với 184 đơn vị.",
            (2018, None, 9),
        ),
        ("Tính đến ngày 15/11/2024, toàn tỉnh đã giải quyết 203 vụ việc khiếu nại, tố cáo.", (2024, None, 11)),
        # n_139: "nửa đầu năm"
        (
            "Theo báo cáo mới ban hành của UBND tỉnh Lai Châu, trong thời gian nửa đầu năm 2017, các cấp, ngành của "
            "tỉnh đã thực hiện 93 cuộc thanh tra, kiểm tra.",
            (2017, 1, 6),
        ),
        ("Nửa cuối năm 2021, Thanh tra tỉnh Cao Bằng tiếp 615 lượt công dân.", (2021, 7, 12)),
        # n_061: a framing lead without figures is not the period the figures are for
        (
            "Trong tháng 3, tỉnh Sóc Trăng tiếp tục quan tâm thực hiện nghiêm túc hoạt động thanh tra, kiểm tra.\n\n"
            "Theo UBND tỉnh Sóc Trăng, trong tháng 02/2023, toàn ngành đã triển khai 04 cuộc thanh tra hành chính.",
            (2023, 2, 2),
        ),
        # n_019: a meeting to set the coming year's tasks reports the year before
        (
            "Chiều 28/1, Thanh tra tỉnh tổ chức Hội nghị triển khai nhiệm vụ công tác Thanh tra năm 2026.\n\n"
            "Năm 2025, Thanh tra tỉnh đã thực hiện 76 cuộc thanh tra hành chính.",
            (2025, 1, 12),
        ),
        # art_002: a review's period is the one written after its review word
        (
            "Thanh tra tỉnh Quảng Ngãi giành giải Nhì Hội thao Cụm Thi đua năm 2024\n\nChiều ngày 21/6/2024 tại tỉnh "
            "Quảng Nam, Cụm Thi đua đã tổ chức Hội nghị Sơ kết công tác thi đua 6 tháng đầu năm và triển khai nhiệm "
            "vụ 6 tháng cuối năm 2024.",
            (2024, 1, 6),
        ),
        # X5: a five-year span is not a one-year period
        ("Trong 5 năm 2016 - 2020, toàn ngành Thanh tra tỉnh Hà Giang đã triển khai 466 cuộc thanh tra.", None),
    ],
)
def test_period_rules(text, expected):
    assert period_of(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # art_003: the span a check covers
        "Kiểm tra công tác thi đua, khen thưởng năm 2018 tại Thanh tra tỉnh Phú Thọ\n\nĐoàn kiểm tra đã làm việc.",
        "Đoàn thanh tra sẽ thanh tra việc quản lý, sử dụng đất đai năm 2022 tại huyện Mường Tè, tỉnh Lai Châu.",
        # art_041, n_143: an inspection's time span; n_064: a deadline
        "Ngày 11-1, Thanh tra Chính phủ công bố quyết định thanh tra. Thời kỳ thanh tra là từ đầu năm 2009 đến ngày "
        "30-6-2015.",
        "Ngày 11/5, UBND thành phố ban hành văn bản yêu cầu các sở khẩn trương thực hiện, thời hạn hoàn thành trong "
        "tháng 6/2025.",
        # art_036, n_143: a plan's name in news of one inspection
        "Sở cho biết, đây là cuộc thanh tra nằm trong kế hoạch thanh tra, kiểm tra năm 2023 đã được Giám đốc Sở quyết"
        " định.",
        # n_106: a year in a case story
        "Ngày 20.10, Chủ tịch UBND tỉnh Bình Định đã ký kết luận thanh tra về việc giao đất. Năm 2011, ông Dũng đã lấn"
        " chiếm thửa đất.",
        # n_127: a law's year
        "Trong 5 năm thực hiện Luật Phòng, chống tham nhũng năm 2018, Thanh tra tỉnh đã khởi tố 3 vụ án.",
    ],
)
def test_not_a_period(text):
    assert period_of(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # R6, n_118 / n_086: a plan article's period is the plan's own
        (
            "Ngày 24.1, Thanh tra Chính phủ đã có quyết định ban hành kế hoạch thanh tra năm 2026, với 89 cuộc thanh "
            "tra.",
            (2026, 1, 12),
        ),
        (
            "Chánh Thanh tra TP Đà Nẵng vừa ban hành kế hoạch các cuộc thanh tra 5 tháng cuối năm 2025.",
            (2025, 8, 12),
        ),
        ("Chánh Thanh tra tỉnh Lâm Đồng phê duyệt kế hoạch thanh tra năm 2027 gồm 38 cuộc.", (2027, 1, 12)),
    ],
)
def test_a_plan_articles_period_is_the_plans(text, expected):
    assert period_of(text) == expected


def event(text):
    art = article(text)
    return find_event(art, find_provinces(art), find_legal_refs(art))


def test_pledge_signing_with_place():
    e = event("Mới đây, tại Lạng Sơn, đại diện thanh tra 7 tỉnh đã thống nhất ký giao ước thi đua năm 2020.")
    assert (e.type, e.location, e.date) == ("pledge_signing", "20", None)


def test_review_conference_with_date_and_facility_place():
    e = event(
        "Sáng ngày 15/12/2021, tại Sở Tài chính tỉnh Lạng Sơn, Cụm thi đua đã tổ chức Hội nghị tổng kết."
    )
    assert (e.type, e.date, e.location) == ("review_conference", "2021-12-15", "20")


def test_report_has_no_date_or_place():
    e = event(
        "Trong năm 2022, Thanh tra tỉnh Sơn La đã triển khai 120 cuộc thanh tra, phát hiện sai phạm 5 tỷ đồng."
    )
    assert (e.type, e.date, e.location) == ("report", None, None)


def test_working_visit_is_other():
    e = event(
        "Ngày 11-1-2016, tại trụ sở UBND tỉnh Nghệ An, Thanh tra Chính phủ đã công bố quyết định thanh tra."
    )
    assert (e.type, e.date, e.location) == ("other", "2016-01-11", "40")


# ---- event type: news that is not a period's results is `other` (issue 9, classes 7 and 12)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # n_020: one conclusion announced
            "Thanh tra Chính phủ công bố Kết luận thanh tra tại tỉnh Nam Định\n\n08/02/2023\n\n"
            "Ngày 7/2, tại trụ sở UBND tỉnh Nam Định, Phó Tổng Thanh tra Chính phủ (TTCP) Trần Ngọc Liêm đã chủ "
            "trì buổi công bố Kết luận thanh tra trách nhiệm của UBND tỉnh Nam Định trong việc thực hiện quy định "
            "của pháp luật về thanh tra, tiếp công dân.",
            ("other", "2023-02-07", "36"),
        ),
        (
            "Thứ năm, 03/04/2025 09:10\nSáng 3/4, tại UBND tỉnh Gia Lai, Thanh tra Chính phủ công bố kết luận "
            "thanh tra việc quản lý, sử dụng đất có nguồn gốc nông lâm trường trên địa bàn tỉnh.",
            ("other", "2025-04-03", "64"),
        ),
        (  # n_118: a plan, under a scrape's glued date field
            " date 2026-01-25 Ngày 24.1, theo nguồn tin của PV Thanh Niên, Thanh tra Chính phủ đã có quyết định "
            "ban hành kế hoạch thanh tra năm 2026, với 89 cuộc thanh tra (67 cuộc thanh tra chính thức, 22 cuộc "
            "thanh tra dự phòng).",
            ("other", "2026-01-24", None),
        ),
        (
            "20/12/2026 08:00\nChiều 19.12, Chánh Thanh tra tỉnh Bình Thuận ban hành kế hoạch thanh tra năm 2027 "
            "gồm 42 cuộc thanh tra hành chính và 6 cuộc dự phòng.",
            ("other", "2026-12-19", None),
        ),
        (  # n_046: an anniversary ceremony; the year from the anniversary in the same sentence
            "(THTG) Ngày 20/11, Thanh tra tỉnh Tiền Giang long trọng tổ chức kỷ niệm 70 năm truyền thống ngành "
            "Thanh tra Việt Nam (23/11/1945 – 23/11/2015), 39 năm xây dựng và trưởng thành của ngành Thanh tra "
            "tỉnh Tiền Giang.",
            ("other", "2015-11-20", None),
        ),
        (
            "Sáng 21-11, Thanh tra tỉnh Bắc Ninh tổ chức lễ kỷ niệm 80 năm Ngày truyền thống ngành Thanh tra "
            "Việt Nam (23/11/1945 – 23/11/2025) và đón nhận Huân chương Lao động hạng Nhì.",
            ("other", "2025-11-21", None),
        ),
        (  # one case
            "Cơ quan Cảnh sát điều tra Công an tỉnh Nghệ An đã khởi tố vụ án vi phạm quy định về đấu thầu tại dự "
            "án đường ven biển sau kết luận của Thanh tra tỉnh, thiệt hại hơn 12 tỷ đồng.",
            ("other", None, None),
        ),
        (  # n_145: one inspection's findings, no cue of a period
            "Trước đó, Hậu Giang đã thanh tra về việc thực hiện các quy định của pháp luật về phòng, chống tham "
            "nhũng tại UBND thị xã Long Mỹ.\n\nKết quả, Thanh tra đã phát hiện nhiều sai phạm trong công tác "
            "thu, chi tài chính tại các phòng, ban, trung tâm và xã, phường với số tiền trên 590 triệu.",
            ("other", None, None),
        ),
    ],
)
def test_news_that_is_not_a_periods_results_is_other(text, expected):
    e = event(text)
    assert (e.type, e.date, e.location) == expected


def test_results_with_a_meeting_only_in_a_caption_is_a_report():
    # n_018: "Một hội nghị …" under a photo does not make the results article a meeting
    e = event(
        "Hưng Yên: Tiến hành 321 cuộc thanh tra\n\nThứ Sáu, 06/10/2017, 15:10 [GMT+7]\n"
        "9 tháng năm 2017, Thanh tra tỉnh Hưng Yên tiến hành 321 cuộc thanh tra, trong đó có 202 cuộc thanh tra "
        "hành chính. Qua thanh tra phát hiện 149 đơn vị có vi phạm.\n"
        "Một hội nghị của Thanh tra tỉnh Hưng Yên\n"
        "Về tiếp công dân, các cơ quan hành chính đã tiếp 1.250 lượt công dân đến khiếu nại, tố cáo, kiến nghị."
    )
    assert e.type == "report"
    e = event(
        "Quý III/2024, Thanh tra tỉnh Hòa Bình triển khai 45 cuộc thanh tra hành chính, phát hiện sai phạm hơn "
        "3,2 tỷ đồng, kiến nghị thu hồi 1,1 tỷ đồng.\nMột buổi làm việc của đoàn thanh tra. Ảnh: T.L\n"
        "Các cơ quan hành chính đã tiếp 310 lượt công dân, tiếp nhận 280 đơn các loại, giải quyết 41 vụ việc."
    )
    assert e.type == "report"
    # art_020: a review meeting named only in a caption between the results (the lead's rule over S1 of
    # gold/notes/settle_2.md: a report whose only meeting word is in a photo caption is a report)
    e = event(
        "Trong tất cả các cuộc thanh tra được triển khai 6 tháng qua tại tỉnh Bình Định đều phát hiện những sai "
        "phạm, tiêu cực trên các lĩnh vực nhạy cảm như: Đầu tư xây dựng cơ bản; quản lý tài chính ngân sách.\n\n"
        " Lãnh đạo Thanh tra tỉnh chủ trì Hội nghị sơ kết công tác 6 tháng đầu năm\n\n"
        "Cụ thể, trong đầu tư xây dựng cơ bản, đã tiến hành thanh tra 4 cuộc tại 4 đơn vị và đã kết thúc 02 cuộc, "
        "ban hành kết luận thanh tra 01 cuộc và phát hiện một đơn vị có khuyết điểm sai phạm về kinh tế."
    )
    assert e.type == "report"
    e = event(
        "Năm 2024, Thanh tra tỉnh Phú Yên triển khai 52 cuộc thanh tra, phát hiện sai phạm 12 tỷ đồng và kiến "
        "nghị xử lý 14 tập thể.\nQuang cảnh hội nghị tổng kết công tác thanh tra năm 2024\nVề tiếp công dân, các "
        "cơ quan đã tiếp 1.020 lượt công dân, tiếp nhận 640 đơn, giải quyết 38 vụ việc thuộc thẩm quyền."
    )
    assert e.type == "report"


def test_a_blocs_pledge_signing_named_after_the_lead():
    # art_009: the lead lists the bloc's aims; the signing is named in the paragraphs after it
    e = event(
        "Thanh tra các Bộ, ngành trong Khối thi đua số III gồm 6 đơn vị đã thống nhất, đề ra 5 mục tiêu phong trào "
        "thi đua trọng tâm và 2 chỉ tiêu cụ thể trong năm 2025.\n\nTrong đó phấn đấu 100% đơn vị trực thuộc hoàn "
        "thành xuất sắc nhiệm vụ chính trị được giao; 100% đơn vị đạt danh hiệu “Tập thể lao động xuất sắc”.\n\n"
        "Các đơn vị trong Khối thi đua số III ký giao ước thi đua.\n\nBuổi lễ ký kết diễn ra trang trọng."
    )
    assert e.type == "pledge_signing"


def test_a_paragraph_listing_the_years_emulation_work_is_no_event():
    # 002: launching, registering and pledging named together describe the year's work
    e = event(
        "Năm 2022, công tác thi đua khen thưởng đã được Thanh tra các tỉnh Cụm thi đua số IV nghiêm túc tổ chức "
        "triển khai thực hiện, tạo khí thế thi đua sôi nổi.\n\nThanh tra các tỉnh đã thực hiện nghiêm túc các hoạt "
        "động thi đua: tổ chức phát động phong trào thi đua, đăng ký các danh hiệu thi đua và ký kết giao ước thi "
        "đua với nhiều nội dung thiết thực, bám sát nhiệm vụ chính trị.\n\nTrong năm 2022, Thanh tra các tỉnh "
        "Cụm IV đã triển khai thực hiện 1.902 cuộc thanh tra."
    )
    assert e.type == "report"


# ---- event date: the year of a day written without one (issue 9, class 8)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # n_119 (R8): a report's day is the day given for the report itself
            " date 2025-12-08 Ngày 8.12, tin từ Văn phòng UBND tỉnh Cà Mau cho biết, UBND tỉnh vừa có báo cáo kết "
            "quả công tác phòng, chống tham nhũng: đã tiến hành 26 cuộc thanh tra, ban hành 26 kết luận.",
            ("report", "2025-12-08"),
        ),
        (
            "01/07/2024 10:00\nNgày 30-6, Thanh tra tỉnh Quảng Trị đã có báo cáo kết quả 6 tháng đầu năm: triển "
            "khai 34 cuộc thanh tra, tiếp 412 lượt công dân.",
            ("report", "2024-06-30"),
        ),
        (  # art_033: a cut-off is not the event's day
            "Cụ thể, đến ngày 20/9/2018, cơ quan thanh tra đã kết thúc 68 cuộc, ban hành kết luận thanh tra, kiểm "
            "tra đối với 184 đơn vị.",
            ("report", None),
        ),
        (  # a day after the date line belongs to the year before
            "Thứ hai, 05/01/2025 - 08:30\nNgày 28/12, Thanh tra tỉnh Lào Cai tổ chức Hội nghị tổng kết công tác "
            "thanh tra năm 2024.",
            ("review_conference", "2024-12-28"),
        ),
        (  # n_064: the year of a document cited in the same sentence, when the day can follow it
            "Ngày 11/5, Ủy ban nhân dân thành phố Cần Thơ ban hành Kế hoạch 103/KH-UBND chỉ đạo các sở ngành, địa "
            "phương khẩn trương thực hiện Kết luận thanh tra số 138/KL-TTCP ngày 17/4/2025 của Tổng Thanh tra "
            "Chính phủ.",
            ("other", "2025-05-11"),
        ),
        (  # art_039: … but not when the day would fall before it
            "Ngày 5/1, Phó Tổng Thanh tra Chính phủ đã chủ trì công bố quyết định thành lập Đoàn công tác để kiểm "
            "tra việc khắc phục tồn tại theo Kết luận thanh tra số 75/KL-TTCP ngày 04/09/2018.",
            ("other", None),
        ),
        (  # art_012: a term's span gives its first year; n_034: a year written alone wins over a span
            "Sáng 1-11, Thanh tra Chính phủ tổ chức Đại hội Thi đua yêu nước ngành Thanh tra lần thứ V (2020-2025).",
            ("review_conference", "2020-11-01"),
        ),
        (
            "Sáng 29/6, Thanh tra tỉnh hội nghị điển hình tiên tiến 5 năm ( 2015 – 2020) và sơ kết công tác thanh "
            "tra 6 tháng đầu năm 2020.",
            ("review_conference", "2020-06-29"),
        ),
        (  # art_037: two days written together
            "Thứ Sáu, 06/03/2015, 02:24\nTrong hai ngày 4 và 5/3/2015, Tổng Thanh tra Chính phủ đã làm việc với "
            "lãnh đạo UBND tỉnh Bình Phước và Tiền Giang.",
            ("other", "2015-03-04"),
        ),
        (  # n_007: "Hôm nay (22/11)"; and "Sáng nay" under the date line of that day
            "Thứ năm, 22/11/2012 - 07:05\nLTS: Hôm nay (22/11), Thanh tra Chính phủ tổ chức buổi họp mặt nhân Kỷ "
            "niệm 67 năm Ngày Truyền thống ngành Thanh tra Việt Nam.",
            ("other", "2012-11-22"),
        ),
        (
            "Cập nhật: 14-04-2023 | 16:20:05\nSáng nay, Thanh tra tỉnh Kon Tum tổ chức lễ kỷ niệm ngày thành lập.",
            ("other", "2023-04-14"),
        ),
        (
            "Thứ ba, 10/12/2024 - 07:30\nChiều hôm qua, Thanh tra tỉnh Ninh Thuận tổ chức Hội nghị sơ kết công tác "
            "thi đua năm 2024.",
            ("review_conference", "2024-12-09"),
        ),
        (  # n_123: a contest whose day is written after the lead
            "Thanh tra Ban Dân tộc tham gia Hội thi “tiếng hát ngành thanh tra Lạng Sơn”\n\nThiết thực chào mừng kỷ "
            "niệm 75 năm ngày truyền thống Ngành thanh tra Việt Nam (23/11/1945-23/11/2020), Thanh tra tỉnh tổ chức "
            "Hội thi.\n\nThanh tra Ban Dân tộc là thành viên của Cụm thi đua số 2 Thanh tra tỉnh gồm Thanh tra các sở "
            "và ban, ngành của tỉnh.\n\nNgày 17/10/2020 tại Trung tâm văn hóa nghệ thuật tỉnh Lạng Sơn, Thanh tra tỉnh "
            "Lạng Sơn tổ chức Hội thi “Tiếng hát ngành thanh tra Lạng Sơn”.",
            ("other", "2020-10-17"),
        ),
        (  # n_117: the headline written again above the text is no prose; the lead's day is in its second
            # paragraph after the legal basis; the date line ends in a scrape's counters
            "Thanh tra Sở tổ chức Hội nghị Ký kết giao ước thi đua Thanh tra các Sở Văn hóa, Thể thao và Du lịch Cụm "
            "V - 10 tỉnh Tây Nguyên và Đông Nam Bộ\n\nThứ ba - 18/04/2017 21:00 88 0\n\nThanh tra Sở tổ chức Hội "
            "nghị Ký kết giao ước thi đua Thanh tra  các Sở Văn hóa, Thể thao và Du lịch Cụm V - 10 tỉnh Tây "
            "Nguyên  và Đông Nam Bộ\n\nCăn cứ Công văn số 26/TTr-HCTH ngày 09/3/2017 của Thanh tra Bộ Văn hoá, Thể "
            "thao và Du lịch về việc tổ chức cụm thi đua Thanh tra Ngành Văn hóa, Thể thao và Du lịch và triển khai "
            "công tác thi đua năm 2017.\n\nĐược sự đồng ý của Giám đốc Sở, Thanh tra Sở tổ chức Hội nghị Ký kết giao "
            "ước thi đua Thanh tra Sở Văn hoá, Thể thao và Du lịch cụm V năm 2017 vào ngày 12/4/2017.",
            ("pledge_signing", "2017-04-12"),
        ),
        (
            "Thanh tra tỉnh Gia Lai sơ kết công tác thanh tra, tiếp công dân, giải quyết khiếu nại, tố cáo và phòng, "
            "chống tham nhũng 6 tháng đầu năm 2024\n11/07/2024 9:21 PM\nThanh tra tỉnh Gia Lai sơ kết công tác thanh "
            "tra, tiếp công dân, giải quyết khiếu nại, tố cáo và phòng, chống tham nhũng 6 tháng đầu năm 2024\n"
            "Thực hiện kế hoạch công tác năm 2024 và hướng dẫn của Thanh tra Chính phủ, Thanh tra tỉnh đã rà soát "
            "các nội dung cần đánh giá trong toàn ngành.\nThanh tra tỉnh Gia Lai đã tổ chức hội nghị sơ kết công tác "
            "6 tháng đầu năm 2024 vào sáng 10/7 với sự tham dự của lãnh đạo các sở, ngành.",
            ("review_conference", "2024-07-10"),
        ),
        (  # no year anywhere: null
            "(PL)- Ngày 11-1, tại trụ sở UBND tỉnh Nghệ An, Thanh tra Chính phủ đã công bố quyết định thanh tra "
            "việc chấp hành pháp luật về quản lý đất đai.",
            ("other", None),
        ),
    ],
)
def test_event_date(text, expected):
    e = event(text)
    assert (e.type, e.date) == expected


def test_event_place_is_not_the_site_of_an_inspection_and_a_host_is_the_place():
    e = event(
        "Thanh tra Chính phủ công bố kết luận thanh tra đối với 3 dự án quy mô lớn, tổng vốn hơn 1.200 tỷ đồng "
        "tại tỉnh Quảng Ngãi."
    )
    assert (e.type, e.location) == ("other", None)
    e = event(
        "Hội thao Cụm thi đua số V diễn ra sáng 12/5/2024. Phát biểu khai mạc, ông Lê Văn A, Chánh Thanh tra tỉnh "
        "Yên Bái, đơn vị chủ nhà, chúc các đoàn thi đấu thành công."
    )
    assert (e.type, e.location) == ("other", "15")
    e = event("Sáng 4-6, tại Công viên văn hóa đã diễn ra lễ khai mạc Hội thao thanh tra các tỉnh, chủ nhà Bình Dương.")
    assert (e.type, e.location) == ("other", "74")


@pytest.mark.parametrize(
    "text",
    [
        "Chiều 15/12, Hội đồng Thi đua – Khen thưởng ngành Thanh tra đã họp xét, đề nghị khen thưởng 36 tập thể "
        "và 52 cá nhân có thành tích xuất sắc năm 2024.",
        "Sáng 9/3, Thanh tra tỉnh Đắk Lắk tổ chức hội nghị quán triệt Luật Thanh tra năm 2022 và các nghị định "
        "hướng dẫn thi hành cho 120 cán bộ, công chức.",
        "Văn phòng Chính phủ vừa có Thông báo số 215/TB-VPCP truyền đạt ý kiến của Phó Thủ tướng về việc giải "
        "quyết 14 vụ việc khiếu nại đông người.",
    ],
)
def test_award_councils_rollouts_and_notices_are_other(text):
    assert event(text).type == "other"


def test_results_presented_at_a_provincial_council_session_are_a_report():
    e = event(
        "Tại kỳ họp thứ 8, HĐND tỉnh Long An khóa X, Chánh Thanh tra tỉnh báo cáo kết quả công tác thanh tra năm "
        "2023: toàn ngành triển khai 118 cuộc thanh tra hành chính, tiếp 2.340 lượt công dân."
    )
    assert e.type == "report"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # n_127: results over five years; the year of an example later is not the period
            "Trong 5 năm thực hiện Luật Phòng, chống tham nhũng năm 2018, qua công tác thanh tra, kiểm tra, ngành "
            "thành tra của tỉnh Hải Dương đã phát hiện vi phạm hơn 411 tỷ đồng và 918 m2 đất.\n"
            "Thanh tra tỉnh Hải Dương và thanh tra các sở, ngành đã thực hiện 3.785 cuộc thanh tra, kiểm tra.\n"
            "Cụ thể, năm 2021, UBND TP Hải Dương thanh tra đột xuất tại Trường Tiểu học Ngọc Sơn, phát hiện 2 vụ việc.",
            None,
        ),
        (
            "Sau 10 năm triển khai Đề án, Thanh tra tỉnh Quảng Ngãi đã tiến hành 1.240 cuộc thanh tra, phát hiện "
            "sai phạm 312 tỷ đồng.\nRiêng năm 2023, toàn ngành triển khai 130 cuộc thanh tra.",
            None,
        ),
        (  # one year, written as a span of months, is a period as before
            "Trong năm 2023, Thanh tra tỉnh Quảng Ngãi đã tiến hành 130 cuộc thanh tra, phát hiện sai phạm 31 tỷ "
            "đồng trên tổng số 412 đơn vị được thanh tra.",
            (2023, 1, 12),
        ),
    ],
)
def test_results_over_a_span_of_years_have_no_period(text, expected):
    assert period_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the news is the issuing of a document: its day is the document's date
        (
            "Thanh tra tỉnh Hòa Bình vừa ban hành Kết luận số 45/KL-TTr ngày 3/11/2021 về việc thanh tra công tác "
            "quản lý đất đai tại UBND huyện Kim Bôi.",
            ("other", "2021-11-03"),
        ),
        (
            "UBND tỉnh Kon Tum đã ký ban hành Quyết định số 112/QĐ-UBND ngày 20/02/2023 phê duyệt kế hoạch thanh "
            "tra năm 2023.",
            ("other", "2023-02-20"),
        ),
        # announcing is not issuing: the conclusion's own date is not the day of the announcement
        (
            "Thanh tra tỉnh Hòa Bình tổ chức công bố Kết luận số 45/KL-TTr ngày 3/11/2021 về việc thanh tra công "
            "tác quản lý đất đai tại UBND huyện Kim Bôi.",
            ("other", None),
        ),
        # a span of days within one month is the event's own days
        (
            "Từ ngày 14 đến 16/10/2024, Thanh tra tỉnh Bắc Ninh tổ chức lớp tập huấn nghiệp vụ cho 120 học viên.",
            ("other", "2024-10-14"),
        ),
        # a citizen reception session is not a period's results; its year is its month's
        (
            "Sáng 12/4, tại Trụ sở Tiếp công dân tỉnh, Chủ tịch UBND tỉnh Vĩnh Long chủ trì buổi tiếp công dân "
            "định kỳ tháng 4/2022. Có 6 lượt công dân được tiếp.",
            ("other", "2022-04-12"),
        ),
    ],
)
def test_issuing_and_reception_days(text, expected):
    e = event(text)
    assert (e.type, e.date) == expected


def test_a_month_with_its_year_gives_a_day_its_year_only_for_the_same_month():
    e = event("Sáng 5/1, Thanh tra tỉnh Ninh Thuận tổ chức buổi làm việc về kết quả tháng 12/2025.")
    assert e.date is None  # "tháng 12/2025" is not the year of 5 January


def test_a_place_below_province_level_is_the_events_place():
    e = event(
        "Sáng 20-3, tại thành phố Cẩm Phả, Cụm thi đua số 1 tổ chức hội nghị ký kết giao ước thi đua năm 2018.\n"
        "Các đơn vị thống nhất tổ chức hội nghị giữa năm tại tỉnh Hải Dương vào tháng 7."
    )
    assert (e.type, e.location) == ("pledge_signing", None)
    e = event(
        "Ngày 10/12, tại phường Tân An, tỉnh Đắk Lắk, Cụm thi đua Thanh tra các tỉnh Tây Nguyên tổ chức hội nghị "
        "tổng kết công tác thi đua năm 2025."
    )
    assert (e.type, e.location) == ("review_conference", "66")


def test_a_target_for_the_next_quarter_is_not_the_period():
    text = (
        "Thanh tra tỉnh Nam Định: Quý I/2024 kiến nghị thu hồi 1,2 tỷ đồng\n\n"
        "Quý I/2024, Thanh tra tỉnh Nam Định thực hiện kế hoạch công tác trong bối cảnh nhiều khó khăn.\n\n"
        "Trong quý II, Thanh tra tỉnh phấn đấu ban hành kết luận ít nhất 15 cuộc thanh tra."
    )
    assert period_of(text) == (2024, 1, 3)


def test_a_span_of_days_is_the_period_only_where_its_sentence_states_results():
    text = ("Đoàn công tác của Thanh tra Chính phủ làm việc với UBND tỉnh Bình Thuận. Từ ngày 1/4 đến 30/9/2022, "
            "Thanh tra tỉnh đã triển khai 28 cuộc thanh tra, ban hành kết luận 19 cuộc.")
    assert period_of(text) == (2022, 4, 9)
    # an inspection's span is not the period
    text = ("Thanh tra tỉnh công bố quyết định thanh tra việc quản lý đất đai tại huyện Hàm Tân từ ngày 1/1/2019 "
            "đến ngày 31/12/2021.")
    assert period_of(text) is None
