import pytest

from extractor.stages.officials import find_officials
from extractor.stages.provinces import find_provinces
from tests.helpers import article


def officials(text):
    art = article(text)
    return {o.name: o for o in find_officials(art, find_provinces(art))}


def test_name_then_title_with_cluster_role():
    found = officials(
        "Ông Phan Văn Thống, Chánh Thanh tra tỉnh Điện Biên (Cụm trưởng) và bà Đoàn Thị Loan, "
        "Chánh Thanh tra tỉnh Lạng Sơn (Cụm phó) ký giao ước thi đua năm 2020."
    )
    assert set(found) == {"Phan Văn Thống", "Đoàn Thị Loan"}
    a, b = found["Phan Văn Thống"], found["Đoàn Thị Loan"]
    assert (a.honorific, a.title, a.organization, a.province, a.cluster_role) == (
        "Ông",
        "Chánh Thanh tra",
        "Thanh tra tỉnh Điện Biên",
        "11",
        "leader",
    )
    assert (b.honorific, b.province, b.cluster_role) == ("Bà", "20", "deputy")


def test_dash_separator_and_central_body():
    found = officials("Ông Nguyễn Duy Đông - Vụ phó Vụ Tổ chức Cán bộ, TTCP, phát biểu tại hội nghị.")
    o = found["Nguyễn Duy Đông"]
    assert (o.title, o.province) == ("Vụ phó", None)
    assert o.organization.startswith("Vụ Tổ chức Cán bộ")


def test_title_before_name():
    found = officials(
        "Tổng Thanh tra Chính phủ Huỳnh Phong Tranh đã làm việc với lãnh đạo UBND tỉnh Bình Phước."
    )
    assert found["Huỳnh Phong Tranh"].title == "Tổng Thanh tra Chính phủ"


def test_unseen_title_before_name_with_province():
    found = officials("Phó Chủ tịch UBND tỉnh Gia Lai Trần Văn Bình chủ trì buổi làm việc.")
    o = found["Trần Văn Bình"]
    assert (o.title, o.province) == ("Phó Chủ tịch UBND", "64")


def test_not_officials():
    # a citizen without a function, a name inside a place name, a title without a name
    found = officials(
        "Cấp đất tái định cư cho bà Nguyễn Thị Thu Hà (trú TP Vinh). Khu lưu niệm Chủ tịch Tôn Đức Thắng. "
        "Phó Chánh Thanh tra tỉnh Bắc Giang trình bày báo cáo."
    )
    assert found == {}


def test_byline_is_not_an_official():
    found = officials("Chánh Thanh tra tỉnh Nguyễn Văn An phát biểu.\n\nTrần Kiên")
    assert set(found) == {"Nguyễn Văn An"}


def test_person_named_twice_is_one_official():
    found = officials(
        "Ông Nguyễn Duy Đông - Vụ phó Vụ Tổ chức Cán bộ phát biểu. Ông Nguyễn Duy Đông ghi nhận kết quả."
    )
    assert list(found) == ["Nguyễn Duy Đông"]


def test_provincial_title_takes_the_articles_only_province():
    found = officials(
        "Thanh tra tỉnh Quảng Nam phát hiện sai phạm. Chánh Thanh tra tỉnh Nguyễn Đức Tiến chủ trì."
    )
    assert found["Nguyễn Đức Tiến"].province == "49"


# ---- issue 9, classes 9 and 15


