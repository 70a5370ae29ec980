import unicodedata

import pytest

from extractor.stages.clean import clean_view, load_article

FURNITURE = [
    ("leftcenterrightdel\nÔng A phát biểu. Ảnh: TH", ["leftcenterrightdel", "Ảnh: TH"], "Ông A phát biểu."),
    ("Báo cáo (ảnh: N.Xinh)\n", ["(ảnh: N.Xinh)"], "Báo cáo"),
    ("Nội dung.\n\nBản quyền thuộc Tạp chí Thanh tra", ["Bản quyền thuộc Tạp chí Thanh tra"], "Nội dung."),
    ("Nội dung.\n(Nguồn: ThanhtraVietNam)", ["(Nguồn: ThanhtraVietNam)"], "Nội dung."),
    ("Kết thúc.\n\nÝ kiến bình luận\nHọ và tên *\nEmail *", ["Ý kiến bình luận", "Họ và tên *"], "Kết thúc."),
    ("Đoạn văn.\n\nDSC05521_0.JPG\n\nTiếp", ["DSC05521_0.JPG"], "Tiếp"),
    ("(ThanhtraVietNam) - Năm 2022, công tác", ["(ThanhtraVietNam) -"], "Năm 2022, công tác"),
]


@pytest.mark.parametrize(("text", "gone", "kept"), FURNITURE)
def test_furniture_is_blanked_without_moving_offsets(text, gone, kept):
    view = clean_view(text)
    assert len(view) == len(text)
    assert view.count("\n") == text.count("\n")
    for g in gone:
        assert g not in view
    assert kept in view
    assert view.index(kept) == text.index(kept)


def test_nfd_input_gives_nfc_text():
    nfc = "Thanh tra tỉnh Điện Biên phát hiện sai phạm 5,6 tỷ đồng."
    art = load_article("d", unicodedata.normalize("NFD", nfc))
    assert art.text == nfc


def test_title_and_published_from_date_line():
    text = "Thanh tra các tỉnh Cụm Thi đua số IV:\n\nThực hiện tốt các phong trào\n\nThứ tư, 16/11/2022 15:03\n(ThanhtraVietNam) - Năm 2022, …\n\nHà Tuấn"
    art = load_article("d", text)
    assert art.title == "Thanh tra các tỉnh Cụm Thi đua số IV: Thực hiện tốt các phong trào"
    assert art.published == "2022-11-16T15:03"
    assert "16/11/2022" not in art.clean


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("21-11-2018 00:00", "2018-11-21T00:00"),
        ("Thứ Sáu, 06/03/2015, 02:24", "2015-03-06T02:24"),
        ("Thứ năm, ngày 04/06/2015", "2015-06-04"),
        ("Chủ nhật, 5/1/2020 - 8:05", "2020-01-05T08:05"),
        ("Thứ Hai, 15 tháng 3 năm 2021 - 10:30", "2021-03-15T10:30"),  # via dateparser
        ("Ngày 5 tháng 6 năm 2019", "2019-06-05"),
        ("Cập nhật: 21-11-2015 | 09:31:09", "2015-11-21T09:31"),  # n_045: seconds dropped
        ("Ngày đăng: 03/02/2024 - 14:05", "2024-02-03T14:05"),
    ],
)
def test_date_line_styles(line, published):
    art = load_article("d", f"Tiêu đề bài viết về thanh tra\n\n{line}\nNội dung bài viết dài hơn một chút.")
    assert art.published == published


@pytest.mark.parametrize(
    ("ending", "author"),
    [
        ("\n\nTrần Kiên", "Trần Kiên"),
        ("\n\nPhan Thị Bích Hạnh - Thanh tra Sở Tài chính", "Phan Thị Bích Hạnh"),
        (" có sai phạm lớn. Nguyễn Chung", "Nguyễn Chung"),
        ("\n\nMINH HIẾU", "MINH HIẾU"),
        (" thực hiện dự án. Đ.LAM", "Đ.LAM"),
        ("\n\nTheo Hương Giang (báo Thanh Tra)", "Hương Giang"),
        ("\n\nNgọc Xinh\n(Nguồn: ThanhtraVietNam)", "Ngọc Xinh"),
        ("\n\nToàn cảnh Hội nghị", None),
        ("\n\nCác đơn vị ký giao ước thi đua.", None),
    ],
)
def test_byline(ending, author):
    art = load_article("d", "Thanh tra tỉnh đã triển khai 12 cuộc thanh tra." + ending)
    assert art.author == author
    if author:
        s, e = art.author_span
        assert art.text[s:e] == author


