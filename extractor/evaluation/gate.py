"""The CI gate: a run's scores against the committed baseline (gold/baseline.json).

A field fails when its F1 (set fields) or accuracy (right-or-wrong attributes) falls more than 0.005
below the baseline; rises are reported as gains. Raising the baseline is a deliberate `make baseline`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from extractor.evaluation.scoring import FIELDS

TOLERANCE = 0.005
_EPS = 1e-9  # rounding noise in stored scores is not a change


@dataclass
class GateResult:
    failures: list[str] = field(default_factory=list)
    gains: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1


def _metric(entry: dict[str, Any]) -> tuple[str, float] | None:
    if "f1" in entry:
        return "F1", float(entry["f1"])
    if "accuracy" in entry:
        return "accuracy", float(entry["accuracy"])
    return None


def compare(current: dict[str, Any], baseline: dict[str, Any], tolerance: float = TOLERANCE) -> GateResult:
    """Judge `current` (a §3 score object) against `baseline` (another one)."""
    result = GateResult()
    cur_fields = current.get("fields", {})
    base_fields = baseline.get("fields", {})
    if baseline.get("docs") != current.get("docs"):
        result.notes.append(
            f"baseline scored {baseline.get('docs')} articles, this run {current.get('docs')}: "
            "if the gold set changed on purpose, run `make baseline`"
        )
    ordered = [f for f in FIELDS if f in base_fields] + sorted(set(base_fields) - set(FIELDS))
    for name in ordered:
        base = _metric(base_fields[name])
        if base is None:
            continue
        kind, before = base
        if name not in cur_fields or _metric(cur_fields[name]) is None:
            result.failures.append(f"{name}: {kind} {before:.4f} in the baseline, missing from this run")
            continue
        _, now = _metric(cur_fields[name])  # type: ignore[misc]
        delta = now - before
        if delta < -(tolerance + _EPS):
            result.failures.append(
                f"{name}: {kind} fell from {before:.4f} (baseline) to {now:.4f} ({delta:+.4f}, "
                f"more than {tolerance} below)"
            )
        elif delta > _EPS:
            result.gains.append(f"{name}: {kind} rose from {before:.4f} to {now:.4f} ({delta:+.4f})")
        elif delta < -_EPS:
            result.notes.append(
                f"{name}: {kind} {now:.4f}, {delta:+.4f} below baseline {before:.4f} (tolerated)"
            )
    for name in cur_fields:
        if name not in base_fields:
            result.notes.append(f"{name}: not in the baseline (new field); run `make baseline` to track it")
    return result
