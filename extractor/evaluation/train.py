"""Train the figures stage's tie-breaker (`extractor.stages.tiebreak`) on the gold, and measure it honestly.

    python -m extractor.evaluation.train [--corpus corpus] [--gold gold] [--out patterns/figure_model.json]

(`make train`.) Every corpus article with a gold record is read by the rules alone; each figure the rules
find is paired with the gold figure of the same value and unit (spec §3 matching without the metric), whose
metric is the label. A multinomial logistic regression (L2, over the metrics each figure's unit and noun
allow) is fitted to those pairs.

It is scored by ARTICLE-GROUPED cross-validation: the articles are split into folds, and each fold is scored
with a model trained on the other folds only (an article's figures are never both trained and tested on),
its threshold chosen by an inner grouped cross-validation of the training folds. The report compares the
figures F1 of the held-out articles with the model against the rules alone. The model written to the file
is trained on every article, and switched on only when the cross-validated gain is positive.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from extractor.evaluation.goldset import article_paths, load_gold, read_article
from extractor.evaluation.scoring import match_figures, prf
from extractor.models import Figure, Record
from extractor.stages import clean, figures, segment, tiebreak

FOLDS = 5
SEED = 20261202
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
L2 = 1.0  # penalty on the weights (per example, summed): a few hundred examples, thousands of features
MIN_COUNT = 2  # a feature seen in fewer training examples is dropped
STEPS = 300
RATE = 0.5
KEEP = 0.02  # weights smaller than this are not written (too small to change a decision the threshold allows)


@dataclass
class Doc:
    doc_id: str
    article: object  # the cleaned, segmented article
    gold: Record
    examples: list[dict]  # one per figure the rules find that matches a gold figure by value: with "label"


def load_docs(corpus: Path, gold_dir: Path) -> list[Doc]:
    """Every gold article read by the rules alone, with its figures' model inputs and gold labels."""
    gold = load_gold(gold_dir)
    paths = article_paths(corpus)
    docs = []
    for doc_id in sorted(gold):
        if doc_id not in paths or not gold[doc_id].figures:
            continue
        art = clean.load_article(doc_id, read_article(paths[doc_id]))
        segment.segment(art)
        collected: list[dict] = []
        figs = figures.find_figures(art, collect=collected, model=None)
        label = {pi: gold[doc_id].figures[gi].metric
                 for gi, pi in match_figures(gold[doc_id].figures, figs, with_metric=False)}
        examples = [dict(e, label=label[e["index"]], doc=doc_id) for e in collected if e["index"] in label]
        docs.append(Doc(doc_id, art, gold[doc_id], examples))
    return docs


def fit(examples: Sequence[dict]) -> tiebreak.Model:
    """A softmax regression over each example's allowed labels, by gradient descent (AdaGrad)."""
    counts: dict[str, int] = {}
    for e in examples:
        for f in set(e["features"]):
            counts[f] = counts.get(f, 0) + 1
    names = sorted(f for f, c in counts.items() if c >= MIN_COUNT)
    labels = sorted({lab for e in examples for lab in e["allowed"]} | {e["label"] for e in examples})
    fi = {f: i for i, f in enumerate(names)}
    li = {lab: i for i, lab in enumerate(labels)}
    n, d, k = len(examples), len(names), len(labels)
    # binary features, kept sparse: the (example, feature) pairs, once sorted by example, once by feature;
    # a product with the weights is then a sum over runs (np.add.reduceat), not a dense matrix product
    pairs = sorted({(r, fi[f]) for r, e in enumerate(examples) for f in e["features"] if f in fi})
    by_row = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    by_col = by_row[np.lexsort((by_row[:, 0], by_row[:, 1]))]
    row_ids, row_starts = np.unique(by_row[:, 0], return_index=True)
    col_ids, col_starts = np.unique(by_col[:, 1], return_index=True)
    mask = np.full((n, k), -np.inf)
    y = np.zeros((n, k))
    for r, e in enumerate(examples):
        for lab in e["allowed"]:
            mask[r, li[lab]] = 0.0
        mask[r, li[e["label"]]] = 0.0  # a gold label the rules' nouns did not foresee is still learnt
        y[r, li[e["label"]]] = 1.0
    w = np.zeros((d, k))
    b = np.zeros(k)
    gw, gb = np.full((d, k), 1e-8), np.full(k, 1e-8)
    for _ in range(STEPS):
        z = np.zeros((n, k))
        if len(by_row):
            z[row_ids] = np.add.reduceat(w[by_row[:, 1]], row_starts, axis=0)
        z += b + mask
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        err = p - y
        dw = L2 * w
        if len(by_col):
            dw[col_ids] += np.add.reduceat(err[by_col[:, 0]], col_starts, axis=0)
        db = err.sum(axis=0)
        gw += dw * dw
        gb += db * db
        w -= RATE * dw / np.sqrt(gw)
        b -= RATE * db / np.sqrt(gb)
    weights: dict[str, dict[str, float]] = {}
    for f, i in fi.items():
        row = {labels[j]: round(float(w[i, j]), 3) for j in range(k) if abs(w[i, j]) >= KEEP}
        if row:
            weights[f] = row
    bias = {labels[j]: round(float(b[j]), 4) for j in range(k)}
    return tiebreak.Model(weights=weights, bias=bias, threshold=THRESHOLDS[0], enabled=True)


