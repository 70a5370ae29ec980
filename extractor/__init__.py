"""Vietnamese inspectorate news → structured cluster-report records.

The Python API (the command line, `extractor`, runs the same code):

    >>> import extractor
    >>> record = extractor.extract("Thanh tra tỉnh Hà Tĩnh phát hiện sai phạm 5,6 tỷ đồng.", doc_id="a1")
    >>> record.figures[0].metric, record.figures[0].value
    ('violation_amount', 5600000000)

- `extract(text, doc_id=…, url=…, title=…, published=…)` → one `Record`;
- `extract_many(items, n_process=…)` → the records of many articles, streamed in input order;
- `Record` (a pydantic model; `Record.model_json_schema()` is the JSON Schema of spec/RECORDS.md),
  with `Figure`, `Province`, `Official`, `LegalRef`, `Cluster`, `Event`, `Period`, `Source` inside it;
- `ExtractionError`: an article that cannot give a record (a `ValueError` with a one-line reason).

Names are imported on first use, so `import extractor` loads no stage, no pydantic and no spaCy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

__all__ = [
    "Cluster",
    "Event",
    "ExtractionError",
    "Figure",
    "LegalRef",
    "Official",
    "Period",
    "Province",
    "Record",
    "Source",
    "__version__",
    "extract",
    "extract_many",
]

# public name → the module that defines it
_LAZY = {
    "extract": "extractor.api",
    "extract_many": "extractor.api",
    "ExtractionError": "extractor.pipeline",
    **{name: "extractor.models" for name in
       ("Record", "Source", "Cluster", "Event", "Period", "Province", "Official", "LegalRef", "Figure")},
}

if TYPE_CHECKING:  # what type checkers and IDEs see; at run time `__getattr__` imports on demand
    from extractor.api import extract, extract_many
    from extractor.models import Cluster, Event, Figure, LegalRef, Official, Period, Province, Record, Source
    from extractor.pipeline import ExtractionError


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'extractor' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
