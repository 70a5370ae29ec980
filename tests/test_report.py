"""The HTML eval report: gold items are found in the text, mistakes are marked, the page is well formed."""

from __future__ import annotations

from extractor.evaluation.report import DocView, locate, render_report
from extractor.evaluation.scoring import score
from extractor.models import Record

TEXT = ("Thanh tra tỉnh Cà Mau tiếp 44 đơn <script>. Ông Huỳnh Việt Ân nói:\n"
        "đã nhận 44   đơn và phát hiện sai phạm hơn 5,6 tỷ đồng.")


def test_locate_folds_whitespace_and_falls_back_to_ignoring_case():
    assert locate(TEXT, "44 đơn") == (27, 33)
    start, end = locate(TEXT, "44 đơn", 33)
    assert TEXT[start:end] == "44   đơn"
    assert locate(TEXT, "HUỲNH việt ân") is not None
    assert locate(TEXT, "không có") is None
    assert locate(TEXT, "") is None


def test_report_marks_matches_and_mistakes():
    gold = Record.model_validate({
        "doc_id": "d", "provinces": [{"code": "96", "name": "Cà Mau"}],
        "officials": [{"name": "Huỳnh Việt Ân"}],
        "figures": [
            {"metric": "petitions_received", "value": 44, "unit": "count", "text": "44 đơn"},
            {"metric": "petitions_received", "value": 44, "unit": "count", "text": "44 đơn"},
            {"metric": "violation_amount", "value": 5.6e9, "unit": "VND", "qualifier": "more_than",
             "text": "hơn 5,6 tỷ đồng"},
            # overlaps the one above
            {"metric": "other", "value": 5.6e9, "unit": "VND", "text": "5,6 tỷ đồng"},
        ],
    })
    pred = Record.model_validate({
        "doc_id": "d", "provinces": [],
        "figures": [{"metric": "petitions_received", "value": 44, "unit": "count", "text": "44 đơn",
                     "span": [27, 33]}],
    })
    result = score({"d": gold}, {"d": pred})
    view = DocView("d", TEXT, gold, pred, result.mistakes, url="https://example.org/d")
    page = render_report(result.scores, [view])
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "&lt;script&gt;" in page and "<script>" not in page  # the article text is escaped
    assert page.count("<mark") == 6  # gold: province, official, 3 of the 4 figures (one overlaps); pred: 1
    assert "PROVINCE ✗" in page and "OFFICIAL ✗" in page and "petitions_received ✓" in page
    assert "1 item(s) not highlighted" in page and "«5,6 tỷ đồng»" in page
    assert "https://example.org/d" in page


def test_a_failed_article_is_reported():
    gold = Record.model_validate({"doc_id": "d", "provinces": [{"code": "96", "name": "Cà Mau"}]})
    result = score({"d": gold}, {})
    page = render_report(result.scores, [DocView("d", TEXT, gold, None, result.mistakes, failure="boom")])
    assert "The extractor failed on this article: boom" in page
    assert "d</a> (failed)" in page
