import pytest

from extractor.stages.provinces import find_mentions, unique_provinces


def codes(text):
    return [m.code for m in find_mentions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thanh tra các tỉnh gồm: Cà Mau, Hậu Giang, Kiên Giang", ["96", "93", "91"]),
        ("Chánh Thanh tra tỉnh Nam Định", ["36"]),
        ("hội nghị tại Bắc Kạn", ["06"]),
        ("TP. Hồ Chí Minh và Thừa Thiên Huế", ["79", "46"]),
        ("Đắc Lắc, Đăk Nông và Bà Rịa-Vũng Tàu", ["66", "67", "77"]),
        ("ông Nguyễn Thái Bình, Chánh Thanh tra", []),
        ("bà Nguyễn Thị Hà Giang phát biểu", []),
        ("phong cách Hồ Chí Minh", []),
        ("số 12 đường Điện Biên Phủ", []),
        ("các tỉnh Tây Nguyên và đồng bằng sông Hồng", []),
        ("thời kỳ hòa bình", []),
        ("UBND tỉnh Bình Phước và Tiền Giang", ["70", "82"]),
        # "thành phố" is a city, not a street ("phố"), before a province-level city (issue 11).
        ("Thanh tra thành phố Huế tổ chức hội nghị", ["46"]),
        ("Chánh Thanh tra Thành phố Đà Nẵng", ["48"]),
        ("Thanh tra thành phố Hà Nội", ["01"]),
        ("số 5 phố Huế", []),
        ("UBND thành phố Vũng Tàu", []),  # a city inside Bà Rịa - Vũng Tàu, not the province
        ("UBND thành phố Thái Nguyên", []),  # likewise: the province is "tỉnh Thái Nguyên"
        # issue 9, class 14: a city sharing its province's name, without "tỉnh"
        ("UBND TP Thái Nguyên và Thành ủy Tây Ninh", []),
        ("Thành ủy Cà Mau, UBND TP. Quảng Ngãi", []),
        ("UBND TP Ninh Bình", []),  # n_027
        ("UBND tỉnh Thái Nguyên và Tỉnh ủy Tây Ninh", ["19", "72"]),
        ("UBND TP Cần Thơ", ["92"]),  # a province-level city is the province
        # a team is not a person's name; a firm's name is no province (n_091)
        ("giải Nhì thuộc về Đoàn Tuyên Quang và Hòa Bình, Đoàn Bắc Giang và Bắc Kạn đạt giải 3, Đoàn Thái Nguyên",
         ["08", "17", "24", "06", "19"]),
        ("Dự án do Công ty TNHH Trang trại bò sữa công nghệ cao Hà Giang làm chủ đầu tư", []),
        ("Công ty cổ phần Xây dựng Lạng Sơn trúng thầu tại tỉnh Cao Bằng", ["04"]),
        ("ông Đoàn Văn Hà, Chánh Thanh tra tỉnh Hà Nam", ["35"]),
    ],
)
def test_mentions(text, expected):
    assert codes(text) == expected


def test_spans_index_the_text_and_skip_spans_are_honoured():
    text = "Theo Nghị quyết về tỉnh Lạng Sơn, Thanh tra tỉnh Cao Bằng"
    found = find_mentions(text)
    assert [text[m.start : m.end] for m in found] == ["Lạng Sơn", "Cao Bằng"]
    assert [m.code for m in find_mentions(text, skip=[(0, 32)])] == ["04"]


def test_unique_provinces_carry_2025_successor():
    provs = unique_provinces(find_mentions("Bắc Kạn, Thái Nguyên, Bắc Kạn"))
    assert [(p.code, p.code_2025, p.name_2025) for p in provs] == [
        ("06", "19", "Thái Nguyên"),
        ("19", "19", "Thái Nguyên"),
    ]


def test_a_site_banner_and_related_headlines_are_not_the_articles_provinces():
    from extractor.stages.provinces import find_provinces
    from tests.helpers import article

    text = (
        "Cổng thông tin điện tử tỉnh Lạng Sơn\n\nThanh tra tỉnh Cao Bằng tổ chức hội nghị tổng kết công tác thanh tra "
        "năm 2024 với sự tham dự của lãnh đạo các sở, ngành trong tỉnh.\n\nTin liên quan\n"
        "Thanh tra tỉnh Hà Giang triển khai 40 cuộc thanh tra\nĐiện Biên: tiếp 1.200 lượt công dân"
    )
    assert [m.code for m in find_provinces(article(text))] == ["04"]
