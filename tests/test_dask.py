"""`--engine dask`: the same records as the local run, on a LocalCluster with 2 workers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from extractor.batch.engines import DaskEngine, make_engine
from extractor.batch.inputs import read_docs
from extractor.batch.runner import run_batch

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(scope="module")
def dask_engine():
    # Threads keep the test quick; workers as processes (the command's default) only differ in transport.
    engine = DaskEngine(workers=2, processes=False).start()
    yield engine
    engine.close()


def test_dask_on_two_workers_gives_the_local_records(tmp_path: Path, dask_engine: DaskEngine) -> None:
    assert len(dask_engine.client.scheduler_info()["workers"]) == 2
    local = run_batch(read_docs([str(CORPUS)]), tmp_path / "local.jsonl")
    dist = run_batch(read_docs([str(CORPUS)]), tmp_path / "dask.jsonl", engine=dask_engine, chunk_size=3)
    assert local.records > 0
    assert (tmp_path / "local.jsonl").read_bytes() == (tmp_path / "dask.jsonl").read_bytes()
    assert (tmp_path / "local.errors.jsonl").read_bytes() == (tmp_path / "dask.errors.jsonl").read_bytes()
    assert (dist.articles, dist.records, dist.failed, dist.found) == (
        local.articles,
        local.records,
        local.failed,
        local.found,
    )
    # Both tasks ran somewhere on the cluster: the workers did the stages, and reported their time.
    assert dist.stage_seconds["input.decode"] > 0


def test_dask_resume_and_errors(tmp_path: Path, dask_engine: DaskEngine) -> None:
    (tmp_path / "in").mkdir()
    for name in sorted(p.name for p in CORPUS.glob("*.txt"))[:6]:
        (tmp_path / "in" / name).write_bytes((CORPUS / name).read_bytes())
    (tmp_path / "in" / "zz_empty.txt").write_bytes(b"")
    out = tmp_path / "out.jsonl"
    first = run_batch(read_docs([str(tmp_path / "in")]), out, engine=dask_engine)
    before = out.read_bytes()
    again = run_batch(read_docs([str(tmp_path / "in")]), out, engine=dask_engine, resume=True)
    assert out.read_bytes() == before
    assert again.resumed == first.records and again.new_records == 0
    errors = [json.loads(x) for x in (tmp_path / "out.errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert ("zz_empty", "empty file (0 bytes)") in [(e["doc_id"], e["reason"]) for e in errors]


def test_command_line_choice_of_engine() -> None:
    assert isinstance(make_engine("dask", 2, None), DaskEngine)
    assert make_engine("dask", 0, "tcp://127.0.0.1:1").scheduler == "tcp://127.0.0.1:1"
    with pytest.raises(ValueError):
        make_engine("spark", 1)


def test_the_command_on_a_process_local_cluster(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from extractor.cli import main

    args = [str(p) for p in sorted(CORPUS.glob("*.txt"))[:8]]
    assert main(["extract", *args, "-o", str(tmp_path / "local.jsonl"), "--no-progress"]) == 0
    assert main(["extract", *args, "-o", str(tmp_path / "dask.jsonl"), "--engine", "dask", "-j", "2"]) == 0
    assert "(dask, 2 worker(s))" in capsys.readouterr().out
    assert (tmp_path / "local.jsonl").read_bytes() == (tmp_path / "dask.jsonl").read_bytes()
