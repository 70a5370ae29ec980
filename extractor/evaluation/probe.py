"""Generalisation probes: the labelled corpus rewritten as articles it could have been (other provinces,
other years, the other way of writing money) with its gold rewritten to match, then scored as `eval` does.

A rule that fits the corpus's own provinces, years or number style loses here; one that generalises does
not. Each probe changes one thing, the same way in the text and in every string of the gold record:
- provinces: each province the gold names becomes another of the 63 of the same kind (tỉnh, or thành phố
  trực thuộc trung ương) that the article never names, wherever its name is written, names of people and
  streets included (consistency is what matters); codes follow in every field that holds one;
- years: every year from 1990 to 2029 moves four years back (a leap day stays one), in dates, document
  numbers, periods and titles alike; the years the gold holds as numbers follow;
- money: an amount in triệu of a tỷ or more is written in tỷ ("160.596 triệu" → "160,596 tỷ"), one in tỷ in
  triệu ("5,6 tỷ" → "5.600 triệu"); the value stays;
- spelling (tỷ ↔ tỉ, m²), tone_marks ("Uỷ ban", "Khánh Hoà"), house_style ("Chánh thanh tra", UBND ↔ Ủy ban
  nhân dân), dates ("16/11/2018" ↔ "16-11-2018"), cluster_numerals ("số IV" ↔ "số 4"), document_numbers
  (no "số" before a document's number), qualifiers (hơn ↔ trên), honorifics (ông → đồng chí), percent
  ("89,72 %"), punctuation (typewriter marks), one_paragraph (every line break lost), and all_at_once (every
  probe but one_paragraph, one after another).
An article a probe cannot rewrite safely is left out of it (a province also written in another form, a
count that reads as a year, no amount to rewrite), and the table says how many each probe scored.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import regex

from extractor.models import Record
from extractor.patterns import load_json, load_jsonl
from extractor.stages import gazetteer
from extractor.stages.officials import tone_pairs
from extractor.stages.roman import int_to_roman, roman_to_int

Rewritten = tuple[str, dict[str, Any]] | None  # the article and its gold rewritten, or None: left out
Rewrite = Callable[[str, str, dict[str, Any]], Rewritten]
_B, _E = r"(?<![\p{L}\p{N}])", r"(?![\p{L}\p{N}])"
_KEEP = {"url", "doc_id"}  # strings that are not the article's words
_DATA = load_json("probes")  # the rewrites' words: patterns/probes.json


def _map_strings(obj: Any, fn: Callable[[str], str]) -> Any:
    """`obj` (a gold record as JSON) with `fn` applied to every string but ids and URLs."""
    if isinstance(obj, dict):
        return {k: (v if k in _KEEP else _map_strings(v, fn)) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_map_strings(v, fn) for v in obj]
    return fn(obj) if isinstance(obj, str) else obj


def _everywhere(fn: Callable[[str], str], text: str, gold: dict[str, Any]) -> Rewritten:
    """`fn` on the text and on every string of its gold; None (left out) when the text does not change."""
    new = fn(text)
    return None if new == text else (new, _map_strings(gold, fn))


def _as_written(name: str) -> str:
    """A name as articles write it: any run of spaces, any dash between parts ("Bà Rịa – Vũng Tàu")."""
    parts = regex.split(r"\s*-\s*", name)
    return r"\s*[-–—]\s*".join(r"\s+".join(regex.escape(w) for w in part.split()) for part in parts)


def _replacer(mapping: dict[str, str], *, before: str = _B, after: str = _E) -> Callable[[str], str]:
    """Replace each key of `mapping`, as a whole word written any way `_as_written` allows, by its value;
    longer keys first. `before`, `after`: what may not stand right before or after a key."""
    keys = sorted(mapping, key=len, reverse=True)
    alternatives = "|".join(f"(?P<k{i}>{_as_written(k)})" for i, k in enumerate(keys))
    pattern = regex.compile(f"{before}(?:{alternatives}){after}")
    return lambda s: pattern.sub(lambda m: mapping[keys[int(m.lastgroup[1:])]], s)


# ---------------------------------------------------------------- provinces


def _written(text: str, form: str) -> bool:
    return regex.search(_B + _as_written(form) + _E, text) is not None


@cache
def _forms_of() -> dict[str, list[str]]:
    """Code → every form an article may write the province in (gazetteer's names and variants)."""
    forms: dict[str, list[str]] = {}
    for form, code in gazetteer.surface_forms().items():
        forms.setdefault(code, []).append(form)
    return forms


def rewrite_provinces(doc_id: str, text: str, gold: dict[str, Any]) -> Rewritten:
    """Each province of the gold as another of the same kind that the article never names."""
    names = gazetteer.provinces()
    forms = _forms_of()
    codes = [p["code"] for p in gold.get("provinces") or []]
    if not codes:
        return None
    whole = text + "\n" + json.dumps(gold, ensure_ascii=False)
    for code in codes:  # a province also written another way ("TP.HCM", "Huế") cannot be swapped by name
        if any(f != names[code].name and _written(whole, f) for f in forms.get(code, [])):
            return None
    kind = {c: names[c].full_name.split()[0] for c in names}  # "Tỉnh" or "Thành"
    free = [c for c in names if c not in codes and not any(_written(whole, f) for f in forms.get(c, []))]
    rng = random.Random(doc_id)  # a str seed is hashed with SHA-512: the same swap on every run
    rng.shuffle(free)
    swap: dict[str, str] = {}
    for code in codes:
        pick = next((c for c in free if kind[c] == kind[code] and c not in swap.values()), None)
        if pick is None:
            return None
        swap[code] = pick
    by_name = _replacer({names[a].name: names[b].name for a, b in swap.items()})
    out = _map_strings(gold, by_name)

    def code(c: str | None) -> str | None:
        return swap.get(c, c) if c is not None else None

    for p in out.get("provinces") or []:
        p["code"] = code(p["code"])
        if p.get("code_2025") is not None:
            p["code_2025"] = names[p["code"]].code_2025
    for o in out.get("officials") or []:
        if "province" in o:
            o["province"] = code(o["province"])
    if out.get("cluster"):
        c = out["cluster"]
        c["members"] = [code(m) for m in c.get("members") or []]
        for role in ("leader", "deputy"):
            if role in c:
                c[role] = code(c[role])
    if out.get("event") and "location" in out["event"]:
        out["event"]["location"] = code(out["event"]["location"])
    return by_name(text), out


# ---------------------------------------------------------------- years

YEARS_BACK = 4  # a multiple of four: 29/2 stays a real day
_YEAR = regex.compile(r"(?<![\d.,])(?:199\d|20[0-2]\d)(?![\d]|[.,]\d)")


def _shift_years(s: str) -> str:
    return _YEAR.sub(lambda m: str(int(m.group()) - YEARS_BACK), s)


def rewrite_years(doc_id: str, text: str, gold: dict[str, Any]) -> Rewritten:
    """Every year four years back, in the text and the gold, strings and numbers alike."""
    figures = gold.get("figures") or []
    if any(_YEAR.search(f.get("text") or "") for f in figures):
        return None  # "2019 lượt" would move with the years, its value would not
    if not _YEAR.search(text):
        return None
    out = _map_strings(gold, _shift_years)
    if out.get("period") and out["period"].get("year") is not None:
        out["period"]["year"] -= YEARS_BACK
    for r in out.get("legal_refs") or []:
        if r.get("year") is not None:
            r["year"] -= YEARS_BACK
    return _shift_years(text), out


# ---------------------------------------------------------------- money

_AMOUNT = regex.compile(r"(?<![\d.,/])(?P<num>\d{1,3}(?:\.\d{3})*(?:,\d+)?)\s*(?P<scale>triệu|tỷ|tỉ)" + _E)
_SCALE = {"triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}


def _read(num: str) -> float:
    return float(num.replace(".", "").replace(",", "."))


def _write(x: float) -> str | None:
    """x in Vietnamese style ("5.600", "160,596"), at most three decimals; None if it needs more."""
    whole, frac = divmod(round(x * 1000), 1000)
    if abs(whole + frac / 1000 - x) > 1e-9 * max(1.0, abs(x)):
        return None
    head = f"{whole:,}".replace(",", ".")
    return head + ("," + f"{frac:03d}".rstrip("0") if frac else "")


def _other_style(num: str, scale: str) -> str | None:
    value = _read(num) * _SCALE[scale]
    if scale == "triệu":
        if value < 1e9:
            return None
        written = _write(value / 1e9)
        return f"{written} tỷ" if written else None
    written = _write(value / 1e6)
    return f"{written} triệu" if written else None


def rewrite_money(doc_id: str, text: str, gold: dict[str, Any]) -> Rewritten:
    """Each gold amount written in the other scale (triệu ↔ tỷ), wherever the article writes it so."""
    mapping: dict[str, str] = {}
    for f in gold.get("figures") or []:
        if f.get("unit") != "VND":
            continue
        found = list(_AMOUNT.finditer(f.get("text") or ""))
        if len(found) != 1:
            continue
        m = found[0]
        if abs(_read(m["num"]) * _SCALE[m["scale"]] - float(f["value"])) > 0.5:
            continue  # written otherwise than the reader of this probe reads it
        other = _other_style(m["num"], m["scale"])
        if other is not None:
            mapping[m.group()] = other
    if not mapping:
        return None
    fn = _replacer(mapping, before=r"(?<![\p{L}\p{N}.,/])")  # not the B of a share "1.330/1.643 triệu"
    return _everywhere(fn, text, gold)


# ---------------------------------------------------------------- spelling and tone marks

_SPELLING: dict[str, str] = _DATA["spelling"]
_SPELLING_RE = regex.compile(_B + "(" + "|".join(map(regex.escape, _SPELLING)) + ")" + _E)
_M2_RE = regex.compile(r"(?<=\d\s?)m2" + _E)


def _respell(s: str) -> str:
    return _M2_RE.sub("m²", _SPELLING_RE.sub(lambda m: _SPELLING[m.group()], s))


def rewrite_spelling(doc_id: str, text: str, gold: dict[str, Any]) -> Rewritten:
    """Both spellings of tỷ (tỷ ↔ tỉ, as outlets differ) and m² for m2."""
    return _everywhere(_respell, text, gold)


@cache
def _older_placements() -> tuple[tuple[str, str], ...]:
    """officials.tone_pairs (new, old) in lower, initial capital and upper case: "ủy"/"Ủy"/"ỦY" → "uỷ"/…"""
    out = []
    for new, old in tone_pairs():
        out += [(new, old), (new[0].upper() + new[1:], old[0].upper() + old[1:]), (new.upper(), old.upper())]
    return tuple(out)


def _tone_on_second(s: str) -> str:
    """The other placement of the tone mark: "hòa" → "hoà", "Ủy ban" → "Uỷ ban", "khỏe" → "khoẻ". In real
    text the new placement stands only at a syllable's end ("hoàn", "quý" have no other), so a plain
    replacement is enough."""
    for new, old in _older_placements():
        s = s.replace(new, old)
    return s


def rewrite_tone_marks(doc_id: str, text: str, gold: dict[str, Any]) -> Rewritten:
    """The older placement of tone marks in oa, oe, uy, which some outlets keep ("Khánh Hoà", "Uỷ ban")."""
    return _everywhere(_tone_on_second, text, gold)


# ---------------------------------------------------------------- how titles and bodies are written

_HOUSE_STYLE: dict[str, str] = _DATA["house_style"]  # one outlet's way → another's, both common


def rewrite_house_style(doc_id: str, text: str, gold: dict[str, Any]) -> Rewritten:
    """Another house style for titles and bodies: "Chánh thanh tra" in lower case, "UBND" spelled out and
    "Ủy ban nhân dân" abbreviated (so with HĐND)."""
    return _everywhere(_house_style(), text, gold)


@cache
def _house_style() -> Callable[[str], str]:
    code = r"\p{L}\p{N}/-"  # a document code's letters: "QĐ-UBND" stays
    return _replacer(_HOUSE_STYLE, before=rf"(?<![{code}])", after=rf"(?![{code}])")


# ---------------------------------------------------------------- dates and lines

# A day and month (and year) as a date: "16/11/2018", "ngày 22-11", "Sáng 19.12"; not a document's number
# ("33/2015/NĐ-CP") nor a share ("32/55 cuộc"): a year, or a time word before it.
_DATE = regex.compile(
    r"(?<![\d/.,-])(?:(?P<lead>(?i:" + "|".join(_DATA["date_leads"]) + r")\s+)"
    r"(?P<d1>[0-3]?\d)(?P<s1>[-/.])(?P<m1>[01]?\d)"
    r"(?:(?P=s1)(?P<y1>(?:19|20)\d\d))?|(?P<d2>[0-3]?\d)(?P<s2>[-/.])(?P<m2>[01]?\d)(?P=s2)(?P<y2>(?:19|20)\d\d))"
    r"(?![\d/])"
)
_OTHER_SEPARATOR = {"/": "-", "-": "/", ".": "/"}


def _restyle_dates(s: str) -> str:
    def one(m: regex.Match) -> str:
        day, sep, month = (m["d1"], m["s1"], m["m1"]) if m["d1"] else (m["d2"], m["s2"], m["m2"])
        year = m["y1"] or m["y2"]
        if not (1 <= int(day) <= 31 and 1 <= int(month) <= 12):
            return m.group()
        new = _OTHER_SEPARATOR[sep]
        return (m["lead"] or "") + day + new + month + (new + year if year else "")

    return _DATE.sub(one, s)


def rewrite_dates(doc_id: str, text: str, gold: dict[str, Any]) -> Rewritten:
    """Dates in the other common style: "16/11/2018" ↔ "16-11-2018", "ngày 22-11" ↔ "ngày 22/11"."""
    return _everywhere(_restyle_dates, text, gold)


def rewrite_flat(doc_id: str, text: str, gold: dict[str, Any]) -> Rewritten:
    """The article as a scrape that lost its line breaks: one paragraph."""
    if "\n" not in text.strip():
        return None
    return " ".join(text.split()), gold


# ---------------------------------------------------------------- cluster and document numbers

_CLUSTER_NUMBER = regex.compile(
    r"(?<![\p{L}])(?P<head>(?:Cụm|Khối|CỤM|KHỐI)(?:[ \t]+(?:[Tt]hi đua|THI ĐUA))?"
    r"(?:[ \t]+(?:[Ss]ố|SỐ))?[ \t]+)"
    r"(?P<num>[IVXL]{1,6}|\d{1,2})(?![\p{L}\p{N}])"
)


def _renumber(s: str) -> str:
    def one(m: regex.Match) -> str:
        num = m["num"]
        if num.isdigit():
            return m["head"] + int_to_roman(int(num)) if 0 < int(num) < 40 else m.group()
        value = roman_to_int(num)
        return m["head"] + str(value) if value else m.group()

    return _CLUSTER_NUMBER.sub(one, s)


def rewrite_cluster_numerals(doc_id: str, text: str, gold: dict[str, Any]) -> Rewritten:
    """A cluster's number in the other numerals: "Cụm thi đua số IV" ↔ "Cụm thi đua số 4"."""
    return _everywhere(_renumber, text, gold)


@cache
def _so_after_type() -> regex.Pattern:
    words = {w for r in load_jsonl("doc_types") if r.get("kind") == "type" for w in r["words"]}
    alt = "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))
    return regex.compile(rf"(?<![\p{{L}}])(?P<type>{alt})[ \t]+số[ \t]*:?[ \t]*(?=\d)")


def _without_so(s: str) -> str:
    return _so_after_type().sub(lambda m: m["type"] + " ", s)


def rewrite_document_numbers(doc_id: str, text: str, gold: dict[str, Any]) -> Rewritten:
    """A document's number without "số": "Nghị định số 33/2015/NĐ-CP" → "Nghị định 33/2015/NĐ-CP"."""
    return _everywhere(_without_so, text, gold)


# ---------------------------------------------------------------- words and marks that outlets choose


def _word_swap(table: str, doc: str, *, after: str = _E) -> Rewrite:
    """A probe that swaps whole words by patterns/probes.json's `table`, in the text and the gold alike;
    `after`: what must follow a word for it to be swapped."""
    fn = _replacer(_DATA[table], after=after)

    def rewrite(doc_id: str, text: str, gold: dict[str, Any]) -> Rewritten:
        return _everywhere(fn, text, gold)

    rewrite.__doc__ = doc
    return rewrite


_PERCENT = regex.compile(r"(?<=\d)%")
_MARKS = regex.compile("|".join(map(regex.escape, _DATA["punctuation"])))


def _percent_spaced(s: str) -> str:
    return _PERCENT.sub(" %", s)


def rewrite_percent(doc_id: str, text: str, gold: dict[str, Any]) -> Rewritten:
    """A space before the percent sign: "89,72%" → "89,72 %"."""
    return _everywhere(_percent_spaced, text, gold)


def _plain_marks(s: str) -> str:
    return _MARKS.sub(lambda m: _DATA["punctuation"][m.group()], s)


def rewrite_punctuation(doc_id: str, text: str, gold: dict[str, Any]) -> Rewritten:
    """Typewriter marks for typographic ones, as a plain-text scrape gives them: – — “ ” … → - - " " ..."""
    return _everywhere(_plain_marks, text, gold)


PROBES: dict[str, Rewrite] = {
    "provinces": rewrite_provinces,
    "years": rewrite_years,
    "money": rewrite_money,
    "spelling": rewrite_spelling,
    "tone_marks": rewrite_tone_marks,
    "house_style": rewrite_house_style,
    "dates": rewrite_dates,
    "cluster_numerals": rewrite_cluster_numerals,
    "document_numbers": rewrite_document_numbers,
    "qualifiers": _word_swap(  # before a number only: "cao hơn", "Hơn nữa" are no qualifiers
        "qualifiers", "The other word for one qualifier before a number: hơn ↔ trên.", after=r"(?=[ \t]+\d)"
    ),
    "honorifics": _word_swap("honorifics", "Đồng chí for ông, as Party and state outlets write it."),
    "percent": rewrite_percent,
    "punctuation": rewrite_punctuation,
    "one_paragraph": rewrite_flat,
}


def rewrite_all_at_once(doc_id: str, text: str, gold: dict[str, Any]) -> Rewritten:
    """Every probe but one_paragraph, one after another: an article from an outlet unlike the corpus's."""
    done = False
    for name, rewrite in PROBES.items():
        if name in ("one_paragraph", "all_at_once"):
            continue
        got = rewrite(doc_id, text, gold)
        if got is not None:
            text, gold, done = got[0], got[1], True
    return (text, gold) if done else None


PROBES["all_at_once"] = rewrite_all_at_once


# ---------------------------------------------------------------- scoring


@dataclass
class ProbeResult:
    name: str
    docs: int
    before: dict[str, Any]  # the scores of these articles as written
    after: dict[str, Any]  # and rewritten
    mistakes: list[str]  # the rewritten articles' mistakes that the articles as written do not make


def run_probes(
    articles: dict[str, str],
    gold: dict[str, dict[str, Any]],
    extract: Callable[[str, str], Record | None],
    names: Iterable[str] = PROBES,
) -> list[ProbeResult]:
    """Score each probe: `articles` and `gold` (raw JSON) by doc id; `extract(doc_id, text)` gives a record
    (None when the extractor fails: scored as empty, as `eval` does)."""
    from extractor.evaluation.scoring import score

    empty = Record.model_validate
    originals: dict[str, Record] = {}
    results = []
    for name in names:
        rewrite = PROBES[name]
        g_before, g_after, p_before, p_after = {}, {}, {}, {}
        for doc_id in sorted(gold):
            got = rewrite(doc_id, articles[doc_id], gold[doc_id])
            if got is None:
                continue
            text, new_gold = got
            if doc_id not in originals:
                originals[doc_id] = extract(doc_id, articles[doc_id]) or empty({"doc_id": doc_id})
            g_before[doc_id] = Record.model_validate(gold[doc_id])
            g_after[doc_id] = Record.model_validate(new_gold)
            p_before[doc_id] = originals[doc_id]
            p_after[doc_id] = extract(doc_id, text) or empty({"doc_id": doc_id})
        before, after = score(g_before, p_before), score(g_after, p_after)
        seen = {(m.doc_id, m.field) for m in before.mistakes}
        new = [m.line() for m in after.mistakes if (m.doc_id, m.field) not in seen]
        results.append(ProbeResult(name, len(g_after), before.scores, after.scores, new))
    return results


def table(results: list[ProbeResult]) -> str:
    """A Markdown table: each field's headline score as written → rewritten, per probe."""
    from extractor.evaluation.scoring import headline

    fields = list(results[0].after["fields"]) if results else []
    head = "| field | " + " | ".join(f"{r.name} ({r.docs} articles)" for r in results) + " |"
    rule = "|---|" + "---:|" * len(results)
    lines = [head, rule]
    for f in fields:
        cells = []
        for r in results:
            if not r.after["fields"][f].get("n", 1) and "f1" not in r.after["fields"][f]:
                cells.append("–")
                continue
            a, b = headline(r.before, f), headline(r.after, f)
            cells.append(f"{a:.3f} → **{b:.3f}**" if b < a - 0.0005 else f"{a:.3f} → {b:.3f}")
        lines.append(f"| {f} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def load_raw_gold(gold_dir: Path) -> dict[str, dict[str, Any]]:
    from extractor.evaluation.goldset import gold_paths

    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in gold_paths(gold_dir)}
