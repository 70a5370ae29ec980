"""The Label Studio round trip in its published JSON formats (tasks in, export out): tasks with the
extractor's predictions, gold as annotations, the labelling config, and an export back into gold.
tests/test_labelstudio_server.py runs the same through a real Label Studio server."""

from __future__ import annotations

import copy
import json
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from extractor.cli import main
from extractor.evaluation import goldset
from extractor.integrations import labelstudio as ls
from extractor.models import Record
from extractor.pipeline import extract_text
from tests.test_gold import _problems

ROOT = Path(__file__).resolve().parents[1]
CORPUS, GOLD = ROOT / "corpus", ROOT / "gold"
HELDOUT = ROOT / "tests" / "heldout"


def as_export(tasks: list[dict[str, Any]], *, accept_predictions: bool = False) -> list[dict[str, Any]]:
    """What Label Studio's JSON export gives for these tasks: ids and annotation bookkeeping added, the
    predictions reduced to ids; `accept_predictions`: a labeller submitted each prediction unchanged."""
    out = []
    for n, t in enumerate(tasks, 1):
        annotations = copy.deepcopy(t.get("annotations") or [])
        if accept_predictions and not annotations and t.get("predictions"):
            annotations = [{"result": copy.deepcopy(t["predictions"][0]["result"]), "ground_truth": False}]
        for k, a in enumerate(annotations, 1):
            a.update(id=100 * n + k, was_cancelled=False, completed_by=1, created_at="2026-01-05T10:00:00Z",
                     updated_at=f"2026-01-05T10:{k:02d}:00Z", lead_time=12.5, prediction={}, task=n)
        out.append({"id": n, "data": t["data"], "annotations": annotations,
                    "predictions": [n] if t.get("predictions") else [], "meta": {}, "project": 1})
    return out


def gold_shape(record: Record) -> dict[str, Any]:
    """An extractor record in the shape of a gold file (no spans, sentences, 2025 names or version)."""
    raw = record.model_dump(mode="json")
    out: dict[str, Any] = {"doc_id": raw["doc_id"]}
    for part in ("source", "cluster", "event", "period"):
        value = raw[part]
        if part == "event" and value is None:
            value = dict.fromkeys(ls.GOLD_KEYS["event"])
        out[part] = None if value is None else {k: value.get(k) for k in ls.GOLD_KEYS[part]}
    for group in ("provinces", "officials", "legal_refs", "figures"):
        keys = (*ls.GOLD_KEYS[group], "part_of") if group == "figures" else ls.GOLD_KEYS[group]
        out[group] = [{k: item.get(k) for k in keys} for item in raw[group]]
    return out


def test_every_gold_file_survives_the_round_trip_through_the_cli(tmp_path: Path) -> None:
    tasks, back = tmp_path / "tasks.json", tmp_path / "gold"
    assert main(["annotate", "export", str(CORPUS), "-o", str(tasks), "--format", "label-studio",
                 "--gold", str(GOLD)]) == 0
    assert (tmp_path / "tasks.label-config.xml").is_file()
    export = tmp_path / "export.json"
    export.write_text(json.dumps(as_export(json.loads(tasks.read_text(encoding="utf-8"))), ensure_ascii=False),
                      encoding="utf-8")
    assert main(["annotate", "import", str(export), "-o", str(back)]) == 0
    originals = goldset.gold_paths(GOLD)
    assert sorted(p.name for p in back.glob("*.json")) == [p.name for p in originals]
    for path in originals:
        original = json.loads(path.read_text(encoding="utf-8"))
        again = json.loads((back / path.name).read_text(encoding="utf-8"))
        # The same file: same keys in the same order, same values (the layout of lines may differ).
        assert json.dumps(again, ensure_ascii=False) == json.dumps(original, ensure_ascii=False), path.name
        assert _problems(back / path.name) == []


