import pytest

from extractor.stages.cluster import find_cluster
from extractor.stages.provinces import find_provinces
from extractor.stages.roman import int_to_roman, roman_to_int
from tests.helpers import article


def cluster(text):
    art = article(text)
    return find_cluster(art, find_provinces(art))


def test_numbered_cluster_members_and_roles():
    c = cluster(
        "Cụm thi đua số IV gồm thanh tra 7 tỉnh biên giới miền núi phía Bắc: Điện Biên, Lạng Sơn, Sơn La, "
        "Lai Châu, Lào Cai, Hà Giang, Quảng Ninh. Năm 2020, Thanh tra tỉnh Điện Biên với vai trò Cụm trưởng, "
        "Thanh tra tỉnh Lạng Sơn là Cụm phó."
    )
    assert (c.number, c.label) == (4, "Cụm thi đua số IV")
    assert c.members == ["11", "20", "14", "12", "10", "02", "22"]
    assert (c.leader, c.deputy) == ("11", "20")


def test_members_with_role_in_brackets_and_descriptive_name():
    c = cluster(
        "Chiều ngày 21/6/2024 tại tỉnh Quảng Nam, Cụm Thi đua Thanh tra các tỉnh Duyên hải Miền Trung gồm: "
        "Quảng Nam (Cụm trưởng), Quảng Ngãi (Cụm phó), Bình Định, Phú Yên đã tổ chức Hội nghị."
    )
    assert c.number is None
    assert c.name == "Cụm Thi đua Thanh tra các tỉnh Duyên hải Miền Trung"
    assert c.members == ["49", "51", "52", "54"]
    assert (c.leader, c.deputy) == ("49", "51")


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Thanh tra 7 tỉnh thuộc Cụm Thi đua số V dự hội nghị.", 5),
        ("Cụm thi đua số 2 tổ chức ký kết.", 2),
        ("Thanh tra các tỉnh Cụm IV đã triển khai.", 4),
        ("Khối thi đua số II gồm 7 đơn vị.", 2),
    ],
)
def test_numbers(text, number):
    assert cluster(text).number == number


def test_no_cluster():
    assert cluster("Thanh tra tỉnh Cà Mau phát hiện sai phạm 14 tỷ đồng.") is None


def test_unseen_leader_phrasing():
    c = cluster("Cụm thi đua số VI, do Thanh tra tỉnh Gia Lai làm Cụm trưởng, đã họp tại Kon Tum.")
    assert (c.number, c.leader) == (6, "64")


@pytest.mark.parametrize(
    ("roman", "value"), [("I", 1), ("IV", 4), ("V", 5), ("IX", 9), ("XII", 12), ("IIII", None)]
)
def test_roman(roman, value):
    assert roman_to_int(roman) == value
    if value:
        assert int_to_roman(value) == roman
