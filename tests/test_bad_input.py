"""Bad input through the real command: every file gives a record or a one-line error, never a traceback,
and a run killed midway then resumed equals an uninterrupted one."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from extractor.cli import main
from tests.helpers import to_cp1258

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"




def corpus_texts() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))}


def sample_article() -> str:
    """A corpus article with figures that Windows-1258 can encode."""
    for text in corpus_texts().values():
        try:
            to_cp1258(text)
        except UnicodeEncodeError:
            continue
        if any(c.isdigit() for c in text) and len(text) > 800:
            return unicodedata.normalize("NFC", text)
    raise AssertionError("no corpus article fits")


def extract(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["extract", *args, "--no-progress"])
    out, err = capsys.readouterr()
    return code, out, err


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def without_id(record: dict) -> dict:
    return {k: v for k, v in record.items() if k != "doc_id"}


PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>TITLE</title>
<meta property="article:published_time" content="2021-06-04T09:00:00+07:00">
<script>var s = "Thanh tra tỉnh Sơn La phát hiện sai phạm 987.654 triệu đồng";</script></head>
<body><nav>Trang chủ | Tin tức</nav><article><h1>TITLE</h1>BODY
<script>document.write("kiến nghị thu hồi 123.456 triệu đồng")</script></article><footer>Bản quyền</footer>
</body></html>"""


