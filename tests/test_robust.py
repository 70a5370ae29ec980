"""Hostile input through the real command (issue 12): limits enforced while reading, nothing written over
an input, usage errors before anything is opened, stdin sniffed, files that are not files, a locked
output, resume that checks every line, workers that die with their parent, Ctrl-C that stops at once,
`load --skip-bad`. Small inputs; the processes are real."""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor.batch.inputs import Doc, Limits, page_url, read_docs
from extractor.cli import main

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
ARTICLE = (CORPUS / "art_030.txt").read_text(encoding="utf-8")  # 35 figures
SHORT = "Thanh tra tỉnh Bắc Giang phát hiện sai phạm 5 tỷ đồng, kiến nghị thu hồi 2 tỷ đồng."


def extract(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["extract", *args, "--no-progress"])
    out, err = capsys.readouterr()
    return code, out, err


def jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def line(doc_id: str, text: str = SHORT, **extra: str) -> str:
    return json.dumps({"id": doc_id, "text": text, **extra}, ensure_ascii=False)


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "extractor", "extract", *args, "--no-progress"]


# --- nothing is written over an input; usage errors come first ---------------------------------------


def test_an_output_that_names_an_input_is_refused_and_touches_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "x.jsonl"
    data.write_text(line("a1") + "\n", encoding="utf-8")
    before = (data.read_bytes(), data.stat().st_mtime_ns)
    code, _, err = extract(capsys, str(data), "-o", str(data))
    assert code == 2 and "x.jsonl is also an input" in err
    assert (data.read_bytes(), data.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.jsonl"]  # no errors file either

    # --errors naming an input, and an output inside an input folder that holds articles
    code, _, err = extract(capsys, str(data), "-o", str(tmp_path / "o.jsonl"), "--errors", str(data))
    assert code == 2 and "also an input" in err and not (tmp_path / "o.jsonl").exists()
    code, _, err = extract(capsys, str(tmp_path), "-o", str(data))
    assert code == 2 and "holds articles" in err and data.read_bytes() == before[0]

    # A records file from an earlier run inside the input folder is the run's own output: not read, rewritten
    out = tmp_path / "records.jsonl"
    assert extract(capsys, str(data), "-o", str(out))[0] == 0
    code, _, _ = extract(capsys, str(tmp_path), "-o", str(out))
    assert code == 0 and [r["doc_id"] for r in jsonl(out)] == ["a1"]


def test_a_missing_path_or_an_empty_glob_is_a_usage_error_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out" / "o.jsonl"
    code, _, err = extract(
        capsys, str(good), str(tmp_path / "nope.txt"), str(tmp_path / "z*.html"), "-o", str(out)
    )
    assert code == 2
    assert (
        f"no such file or folder: {tmp_path / 'nope.txt'}" in err
        and "no file matches" in err
        and "z*.html" in err
    )
    assert not out.parent.exists()  # nothing opened, nothing created
    (tmp_path / "empty").mkdir()
    code, _, err = extract(capsys, str(tmp_path / "empty"), "-o", str(out))
    assert code == 2 and "no articles found" in err and not out.parent.exists()


# --- limits, enforced while reading -----------------------------------------------------------------


def test_each_limit_is_one_error_line_and_the_run_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a_ok.txt").write_text(SHORT, encoding="utf-8")
    (src / "b_long.txt").write_text("x" * 3000, encoding="utf-8")  # 3,000 characters > 2,000
    (src / "c_huge.txt").write_bytes(b"y" * 9000)  # more than 4 bytes per allowed character: not even read
    (src / "d.jsonl").write_text(
        "\n".join([line("d1"), line("d2", "z" * 2500), line("d3", "w" * 1900 + " đồng" * 200), line("d4")])
        + "\n",
        encoding="utf-8",
    )
    packed = gzip.compress(("\n".join(line(f"g{i}", SHORT + " " * 1800) for i in range(60)) + "\n").encode())
    (src / "e.jsonl.gz").write_bytes(packed)  # 60 lines of about 1,900 bytes: stopped after 64 KiB
    out = tmp_path / "o.jsonl"
    code, stdout, _ = extract(
        capsys,
        str(src),
        "-o",
        str(out),
        "--max-chars",
        "2000",
        "--max-line-bytes",
        "3000",
        "--max-input-size",
        "64K",
    )
    records = {r["doc_id"] for r in jsonl(out)}
    errors = {e["source"].split("/")[-1]: e["reason"] for e in jsonl(tmp_path / "o.errors.jsonl")}
    assert code == 1
    assert {"a_ok", "d1", "d4"} <= records and not {"b_long", "c_huge", "d2", "d3"} & records
    assert errors["b_long.txt"].startswith("article too long: 3,000 characters, more than --max-chars 2,000")
    assert errors["c_huge.txt"].startswith("file too large")
    assert errors["d.jsonl:2"].startswith("article too long")  # the text is too long
    assert errors["d.jsonl:3"].startswith("line too long")  # the line is too long to be read at all
    gz = [k for k in errors if k.startswith("e.jsonl.gz:")]
    assert len(gz) == 1 and "larger than 64 KiB" in errors[gz[0]]
    assert 20 <= len({r for r in records if r.startswith("g")}) < 60  # read up to the bound, then stopped
    assert "failed" in stdout


def test_a_line_without_end_is_dropped_without_being_held(tmp_path: Path) -> None:
    big = tmp_path / "one.jsonl.gz"
    with gzip.open(big, "wb") as fh:  # 8 MiB of one line that never ends, then nothing
        fh.write(b'{"id": "x", "text": "' + b"a" * (8 * 2**20))
    (doc,) = read_docs([str(big)], limits=Limits(max_line_bytes=2**20))
    assert (
        doc.error is not None
        and doc.error.startswith("line too long: more than")
        and doc.source.endswith(":1")
    )


def test_blank_lines_are_skipped_in_bounded_time(tmp_path: Path) -> None:
    path = tmp_path / "blank.jsonl.gz"
    blank = gzip.compress(b"\n" * 2**24, 9)
    with path.open("wb") as fh:  # 128 Mi blank lines (gzip members), then a line without text
        for _ in range(8):
            fh.write(blank)
        fh.write(gzip.compress(b'  \t\n{"id": "late"}\n'))
    t = time.perf_counter()
    docs = list(read_docs([str(path)]))
    assert [(d.doc_id, d.source, d.error) for d in docs] == [
        ("late", f"{path}:{8 * 2**24 + 2}", 'missing "text"')
    ]
    assert time.perf_counter() - t < 60  # a guard, not a measurement: line by line this took minutes


# --- stdin --------------------------------------------------------------------------------------------


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_gzip_is_told_by_its_magic_bytes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, gzip.compress(("\n\n" + line("s1") + "\n" + line("s2", "") + "\n").encode()))
    code, stdout, stderr = extract(capsys, "-", "-o", "-")
    assert [json.loads(x)["doc_id"] for x in stdout.splitlines()] == ["s1"]
    assert code == 1 and "<stdin>:4: empty article" in stderr  # line numbers count the blank lines


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"Thanh tra t\xe1\xbb\x89nh B\xe1\xba\xafc Giang\n", "standard input is text but not JSONL"),
        # mtime=0: the bytes (and so the test's id) are the same in every process, as xdist requires
        (gzip.compress(b"<html><body>page</body></html>", mtime=0), "gzip-compressed text but not JSONL"),
        (b"\x1f\x8b\x08\x00garbage", "cannot be decompressed"),
    ],
    ids=["text", "gzip-html", "broken-gzip"],
)
def test_stdin_that_is_not_jsonl_is_a_usage_error_with_a_hint(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    data: bytes,
    says: str,
) -> None:
    _stdin(monkeypatch, data)
    out = tmp_path / "o.jsonl"
    code, _, err = extract(capsys, "-", "-o", str(out))
    assert code == 2 and says in err and not out.exists()
    if "not JSONL" in says:
        assert "extractor extract FILE.txt" in err  # the hint


