"""`extractor show`: an article's record as tables; a figure that breaks down another shows which."""

from __future__ import annotations

import argparse

import extractor.pipeline
from extractor.commands import show
from tests.db_records import CORPUS, gold_record


def test_show_prints_the_whole_a_figure_is_part_of(monkeypatch, capsys):
    # art_032: "… hơn 2,5 tỷ đồng (tổ chức hơn 1,6 tỷ đồng và cá nhân 889,75 triệu đồng)": as the gold gives
    # it, so that the test does not wait for the figures stage to fill part_of.
    labelled = gold_record("art_032")
    monkeypatch.setattr(extractor.pipeline, "extract_text", lambda *a, **k: labelled)
    parser = argparse.ArgumentParser()
    show.add_parser(parser.add_subparsers())
    args = parser.parse_args(["show", str(CORPUS / "art_032.txt")])
    monkeypatch.setenv("COLUMNS", "250")
    assert args.run(args) == 0
    out = capsys.readouterr().out
    assert "part of" in out
    row = next(line for line in out.splitlines() if "889,75 triệu đồng" in line and "«" in line)
    assert "«hơn 2,5 tỷ đồng»" in row