def test_several_functions_after_one_name_are_kept_whole_in_order():
    found = officials(  # art_012
        "Đồng chí Trương Hòa Bình, Ủy viên Bộ Chính trị, Phó Thủ tướng Thường trực Chính phủ dự và chỉ đạo Đại hội."
    )
    assert found["Trương Hòa Bình"].title == "Ủy viên Bộ Chính trị, Phó Thủ tướng Thường trực Chính phủ"
    found = officials("Ông Lê Văn Hải, Tỉnh ủy viên, Chánh Thanh tra tỉnh Hà Tĩnh phát biểu tại hội nghị.")
    o = found["Lê Văn Hải"]
    assert (o.title, o.province) == ("Tỉnh ủy viên, Chánh Thanh tra", "42")
    found = officials(  # n_020: an organisation with commas and an abbreviation between two functions
        "Ông Ngô Văn Cường, Phó Cục trưởng Cục Thanh tra, giải quyết khiếu nại, tố cáo khu vực I (Cục I), Trưởng "
        "đoàn thanh tra công bố kết luận."
    )
    assert found["Ngô Văn Cường"].title == "Phó Cục trưởng, Trưởng đoàn thanh tra"
    found = officials(  # art_035: a level word stays with its function
        "Sáng 22-11, đồng chí Lê Quốc Chỉnh, Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh, Trưởng đoàn Đoàn "
        "đại biểu Quốc hội tỉnh đã đến thăm, chúc mừng Thanh tra tỉnh."
    )
    assert found["Lê Quốc Chỉnh"].title.startswith("Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh, Trưởng đoàn")


def test_cluster_role_after_a_function_is_not_a_function():
    found = officials("Ông Đinh Ngọc Văn - Chánh Thanh tra tỉnh Nam Định, Cụm trưởng Cụm Thi đua số 2 phát biểu.")
    o = found["Đinh Ngọc Văn"]
    assert (o.title, o.cluster_role) == ("Chánh Thanh tra", "leader")


def test_several_functions_before_a_name():
    found = officials(  # art_040
        "Tham gia buổi làm việc có Ủy viên Ban Thường vụ Thành ủy, Phó Chủ tịch Thường trực HĐND thành phố Nguyễn "
        "Ngọc Tuấn; Ủy viên Ban Thường vụ Thành ủy, Phó Chủ tịch UBND thành phố Nguyễn Quốc Hùng."
    )
    assert found["Nguyễn Ngọc Tuấn"].title == "Ủy viên Ban Thường vụ Thành ủy, Phó Chủ tịch Thường trực HĐND thành phố"
    assert found["Nguyễn Quốc Hùng"].title == "Ủy viên Ban Thường vụ Thành ủy, Phó Chủ tịch UBND thành phố"
    found = officials("Chủ trì có Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Quảng Trị Võ Văn Hưng.")
    o = found["Võ Văn Hưng"]
    assert (o.title, o.province) == ("Phó Bí thư Tỉnh ủy, Chủ tịch UBND", "45")


def test_a_title_before_a_name_belongs_to_that_name_only():
    found = officials("Dự có Chủ tịch UBND tỉnh Nguyễn Văn An, Phó Chủ tịch UBND tỉnh Trần Văn Bình và các sở ngành.")
    assert (found["Nguyễn Văn An"].title, found["Trần Văn Bình"].title) == ("Chủ tịch UBND tỉnh", "Phó Chủ tịch UBND tỉnh")


def test_tong_bi_thu_and_former_office_holders():
    assert officials("Tổng Bí thư Tô Lâm chủ trì buổi làm việc.")["Tô Lâm"].title == "Tổng Bí thư"
    found = officials(  # n_042: a function written once after a list of names, "cựu" kept
        "Cơ quan CSĐT Công an tỉnh Khánh Hòa đã khởi tố năm cựu lãnh đạo tỉnh Khánh Hòa gồm Nguyễn Chiến Thắng, "
        "Lê Đức Vinh (đều là cựu chủ tịch UBND tỉnh Khánh Hòa); Đào Công Thiên, cựu phó chủ tịch UBND tỉnh."
    )
    assert {n: (o.title, o.province) for n, o in found.items()} == {
        "Nguyễn Chiến Thắng": ("cựu chủ tịch UBND", "56"),
        "Lê Đức Vinh": ("cựu chủ tịch UBND", "56"),
        "Đào Công Thiên": ("cựu phó chủ tịch UBND tỉnh", "56"),
    }
    found = officials("Trần Văn An, Lê Văn Bình (đều là nguyên Giám đốc Sở Xây dựng tỉnh Bình Dương) bị khởi tố.")
    assert {n: (o.title, o.province) for n, o in found.items()} == {
        "Trần Văn An": ("nguyên Giám đốc", "74"),
        "Lê Văn Bình": ("nguyên Giám đốc", "74"),
    }


