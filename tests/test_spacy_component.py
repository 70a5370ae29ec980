"""The spaCy component `thanhtra_extractor`: found through spaCy's entry points, the CLI's record on
`doc._.record`, span groups aligned to the tokens of whichever tokenizer the pipeline has."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from extractor.integrations.spacy_component import GROUPS, WHITESPACE_TOKENIZER, blank
from extractor.pipeline import extract_text

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = sorted((ROOT / "corpus").glob("*.txt"))
SAMPLE = ARTICLES[::9]  # 15 articles of every kind in the corpus


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def whitespace_nlp() -> spacy.Language:
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": WHITESPACE_TOKENIZER}})
    nlp.add_pipe("thanhtra_extractor")
    return nlp


def check_doc(doc: Doc, doc_id: str) -> int:
    """The Doc carries the CLI's record, and one token-aligned span per item with a span, in order."""
    record = extract_text(doc_id, doc.text)
    assert doc._.record == record
    n = 0
    for group in GROUPS:
        items = [item for item in getattr(record, group) if item.span is not None]
        spans = list(doc.spans[group])
        assert len(spans) == len(items), group
        for item, span in zip(items, spans, strict=True):
            s, e = item.span
            # Expanded to whole tokens: the first token holds the start, the last token the last character.
            assert span.start_char <= s < span[0].idx + len(span[0].text), (group, item)
            assert span[-1].idx < e <= span.end_char, (group, item)
            if any(t.idx == s for t in doc) and any(t.idx + len(t.text) == e for t in doc):
                assert (span.start_char, span.end_char) == (s, e)
            expected = {"provinces": getattr(item, "code", None), "officials": "official",
                        "legal_refs": getattr(item, "type", None) or "legal_ref",
                        "figures": getattr(item, "metric", None)}[group]
            assert span.label_ == expected
            if group == "legal_refs":
                assert span.kb_id_ == item.canonical
            n += 1
    return n


def test_the_factory_is_a_spacy_entry_point() -> None:
    points = {ep.name: ep.value for ep in importlib.metadata.entry_points(group="spacy_factories")}
    assert points["thanhtra_extractor"] == "extractor.integrations.spacy_component:make_extractor"
    # A fresh interpreter that never imports extractor itself: spaCy finds the component on its own.
    code = (
        "import spacy\n"
        "nlp = spacy.blank('vi', config={'nlp': {'tokenizer': {'@tokenizers': 'spacy.vi.VietnameseTokenizer',"
        " 'use_pyvi': False}}})\n"
        "nlp.add_pipe('thanhtra_extractor')\n"
        "doc = nlp('Thanh tra tỉnh Hà Tĩnh phát hiện sai phạm 5,6 tỷ đồng.')\n"
        "print([(s.text, s.label_) for g in ('provinces', 'figures') for s in doc.spans[g]])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[('Hà Tĩnh', '42'), ('5,6 tỷ đồng.', 'violation_amount')]"


def test_whitespace_tokenizer_on_corpus_articles(whitespace_nlp: spacy.Language) -> None:
    total = 0
    for path in SAMPLE:
        doc = whitespace_nlp(_text(path))
        assert all(t.is_space or not any(c.isspace() for c in t.text) for t in doc)  # split at whitespace
        total += check_doc(doc, _doc_id(doc))
    assert total > 150


def _doc_id(doc: Doc) -> str:
    return doc._.record.doc_id


def test_pyvi_word_segmentation(whitespace_nlp: spacy.Language) -> None:
    pytest.importorskip("pyvi")  # the spacy-vi extra, installed by `make install`
    nlp = spacy.blank("vi")  # spaCy's default Vietnamese tokenizer: pyvi word segmentation
    nlp.add_pipe("thanhtra_extractor")
    for path in SAMPLE[:6]:
        text = _text(path)
        doc = nlp(text)
        assert any(" " in t.text for t in doc)  # words of several syllables: "Thanh tra", "Bắc Giang"
        check_doc(doc, _doc_id(doc))
        # Coarser tokens only widen spans: the record is the same as with the whitespace tokenizer.
        assert doc._.record == whitespace_nlp(text)._.record
    assert blank("pyvi")("Thanh tra tỉnh Hà Tĩnh")[0].text == "Thanh tra"


def test_pipe_with_two_processes_gives_the_same_docs(whitespace_nlp: spacy.Language) -> None:
    texts = [_text(p) for p in ARTICLES[:12]]
    one = list(whitespace_nlp.pipe(texts))
    two = list(whitespace_nlp.pipe(texts, n_process=2, batch_size=3))
    assert [d.text for d in two] == texts
    for a, b in zip(one, two, strict=True):
        assert a._.record == b._.record and a._.record is not None
        for group in GROUPS:
            assert [(s.start, s.end, s.label_, s.kb_id_) for s in a.spans[group]] == \
                   [(s.start, s.end, s.label_, s.kb_id_) for s in b.spans[group]]


def test_a_text_that_is_not_nfc_gets_spans_on_its_own_characters(whitespace_nlp: spacy.Language) -> None:
    nfc = _text(ARTICLES[0])
    nfd = unicodedata.normalize("NFD", nfc)  # tone marks as separate characters, as old Windows text has
    assert len(nfd) > len(nfc)
    doc = whitespace_nlp(nfd)
    assert doc._.record == extract_text(doc._.record.doc_id, nfc)
    for figure, span in zip(doc._.record.figures, doc.spans["figures"], strict=True):
        assert figure.text in unicodedata.normalize("NFC", span.text)
    for province, span in zip(doc._.record.provinces, doc.spans["provinces"], strict=True):
        written = nfc[province.span[0]:province.span[1]]
        assert unicodedata.normalize("NFC", span.text).startswith(written)  # "Bắc Kạn," (token with comma)
        assert unicodedata.normalize("NFC", span[0].text).startswith(written.split()[0])


def test_doc_id_from_user_data_empty_text_and_serialisation(whitespace_nlp: spacy.Language) -> None:
    doc = whitespace_nlp.make_doc(_text(ARTICLES[1]))
    doc.user_data["doc_id"] = ARTICLES[1].stem
    doc = whitespace_nlp.get_pipe("thanhtra_extractor")(doc)
    assert doc._.record.doc_id == ARTICLES[1].stem
    copy = Doc(whitespace_nlp.vocab).from_bytes(doc.to_bytes())
    assert copy._.record == doc._.record and len(copy.spans["figures"]) == len(doc.spans["figures"])

    empty = whitespace_nlp("   ")
    assert empty._.record is None and all(len(empty.spans[g]) == 0 for g in GROUPS)
    strict = spacy.blank("vi", config={"nlp": {"tokenizer": WHITESPACE_TOKENIZER}})
    strict.add_pipe("thanhtra_extractor", config={"skip_errors": False})
    with pytest.raises(ValueError, match="empty"):
        strict("   ")


def test_a_saved_pipeline_loads_with_the_component(tmp_path: Path, whitespace_nlp: spacy.Language) -> None:
    whitespace_nlp.to_disk(tmp_path / "nlp")
    loaded = spacy.load(tmp_path / "nlp")
    assert loaded.pipe_names == ["thanhtra_extractor"]
    text = _text(ARTICLES[2])
    assert loaded(text)._.record == whitespace_nlp(text)._.record
