"""Stage 2: paragraphs and sentences, as spans into the article text.

A regex splitter is enough for news prose and is fast; word segmentation (underthesea) is left to the
stages that need it, on the sentences that need it (officials' name recognition).

A sentence longer than `MAX_SENTENCE` characters (a scrape without full stops, a table flattened into one
line) is cut at clause marks — ";" first, then ",", then a space — into pieces of at most that length, so
every stage that looks inside a sentence does bounded work per piece and the whole article stays linear
in its length. The cut positions are kept (`Article.sentence_cuts`) so that a figure's sentence can show
"…" where its piece was cut. No corpus sentence is that long.
"""

from __future__ import annotations

from functools import cache
from itertools import pairwise

import regex

from extractor.article import Article
from extractor.patterns import load_json

MAX_SENTENCE = 1000  # characters; spec §1 bounds a figure's `sentence` by the same length
# Clause marks to cut a long sentence at, best first; a cut is looked for in the last three quarters of
# the allowed length, so that no piece is tiny.
_CUT_MARKS = (";", ",")


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
    return _trimmed(text, out)


def _trimmed(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans trimmed of surrounding space; those left empty dropped."""
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def bound_sentence(text: str, start: int, end: int, limit: int = MAX_SENTENCE) -> list[tuple[int, int]]:
    """text[start:end] as pieces of at most `limit` characters, cut after a clause mark (";" then ","),
    else at a space, else anywhere; each piece trimmed of surrounding space. Linear in end - start."""
    pieces = []
    pos = start
    while end - pos > limit:
        hi = pos + limit
        lo = pos + limit // 4
        cut = -1
        for mark in _CUT_MARKS:
            cut = text.rfind(mark + " ", lo, hi)  # followed by a space: the comma of "5,6" is no clause mark
            if cut >= 0:
                cut += 1  # the mark stays with the clause it closes
                break
        if cut < 0:
            space = max(text.rfind(" ", lo, hi), text.rfind("\t", lo, hi))
            cut = space if space > pos else hi
        pieces.append((pos, cut))
        pos = cut
    pieces.append((pos, end))
    return _trimmed(text, pieces)


def segment(art: Article) -> None:
    """Fill `art.paragraphs` and `art.sentences` from the clean view (furniture is blank there)."""
    view = art.clean
    paragraphs: list[tuple[int, int]] = []
    sentences: list[tuple[int, int]] = []
    cuts: set[int] = set()
    pos, n = 0, len(view)
    while pos <= n:  # line by line without splitting the whole text into a list of strings
        nl = view.find("\n", pos)
        s, e = pos, (n if nl < 0 else nl)
        pos = e + 1
        if not view[s:e].isspace() and s < e:
            paragraphs.append((s, e))
            for a, b in split_sentences(view, s, e):
                if b - a <= MAX_SENTENCE:
                    sentences.append((a, b))
                    continue
                pieces = bound_sentence(view, a, b)
                sentences.extend(pieces)
                for (_, pe), (ns, _) in pairwise(pieces):
                    cuts.update((pe, ns))
    art.paragraphs = paragraphs
    art.sentences = sentences
    art.sentence_cuts = frozenset(cuts)
