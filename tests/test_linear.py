"""Time and memory per article grow at most linearly with its length, on the worst inputs there are:
one long sentence (no full stop) made of pieces of real articles, repeated. Ratios only (an article four
times as long may take at most about four times as long and as much memory), never absolute times; the
absolute figures are measured by `make bench`.

A quadratic stage gives a ratio near 16 for four times the length; the bounds leave room for noise on a
shared machine and still catch it.
"""

from __future__ import annotations

import gc
import time
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.pipeline import ExtractionError, extract_text

# Pieces of real articles without a sentence end, so that repeating them makes one long sentence.
PIECES = [
    "Thanh tra tỉnh Bắc Giang",
    "Cụm thi đua số V gồm: Cà Mau, Hậu Giang, Bạc Liêu",
    "(Cụm trưởng)",
    "Phó Cụm trưởng",
    "TP. Hồ Chí Minh",
    "Ông Nguyễn Văn An, Chánh Thanh tra tỉnh Điện Biên",
    "bà Trần Thị Bình - Phó Chánh Thanh tra",
    "Đ/c Lê Văn Tám",
    "Nghị định số 33/2015/NĐ-CP ngày 27/3/2015 của Chính phủ",
    "Chỉ thị 20/CT-TTg",
    "Luật Thanh tra năm 2022",
    "Kế hoạch 64",
    "đã triển khai 5.486 cuộc thanh tra",
    "phát hiện sai phạm 160.596 triệu đồng",
    "hơn 5,6 tỷ đồng",
    "49.424 m2 đất",
    "89,72%",
    "32/55 cuộc",
    "hai vụ",
    "6 tháng đầu năm 2023",
    "quý I",
    "ký kết giao ước thi đua",
    "Hội nghị tổng kết tại Lạng Sơn",
    "ngày 16/11/2018",
    "Nguyễn Văn An Trần Thị Bình Lê Văn Cường",
    "Ý kiến bình luận",
    "Ảnh: TH",
]
SEPARATORS = [" ", ", ", "; ", " và "]

units = st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPARATORS)), min_size=1, max_size=8).map(
    lambda parts: "".join(p + s for p, s in parts)
)

SHORT, FACTOR = 8_000, 4  # characters of the short article; the long one is FACTOR times longer
MAX_TIME_RATIO = 8.0  # linear is about 4; quadratic about 16
MAX_MEMORY_RATIO = 6.0


def _article(unit: str, n: int) -> str:
    return "Tiêu đề bài viết\n\n" + (unit * (n // len(unit) + 1))[:n]


def _seconds(text: str) -> float:
    """CPU seconds of this process (the pipeline is single-threaded), so that other work on a shared
    machine does not count; the faster of two runs."""
    best = float("inf")
    for _ in range(2):
        gc.collect()
        t = time.process_time()
        try:
            extract_text("linear", text)
        except ExtractionError:
            pass
        best = min(best, time.process_time() - t)
    return best


def _peak_bytes(text: str) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        extract_text("linear", text)
    except ExtractionError:
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def _check(unit: str) -> None:
    short, long = _article(unit, SHORT), _article(unit, FACTOR * SHORT)
    _seconds(short)  # warm up: patterns load once
    t_short, t_long = _seconds(short), _seconds(long)
    if t_long > 0.05:  # below that, timer resolution and fixed costs say nothing about growth
        assert t_long / t_short <= MAX_TIME_RATIO, (unit, t_short, t_long)
    m_short, m_long = _peak_bytes(short), _peak_bytes(long)
    assert m_long / max(m_short, 1) <= MAX_MEMORY_RATIO, (unit, m_short, m_long)


# The inputs that were quadratic before (issue 12): numbers in one sentence, with and without clause
# marks; a long run of capitalised words; references, cluster roles and provinces repeated.
WORST = {
    "numbers, commas": "phát hiện sai phạm 160.596 triệu đồng, kiến nghị thu hồi 5,6 tỷ đồng, ",
    "numbers, no clause marks": "sai phạm 160.596 triệu đồng và thu hồi 5,6 tỷ đồng và 12 cuộc thanh tra ",
    "capitalised words": "Ông Nguyễn Văn An Chánh Thanh tra Tỉnh Bắc Giang Trần Thị Bình Hà Nội ",
    "references": "theo Nghị định số 33/2015/NĐ-CP ngày 27/3/2015 và Chỉ thị 20/CT-TTg ",
    "named laws": "Luật Thanh tra năm 2022, Luật Khiếu nại, Quyết định số 12, Kế hoạch 64 của Thanh tra, ",
    "cluster roles": "Cụm thi đua số V gồm: Cà Mau, Hậu Giang, Bạc Liêu (Cụm trưởng), Sóc Trăng (Cụm phó); ",
    "officials": "Ông Nguyễn Văn An, Chánh Thanh tra tỉnh Bắc Giang (Cụm trưởng), bà Trần Thị Bình, ",
}


@pytest.mark.parametrize("unit", list(WORST.values()), ids=list(WORST))
def test_known_worst_cases_grow_linearly(unit: str) -> None:
    _check(unit)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(units)
def test_long_single_sentences_grow_linearly(unit: str) -> None:
    _check(unit)
