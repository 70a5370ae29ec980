"""The CI gate: a deliberate regression fails (naming the field and both numbers), an equal or better
run passes and reports its gains; end to end through `python -m extractor eval --baseline`."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.evaluation.gate import compare
from extractor.evaluation.scoring import score
from extractor.models import Record

ROOT = Path(__file__).resolve().parents[1]


def _scores(**overrides: float) -> dict:
    """A §3 object with every headline at 0.8 except the overrides."""
    fields = {
        "figures": {"tp": 8, "fp": 2, "fn": 2, "p": 0.8, "r": 0.8, "f1": 0.8},
        "officials": {"tp": 8, "fp": 2, "fn": 2, "p": 0.8, "r": 0.8, "f1": 0.8},
        "event.type": {"accuracy": 0.8, "n": 10},
        "officials.title": {"accuracy": 0.8, "n": 10},
    }
    for name, value in overrides.items():
        name = name.replace("__", ".")
        fields[name]["f1" if "f1" in fields[name] else "accuracy"] = value
    return {"docs": 10, "fields": fields}


def test_a_regression_fails_naming_the_field_and_both_numbers():
    verdict = compare(_scores(figures=0.7), _scores())
    assert not verdict.ok and verdict.exit_code == 1
    assert len(verdict.failures) == 1
    message = verdict.failures[0]
    assert "figures" in message and "0.8000" in message and "0.7000" in message


def test_an_accuracy_regression_fails_too():
    verdict = compare(_scores(event__type=0.6), _scores())
    assert verdict.exit_code == 1
    assert "event.type" in verdict.failures[0] and "0.6000" in verdict.failures[0]


def test_an_equal_run_passes_quietly():
    verdict = compare(_scores(), _scores())
    assert verdict.ok and verdict.exit_code == 0
    assert verdict.gains == [] and verdict.failures == []


def test_a_better_run_passes_and_prints_its_gains():
    verdict = compare(_scores(officials=0.9, officials__title=0.85), _scores())
    assert verdict.ok
    assert any("officials:" in g and "0.9000" in g and "+0.1000" in g for g in verdict.gains)
    assert any(g.startswith("officials.title") for g in verdict.gains)


@pytest.mark.parametrize(("now", "ok"), [(0.795, True), (0.7951, True), (0.7949, False)])
def test_tolerance_is_half_a_point(now, ok):
    assert compare(_scores(figures=now), _scores()).ok is ok


def test_a_field_missing_from_the_run_fails():
    current = _scores()
    del current["fields"]["officials"]
    verdict = compare(current, _scores())
    assert not verdict.ok and "officials" in verdict.failures[0]


# ------------------------------------------------------------------ end to end: `extractor eval --baseline`

ARTICLE_1 = (
    "Hội nghị sơ kết Cụm thi đua số IV tại Lạng Sơn\n"
    "Năm 2020, Thanh tra tỉnh Điện Biên đã triển khai 32 cuộc thanh tra, "
    "phát hiện sai phạm hơn 5,6 tỷ đồng.\n"
    "Ông Phan Văn Thống, Chánh Thanh tra tỉnh Điện Biên, phát biểu.\n"
)
ARTICLE_2 = "Thanh tra tỉnh Sơn La tiếp 103 lượt công dân theo Nghị định số 33/2015/NĐ-CP.\n"

GOLD_1 = {
    "doc_id": "t1", "source": {"author": None},
    "cluster": {"number": 4, "members": [], "leader": None, "deputy": None},
    "event": {"type": "review_conference", "date": None, "location": "20"},
    "period": {"year": 2020, "start_month": 1, "end_month": 12},
    "provinces": [{"code": "20", "name": "Lạng Sơn"}, {"code": "11", "name": "Điện Biên"}],
    "officials": [{"name": "Phan Văn Thống", "title": "Chánh Thanh tra", "province": "11",
                   "cluster_role": None}],
    "legal_refs": [],
    "figures": [
        {"metric": "inspections", "value": 32, "unit": "count", "qualifier": "exact", "total": None,
         "text": "32 cuộc thanh tra"},
        {"metric": "violation_amount", "value": 5600000000, "unit": "VND", "qualifier": "more_than",
         "total": None, "text": "hơn 5,6 tỷ đồng"},
    ],
}
GOLD_2 = {
    "doc_id": "t2", "source": {"author": None}, "cluster": None, "event": {"type": "report"}, "period": None,
    "provinces": [{"code": "14", "name": "Sơn La"}], "officials": [],
    "legal_refs": [{"canonical": "33/2015/NĐ-CP", "type": "Nghị định", "issued": None,
                    "text": "Nghị định số 33/2015/NĐ-CP"}],
    "figures": [{"metric": "citizen_receptions", "value": 103, "unit": "count", "qualifier": "exact",
                 "total": None, "text": "103 lượt"}],
}


def _prediction() -> list[dict]:
    """The gold with known mistakes: a missed province, a wrong figure metric, a spurious official."""
    p1, p2 = copy.deepcopy(GOLD_1), copy.deepcopy(GOLD_2)
    p1["provinces"] = p1["provinces"][:1]
    p1["figures"][1]["metric"] = "recovered_amount"
    p2["officials"] = [{"name": "Sơn La", "title": None}]
    return [p1, p2]


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "corpus" / "t1.txt").write_text(ARTICLE_1, encoding="utf-8")
    (tmp_path / "corpus" / "t2.txt").write_text(ARTICLE_2, encoding="utf-8")
    (tmp_path / "corpus" / "SOURCES.tsv").write_text("doc_id\turl\nt1\thttps://example.org/t1\nt2\t\n",
                                                     encoding="utf-8")
    for g in (GOLD_1, GOLD_2):
        path = tmp_path / "gold" / f"{g['doc_id']}.json"
        path.write_text(json.dumps(g, ensure_ascii=False), encoding="utf-8")
    with (tmp_path / "pred.jsonl").open("w", encoding="utf-8") as fh:
        for rec in _prediction():
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return tmp_path


def _eval(where: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "extractor", "eval", "--corpus", "corpus", "--gold", "gold",
         "--pred", "pred.jsonl", *args],
        cwd=where, capture_output=True, text=True, timeout=300,
    )


def test_eval_json_prints_the_spec_object(tiny: Path):
    run = _eval(tiny, "--json")
    assert run.returncode == 0, run.stderr
    printed = json.loads(run.stdout)
    gold = {g["doc_id"]: Record.model_validate(g) for g in (GOLD_1, GOLD_2)}
    pred = {p["doc_id"]: Record.model_validate(p) for p in _prediction()}
    assert printed == score(gold, pred).scores
    assert (printed["fields"]["provinces"]["fn"], printed["fields"]["figures"]["fp"]) == (1, 1)


def test_gate_end_to_end(tiny: Path):
    scores = json.loads(_eval(tiny, "--json").stdout)
    baseline = tiny / "gold" / "baseline.json"  # lives beside the gold files and must not be read as one

    baseline.write_text(json.dumps(scores), encoding="utf-8")
    run = _eval(tiny, "--baseline", "gold/baseline.json")
    assert run.returncode == 0, run.stderr
    assert "gate passed" in run.stdout

    above = copy.deepcopy(scores)
    above["fields"]["figures"]["f1"] = 0.9  # this run scores 0.6667
    baseline.write_text(json.dumps(above), encoding="utf-8")
    run = _eval(tiny, "--baseline", "gold/baseline.json")
    assert run.returncode == 1
    assert "figures" in run.stderr and "0.9000" in run.stderr and "0.6667" in run.stderr

    below = copy.deepcopy(scores)
    below["fields"]["officials"]["f1"] = 0.5  # this run scores 0.6667
    baseline.write_text(json.dumps(below), encoding="utf-8")
    run = _eval(tiny, "--baseline", "gold/baseline.json")
    assert run.returncode == 0, run.stderr
    assert "gain: officials:" in run.stdout


def test_missing_baseline_fails(tiny: Path):
    run = _eval(tiny, "--baseline", "gold/nowhere.json")
    assert run.returncode != 0 and "make baseline" in run.stderr


def test_errors_table_and_report(tiny: Path):
    run = _eval(tiny, "--errors", "--report", "out/eval.html")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert "t1\tprovinces\tgold\t11 Điện Biên" in lines
    # beside a wrong metric, the words that chose it (this hand-written prediction names none)
    assert "t1\tfigures\tpred\trecovered_amount VND 5600000000 «hơn 5,6 tỷ đồng» · no cue" in lines
    assert "t2\tofficials\tpred\tSơn La" in lines
    assert "F1" in run.stdout and "cluster_members" in run.stdout  # the readable table follows
    page = (tiny / "out" / "eval.html").read_text(encoding="utf-8")
    assert "t1" in page and "t2" in page and "Phan Văn Thống" in page
    assert "<mark" in page  # displaCy highlights