def test_heldout_gold_survives_the_round_trip() -> None:
    for path in goldset.gold_paths(HELDOUT / "gold"):
        gold = goldset.load_record(path)
        text = goldset.read_article(HELDOUT / "corpus" / f"{path.stem}.txt")
        one, problems = ls.task(path.stem, text, url=gold.source.url, gold=gold)
        assert problems == []
        [task] = as_export([one])
        again = ls.gold_from_results(task["data"], ls.chosen_annotation(task)["result"])
        assert json.dumps(again, ensure_ascii=False) == json.dumps(json.loads(path.read_text(encoding="utf-8")),
                                                                   ensure_ascii=False)


def test_accepted_predictions_become_gold_files_that_pass_the_gold_checks(tmp_path: Path) -> None:
    paths = sorted(CORPUS.glob("*.txt"))[::4]  # 34 articles, labelled and not
    urls = goldset.read_sources(CORPUS)
    tasks, records = [], {}
    for p in paths:
        text = goldset.read_article(p)
        records[p.stem] = extract_text(p.stem, text, url=urls.get(p.stem))
        tasks.append(ls.task(p.stem, text, url=urls.get(p.stem), prediction=records[p.stem])[0])
    export = as_export(tasks, accept_predictions=True)
    for task in export:
        gold = ls.gold_from_results(task["data"], ls.chosen_annotation(task)["result"])
        path = tmp_path / f"{gold['doc_id']}.json"
        path.write_text(ls.dump_gold(gold), encoding="utf-8")
        assert _problems(path) == [], path.name
        assert json.loads(path.read_text(encoding="utf-8")) == gold_shape(records[gold["doc_id"]])


def _regions(results: list[dict[str, Any]], label: str) -> list[dict[str, Any]]:
    return [r for r in results if r.get("from_name") == "label" and r["value"]["labels"] == [label]]


def test_a_labellers_corrections_reach_the_gold_file() -> None:
    path = CORPUS / "001_2e1bbfb05ce767ee.txt"
    text = goldset.read_article(path)
    results = ls.task(path.stem, text, prediction=extract_text(path.stem, text))[0]["predictions"][0]["result"]
    results = copy.deepcopy(results)
    figures = [r for r in results if r.get("from_name") == "label" and r["value"]["labels"][0].startswith("figure:")]
    # A figure's metric changed (its label); the provinces replaced by one marked by hand, by name only
    # (the code comes from the text); a breakdown drawn: "18 cuộc …" is part of "32/55 cuộc …".
    figures[0]["value"]["labels"] = ["figure:inspections_ended"]
    provinces = {r["id"] for r in _regions(results, "province")}
    results = [r for r in results if r.get("id") not in provinces]
    start = text.index("Cà Mau")
    results.append({"id": "hand1", "from_name": "label", "to_name": "text", "type": "labels",
                    "value": {"start": start, "end": start + 6, "text": "Cà Mau", "labels": ["province"]}})
    whole = next(r for r in figures if r["value"]["text"].startswith("32/55"))
    part = next(r for r in figures if r["value"]["text"].startswith("18 cuộc"))
    results.append({"from_id": part["id"], "to_id": whole["id"], "type": "relation", "direction": "right",
                    "labels": ["part_of"]})
    gold = ls.gold_from_results({"text": text, "doc_id": path.stem, "url": None}, results)
    assert gold["figures"][0]["metric"] == "inspections_ended"
    assert gold["provinces"] == [{"code": "96", "name": "Cà Mau"}]
    parts = [(f["text"], f["part_of"]) for f in gold["figures"] if f["part_of"] is not None]
    assert parts == [(part["value"]["text"], whole["value"]["text"])]
    assert len(gold["figures"]) == len(figures)


