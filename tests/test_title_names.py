"""Names without a Kinh family name (ethnic-minority and foreign officials), read where a title and its
organisation stand right before them (officials._title_names). These are the cases underthesea's name
recogniser was kept for, plus ones it missed; and the runs after a title that are not names."""

import pytest

from extractor.stages.officials import find_officials
from extractor.stages.provinces import find_provinces
from tests.helpers import article


def found(text):
    art = article(text)
    return [(o.name, o.title, o.province) for o in find_officials(art, find_provinces(art))]


NAMES = [
    # the recogniser's cases (it found these three)
    ("Phó Chủ tịch UBND tỉnh Gia Lai Rah Lan Chung chủ trì hội nghị.", "Rah Lan Chung", "Phó Chủ tịch UBND"),
    ("Chánh Thanh tra tỉnh Đắk Lắk Y Ngông Niê Kdăm phát biểu.", "Y Ngông Niê Kdăm", "Chánh Thanh tra"),
    ("Bí thư Tỉnh ủy Kon Tum A Pớt phát biểu.", "A Pớt", "Bí thư Tỉnh ủy"),
    # corpus n_006: a country ends the organisation; a Lao name with a hyphenated last part
    (
        "Trưởng đoàn cán bộ Thanh tra Chính phủ Lào Khăm Phăn Li - Phung đánh giá cao những kết quả đã đạt "
        "được trong công tác thanh tra của Thanh tra tỉnh Cao Bằng.",
        "Khăm Phăn Li - Phung",
        "Trưởng đoàn",
    ),
    # unseen phrasings: a district ends the organisation, an organisation ending in a lower-case word,
    # an apostrophe, a Khmer name, a second name in a sentence that has a Kinh one
    ("Bí thư Huyện ủy Ea Kar Y Kiêng Niê chủ trì buổi làm việc.", "Y Kiêng Niê", "Bí thư Huyện ủy"),
    ("Giám đốc Sở Nội vụ Siu Hương cho biết đã rà soát 12 hồ sơ.", "Siu Hương", "Giám đốc"),
    ("Phó Chủ tịch UBND tỉnh Đắk Lắk H'Yim Kđoh dự hội nghị.", "H'Yim Kđoh", "Phó Chủ tịch UBND"),
    ("Chánh Thanh tra tỉnh Sóc Trăng Thạch Sô Phol ký quyết định.", "Thạch Sô Phol", "Chánh Thanh tra"),
    ("Thủ tướng Chính phủ Vương quốc Campuchia Hun Manet hội đàm.", "Hun Manet", "Thủ tướng Chính phủ"),
    # a Jrai family name ("Rơ", patterns/person_names.json) ends an unknown commune's name
    ("Chủ tịch UBND xã Ia Dom Rơ Mah Tuấn cho biết.", "Rơ Mah Tuấn", "Chủ tịch UBND"),
]


@pytest.mark.parametrize(("text", "name", "title"), NAMES)
def test_name_after_a_title_and_its_organisation(text, name, title):
    ((got, got_title, _),) = found(text)
    assert (got, got_title) == (name, title)


def test_next_to_a_kinh_name_in_the_same_sentence():
    got = found("Phó Chủ tịch UBND tỉnh Gia Lai Đỗ Tiến Đông, Chủ tịch UBND huyện Chư Sê Rơ Lan Thành dự.")
    assert [(n, t) for n, t, _ in got] == [("Đỗ Tiến Đông", "Phó Chủ tịch UBND"), ("Rơ Lan Thành", "Chủ tịch UBND")]


def test_province_before_a_name_is_still_a_province():
    ((name, _, province),) = found("Phó Chủ tịch UBND tỉnh Gia Lai Rah Lan Chung chủ trì hội nghị.")
    assert (name, province) == ("Rah Lan Chung", "64")


NOT_NAMES = [
    # title words, a province and a cluster after a title (what the recogniser used to tag as people)
    "Chánh Thanh tra tỉnh Lạng Sơn và Cụm trưởng Cụm thi đua số IV dự hội nghị.",
    # the title's organisation ended before the run (a preposition, a verb, a spaced dash): corpus n_083,
    # tests/heldout ho_05, corpus n_117
    "Chỉ thị số 36/CT-TTg của Thủ tướng Chính phủ về tổ chức Tết Nguyên đán Bình Ngọ năm 2026.",
    "Phó Tổng Thanh tra Chính phủ làm việc tại Bà Rịa-Vũng Tàu",
    "Thanh tra tỉnh Đắk Lắk, Cụm trưởng Cụm thi đua số V – 10 tỉnh Tây Nguyên và Đông Nam Bộ.",
    # a place, a region or a country after a title; an organisation in title case
    "Giám đốc Sở Giáo dục và Đào tạo tỉnh Lâm Đồng phát biểu.",
    "Giám đốc Sở Kế hoạch và Đầu tư Tây Ninh phát biểu.",
    "Chủ tịch Hội đồng thi đua khối Tây Nguyên Đông Nam Bộ họp.",
    "Giám đốc Ban Quản lý Dự án Đầu tư Xây dựng tỉnh phát biểu.",
    # a commune we do not know, and a run with no known family name: where the place ends and a name
    # starts cannot be told
    "Chủ tịch UBND xã Ia Dom Bih Mah Tuấn cho biết.",
]


@pytest.mark.parametrize("text", NOT_NAMES)
def test_not_names(text):
    assert found(text) == []