def test_crlf_keeps_offsets():
    text = "Dòng một.\r\nDòng hai có Lạng Sơn."
    art = load_article("d", text)
    assert art.text == text and len(art.clean) == len(text)


@pytest.mark.parametrize(
    ("head", "title", "published"),
    [
        ("Tiêu đề bài viết về thanh tra\n25/06/2024 10:32 238", "Tiêu đề bài viết về thanh tra", "2024-06-25T10:32"),
        ("Tiêu đề bài viết\n\n26/10/2018 - 11:16 - Nguồn: baomoi.com", "Tiêu đề bài viết", "2018-10-26T11:16"),
        ("Thanh tra tỉnh Bình Định phát hiện sai phạm 12 tỷ đồng 03/01/2025 08:05", "Thanh tra tỉnh Bình Định phát hiện sai phạm 12 tỷ đồng", "2025-01-03T08:05"),
        # the dates probe (extractor eval --probes): the same headline in another outlet's date style
        ("Thanh tra tỉnh Bình Định phát hiện sai phạm 12 tỷ đồng 03-01-2025 08:05", "Thanh tra tỉnh Bình Định phát hiện sai phạm 12 tỷ đồng", "2025-01-03T08:05"),
        ("Thanh tra tỉnh Bình Định phát hiện sai phạm 12 tỷ đồng 03.01.2025 08:05", "Thanh tra tỉnh Bình Định phát hiện sai phạm 12 tỷ đồng", "2025-01-03T08:05"),
        ("Thanh tra tỉnh Bình Định phát hiện sai phạm 12 tỷ đồng 03-01/2025 08:05", "Thanh tra tỉnh Bình Định phát hiện sai phạm 12 tỷ đồng 03-01/2025 08:05", None),
    ],
)
def test_date_line_with_counter_source_or_glued_to_the_headline(head, title, published):
    art = load_article("d", head + "\n\nNăm 2024, Thanh tra tỉnh triển khai 12 cuộc thanh tra.")
    assert (art.title, art.published) == (title, published)
    assert "12 tỷ đồng" not in title or "12 tỷ đồng" in art.clean  # a headline's figures stay in the text


def test_needle_precheck_never_changes_the_clean_view(monkeypatch):
    # The needles in patterns/furniture.jsonl only skip work: every corpus article must clean the same
    # with and without them (a wrong needle silently disables its pattern).
    from pathlib import Path

    import extractor.stages.clean as clean

    corpus = sorted((Path(__file__).resolve().parent.parent / "corpus").glob("*.txt"))
    texts = [unicodedata.normalize("NFC", p.read_text(encoding="utf-8")) for p in corpus]
    texts.append("Kết thúc.\n\nTrả lời\n\nEmail của bạn sẽ không được hiển thị công khai.\nTên *")
    fast = [clean.clean_view(t) for t in texts]
    rows = clean._furniture()
    monkeypatch.setattr(clean, "_furniture", lambda: [((), pattern) for _needles, pattern in rows])
    assert [clean.clean_view(t) for t in texts] == fast


def test_a_comment_form_ends_where_its_fields_end():
    text = (
        "Bài một: phát hiện sai phạm 5 tỷ đồng.\n\nÝ kiến bình luận\nHọ và tên *\nEmail *\n\n"
        "Bài hai: kiến nghị thu hồi 7 tỷ đồng.\n"
        "Email của bạn sẽ không được hiển thị công khai. Các trường bắt buộc được đánh dấu *\nBình luận *\n"
        "Tên *\n\nBài ba: đã thu hồi 2 tỷ đồng."
    )
    view = clean_view(text)
    assert "Ý kiến bình luận" not in view and "Họ và tên" not in view and "Email" not in view
    for kept in ("Bài hai: kiến nghị thu hồi 7 tỷ đồng.", "Bài ba: đã thu hồi 2 tỷ đồng."):
        assert view.index(kept) == text.index(kept)


