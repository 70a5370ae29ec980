"""One record → the rows it contributes to each table of the figures database.

Pure functions, no SQL: `extractor.store.db` writes what these return.

Which provinces a figure concerns (documented in docs/journalists.md), first rule that applies:
1. in a cluster article, a sentence that speaks for the cluster ("các tỉnh trong cụm", "toàn cụm"; cue
   words in patterns/figure_scope.json) → the cluster's provinces (below) — scope `cluster`;
2. the article's provinces that the figure's own sentence names ("Thanh tra tỉnh Hà Tĩnh đã phát hiện …")
   — scope `sentence`;
3. in a cluster article → the cluster's provinces: its listed members, else the article's provinces when
   it names several, else none (a lone province in a cluster report is the host, and the number is the
   cluster's, not the host's) — scope `cluster`;
4. otherwise every province of the article (for a one-province article, that province) — scope `article`;
   none when the article names none — scope `none`.
A figure concerning several provinces is a joint total for all of them (`shared` = 1), never a share.
Year: `period.year`, else the year `source.published` starts with. Cluster: `cluster.number` ("Cụm IV"),
else its name or label as written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from extractor.models import Record
from extractor.patterns import load_json, load_jsonl
from extractor.stages import gazetteer
from extractor.stages.roman import int_to_roman
from extractor.store import checks
from extractor.store.display import sentence_marks
from extractor.store.searchfold import fold

TY = 1_000_000_000  # one tỷ đồng


def cluster_display(record: Record) -> str | None:
    """ "Cụm IV" for a numbered cluster, else the cluster's name or label as written."""
    c = record.cluster
    if c is None:
        return None
    if c.number is not None and c.number > 0:
        return f"Cụm {int_to_roman(c.number)}"
    return c.name or c.label


def record_year(record: Record) -> int | None:
    if record.period and record.period.year:
        return record.period.year
    published = record.source.published or ""
    m = re.match(r"(\d{4})", published)
    return int(m.group(1)) if m else None


def ty_dong(value: float | int | None, unit: str) -> float | None:
    """Money in tỷ đồng, for reading (3 decimals = triệu đồng precision)."""
    if value is None or unit != "VND":
        return None
    return round(value / TY, 3)


def money_value(value: float, unit: str) -> float | int:
    """Money is stored in whole đồng; other units keep their decimals (89.72 %)."""
    if unit == "VND" or float(value).is_integer():
        return round(value)
    return value


_CITY_PREFIXES = ("TP.", "TP", "Thành phố", "thành phố")


@cache
def _province_patterns() -> dict[str, re.Pattern[str]]:
    """Code → regex of every written form of that province's name (library names + variants)."""
    forms: dict[str, set[str]] = {}
    prefix_only: set[str] = set()
    for code, info in gazetteer.provinces().items():
        forms.setdefault(code, set()).update({info.name, info.full_name})
    for row in load_jsonl("province_variants"):
        forms.setdefault(row["code"], set()).add(row["form"])
        if row.get("requires_prefix"):  # bare "Hồ Chí Minh" is also a person's name
            prefix_only.add(row["form"])
    patterns = {}
    for code, names in forms.items():
        written = {n for n in names if n not in prefix_only}
        written |= {f"{p} {n}" for n in names & prefix_only for p in _CITY_PREFIXES}
        alternatives = sorted(
            (r"[\s\-]*".join(re.escape(w) for w in re.split(r"[\s\-]+", n.strip())) for n in written),
            key=len,
            reverse=True,
        )
        patterns[code] = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
    return patterns


def provinces_named_in(sentence: str, candidates: list[str]) -> list[str]:
    """Which of the `candidates` province codes the sentence names, in the candidates' order."""
    patterns = _province_patterns()
    return [code for code in candidates if code in patterns and patterns[code].search(sentence)]


@cache
def _cluster_cue() -> re.Pattern[str]:
    cues = sorted(load_json("figure_scope")["cluster_cues"], key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(c) for c in cues) + r")(?!\w)", re.IGNORECASE)


