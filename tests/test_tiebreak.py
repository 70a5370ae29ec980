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


def test_no_article_is_tested_by_a_model_trained_on_it(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = train.load_docs(ROOT / "corpus", ROOT / "gold")[:15]
    plan = train.fold_plan(docs)
    everyone = {d.doc_id for d in docs}
    held_sets = [{d.doc_id for d in held} for _, held in plan]
    assert set().union(*held_sets) == everyone and sum(map(len, held_sets)) == len(everyone)
    for (tr, _), held in zip(plan, held_sets, strict=True):
        assert {d.doc_id for d in tr} == everyone - held
    fitted: list[set[str]] = []
    real_fit = train.fit

    def spy(examples: list[dict]) -> tiebreak.Model:
        fitted.append({e["doc"] for e in examples})
        return real_fit(examples)

    monkeypatch.setattr(train, "fit", spy)
    train.cross_validate(docs)
    # each fold fits FOLDS - 1 inner models (choosing the setting) and then its own: none sees the fold
    per_fold = train.FOLDS
    assert len(fitted) == per_fold * len(plan)
    for i, held in enumerate(held_sets):
        fold_fits = fitted[i * per_fold : (i + 1) * per_fold]
        assert all(not (f & held) for f in fold_fits)
        assert fold_fits[-1] == everyone - held - {d.doc_id for d in docs if not d.examples}


@pytest.mark.slow
def test_article_grouped_cross_validation_decides_whether_the_model_is_used() -> None:
    """Retrain as `make train` does: each fold's articles are read by a model trained (and its threshold
    chosen) on the other articles only. The shipped switch must be what this gives with today's rules and
    gold (when a rule or gold change flips it, `make train` writes the new file)."""
    docs = train.load_docs(ROOT / "corpus", ROOT / "gold")
    assert len(docs) >= 100
    report = train.cross_validate(docs)
    shipped = json.loads((PATTERNS_DIR / f"{tiebreak.MODEL_FILE}.json").read_text(encoding="utf-8"))
    ids = [d.doc_id for f in train.folds(docs) for d in f]
    assert len(ids) == len(set(ids)) == len(docs)  # every article tested once, by a model that never saw it
    assert shipped["enabled"] == (report["gain_tp"] > 0), (report["gain_tp"], "run make train")
    # the model is used only where it gains on articles it was not trained on
    assert (tiebreak.model() is not None) == shipped["enabled"]
    print(f"CV figures F1: rules {report['rules']['f1']}, with the model {report['with_model']['f1']} "
          f"(gain {report['gain_tp']:+d} tp)")
