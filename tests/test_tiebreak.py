"""The figures tie-breaker (extractor/stages/tiebreak.py, trained by extractor/evaluation/train.py): what it
reads, when the figures stage asks it, the cue it gives, and its article-grouped cross-validation, which
decides whether the shipped model is used at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.evaluation import train
from extractor.patterns import PATTERNS_DIR
from extractor.stages import tiebreak
from extractor.stages.figures import find_figures
from tests.helpers import article

ROOT = Path(__file__).resolve().parent.parent
UNSURE = "Trong đợt này, 12 hộ kinh doanh tại chợ Đông Ba chưa niêm yết giá."  # no cue decides the count


def _model(weights: dict[str, dict[str, float]], threshold: float = 0.6,
           units: frozenset[str] = train.ALL_UNITS) -> tiebreak.Model:
    return tiebreak.Model(weights=weights, bias={}, threshold=threshold, enabled=True, units=units)


def test_features_name_the_words_around_the_number_and_their_cue_classes() -> None:
    collected: list[dict] = []
    find_figures(article("Qua kiểm tra, đoàn phát hiện 12 hộ kinh doanh chưa niêm yết giá."), collect=collected,
                 model=None)
    (got,) = collected
    assert {"u=count", "n=hộ", "l1=hiện", "l2=phát", "lb=phát_hiện", "c1=detect", "cl:detect"} <= set(got["features"])
    assert got["kind"] == "cue" and got["metric"] == "violating_entities"  # the rules decided it
    collected.clear()
    find_figures(article(UNSURE), collect=collected, model=None)
    (got,) = collected
    assert {"u=count", "n=hộ", "l1=này", "l2=đợt", "lb=đợt_này", "r1=tại", "r:chợ", "cr:at"} <= set(got["features"])
    assert got["kind"] == "default" and got["metric"] == "other"
    assert "violating_entities" in got["allowed"] and "citizens_received" not in got["allowed"]


def test_an_unsure_figure_takes_the_models_metric_and_its_strongest_words_as_cue() -> None:
    m = _model({"r:chợ": {"violating_entities": 3.0}, "l1=này": {"violating_entities": 1.0}})
    (f,) = find_figures(article(UNSURE), model=m)
    assert f.metric == "violating_entities"
    assert f.cue is not None and f.cue.text == "chợ" and UNSURE[f.cue.span[0] : f.cue.span[1]] == "chợ"
    # below its threshold, or outside its units, the model leaves the rules' default alone
    weak = _model({"r:chợ": {"violating_entities": 0.1}}, 0.9)
    assert find_figures(article(UNSURE), model=weak)[0].metric == "other"
    assert find_figures(article(UNSURE), model=_model(m.weights, units=frozenset({"VND"})))[0].metric == "other"


def test_the_model_never_overrules_a_cue() -> None:
    text = "Thanh tra tỉnh Kon Tum kiến nghị thu hồi 3,2 tỷ đồng và xử lý hành chính 4 cá nhân."
    everything = {f"u={u}": {"other": 50.0} for u in ("VND", "count")}
    assert [f.metric for f in find_figures(article(text), model=_model(everything))] == [
        "recovery_recommended_amount", "accountability_individuals"]


def test_a_model_decision_reads_only_allowed_metrics() -> None:
    m = _model({"u=count": {"recovered_amount": 9.0, "awards": 1.0}})
    probs = m.scores([tiebreak.Feature("u=count")], ("awards", "other"))
    assert set(probs) == {"awards", "other"} and probs["awards"] > probs["other"]


def test_folds_group_articles() -> None:
    docs = [train.Doc(f"d{i:03}", None, None, []) for i in range(23)]  # type: ignore[arg-type]
    folds = train.folds(docs)
    ids = [d.doc_id for f in folds for d in f]
    assert sorted(ids) == sorted(d.doc_id for d in docs) and len(ids) == len(set(ids))
    assert max(map(len, folds)) - min(map(len, folds)) <= 1
    assert [[d.doc_id for d in f] for f in train.folds(docs)] == [[d.doc_id for d in f] for f in folds]


def test_the_shipped_model_file_is_small_plain_json() -> None:
    path = PATTERNS_DIR / f"{tiebreak.MODEL_FILE}.json"
    assert path.stat().st_size < 200_000
    data = json.loads(path.read_text(encoding="utf-8"))
    assert {"enabled", "threshold", "units", "labels", "bias", "weights", "cv"} <= set(data)
    model = tiebreak.from_file(data)
    assert all(lab in data["labels"] for row in model.weights.values() for lab in row)


@pytest.mark.slow
def test_article_grouped_cross_validation_decides_whether_the_model_is_used() -> None:
    """Retrain as `make train` does: each fold's articles are read by a model trained (and its threshold
    chosen) on the other articles only; the shipped file's report and switch must be what this gives."""
    docs = train.load_docs(ROOT / "corpus", ROOT / "gold")
    assert len(docs) >= 100
    report = train.cross_validate(docs)
    shipped = json.loads((PATTERNS_DIR / f"{tiebreak.MODEL_FILE}.json").read_text(encoding="utf-8"))
    assert report["rules"] == shipped["cv"]["rules"] and report["with_model"] == shipped["cv"]["with_model"]
    assert shipped["enabled"] == (report["gain_tp"] > 0)
    # the model is used only where it gains on articles it was not trained on
    assert (tiebreak.model() is not None) == shipped["enabled"]
    print(f"CV figures F1: rules {report['rules']['f1']}, with the model {report['with_model']['f1']} "
          f"(gain {report['gain_tp']:+d} tp)")
