"""Loads the language data kept in `patterns/` (cue words, titles, document types, metric cues).

Files are read once per process; stages ask for them by name. The repository keeps them in `patterns/`
at its top; a built wheel carries the same files inside the package (setup.py copies them).
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any


def _patterns_dir() -> Path:
    """`EXTRACTOR_PATTERNS` if set; else the copy an installed wheel carries; else the checkout's."""
    if os.environ.get("EXTRACTOR_PATTERNS"):
        return Path(os.environ["EXTRACTOR_PATTERNS"])
    here = Path(__file__).resolve().parent
    packaged = here / "_patterns"
    return packaged if packaged.is_dir() else here.parent / "patterns"


PATTERNS_DIR = _patterns_dir()


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