def test_bad_files_each_give_a_record_or_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = sample_article()
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(good, encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "spaces.txt").write_text("  \n\t\n   \n", encoding="utf-8")
    (src / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    (src / "win1258.txt").write_bytes(to_cp1258(good))
    (src / "utf16.txt").write_bytes(good.encode("utf-16"))
    (src / "bom.txt").write_bytes(b"\xef\xbb\xbf" + good.encode("utf-8"))
    (src / "nfd.txt").write_text(unicodedata.normalize("NFD", good), encoding="utf-8")
    (src / "nofigures.txt").write_text("Hôm nay trời đẹp. Mọi người đi chơi công viên.", encoding="utf-8")
    (src / "undecodable.txt").write_bytes(bytes([0x81, 0x8D, 0x9D, 0x41]) * 100)
    paragraphs = "".join(f"<p>{p}</p>" for p in good.split("\n") if p.strip())
    (src / "page.html").write_text(
        PAGE.replace("TITLE", "Tiêu đề trang").replace("BODY", paragraphs), encoding="utf-8"
    )
    (src / "lines.jsonl").write_text(
        "\n".join(
            [
                json.dumps({"id": "j1", "text": good, "url": "https://example.org/j1"}),
                "{not json",
                json.dumps({"id": "j2"}),
                json.dumps({"id": "good", "text": "a second article with the id of good.txt"}),
                json.dumps({"id": "j1", "text": "the same id again"}),
                json.dumps({"id": "j3", "text": "Thanh tra tỉnh Bắc Giang tổ chức hội nghị."}),
            ]
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out" / "records.jsonl"
    code, stdout, stderr = extract(capsys, str(src), "-o", str(out))

    assert "Traceback" not in stderr + stdout
    records = {r["doc_id"]: r for r in read_jsonl(out)}
    errors = read_jsonl(tmp_path / "out" / "records.errors.jsonl")
    for e in errors:
        assert set(e) == {"doc_id", "source", "reason"} and e["reason"] and "\n" not in e["reason"]
    failed = {e["doc_id"] or e["source"]: e for e in errors}

    # Every input is accounted for, exactly once, as a record or an error.
    inputs = {
        "good",
        "empty",
        "spaces",
        "binary",
        "win1258",
        "utf16",
        "bom",
        "nfd",
        "nofigures",
        "undecodable",
        "page",
        "j1",
        "j3",
    }
    assert inputs <= set(records) | set(failed)
    assert not (set(records) & {e["doc_id"] for e in errors if "duplicate" not in e["reason"]})
    for name in ("empty", "binary", "undecodable"):
        assert failed[name]["source"].endswith(f"{name}.txt")
    assert "empty" in failed["empty"]["reason"] and "binary" in failed["binary"]["reason"]
    assert "spaces" in failed  # whitespace only: no article
    assert failed[f"{src / 'lines.jsonl'}:2"]["reason"].startswith("malformed JSON")
    assert failed["j2"]["reason"] == 'missing "text"'
    dups = [e for e in errors if "duplicate" in e["reason"]]
    assert [(e["doc_id"], e["source"]) for e in dups] == [
        ("good", f"{src / 'lines.jsonl'}:4"),
        ("j1", f"{src / 'lines.jsonl'}:5"),
    ]

    # The same article read from any encoding, or as NFD, gives the same record.
    base = without_id(records["good"])
    assert base["figures"], "the sample article has figures"
    for name in ("win1258", "utf16", "bom", "nfd"):
        assert without_id(records[name]) == base, name
    assert without_id(records["j1"])["figures"] == base["figures"]
    assert records["j1"]["source"]["url"] == "https://example.org/j1"
    assert records["nofigures"]["figures"] == []

    # HTML: the page's own text and metadata, nothing from its scripts.
    page = records["page"]
    values = {f["value"] for f in page["figures"]}
    assert values and 987654000000 not in values and 123456000000 not in values
    assert page["source"]["title"] == "Tiêu đề trang" and page["source"]["published"] == "2021-06-04"

    # Exit code and summary say how many succeeded and failed.
    n_failed = len(errors) - len(dups)
    assert code == 1
    assert f"{len(records) + n_failed} articles: {len(records)} records, {n_failed} failed" in stdout


def test_a_5_mb_article_gives_a_record_or_an_error_and_spares_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = sample_article()
    src = tmp_path / "in"
    src.mkdir()
    big = (good + "\n\n") * (5_000_000 // len(good.encode("utf-8")) + 1)
    (src / "big.txt").write_text(big, encoding="utf-8")
    (src / "small.txt").write_text(good, encoding="utf-8")
    out = tmp_path / "o.jsonl"
    t = time.perf_counter()
    _, _, stderr = extract(capsys, str(src), "-o", str(out), "--timeout", "60")
    elapsed = time.perf_counter() - t
    assert "Traceback" not in stderr
    records = {r["doc_id"]: r for r in read_jsonl(out)}
    errors = read_jsonl(tmp_path / "o.errors.jsonl")
    assert "small" in records and records["small"]["figures"]
    assert ("big" in records) != any(e["doc_id"] == "big" for e in errors)
    assert elapsed < 90
    if "big" in records:
        text = unicodedata.normalize("NFC", big)
        for f in records["big"]["figures"]:
            assert text[f["span"][0] : f["span"][1]]


def test_corpus_run_prints_the_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "records.jsonl"
    code, stdout, _ = extract(capsys, str(CORPUS), "-o", str(out))
    records = read_jsonl(out)
    n = len(list(CORPUS.glob("*.txt")))
    assert len(records) == n and code == 0
    counts = {k: sum(len(r[k]) for r in records) for k in ("provinces", "officials", "legal_refs", "figures")}
    assert f"{n} articles: {n} records, 0 failed" in stdout
    assert (
        f"found: {counts['provinces']} provinces, {counts['officials']} officials, "
        f"{counts['legal_refs']} legal refs, {counts['figures']} figures"
    ) in stdout


def test_stdin_to_stdout(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    good = sample_article()
    data = "\n".join(json.dumps({"id": f"s{i}", "text": t}) for i, t in enumerate([good, "", good])) + "\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode("utf-8")), encoding="utf-8"))
    code, stdout, stderr = extract(capsys, "-", "-o", "-")
    lines = [json.loads(x) for x in stdout.splitlines()]
    assert [r["doc_id"] for r in lines] == ["s0", "s2"]
    assert code == 1 and "<stdin>:2:" in stderr and "1 failed" in stderr


def test_nothing_to_read_and_bad_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty_dir").mkdir()
    code, _, err = extract(capsys, str(tmp_path / "empty_dir"), "-o", str(tmp_path / "o.jsonl"))
    assert code == 2 and "no articles found" in err
    code, _, err = extract(capsys, "-", "-o", "-", "--resume")
    assert code == 2 and "--resume" in err


# --- killed midway, then resumed ------------------------------------------------------------------------


def _big_jsonl(path: Path, copies: int) -> list[str]:
    lines = []
    for k in range(copies):
        for stem, text in corpus_texts().items():
            lines.append(json.dumps({"id": f"{stem}-{k}", "text": text}, ensure_ascii=False))
    lines.insert(17, json.dumps({"id": "broken"}))  # an error line too: errors must match as well
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lines


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_killed_run_then_resumed_equals_an_uninterrupted_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    corpus = tmp_path / "corpus.jsonl"
    lines = _big_jsonl(corpus, copies=7)  # ~340 articles
    ref = tmp_path / "ref.jsonl"
    assert extract(capsys, str(corpus), "-o", str(ref))[0] == 1

    # The run to kill reads the same articles from a pipe, fed slowly enough that it is surely midway
    # (reading, extracting, writing) when killed.
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "extractor", "extract", "-", "-o", str(out), "-j", jobs, "--no-progress"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the kill reaches its workers too
        cwd=ROOT,
    )
    assert proc.stdin is not None
    written = 0
    try:
        for i, line in enumerate(lines):
            proc.stdin.write((line + "\n").encode("utf-8"))
            if i % 5 == 4:
                proc.stdin.flush()
                time.sleep(0.04)
                written = out.read_bytes().count(b"\n") if out.exists() else 0
                if written >= 40:
                    break
        assert proc.poll() is None and 40 <= written < len(lines) - 40, "the run was not killed midway"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL

    code, stdout, _ = extract(capsys, str(corpus), "-o", str(out), "--resume", "-j", jobs)
    assert code == 1
    assert out.read_bytes() == ref.read_bytes()  # same records, same order
    ref_errors = [(e["doc_id"], e["reason"]) for e in read_jsonl(tmp_path / "ref.errors.jsonl")]
    assert [(e["doc_id"], e["reason"]) for e in read_jsonl(tmp_path / "out.errors.jsonl")] == ref_errors
    assert "already in the output" in stdout