ALL_UNITS = frozenset({"count", "VND", "m2", "percent"})
# what the inner cross-validation chooses from: how sure the model must be, and which units it may decide
# (ties go to the later, more cautious setting)
SETTINGS = [(t, units) for units in (ALL_UNITS, frozenset({"count"})) for t in THRESHOLDS]


def _with(model: tiebreak.Model, threshold: float, units: frozenset[str] = ALL_UNITS) -> tiebreak.Model:
    return tiebreak.Model(weights=model.weights, bias=model.bias, threshold=threshold, enabled=True,
                          units=units)


def _figures_of(doc: Doc, model: tiebreak.Model | None) -> list[Figure]:
    return figures.find_figures(doc.article, model=model)  # type: ignore[arg-type]


def _tally(docs: Sequence[Doc], models: dict[str, tiebreak.Model | None]) -> tuple[int, int, int]:
    """Figures tp/fp/fn (spec §3) of `docs`, each read with the model given for it."""
    tp = fp = fn = 0
    for doc in docs:
        pred = _figures_of(doc, models[doc.doc_id])
        hit = len(match_figures(doc.gold.figures, pred, with_metric=True))
        tp, fp, fn = tp + hit, fp + len(pred) - hit, fn + len(doc.gold.figures) - hit
    return tp, fp, fn


def folds(docs: Sequence[Doc], k: int = FOLDS, seed: int = SEED) -> list[list[Doc]]:
    """The articles in `k` groups, shuffled with a fixed seed: every article in exactly one."""
    order = sorted(docs, key=lambda d: d.doc_id)
    random.Random(seed).shuffle(order)
    return [order[i::k] for i in range(k)]


def fold_plan(docs: Sequence[Doc], k: int = FOLDS, seed: int = SEED) -> list[tuple[list[Doc], list[Doc]]]:
    """(training articles, held-out articles) for each fold, in order."""
    groups = folds(docs, k, seed)
    return [([d for j, g in enumerate(groups) if j != i for d in g], held) for i, held in enumerate(groups)]


def _train_examples(docs: Sequence[Doc]) -> list[dict]:
    return [e for d in docs for e in d.examples]


def _example_gain(model: tiebreak.Model, docs: Sequence[Doc]) -> int:
    """Figures the model puts right minus those it puts wrong, among the rules' unsure ones in `docs` (the
    quick count used to choose a setting; the report re-reads the articles)."""
    gain = 0
    for d in docs:
        for e in d.examples:
            if e["kind"] != "default":
                continue
            got = model.decide([tiebreak.Feature(f) for f in e["features"]], tuple(e["allowed"]), e["metric"],
                               e["unit"])
            if got is not None:
                gain += (got[0] == e["label"]) - (e["metric"] == e["label"])
    return gain


def choose_setting(docs: Sequence[Doc], k: int = FOLDS - 1) -> tuple[float, frozenset[str]]:
    """The setting with the largest gain in an inner article-grouped cross-validation of `docs`."""
    gains = [0] * len(SETTINGS)
    for train, held in fold_plan(docs, k, SEED + 1):
        model = fit(_train_examples(train))
        for n, (t, units) in enumerate(SETTINGS):
            gains[n] += _example_gain(_with(model, t, units), held)
    best = max(range(len(SETTINGS)), key=lambda n: (gains[n], n))
    return SETTINGS[best]


