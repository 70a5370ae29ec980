"""The site's search over figures: words, phrases, province names and numbers, in one FTS5 index.

`figures_search` holds, for each figure (rowid = the figure's rowid), its text and sentence as written,
an accent-folded copy of both, the provinces it concerns as tokens (`p11` for Điện Biên), and its value as
number tokens (`v85487000000` for the value, `s85487` / `s85d487` for the value in each scale: đồng,
nghìn, triệu, tỷ). A reader's query becomes an FTS5 expression by `expression()`:

- a province name in any spelling the gazetteer knows, accents optional ("Điện Biên", "dien bien",
  "TP HCM") finds the figures that concern it; written with accents, it also finds sentences that name it
  as written, and never "diễn biến";
- a number in Vietnamese style finds the figure of that value in any scale ("85487" and "85,487 tỷ" both
  find 85.487 triệu đồng); with a scale or unit word after it, only that value;
- "a phrase in quotes" must occur as written; other words must each occur; a word with accents must
  match its accents, one without matches with or without them.

User text reaches FTS5 only as quoted phrases and tokens built here, never as query syntax.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

from extractor.patterns import load_json
from extractor.stages import gazetteer
from extractor.store.searchfold import fold

INDEX = "figures_search"
COLUMNS = ("text", "sentence", "folded", "places", "numbers")
TOKENIZER = "unicode61 remove_diacritics 0"
_ACCENTED = ("text", "sentence")

# Scale words after a number (folded) → multiplier; the unit words only say what was asked.
_SCALES = {"nghin": 1_000, "ngan": 1_000, "trieu": 1_000_000, "ty": 1_000_000_000}
_UNIT_WORDS = {"dong", "d", "vnd", "%", "m2", "m²"}
_HA = {"ha", "hecta", "hec ta"}
_NUMBER = re.compile(r"^\d[\d.,]*$")
_QUOTED = re.compile(r"[\"“”]([^\"“”]*)[\"“”]")
_MAX_PLACE_WORDS = 6


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def number_token(x: float) -> str:
    """A value as one FTS token: 85487 → "85487", 85.487 → "85d487" (at most 3 decimals kept)."""
    text = f"{round(x, 3):.3f}".rstrip("0").rstrip(".")
    return text.replace(".", "d").replace("-", "m")


def number_tokens(value: float | int | None, unit: str | None) -> str:
    """The number tokens of a figure: its value, and its value in each scale where that is a round number."""
    if value is None:
        return ""
    tokens = [f"v{number_token(value)}", f"s{number_token(value)}"]
    if unit == "VND":
        for scale in _SCALES.values():
            scaled = value / scale
            if abs(scaled) >= 0.001 and abs(round(scaled, 3) - scaled) < 1e-9 * max(1, abs(scaled)):
                tokens.append(f"s{number_token(scaled)}")
    if unit == "m2" and value >= 100:
        tokens.append(f"s{number_token(value / 10_000)}")  # "4,9 ha"
    return " ".join(dict.fromkeys(tokens))


def place_tokens(codes: list[str]) -> str:
    return " ".join(f"p{c}" for c in codes)


def parse_number(text: str) -> float | None:
    """A number as a Vietnamese reader writes it: "." groups thousands, "," marks decimals
    ("160.596" → 160596, "85,487" → 85.487, "1.234,5" → 1234.5); "71.5" (not 3 digits) is a decimal."""
    if not _NUMBER.match(text):
        return None
    t = text.rstrip(".,")
    if "." in t and "," in t:
        t = t.replace(".", "").replace(",", ".")
    elif "," in t:
        t = t.replace(",", ".") if t.count(",") == 1 else t.replace(",", "")
    elif "." in t:
        groups = t.split(".")
        if len(groups) > 2 or all(len(g) == 3 for g in groups[1:]):
            t = t.replace(".", "")
    try:
        return float(t)
    except ValueError:
        return None


def _accented(text: str) -> bool:
    return fold(text) != text.lower()


@cache
def _place_prefixes() -> tuple[str, ...]:
    return tuple(fold(p) for p in load_json("province_context")["lookup_prefixes"])


def _key(text: str) -> str:
    return re.sub(r"[\s\-–.]+", " ", text.lower()).strip()


@cache
def _accented_forms() -> frozenset[str]:
    """Every province name as written with accents (lower case): names, full names, 2025 names, variants."""
    forms = set()
    for info in gazetteer.provinces().values():
        forms |= {_key(info.name), _key(info.full_name), _key(info.name_2025)}
    forms |= {_key(f) for f in gazetteer.surface_forms(queries=True)}
    return frozenset(forms)


@cache
def _accented_prefixes() -> tuple[str, ...]:
    return tuple(_key(p) + " " for p in load_json("province_context")["lookup_prefixes"])


def _place(words: list[str]) -> list[str]:
    """Province codes the words name (one name, any spelling), else []. Written with accents, the words
    must be a province's name with its own accents: "diễn biến" is not "Điện Biên"."""
    joined = " ".join(words)
    if fold(joined).replace(" ", "") in {p.replace(" ", "") for p in _place_prefixes()}:
        return []
    if len(words) == 1 and not any(c.isalpha() for c in joined):
        return []  # "06" is a province code, but in a search box it is a number
    if _accented(joined):
        key = _key(joined)
        key = next((key[len(p) :] for p in _accented_prefixes() if key.startswith(p)), key)
        if key not in _accented_forms():
            return []
    return gazetteer.lookup(joined)


