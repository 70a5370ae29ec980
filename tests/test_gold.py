"""The gold set is the measuring stick: every file must be a valid record that respects the spec's
vocabularies and quotes its article faithfully."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from extractor.evaluation import goldset
from extractor.evaluation.scoring import fold
from extractor.models import Cluster, Event, Figure, LegalRef, Official, Period, Province, Record, Source
from extractor.vocab import EVENT_TYPES, METRIC_UNIT, METRICS, QUALIFIERS, UNITS

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "gold"
CORPUS = ROOT / "corpus"
# The spec's 63-province list, copied into the repo so CI does not depend on ../shared.
PROVINCES_TSV = GOLD / "provinces.tsv"
# Every top-level field is labelled (an empty list or null when the article has none): an absent field
# would silently drop out of the scores.
TOP_LEVEL = (
    "doc_id", "source", "cluster", "event", "period", "provinces", "officials", "legal_refs", "figures",
)

GOLD_FILES = goldset.gold_paths(GOLD)


def _provinces() -> dict[str, dict[str, str]]:
    with PROVINCES_TSV.open(encoding="utf-8", newline="") as fh:
        return {row["code"]: row for row in csv.DictReader(fh, delimiter="\t")}


PROVINCES = _provinces()


def _is_iso_date(value: str) -> bool:
    try:
        return dt.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def test_province_list_is_the_63_provinces():
    assert len(PROVINCES) == 63
    assert all(len(code) == 2 and code.isdigit() for code in PROVINCES)


def test_every_article_has_a_gold_record():
    articles = set(goldset.article_paths(CORPUS))
    missing = sorted(articles - {p.stem for p in GOLD_FILES})
    assert not missing, f"articles without gold/<doc_id>.json: {missing}"


def test_every_gold_record_has_its_article():
    orphans = sorted({p.stem for p in GOLD_FILES} - set(goldset.article_paths(CORPUS)))
    assert not orphans, f"gold records without corpus/<doc_id>.txt: {orphans}"


def _problems(path: Path, corpus: Path = CORPUS) -> list[str]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    rec = goldset.load_record(path)  # raises on a schema error: vocabularies of metric/unit/qualifier/type
    problems: list[str] = []
    say = problems.append

    if rec.doc_id != path.stem:
        say(f"doc_id {rec.doc_id!r} differs from the file name")
    for key in TOP_LEVEL:
        if key not in raw:
            say(f"top-level field {key!r} is missing (write [] or null when the article has none)")

    # The model allows extra keys (output adds provenance), so a misspelt gold key would pass silently.
    def known_keys(what: str, obj: object, model: type) -> None:
        if isinstance(obj, dict):
            unknown = sorted(set(obj) - set(model.model_fields))
            if unknown:
                say(f"{what} has keys the record does not define: {unknown}")

    known_keys("record", raw, Record)
    for key, model in (("source", Source), ("cluster", Cluster), ("event", Event), ("period", Period)):
        known_keys(key, raw.get(key), model)
    for key, model in (("provinces", Province), ("officials", Official), ("legal_refs", LegalRef),
                       ("figures", Figure)):
        for i, item in enumerate(raw.get(key) or []):
            known_keys(f"{key}[{i}]", item, model)

    article_path = corpus / f"{path.stem}.txt"
    text = fold(goldset.read_article(article_path)) if article_path.exists() else None

    def quoted(what: str, needle: str | None) -> None:
        # Whitespace runs are folded on both sides: a labeller cannot see a double space or a line break.
        if needle is None or text is None:
            return
        if fold(needle) not in text:
            say(f"{what} {needle!r} does not occur in the article")

    def code_ok(what: str, code: str | None) -> None:
        if code is not None and code not in PROVINCES:
            say(f"{what} {code!r} is not a province code of provinces.tsv")

    for p in rec.provinces:
        code_ok("province", p.code)
        row = PROVINCES.get(p.code)
        if row and p.name is not None and fold(p.name) not in {fold(row["name"]), fold(row["full_name"])}:
            say(f"province {p.code} is {row['name']!r}, not {p.name!r}")
        if row and p.code_2025 is not None and p.code_2025 != row["code_2025"]:
            say(f"province {p.code}: code_2025 is {row['code_2025']}, not {p.code_2025}")
        if row and p.name_2025 is not None and fold(p.name_2025) != fold(row["name_2025"]):
            say(f"province {p.code}: name_2025 is {row['name_2025']!r}, not {p.name_2025!r}")
    codes = [p.code for p in rec.provinces]
    if len(codes) != len(set(codes)):
        say(f"a province is listed twice: {codes}")

    if rec.cluster is not None:
        for code in rec.cluster.members:
            code_ok("cluster member", code)
        code_ok("cluster leader", rec.cluster.leader)
        code_ok("cluster deputy", rec.cluster.deputy)
        if len(rec.cluster.members) != len(set(rec.cluster.members)):
            say(f"a cluster member is listed twice: {rec.cluster.members}")

    if rec.event is not None:
        if rec.event.type is not None and rec.event.type not in EVENT_TYPES:
            say(f"event type {rec.event.type!r}")
        code_ok("event location", rec.event.location)
        if rec.event.date is not None and not _is_iso_date(rec.event.date):
            say(f"event date {rec.event.date!r} is not YYYY-MM-DD")

    if rec.period is not None and None not in (rec.period.start_month, rec.period.end_month):
        if rec.period.start_month > rec.period.end_month:  # type: ignore[operator]
            say(f"period runs backwards: {rec.period.start_month} → {rec.period.end_month}")

    names = [fold(o.name) for o in rec.officials]
    if len(names) != len(set(names)):
        say(f"an official is listed twice: {names}")
    for o in rec.officials:
        code_ok(f"official {o.name}'s province", o.province)
        quoted("official", o.name)

    keys = [fold(r.canonical) for r in rec.legal_refs]
    if len(keys) != len(set(keys)):
        say(f"a legal reference is listed twice: {keys}")
    for r in rec.legal_refs:
        quoted("legal reference text", r.text)
        if r.issued is not None and not _is_iso_date(r.issued):
            say(f"legal reference {r.canonical}: issued {r.issued!r} is not YYYY-MM-DD")

    for f in rec.figures:
        assert f.metric in METRICS and f.unit in UNITS and f.qualifier in QUALIFIERS  # the model enforces it
        expected_unit = METRIC_UNIT[f.metric]
        if expected_unit is not None and f.unit != expected_unit:
            say(f"figure {f.text!r}: metric {f.metric} is measured in {expected_unit}, not {f.unit}")
        if not f.text:
            say(f"figure {f.metric} {f.value} has no text")
        quoted("figure text", f.text)
        if f.part_of is not None:
            # A part names its whole by the whole's own text: another figure of this record, same unit.
            wholes = [w for w in rec.figures if w is not f and w.text is not None and fold(w.text) == fold(f.part_of)]
            if not wholes:
                say(f"figure {f.text!r}: part_of {f.part_of!r} is not the text of another figure")
            elif all(w.unit != f.unit for w in wholes):
                say(f"figure {f.text!r}: part_of {f.part_of!r} has another unit")
    return problems


@pytest.mark.parametrize("path", GOLD_FILES, ids=[p.stem for p in GOLD_FILES])
def test_gold_file_is_valid(path: Path):
    problems = _problems(path)
    assert not problems, f"{path.name}:\n  " + "\n  ".join(problems)


HELDOUT = ROOT / "tests" / "heldout"
HELDOUT_FILES = goldset.gold_paths(HELDOUT / "gold")


@pytest.mark.parametrize("path", HELDOUT_FILES, ids=[p.stem for p in HELDOUT_FILES])
def test_heldout_gold_file_is_valid(path: Path):
    # The held-out probe (articles outside the corpus) obeys the same contract as the gold set.
    assert (HELDOUT / "corpus" / f"{path.stem}.txt").is_file()
    problems = _problems(path, HELDOUT / "corpus")
    assert not problems, f"{path.name}:\n  " + "\n  ".join(problems)


def test_the_checks_catch_a_bad_gold_file(tmp_path):
    """The validator itself: a file with one mistake of each kind is rejected for each of them."""
    good = GOLD_FILES[0]
    raw = json.loads(good.read_text(encoding="utf-8"))
    raw["provinces"] = [{"code": "99", "name": "Atlantis"}, {"code": "01", "name": "Hải Phòng"}]
    raw["figures"] = [
        {"metric": "recovered_amount", "value": 5, "unit": "percent", "text": "no such words here"},
        {"metric": "other", "value": 5, "unit": "count", "text": "x", "part_of": "no such whole"},
    ]
    raw["legal_refs"] = [
        {"canonical": "1/QĐ-X", "text": "Quyết định số 1/QĐ-X chưa từng có", "issued": "2020-2-30"},
    ]
    del raw["officials"]
    raw["event"] = {"type": "report", "locaton": "01"}
    bad = tmp_path / f"{good.stem}.json"
    bad.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    problems = "\n".join(_problems(bad))
    for expected in ("'99' is not a province code", "province 01 is 'Hà Nội'", "measured in VND",
                     "'no such words here' does not occur", "chưa từng có' does not occur",
                     "not YYYY-MM-DD", "'officials' is missing",
                     "part_of 'no such whole' is not the text of another figure", "event has keys the record does not define"):
        assert expected in problems
    raw["figures"][0]["metric"] = "not_a_metric"
    bad.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValueError):
        Record.model_validate_json(bad.read_text(encoding="utf-8"))
