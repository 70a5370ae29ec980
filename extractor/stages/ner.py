"""underthesea's name recogniser: an opt-in second opinion for the officials stage (`EXTRACTOR_NER=1`).

As shipped, its CRF tags title words ("Chánh", "Cụm") and provinces ("Lâm Đồng") as people, so a PER
token counts only when it is a proper-noun token of two or more capitalised syllables that is neither a
province nor starts with a title/organisation word. The model ships inside the package (no download).
It is off by default: the officials stage's own rules now read names without a Kinh family name after a
title, and on the corpus and the held-out articles the recogniser found nothing more while taking 40 % of
the pipeline's time. Turn it on to see what the rules miss on another outlet (`extractor eval` with and
without).
"""

from __future__ import annotations

import os
from functools import cache

import regex

from extractor.patterns import load_json
from extractor.stages.gazetteer import lookup

_NAME_TOKEN = regex.compile(r"^\p{Lu}[\p{L}\p{M}'’]*(?: \p{Lu}[\p{L}\p{M}'’]*){1,4}$")


def enabled() -> bool:
    return os.environ.get("EXTRACTOR_NER", "0") == "1"


@cache
def _tagger():
    from underthesea import ner  # imported on first use: it costs ~0.4 s and most articles never need it

    return ner


@cache
def _stop_words() -> frozenset[str]:
    return frozenset(load_json("person_names")["not_name_words"])


def person_spans(text: str, start: int, end: int, not_names: set[str]) -> list[tuple[int, int]]:
    """Spans of person names that the recogniser finds in text[start:end], after filtering.

    Consecutive PER tokens form one name ("Rah Lan" + "Chung"); leading tokens that are provinces or
    title words are dropped ("Gia Lai" + "Rah Lan Chung" → "Rah Lan Chung")."""
    sentence = text[start:end]
    groups: list[list[tuple[int, int, str]]] = []
    pos = 0
    prev_per = False
    for token, pos_tag, _chunk, ent in _tagger()(sentence):
        found = sentence.find(token, pos)
        if found < 0:
            prev_per = False
            continue
        pos = found + len(token)
        is_per = ent.endswith("PER") and pos_tag == "Np"
        if is_per and prev_per and ent.startswith("I-"):
            groups[-1].append((found, pos, token))
        elif is_per:
            groups.append([(found, pos, token)])
        prev_per = is_per
    def not_a_name(token: str) -> bool:
        return token in not_names or bool(lookup(token)) or token.split()[0] in _stop_words()

    out = []
    for group in groups:
        while group and not_a_name(group[0][2]):
            group = group[1:]
        if not group:
            continue
        s, e = group[0][0], group[-1][1]
        name = sentence[s:e]
        if _NAME_TOKEN.match(name):
            out.append((start + s, start + e))
    return out
