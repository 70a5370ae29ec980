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
