"""The batch runner with stand-in pipelines: ordering, errors, duplicates, resume, streaming, crashes.

The stand-ins are module-level functions so worker processes can receive them; the real pipeline is
exercised end to end in test_bad_input.py.
"""

from __future__ import annotations

import io
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from extractor.batch.engines import InlineEngine, ProcessEngine
from extractor.batch.inputs import Doc
from extractor.batch.runner import DUPLICATE, errors_path_for, load_done, run_batch


def echo(doc_id: str, text: str, **kw: object) -> dict:
    """A stand-in pipeline: a record whose content depends on the text and on the worker doing it."""
    if "FAIL" in text:
        raise ValueError("cannot do this one\nsecond line of the message")
    if "CRASH" in text:
        os._exit(3)  # a worker dying mid-article, as a segfault or the OOM killer would
    if "SLOW" in text:
        time.sleep(30)
    if "NOTARECORD" in text:
        return None  # type: ignore[return-value]
    n = sum(map(ord, text))
    return {
        "doc_id": doc_id,
        "source": {"url": kw.get("url"), "title": kw.get("title"), "published": kw.get("published")},
        "provinces": [{"code": "20"}] * (n % 3),
        "officials": [],
        "legal_refs": [{"canonical": "x"}] * (n % 2),
        "figures": [{"value": n}],
    }


def make_docs(n: int, bad: dict[int, str] | None = None) -> list[Doc]:
    bad = bad or {}
    return [Doc(f"d{i:04d}", f"mem:{i}", text=bad.get(i, f"article {i} " * (1 + i % 7))) for i in range(n)]


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_workers_give_the_same_records_in_the_same_order(tmp_path: Path) -> None:
    docs = make_docs(120, {5: "FAIL", 77: "FAIL"})
    one = run_batch(iter(docs), tmp_path / "one.jsonl", extract=echo)
    engine = ProcessEngine(2)
    try:
        two = run_batch(iter(docs), tmp_path / "two.jsonl", extract=echo, engine=engine, chunk_size=7)
    finally:
        engine.close()
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()
    assert lines(tmp_path / "one.errors.jsonl") == lines(tmp_path / "two.errors.jsonl")
    assert [json.loads(x)["doc_id"] for x in lines(tmp_path / "one.jsonl")] == [
        d.doc_id for i, d in enumerate(docs) if i not in (5, 77)
    ]
    assert (one.records, one.failed, one.found) == (two.records, two.failed, two.found)


def test_failures_go_to_the_errors_file_and_the_run_goes_on(tmp_path: Path) -> None:
    docs = make_docs(10, {2: "FAIL", 6: "NOTARECORD"})
    docs.insert(4, Doc(None, "x.jsonl:3", error="malformed JSON line"))
    out = tmp_path / "out.jsonl"
    s = run_batch(iter(docs), out, extract=echo)
    assert (s.articles, s.records, s.failed, s.exit_code) == (11, 8, 3, 1)
    errors = [json.loads(x) for x in lines(tmp_path / "out.errors.jsonl")]
    assert [(e["doc_id"], e["source"]) for e in errors] == [
        ("d0002", "mem:2"),
        (None, "x.jsonl:3"),
        ("d0006", "mem:6"),
    ]
    assert errors[0]["reason"].startswith("internal error: ValueError: cannot do this one second line")
    assert "test_batch.py:" in errors[0]["reason"]  # where the bug is
    assert errors[1]["reason"] == "malformed JSON line"
    assert "not a record" in errors[2]["reason"]
    assert len(lines(out)) == 8
    found = [json.loads(x) for x in lines(out)]
    assert s.found["figures"] == sum(len(r["figures"]) for r in found)
    assert s.found["provinces"] == sum(len(r["provinces"]) for r in found)


def test_all_good_exits_0(tmp_path: Path) -> None:
    s = run_batch(iter(make_docs(5)), tmp_path / "o.jsonl", extract=echo)
    assert (s.exit_code, s.records, s.failed) == (0, 5, 0)
    assert lines(tmp_path / "o.errors.jsonl") == []


def test_errors_file_name() -> None:
    assert errors_path_for("out/records.jsonl") == Path("out/records.errors.jsonl")
    assert errors_path_for("x.json") == Path("x.json.errors.jsonl")


def test_duplicate_ids_are_kept_once_and_reported_once(tmp_path: Path) -> None:
    docs = make_docs(4)
    docs += [
        Doc("d0001", "again:1", text="other text"),
        Doc("d0001", "again:2", text="more"),
        Doc("d0003", "again:3", text="x"),
    ]
    s = run_batch(iter(docs), tmp_path / "o.jsonl", extract=echo)
    assert (s.records, s.duplicates, s.failed, s.exit_code) == (4, 3, 0, 0)
    ids = [json.loads(x)["doc_id"] for x in lines(tmp_path / "o.jsonl")]
    assert ids == ["d0000", "d0001", "d0002", "d0003"]
    first = json.loads(lines(tmp_path / "o.jsonl")[1])
    assert first["figures"][0]["value"] == sum(map(ord, docs[1].text or ""))  # the first one is kept
    errors = [json.loads(x) for x in lines(tmp_path / "o.errors.jsonl")]
    assert [(e["doc_id"], e["source"], e["reason"]) for e in errors] == [
        ("d0001", "again:1", DUPLICATE),
        ("d0003", "again:3", DUPLICATE),
    ]


