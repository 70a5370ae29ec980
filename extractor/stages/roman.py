"""Roman numerals as Vietnamese writers use them for cluster numbers and party congress terms."""

from __future__ import annotations

_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_to_int(s: str) -> int | None:
    """ "IV" → 4, "XII" → 12; None for anything that is not a well-formed numeral up to 399."""
    s = s.strip().upper()
    if not s or any(c not in _VALUES for c in s):
        return None
    total = 0
    for i, c in enumerate(s):
        v = _VALUES[c]
        total += -v if i + 1 < len(s) and _VALUES[s[i + 1]] > v else v
    return total if int_to_roman(total) == s else None


def int_to_roman(n: int) -> str:
    out = []
    for value, sym in (
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)
