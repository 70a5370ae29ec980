"""`extractor show ARTICLE`: one article's record, for a person to read."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "show",
        help="print one article's record as tables (figures with their sentences)",
        description=(
            "Extract one article and print its record for reading: source, cluster, event and period, then "
            "tables of provinces, officials, legal references and figures (each figure with the sentence it "
            "came from). Use --json for the raw record."
        ),
    )
    p.add_argument("article", type=Path, help="an article file (.txt or .html)")
    p.add_argument("--json", action="store_true", help="print the record as JSON instead of tables")
    p.set_defaults(run=run)


def _vn(value: float, decimals: int = 0) -> str:
    """Vietnamese number style: dot groups thousands, comma marks decimals."""
    return f"{value:,.{decimals}f}".translate(str.maketrans(",.", ".,"))


def _fmt_value(value: float, unit: str) -> str:
    if unit == "VND":
        return f"{_vn(value)} đ ({_vn(value / 1e9, 3)} tỷ)"
    if unit == "m2":
        return f"{_vn(value, 0 if float(value).is_integer() else 1)} m²"
    if unit == "percent":
        return f"{value:g}%".replace(".", ",")
    return _vn(value) if float(value).is_integer() else f"{value:g}"


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from extractor.batch.inputs import read_docs
    from extractor.pipeline import extract_text

    path: Path = args.article
    if not path.is_file():
        print(f"extractor show: {path}: no such file", file=sys.stderr)
        return 1
    try:
        doc = next(iter(read_docs([str(path)])))
        text, url, title, published = doc.load()
        record = extract_text(doc.doc_id or path.stem, text, url=url, title=title, published=published)
    except Exception as exc:  # one line naming the file and the reason, never a traceback
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        print(f"extractor show: {path}: {reason}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(record.to_json(), ensure_ascii=False, indent=2))
        return 0

    con = Console()

    def emit(table: Table) -> None:
        # An empty table is noise: say "none" on one line instead.
        con.print(table if table.row_count else f"[bold]{table.title}:[/bold] none")

    src = record.source
    con.rule(f"[bold]{record.doc_id}[/bold]")
    for label, value in (
        ("title", src.title),
        ("published", src.published),
        ("author", src.author),
        ("url", src.url),
    ):
        if value:
            con.print(f"[bold]{label}:[/bold] {value}")
    if record.cluster:
        c = record.cluster
        con.print(
            f"[bold]cluster:[/bold] {c.label or ''} number={c.number} name={c.name or '-'} "
            f"members={','.join(c.members) or '-'} leader={c.leader or '-'} deputy={c.deputy or '-'}"
        )
    if record.event:
        e = record.event
        con.print(f"[bold]event:[/bold] {e.type} date={e.date or '-'} location={e.location or '-'}")
    if record.period:
        p = record.period
        con.print(f"[bold]period:[/bold] {p.label} ({p.year}, months {p.start_month}–{p.end_month})")

    t = Table(title="Provinces", show_lines=False)
    for col in ("code", "name", "2025", "span"):
        t.add_column(col)
    for pr in record.provinces:
        t.add_row(pr.code, pr.name or "", f"{pr.code_2025} {pr.name_2025}", str(pr.span))
    emit(t)

    t = Table(title="Officials")
    for col in ("name", "honorific", "title", "organization", "province", "role"):
        t.add_column(col)
    for o in record.officials:
        t.add_row(
            o.name,
            o.honorific or "",
            o.title or "",
            o.organization or "",
            o.province or "",
            o.cluster_role or "",
        )
    emit(t)

    t = Table(title="Legal references")
    for col in ("canonical", "type", "issued", "issuer", "text"):
        t.add_column(col)
    for r in record.legal_refs:
        t.add_row(r.canonical, r.type or "", r.issued or "", r.issuer or "", r.text or "")
    emit(t)

    t = Table(title="Figures", show_lines=True)
    for col in ("metric", "value", "qual.", "total", "as written", "part of"):
        t.add_column(col, overflow="fold")
    t.add_column("sentence", overflow="fold", ratio=3)
    for f in record.figures:
        total = "" if f.total is None else f"/{f.total:g}"
        t.add_row(
            f.metric,
            _fmt_value(f.value, f.unit),
            f.qualifier,
            total,
            f.text or "",
            f"«{f.part_of}»" if f.part_of else "",  # the whole this figure breaks down (spec §2)
            f.sentence or "",
        )
    emit(t)
    return 0
