"""The Python API behind `extractor.extract` and `extractor.extract_many` (re-exported, lazily, by the
package's `__init__`, so that `import extractor` stays cheap).

Both run the same code path as `extractor extract` (`extractor.batch.runner.process_chunk` over
`extractor.pipeline.extract_text`), so a record from Python is the record the command line writes.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from itertools import islice
from typing import Literal, TypeAlias

from extractor.batch import engines, inputs, runner
from extractor.models import Record
from extractor.pipeline import ExtractionError, extract_text

# What `extract_many` accepts, item by item: article text; a (doc_id, text) pair; a mapping shaped like
# a JSONL input line ({"id", "text", "url"?, "title"?, "published"?}); or a path (file or folder) read
# as the command line reads it. A plain `str` is always text, never a path: wrap paths in `Path`.
ArticleInput: TypeAlias = "str | tuple[str, str] | Mapping[str, object] | os.PathLike[str]"
OnError: TypeAlias = Callable[[str | None, str], None]

CHUNK = 8  # articles per task sent to a worker process (as `extractor extract -j N` does)


def default_doc_id(text: str) -> str:
    """The doc id of an article given without one: 16 hex digits of the SHA-1 of its NFC text."""
    return hashlib.sha1(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()[:16]


def extract(
    text: str,
    *,
    doc_id: str | None = None,
    url: str | None = None,
    title: str | None = None,
    published: str | None = None,
) -> Record:
    """Extract one article's record.

    `text` is the article as plain text; `doc_id` defaults to `default_doc_id(text)`; `url`, `title`
    and `published` ("YYYY-MM-DD" or "YYYY-MM-DDTHH:MM") go into `record.source` (a title or date line
    found in the text is used when they are not given). Spans in the record index the NFC form of
    `text`. Raises `ExtractionError` (a `ValueError`) with a one-line reason when the text cannot give
    a record, for instance when it is empty.
    """
    if not isinstance(text, str):
        raise ExtractionError(f"text is {type(text).__name__}, not a string")
    return extract_text(doc_id or default_doc_id(text), text, url=url, title=title, published=published)


def _docs(items: Iterable[ArticleInput]) -> Iterator[inputs.Doc]:
    """Each item as the batch runner's `Doc`; an item that cannot be read becomes a `Doc` with an error."""
    for n, item in enumerate(items):
        where = f"item {n}"
        if isinstance(item, str):
            yield inputs.Doc(default_doc_id(item), where, text=item)
        elif isinstance(item, os.PathLike):
            # A folder expands to every article in it, exactly as `extractor extract FOLDER` reads it.
            yield from inputs.read_docs([os.fspath(item)])
        elif isinstance(item, tuple) and len(item) == 2:
            doc_id, text = item
            yield inputs.Doc(str(doc_id), where, text=text)
        elif isinstance(item, Mapping):
            text = item.get("text")
            raw_id = item.get("id", item.get("doc_id"))
            if not isinstance(text, str):
                yield inputs.Doc(None if raw_id is None else str(raw_id), where, error='missing "text"')
                continue
            doc_id = str(raw_id) if raw_id not in (None, "") else default_doc_id(text)

            def opt(key: str, item: Mapping[str, object] = item) -> str | None:
                value = item.get(key)
                return str(value) if value not in (None, "") else None

            yield inputs.Doc(
                doc_id, where, text=text, url=opt("url"), title=opt("title"), published=opt("published")
            )
        else:
            yield inputs.Doc(None, where, error=f"cannot read a {type(item).__name__} as an article")


def _chunks(docs: Iterator[inputs.Doc], size: int) -> Iterator[list[inputs.Doc]]:
    while chunk := list(islice(docs, size)):
        yield chunk


def extract_many(
    items: Iterable[ArticleInput],
    *,
    n_process: int = 1,
    errors: Literal["raise", "skip"] = "raise",
    on_error: OnError | None = None,
    timeout: float = 0.0,
) -> Iterator[Record]:
    """Extract many articles, yielding one `Record` per article, in input order, as they are done.

    Like `extractor extract`, it streams: items are read lazily, only a bounded window of articles is
    in flight, and memory stays flat however long `items` is. Each item is article text (its doc id is
    `default_doc_id(text)`), a `(doc_id, text)` pair, a mapping like a JSONL input line
    (`{"id", "text", "url", "title", "published"}`), or a `pathlib.Path` to a file or folder, read as
    the command line reads it (.txt, .html, .jsonl, .jsonl.gz; folders recursively, with SOURCES.tsv).

    `n_process` worker processes share the work (0 or less: one per core); the records are the same
    for every `n_process`. A doc id met twice is kept once (the first). An article that cannot be read
    or extracted raises `ExtractionError` (`errors="raise"`, the default, after yielding the records
    before it) or is skipped (`errors="skip"`); either way `on_error(doc_id, reason)` is called first,
    and for repeated doc ids too. `timeout` (seconds; 0 = none) gives up on one article that takes longer.
    """
    if errors not in ("raise", "skip"):
        raise ValueError(f"errors must be 'raise' or 'skip', not {errors!r}")
    engine = engines.make_engine("local", n_process)
    if isinstance(engine, engines.ProcessEngine):
        runner.warm_up()  # load patterns once, before the workers are forked from this process
        engine.start()
    seen: set[str] = set()

    def todo() -> Iterator[inputs.Doc]:
        for doc in _docs(items):
            if doc.doc_id is not None:
                if doc.doc_id in seen:
                    # Sent down the stream, not reported here, so that on_error sees input order.
                    yield inputs.Doc(doc.doc_id, doc.source, error=runner.DUPLICATE)
                    continue
                seen.add(doc.doc_id)
            yield doc

    fn = partial(runner.process_chunk, timeout=timeout)  # a partial of a module function: picklable
    size = 1 if isinstance(engine, engines.InlineEngine) else CHUNK
    try:
        for result in engine.map_ordered(fn, _chunks(todo(), size), runner.lost_chunk):
            for outcome in result.outcomes:
                if outcome.line is not None:
                    yield Record.model_validate_json(outcome.line)
                    continue
                reason = outcome.reason or "failed"
                if on_error is not None:
                    on_error(outcome.doc_id, reason)
                if errors == "raise" and reason != runner.DUPLICATE:
                    raise ExtractionError(f"{outcome.doc_id or outcome.source}: {reason}")
    finally:
        engine.close()
