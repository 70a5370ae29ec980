"""extractor/stages/rx.py: a pattern compiled for speed finds what it found before, and a Scanner (the
pattern run only where its first words stand) finds exactly what finditer finds."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.stages import event, rx

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def corpus_texts() -> list[str]:
    return [unicodedata.normalize("NFC", p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))]


def test_compile_takes_re_only_when_it_reads_the_pattern_the_same():
    assert isinstance(rx.compile(r"(?<![\p{L}\p{N}])(?:thăm|họp)(?![\p{L}\p{N}])"), re.Pattern)
    for pattern in (r"\p{Lu}x", r"a(?|b|c)", r"[[a-z]--[b]]", r"\m\w+\M"):
        assert isinstance(rx.compile(pattern), regex.Pattern)
    # the translated word edges: a letter or a digit, as \p{L}\p{N} are; "_" and marks are not
    written = r"(?<![\p{L}\p{N}])ký(?![\p{L}\p{N}])"
    text = "ký, lý ký2 đăng ký ký_ _ký 2ký x\u0301ký ²ký"
    assert [m.span() for m in rx.compile(written).finditer(text)] == [m.span() for m in regex.finditer(written, text)]


@pytest.mark.parametrize(
    ("pattern", "starts"),
    [
        (r"(?<![^\W_])(?:[Nn]gày|[Ss]áng)\s+\d", ("ngày", "sáng")),
        (r"a*b", ("a", "b")),  # an optional start: the item or what follows
        (r"(?:ab)?c", ("ab", "c")),
        (r"x{0,2}y", ("x", "y")),
        (r"(?i:ab)", None),  # a flag changes how letters match: no starts
        (r"\d+", None),
        (r"a?", None),  # may match nothing
        (r"[a-z]b", None),
    ],
)
def test_literal_starts(pattern, starts):
    assert rx.literal_starts(pattern) == starts


def scanners() -> dict[str, tuple[rx.Scanner, bool]]:
    """The patterns the stages run through a Scanner, and whether they run over the lower-cased text."""
    p = event._patterns()
    found = {f"event cue {k}": (s, True) for k, s in p.lower_cues.items() if s.starts}
    found["event date"] = (p.date, False)
    assert len(found) >= 5
    return found


def spans(scanner: rx.Scanner, lowered: bool, text: str, pos: int = 0, endpos: int | None = None):
    low = text.lower()
    low = low if len(low) == len(text) else None
    subject = (low or text) if lowered else text
    end = len(text) if endpos is None else endpos
    got = [(m.span(), m.group()) for m in scanner.finditer(subject, low, pos, end)]
    want = [(m.span(), m.group()) for m in scanner.pattern.finditer(subject, pos, end)]
    return got, want


def test_scanner_finds_what_finditer_finds_on_the_corpus():
    texts = corpus_texts()
    for name, (scanner, lowered) in scanners().items():
        for text in texts:
            for pos, end in ((0, None), (len(text) // 3, 2 * len(text) // 3)):
                got, want = spans(scanner, lowered, text, pos, end)
                assert got == want, name


PIECES = ["ngày ", "Ngày ", "sáng ", "chiều nay (", "hôm nay (", "12", "/", "-", "3", "2024", " tháng ", " năm ",
          "sơ kết", "tổng kết", " và ", "nhân rộng", "hội nghị", "dự hội nghị", "ký kết giao ước", "lễ ký",
          "phát động thi đua", "x", "ký", " ", ", ", "\n", "Đ", "ngàyngày", "lễ phát động"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.integers(0, 30), st.integers(0, 400))
def test_scanner_finds_what_finditer_finds_on_any_text(pieces, pos, length):
    text = "".join(pieces)
    for scanner, lowered in scanners().values():
        got, want = spans(scanner, lowered, text, min(pos, len(text)), min(len(text), pos + length))
        assert got == want
