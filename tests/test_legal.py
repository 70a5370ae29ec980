"""Stage 7, legal references (extractor/stages/legal.py) against spec §2 "Legal references".

Sentences in REAL are copied from corpus articles; UNSEEN are styles the corpus does not have yet (other
document types, code formats, date spellings) and must still be read right.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.article import Article
from extractor.patterns import load_jsonl
from extractor.stages.legal import find_legal_refs


def refs(s: str, clean: str | None = None):
    return find_legal_refs(Article(doc_id="t", text=s, clean=s if clean is None else clean))


def row(r) -> tuple:
    return (r.type, r.canonical, r.issued, r.year, r.code, r.issuer)


# (sentence, [(type, canonical, issued, year, code, issuer), ...])
REAL = [
    (
        "Thực hiện nghiêm túc Nghị định số 33/2015/NĐ-CP ngày 27/3/2015 của Chính phủ quy định việc "
        "thực hiện kết luận thanh tra",
        [("Nghị định", "33/2015/NĐ-CP", "2015-03-27", 2015, "NĐ-CP", "Chính phủ")],
    ),
    (
        "Tiếp tục thực hiện Chỉ thị số 20/CT-TTg của Thủ tướng Chính phủ, Thanh tra các tỉnh chủ động xử lý",
        [("Chỉ thị", "20/CT-TTg", None, None, "CT-TTg", "Thủ tướng Chính phủ")],
    ),
    (
        "Tiếp tục quán triệt sâu sắc, đầy đủ Chỉ thị số 34-CT/TW ngày 07/4/2014 của Bộ Chính trị về tiếp tục "
        "đổi mới công tác thi đua",
        [("Chỉ thị", "34-CT/TW", "2014-04-07", 2014, "CT/TW", "Bộ Chính trị")],
    ),
    (
        "gồm: Nghị quyết số 65-NQ/BCSĐ ngày 16/01/2023 về việc tăng cường lãnh đạo, chỉ đạo thực hiện thắng "
        "lợi nhiệm vụ chính trị của ngành Thanh tra năm 2023 và Nghị quyết số 76-NQ/BCSĐ ngày 06/6/2023 tăng "
        "cường lãnh đạo",
        [
            ("Nghị quyết", "65-NQ/BCSĐ", "2023-01-16", 2023, "NQ/BCSĐ", "Ban Cán sự đảng"),
            ("Nghị quyết", "76-NQ/BCSĐ", "2023-06-06", 2023, "NQ/BCSĐ", "Ban Cán sự đảng"),
        ],
    ),
    (
        "đề nghị các đơn vị trong cụm cụ thể hóa các quy định trong Kế hoạch số 64 của TTCP để triển khai",
        [("Kế hoạch", "Kế hoạch 64", None, None, None, "Thanh tra Chính phủ")],
    ),
    (
        "Tiếp tục thực hiện Nghị quyết Trung ương 4 khóa XII về tăng cường xây dựng, chỉnh đốn Đảng",
        [("Nghị quyết", "Nghị quyết Trung ương 4 khóa XII", None, None, None, "Trung ương")],
    ),
    (
        "triển khai thực hiện tốt kế hoạch thực hiện đề án “Tuyên truyền phổ biến pháp luật về phòng chống "
        "tham nhũng giai đoạn 2019-2021”. Thanh tra các tỉnh triển khai thực hiện tốt đề án, kế hoạch của "
        "Tỉnh ủy",
        [(
            "Đề án",
            "Đề án Tuyên truyền phổ biến pháp luật về phòng chống tham nhũng giai đoạn 2019-2021",
            None, None, None, None,
        )],
    ),
    (
        "theo Kế hoạch số 402/KH-TĐKT ngày 10/10/2018 của Cụm thi đua số V Thanh tra Chính phủ về kiểm tra",
        [("Kế hoạch", "402/KH-TĐKT", "2018-10-10", 2018, "KH-TĐKT", "Cụm thi đua số V")],
    ),
    (
        "Cụm trưởng, Cụm phó đã được Thanh tra tỉnh giao tại Văn bản số 140/TTT-VP về việc công nhận",
        [("Văn bản", "140/TTT-VP", None, None, "TTT-VP", "Thanh tra tỉnh")],
    ),
    (
        "theo Quyết định số 114/QĐ-TTr ngày 20/9/2024 của Chánh Thanh tra tỉnh phát hiện 4 doanh nghiệp; "
        "Quyết định số 2033/QĐ-UBND ngày 12/7/2024 của Chủ tịch UBND tỉnh đối với 5 doanh nghiệp",
        [
            ("Quyết định", "114/QĐ-TTr", "2024-09-20", 2024, "QĐ-TTr", "Chánh Thanh tra tỉnh"),
            ("Quyết định", "2033/QĐ-UBND", "2024-07-12", 2024, "QĐ-UBND", "Chủ tịch UBND tỉnh"),
        ],
    ),
    (
        "khắc phục tồn tại theo Kết luận thanh tra số 1203/KL-TTCP ngày 16/05/2017 và Kết luận thanh tra số "
        "1468/KL-TTCP ngày 04/09/2018 của Thanh tra Chính phủ",
        [
            ("Kết luận", "1203/KL-TTCP", "2017-05-16", 2017, "KL-TTCP", "Thanh tra Chính phủ"),
            ("Kết luận", "1468/KL-TTCP", "2018-09-04", 2018, "KL-TTCP", "Thanh tra Chính phủ"),
        ],
    ),
    (
        "chấp hành Luật Thanh tra; Luật Khiếu nại, tố cáo; Luật Phòng, chống tham nhũng từ tháng 1/2008 - "
        "31/12/2009",
        [
            ("Luật", "Luật Thanh tra", None, None, None, None),
            ("Luật", "Luật Khiếu nại, tố cáo", None, None, None, None),
            ("Luật", "Luật Phòng, chống tham nhũng", None, None, None, None),
        ],
    ),
    (
        "tổ chức hội nghị tổng kết 4 năm thực hiện Luật Khiếu nại, Luật Tố cáo; tổ chức hội nghị",
        [("Luật", "Luật Khiếu nại", None, None, None, None), ("Luật", "Luật Tố cáo", None, None, None, None)],
    ),
]

UNSEEN = [
    (  # n_053: a contract cited by its number, with its date after a passive "được ký"
        "Hợp đồng số 01/2017/HĐBT được ký ngày 6-2-2017 giữa Sở GTVT và Doanh nghiệp tư nhân Bình An",
        [("Hợp đồng", "01/2017/HĐBT", "2017-02-06", 2017, "HĐBT", None)],
    ),
    (
        "theo Quyết định số 12/2021/QĐ-UBND được ban hành ngày 3/4/2021, và Hợp đồng số 15/2020/HĐ-XD đã ký ngày 7/8/2020",
        [
            ("Quyết định", "12/2021/QĐ-UBND", "2021-04-03", 2021, "QĐ-UBND", "Ủy ban nhân dân tỉnh"),
            ("Hợp đồng", "15/2020/HĐ-XD", "2020-08-07", 2020, "HĐ-XD", None),
        ],
    ),
    (  # lower-case type word, dashes in the date
        "thực hiện nghị định số 30/2020/NĐ-CP ngày 5-3-2020 về công tác văn thư",
        [("Nghị định", "30/2020/NĐ-CP", "2020-03-05", 2020, "NĐ-CP", "Chính phủ")],
    ),
    (  # date in words, issuer named in the text
        "Thông tư số 05/2014/TT-TTCP ngày 16 tháng 10 năm 2014 của Tổng Thanh tra Chính phủ quy định",
        [("Thông tư", "05/2014/TT-TTCP", "2014-10-16", 2014, "TT-TTCP", "Tổng Thanh tra Chính phủ")],
    ),
    (  # joint circular: every issuer segment is a co-issuer
        "Thông tư liên tịch số 01/2015/TTLT-BTC-BNV hướng dẫn",
        [(
            "Thông tư liên tịch", "01/2015/TTLT-BTC-BNV", None, 2015, "TTLT-BTC-BNV",
            "Bộ Tài chính, Bộ Nội vụ",
        )],
    ),
    (  # Party regulation: the article's word beats the code's "QĐ"
        "Quy định số 05-QĐ/TW ngày 28/8/2018; Kết luận 21-KL/TW về đẩy mạnh",
        [
            ("Quy định", "05-QĐ/TW", "2018-08-28", 2018, "QĐ/TW", "Trung ương"),
            ("Kết luận", "21-KL/TW", None, None, "KL/TW", "Trung ương"),
        ],
    ),
    (  # bare codes in running text take their type from the code
        "theo 33/2015/NĐ-CP và 86/2011/NĐ-CP thì",
        [
            ("Nghị định", "33/2015/NĐ-CP", None, 2015, "NĐ-CP", "Chính phủ"),
            ("Nghị định", "86/2011/NĐ-CP", None, 2011, "NĐ-CP", "Chính phủ"),
        ],
    ),
    (  # a lower-case word that disagrees with the code is prose, not the type
        "thực hiện theo quy định 33/2015/NĐ-CP",
        [("Nghị định", "33/2015/NĐ-CP", None, 2015, "NĐ-CP", "Chính phủ")],
    ),
    (  # named laws with a year, a code and a constitution
        "Luật Thanh tra năm 2022, Luật Tiếp công dân, Bộ luật Hình sự 2015 và Hiến pháp năm 2013",
        [
            ("Luật", "Luật Thanh tra 2022", None, 2022, None, None),
            ("Luật", "Luật Tiếp công dân", None, None, None, None),
            ("Bộ luật", "Bộ luật Hình sự 2015", None, 2015, None, None),
            ("Hiến pháp", "Hiến pháp 2013", None, 2013, None, None),
        ],
    ),
    (
        "Luật Ngân sách Nhà nước, Luật Cán bộ, công chức và Luật Thi đua, khen thưởng",
        [
            ("Luật", "Luật Ngân sách Nhà nước", None, None, None, None),
            ("Luật", "Luật Cán bộ, công chức", None, None, None, None),
            ("Luật", "Luật Thi đua, khen thưởng", None, None, None, None),
        ],
    ),
    (
        "Luật số 11/2022/QH15 được Quốc hội thông qua",
        [("Luật", "11/2022/QH15", None, 2022, "QH15", "Quốc hội")],
    ),
    (  # spelling "khoá", brackets, "Hội nghị" all give the same key
        "Nghị quyết Hội nghị Trung ương 4 (khoá XII) và Nghị quyết Đại hội Đảng toàn quốc lần thứ XIII",
        [
            ("Nghị quyết", "Nghị quyết Trung ương 4 khóa XII", None, None, None, "Trung ương"),
            ("Nghị quyết", "Nghị quyết Đại hội Đảng toàn quốc lần thứ XIII", None, None, None, "Đại hội Đảng toàn quốc"),
        ],
    ),
    (  # issuer before the date; the date still belongs to the reference
        "Quyết định số 1846/QĐ-UBND của UBND tỉnh Lạng Sơn ngày 12/9/2023 về việc",
        [("Quyết định", "1846/QĐ-UBND", "2023-09-12", 2023, "QĐ-UBND", "UBND tỉnh Lạng Sơn")],
    ),
    (
        "Tờ trình số 12/TTr-TTT ngày 3/4/2023; Báo cáo số 84/BC-TTT ngày 5/12/2023; Công văn số 1234/UBND-KT",
        [
            ("Tờ trình", "12/TTr-TTT", "2023-04-03", 2023, "TTr-TTT", "Thanh tra tỉnh"),
            ("Báo cáo", "84/BC-TTT", "2023-12-05", 2023, "BC-TTT", "Thanh tra tỉnh"),
            ("Công văn", "1234/UBND-KT", None, None, "UBND-KT", "Ủy ban nhân dân tỉnh"),
        ],
    ),
    (
        "Hướng dẫn số 01-HD/BTGTW, Thông báo kết luận số 15/TB-VPCP và Chương trình hành động số 15-CTr/TU",
        [
            ("Hướng dẫn", "01-HD/BTGTW", None, None, "HD/BTGTW", "Ban Tuyên giáo Trung ương"),
            ("Thông báo", "15/TB-VPCP", None, None, "TB-VPCP", "Văn phòng Chính phủ"),
            ("Chương trình", "15-CTr/TU", None, None, "CTr/TU", "Tỉnh ủy"),
        ],
    ),
    (  # a one-segment code is a reference when the type word is there
        "Sắc lệnh số 64/SL ngày 23/11/1945 thành lập Ban Thanh tra đặc biệt",
        [("Sắc lệnh", "64/SL", "1945-11-23", 1945, "SL", None)],
    ),
    (  # abbreviated type words before a code
        "QĐ số 123/QĐ-UBND và NQ số 12/2021/NQ-HĐND",
        [
            ("Quyết định", "123/QĐ-UBND", None, None, "QĐ-UBND", "Ủy ban nhân dân tỉnh"),
            ("Nghị quyết", "12/2021/NQ-HĐND", None, 2021, "NQ-HĐND", "Hội đồng nhân dân tỉnh"),
        ],
    ),
    (  # number without code; date without a year takes the year of the number
        "Kế hoạch số 12 ngày 5/3/2024 của UBND tỉnh Hà Giang; Kế hoạch số 7/2024/KH-TTr ngày 5/1 thực hiện",
        [
            ("Kế hoạch", "Kế hoạch 12", "2024-03-05", 2024, None, "UBND tỉnh Hà Giang"),
            ("Kế hoạch", "7/2024/KH-TTr", "2024-01-05", 2024, "KH-TTr", "Thanh tra tỉnh"),
        ],
    ),
    (
        "Đề án 06 về dân cư; ĐỀ ÁN “Chuyển đổi số”; Chương trình “Mùa xuân cho em”",
        [
            ("Đề án", "Đề án 06", None, None, None, None),
            ("Đề án", "Đề án Chuyển đổi số", None, None, None, None),
            ("Chương trình", "Chương trình Mùa xuân cho em", None, None, None, None),
        ],
    ),
    (  # "số" optional; a type word with words between it and "số <code>"
        "Chỉ thị của Thủ tướng Chính phủ số 20/CT-TTg; Quyết định thanh tra số 7/QĐ-TTr",
        [
            ("Chỉ thị", "20/CT-TTg", None, None, "CT-TTg", "Thủ tướng Chính phủ"),
            ("Quyết định", "7/QĐ-TTr", None, None, "QĐ-TTr", "Thanh tra tỉnh"),
        ],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), REAL + UNSEEN, ids=[s[:40] for s, _ in REAL + UNSEEN])
def test_mentions(sentence: str, expected: list[tuple]) -> None:
    assert [row(r) for r in refs(sentence)] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Thực hiện nghiêm các Chỉ thị của Thủ tướng Chính phủ, TTCP về tăng cường kỷ luật, kỷ cương",
        "Kế hoạch công tác thanh tra, kiểm tra trên địa bàn tỉnh được phê duyệt",
        "quán triệt các nghị quyết, kết luận của Trung ương về đẩy mạnh xây dựng Đảng",
        "Thanh tra các tỉnh triển khai thực hiện tốt đề án, kế hoạch của Tỉnh ủy, UBND tỉnh",
        "Cụm thi đua số 2 tổ chức hội nghị ngày 27/3/2024 tại Nam Định",
        "ngày 27/3/2015, năm 2023, từ tháng 1/2008 - 31/12/2009",
        "ban hành kết luận 54 cuộc. Báo cáo 6 tháng đầu năm 2023. Kế hoạch 2024 của ngành",
        "báo cáo 584/601 vụ khiếu nại, tố cáo; triển khai 32/55 cuộc thanh tra",
        "Quyết định thành lập Đoàn công tác số 1 của Thanh tra Chính phủ",
        "kế hoạch số 3 cuộc thanh tra; quyết định số 12 tổ chức",
        "Luật sư Nguyễn Văn A, Đoàn Luật sư tỉnh; vi phạm pháp luật Hình sự",
        "phong trào thi đua “Cả nước chung tay vì người nghèo”, danh hiệu “Tập thể lao động xuất sắc”",
        "đại dịch COVID-19 và chỉ tiêu 24/7",
    ],
)
def test_generic_mentions_are_not_references(sentence: str) -> None:
    assert refs(sentence) == []


def test_spans_index_the_text_and_text_runs_from_type_to_date() -> None:
    s = "Thực hiện nghiêm túc Nghị định số 33/2015/NĐ-CP ngày 27/3/2015 của Chính phủ quy định."
    (r,) = refs(s)
    assert r.text == "Nghị định số 33/2015/NĐ-CP ngày 27/3/2015"
    assert s[r.span[0] : r.span[1]] == r.text


def test_document_mentioned_twice_is_one_reference_with_first_span() -> None:
    s = "Chỉ thị 20 của Thủ tướng được quán triệt; Chỉ thị số 20/CT-TTg ngày 17/5/2017 yêu cầu."
    (r,) = refs(s)
    assert r.canonical == "20/CT-TTg"  # the code is the key, whichever mention comes first
    assert r.span == (0, len("Chỉ thị 20"))
    assert (r.issued, r.year, r.code) == ("2017-05-17", 2017, "CT-TTg")  # filled from the later mention


def test_repeated_coded_mention_keeps_first_span_and_fills_date() -> None:
    s = "Nghị định số 33/2015/NĐ-CP quy định rõ. Theo Nghị định số 33/2015/NĐ-CP ngày 27/3/2015, ..."
    (r,) = refs(s)
    assert r.span[0] == 0 and r.issued == "2015-03-27"


def test_different_codes_with_the_same_number_stay_apart() -> None:
    got = [r.canonical for r in refs("Quyết định số 12/QĐ-UBND và Quyết định số 12/QĐ-TTr")]
    assert got == ["12/QĐ-UBND", "12/QĐ-TTr"]


def test_yearless_law_joins_the_only_dated_one() -> None:
    one = refs("Luật Thanh tra 2022 có hiệu lực. Luật Thanh tra quy định rõ.")
    assert [r.canonical for r in one] == ["Luật Thanh tra 2022"]
    two = refs("Luật Thanh tra 2010 và Luật Thanh tra 2022 khác nhau. Luật Thanh tra quy định rõ.")
    assert [r.canonical for r in two] == ["Luật Thanh tra 2010", "Luật Thanh tra 2022", "Luật Thanh tra"]


def test_search_runs_on_clean_view_and_slices_text() -> None:
    text = "Ảnh: Nghị định số 1/2020/NĐ-CP. Theo Chỉ thị số 20/CT-TTg ngày 17/5/2017."
    cut = text.index(".") + 1
    clean = " " * cut + text[cut:]  # the photo credit is page furniture
    (r,) = refs(text, clean)
    assert r.canonical == "20/CT-TTg"
    assert text[r.span[0] : r.span[1]] == r.text == "Chỉ thị số 20/CT-TTg ngày 17/5/2017"


def test_invalid_date_is_not_issued() -> None:
    (r,) = refs("Kế hoạch số 5/KH-TTr ngày 31/2/2023")
    assert r.issued is None


# ---- every type in patterns/doc_types.jsonl, every code style and date spelling


TYPES_WITH_CODES = [r for r in load_jsonl("doc_types") if r["kind"] == "type" and r.get("code")]
DATES = [
    ("ngày 7/4/2014", "2014-04-07"),
    ("ngày 07-04-2014", "2014-04-07"),
    ("ngày 7.4.2014", "2014-04-07"),
    ("ngày 7 tháng 4 năm 2014", "2014-04-07"),
    ("ban hành ngày 07/4/2014", "2014-04-07"),
]


@pytest.mark.parametrize("type_row", TYPES_WITH_CODES, ids=[r["type"] for r in TYPES_WITH_CODES])
@pytest.mark.parametrize(("written", "iso"), DATES)
def test_every_type_in_both_code_styles(type_row: dict, written: str, iso: str) -> None:
    word, seg = type_row["words"][0], type_row["code"][0]
    state = refs(f"Căn cứ {word} số 12/2014/{seg}-UBND {written} của UBND tỉnh, các sở triển khai.")
    assert [row(r) for r in state] == [
        (type_row["type"], f"12/2014/{seg}-UBND", iso, 2014, f"{seg}-UBND", "UBND tỉnh")
    ]
    party = refs(f"Quán triệt {word.lower()} số 34-{seg}/TU {written} về công tác cán bộ.")
    assert [row(r) for r in party] == [(type_row["type"], f"34-{seg}/TU", iso, 2014, f"{seg}/TU", "Tỉnh ủy")]
    bare = refs(f"theo 12/2014/{seg}-UBND thì")
    assert [(r.type, r.canonical) for r in bare] == [(type_row["type"], f"12/2014/{seg}-UBND")]


def test_pattern_files_are_consistent() -> None:
    rows = load_jsonl("doc_types")
    types = [r for r in rows if r["kind"] == "type"]
    codes = [c for r in types for c in r.get("code", [])]
    assert len(codes) == len(set(codes)), "a code segment names two types"
    words = [w.casefold() for r in types for w in r["words"]]
    assert len(words) == len(set(words)), "a type word names two types"
    assert all(r["words"] and r["type"] == r["type"].strip() for r in types)
    issuers = load_jsonl("issuers")
    assert {r["kind"] for r in issuers} == {"code", "name"}
    assert all(r.get("issuer") or r.get("name") for r in issuers)
    # the spec's own examples
    by_code = {r["code"]: r["issuer"] for r in issuers if r["kind"] == "code"}
    assert by_code["CP"] == "Chính phủ" and by_code["TTg"] == "Thủ tướng Chính phủ"
    assert by_code["BCSĐ"] == "Ban Cán sự đảng" and by_code["TTCP"] == "Thanh tra Chính phủ"


def test_every_reference_is_well_formed() -> None:
    for sentence, _ in REAL + UNSEEN:
        for r in refs(sentence):
            assert r.span is not None and sentence[r.span[0] : r.span[1]] == r.text
            assert r.canonical == " ".join(r.canonical.split()) and not re.search(r"số\s*\d", r.canonical)
            if r.issued:  # a dated reference always has a year
                assert r.year is not None and dt.date.fromisoformat(r.issued)


TOKENS = [
    "Nghị định", "nghị quyết", "CHỈ THỊ", "Luật", "Thanh tra", "đề án", "Kế hoạch", "số", "ngày", "năm",
    "của", "và", "Trung ương", "khóa", "XII", "4", "33/2015/NĐ-CP", "34-CT/TW", "20/CT-TTg", "64/SL",
    "27/3/2015", "2022", "64", ",", ";", ".", "“", "”", "Tuyên truyền", "Chính phủ", "tỉnh", "Lạng Sơn",
    "  ", "\n", "-", "/",
]


@given(st.lists(st.sampled_from(TOKENS), max_size=30))
@settings(max_examples=300, deadline=None)
def test_any_token_soup_gives_well_formed_references(tokens: list[str]) -> None:
    s = " ".join(tokens)
    for r in refs(s):
        assert s[r.span[0] : r.span[1]] == r.text and r.canonical.strip()


def test_coded_resolution_described_by_its_session_joins_the_session_name() -> None:
    s = (
        "Nghị quyết số 04-NQ/TW ngày 30/10/2016 Hội nghị Trung ương 4 khóa XII; "
        "Nghị quyết Trung ương 4 khóa XII"
    )
    assert [r.canonical for r in refs(s)] == ["04-NQ/TW"]


# ---- issue 9, class 13: codes with a dot or a space, lists of numbers, laws by their official name,
# Party resolutions by session, named plans, issue dates written before the document
ISSUE9 = [
    (  # n_020
        "Thực hiện Văn bản số 248/VPCP-V.I ngày 10/01/2023 của Văn phòng Chính phủ",
        [("Văn bản", "248/VPCP-V.I", "2023-01-10", 2023, "VPCP-V.I", "Văn phòng Chính phủ")],
    ),
    (
        "Quyết định số 21/QĐ-T.Tr của Chánh Thanh tra tỉnh và Công văn số 3608 /VPCP-V.I. Sau đó",
        [
            ("Quyết định", "21/QĐ-T.Tr", None, None, "QĐ-T.Tr", "Chánh Thanh tra tỉnh"),
            ("Công văn", "3608/VPCP-V.I", None, None, "VPCP-V.I", "Văn phòng Chính phủ"),
        ],
    ),
    (  # n_113: one code shared by several numbers
        "trình bày toàn văn nội dung các Kết luận thanh tra số: 09, 10, 11, 12/KL-TTr ngày 20/6/2024",
        [
            ("Kết luận", f"{n}/KL-TTr", "2024-06-20", 2024, "KL-TTr", "Thanh tra tỉnh")
            for n in ("09", "10", "11", "12")
        ],
    ),
    (  # the document-numbers probe (extractor eval --probes): the same list without "số"
        "trình bày toàn văn nội dung các Kết luận thanh tra 09, 10, 11, 12/KL-TTr ngày 20/6/2024",
        [
            ("Kết luận", f"{n}/KL-TTr", "2024-06-20", 2024, "KL-TTr", "Thanh tra tỉnh")
            for n in ("09", "10", "11", "12")
        ],
    ),
    ("các Quyết định 15 và 16/QĐ-UBND", [
        ("Quyết định", "15/QĐ-UBND", None, None, "QĐ-UBND", "Ủy ban nhân dân tỉnh"),
        ("Quyết định", "16/QĐ-UBND", None, None, "QĐ-UBND", "Ủy ban nhân dân tỉnh"),
    ]),
    ("các Quyết định số 15 và 16/QĐ-UBND", [
        ("Quyết định", "15/QĐ-UBND", None, None, "QĐ-UBND", "Ủy ban nhân dân tỉnh"),
        ("Quyết định", "16/QĐ-UBND", None, None, "QĐ-UBND", "Ủy ban nhân dân tỉnh"),
    ]),
    (  # n_027 (X6): a law by its official name and punctuation
        "ban hành quyết định thanh tra việc thực hiện Luật phòng chống tham nhũng tại các huyện",
        [("Luật", "Luật Phòng, chống tham nhũng", None, None, None, None)],
    ),
    ("theo Luật PCTN năm 2018 và Luật khiếu nại tố cáo", [
        ("Luật", "Luật Phòng, chống tham nhũng 2018", None, 2018, None, None),
        ("Luật", "Luật Khiếu nại, tố cáo", None, None, None, None),
    ]),
    ("Luật THANH TRA năm 2022", [("Luật", "Luật THANH TRA 2022", None, 2022, None, None)]),  # never "Luật T"
    ("là vi phạm luật đất đai", []),  # the field's law in running text, not a citation
    (  # n_007: sessions listed under one type word; a term written once after the list
        "tập trung thực hiện Nghị quyết Đại hội Đảng toàn quốc lần thứ XI, trong đó đặc biệt là Nghị quyết Hội "
        "nghị Trung ương 4; các Kết luận Hội nghị Trung ương 5, Trung ương 6 (khóa XI); thực hiện Kế hoạch Phát "
        "triển kinh tế - xã hội 5 năm 2011 - 2015 và Chiến lược Phát triển kinh tế - xã hội 10 năm 2011 - 2020.",
        [
            ("Nghị quyết", "Nghị quyết Đại hội Đảng toàn quốc lần thứ XI", None, None, None, "Đại hội Đảng toàn quốc"),
            ("Nghị quyết", "Nghị quyết Trung ương 4 khóa XI", None, None, None, "Trung ương"),
            ("Kết luận", "Kết luận Trung ương 5 khóa XI", None, None, None, "Trung ương"),
            ("Kết luận", "Kết luận Trung ương 6 khóa XI", None, None, None, "Trung ương"),
            ("Kế hoạch", "Kế hoạch Phát triển kinh tế - xã hội 5 năm 2011 - 2015", None, None, None, None),
        ],
    ),
    ("Quán triệt Nghị quyết Trung ương 8 và Trung ương 10 (khoá XIII) và Đề án Chuyển đổi số quốc gia đến năm 2030", [
        ("Nghị quyết", "Nghị quyết Trung ương 8 khóa XIII", None, None, None, "Trung ương"),
        ("Nghị quyết", "Nghị quyết Trung ương 10 khóa XIII", None, None, None, "Trung ương"),
        ("Đề án", "Đề án Chuyển đổi số quốc gia", None, None, None, None),
    ]),
    ("Kế hoạch Thanh tra năm 2021 và Kế hoạch Phòng chống tham nhũng năm 2024", []),  # a unit's yearly plans
    (  # n_083: a lower-case type word after an issuing verb
        "UBND TP Hải Phòng vừa có văn bản 146 yêu cầu các Sở, ban, ngành thành phố",
        [("Văn bản", "Văn bản 146", None, None, None, None)],
    ),
    ("cần thực hiện văn bản 12 cuộc", []),
    (  # n_046 / n_023: an issue date opening the sentence that issues the document
        "Ngày 23/11/1945, Chủ tịch Hồ Chí Minh ký sắc lệnh số 64, thành lập Ban Thanh tra đặc biệt",
        [("Sắc lệnh", "Sắc lệnh 64", "1945-11-23", 1945, None, None)],
    ),
    (
        "Trước đó, ngày 03/8/2016, UBND tỉnh Thái Bình có Văn bản số 2788/UBND-CTXDGT gửi các sở",
        [("Văn bản", "2788/UBND-CTXDGT", "2016-08-03", 2016, "UBND-CTXDGT", "Ủy ban nhân dân tỉnh")],
    ),
    (  # n_064: the day's year from a document cited in the same sentence
        "Ngày 11/5, Ủy ban nhân dân thành phố Cần Thơ ban hành Kế hoạch 103/KH-UBND chỉ đạo thực hiện Kết luận "
        "thanh tra số 138/KL-TTCP ngày 17/4/2025 của Tổng Thanh tra Chính phủ",
        [
            ("Kế hoạch", "103/KH-UBND", "2025-05-11", 2025, "KH-UBND", "Ủy ban nhân dân tỉnh"),
            ("Kết luận", "138/KL-TTCP", "2025-04-17", 2025, "KL-TTCP", "Tổng Thanh tra Chính phủ"),
        ],
    ),
    ("Ngày 5/3/2024, đoàn đã làm việc với Sở Tài chính theo Kế hoạch số 12", [("Kế hoạch", "Kế hoạch 12", None, None, None, None)]),
    # a known name that a longer law's name starts with: the longer law ("Luật Quy hoạch" is another law)
    ("là vi phạm Luật Quy hoạch đô thị và Luật Xây dựng năm 2014", [
        ("Luật", "Luật Quy hoạch đô thị", None, None, None, None),
        ("Luật", "Luật Xây dựng 2014", None, 2014, None, None),
    ]),
    ("theo Luật Quy hoạch năm 2017", [("Luật", "Luật Quy hoạch 2017", None, 2017, None, None)]),
    ("tập huấn Luật Khiếu nại và kỹ năng đối thoại", [("Luật", "Luật Khiếu nại", None, None, None, None)]),
]


@pytest.mark.parametrize(("sentence", "expected"), ISSUE9, ids=[s[:40] for s, _ in ISSUE9])
def test_issue9_mentions(sentence: str, expected: list[tuple]) -> None:
    assert [row(r) for r in refs(sentence)] == expected
