"""Shared helpers for stage tests: build an Article the way the pipeline does."""

from __future__ import annotations

import unicodedata

from extractor.article import Article
from extractor.stages.clean import load_article
from extractor.stages.segment import segment


def article(text: str, doc_id: str = "t") -> Article:
    art = load_article(doc_id, text)
    segment(art)
    return art


TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes as a Vietnamese Windows program writes them: base letter + tone mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out += base.encode("cp1258") + "".join(c for c in parts if c in TONES).encode("cp1258")
    return bytes(out)