def cluster_provinces(record: Record) -> list[str] | None:
    """The provinces a cluster article's totals are for: its listed members, else the article's provinces
    when it names several (a lone province is the host, not the cluster); None when not a cluster article."""
    if record.cluster is None:
        return None
    if record.cluster.members:
        return list(dict.fromkeys(record.cluster.members))
    codes = list(dict.fromkeys(p.code for p in record.provinces))
    return codes if len(codes) > 1 else []


def figure_provinces(
    sentence: str | None, article_codes: list[str], cluster_codes: list[str] | None = None
) -> tuple[list[str], str]:
    """(codes, scope) by the module docstring's rule; `cluster_codes` is None outside cluster articles."""
    sentence = sentence or ""
    if cluster_codes is not None and _cluster_cue().search(sentence):
        return cluster_codes, "cluster"
    named = provinces_named_in(sentence, article_codes) if sentence else []
    if named:
        return named, "sentence"
    if cluster_codes is not None:
        return cluster_codes, "cluster"
    if article_codes:
        return list(article_codes), "article"
    return [], "none"


def province_name(code: str | None) -> str | None:
    if code is None:
        return None
    info = gazetteer.info(code)
    return info.name if info else code


def heading(title: str | None, text: str | None, width: int = 60) -> str | None:
    """What names an article in lists: its title, else its opening words (cut at a word, with "…")."""
    if title:
        return title
    if not text:
        return None
    first = " ".join(text.strip().split("\n", 1)[0].split())
    if len(first) <= width:
        return first
    return first[:width].rsplit(" ", 1)[0] + " …"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


@dataclass
class Rows:
    """Everything one record puts in the database (figure ids are `<doc_id>/<nnn>`, in record order)."""

    article: dict[str, Any]
    figures: list[dict[str, Any]] = field(default_factory=list)
    figure_provinces: list[dict[str, Any]] = field(default_factory=list)
    article_provinces: list[dict[str, Any]] = field(default_factory=list)
    officials: list[dict[str, Any]] = field(default_factory=list)
    legal_refs: list[dict[str, Any]] = field(default_factory=list)
    cluster: dict[str, Any] | None = None
    flags: list[dict[str, Any]] = field(default_factory=list)  # failed consistency checks, per figure


def _span(span: tuple[int, int] | None) -> tuple[int | None, int | None]:
    return (span[0], span[1]) if span else (None, None)