def test_related_headlines_end_where_their_list_ends():
    # A block of related headlines at the end of a page goes whole (n_089: "Tin nóng", "Tin mới" after the
    # byline); one in the middle of a joined text ends at its last headline: the next article's title (a
    # headline followed by a date line or by prose) and all that follows stay, even short paragraphs.
    end = "Bài một: phát hiện sai phạm 5 tỷ đồng.\n\nTrần Kiên\n\nTin nóng\n\nTin mới\n"
    view = clean_view(end)
    assert "Tin nóng" not in view and "Tin mới" not in view and view.index("Trần Kiên") == end.index("Trần Kiên")
    end_list = "Bài một.\n\nTin liên quan\nThanh tra tỉnh Hà Giang triển khai 40 cuộc\n\nĐiện Biên: tiếp 1.200 lượt\n"
    assert clean_view(end_list).strip() == "Bài một."
    text = (
        "Bài một: phát hiện sai phạm 5 tỷ đồng.\n\nTin liên quan\n\nHà Giang triển khai 40 cuộc thanh tra\n\n"
        "Điện Biên: tiếp 1.200 lượt công dân\n\n"
        "Bài hai: kiến nghị thu hồi 7 tỷ đồng\n\n06/10/2017 15:10\n\nThanh tra tỉnh đã thu hồi 2 tỷ đồng.\n\n"
        "Ngắn: 3 cuộc thanh tra.\n\nXem thêm:\n\nBài ba: 4 cuộc\n\nSáng nay, Thanh tra tỉnh tổ chức hội nghị, "
        "đã thu hồi 1 tỷ đồng, xử lý 12 tập thể và 34 cá nhân theo kết luận của đoàn thanh tra, kiến nghị "
        "kiểm điểm trách nhiệm của 5 cá nhân có liên quan trong quá trình quản lý, sử dụng đất đai ở địa phương.\n"
    )
    view = clean_view(text)
    for gone in ("Tin liên quan", "Hà Giang triển khai 40 cuộc", "Điện Biên: tiếp 1.200", "Xem thêm:"):
        assert gone not in view
    for kept in ("Bài một", "Bài hai: kiến nghị thu hồi 7 tỷ đồng", "06/10/2017 15:10", "đã thu hồi 2 tỷ đồng.",
                 "Ngắn: 3 cuộc thanh tra.", "Bài ba: 4 cuộc", "Sáng nay, Thanh tra tỉnh"):
        assert view.index(kept) == text.index(kept)
    # only short lines after the block, to the end of the text: still only the headlines go
    short = text[: text.index("Xem thêm")]
    view = clean_view(short)
    assert "Hà Giang" not in view and view.index("Ngắn: 3 cuộc thanh tra.") == short.index("Ngắn: 3 cuộc thanh tra.")
    assert view.index("Bài hai: kiến nghị thu hồi 7 tỷ đồng") == short.index("Bài hai: kiến nghị thu hồi 7 tỷ đồng")


def test_several_corpus_articles_joined_give_the_sum_of_their_figures():
    from pathlib import Path

    from extractor.pipeline import extract_text

    corpus = Path(__file__).resolve().parent.parent / "corpus"
    # The three articles with a comment form, each followed by others (a scrape that keeps several pages).
    names = ["002_98235f30ad968d9c", "art_030", "art_004", "art_023", "art_007", "001_2e1bbfb05ce767ee"]
    names.append("n_100")
    texts = [unicodedata.normalize("NFC", (corpus / f"{n}.txt").read_text(encoding="utf-8")) for n in names]
    alone = [
        [(f.text, f.value, f.metric) for f in extract_text(n, t).figures]
        for n, t in zip(names, texts, strict=True)
    ]
    joined = extract_text("joined", "\n\n".join(texts))
    assert len(joined.figures) == sum(len(a) for a in alone) > 100
    assert [(f.text, f.value, f.metric) for f in joined.figures] == [x for a in alone for x in a]


def test_a_scraped_date_field_glued_before_the_text():
    # n_118: " date 2026-01-25 Ngày 24.1, …": the date goes, the lead stays text
    art = load_article("d", " date 2026-01-25 Ngày 24.1, Thanh tra Chính phủ ban hành kế hoạch thanh tra năm 2026.")
    assert art.published == "2026-01-25"
    assert "2026-01-25" not in art.clean and "Ngày 24.1, Thanh tra Chính phủ" in art.clean
    # a whole date line lower down wins over a glued one (n_086)
    art = load_article("d", " date 2025-08-18 Chủ đề nóng\n\nThứ hai, ngày 18/08/2025 17:15 GMT+7\n\nNội dung bài viết.")
    assert art.published == "2025-08-18T17:15"


