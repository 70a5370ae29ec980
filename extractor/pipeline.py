"""The staged pipeline, top to bottom: article text in, one `Record` out.

    load & clean → segment → legal refs → provinces → cluster → officials → figures → event/period → record

Each stage is a module of its own; this file only wires them. `extract_text` is the one entry point
every front end (CLI, batch runner, Dask, eval) calls, so they all produce identical records.
"""

from __future__ import annotations

import time
from collections import defaultdict

from extractor import __version__
from extractor.models import Record, Source
from extractor.stages import clean, cluster, event, figures, legal, officials, period, provinces, segment

# Per-stage wall time, summed over the process (read by the benchmark).
STAGE_SECONDS: dict[str, float] = defaultdict(float)


class ExtractionError(ValueError):
    """An article that cannot give a record; the message is the one-line reason shown to users."""


def normalize_published(value: str | None) -> str | None:
    """`source.published` as a record holds it (spec §1: `YYYY-MM-DDTHH:MM` or `YYYY-MM-DD`), from a date
    given in any common form; None when it cannot be read (the batch runner warns about those)."""
    return clean.normalize_published(value)


def extract_text(
    doc_id: str,
    text: str,
    *,
    url: str | None = None,
    title: str | None = None,
    published: str | None = None,
) -> Record:
    """Run every stage on one article's text and return its record."""
    if not isinstance(text, str):
        raise ExtractionError(f"text is {type(text).__name__}, not a string")
    if not text.strip():
        raise ExtractionError("empty article (no text)")
    clock = time.perf_counter
    t = clock()

    def lap(stage: str) -> None:
        nonlocal t
        now = clock()
        STAGE_SECONDS[stage] += now - t
        t = now

    art = clean.load_article(doc_id, text, url=url, title=title, published=published)
    lap("clean")
    segment.segment(art)
    lap("segment")
    refs = legal.find_legal_refs(art)
    lap("legal")
    # A province named only inside a legal document's title is not a province of the article.
    found_provinces = provinces.find_provinces(art, skip=[r.span for r in refs if r.span])
    lap("provinces")
    found_cluster = cluster.find_cluster(art, found_provinces)
    lap("cluster")
    found_officials = officials.find_officials(art, found_provinces, found_cluster)
    lap("officials")
    figs = figures.find_figures(art)
    lap("figures")
    ev = event.find_event(art, found_provinces, refs)
    per = period.find_period(art, ev.type, refs)
    lap("period_event")
    record = Record(
        doc_id=doc_id,
        source=Source(url=art.url, title=art.title, published=art.published, author=art.author),
        cluster=found_cluster,
        event=ev,
        period=per,
        provinces=provinces.unique_provinces(found_provinces),
        officials=found_officials,
        legal_refs=refs,
        figures=figs,
        extractor_version=__version__,
    )
    lap("record")
    return record
