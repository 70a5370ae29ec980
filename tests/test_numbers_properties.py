"""Property tests for the number reader: it never raises, its spans always index the text, and it
reads every well-formed Vietnamese numeral it is given."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.stages.numbers import find_quantities, read_amount, read_number

SETTINGS = settings(max_examples=int(__import__("os").environ.get("NUMBERS_EXAMPLES", 200)), deadline=None)

# Pieces that make the reader's branches fire far more often than random Unicode would.
TOKENS = [
    "0",
    "01",
    "5",
    "32",
    "160.596",
    "71.5",
    "5,6",
    "12.694,6",
    "2019",
    "1/3",
    "32/55",
    "/",
    ".",
    ",",
    "%",
    "-",
    ":",
    "(",
    ")",
    "tỷ",
    "tỉ",
    "triệu",
    "nghìn",
    "ngàn",
    "đồng",
    "đ",
    "m2",
    "m²",
    "ha",
    "héc ta",
    "phần trăm",
    "cuộc",
    "cuộc thanh tra",
    "cá nhân",
    "tổ chức",
    "đơn",
    "đơn vị",
    "lượt",
    "người",
    "vụ việc",
    "hơn",
    "trên",
    "gần",
    "khoảng",
    "chưa đến",
    "không dưới",
    "năm",
    "ngày",
    "tháng",
    "số",
    "lần thứ",
    "hai",
    "ba",
    "mươi",
    "mốt",
    "trăm",
    "linh",
    "một",
    "tỷ lệ",
    "đất",
    "USD",
    "Quyết định",
    "lưu",
]
token_text = st.lists(st.sampled_from(TOKENS), max_size=14).flatmap(
    lambda toks: st.lists(
        st.sampled_from(["", " ", "  ", "\n", ", "]), min_size=len(toks), max_size=len(toks)
    ).map(lambda seps: "".join(t + s for t, s in zip(toks, seps, strict=True)))
)
any_text = st.one_of(st.text(max_size=200), token_text)


def _check_invariants(text: str) -> None:
    qs = find_quantities(text)
    prev_end = 0
    for q in qs:
        assert 0 <= q.start <= q.num_start < q.num_end <= q.end <= len(text)
        assert q.start >= prev_end, "quantities overlap or are out of order"
        prev_end = q.end
        assert text[q.start : q.end].strip() == text[q.start : q.end]  # no stray spaces at either edge
        assert q.unit in {"VND", "m2", "percent", "count"}
        assert q.qualifier in {"exact", "more_than", "less_than", "about"}
        assert math.isfinite(q.value) and q.value >= 0
        # a share "32/55" or "1.330/1.643 triệu đồng", or done against planned "42/40" (at most twice the plan)
        assert q.total is None or (q.unit in {"count", "VND"} and 0 < q.total and q.value <= 2 * q.total)
        if q.unit != "count":
            assert q.noun is None and q.noun_key is None
        else:
            assert q.noun and q.noun_key
            assert q.noun.lower() in " ".join(text[q.start : q.end].lower().split())


@SETTINGS
@given(any_text)
def test_find_quantities_never_raises_and_spans_index_text(text: str) -> None:
    _check_invariants(text)


@SETTINGS
@given(any_text)
def test_read_number_and_read_amount_never_raise(text: str) -> None:
    v = read_number(text)
    assert v is None or (math.isfinite(v) and v >= 0)
    read_number(text, before_scale=True)
    a = read_amount(text)
    assert a is None or a[1] in {"VND", "m2", "percent", "count"}


def _dotted(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@SETTINGS
@given(st.integers(min_value=0, max_value=10**13))
def test_thousands_dots_round_trip(n: int) -> None:
    assert read_number(_dotted(n)) == n
    if n >= 1000:
        assert read_number(str(n)) == n  # undotted integers read too


@SETTINGS
@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=999))
def test_decimal_comma_round_trip(whole: int, frac: int) -> None:
    s = f"{_dotted(whole)},{frac}"
    assert read_number(s) == float(f"{whole}.{frac}")


_UNITS = ["", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def _spell(n: int) -> str:
    """A reference speller for 1..999 in the standard northern forms."""
    h, rest = divmod(n, 100)
    t, u = divmod(rest, 10)
    words: list[str] = []
    if h:
        words += [_UNITS[h], "trăm"]
    if t == 0:
        if u:
            words += (["linh"] if h else []) + [_UNITS[u]]
        return " ".join(words)
    words += ["mười"] if t == 1 else [_UNITS[t], "mươi"]
    if u == 1:
        words.append("một" if t == 1 else "mốt")
    elif u == 5:
        words.append("lăm")
    elif u == 4 and t > 1:
        words.append("tư")
    elif u:
        words.append(_UNITS[u])
    return " ".join(words)


@SETTINGS
@given(st.integers(min_value=1, max_value=999))
def test_spelled_numbers_read(n: int) -> None:
    spelled = _spell(n)
    if spelled == "năm":
        assert read_number(spelled) is None  # "năm" alone is "year"
        return
    assert read_number(spelled) == n, spelled


SAFE_WORDS = ["đã", "thu hồi", "phát hiện", "kiến nghị", "với", "tại", "và", "trong đó", "Thanh tra tỉnh"]


@SETTINGS
@given(
    st.lists(st.sampled_from(SAFE_WORDS), max_size=5),
    st.integers(min_value=1, max_value=10**6),
    st.sampled_from(
        [
            ("cuộc", "count", 1),
            ("triệu đồng", "VND", 10**6),
            ("tỷ đồng", "VND", 10**9),
            ("m2 đất", "m2", 1),
            ("ha", "m2", 10**4),
            ("%", "percent", 1),
            ("cá nhân", "count", 1),
        ]
    ),
    st.sampled_from([("", "exact"), ("hơn ", "more_than"), ("khoảng ", "about"), ("dưới ", "less_than")]),
    st.sampled_from(["", ".", ";", ", và 3 tổ chức"]),
)
def test_quantity_found_in_context(words, n, unit, qual, tail) -> None:
    unit_text, unit_name, factor = unit
    sep = "" if unit_text == "%" else " "
    figure = f"{qual[0]}{_dotted(n)}{sep}{unit_text}"
    prefix = " ".join(words) + (" " if words else "")
    text = prefix + figure + tail
    qs = find_quantities(text)
    assert qs, text
    q = qs[0]
    assert (q.value, q.unit, q.qualifier) == (n * factor, unit_name, qual[1])
    assert text[q.start : q.end] == figure
    assert text[q.num_start : q.num_end] == _dotted(n)
    _check_invariants(text)