@pytest.mark.parametrize(
    ("given", "published"),
    [
        ("17/05/2023", "2023-05-17"),
        ("17.5.2023", "2023-05-17"),
        ("17/05/2023 08:30", "2023-05-17T08:30"),
        ("17 tháng 5 năm 2023", "2023-05-17"),
        ("Thứ Tư, 17 tháng 5 năm 2023 - 08:30", "2023-05-17T08:30"),
        ("2023-05-17", "2023-05-17"),
        ("2023-05-17 08:30", "2023-05-17T08:30"),
        ("2023-05-17T08:30:15", "2023-05-17T08:30"),
        ("2023-05-17T08:30:00+07:00", "2023-05-17T08:30"),  # local time as written
        ("May 17, 2023", "2023-05-17"),
        ("Wed, 17 May 2023 08:30:00 +0700", "2023-05-17T08:30"),
        ("hôm qua", None),  # relative: not a publication date
        ("tháng 5 năm 2023", None),  # no day
        ("2023-02-30", None),
        ("not a date", None),
    ],
)
def test_published_in_any_common_form_is_normalised(given, published):
    from extractor.pipeline import extract_text
    from extractor.stages.clean import normalize_published

    assert normalize_published(given) == published
    record = extract_text("d", "Thanh tra tỉnh Bắc Giang phát hiện sai phạm 5 tỷ đồng.", published=given)
    assert record.source.published == published  # never an article lost for its date


@pytest.mark.parametrize(
    ("text", "author"),
    [
        # n_119: a name line just above the date line, written twice
        ("Cà Mau: Hơn 11,2 tỉ đồng thất thoát\n\nGia Bách\nGia Bách\n08/12/2025 13:08 GMT+7\n\nBáo cáo cho thấy 5 vụ.",
         "Gia Bách"),
        # a byline glued before the date line (issue 9, class 10; n_073 "NGUYỄN HƯNG 09/12/2020 10:40")
        ("Tiêu đề bài viết về thanh tra\nNguyễn Hà Thứ hai, 12/03/2024 - 08:05\nThanh tra tỉnh triển khai 12 cuộc.",
         "Nguyễn Hà"),
        ("Tiêu đề bài viết về thanh tra\nTRẦN MINH 09/12/2020 10:40\nThanh tra tỉnh triển khai 12 cuộc thanh tra.",
         "TRẦN MINH"),
        # a name alone between the date line and the lead (a style of several national papers)
        ("Thanh tra tỉnh Sóc Trăng: 6 tháng kiến nghị thu hồi 2 tỷ đồng\n\nThứ Hai, 08/07/2019 - 10:05\n\n"
         "Thu Hằng\n\n6 tháng đầu năm 2019, Thanh tra tỉnh Sóc Trăng đã triển khai 45 cuộc thanh tra hành chính, "
         "phát hiện sai phạm 3,2 tỷ đồng.", "Thu Hằng"),
    ],
)
def test_byline_at_the_top(text, author):
    art = load_article("d", text)
    assert art.author == author and art.published is not None
    assert author not in (art.title or "")


@pytest.mark.parametrize(
    ("ending", "author"),
    [
        ("\n\nTác giả bài viết: Diệu Hoa", "Diệu Hoa"),  # n_074
        ("\nTác giả: quan tri, VT.T.Tâm\nÝ kiến bạn đọc", "VT.T.Tâm"),  # n_113: a site account is no author
        (" hiệu quả một số cuộc thanh tra chưa cao... PV", "PV"),  # n_104
        ("\n\nNhóm PV", "Nhóm PV"),
        ("\n\nT.L.", "T.L."),  # initials with dots
        ("\n\nNguyễn Hà, Minh Anh", "Nguyễn Hà, Minh Anh"),  # co-authors joined by a comma, as written
        ("\n\nNg", None),  # n_027: a cut word is no byline
        ("\n\nTin, ảnh: H'Loan", "H'Loan"),
        ("\n\nThu Hà/VOV-Tây Bắc", "Thu Hà"),  # a name and its outlet after a slash
        ("\n\nMinh Châu\n\nChia sẻ\nFacebook | Zalo", "Minh Châu"),  # share buttons under the byline
    ],
)
def test_byline_styles_of_other_outlets(ending, author):
    art = load_article("d", "Thanh tra tỉnh đã triển khai 12 cuộc thanh tra." + ending)
    assert art.author == author


