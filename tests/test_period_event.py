import pytest

from extractor.stages.event import find_event
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


def event(text):
    art = article(text)
    return find_event(art, find_provinces(art))


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
