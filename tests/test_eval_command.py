"""`extractor eval` without --pred runs the pipeline on each gold article; a failing article is scored as
empty and reported. The pipeline is replaced by a stand-in so this tests the command, not the stages."""

from __future__ import annotations

import argparse
import json
import sys
import types
from pathlib import Path

import pytest

from extractor.commands import eval as eval_cmd
from extractor.models import Record


class _ExtractionError(ValueError):
    pass


def _fake_pipeline(calls: list[tuple[str, str | None]]) -> types.ModuleType:
    module = types.ModuleType("extractor.pipeline")

    def extract_text(doc_id: str, text: str, *, url=None, title=None, published=None) -> Record:
        calls.append((doc_id, url))
        if doc_id == "bad":
            raise _ExtractionError("empty article (no text)")
        if doc_id == "crash":
            raise KeyError("boom")
        return Record(doc_id=doc_id, provinces=[{"code": "20", "name": "Lạng Sơn"}])

    module.extract_text = extract_text  # type: ignore[attr-defined]
    module.ExtractionError = _ExtractionError  # type: ignore[attr-defined]
    return module


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    eval_cmd.add_parser(parser.add_subparsers())
    return parser.parse_args(["eval", *argv])


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "gold").mkdir()
    for doc_id in ("good", "bad", "crash"):
        (tmp_path / "corpus" / f"{doc_id}.txt").write_text("Thanh tra tỉnh Lạng Sơn.", encoding="utf-8")
        gold = {"doc_id": doc_id, "provinces": [{"code": "20", "name": "Lạng Sơn"}]}
        (tmp_path / "gold" / f"{doc_id}.json").write_text(json.dumps(gold), encoding="utf-8")
    (tmp_path / "corpus" / "unlabelled.txt").write_text("Không có gold.", encoding="utf-8")
    (tmp_path / "corpus" / "SOURCES.tsv").write_text("doc_id\turl\ngood\thttps://example.org/g\nbad\t\n",
                                                     encoding="utf-8")
    return tmp_path


def test_failed_articles_count_as_empty_and_are_reported(corpus, monkeypatch, capsys):
    calls: list[tuple[str, str | None]] = []
    monkeypatch.setitem(sys.modules, "extractor.pipeline", _fake_pipeline(calls))
    code = eval_cmd.run(_args("--corpus", str(corpus / "corpus"), "--gold", str(corpus / "gold"), "--json"))
    out, err = capsys.readouterr()
    assert code == 0
    assert sorted(calls) == [("bad", None), ("crash", None), ("good", "https://example.org/g")]
    provinces = json.loads(out)["fields"]["provinces"]
    assert (provinces["tp"], provinces["fp"], provinces["fn"]) == (1, 0, 2)
    assert "bad: no prediction, scored as empty: empty article (no text)" in err
    assert "crash: no prediction, scored as empty: KeyError" in err


def test_gold_without_article_is_an_error(corpus, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "extractor.pipeline", _fake_pipeline([]))
    (corpus / "corpus" / "good.txt").unlink()
    code = eval_cmd.run(_args("--corpus", str(corpus / "corpus"), "--gold", str(corpus / "gold")))
    assert code == 2
    assert "good" in capsys.readouterr().err


def test_empty_gold_folder_is_an_error(tmp_path, capsys):
    (tmp_path / "gold").mkdir()
    assert eval_cmd.run(_args("--gold", str(tmp_path / "gold"), "--corpus", str(tmp_path))) == 2
    assert "no gold records" in capsys.readouterr().err