def test_names_in_a_list_after_one_title_or_one_honorific():
    found = officials("Dự có các Phó Chủ tịch UBND tỉnh Gia Lai Nguyễn Văn An, Trần Văn Bình.")
    assert {n: o.title for n, o in found.items()} == {
        "Nguyễn Văn An": "Phó Chủ tịch UBND",
        "Trần Văn Bình": "Phó Chủ tịch UBND",
    }
    found = officials(
        "Dự hội nghị có các đồng chí: Lê Sỹ Bảy, Phó Chủ tịch UBND tỉnh Phú Yên; Trần Văn Cường, Giám đốc Sở Tài chính."
    )
    assert {n: o.honorific for n, o in found.items()} == {"Lê Sỹ Bảy": "Đồng chí", "Trần Văn Cường": "Đồng chí"}


def test_a_bracketed_abbreviation_between_title_and_name():
    found = officials(  # n_020
        "Ngày 7/2, tại trụ sở UBND tỉnh Nam Định, Phó Tổng Thanh tra Chính phủ (TTCP) Trần Ngọc Liêm đã chủ trì."
    )
    assert (found["Trần Ngọc Liêm"].title, found["Trần Ngọc Liêm"].province) == ("Phó Tổng Thanh tra Chính phủ", None)
    found = officials("Chủ tịch Ủy ban nhân dân (UBND) tỉnh Sơn La Hoàng Quốc Khánh chủ trì hội nghị.")
    assert found["Hoàng Quốc Khánh"].province == "14"


def test_names_are_not_cut_at_a_syllable_that_also_starts_an_organisation():
    found = officials(  # n_116
        "Phó chủ tịch thường trực UBND tỉnh Vĩnh Long Đặng Văn Chính vừa thay mặt UBND tỉnh ký báo cáo."
    )
    assert list(found) == ["Đặng Văn Chính"]
    found = officials("Ông Nguyễn Tấn Thành, Chánh Thanh tra tỉnh Phú Yên và bà Lê Thị Thường, Phó Chánh Thanh tra.")
    assert set(found) == {"Nguyễn Tấn Thành", "Lê Thị Thường"}


def test_a_district_or_a_place_is_not_a_name():
    found = officials("Chủ tịch UBND huyện Lâm Hà Nguyễn Văn Sơn chủ trì buổi làm việc với đoàn thanh tra.")
    assert list(found) == ["Nguyễn Văn Sơn"]
    found = officials("Đoàn đến khảo sát Cù Lao Chàm, Giám đốc Sở Du lịch Nguyễn Văn Lanh tiếp đoàn.")
    assert list(found) == ["Nguyễn Văn Lanh"]


def test_a_city_district_or_commune_office_lies_in_the_articles_province():
    found = officials(  # n_106
        "Ngày 20.10, UBND tỉnh Bình Định cho biết đã ký kết luận thanh tra. Người dân phản ảnh về trường hợp hộ "
        "ông Phan Văn Dũng, Phó chủ tịch UBND xã Mỹ An, lấn chiếm đất là đúng."
    )
    assert found["Phan Văn Dũng"].province == "52"
    found = officials(
        "Thanh tra tỉnh Sơn La kết luận nhiều sai phạm. Ông Hà Văn Tám, Chủ tịch UBND xã Tân Lập, huyện Mộc Châu "
        "nhận trách nhiệm."
    )
    assert found["Hà Văn Tám"].province == "14"
    found = officials(  # art_026: a school head; the article's province is the one its first sentence names
        "Trong 6 tháng đầu năm 2025, cơ quan chức năng tỉnh An Giang chuyển Cơ quan CSĐT Công an tỉnh An Giang 5 "
        "vụ việc. Sai phạm tại Bệnh viện Đa khoa tỉnh Kiên Giang, Trường Cao đẳng Nghề Kiên Giang và Sở Y tế Kiên "
        "Giang. Ông Lê Thanh Liêm, Hiệu trưởng nhà trường đã ký chứng từ."
    )
    assert found["Lê Thanh Liêm"].province == "89"


