"""Every figure says why it got its metric (issue 9, "Say why"): `cue` is the words that decided it, with their
span, or null when none did; `extractor show`, `eval --errors` and the database all carry it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from extractor.cli import main
from extractor.evaluation.scoring import score
from extractor.models import Figure, Record
from extractor.pipeline import extract_text
from extractor.stages.figures import find_figures
from extractor.store import db as figures_db
from tests.helpers import article


def _cues(text: str) -> list[tuple[str, str | None]]:
    art = article(text)
    out = []
    for f in find_figures(art):
        if f.cue is not None:
            assert art.text[f.cue.span[0] : f.cue.span[1]] == f.cue.text
        out.append((f.metric, f.cue.text if f.cue else None))
    return out


def test_cue_is_the_deciding_words_with_their_span() -> None:
    # corpus (002): recommended, then collected, then the rate after a recovered amount
    assert _cues("Kiến nghị thu hồi vào Ngân sách nhà nước hơn 71.5 tỷ đồng; đã thu hồi trên 64.2 tỷ "
                 "(đạt 89,72% tỷ lệ thu hồi).") == [
        ("recovery_recommended_amount", "Kiến nghị thu hồi"), ("recovered_amount", "đã thu hồi"),
        ("recovery_rate", "tỷ lệ thu hồi")]
    # a cue after the number binds tighter; a rule that only asks for the noun names the noun
    assert _cues("Thanh tra tỉnh Lào Cai triển khai 41 cuộc, trong đó 9 cuộc đột xuất.") == [
        ("inspections", "cuộc"), ("inspections_unscheduled", "đột xuất")]
    # no cue at all: `other` by default, cue null
    assert _cues("Có 12 tiết mục văn nghệ, tổng kinh phí 40 triệu đồng.") == [("other", None), ("other", None)]


def test_show_prints_the_cue(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "300")  # one line per row: no folding inside the cue
    path = tmp_path / "a.txt"
    path.write_text("Năm 2024, Thanh tra tỉnh Sơn La đã thu hồi 3,2 tỷ đồng.", encoding="utf-8")
    assert main(["show", str(path)]) == 0
    out = capsys.readouterr().out
    assert "recovered_amount" in out and "«đã thu hồi»" in out


def test_eval_errors_print_the_cue_beside_a_wrong_metric() -> None:
    text = "Năm 2024, Thanh tra tỉnh Sơn La đã thu hồi 3,2 tỷ đồng."
    pred = extract_text("a", text)
    gold = Record(doc_id="a", figures=[Figure(metric="recovery_recommended_amount", value=3.2e9, unit="VND",
                                              text="3,2 tỷ đồng")])
    lines = [m.line() for m in score({"a": gold}, {"a": pred}).mistakes if m.field == "figures"]
    assert "a\tfigures\tpred\trecovered_amount VND 3200000000 «3,2 tỷ đồng» · cue «đã thu hồi»" in lines
    assert "a\tfigures\tgold\trecovery_recommended_amount VND 3200000000 «3,2 tỷ đồng»" in lines


def test_the_database_keeps_the_cue(tmp_path: Path) -> None:
    rec = extract_text("a", "Thanh tra tỉnh Sơn La đã thu hồi 3,2 tỷ đồng và tổ chức 12 tiết mục văn nghệ.")
    db = tmp_path / "f.db"
    figures_db.load([rec], db)
    with sqlite3.connect(db) as conn:
        got = conn.execute("SELECT metric, cue FROM figures ORDER BY id").fetchall()
    assert got == [("recovered_amount", "đã thu hồi"), ("other", None)]
