import json
import unicodedata
from pathlib import Path

import pytest

from extractor.models import Record
from extractor.pipeline import ExtractionError, extract_text

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SEED = (CORPUS / "000_b64680261e54cc31.txt").read_text(encoding="utf-8")


def test_seed_record_has_the_founding_figure_with_its_sentence():
    rec = extract_text("000_b64680261e54cc31", SEED)
    fig = next(f for f in rec.figures if f.text == "160.596 triệu đồng")
    assert (fig.metric, fig.value, fig.unit) == ("violation_amount", 160596000000, "VND")
    assert "phát hiện sai phạm 160.596 triệu đồng" in fig.sentence
    assert rec.cluster.number == 5 and rec.source.author == "Trung Hà"


def test_nfd_input_gives_the_same_record():
    a = extract_text("d", SEED).to_json()
    b = extract_text("d", unicodedata.normalize("NFD", SEED)).to_json()
    assert a == b


def test_every_span_indexes_the_nfc_text():
    for path in sorted(CORPUS.glob("*.txt"))[:12]:
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
        rec = extract_text(path.stem, text)
        for item in [*rec.provinces, *rec.officials, *rec.legal_refs, *rec.figures]:
            s, e = item.span
            assert 0 <= s < e <= len(text)
        for f in rec.figures:
            assert text[f.span[0] : f.span[1]] == f.text and f.sentence in text


def test_record_round_trips_through_json():
    rec = extract_text("d", SEED)
    again = Record.model_validate(json.loads(json.dumps(rec.to_json())))
    assert again.to_json() == rec.to_json()


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_empty_article_is_a_one_line_error(text):
    with pytest.raises(ExtractionError, match="empty"):
        extract_text("d", text)


def test_text_without_figures_gives_a_valid_record():
    rec = extract_text("d", "Thanh tra tỉnh Hà Nam tổ chức gặp mặt cán bộ hưu trí.")
    assert rec.figures == [] and [p.code for p in rec.provinces] == ["35"]
