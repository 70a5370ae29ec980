"""The spaCy pipeline component `thanhtra_extractor`: the extractor's record on a spaCy `Doc`.

    >>> import spacy
    >>> nlp = spacy.blank("vi", config={"nlp": {"tokenizer": WHITESPACE_TOKENIZER}})
    >>> _ = nlp.add_pipe("thanhtra_extractor")
    >>> doc = nlp("Thanh tra tỉnh Hà Tĩnh phát hiện sai phạm 5,6 tỷ đồng.")
    >>> [(s.text, s.label_) for group in ("provinces", "figures") for s in doc.spans[group]]
    [('Hà Tĩnh', '42'), ('5,6 tỷ đồng.', 'violation_amount')]
    >>> doc._.record.figures[0].text, doc._.record.figures[0].span
    ('5,6 tỷ đồng', (42, 53))

Each Doc gets `doc._.record` (the `Record` that `extractor extract` writes for the Doc's text) and
four span groups, in record order, one span per item that has a span:

| group | label | `kb_id_` |
|---|---|---|
| `provinces` | province code ("42") | province code |
| `officials` | "official" | |
| `legal_refs` | document type ("Nghị định"), else "legal_ref" | canonical key ("33/2015/NĐ-CP") |
| `figures` | metric ("violation_amount") | |

Spans are aligned to the Doc's tokens: a record span that cuts a token is widened to whole tokens
(`alignment_mode="expand"`; above, the token "đồng." carries the full stop), while the record keeps the
exact character offsets. A Doc whose text is not NFC is mapped back from the NFC offsets of the record.
The component needs no word segmenter: any tokenizer works, the whitespace one
(`WHITESPACE_TOKENIZER`) by default in `blank()`, and spaCy's Vietnamese word segmentation (pyvi) too.

The record is kept in `doc.user_data` as JSON-ready data, so Docs cross processes
(`nlp.pipe(texts, n_process=2)`) and `Doc.to_bytes` with it; `doc._.record` builds the `Record` from it
on each access. The doc id is `doc.user_data["doc_id"]` when set (also "url", "title", "published"),
else `extractor.api.default_doc_id(doc.text)`.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any, Literal

from spacy.language import Language
from spacy.tokens import Doc, Span

if TYPE_CHECKING:
    from extractor.models import Record

# spaCy imports every `spacy_factories` entry point whenever any pipeline is made, so this module
# imports the extractor itself (pipeline, stages, pydantic) only when a component is made.

FACTORY = "thanhtra_extractor"
GROUPS = ("provinces", "officials", "legal_refs", "figures")
RECORD_KEY = "thanhtra_extractor.record"  # where the record (model_dump(mode="json")) lives in user_data
# spaCy's own Vietnamese tokenizer without pyvi: one token per whitespace-separated piece.
WHITESPACE_TOKENIZER: dict[str, Any] = {"@tokenizers": "spacy.vi.VietnameseTokenizer", "use_pyvi": False}
PYVI_TOKENIZER: dict[str, Any] = {"@tokenizers": "spacy.vi.VietnameseTokenizer", "use_pyvi": True}


def _get_record(doc: Doc) -> Record | None:
    from extractor.models import Record

    data = doc.user_data.get(RECORD_KEY)
    return None if data is None else Record.model_validate(data)


Doc.set_extension("record", getter=_get_record, force=True)


def _label(group: str, item: Any) -> tuple[str, str]:
    """(label, kb_id) of an item's span."""
    if group == "provinces":
        return item.code, item.code
    if group == "officials":
        return "official", ""
    if group == "legal_refs":
        return item.type or "legal_ref", item.canonical
    return item.metric, ""


def nfc_offsets(text: str) -> tuple[list[int], list[int]] | None:
    """(start, end) maps from offsets in NFC(text) to offsets in `text`; None when `text` is NFC.

    Composition stays within a base character and the combining marks after it, so the text is cut
    into such clusters and each is normalised alone; an offset inside a composed cluster maps to the
    cluster's start (for a span start) or end (for a span end)."""
    if unicodedata.is_normalized("NFC", text):
        return None
    starts: list[int] = []  # starts[k]: where NFC character k starts in `text`
    ends: list[int] = [0]  # ends[k]: where a span ending at NFC offset k ends in `text`
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        n = len(unicodedata.normalize("NFC", text[i:j]))
        starts += [i] * n
        ends += [j] * n
        i = j
    starts.append(len(text))
    if len(starts) != len(unicodedata.normalize("NFC", text)) + 1:
        return None  # a composition across clusters (not in Vietnamese): offsets are used as they are
    return starts, ends


class ThanhtraExtractor:
    """Runs the extractor on each Doc's text; sets `doc._.record` and the span groups `GROUPS`."""

    def __init__(self, nlp: Language, name: str = FACTORY, skip_errors: bool = True) -> None:
        self.name = name
        self.skip_errors = skip_errors

    def __call__(self, doc: Doc) -> Doc:
        from extractor.api import default_doc_id
        from extractor.pipeline import ExtractionError, extract_text

        meta = doc.user_data
        doc_id = meta.get("doc_id") or default_doc_id(doc.text)
        try:
            record = extract_text(
                str(doc_id),
                doc.text,
                url=meta.get("url"),
                title=meta.get("title"),
                published=meta.get("published"),
            )
        except ExtractionError:
            if not self.skip_errors:
                raise
            # An empty text gives no record: the Doc goes on with empty groups and doc._.record None.
            for group in GROUPS:
                doc.spans[group] = []
            return doc
        doc.user_data[RECORD_KEY] = record.model_dump(mode="json")
        maps = nfc_offsets(doc.text)
        for group in GROUPS:
            spans: list[Span] = []
            for item in getattr(record, group):
                if item.span is None:
                    continue
                start, end = item.span
                if maps is not None:
                    start, end = maps[0][start], maps[1][end]
                label, kb_id = _label(group, item)
                span = doc.char_span(start, end, label=label, kb_id=kb_id, alignment_mode="expand")
                if span is not None:
                    spans.append(span)
            doc.spans[group] = spans
        return doc


@Language.factory(
    FACTORY,
    default_config={"skip_errors": True},
    assigns=["doc._.record", "doc.spans"],
)
def make_extractor(nlp: Language, name: str, skip_errors: bool) -> ThanhtraExtractor:
    """The `thanhtra_extractor` factory (spaCy finds it through the `spacy_factories` entry point).

    `skip_errors` (default true): a Doc whose text cannot give a record (an empty one) gets
    `doc._.record` None and empty span groups instead of stopping the pipeline."""
    return ThanhtraExtractor(nlp, name, skip_errors=skip_errors)


def blank(tokenizer: Literal["whitespace", "pyvi"] = "whitespace") -> Language:
    """A blank Vietnamese spaCy pipeline with the component added.

    `tokenizer="whitespace"` (the default) needs nothing more; `"pyvi"` is spaCy's Vietnamese word
    segmentation and needs the `pyvi` package (installed with the `spacy-vi` extra)."""
    import spacy

    config = WHITESPACE_TOKENIZER if tokenizer == "whitespace" else PYVI_TOKENIZER
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": config}})
    nlp.add_pipe(FACTORY)
    return nlp