def cross_validate(docs: Sequence[Doc]) -> dict:
    """Article-grouped cross-validation of the model against the rules alone, on figures (spec §3): each
    fold read with a model trained, and its setting chosen, on the other folds only."""
    models: dict[str, tiebreak.Model | None] = {}
    per_fold = []
    for train, held in fold_plan(docs):
        threshold, units = choose_setting(train)
        model = _with(fit(_train_examples(train)), threshold, units)
        for d in held:
            models[d.doc_id] = model
        rules = prf(*_tally(held, {d.doc_id: None for d in held}))
        with_model = prf(*_tally(held, {d.doc_id: model for d in held}))
        per_fold.append({"articles": len(held), "threshold": threshold, "units": sorted(units),
                         "rules_tp": rules["tp"], "model_tp": with_model["tp"],
                         "rules_f1": rules["f1"], "model_f1": with_model["f1"]})
    rules = prf(*_tally(docs, {d.doc_id: None for d in docs}))
    with_model = prf(*_tally(docs, models))
    return {"folds": per_fold, "rules": rules, "with_model": with_model,
            "gain_f1": round(with_model["f1"] - rules["f1"], 4), "gain_tp": with_model["tp"] - rules["tp"]}


def train(corpus: Path, gold_dir: Path) -> dict:
    """The model trained on every article, with its cross-validation report and whether it is switched on."""
    docs = load_docs(corpus, gold_dir)
    report = cross_validate(docs)
    threshold, units = choose_setting(docs, FOLDS)
    model = fit(_train_examples(docs))
    enabled = report["gain_tp"] > 0
    return {
        "_doc": "Weights of the figures stage's tie-breaker (extractor/stages/tiebreak.py), written by "
                "`make train` (extractor/evaluation/train.py). Used only when 'enabled': cross-validation "
                "grouped by article showed a gain over the rules alone ('cv').",
        "enabled": enabled,
        "threshold": threshold,
        "units": sorted(units),
        "trained_on": {"articles": len(docs), "figures": sum(len(d.examples) for d in docs)},
        "cv": report,
        "bias": model.bias,
        "weights": model.weights,
    }


def dumps(result: dict) -> str:
    """The model file: readable at the top, then the labels, then one line per feature: its non-zero weights
    as [label index, weight, …] (a small, diffable file)."""
    labels = sorted({lab for row in result["weights"].values() for lab in row} | set(result["bias"]))
    li = {lab: i for i, lab in enumerate(labels)}
    head = {k: v for k, v in result.items() if k != "weights"}
    head["labels"] = labels
    lines = [json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "weights": {']
    rows = sorted(result["weights"].items())
    for i, (f, row) in enumerate(rows):
        flat = [x for lab in sorted(row, key=li.__getitem__) for x in (li[lab], row[lab])]
        sep = "," if i < len(rows) - 1 else ""
        lines.append(f" {json.dumps(f, ensure_ascii=False)}: {json.dumps(flat, separators=(',', ':'))}{sep}")
    return "\n".join(lines) + "\n }\n}\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m extractor.evaluation.train",
                                 description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=Path("corpus"),
                    help="folder of <doc_id>.txt (default: corpus)")
    ap.add_argument("--gold", type=Path, default=Path("gold"), help="folder of gold records (default: gold)")
    ap.add_argument("--out", type=Path, default=Path("patterns") / f"{tiebreak.MODEL_FILE}.json",
                    help="where to write the model (default: patterns/figure_model.json)")
    args = ap.parse_args(argv)
    for p in (args.corpus, args.gold):
        if not p.is_dir():
            print(f"error: {p} is not a folder", file=sys.stderr)
            return 2
    result = train(args.corpus, args.gold)
    cv = result["cv"]
    print(f"article-grouped {FOLDS}-fold CV: figures F1 rules alone {cv['rules']['f1']:.4f}, with the model "
          f"{cv['with_model']['f1']:.4f} (gain {cv['gain_f1']:+.4f}, {cv['gain_tp']:+d} true positives)")
    print(f"model {'switched ON' if result['enabled'] else 'left OFF'}; threshold {result['threshold']}; "
          f"{len(result['weights'])} features; written to {args.out}")
    args.out.write_text(dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