def test_blank_stdin_has_nothing_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, b"\n \n\t\n")
    code, _, err = extract(capsys, "-", "-o", str(tmp_path / "o.jsonl"))
    assert code == 2 and "no articles found" in err and not (tmp_path / "o.jsonl").exists()


# --- dates --------------------------------------------------------------------------------------------


def test_published_in_any_common_form_and_a_warning_for_one_that_cannot_be_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    given = {
        "p1": ("17/05/2023", "2023-05-17"),
        "p2": ("17 tháng 5 năm 2023", "2023-05-17"),
        "p3": ("2023-05-17 08:30", "2023-05-17T08:30"),
        "p4": ("2023-05-17T08:30:59+07:00", "2023-05-17T08:30"),
        "p5": ("May 17, 2023", "2023-05-17"),
        "p6": ("hôm qua", None),
    }
    path = tmp_path / "d.jsonl"
    path.write_text("\n".join(line(k, published=v[0]) for k, v in given.items()) + "\n", encoding="utf-8")
    code, stdout, _ = extract(capsys, str(path), "-o", str(tmp_path / "o.jsonl"))
    assert code == 0  # no article lost for its date
    assert {r["doc_id"]: r["source"]["published"] for r in jsonl(tmp_path / "o.jsonl")} == {
        k: v[1] for k, v in given.items()
    }
    assert "warning: 1 article(s) with a publication date that cannot be read" in stdout
    assert f"{path}:6 'hôm qua'" in stdout


