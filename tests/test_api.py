"""The Python API: `extractor.extract`, `extractor.extract_many`, `extractor.Record`, and `__all__`."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import extractor
from extractor.cli import main

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
ARTICLE = CORPUS / "000_b64680261e54cc31.txt"


def test_import_extractor_loads_nothing_heavy() -> None:
    code = (
        "import sys, extractor; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'spacy', 'regex') "
        "or m.startswith('extractor.')))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


def test_every_public_name_resolves_and_is_documented() -> None:
    assert "extract" in extractor.__all__ and "extract_many" in extractor.__all__ and "Record" in extractor.__all__
    for name in extractor.__all__:
        value = getattr(extractor, name)
        if name != "__version__":
            assert inspect.getdoc(value), f"extractor.{name} has no docstring"
    for fn in (extractor.extract, extractor.extract_many):
        hints = inspect.get_annotations(fn)
        assert "return" in hints and all(p in hints for p in inspect.signature(fn).parameters)
    assert set(extractor.__all__) <= set(dir(extractor))
    with pytest.raises(AttributeError):
        _ = extractor.no_such_name


def test_schema_is_the_one_the_cli_prints(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == extractor.Record.model_json_schema()


def test_extract_gives_the_record_the_cli_writes(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    assert main(["extract", str(ARTICLE), "-o", str(out), "--no-progress"]) == 0
    cli = json.loads(out.read_text(encoding="utf-8"))
    record = extractor.extract(ARTICLE.read_text(encoding="utf-8"), doc_id=ARTICLE.stem, url=cli["source"]["url"])
    assert isinstance(record, extractor.Record)
    assert record.to_json() == cli
    assert record.figures and record.provinces


def test_extract_defaults_and_errors() -> None:
    text = "Thanh tra tỉnh Hà Tĩnh phát hiện sai phạm 5,6 tỷ đồng."
    record = extractor.extract(text, url="https://example.org/a", published="2024-06-25")
    assert record.doc_id == extractor.api.default_doc_id(text) and len(record.doc_id) == 16
    assert record.source.url == "https://example.org/a" and record.source.published == "2024-06-25"
    assert [(f.metric, f.value) for f in record.figures] == [("violation_amount", 5_600_000_000)]
    with pytest.raises(extractor.ExtractionError, match="empty"):
        extractor.extract("   ")
    with pytest.raises(ValueError, match="not a string"):
        extractor.extract(b"bytes")  # type: ignore[arg-type]


def test_extract_many_reads_every_kind_of_item_in_order(tmp_path: Path) -> None:
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))[:4]}
    (_a, ta), (b, tb), (c, tc), (d, _td) = texts.items()
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / f"{d}.txt").write_text(texts[d], encoding="utf-8")
    (folder / "SOURCES.tsv").write_text(f"doc_id\turl\n{d}\thttps://example.org/d\n", encoding="utf-8")
    items = [ta, (b, tb), {"id": c, "text": tc, "url": "https://example.org/c"}, folder]
    records = list(extractor.extract_many(items))
    assert [r.doc_id for r in records] == [extractor.api.default_doc_id(ta), b, c, d]
    assert records[2].source.url == "https://example.org/c" and records[3].source.url == "https://example.org/d"
    assert records[1] == extractor.extract(tb, doc_id=b)


def test_extract_many_with_two_processes_gives_the_same_records() -> None:
    paths = sorted(CORPUS.glob("*.txt"))[:24]
    one = list(extractor.extract_many(paths, n_process=1))
    two = list(extractor.extract_many(paths, n_process=2))
    assert len(one) == 24 and one == two


def test_extract_many_streams() -> None:
    pulled: list[int] = []
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))[:5]]

    def endless() -> Iterator[str]:
        n = 0
        while True:
            pulled.append(n)
            yield f"{texts[n % 5]}\n\n(bản {n})"  # a different text, so a different doc id, each time
            n += 1

    stream = extractor.extract_many(endless())
    first = [next(stream) for _ in range(3)]
    stream.close()
    assert len(first) == 3 and len(pulled) <= 4  # one article in flight at a time, not the whole input


def test_extract_many_errors_raise_or_skip_and_duplicates_are_kept_once() -> None:
    good = ARTICLE.read_text(encoding="utf-8")
    items = [("a", good), ("empty", "  "), ("a", good), {"id": "x"}, 42, ("b", good)]
    seen: list[tuple[str | None, str]] = []
    records = list(extractor.extract_many(items, errors="skip", on_error=lambda i, r: seen.append((i, r))))
    assert [r.doc_id for r in records] == ["a", "b"]
    assert [i for i, _ in seen] == ["empty", "a", "x", None]  # in input order
    assert "empty" in seen[0][1] and "duplicate" in seen[1][1] and "text" in seen[2][1] and "int" in seen[3][1]

    stream = extractor.extract_many(items)
    assert next(stream).doc_id == "a"
    with pytest.raises(extractor.ExtractionError, match="empty: empty article"):
        next(stream)
    with pytest.raises(ValueError, match="errors must be"):
        list(extractor.extract_many(items, errors="ignore"))  # type: ignore[arg-type]
