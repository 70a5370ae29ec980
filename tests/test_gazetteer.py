import csv
from pathlib import Path

import pytest

from extractor.stages.gazetteer import fold, lookup, provinces

SPEC = Path(__file__).resolve().parent.parent / "gold" / "provinces.tsv"


def test_library_table_matches_the_spec_list():
    rows = list(csv.DictReader(SPEC.open(encoding="utf-8"), delimiter="\t"))
    table = provinces()
    assert len(rows) == len(table) == 63
    for row in rows:
        info = table[row["code"]]
        assert (info.name, info.code_2025, info.name_2025) == (
            row["name"],
            row["code_2025"],
            row["name_2025"],
        )
        assert 8 < info.latitude < 24 and 102 < info.longitude < 110


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("Bắc Kạn", ["06"]),
        ("bac kan", ["06"]),
        ("06", ["06"]),
        ("Đắc Lắc", ["66"]),
        ("Daklak", ["66"]),
        ("Thừa Thiên Huế", ["46"]),
        ("Bà Rịa-Vũng Tàu", ["77"]),
        ("TP.HCM", ["79"]),
        ("Tỉnh Điện Biên", ["11"]),
        ("Atlantis", []),
        # A reader's spellings (issue 11): prefixes, the library's keywords, query-only variants.
        ("TP Hồ Chí Minh", ["79"]),
        ("TP. Hồ Chí Minh", ["79"]),
        ("TP HCM", ["79"]),
        ("HCM", ["79"]),
        ("Sài Gòn", ["79"]),
        ("Vũng Tàu", ["77"]),
        ("Vung Tau", ["77"]),
        ("thành phố Huế", ["46"]),
        ("tỉnh dien bien", ["11"]),
        ("tp", []),
        ("tỉnh", []),
    ],
)
def test_lookup_spellings(query, codes):
    assert lookup(query) == codes


def test_lookup_2025_successor_stands_for_merged_provinces():
    assert lookup("Thái Nguyên", successor=True) == ["06", "19"]
    assert lookup("Cần Thơ", successor=True) == ["92", "93", "94"]
    assert lookup("Thái Nguyên") == ["19"]


def test_fold():
    assert fold("Đắk  Lắk") == "daklak"


def test_query_only_variants_are_not_extraction_forms():
    from extractor.stages.gazetteer import surface_forms

    assert "Vũng Tàu" in surface_forms(queries=True)
    assert "Vũng Tàu" not in surface_forms() and "HCM" not in surface_forms()
