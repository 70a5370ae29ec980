"""Records for the database and query tests, independent of the extractor's accuracy.

`gold_records()` turns gold/*.json into extractor-shaped records by finding each figure's text in its
article (span, sentence); `record()` builds small synthetic ones whose every number the tests control.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from extractor.evaluation.goldset import gold_paths
from extractor.models import Record

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "gold"
CORPUS = ROOT / "corpus"

# A sentence ends at . ! ? … followed by white space, or at a line break ("160.596" does not end one).
_END = re.compile(r"[.!?…]+(?=\s)|\n")


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    s = 0
    for m in _END.finditer(text, 0, start):
        s = m.end()
    m = _END.search(text, end)
    e = m.end() if m else len(text)
    while s < e and text[s].isspace():
        s += 1
    return s, e


def with_provenance(gold: dict, text: str) -> Record:
    """The gold record with a span and sentence for every figure whose text is found in the article."""
    pos = 0
    for fig in gold.get("figures", []):
        written = fig.get("text")
        if not written:
            continue
        at = text.find(written, pos)
        if at < 0:
            at = text.find(written)
        if at < 0:
            continue
        fig["span"] = [at, at + len(written)]
        s, e = sentence_around(text, at, at + len(written))
        fig["sentence"] = text[s:e].strip()
        pos = at + len(written)
    return Record.model_validate(gold)


def article_text(doc_id: str) -> str:
    return unicodedata.normalize("NFC", (CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8"))


def gold_records(*, with_text: bool = False) -> list[Record]:
    """The gold records with provenance; `with_text` adds the article's text as `extract --with-text` does."""
    out = []
    for path in gold_paths(GOLD):  # the gold files, not gold/baseline.json
        gold = json.loads(path.read_text(encoding="utf-8"))
        if (CORPUS / f"{gold['doc_id']}.txt").is_file():
            text = article_text(gold["doc_id"])
            rec = with_provenance(gold, text)
            if with_text:
                rec.text = text
            out.append(rec)
    return out


def gold_record(doc_id: str, *, with_text: bool = False) -> Record:
    """One gold record with provenance (its figures' spans and sentences found in the corpus article)."""
    gold = json.loads((GOLD / f"{doc_id}.json").read_text(encoding="utf-8"))
    text = article_text(doc_id)
    rec = with_provenance(gold, text)
    if with_text:
        rec.text = text
    return rec


def record(
    doc_id: str,
    *,
    year: int | None = 2022,
    cluster: int | None = 4,
    provinces=("11", "20"),
    figures=(),
    published: str | None = None,
    title: str | None = None,
    url: str | None = None,
    cluster_name: str | None = None,
) -> Record:
    """A synthetic record; `figures` are (metric, value, unit, text, sentence) tuples, optionally with a
    sixth item: a dict of other figure fields (qualifier, total, part_of). Spans index the sentence."""
    figs = []
    for metric, value, unit, text, sentence, *more in figures:
        at = sentence.find(text)
        figs.append(
            {
                "metric": metric,
                "value": value,
                "unit": unit,
                "text": text,
                "sentence": sentence,
                "span": [at, at + len(text)] if at >= 0 else None,
                **(more[0] if more else {}),
            }
        )
    return Record.model_validate(
        {
            "doc_id": doc_id,
            "source": {"url": url, "title": title, "published": published},
            "cluster": None
            if cluster is None and cluster_name is None
            else {
                "number": cluster,
                "label": f"Cụm thi đua số {cluster}" if cluster else "Cụm thi đua",
                "name": cluster_name,
                "members": list(provinces),
            },
            "period": {"year": year, "start_month": 1, "end_month": 12, "label": f"năm {year}"}
            if year
            else None,
            "provinces": [{"code": c} for c in provinces],
            "figures": figs,
        }
    )


def write_jsonl(path: Path, records: list[Record]) -> Path:
    path.write_text(
        "".join(json.dumps(r.to_json(), ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path
