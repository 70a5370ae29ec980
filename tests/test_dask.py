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


@pytest.mark.slow
@pytest.mark.xdist_group("dask-cluster")
def test_ctrl_c_stops_a_dask_run_and_leaves_no_worker_behind(tmp_path: Path) -> None:
    """The command's own LocalCluster (worker processes), interrupted midway: exit 130 within seconds, the
    records done are written whole, and the cluster's processes are gone."""
    import os
    import signal
    import subprocess
    import sys
    import time

    src = tmp_path / "in"
    src.mkdir()
    slow = "phát hiện sai phạm 160.596 triệu đồng, kiến nghị thu hồi 5,6 tỷ đồng, " * 6000
    for i in range(16):
        (src / f"slow{i}.txt").write_text(slow + f"Bài {i}.", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "extractor", "extract", str(src), "-o", str(out), "--engine", "dask", "-j", "2",
         "--chunk-size", "1", "--no-progress"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not (out.exists() and out.stat().st_size) and time.monotonic() < deadline:
            time.sleep(0.05)
        group = os.getpgid(proc.pid)
        t = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        stopped_in = time.monotonic() - t
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130 and "rerun with --resume" in err, err[-500:]
    assert stopped_in < 10, f"took {stopped_in:.1f} s to stop"
    lines = out.read_text(encoding="utf-8").splitlines()
    assert 0 < len(lines) < 16 and all(json.loads(x)["doc_id"].startswith("slow") for x in lines)
    deadline = time.monotonic() + 10  # the cluster's processes (its own session) end with it
    while time.monotonic() < deadline and _session_alive(group):
        time.sleep(0.2)
    assert not _session_alive(group), "processes of the run are still alive"


def _session_alive(sid: int) -> list[int]:
    """Live (not zombie) processes of session `sid`."""
    alive = []
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        if int(fields[3]) == sid and fields[0] != "Z":  # session id, state
            alive.append(int(status.parent.name))
    return alive