def test_a_central_office_named_after_a_comma_has_no_province():
    found = officials(  # n_114
        "Đoàn sẽ thanh tra việc quản lý đất đai tại tỉnh Bình Phước. Đoàn thanh tra do ông Từ Thanh Sơn, Trưởng "
        "phòng 3, Cục III Thanh tra Chính phủ, làm trưởng đoàn."
    )
    assert found["Từ Thanh Sơn"].province is None
    found = officials("Chủ tịch Hồ Chí Minh ký sắc lệnh số 64. Thanh tra tỉnh Tiền Giang kỷ niệm 70 năm.")
    assert found["Hồ Chí Minh"].province is None  # a function with no office written


def test_the_head_of_the_unit_named_cum_truong_is_the_leader():
    from extractor.stages.cluster import find_cluster

    text = (  # n_037 (R5)
        "Hội nghị Tổng kết công tác thi đua Cụm thi đua số 1 năm 2019, do Thanh tra tỉnh Lai Châu chủ trì, đơn vị "
        "đăng cai Cụm trưởng, Thanh tra tỉnh Điện Biên làm Cụm phó. Bà Võ Thị Thiệp, Chánh Thanh tra tỉnh Lai Châu "
        "phát biểu khai mạc. Ông Nguyễn Văn Hùng, Chánh Thanh tra tỉnh Điện Biên và ông Lò Văn Sơn, Phó Chánh "
        "Thanh tra tỉnh Lai Châu tham dự."
    )
    art = article(text)
    mentions = find_provinces(art)
    found = {o.name: o for o in find_officials(art, mentions, find_cluster(art, mentions))}
    assert found["Võ Thị Thiệp"].cluster_role == "leader"
    assert found["Nguyễn Văn Hùng"].cluster_role == "deputy"
    assert found["Lò Văn Sơn"].cluster_role is None  # staff only when tagged


def test_a_blocs_khoi_truong_is_the_leader():
    found = officials(
        "Ông Trần Văn Long, Chánh Thanh tra Bộ Lao động – Thương binh và Xã hội (Khối trưởng) và bà Lê Thị Hoa, "
        "Chánh Thanh tra Bộ Y tế (Khối phó) ký giao ước thi đua."
    )
    assert (found["Trần Văn Long"].cluster_role, found["Lê Thị Hoa"].cluster_role) == ("leader", "deputy")


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        (  # n_024: the older placement of the tone mark ("uỷ") in a title with its organisation word
            "Tham dự buổi công bố có đồng chí Nguyễn Văn Thanh, Phó Tổng Thanh tra Chính phủ, đồng chí Đặng Trọng "
            "Thăng, Phó Bí thư tỉnh uỷ, Chủ tịch UBND tỉnh Thái Bình cùng lãnh đạo Cục I, Thanh tra Chính phủ.",
            "Đặng Trọng Thăng",
            "Phó Bí thư tỉnh uỷ, Chủ tịch UBND",
        ),
        (
            "Uỷ viên Ban Thường vụ Tỉnh uỷ, Phó Chủ tịch UBND tỉnh Nghệ An Lê Hồng Vinh chủ trì hội nghị.",
            "Lê Hồng Vinh",
            "Uỷ viên Ban Thường vụ Tỉnh uỷ, Phó Chủ tịch UBND",
        ),
    ],
)
def test_a_title_in_either_placement_of_its_tone_mark(text, name, title):
    assert officials(text)[name].title == title


@pytest.mark.parametrize(
    ("text", "title"),
    [  # the house-style probe (extractor eval --probes): a body spelled out where the corpus abbreviates it
        ("Ông Lê Quốc Chỉnh, Chủ tịch Hội đồng nhân dân tỉnh Bến Tre, phát biểu.", "Chủ tịch Hội đồng nhân dân"),
        ("Ông Lê Quốc Chỉnh, Chủ tịch HĐND tỉnh Bến Tre, phát biểu.", "Chủ tịch HĐND"),
        ("Ông Lê Quốc Chỉnh, Phó Chủ tịch Thường trực Ủy ban nhân dân tỉnh Bến Tre, phát biểu.",
         "Phó Chủ tịch Thường trực Ủy ban nhân dân"),
        ("Ông Lê Quốc Chỉnh, Phó Chủ tịch Thường trực UBND tỉnh Bến Tre, phát biểu.", "Phó Chủ tịch Thường trực UBND"),
    ],
)
def test_a_title_with_its_body_spelled_out_or_abbreviated(text, title):
    found = officials(text)["Lê Quốc Chỉnh"]
    assert (found.title, found.province) == (title, "83")


