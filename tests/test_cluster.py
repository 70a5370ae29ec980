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


@pytest.mark.parametrize(
    "text",
    [
        # n_073: a count of the cluster's members, not its number
        "Hội nghị đã bầu chọn đơn vị Thanh tra huyện Tiên Phước dẫn đầu Cụm 9 huyện miền núi, đơn vị Nam Trà My "
        "xếp thứ nhì và đơn vị Nam Giang đứng thứ ba.",
        "Cụm thi đua gồm Thanh tra 12 sở, ngành của tỉnh; Cụm 12 sở đã ký kết giao ước thi đua.",
        "Khối thi đua 6 cơ quan nội chính tổ chức hội nghị.",
    ],
)
def test_a_count_of_members_is_not_the_clusters_number(text):
    found = cluster(text)
    assert found is None or found.number is None


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


# ---- issue 9: members / leader / deputy hold province codes only


@pytest.mark.parametrize(
    "text",
    [
        # art_006: a cluster of one province's districts
        "Cụ thể, Cụm thi đua Thanh tra các huyện, thành phố phía Nam do Thanh tra huyện Minh Long làm Cụm trưởng, "
        "Thanh tra huyện Nghĩa Hành làm Cụm phó.",
        # art_005: a cluster of one province's departments
        "Cụm thi đua Số 2 - Thanh tra tỉnh Lạng Sơn gồm 7 đơn vị; Thanh tra Sở Tài chính - đơn vị Cụm Trưởng.",
        # n_117 (as gold/README.md quotes it): Sở inspectorates across provinces, the provinces listed
        "Thanh tra tỉnh giao cho Thanh tra Sở Văn hóa, Thể thao và Du lịch tỉnh Tây Ninh làm Cụm trưởng Cụm thi "
        "đua số V – 10 tỉnh Tây Nguyên và Đông Nam bộ gồm các tỉnh: Bình Phước, Tây Ninh, Bình Dương, Đồng Nai.",
        # a bloc of ministries' inspectorates
        "Khối thi đua số III gồm Thanh tra các Bộ: Thanh tra Bộ Lao động – Thương binh và Xã hội (Khối trưởng), "
        "Thanh tra Bộ Y tế (Khối phó).",
        "Thanh tra Sở Nông nghiệp tỉnh Kon Tum làm Cụm trưởng Cụm thi đua số 3 gồm các tỉnh Kon Tum, Gia Lai, Đắk Lắk.",
    ],
)
def test_clusters_of_departments_districts_or_ministries_have_no_provinces(text):
    c = cluster(text)
    assert c is not None and (c.members, c.leader, c.deputy) == ([], None, None)


def test_a_generic_mention_of_the_roles_names_no_leader():
    # art_006: "Cụm trưởng các Khối, Cụm thi đua ngành Thanh tra tỉnh Quảng Ngãi" names no unit
    c = cluster(
        "Đây là trách nhiệm của Khối trưởng, Khối phó; Cụm trưởng, Cụm phó đã được Thanh tra tỉnh giao tại Văn bản "
        "số 140/TTT-VP về việc công nhận Khối trưởng, Cụm trưởng các Khối, Cụm thi đua ngành Thanh tra tỉnh Quảng "
        "Ngãi năm 2019."
    )
    assert (c.leader, c.deputy) == (None, None)


def test_a_province_level_city_inspectorate_is_a_province():
    c = cluster("Cụm thi đua số 1 gồm Hà Nội, Hải Phòng, Quảng Ninh; Thanh tra thành phố Hải Phòng làm Cụm trưởng.")
    assert (c.members, c.leader) == (["01", "31", "22"], "31")
    c = cluster("Cụm thi đua số 2 năm 2025, Cụm trưởng là Thanh tra tỉnh Khánh Hòa, Cụm phó: Thanh tra tỉnh Phú Yên.")
    assert (c.leader, c.deputy) == ("56", "54")


def test_a_member_list_opening_with_a_level_word():
    c = cluster(
        "Cụm thi đua số 2 họp tại Quảng Ninh. Tham dự có lãnh đạo Thanh tra 5 tỉnh, thành phố thành viên gồm "
        "TP. Hải Phòng, Quảng Ninh, Hải Dương, Hưng Yên và Thái Bình."
    )
    assert c.members == ["31", "22", "30", "33", "34"]


def test_a_unit_elected_for_next_year_is_not_the_clusters_deputy_yet():
    c = cluster(
        "Ngày 12/12, Thanh tra tỉnh Bến Tre, đơn vị Cụm trưởng năm 2024, tổ chức hội nghị tổng kết Cụm thi đua số "
        "7 năm 2024. Hội nghị bầu Thanh tra tỉnh Trà Vinh làm Cụm trưởng, Thanh tra tỉnh Sóc Trăng làm Cụm phó "
        "năm 2025."
    )
    assert (c.leader, c.deputy) == ("83", None)
    # one term only: its roles stand whatever year is written
    c = cluster("Cụm thi đua số 7 năm 2025: Thanh tra tỉnh Trà Vinh làm Cụm trưởng, Thanh tra tỉnh Sóc Trăng làm Cụm phó năm 2025.")
    assert (c.leader, c.deputy) == ("84", "94")


def test_units_elected_at_the_meeting_give_way_to_the_standing_ones():
    c = cluster(
        "Cụm thi đua số 3 tổng kết năm 2024: Thanh tra tỉnh Nghệ An nhận nhiệm vụ Cụm trưởng năm 2025.\n"
        "Năm 2024, Thanh tra tỉnh Hà Tĩnh là Cụm trưởng, Thanh tra tỉnh Quảng Bình là Cụm phó. Hội nghị đã bầu "
        "Thanh tra tỉnh Nghệ An làm Cụm trưởng, Thanh tra tỉnh Quảng Trị làm Cụm phó năm 2025."
    )
    assert (c.leader, c.deputy) == ("42", "44")
    # only an election written for a role: it names that role
    c = cluster("Hội nghị Cụm thi đua số 3 đã bầu Thanh tra tỉnh Nghệ An làm Cụm trưởng năm 2025.")
    assert c.leader == "40"
    c = cluster(
        "Ngày 8/3, Thanh tra tỉnh Phú Yên - Cụm trưởng Cụm thi đua số 5 tổ chức ký kết giao ước thi đua năm 2024. "
        "Hội nghị thống nhất bầu Thanh tra tỉnh Ninh Thuận làm Cụm phó năm 2024."
    )
    assert (c.leader, c.deputy) == ("54", "58")


def test_the_term_may_stand_between_the_role_and_its_unit():
    c = cluster("Cụm thi đua số 1 năm 2019: Cụm trưởng năm 2019 là Thanh tra tỉnh Điện Biên, Cụm phó năm 2019 là "
                "Thanh tra tỉnh Sơn La.")
    assert (c.leader, c.deputy) == ("11", "14")
