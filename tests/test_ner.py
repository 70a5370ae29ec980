"""underthesea's name recogniser, the officials stage's opt-in second opinion (EXTRACTOR_NER=1).

The stage's own rules read these names (tests/test_title_names.py); the recogniser must find them too,
filtered (no province, no title word, no partial name), and must change nothing when it is off."""

import pytest

from extractor.stages import ner
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


def test_off_by_default(monkeypatch):
    monkeypatch.delenv("EXTRACTOR_NER", raising=False)
    assert not ner.enabled()
    monkeypatch.setenv("EXTRACTOR_NER", "1")
    assert ner.enabled()


@pytest.mark.parametrize(("text", "name"), CASES)
def test_recogniser_finds_the_names_after_a_title_filtered(text, name):
    art = article(text)
    provinces = {art.clean[m.start : m.end] for m in find_provinces(art)}
    spans = ner.person_spans(art.clean, 0, len(art.clean), provinces)
    assert [art.clean[s:e] for s, e in spans] == [name]  # no "Gia Lai", no "Chánh", no partial name


@pytest.mark.parametrize(("text", "name"), CASES)
def test_the_stage_gives_the_same_officials_with_or_without_it(text, name, monkeypatch):
    monkeypatch.setenv("EXTRACTOR_NER", "0")
    without = names(text)
    monkeypatch.setenv("EXTRACTOR_NER", "1")
    assert names(text) == without == [name]


def test_recogniser_output_is_filtered(monkeypatch):
    # As shipped the CRF tags "Chánh", "Cụm" and provinces as people; none of them may come through.
    monkeypatch.setenv("EXTRACTOR_NER", "1")
    art = article("Chánh Thanh tra tỉnh Lạng Sơn và Cụm trưởng Cụm thi đua số IV dự hội nghị.")
    assert find_officials(art, find_provinces(art)) == []
    assert find_provinces(art)[0].code == "20"