@pytest.mark.parametrize(("name", "value", "message"), [
    ("figure_value", {"text": ["5,6 tỷ"]}, "is not a plain number"),
    ("figure_unit", {"choices": ["tấn"]}, "is not one of VND, m2, percent, count"),
    ("province_code", {"text": ["Atlantis"]}, "is not a province"),
])
def test_a_bad_attribute_is_a_one_line_error_naming_the_item(name: str, value: dict, message: str) -> None:
    text = "Thanh tra tỉnh Hà Tĩnh phát hiện sai phạm 5,6 tỷ đồng."
    results = ls.record_results(extract_text("x", text), text)[0]
    target = next(r for r in results if r.get("from_name") == name)
    target["value"] = {**{k: target["value"][k] for k in ("start", "end")}, **value}
    with pytest.raises(ls.AnnotationError, match=message) as caught:
        ls.gold_from_results({"text": text, "doc_id": "x"}, results)
    assert "\n" not in str(caught.value) and str(caught.value).startswith("x: ")


def test_offsets_count_utf16_units_after_characters_outside_the_bmp() -> None:
    text = "😀 Thanh tra tỉnh Hà Tĩnh 👍 phát hiện sai phạm 5,6 tỷ đồng."
    record = extract_text("emoji", text)
    results = ls.record_results(record, text)[0]
    fig = next(r for r in results if r.get("from_name") == "label" and r["value"]["labels"][0].startswith("figure:"))
    s, e = record.figures[0].span
    assert (fig["value"]["start"], fig["value"]["end"]) == (s + 2, e + 2)  # two emoji before, two units each
    assert text.encode("utf-16-le")[2 * fig["value"]["start"]:2 * fig["value"]["end"]].decode("utf-16-le") == \
        "5,6 tỷ đồng"
    gold = ls.gold_from_results({"text": text, "doc_id": "emoji"}, results)
    assert gold["figures"][0]["text"] == "5,6 tỷ đồng" and gold["provinces"][0]["code"] == "42"


def test_part_of_round_trip_and_unlabelled_breakdowns_stay_unlabelled() -> None:
    path = GOLD / "001_2e1bbfb05ce767ee.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    text = goldset.read_article(CORPUS / path.name.replace(".json", ".txt"))
    # Breakdowns labelled: 13/32 planned and 18 unscheduled are parts of 32/55 inspections.
    for f in raw["figures"]:
        f["part_of"] = "32/55 cuộc thanh tra" if f["text"] in ("13/32 cuộc theo kế hoạch", "18 cuộc đột xuất") else None
    gold = Record.model_validate_json(json.dumps(raw))
    one, problems = ls.task(raw["doc_id"], text, gold=gold)
    relations = [r for r in one["annotations"][0]["result"] if r.get("type") == "relation"]
    assert problems == [] and len(relations) == 2 and all(r["labels"] == ["part_of"] for r in relations)
    [task] = as_export([one])
    assert ls.gold_from_results(task["data"], ls.chosen_annotation(task)["result"]) == raw
    # A gold file without part_of keys: the export says breakdowns were not labelled, and the import
    # writes no part_of key (absent is "not labelled", which scoring treats apart from null).
    for f in raw["figures"]:
        del f["part_of"]
    plain = Record.model_validate_json(json.dumps(raw))
    one, _ = ls.task(plain.doc_id, text, gold=plain)
    assert not any(r.get("from_name") == "part_of_labelled" for r in one["annotations"][0]["result"])
    [task] = as_export([one])
    assert all("part_of" not in f for f in ls.gold_from_results(task["data"], task["annotations"][0]["result"])["figures"])


