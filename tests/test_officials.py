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
