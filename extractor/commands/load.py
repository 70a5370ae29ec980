"""`extractor load`: records (JSON lines) → the SQLite figures database that `query` and Datasette read."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "load",
        help="load records (JSON lines) into the SQLite figures database",
        description=(
            "Load the records written by 'extractor extract' into a SQLite database: articles, figures "
            "(each with its sentence, span, provinces, year and cluster; money in đồng and tỷ đồng), "
            "officials, legal references, clusters, article-province links and a provinces reference table, "
            "with full-text search (accents optional). Loading is idempotent (an article loaded again "
            "replaces its old rows) and atomic: the new database is built beside the old one and renamed "
            "over it, so the site and 'extractor query' see the old or the new database, never a mix, and "
            "an error or a killed load leaves the old one as it was. Articles' texts come with the records "
            "('extract --with-text') or from --texts."
        ),
        epilog="Examples:\n  extractor extract corpus -o out/records.jsonl --with-text\n"
        "  extractor load out/records.jsonl --db out/figures.db --prune\n"
        "  extractor load old-records.jsonl --db out/figures.db --texts corpus   # records without text",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("records", help="records file, one JSON record per line ('-' for standard input)")
    p.add_argument(
        "--db", default="out/figures.db", help="SQLite database to create or update (default: %(default)s)"
    )
    p.add_argument(
        "--texts",
        nargs="+",
        default=[],
        metavar="INPUT",
        help="the inputs the records were extracted from (files, folders, globs, JSONL, as for 'extract'), "
        "read again for the text of articles whose record carries none; not needed for records written "
        "by 'extract --with-text'",
    )
    p.add_argument(
        "--prune",
        action="store_true",
        help="also remove articles that are not in this file, so the database holds exactly it",
    )
    p.add_argument(
        "--skip-bad",
        action="store_true",
        help="report each line that is not a record and load the others (exit status 1); without it, a "
        "bad line stops the load and the database is left as it was",
    )
    p.set_defaults(run=run)


def read_records(fh: TextIO, name: str, skipped: list[str] | None = None) -> Iterator:
    """Records of a JSON-lines file; a bad line raises LoadError naming it (and the load rolls back), or,
    when `skipped` is a list, is added to it as one line and left out."""
    from pydantic import ValidationError

    from extractor.models import Record
    from extractor.store.db import LoadError

    for n, line in enumerate(fh, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            problem = f"{name}:{n}: not JSON ({exc})"
        else:
            try:
                yield Record.model_validate(obj)
                continue
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(x) for x in first["loc"])
                problem = f"{name}:{n}: not a record: {where}: {first['msg']}"
        if skipped is None:
            raise LoadError(problem)
        skipped.append(problem)


def _texts_from_inputs(paths: list[str], exclude: list[Path]):
    """`fill_texts` for the database: (doc_id, text) of the wanted articles, read from the inputs as
    'extract' reads them (doc id from the file name or the JSONL line, never a path built from one)."""
    from extractor.batch.inputs import InputError, read_docs

    def fill(wanted: set[str]):
        for doc in read_docs(paths, exclude=exclude):
            if doc.doc_id not in wanted:
                continue
            try:
                text = doc.load()[0]
            except InputError:
                continue  # reported by 'extract' already; the article stays without text
            wanted.discard(doc.doc_id)
            yield doc.doc_id, text
            if not wanted:
                return

    return fill


def run(args: argparse.Namespace) -> int:
    from extractor.store.db import LoadError, load

    db_path = Path(args.db)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    skipped: list[str] | None = [] if args.skip_bad else None
    exclude = [db_path] if args.records == "-" else [db_path, Path(args.records)]
    fill = _texts_from_inputs(args.texts, exclude) if args.texts else None

    def waiting() -> None:
        print(f"extractor load: waiting for another load into {db_path.parent}/ to finish", file=sys.stderr)

    try:
        if args.records == "-":
            records = read_records(sys.stdin, "<stdin>", skipped)
            stats = load(records, db_path, fill_texts=fill, prune=args.prune, on_wait=waiting)
        else:
            path = Path(args.records)
            if not path.is_file():
                print(f"extractor load: no such file: {path}", file=sys.stderr)
                return 2
            with path.open(encoding="utf-8") as fh:
                stats = load(
                    read_records(fh, str(path), skipped),
                    db_path,
                    fill_texts=fill,
                    prune=args.prune,
                    on_wait=waiting,
                )
    except LoadError as exc:
        hint = "" if args.skip_bad else " (--skip-bad loads the other lines)"
        print(f"extractor load: {exc}; the database was left as it was{hint}", file=sys.stderr)
        return 1
    parts = [f"{stats.articles} articles", f"{stats.figures} figures"]
    if stats.replaced:
        parts.append(f"{stats.replaced} replaced")
    if stats.pruned:
        parts.append(f"{stats.pruned} pruned")
    print(f"loaded {', '.join(parts)} into {db_path}", file=sys.stderr)
    for problem in skipped or ():
        print(f"extractor load: skipped {problem}", file=sys.stderr)
    if stats.schema_rebuilt:
        print(
            "note: the database had an older layout and was rebuilt: it holds only the articles of this "
            "load (load the other records again)",
            file=sys.stderr,
        )
    if stats.texts_mismatched:
        print(
            f"note: {len(stats.texts_mismatched)} article(s) in --texts differ from the text they were "
            f"extracted from (e.g. {_short(stats.texts_mismatched[0])}) and were not stored: extract again",
            file=sys.stderr,
        )
    if stats.without_text:
        where = "the records or --texts" if args.texts else "the records (use extract --with-text or --texts)"
        print(
            f"note: no text in {where} for {len(stats.without_text)} article(s), e.g. "
            f"{_short(stats.without_text[0])}: their figures keep their sentences, but the article page and "
            "full-text search of the article body will not have them",
            file=sys.stderr,
        )
    if skipped:
        print(f"extractor load: {len(skipped)} line(s) skipped, the others loaded", file=sys.stderr)
        return 1
    return 0


def _short(doc_id: str, width: int = 60) -> str:
    doc_id = " ".join(doc_id.split())
    return doc_id if len(doc_id) <= width else f"{doc_id[: width - 1]}… ({len(doc_id)} characters)"
