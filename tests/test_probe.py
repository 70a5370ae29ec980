"""The generalisation probes (extractor/evaluation/probe.py): each rewrite changes what it says, the same
way in the article and its gold, and nothing else; `eval --probes` scores them and gates on a baseline."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import regex

from extractor.evaluation import probe
from extractor.evaluation.goldset import article_paths, read_article
from extractor.evaluation.scoring import fold
from extractor.models import Record
from extractor.stages import gazetteer

ROOT = Path(__file__).resolve().parents[1]
GOLD = probe.load_raw_gold(ROOT / "gold")
TEXTS = {d: read_article(p) for d, p in article_paths(ROOT / "corpus").items() if d in GOLD}


def rewritten(name: str) -> list[tuple[str, str, dict]]:
    """(doc_id, text, gold) of every article the probe rewrites."""
    out = []
    for doc_id in sorted(GOLD):
        got = probe.PROBES[name](doc_id, TEXTS[doc_id], GOLD[doc_id])
        if got is not None:
            out.append((doc_id, *got))
    return out


@pytest.mark.parametrize("name", sorted(probe.PROBES))
def test_every_probe_rewrites_most_articles_into_a_valid_gold_record(name: str) -> None:
    done = rewritten(name)
    assert len(done) >= 15, f"{name} rewrote only {len(done)} articles"
    changed = 0
    for doc_id, text, gold in done:
        Record.model_validate(gold)  # still a record
        assert len(gold["figures"]) == len(GOLD[doc_id]["figures"])
        assert [f["value"] for f in gold["figures"]] == [f["value"] for f in GOLD[doc_id]["figures"]]
        changed += text != TEXTS[doc_id]
    assert changed == len(done)


def _word(text: str, name: str) -> bool:
    return regex.search(r"(?<![\p{L}\p{N}])" + probe._as_written(name) + r"(?![\p{L}\p{N}])", text) is not None


def test_provinces_are_swapped_for_unnamed_ones_of_the_same_kind_in_text_and_gold() -> None:
    names = gazetteer.provinces()
    for doc_id, text, gold in rewritten("provinces"):
        old = [p["code"] for p in GOLD[doc_id]["provinces"]]
        new = [p["code"] for p in gold["provinces"]]
        assert len(set(new)) == len(new) and not set(old) & set(new), doc_id
        for a, b in zip(old, new, strict=True):
            assert names[a].full_name.split()[0] == names[b].full_name.split()[0], (doc_id, a, b)
            assert not _word(text, names[a].name), (doc_id, names[a].name)
            assert _word(text, names[b].name) == _word(TEXTS[doc_id], names[a].name), doc_id
        swap = dict(zip(old, new, strict=True))
        before, after = GOLD[doc_id], gold
        for o, p in zip(before["officials"], after["officials"], strict=True):
            assert p.get("province") == swap.get(o.get("province"), o.get("province"))
        if before["cluster"]:
            assert after["cluster"]["members"] == [swap.get(m, m) for m in before["cluster"]["members"]]
        if before["event"] and before["event"].get("location"):
            assert after["event"]["location"] == swap.get(before["event"]["location"])


def test_years_move_four_back_everywhere_they_are_written_or_held() -> None:
    assert probe._shift_years("Nghị định số 33/2015/NĐ-CP ngày 27/3/2015; giai đoạn 2016-2020") == (
        "Nghị định số 33/2011/NĐ-CP ngày 27/3/2011; giai đoạn 2012-2016"
    )
    assert probe._shift_years("5.486 cuộc, 2.019 lượt, 12.2015 m2, 20150 đồng") == (
        "5.486 cuộc, 2.019 lượt, 12.2015 m2, 20150 đồng"
    )
    for doc_id, _, gold in rewritten("years"):
        before = GOLD[doc_id]
        if before["period"] and before["period"].get("year"):
            assert gold["period"]["year"] == before["period"]["year"] - 4
        if before["event"] and before["event"].get("date"):
            assert int(gold["event"]["date"][:4]) == int(before["event"]["date"][:4]) - 4
        for a, b in zip(before["legal_refs"], gold["legal_refs"], strict=True):
            assert (b.get("year") is None) == (a.get("year") is None)
            if a.get("year"):
                assert b["year"] == a["year"] - 4
                assert (str(b["year"]) in b["canonical"]) == (str(a["year"]) in a["canonical"])


@pytest.mark.parametrize(
    ("written", "other"),
    [
        ("160.596 triệu", "160,596 tỷ"),
        ("1.478 triệu", "1,478 tỷ"),
        ("5,6 tỷ", "5.600 triệu"),
        ("hơn 104 tỉ", "104.000 triệu"),
        ("2,25 tỷ", "2.250 triệu"),
        ("3.000 triệu", "3 tỷ"),
        ("680 triệu", None),  # under a tỷ: left as written
        ("1,2345 tỷ", "1.234,5 triệu"),
        ("1.234.567 triệu", "1.234,567 tỷ"),
    ],
)
def test_money_is_written_in_the_other_scale_with_its_value_kept(written: str, other: str | None) -> None:
    m = probe._AMOUNT.search(written)
    assert m is not None
    assert probe._other_style(m["num"], m["scale"]) == other


def test_money_leaves_the_second_side_of_a_share_alone() -> None:
    fn = probe._replacer({"1.643 triệu": "1,643 tỷ"}, before=r"(?<![\p{L}\p{N}.,/])")
    assert fn("thu hồi 1.330/1.643 triệu đồng, tổng 1.643 triệu đồng") == "thu hồi 1.330/1.643 triệu đồng, tổng 1,643 tỷ đồng"


@pytest.mark.parametrize(
    ("written", "other"),
    [
        ("Ủy ban nhân dân tỉnh Khánh Hòa", "Uỷ ban nhân dân tỉnh Khánh Hoà"),
        ("Thanh Hóa, khỏe, thủy lợi, Thụy", "Thanh Hoá, khoẻ, thuỷ lợi, Thuỵ"),
        ("quý, quỹ, hoàn thành, khoán, tuyển", "quý, quỹ, hoàn thành, khoán, tuyển"),  # not open oa/oe/uy
    ],
)
def test_tone_marks_move_to_the_second_vowel_and_scoring_reads_both_as_one(written: str, other: str) -> None:
    assert probe._tone_on_second(written) == other
    assert fold(written) == fold(other)


@pytest.mark.parametrize(
    ("written", "other"),
    [
        ("Ngày 16/11/2018, theo Nghị định 33/2015/NĐ-CP ngày 27/3/2015", "Ngày 16-11-2018, theo Nghị định 33/2015/NĐ-CP ngày 27-3-2015"),
        ("Sáng 22-11, chiều 19.12, tiếp 32/55 cuộc", "Sáng 22/11, chiều 19/12, tiếp 32/55 cuộc"),
        ("đến 31/12/2019 và ngày 40/13/2019", "đến 31-12-2019 và ngày 40/13/2019"),
    ],
)
def test_dates_take_the_other_style_and_numbers_that_are_not_dates_stay(written: str, other: str) -> None:
    assert probe._restyle_dates(written) == other


def test_cluster_numbers_and_document_numbers_are_written_the_other_way() -> None:
    assert probe._renumber("Cụm thi đua số IV; Cụm Thi đua số 2; Khối III; Khối thi đua số XII") == (
        "Cụm thi đua số 4; Cụm Thi đua số II; Khối 3; Khối thi đua số 12"
    )
    assert probe._without_so("Nghị định số 33/2015/NĐ-CP, Kế hoạch số: 64; tổng số 64 cuộc") == (
        "Nghị định 33/2015/NĐ-CP, Kế hoạch 64; tổng số 64 cuộc"
    )


@pytest.mark.parametrize(
    ("name", "written", "other"),
    [
        ("qualifiers", "hơn 5,6 tỷ đồng và trên 80%, cao hơn năm trước; Hơn nữa, Trên 3 cuộc",
         "trên 5,6 tỷ đồng và hơn 80%, cao hơn năm trước; Hơn nữa, Hơn 3 cuộc"),
        ("honorifics", "Ông Nguyễn Văn An và ông Trần Bình; bà Lê Hoa", "Đồng chí Nguyễn Văn An và đồng chí Trần Bình; bà Lê Hoa"),
        ("percent", "đạt 89,72%, tăng 5%", "đạt 89,72 %, tăng 5 %"),
        ("punctuation", "Bà Rịa – Vũng Tàu — “Đề án” …", 'Bà Rịa - Vũng Tàu - "Đề án" ...'),
    ],
)
def test_word_and_mark_probes_rewrite_text_and_gold_alike(name: str, written: str, other: str) -> None:
    got = probe.PROBES[name]("x", written, {"officials": [{"name": "a", "title": written}]})
    assert got == (other, {"officials": [{"name": "a", "title": other}]})
    assert probe.PROBES[name]("x", "Không có gì để đổi", {}) is None


def test_house_style_spells_bodies_out_but_never_inside_a_document_code() -> None:
    got = probe.rewrite_house_style("x", "Chánh Thanh tra tỉnh, Chủ tịch UBND tỉnh; Quyết định 12/QĐ-UBND.", {})
    assert got is not None
    assert got[0] == "Chánh thanh tra tỉnh, Chủ tịch Ủy ban nhân dân tỉnh; Quyết định 12/QĐ-UBND."


def _eval(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor", "eval", *argv], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def test_eval_probes_gates_on_the_probe_baseline_and_fails_a_drop(tmp_path: Path) -> None:
    shown = _eval("--probes", "--json")
    assert shown.returncode == 0, shown.stderr
    scores = json.loads(shown.stdout)
    assert set(scores) == set(probe.PROBES)
    assert _eval("--probes", "--baseline", "gold/probe_baseline.json").returncode == 0
    raised = json.loads(json.dumps(scores))
    raised["dates"]["rewritten"]["fields"]["event.date"]["accuracy"] = 1.5  # no run can reach it
    (tmp_path / "b.json").write_text(json.dumps(raised), encoding="utf-8")
    failed = _eval("--probes", "--baseline", str(tmp_path / "b.json"))
    assert failed.returncode == 1
    assert "REGRESSION: dates probe: event.date" in failed.stderr