def record_rows(record: Record, text: str | None = None) -> Rows:
    """The rows of one record; `text` is the article's NFC text when known (for search and reading)."""
    src = record.source
    year = record_year(record)
    cluster = cluster_display(record)
    cluster_number = record.cluster.number if record.cluster else None
    period = record.period.label if record.period else None
    article_codes = list(dict.fromkeys(p.code for p in record.provinces))
    cluster_codes = cluster_provinces(record)
    names = [province_name(c) for c in article_codes]
    event = record.event
    rows = Rows(
        article={
            "doc_id": record.doc_id,
            "heading": heading(src.title, text),
            "title": src.title,
            "url": src.url,
            "published": src.published,
            "author": src.author,
            "year": year,
            "period": period,
            "period_year": record.period.year if record.period else None,
            "period_start_month": record.period.start_month if record.period else None,
            "period_end_month": record.period.end_month if record.period else None,
            "cluster": cluster,
            "cluster_number": cluster_number,
            "event_type": event.type if event else None,
            "event_date": event.date if event else None,
            "event_location": province_name(event.location) if event else None,
            "provinces": _json(names),
            "n_figures": len(record.figures),
            "extractor_version": record.extractor_version,
            "text": text,
        }
    )
    for p in record.provinces:
        if p.code in {r["code"] for r in rows.article_provinces}:
            continue
        info = gazetteer.info(p.code)
        start, end = _span(p.span)
        rows.article_provinces.append(
            {
                "doc_id": record.doc_id,
                "code": p.code,
                "name": info.name if info else p.name,
                "code_2025": info.code_2025 if info else p.code_2025,
                "name_2025": info.name_2025 if info else p.name_2025,
                "span_start": start,
                "span_end": end,
            }
        )

    first_of: dict[tuple[str, str, float], str] = {}
    ids = [f"{record.doc_id}/{i:03d}" for i in range(len(record.figures))]
    bodies = [figure_provinces(f.sentence, article_codes, cluster_codes) for f in record.figures]
    flags = checks.article_flags(record, [tuple(codes) for codes, _ in bodies])
    flag_codes: dict[int, list[str]] = {}
    for flag in flags:
        for i in flag.figures:
            flag_codes.setdefault(i, [])
            if flag.code not in flag_codes[i]:
                flag_codes[i].append(flag.code)
            rows.flags.append(
                {
                    "figure_id": ids[i],
                    "doc_id": record.doc_id,
                    "flag": flag.code,
                    "check_name": checks.check_name(flag.code),
                    "scope": "article",
                    "reason_vi": flag.vi,
                    "reason_en": flag.en,
                    "related": _json([ids[j] for j in flag.figures if j != i]),
                }
            )
    for i, f in enumerate(record.figures):
        fid = ids[i]
        codes, scope = bodies[i]
        whole = checks.whole_index(record.figures, i)
        value = money_value(f.value, f.unit)
        key = (f.metric, f.unit, float(value))
        repeat_of = first_of.setdefault(key, fid)
        start, end = _span(f.span)
        rows.figures.append(
            {
                "id": fid,
                "text": f.text,
                "sentence": f.sentence,
                "metric": f.metric,
                "value": value,
                "unit": f.unit,
                "ty_dong": ty_dong(value, f.unit),
                "qualifier": f.qualifier,
                "total": f.total,
                "part_of": f.part_of,
                "whole_id": ids[whole] if whole is not None else None,
                "flags": _json(flag_codes.get(i, [])),
                "year": year,
                "provinces": _json([province_name(c) for c in codes]),
                "cluster": cluster,
                "doc_id": record.doc_id,
                "title": src.title,
                "url": src.url,
                "period": period,
                "province_scope": scope,
                "shared": int(len(codes) > 1),
                "repeat_of": None if repeat_of == fid else repeat_of,
                "period_start_month": record.period.start_month if record.period else None,
                "period_end_month": record.period.end_month if record.period else None,
                "cluster_number": cluster_number,
                "province_codes": _json(codes),
                "span_start": start,
                "span_end": end,
            }
        )
        rows.figure_provinces.extend({"figure_id": fid, "code": c} for c in codes)
    # Where each figure stands in its own sentence, for the highlight (not the first matching substring).
    marks = sentence_marks([(f.text, f.sentence, f.span) for f in record.figures], text)
    for row, mark in zip(rows.figures, marks, strict=True):
        row["mark_start"], row["mark_end"] = mark or (None, None)

    seen_officials: set[str] = set()
    for o in record.officials:
        if o.name in seen_officials:  # spec: a person named twice is one official
            continue
        seen_officials.add(o.name)
        start, end = _span(o.span)
        rows.officials.append(
            {
                "doc_id": record.doc_id,
                "name": o.name,
                "honorific": o.honorific,
                "title": o.title,
                "organization": o.organization,
                "province": province_name(o.province),
                "province_code": o.province,
                "cluster_role": o.cluster_role,
                "span_start": start,
                "span_end": end,
            }
        )

    seen_refs: set[str] = set()
    for r in record.legal_refs:
        key = fold(" ".join(r.canonical.split()))
        if key in seen_refs:
            continue
        seen_refs.add(key)
        start, end = _span(r.span)
        rows.legal_refs.append(
            {
                "doc_id": record.doc_id,
                "canonical": r.canonical,
                "type": r.type,
                "number": r.number,
                "year": r.year,
                "code": r.code,
                "issuer": r.issuer,
                "issued": r.issued,
                "text": r.text,
                "span_start": start,
                "span_end": end,
            }
        )

    if record.cluster is not None:
        c = record.cluster
        rows.cluster = {
            "doc_id": record.doc_id,
            "cluster": cluster,
            "number": c.number,
            "label": c.label,
            "name": c.name,
            "year": year,
            "members": _json([province_name(m) for m in c.members]),
            "member_codes": _json(list(c.members)),
            "leader": province_name(c.leader),
            "leader_code": c.leader,
            "deputy": province_name(c.deputy),
            "deputy_code": c.deputy,
        }
    return rows
