"""Shared helpers for stage tests: build an Article the way the pipeline does."""

from __future__ import annotations

from extractor.article import Article
from extractor.clean import load_article
from extractor.segment import segment


def article(text: str, doc_id: str = "t") -> Article:
    art = load_article(doc_id, text)
    segment(art)
    return art