def test_a_long_text_without_line_breaks_gets_its_record_and_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = (ROOT / "corpus" / "art_004.txt").read_text(encoding="utf-8")
    path = tmp_path / "d.jsonl"
    rows = [("flat", " ".join(article.split())), ("lines", article), ("short", "Thanh tra tỉnh Lai Châu " * 10)]
    path.write_text("".join(json.dumps({"id": k, "text": t}, ensure_ascii=False) + "\n" for k, t in rows),
                    encoding="utf-8")
    code, stdout, _ = extract(capsys, str(path), "-o", str(tmp_path / "o.jsonl"))
    assert code == 0 and len(jsonl(tmp_path / "o.jsonl")) == 3
    assert f"warning: 1 article(s) of more than 1,000 characters without a line break, e.g. {path}:1" in stdout


# --- files that are not files, folders walked once -----------------------------------------------------


def test_fifos_devices_and_symlink_loops_are_one_error_line_each_and_never_block(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    os.mkfifo(src / "b_fifo.txt")
    (src / "c_self.txt").symlink_to("c_self.txt")
    (src / "d_null.txt").symlink_to("/dev/null")
    (src / "sub" / "up").symlink_to("..")  # a folder loop
    (src / "again").symlink_to(src / "sub")  # the same folder under another name: read once
    for i in range(9):
        (src / f"z{i}.txt").write_text(SHORT + f" Bài {i}.", encoding="utf-8")
    (src / "sub" / "s.txt").write_text(SHORT, encoding="utf-8")
    out = tmp_path / "o.jsonl"
    proc = subprocess.run(
        command(str(src), "-o", str(out)), capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert proc.returncode == 1, proc.stderr
    assert sorted(r["doc_id"] for r in jsonl(out)) == ["s", *(f"z{i}" for i in range(9))]  # each once
    errors = {Path(e["source"]).name: e["reason"] for e in jsonl(tmp_path / "o.errors.jsonl")}
    assert sorted(errors) == ["b_fifo.txt", "c_self.txt", "d_null.txt", "up"]
    assert "FIFO" in errors["b_fifo.txt"] and "symlink loop" in errors["c_self.txt"]
    assert "character device" in errors["d_null.txt"] and "symlink loop" in errors["up"]


# --- HTML ---------------------------------------------------------------------------------------------


def test_html_url_from_the_canonical_link_or_og_url(tmp_path: Path) -> None:
    body = "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n") if p.strip())
    head = '<meta property="og:url" content="https://og.example/a">'
    canonical = '<link href="https://thanhtra.vn/a.html?x=1&amp;y=2" rel="canonical">'
    for name, extra in (("both", canonical + head), ("og", head), ("none", "")):
        page = f"<html><head><meta charset='utf-8'><title>T</title>{extra}</head><body><article>{body}</article></body></html>"
        (tmp_path / f"{name}.html").write_text(page, encoding="utf-8")
    docs = {d.doc_id: d.load()[1] for d in read_docs([str(tmp_path)])}
    assert docs == {"both": "https://thanhtra.vn/a.html?x=1&y=2", "og": "https://og.example/a", "none": None}
    assert page_url('<head><link rel="canonical" href="/relative"></head>') is None
    # SOURCES.tsv, when it names the page, is the user's word and wins
    (tmp_path / "SOURCES.tsv").write_text("doc_id\turl\nboth\thttps://mine.example/b\n", encoding="utf-8")
    assert {d.doc_id: d.load()[1] for d in read_docs([str(tmp_path / "both.html")])} == {
        "both": "https://mine.example/b"
    }