def test_a_representative_named_as_such_after_a_name():
    found = officials(  # n_002
        "Đến dự có đồng chí Nguyễn Quang Thía - Vụ trưởng Vụ II, Thanh tra Chính phủ; đồng chí Trần Trung Thành - "
        "Đại diện Ban Thi đua - Khen thưởng, Thanh tra Chính phủ và đại diện Lãnh đạo Thanh tra các Bộ, ngành."
    )
    assert (found["Trần Trung Thành"].title, found["Trần Trung Thành"].province) == ("Đại diện", None)
    found = officials("Bà Lê Thị Hoa, Đại diện Văn phòng UBND tỉnh Hà Tĩnh, báo cáo kết quả tiếp công dân.")
    assert found["Lê Thị Hoa"].title == "Đại diện"
    # in running text the word is no function
    assert officials("Dự hội nghị có đại diện lãnh đạo ông Nguyễn Văn An và các sở, ngành.") == {}


def test_the_head_of_a_management_board_written_bql():
    found = officials(  # n_054: names in a list, each with its function after a dash
        "Đề nghị kiểm điểm đối với ông Dương Văn Kẽn - Giám đốc Sở Công Thương, nguyên Trưởng BQL Khu kinh tế; "
        "ông Lê Tấn Lực - Trưởng BQL Khu kinh tế tỉnh Trà Vinh…"
    )
    assert found["Lê Tấn Lực"].title == "Trưởng BQL"
    assert found["Dương Văn Kẽn"].title == "Giám đốc, nguyên Trưởng BQL"
    found = officials("Bà Nguyễn Thị Hạnh, Phó Trưởng BQL các khu công nghiệp tỉnh Bắc Ninh, cho biết.")
    assert found["Nguyễn Thị Hạnh"].title == "Phó Trưởng BQL"


def test_commune_civil_servants_named_in_a_conclusion():
    found = officials(
        "Trách nhiệm thuộc về bà Hoàng Thị Mai, công chức tài chính - kế toán và ông Lò Văn Sơn, kế toán ngân "
        "sách xã Mường Chà."
    )
    assert {n: o.title for n, o in found.items()} == {
        "Hoàng Thị Mai": "công chức tài chính - kế toán",
        "Lò Văn Sơn": "kế toán ngân sách",  # the commune is its organisation
    }


@pytest.mark.parametrize(
    "text",
    [
        "Tham dự có Chánh Thanh tra TP. Hồ Chí Minh Huỳnh Văn Bé và đại diện các sở.",
        "Tham dự có Chánh Thanh tra TP.HCM Huỳnh Văn Bé và đại diện các sở.",
        "Tham dự có ông Huỳnh Văn Bé, Chánh Thanh tra TP.HCM và đại diện các sở.",
    ],
)
def test_a_title_whose_city_is_abbreviated_with_a_dot(text):
    found = officials(text)
    assert list(found) == ["Huỳnh Văn Bé"]
    assert (found["Huỳnh Văn Bé"].title, found["Huỳnh Văn Bé"].province) == ("Chánh Thanh tra", "79")


def test_one_title_before_a_colon_for_the_names_listed_after_it():
    found = officials(
        "Dự hội nghị có các Phó Chủ tịch UBND tỉnh: ông Sùng A Páo, bà Lường Thị Xuân và ông Đỗ Văn Hùng."
    )
    assert {n: (o.title, o.honorific) for n, o in found.items()} == {
        "Sùng A Páo": ("Phó Chủ tịch UBND tỉnh", "Ông"),
        "Lường Thị Xuân": ("Phó Chủ tịch UBND tỉnh", "Bà"),
        "Đỗ Văn Hùng": ("Phó Chủ tịch UBND tỉnh", "Ông"),
    }
    # without "các" the colon introduces something else
    assert officials("Ý kiến của Phó Chủ tịch UBND tỉnh: ông Đỗ Văn Hùng đề nghị làm rõ.") == {}
