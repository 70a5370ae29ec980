"""Stage 4: province mentions, from a gazetteer built on `vietnamadminunits`.

A province name counts only where it names the province or a provincial body. It does not fire inside
a person's name ("Nguyễn Thị Hà Giang"), a street or longer place name ("đường Điện Biên Phủ"), or a
region; the cue lists for that (surname and middle-name syllables, street words) are in `patterns/`.
"thành phố" before a name is the city, not a street ("phố"), when the gazetteer's full name of that province
is a "Thành phố" (Hà Nội, Huế, Đà Nẵng …: province-level cities).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

import regex

from extractor.article import Article
from extractor.models import Province
from extractor.patterns import load_json, load_jsonl
from extractor.stages.gazetteer import fold, provinces, same_name_city_codes, surface_codes, surface_forms


@dataclass(frozen=True, slots=True)
class Mention:
    code: str
    start: int
    end: int


def _flexible(form: str) -> str:
    # "Bà Rịa - Vũng Tàu" also matches "Bà Rịa-Vũng Tàu", "Bà  Rịa – Vũng Tàu".
    parts = regex.split(r"\s*[-–]\s*|\s+", form.strip())
    seps = regex.findall(r"\s*[-–]\s*|\s+", form.strip())
    out = regex.escape(parts[0])
    for sep, part in zip(seps, parts[1:], strict=True):
        out += (r"\s*[-–]\s*" if "-" in sep or "–" in sep else r"[ \t]+") + regex.escape(part)
    return out


@cache
def _matcher() -> tuple[regex.Pattern, dict[str, tuple[str, bool]]]:  # group → (code, needs prefix)
    # surface_forms() already holds the variants; only their prefix flag is read here.
    prefixed = {row["form"] for row in load_jsonl("province_variants") if row.get("requires_prefix")}
    forms = {f: (c, f in prefixed) for f, c in surface_forms().items()}
    ordered = sorted(forms, key=len, reverse=True)  # longest first: "Thừa Thiên Huế" before "Huế"
    groups = "|".join(f"(?P<f{i}>{_flexible(f)})" for i, f in enumerate(ordered))
    # Word boundaries by hand: \b treats Vietnamese letters correctly in `regex`, but "TP.HCM" has dots.
    pattern = regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{groups})(?![\p{{L}}\p{{N}}])")
    by_group = {f"f{i}": forms[f] for i, f in enumerate(ordered)}
    return pattern, by_group


@cache
def _cities() -> frozenset[str]:
    """Codes of the province-level cities, by the gazetteer's full names ("Thành phố Huế")."""
    return frozenset(c for c, info in provinces().items() if fold(info.full_name).startswith("thanhpho"))


@cache
def _same_name_cities() -> frozenset[str]:
    """Codes of the provinces whose capital city or town shares their name (Thái Nguyên, Tây Ninh …), from the
    gazetteer's district list: after "TP" / "Thành ủy" that name is the city, not the province."""
    return frozenset(same_name_city_codes()) | {
        c for name in load_json("province_context")["same_name_cities"] for c in surface_codes(name)
    }


@cache
def _context() -> dict[str, regex.Pattern]:
    ctx = load_json("province_context")
    # A family name right after a province starts a person's name ("UBND tỉnh Gia Lai Trần Văn Bình").
    allowed_after = ctx["allowed_capitalised_after"] + load_json("person_names")["surnames"]
    syllables = "|".join(regex.escape(s) for s in ctx["name_syllables"])
    return {
        # A capitalised name syllable right before: part of a person's name.
        "person_before": regex.compile(rf"(?:^|[^\p{{L}}])(?:{syllables})[ \t]+$"),
        "street_before": regex.compile(rf"(?:{'|'.join(ctx['street_words'])})[ \t]+$", regex.IGNORECASE),
        # One further capitalised syllable right after: a longer proper name
        # ("Điện Biên Phủ"); a run of several capitalised syllables after it is rather a person's name
        # written after the province ("UBND tỉnh Gia Lai Rah Lan Chung").
        "longer_after": regex.compile(r"^[ \t]+\p{Lu}\p{Ll}*(?![\p{L}])(?![ \t]+\p{Lu})"),
        "city_prefix": regex.compile(rf"(?:{'|'.join(ctx['city_prefixes'])})[ \t]*$"),
        "allowed_after": regex.compile(rf"^[ \t]+(?:{'|'.join(allowed_after)})(?![\p{{L}}])"),
        "city_word": regex.compile(rf"(?<![\p{{L}}])(?:{'|'.join(ctx['city_words'])})[ \t]*$"),
        "delegation_before": regex.compile(rf"(?<![\p{{L}}])(?:{'|'.join(ctx['delegation_words'])})[ \t]+$"),
        "company_before": regex.compile(
            rf"(?<![\p{{L}}])(?:{'|'.join(ctx['company_words'])})(?:[ \t]+[^\s,.;:()]+){{0,9}}[ \t]+$"
        ),
        "province_word_before": regex.compile(r"(?<![\p{L}])(?:tỉnh|Tỉnh)[ \t]+$"),
    }


def find_mentions(text: str, skip: list[tuple[int, int]] = ()) -> list[Mention]:
    """Every province mention in `text`, outside the `skip` spans (legal document titles, byline)."""
    pattern, by_group = _matcher()
    ctx = _context()
    out = []
    # The skip spans merged and sorted, so that a position is tested by bisection, not against each span.
    merged: list[list[int]] = []
    for a, b in sorted(skip):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        elif a < b:
            merged.append([a, b])
    skip_starts = [a for a, _ in merged]
    for m in pattern.finditer(text):
        code, needs_prefix = by_group[m.lastgroup]
        s, e = m.span()
        i = bisect_right(skip_starts, s) - 1
        if i >= 0 and s < merged[i][1]:
            continue
        before = text[max(0, s - 40) : s]
        after = text[e : e + 30]
        if needs_prefix and not ctx["city_prefix"].search(before):
            continue
        if ctx["person_before"].search(before) and not ctx["delegation_before"].search(before):
            continue
        if code in _same_name_cities() and ctx["city_word"].search(before):
            continue  # "UBND TP Thái Nguyên", "Thành ủy Tây Ninh": the city of that name
        in_firm = ctx["company_before"].search(text[max(0, s - 90) : s])
        if in_firm and not ctx["province_word_before"].search(before):
            continue  # "Công ty TNHH Xuân Thiện Hà Giang": a firm's name
        if ctx["street_before"].search(before) and not (
            code in _cities() and ctx["city_prefix"].search(before)
        ):
            continue
        if ctx["longer_after"].match(after) and not ctx["allowed_after"].match(after):
            continue
        out.append(Mention(code, s, e))
    return out


def find_provinces(art: Article, skip: list[tuple[int, int]] = ()) -> list[Mention]:
    skip = list(skip)
    if art.author_span:
        skip.append(art.author_span)
    return find_mentions(art.clean, skip)


def unique_provinces(mentions: list[Mention]) -> list[Province]:
    """One `Province` per code, in order of first mention, with the 2025 successor."""
    table = provinces()
    seen: dict[str, Province] = {}
    for m in mentions:
        if m.code not in seen:
            info = table[m.code]
            seen[m.code] = Province(
                code=m.code,
                name=info.name,
                code_2025=info.code_2025,
                name_2025=info.name_2025,
                span=(m.start, m.end),
            )
    return list(seen.values())