def test_the_labelling_config_declares_every_control_label_and_choice_the_tasks_use(tmp_path: Path) -> None:
    config = ET.fromstring(ls.label_config())
    tags = {el.get("name"): el for el in config.iter() if el.get("name")}
    labels = {el.get("value") for el in tags["label"].iter("Label")}
    assert {"province", "official", "legal_ref", "figure:violation_amount", "figure:other"} <= labels
    assert [r.get("value") for r in config.iter("Relation")] == ["part_of"]
    path = CORPUS / "000_b64680261e54cc31.txt"
    text = goldset.read_article(path)
    one, _ = ls.task(path.stem, text, prediction=extract_text(path.stem, text),
                     gold=goldset.load_record(GOLD / f"{path.stem}.json"))
    used = one["predictions"][0]["result"] + one["annotations"][0]["result"]
    for r in used:
        if r.get("type") == "relation":
            continue
        tag = tags[r["from_name"]]
        assert tag.tag == {"labels": "Labels", "textarea": "TextArea", "choices": "Choices"}[r["type"]]
        assert tag.get("toName") == "text"
        if tag.tag != "Labels":  # attributes of a region are per-region controls, document fields are not
            assert (tag.get("perRegion") == "true") == ("start" in r["value"]), r["from_name"]
        for value in r["value"].get("labels", []) + r["value"].get("choices", []):
            assert value in {el.get("value") for el in tag.iter("Label")} | {el.get("value") for el in tag.iter("Choice")}
    # Every figure attribute is shown for every figure label, and only there.
    figure_view = next(v for v in config.iter("View") if v.find("TextArea[@name='figure_value']") is not None)
    assert set(figure_view.get("whenLabelValue").split(",")) == {x for x in labels if x.startswith("figure:")}


def test_import_keeps_what_it_would_lose_and_says_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = CORPUS / "000_b64680261e54cc31.txt"
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    record = extract_text(path.stem, text)
    [task] = as_export([ls.task(path.stem, text, prediction=record)[0]], accept_predictions=True)
    cancelled = copy.deepcopy(task)
    cancelled["id"] = 2
    cancelled["annotations"][0]["was_cancelled"] = True
    empty = {"id": 3, "data": {"text": "x", "doc_id": "y"}, "annotations": []}
    export = tmp_path / "export.json"
    export.write_text(json.dumps([task, cancelled, empty], ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "gold"
    out.mkdir()
    (out / f"{path.stem}.json").write_text('{"doc_id": "hand-made"}', encoding="utf-8")
    assert main(["annotate", "import", str(export), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "exists and differs" in err and "0 gold files written, 0 unchanged, 1 kept, 2 without annotation" in err
    assert json.loads((out / f"{path.stem}.json").read_text(encoding="utf-8")) == {"doc_id": "hand-made"}
    assert main(["annotate", "import", str(export), "-o", str(out), "--force"]) == 0
    assert json.loads((out / f"{path.stem}.json").read_text(encoding="utf-8")) == gold_shape(record)
    assert main(["annotate", "import", str(export), "-o", str(out)]) == 0
    assert "1 unchanged" in capsys.readouterr().err

    broken = tmp_path / "broken.json"
    broken.write_text("[{", encoding="utf-8")
    assert main(["annotate", "import", str(broken), "-o", str(out)]) == 2
    assert "not a JSON export" in capsys.readouterr().err
    task["annotations"][0]["result"].append({"id": "z", "from_name": "label", "type": "labels",
                                             "value": {"start": 0, "end": 4, "labels": ["person"]}})
    export.write_text(json.dumps([task]), encoding="utf-8")
    assert main(["annotate", "import", str(export), "-o", str(out), "--force"]) == 1
    assert "unknown label 'person'" in capsys.readouterr().err


def test_ground_truth_wins_then_the_last_update() -> None:
    task = {"annotations": [
        {"id": 1, "updated_at": "2026-01-05T10:00:00Z", "result": []},
        {"id": 2, "updated_at": "2026-01-06T10:00:00Z", "result": []},
        {"id": 3, "updated_at": "2026-01-07T10:00:00Z", "result": [], "was_cancelled": True},
    ]}
    assert ls.chosen_annotation(task)["id"] == 2
    task["annotations"][0]["ground_truth"] = True
    assert ls.chosen_annotation(task)["id"] == 1
    assert ls.chosen_annotation({"annotations": []}) is None