@pytest.mark.parametrize(
    "ending",
    ["\n\nTTXVN", "\n\nTheo Báo Gia Lai", "\n\nTheo Báo Điện tử Chính phủ", "\n\nVOV", "\n\nTheo Đài Tiếng nói Việt Nam",
     "\n\nBáo Thanh tra"],
)
def test_a_sign_off_naming_only_the_outlet_is_no_author(ending):
    art = load_article("d", "Thanh tra tỉnh đã triển khai 12 cuộc thanh tra." + ending)
    assert art.author is None


def test_a_name_line_below_the_date_line_needs_the_lead_after_it():
    # a short heading after the date line is no byline: the line after a byline is the article's prose
    text = "Tiêu đề bài viết về thanh tra\n\n08/07/2019 10:05\n\nKết Quả Nổi Bật\n\nNăm cuộc."
    assert load_article("d", text).author is None


def test_a_line_pattern_never_blanks_the_rest_of_a_one_line_article():
    rest = "; sau đó Thanh tra tỉnh phát hiện sai phạm 5 tỷ đồng, kiến nghị thu hồi 2 tỷ đồng" * 3
    text = "Hội nghị tổng kết. Ảnh: TH" + rest + ", (ảnh: không đóng ngoặc" + rest + " (Nguồn: TTVN)."
    view = clean_view(text)
    assert view.count("5 tỷ đồng") == 6 and "(Nguồn: TTVN)" not in view


def test_date_lines_our_patterns_read_and_lines_dateparser_is_spared(monkeypatch):
    import extractor.stages.clean as clean

    asked = []
    real = clean._parse_date_line
    monkeypatch.setattr(clean, "_parse_date_line", lambda line: asked.append(line) or real(line))
    # a bracketed time zone (three corpus articles): read by the date-line pattern, as dateparser read it
    art = load_article("d", "Tiêu đề bài viết\nThứ Sáu, 06/10/2017, 15:10 [GMT+7]\n\nThanh tra tỉnh triển khai 12 cuộc.")
    assert art.published == "2017-10-06T15:10" and "GMT" not in art.clean
    # a headline with a month and a year but no day is no date line: never handed to dateparser (2 ms a line)
    art = load_article("d", "Kết quả tiếp công dân tháng 4 năm 2017\n\nThanh tra tỉnh tiếp 120 lượt công dân.")
    assert art.published is None and art.title == "Kết quả tiếp công dân tháng 4 năm 2017"
    assert asked == []
    art = load_article("d", "Tiêu đề bài viết\nThứ Hai, 15 tháng 3 năm 2021 - 10:30\n\nThanh tra tỉnh tiếp 12 lượt.")
    assert art.published == "2021-03-15T10:30" and asked == ["Thứ Hai, 15 tháng 3 năm 2021 - 10:30"]


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("Thứ ba - 18/04/2017 21:00 88 0", "2017-04-18T21:00"),  # n_117: a dash after the weekday, counters
        ("11/10/2024 9:21 AM", "2024-10-11T09:21"),  # n_143
        ("Chủ nhật, 03/03/2024 12:05 AM", "2024-03-03T00:05"),
        ("Thứ Tư, 17/05/2023 - 9:30 PM 1.204", "2023-05-17T21:30"),
    ],
)
def test_date_lines_with_a_dash_counters_or_a_12_hour_clock(line, published, monkeypatch):
    import extractor.stages.clean as clean

    monkeypatch.setattr(clean, "_parse_date_line", lambda line: pytest.fail(f"dateparser asked for {line!r}"))
    art = load_article("d", f"Tiêu đề bài viết về thanh tra\n{line}\n\nThanh tra tỉnh triển khai 12 cuộc thanh tra.")
    assert art.published == published and line not in art.clean


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("Cập nhật: 08:15 ngày 27/06/2024", "2024-06-27T08:15"),
        ("15:30 ngày 14/11/2019 (GMT+7)", "2019-11-14T15:30"),
        ("Đăng lúc: 7h05, 03/02/2021", "2021-02-03T07:05"),
    ],
)
def test_a_date_line_with_the_time_before_the_day(line, published):
    art = load_article("d", f"Tiêu đề bài viết về thanh tra\n\n{line}\n\nChiều 26/6, Thanh tra tỉnh tổ chức hội nghị.")
    assert art.published == published