CALLS: list[str] = []


def counting_echo(doc_id: str, text: str, **kw: object) -> dict:
    CALLS.append(doc_id)
    return echo(doc_id, text, **kw)


def test_resume_skips_done_ids_drops_a_half_line_and_equals_a_full_run(tmp_path: Path) -> None:
    docs = make_docs(30, {3: "FAIL"})
    docs.append(Doc("d0010", "dup", text="dup"))
    full = run_batch(iter(docs), tmp_path / "full.jsonl", extract=echo)

    # An interrupted run: the first 12 records, then half of the 13th as a crash mid-write leaves it.
    part = tmp_path / "part.jsonl"
    done_lines = lines(tmp_path / "full.jsonl")
    part.write_text("\n".join(done_lines[:12]) + "\n" + done_lines[12][:40], encoding="utf-8")
    done, dropped = load_done(part)
    assert dropped and len(done) == 12
    assert part.read_text(encoding="utf-8").endswith("}\n")

    part.write_text("\n".join(done_lines[:12]) + "\n" + done_lines[12][:40], encoding="utf-8")
    CALLS.clear()
    resumed = run_batch(iter(docs), part, extract=counting_echo, resume=True)
    assert (tmp_path / "full.jsonl").read_bytes() == part.read_bytes()
    assert lines(tmp_path / "full.errors.jsonl") == lines(tmp_path / "part.errors.jsonl")
    assert len(CALLS) == 30 - 12  # the done ones are not extracted again (the failed one is retried)
    assert resumed.resumed == 12 and resumed.dropped_partial_line
    assert (resumed.articles, resumed.records, resumed.failed, resumed.duplicates, resumed.found) == (
        full.articles,
        full.records,
        full.failed,
        full.duplicates,
        full.found,
    )


def test_resume_without_an_output_starts_fresh_and_a_plain_run_overwrites(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    assert run_batch(iter(make_docs(3)), out, extract=echo, resume=True).records == 3
    assert run_batch(iter(make_docs(2)), out, extract=echo).records == 2
    assert len(lines(out)) == 2


class Counted:
    """An input stream that counts how far it has been read."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.pulled = 0

    def __iter__(self) -> Iterator[Doc]:
        for doc in make_docs(self.n):
            self.pulled += 1
            yield doc


@pytest.mark.parametrize("workers", [1, 2])
def test_input_is_streamed_not_read_ahead(tmp_path: Path, workers: int) -> None:
    stream = Counted(400)
    engine = InlineEngine() if workers == 1 else ProcessEngine(workers)
    chunk = 1 if workers == 1 else 5
    window = 1 if workers == 1 else engine.window  # type: ignore[attr-defined]
    ahead: list[int] = []
    try:
        s = run_batch(
            stream,
            tmp_path / "o.jsonl",
            extract=echo,
            engine=engine,
            chunk_size=chunk,
            on_progress=lambda s: ahead.append(stream.pulled - s.articles),
        )
    finally:
        engine.close()
    assert s.records == 400
    assert max(ahead) <= window * chunk + chunk  # a bounded window in flight, whatever the input size


def test_a_worker_that_dies_loses_only_its_article(tmp_path: Path) -> None:
    docs = make_docs(40, {13: "CRASH"})
    engine = ProcessEngine(2)
    try:
        s = run_batch(iter(docs), tmp_path / "o.jsonl", extract=echo, engine=engine, chunk_size=4)
    finally:
        engine.close()
    assert (s.records, s.failed) == (39, 1)
    ids = [json.loads(x)["doc_id"] for x in lines(tmp_path / "o.jsonl")]
    assert ids == [d.doc_id for i, d in enumerate(docs) if i != 13]
    (err,) = [json.loads(x) for x in lines(tmp_path / "o.errors.jsonl")]
    assert err["doc_id"] == "d0013" and "worker process died" in err["reason"]


def test_a_slow_article_times_out(tmp_path: Path) -> None:
    docs = make_docs(3, {1: "SLOW"})
    t = time.perf_counter()
    s = run_batch(iter(docs), tmp_path / "o.jsonl", extract=echo, timeout=0.5)
    assert time.perf_counter() - t < 10
    assert (s.records, s.failed) == (2, 1)
    (err,) = [json.loads(x) for x in lines(tmp_path / "o.errors.jsonl")]
    assert err["doc_id"] == "d0001" and err["reason"] == "timed out after 0.5 s"


def test_to_stdout_with_errors_on_stderr() -> None:
    out, err = io.StringIO(), io.StringIO()
    s = run_batch(iter(make_docs(3, {0: "FAIL"})), None, extract=echo, stdout=out, error_stream=err)
    assert s.records == 2 and len(out.getvalue().splitlines()) == 2
    assert err.getvalue().startswith("mem:0: internal error: ValueError")


def test_output_lines_are_whole_and_flushed_in_batches(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    seen_sizes: list[int] = []
    run_batch(
        iter(make_docs(600)),
        out,
        extract=echo,
        on_progress=lambda s: seen_sizes.append(out.stat().st_size),
    )
    data = out.read_bytes()
    # Mid-run the file was written in whole lines only: every size seen ends a line of the final file.
    boundaries = {0} | {i + 1 for i, b in enumerate(data) if b == 0x0A}
    assert set(seen_sizes) <= boundaries and len(set(seen_sizes)) > 2