@dataclass
class Term:
    kind: str  # "phrase", "word", "place", "number"
    text: str
    codes: tuple[str, ...] = ()
    tokens: tuple[str, ...] = ()


def terms(query: str) -> list[Term]:
    """The parts of a reader's query, in order."""
    out: list[Term] = []
    rest: list[str] = []
    at = 0
    for m in _QUOTED.finditer(query):
        rest += query[at : m.start()].split()
        rest.append(m.group(0))
        at = m.end()
    rest += query[at:].split()
    i = 0
    while i < len(rest):
        chunk = rest[i]
        quoted = _QUOTED.fullmatch(chunk)
        if quoted:
            if quoted.group(1).strip():
                out.append(Term("phrase", " ".join(quoted.group(1).split())))
            i += 1
            continue
        number = parse_number(chunk)
        if number is not None:
            unit = fold(rest[i + 1]).strip(".,") if i + 1 < len(rest) else ""
            factor = _SCALES.get(unit) or (10_000 if unit in _HA else 1 if unit in _UNIT_WORDS else None)
            if factor is None:  # no scale said: the number in any scale
                out.append(Term("number", chunk, tokens=(f"s{number_token(number)}",)))
                i += 1
            else:
                token = f"v{number_token(number * factor)}"
                out.append(Term("number", f"{chunk} {rest[i + 1]}", tokens=(token,)))
                i += 2
            continue
        for n in range(min(_MAX_PLACE_WORDS, len(rest) - i), 0, -1):
            words = rest[i : i + n]
            if any(_QUOTED.fullmatch(w) or parse_number(w) is not None for w in words):
                continue
            codes = _place(words)
            if codes:
                out.append(Term("place", " ".join(words), codes=tuple(codes)))
                i += n
                break
        else:
            if re.search(r"\w", chunk):
                out.append(Term("word", chunk.strip(",.;:!?()")))
            i += 1
    return [t for t in out if t.text]


def _text_match(text: str) -> str:
    if _accented(text):
        return "{" + " ".join(_ACCENTED) + "} : " + _phrase(text)
    return "folded : " + _phrase(fold(text))


def expression(query: str) -> str | None:
    """The FTS5 MATCH expression for a reader's query over `figures_search`; None if nothing to search."""
    parts = []
    for t in terms(query):
        if t.kind == "place":
            alternatives = [f"places : {_phrase('p' + c)}" for c in t.codes]
            if _accented(t.text):
                alternatives.append(_text_match(t.text))
            parts.append("(" + " OR ".join(alternatives) + ")")
        elif t.kind == "number":
            # The number as written counts in the figure's own text, not in its sentence (whose other
            # figures it would find too).
            digits = " ".join(re.findall(r"\d+", t.text.split()[0]))
            alternatives = [f"numbers : {_phrase(tok)}" for tok in t.tokens]
            alternatives.append("text : " + _phrase(digits))
            parts.append("(" + " OR ".join(alternatives) + ")")
        else:
            parts.append(_text_match(t.text))
    return " AND ".join(parts) if parts else None


def create(db) -> None:
    columns = ", ".join(COLUMNS)
    db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS [{INDEX}] USING fts5({columns}, tokenize='{TOKENIZER}')")


def drop(db) -> None:
    db.execute(f"DROP TABLE IF EXISTS [{INDEX}]")


def rebuild(db) -> int:
    """Index every figure again (after a load); returns how many."""
    create(db)
    db.execute(f"DELETE FROM [{INDEX}]")
    rows = db.execute("SELECT rowid, text, sentence, value, unit, province_codes FROM figures").fetchall()
    for rowid, text, sentence, value, unit, codes in rows:
        text, sentence = text or "", sentence or ""
        db.execute(
            f"INSERT INTO [{INDEX}] (rowid, {', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?)",
            [
                rowid,
                text,
                sentence,
                fold(f"{text}\n{sentence}"),
                place_tokens(json.loads(codes or "[]")),
                number_tokens(value, unit),
            ],
        )
    return len(rows)
