"""`extractor load`: records (JSON lines) → the SQLite figures database that `query` and Datasette read."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
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
            "replaces its old rows) and atomic (an error anywhere leaves the database as it was)."
        ),
        epilog="Example: extractor load out/records.jsonl --db out/figures.db",
    )
    p.add_argument("records", help="records file, one JSON record per line ('-' for standard input)")
    p.add_argument(
        "--db", default="out/figures.db", help="SQLite database to create or update (default: %(default)s)"
    )
    p.add_argument(
        "--corpus",
        default="corpus",
        metavar="DIR",
        help="directory of the articles' texts, <doc_id>.txt, stored for reading and search "
        "(default: %(default)s; an article without a file is loaded without text)",
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


def _text_reader(corpus: Path):
    def text_of(record) -> str | None:
        extra = getattr(record, "text", None)  # a record may carry its text (extra field)
        if isinstance(extra, str):
            return unicodedata.normalize("NFC", extra)
        path = corpus / f"{record.doc_id}.txt"
        if path.is_file():
            return unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
        return None

    return text_of


def run(args: argparse.Namespace) -> int:
    from extractor.store.db import LoadError, load

    db_path = Path(args.db)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    skipped: list[str] | None = [] if args.skip_bad else None
    try:
        if args.records == "-":
            stats = load(
                read_records(sys.stdin, "<stdin>", skipped),
                db_path,
                text_of=_text_reader(Path(args.corpus)),
                prune=args.prune,
            )
        else:
            path = Path(args.records)
            if not path.is_file():
                print(f"extractor load: no such file: {path}", file=sys.stderr)
                return 2
            with path.open(encoding="utf-8") as fh:
                stats = load(
                    read_records(fh, str(path), skipped),
                    db_path,
                    text_of=_text_reader(Path(args.corpus)),
                    prune=args.prune,
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
    if skipped:
        print(f"extractor load: {len(skipped)} line(s) skipped, the others loaded", file=sys.stderr)
        return 1
    if stats.without_text:
        print(
            f"note: no text in {args.corpus}/ for {len(stats.without_text)} article(s), e.g. "
            f"{stats.without_text[0]}: their figures keep their sentences, full-text search of the article "
            "body will not find them",
            file=sys.stderr,
        )
    return 0