# --- the output: locked, and checked line by line on --resume ----------------------------------------


def test_resume_checks_every_line_of_the_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(line(f"r{i}", f"{SHORT} Bài {i}.") for i in range(8)) + "\n", encoding="utf-8")
    full = tmp_path / "full.jsonl"
    assert extract(capsys, str(path), "-o", str(full))[0] == 0
    done = full.read_text(encoding="utf-8").splitlines()
    out = tmp_path / "out.jsonl"
    # an interrupted run's output with a garbage line, a repeated record and a cut last line in it
    out.write_text(
        "\n".join([done[0], "garbage {", done[1], done[1], '{"no": "doc id"}', done[2]])
        + "\n"
        + done[3][:30],
        encoding="utf-8",
    )
    code, stdout, _ = extract(capsys, str(path), "-o", str(out), "--resume")
    assert code == 0 and out.read_bytes() == full.read_bytes()
    assert "3 already in the output" in stdout and "half-written last line" in stdout
    assert "dropped 3 line(s)" in stdout and "line 2: not JSON" in stdout


def test_a_second_run_on_the_same_output_refuses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "o.jsonl"
    first = subprocess.Popen(
        command("-", "-o", str(out)),
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert first.stdin is not None
    try:
        first.stdin.write((line("one") + "\n").encode())
        first.stdin.flush()
        deadline = time.monotonic() + 60
        while not (out.exists() and out.read_bytes().endswith(b"\n")) and time.monotonic() < deadline:
            time.sleep(0.1)  # the first run has its record written, and holds the output
        assert out.read_bytes().count(b"\n") == 1
        data = tmp_path / "x.jsonl"
        data.write_text(line("two") + "\n", encoding="utf-8")
        code, _, err = extract(capsys, str(data), "-o", str(out))
        assert code == 2 and "being written by another run" in err
        assert [r["doc_id"] for r in jsonl(out)] == ["one"]  # the refusing run touched nothing
        first.stdin.write((line("three") + "\n").encode())
    finally:
        first.stdin.close()
        first.wait(timeout=60)
    assert first.returncode == 0 and [r["doc_id"] for r in jsonl(out)] == ["one", "three"]
    assert extract(capsys, str(data), "-o", str(out))[0] == 0  # free again once that run ended


# --- processes -----------------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        kids += [int(k) for k in (task / "children").read_text().split()]
    return kids


def _gone(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in status  # dead, not yet reaped


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")
def test_workers_die_with_their_parent_whatever_killed_it(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        command("-", "-o", str(tmp_path / "o.jsonl"), "-j", "2"),
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    assert proc.stdin is not None
    try:
        proc.stdin.write((line("one") + "\n").encode())
        proc.stdin.flush()
        deadline = time.monotonic() + 60
        while len(_children(proc.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = _children(proc.pid)
        assert len(workers) == 2
        proc.kill()  # SIGKILL to the parent alone, not to its process group
        proc.wait()
        deadline = time.monotonic() + 10
        while not all(_gone(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert all(_gone(w) for w in workers), "a worker outlived its parent"
    finally:
        proc.stdin.close()
        for w in _children(proc.pid) if proc.poll() is None else []:
            os.kill(w, signal.SIGKILL)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_a_run_within_seconds(tmp_path: Path, jobs: str) -> None:
    src = tmp_path / "in"
    src.mkdir()
    slow = "phát hiện sai phạm 160.596 triệu đồng, kiến nghị thu hồi 5,6 tỷ đồng, " * 6000  # ~0.4M characters
    for i in range(8):
        (src / f"slow{i}.txt").write_text(slow + f"Bài {i}.", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    proc = subprocess.Popen(
        command(str(src), "-o", str(out), "-j", jobs, "--chunk-size", "1"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while not (out.exists() and out.stat().st_size) and time.monotonic() < deadline:
        time.sleep(0.05)  # midway: the first records are written, the others are being worked on
    t = time.perf_counter()
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:  # never leave a hung run behind
            proc.kill()
            proc.wait()
    stopped_in = time.perf_counter() - t
    assert proc.returncode == 130 and "rerun with --resume" in err
    assert stopped_in < 5, f"took {stopped_in:.1f} s to stop"  # a guard: an article takes longer than that
    assert 0 < len(jsonl(out)) < 8  # interrupted midway, and what was done is written whole


def test_a_ctrl_c_swallowed_where_it_landed_still_stops_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seen in CI with Dask: the interrupt landed in a future's finaliser, which prints an exception and
    drops it, and the run went on to the end with exit 0."""
    from extractor.batch import engines
    from extractor.commands import extract as command_module

    class Finaliser:
        def __del__(self) -> None:
            signal.raise_signal(signal.SIGINT)  # its KeyboardInterrupt is raised here, and ignored

    class Engine(engines.InlineEngine):
        def map_ordered(self, fn, chunks, on_lost):  # type: ignore[no-untyped-def]
            for i, result in enumerate(super().map_ordered(fn, chunks, on_lost)):
                if i == 1:
                    Finaliser()  # dropped at once
                yield result

    before = signal.getsignal(signal.SIGINT)
    monkeypatch.setattr(engines, "make_engine", lambda *a, **k: Engine())
    monkeypatch.setattr(command_module, "exit_soon", lambda *a, **k: None)  # it would end pytest's process
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(line(f"k{i}", f"{SHORT} Bài {i}.") for i in range(6)) + "\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    code, _, err = extract(capsys, str(src), "-o", str(out), "--chunk-size", "1")
    assert code == 130 and "rerun with --resume" in err
    assert 0 < len(jsonl(out)) < 6  # stopped after the result it landed on; what was done is written
    assert signal.getsignal(signal.SIGINT) is before  # the run's own handler is gone again


def test_after_ctrl_c_an_exit_that_blocks_is_cut_short_with_the_interrupt_status() -> None:
    # what a pool's exit hook stuck on a dead worker's pipe looks like: a non-daemon thread that never ends
    code = (
        "import threading\n"
        "from extractor.commands.extract import exit_soon\n"
        "threading.Thread(target=threading.Event().wait).start()\n"
        "print('written', flush=True)\n"
        "exit_soon(130, 0.5)\n"
    )
    t = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert (done.returncode, done.stdout) == (130, "written\n")
    assert time.monotonic() - t < 10


# --- load --skip-bad ---------------------------------------------------------------------------------


def test_load_names_a_bad_line_and_skips_it_only_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.jsonl"
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(line(f"k{i}", f"{SHORT} Bài {i}.") for i in range(3)) + "\n", encoding="utf-8")
    assert extract(capsys, str(path), "-o", str(out))[0] == 0
    good = out.read_text(encoding="utf-8").splitlines()
    bad = json.loads(good[1])
    bad["figures"][0]["value"] = None  # what an infinite value used to become
    out.write_text("\n".join([good[0], json.dumps(bad), good[2]]) + "\n", encoding="utf-8")
    db = tmp_path / "f.db"
    assert main(["load", str(out), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert f"{out}:2: not a record: figures.0.value" in err and "--skip-bad" in err
    assert main(["load", str(out), "--db", str(db), "--skip-bad"]) == 1
    err = capsys.readouterr().err
    assert "loaded 2 articles" in err and f"skipped {out}:2" in err
    import sqlite3

    with sqlite3.connect(db) as con:
        assert sorted(r[0] for r in con.execute("SELECT doc_id FROM articles")) == ["k0", "k2"]


def test_a_doc_too_long_for_max_chars_is_refused_after_decoding() -> None:
    doc = Doc("d", "mem", fmt="txt", raw=("ă" * 50).encode("utf-8"), max_chars=40)
    with pytest.raises(Exception, match="article too long: 50 characters"):
        doc.load()
