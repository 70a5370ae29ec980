"""Property-based: random Unicode through the whole pipeline (the number reader has its own, in
test_numbers_properties.py).

No exception escapes but ExtractionError (with a one-line reason), every span indexes the NFC text,
every number is finite, the record survives a JSON round trip, and NFD input reads as NFC input.
"""

from __future__ import annotations

import math
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.models import Record
from extractor.pipeline import ExtractionError, extract_text

# Pieces of real articles, so random text also reaches the stages' interesting paths.
PIECES = [
    "Thanh tra tỉnh Bắc Giang",
    "Cụm thi đua số V",
    "Cụm trưởng",
    "Phó Cụm trưởng",
    "TP. Hồ Chí Minh",
    "gồm: Cà Mau, Hậu Giang, Bạc Liêu",
    "Ông Nguyễn Văn An, Chánh Thanh tra tỉnh Điện Biên",
    "Đ/c",
    "Nghị định số 33/2015/NĐ-CP ngày 27/3/2015",
    "Chỉ thị 20/CT-TTg",
    "Luật Thanh tra 2022",
    "đã triển khai 5.486 cuộc thanh tra",
    "phát hiện sai phạm 160.596 triệu đồng",
    "hơn 5,6 tỷ đồng",
    "71.5 tỷ đồng",
    "49.424 m2 đất",
    "2,5 ha",
    "89,72%",
    "32/55 cuộc",
    "hai vụ",
    "khoảng",
    "trên 70%",
    "năm 2019",
    "6 tháng đầu năm 2023",
    "quý I",
    "ký kết giao ước thi đua",
    "Hội nghị tổng kết",
    "ngày 16/11/2018",
    "lần thứ V",
    "1.902",
    "37, 38 tỷ",
    "nghìn tỷ",
    "Ảnh: TH",
    "\n\n",
    ". ",
    ", ",
    "(",
    ")",
]
vietnamese_like = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=40).map(" ".join)
numbers_like = st.from_regex(
    r"(hơn |khoảng |)[0-9]{1,30}([.,][0-9]{1,6})*(/[0-9]{1,4})? ?(tỷ|triệu|nghìn|%|m2|ha|cuộc|đồng)( đồng)?",
    fullmatch=True,
)
any_text = st.one_of(st.text(max_size=300), vietnamese_like, numbers_like)
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_span(span: object, text: str) -> None:
    assert isinstance(span, (list, tuple)) and len(span) == 2
    start, end = span
    assert 0 <= start < end <= len(text), (span, len(text))


@FAST
@given(any_text)
def test_pipeline_gives_a_record_whose_spans_index_the_text(raw: str) -> None:
    try:
        record = extract_text("prop", raw)
    except ExtractionError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    text = unicodedata.normalize("NFC", raw)
    for item in [*record.provinces, *record.officials, *record.legal_refs, *record.figures]:
        if item.span is not None:
            _check_span(item.span, text)
    for f in record.figures:
        assert math.isfinite(f.value) and (f.total is None or math.isfinite(f.total))
    assert Record.model_validate_json(record.model_dump_json()) == record


@FAST
@given(vietnamese_like)
def test_decomposed_text_gives_the_record_of_composed_text(raw: str) -> None:
    def outcome(text: str) -> object:
        try:
            return extract_text("prop", text).model_dump()
        except ExtractionError as exc:
            return str(exc)

    assert outcome(unicodedata.normalize("NFD", raw)) == outcome(unicodedata.normalize("NFC", raw))
