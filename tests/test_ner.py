"""What underthesea's name recogniser adds to the officials stage, measured on names the patterns miss
(ethnic-minority names written after the title, with no Kinh family name and no honorific)."""

import pytest

from extractor.stages.officials import find_officials
from extractor.stages.provinces import find_provinces
from tests.helpers import article

CASES = [
    ("Phó Chủ tịch UBND tỉnh Gia Lai Rah Lan Chung chủ trì hội nghị.", "Rah Lan Chung"),
    ("Chánh Thanh tra tỉnh Đắk Lắk Y Ngông Niê Kdăm phát biểu.", "Y Ngông Niê Kdăm"),
    ("Bí thư Tỉnh ủy Kon Tum A Pớt phát biểu.", "A Pớt"),
]


def names(text):
    art = article(text)
    return [o.name for o in find_officials(art, find_provinces(art))]


@pytest.mark.parametrize(("text", "name"), CASES)
def test_recogniser_finds_names_patterns_miss(text, name, monkeypatch):
    monkeypatch.setenv("EXTRACTOR_NER", "0")
    assert names(text) == []  # patterns alone
    monkeypatch.setenv("EXTRACTOR_NER", "1")
    assert names(text) == [name]  # filtered: no "Gia Lai", no "Chánh", no partial name


def test_recogniser_output_is_filtered():
    # As shipped the CRF tags "Chánh", "Cụm" and provinces as people; none of them may come through.
    art = article("Chánh Thanh tra tỉnh Lạng Sơn và Cụm trưởng Cụm thi đua số IV dự hội nghị.")
    assert find_officials(art, find_provinces(art)) == []
    assert find_provinces(art)[0].code == "20"


def test_province_before_a_name_is_still_a_province():
    art = article("Phó Chủ tịch UBND tỉnh Gia Lai Rah Lan Chung chủ trì hội nghị.")
    (official,) = find_officials(art, find_provinces(art))
    assert official.province == "64"
