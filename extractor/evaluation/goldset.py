"""Reading the gold set and the corpus it labels: gold/<doc_id>.json beside corpus/<doc_id>.txt."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

from extractor.models import Record

# JSON files in the gold folder that are not gold records.
NOT_GOLD = frozenset({"baseline.json", "probe_baseline.json", "heldout_baseline.json"})


def gold_paths(gold_dir: Path) -> list[Path]:
    """Every gold record file, sorted by doc_id."""
    return sorted(p for p in Path(gold_dir).glob("*.json") if p.name not in NOT_GOLD)


def load_record(path: Path) -> Record:
    # model_validate_json keeps which keys the file wrote (absent ≠ null for scoring).
    return Record.model_validate_json(Path(path).read_text(encoding="utf-8"))


def load_gold(gold_dir: Path) -> dict[str, Record]:
    return {p.stem: load_record(p) for p in gold_paths(gold_dir)}


def article_paths(corpus_dir: Path) -> dict[str, Path]:
    return {p.stem: p for p in sorted(Path(corpus_dir).glob("*.txt"))}


def read_article(path: Path) -> str:
    """The article as every span indexes it: NFC."""
    return unicodedata.normalize("NFC", Path(path).read_text(encoding="utf-8"))


def read_sources(corpus_dir: Path) -> dict[str, str | None]:
    """doc_id → url from corpus/SOURCES.tsv (blank url → None; no file → empty)."""
    path = Path(corpus_dir) / "SOURCES.tsv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {
            row["doc_id"].strip(): (row.get("url") or "").strip() or None
            for row in csv.DictReader(fh, delimiter="\t")
            if row.get("doc_id")
        }


def read_jsonl_records(path: Path) -> dict[str, Record]:
    """Records from a JSONL file (one record a line), keyed by doc_id; the last line for a doc_id wins."""
    out: dict[str, Record] = {}
    with Path(path).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = Record.model_validate_json(line)
            except ValueError as exc:
                raise ValueError(f"{path}:{n}: not a record: {str(exc).splitlines()[0]}") from exc
            out[rec.doc_id] = rec
    return out
