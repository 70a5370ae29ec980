"""The article as the stages see it: NFC text, a same-length clean view, and its segments."""

from __future__ import annotations

from dataclasses import dataclass, field

Span = tuple[int, int]


@dataclass
class Article:
    doc_id: str
    text: str  # NFC: every span in the record indexes this
    clean: str  # same length as `text`, page furniture blanked with spaces so offsets never move
    url: str | None = None
    title: str | None = None
    published: str | None = None
    author: str | None = None
    author_span: Span | None = None
    paragraphs: list[Span] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)  # at most segment.MAX_SENTENCE characters each
    # Where a sentence longer than that was cut into pieces (the end of one piece, the start of the next).
    sentence_cuts: frozenset[int] = frozenset()
    # What a stage found over the whole article that a later stage asks about again (event cues for the
    # period stage), keyed by the stage's name; never part of the record.
    memo: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    def sentence_of(self, pos: int) -> Span:
        """The sentence holding character `pos` (the whole text when unsegmented)."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:  # sentences are sorted and disjoint
            mid = (lo + hi) // 2
            s, e = self.sentences[mid]
            if pos < s:
                hi = mid - 1
            elif pos >= e:
                lo = mid + 1
            else:
                return s, e
        return 0, len(self.text)
