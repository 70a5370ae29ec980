"""A statistical tie-breaker for the figures stage: a linear model over the words around a number, trained on
the gold (`make train`, `extractor.evaluation.train`), consulted only where the cue rules are unsure.

The rules decide most figures by their cue words; where no cue decides ("other" by default) the words around
the number may still say what it counts ("… chưa đúng quy hoạch trên diện tích 140,13ha", "Trong đó, 4 vụ
khiếu nại đúng"). For such a figure the model scores each metric its unit and noun allow and, when one beats
the default with enough confidence, that metric is taken and its strongest words become the figure's `cue`.

The weights are data (`patterns/figure_model.json`, plain JSON, no pickle); the file also says whether the
model is used at all: training switches it on only when article-grouped cross-validation shows a gain over
the rules alone (the file keeps that report). Features are strings, so a weight can be read and checked.
Inference is a few dictionary look-ups per unsure figure; nothing is computed for the others.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache

from extractor.patterns import PATTERNS_DIR

MODEL_FILE = "figure_model"
LEFT_CHARS = 80  # how far left of a number its words are read (within the sentence)
RIGHT_CHARS = 40  # and right of it
LEFT_TOKENS = 6
RIGHT_TOKENS = 4
_TOKEN_RE = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Feature:
    """One feature of a number's context: its name, and the words it stands for (when it has any)."""

    name: str
    span: tuple[int, int] | None = None


def features(view: str, lowered: str, s_start: int, s_end: int, anchor: int, end: int, unit: str,
             noun_key: str | None, cues: list[tuple[int, int, frozenset[str]]], prev_metric: str | None
             ) -> list[Feature]:
    """The features of a number: its unit and noun; the words before it (each of the nearest few, and their
    bag) and after it; the cue classes of its sentence before it (the nearest one apart) and right after it;
    the metric of the figure before it in the sentence. `cues`: the sentence's cues (start, end, classes)."""
    out = [Feature(f"u={unit}"), Feature(f"n={noun_key or '-'}")]
    lo = max(s_start, anchor - LEFT_CHARS)
    left = [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(lowered, lo, anchor)][-LEFT_TOKENS:]
    for k, (tok, a, b) in enumerate(reversed(left)):
        if k < 2:
            out.append(Feature(f"l{k + 1}={tok}", (a, b)))
        out.append(Feature(f"l:{tok}", (a, b)))
    if len(left) >= 2:
        (t1, a, _), (t2, _, b) = left[-2], left[-1]
        out.append(Feature(f"lb={t1}_{t2}", (a, b)))
    hi = min(s_end, end + RIGHT_CHARS)
    for k, m in enumerate(_TOKEN_RE.finditer(lowered, end, hi)):
        if k >= RIGHT_TOKENS:
            break
        if k == 0:
            out.append(Feature(f"r1={m.group()}", m.span()))
        out.append(Feature(f"r:{m.group()}", m.span()))
    nearest = True
    for start, stop, classes in reversed(cues):
        if stop <= anchor:
            for c in sorted(classes):
                if nearest:
                    out.append(Feature(f"c1={c}", (start, stop)))
                    out.append(Feature(f"n={noun_key or '-'}&c1={c}", (start, stop)))
                out.append(Feature(f"cl:{c}", (start, stop)))
            nearest = False
        elif start >= end and start - end <= RIGHT_CHARS:
            for c in sorted(classes):
                out.append(Feature(f"cr:{c}", (start, stop)))
    out.append(Feature(f"pm={prev_metric or '-'}"))
    return out


@dataclass(frozen=True)
class Model:
    """Weights per feature and label, a bias per label, and when to overrule the rules' default."""

    weights: dict[str, dict[str, float]]
    bias: dict[str, float]
    threshold: float
    enabled: bool
    units: frozenset[str] = frozenset({"count", "VND", "m2", "percent"})  # the units it may decide

    def scores(self, feats: list[Feature], allowed: tuple[str, ...]) -> dict[str, float]:
        """The probability of each allowed label (softmax over them)."""
        raw = {label: self.bias.get(label, 0.0) for label in allowed}
        for f in feats:
            row = self.weights.get(f.name)
            if row:
                for label, w in row.items():
                    if label in raw:
                        raw[label] += w
        top = max(raw.values())
        exp = {label: math.exp(v - top) for label, v in raw.items()}
        total = sum(exp.values())
        return {label: v / total for label, v in exp.items()}

    def decide(self, feats: list[Feature], allowed: tuple[str, ...], default: str, unit: str
               ) -> tuple[str, Feature | None] | None:
        """The metric to take instead of `default`, and the feature (with words) that weighs most for it; None
        when the model does not beat the default with enough confidence, or does not decide this unit."""
        if len(allowed) < 2 or unit not in self.units:
            return None
        probs = self.scores(feats, allowed)
        best = max(probs, key=lambda label: probs[label])
        if best == default or probs[best] < self.threshold:
            return None
        worded = [(self.weights.get(f.name, {}).get(best, 0.0), f) for f in feats if f.span is not None]
        strongest = max(worded, key=lambda x: x[0])[1] if worded and max(w for w, _ in worded) > 0 else None
        return best, strongest


@cache
def model() -> Model | None:
    """The shipped model, or None when there is none or cross-validation did not switch it on."""
    path = PATTERNS_DIR / f"{MODEL_FILE}.json"
    if not path.exists():
        return None
    # read here, not through the patterns cache: a switched-off model's weights are not kept in memory
    data = json.loads(path.read_text(encoding="utf-8"))
    if not data["enabled"]:
        return None
    return from_file(data)


def from_file(data: dict) -> Model:
    """A model from the file's form: labels by index, each feature's weights as [index, weight, …]."""
    labels = data["labels"]
    weights = {f: {labels[int(flat[i])]: float(flat[i + 1]) for i in range(0, len(flat), 2)}
               for f, flat in data["weights"].items()}
    return Model(weights=weights, bias=data["bias"], threshold=float(data["threshold"]),
                 enabled=bool(data["enabled"]), units=frozenset(data["units"]))
