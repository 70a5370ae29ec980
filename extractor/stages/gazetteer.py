"""The 63 provinces (in force until 2025) and their 2025 successors, from `vietnamadminunits`.

The package ships its tables as JSON; we read only the province level, once, rather than importing its
address parser (which loads every ward of the country). Spelling variants the package does not know
live in `patterns/province_variants.jsonl`. A reader's filter may also use the library's own
keywords ("hcm", "vungtau") and an administrative prefix ("TP Hồ Chí Minh", "tỉnh Điện Biên").
"""

from __future__ import annotations

import importlib.util
import json
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import regex

from extractor.patterns import load_json, load_jsonl


@dataclass(frozen=True, slots=True)
class ProvinceInfo:
    code: str  # 2-digit code of the 63-province list
    name: str  # "Điện Biên", "Hà Nội", "Thừa Thiên Huế"
    full_name: str  # "Tỉnh Điện Biên", "Thành phố Hà Nội"
    code_2025: str
    name_2025: str
    latitude: float
    longitude: float


def fold(text: str) -> str:
    """Accent-, case- and space-insensitive key: "Đắk Lắk" → "daklak"."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in text.lower() if c.isalnum() and not unicodedata.combining(c))


@cache
def _package_data() -> Path:
    """The package's data folder, found without importing the package: importing it runs its address
    parser's imports (geopy, shapely, numpy), about half a second of every start-up, for no use here."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            if (Path(folder) / "data").is_dir():
                return Path(folder) / "data"
    return Path(str(resources.files("vietnamadminunits").joinpath("data")))


def _package_json(name: str) -> dict:
    with (_package_data() / name).open(encoding="utf-8") as fh:
        return json.load(fh)


@cache
def provinces() -> dict[str, ProvinceInfo]:
    """Code → province, for the 63 provinces, with the 2025 successor."""
    legacy = _package_json("parser_legacy.json")["DICT_PROVINCE"]
    new = _package_json("parser_from_2025.json")["DICT_PROVINCE"]
    merged_into = {
        old_key: new_key
        for new_key, old_keys in _package_json("converter_2025.json")["DICT_PROVINCE"].items()
        for old_key in old_keys
    }
    table = {}
    for key, row in legacy.items():
        successor = new[merged_into[key]]
        table[row["provinceCode"]] = ProvinceInfo(
            code=row["provinceCode"],
            name=row["provinceShort"],
            full_name=row["province"],
            code_2025=successor["provinceCode"],
            name_2025=successor["provinceShort"],
            latitude=row["provinceLat"],
            longitude=row["provinceLon"],
        )
    return dict(sorted(table.items()))


@cache
def surface_forms(*, queries: bool = False) -> dict[str, str]:
    """Every written form of a province name (library names + variants) → code; with `queries`, also the
    variants marked `query_only` (names a reader types that an article would not use for the province)."""
    forms = {info.name: code for code, info in provinces().items()}
    for row in load_jsonl("province_variants"):
        if queries or not row.get("query_only"):
            forms[row["form"]] = row["code"]
    return forms


@cache
def _keywords() -> dict[str, set[str]]:
    """The library's folded keywords of each province ("hcm", "vungtau", "thanhphohue") → codes."""
    out: dict[str, set[str]] = {}
    for row in _package_json("parser_legacy.json")["DICT_PROVINCE"].values():
        for key in row["provinceKeywords"]:
            out.setdefault(key, set()).add(row["provinceCode"])
    return out


@cache
def level_words(*levels: str) -> str:
    """A regex alternation, longest first, of the words for these levels of administrative unit
    ("province", "province_abbreviations", "district", "commune": patterns/admin_levels.json)."""
    table = load_json("admin_levels")
    words = {w for level in levels for w in table[level]}
    return "|".join(regex.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


@cache
def _lookup_prefixes() -> tuple[str, ...]:
    return tuple(
        sorted({fold(p) for p in load_json("province_context")["lookup_prefixes"]}, key=len, reverse=True)
    )


@cache
def _folded_index() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(old names/codes/variants → codes, 2025 names/codes → the old codes merged into them)."""
    old: dict[str, set[str]] = {}
    for code, info in provinces().items():
        for key in (code, info.name, info.full_name):
            old.setdefault(fold(key), set()).add(code)
    for form, code in surface_forms(queries=True).items():
        old.setdefault(fold(form), set()).add(code)
    for key, codes in _keywords().items():
        old.setdefault(key, set()).update(codes)
    new: dict[str, set[str]] = {}
    for code, info in provinces().items():
        for key in (info.code_2025, info.name_2025):
            new.setdefault(fold(key), set()).add(code)
    return {k: sorted(v) for k, v in old.items()}, {k: sorted(v) for k, v in new.items()}


def lookup(name_or_code: str, *, successor: bool = False) -> list[str]:
    """Codes (63-province list) a user's province reference stands for, in any spelling.

    "Bắc Kạn", "bac kan" and "06" → ["06"]. A name or code that is only a 2025 province, or any
    name with `successor=True`, stands for every province merged into it: "Thái Nguyên" with
    successor → ["06", "19"]. Unknown → [].
    """
    old, new = _folded_index()
    key = fold(name_or_code)
    if key not in old and key not in new:  # "TP Hồ Chí Minh", "tỉnh Điện Biên"
        key = next((key[len(p) :] for p in _lookup_prefixes() if key.startswith(p) and key[len(p) :]), key)
    if successor or key not in old:
        return list(new.get(key, old.get(key, [])))
    return list(old[key])


@cache
def district_names() -> frozenset[str]:
    """Short names of the districts of the 63 provinces ("Văn Chấn", "Cù Lao Dung", "Đinh Lập"): a place
    glued to a person's name in "UBND huyện Đinh Lập Hoàng Văn An" is not part of the name."""
    out = set()
    for districts in _package_json("parser_legacy.json")["DICT_PROVINCE_DISTRICT"].values():
        for row in districts.values():
            out.add(unicodedata.normalize("NFC", row["districtShort"]))
    return frozenset(out)


@cache
def same_name_city_codes() -> frozenset[str]:
    """Codes of the provinces with a city or town of their own name ("Thành phố Thái Nguyên")."""
    legacy = _package_json("parser_legacy.json")
    out = set()
    for key, districts in legacy["DICT_PROVINCE_DISTRICT"].items():
        row = legacy["DICT_PROVINCE"][key]
        for d in districts.values():
            if d["districtType"] != "Huyện" and fold(d["districtShort"]) == fold(row["provinceShort"]):
                out.add(row["provinceCode"])
    return frozenset(out)


def surface_codes(name: str) -> list[str]:
    """Codes of a written province name ("Ninh Bình" → ["37"]), by its surface forms."""
    forms = surface_forms()
    return [forms[name]] if name in forms else []


def info(code: str) -> ProvinceInfo | None:
    return provinces().get(code)
