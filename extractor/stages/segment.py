"""Stage 2: paragraphs and sentences, as spans into the article text.

A regex splitter is enough for news prose and is fast; word segmentation (underthesea) is left to the
stages that need it, on the sentences that need it (officials' name recognition).
"""

from __future__ import annotations

from functools import cache

import regex

from extractor.article import Article
from extractor.patterns import load_json


@cache
def _boundary() -> regex.Pattern:
    abbrevs = "|".join(regex.escape(a) for a in load_json("abbreviations")["abbreviations"])
    # End of sentence: . ! ? … (optionally closing quotes/brackets), then space, then something that can
    # start a sentence. Not after an abbreviation ("TP. Hồ Chí Minh") or a single initial ("N. Xinh").
    return regex.compile(
        rf"(?<!(?<![\p{{L}}])(?:{abbrevs}|\p{{Lu}}))[.!?…]+[”\"’)\]]*(?=[ \t]+[\p{{Lu}}\p{{N}}“\"(‘-])"
    )


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans within text[start:end], trimmed of surrounding space."""
    out = []
    pos = start
    for m in _boundary().finditer(text, start, end):
        out.append((pos, m.end()))
        pos = m.end()
    out.append((pos, end))
    trimmed = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            trimmed.append((s, e))
    return trimmed


def segment(art: Article) -> None:
    """Fill `art.paragraphs` and `art.sentences` from the clean view (furniture is blank there)."""
    view = art.clean
    paragraphs, sentences = [], []
    pos = 0
    for line in view.split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        if line.strip():
            paragraphs.append((s, e))
            sentences.extend(split_sentences(view, s, e))
    art.paragraphs = paragraphs
    art.sentences = sentences
