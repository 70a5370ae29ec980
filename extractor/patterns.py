"""Loads the language data kept in `patterns/` (cue words, titles, document types, metric cues).

Files are read once per process; stages ask for them by name.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

PATTERNS_DIR = Path(os.environ.get("EXTRACTOR_PATTERNS", Path(__file__).resolve().parent.parent / "patterns"))


@cache
def load_jsonl(name: str) -> tuple[dict[str, Any], ...]:
    """Rows of `patterns/<name>.jsonl`; blank lines and `//` comment lines are skipped."""
    path = PATTERNS_DIR / f"{name}.jsonl"
    rows = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if not line or line.startswith("//"):
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:  # a broken pattern file is a developer error: say where
                raise ValueError(f"{path}:{n}: {exc}") from exc
    return tuple(rows)


@cache
def load_json(name: str) -> Any:
    """The object in `patterns/<name>.json`."""
    with (PATTERNS_DIR / f"{name}.json").open(encoding="utf-8") as fh:
        return json.load(fh)
