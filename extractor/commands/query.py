"""`extractor query`: find figures (each with its sentence and article) or total them, from the database."""

from __future__ import annotations

import argparse
import sys

EPILOG = """examples:
  extractor query --metric recovery_recommended_amount --cluster IV --year 2022 --sum-by province
  extractor query --province "Bac Kan" --search "thu hoi"
  extractor query --metric violation_amount --year 2019-2023 --format csv > violations.csv
Totals count each fact once: a number an article repeats, or another article reports again (same metric,
unit, provinces and period, values within 0.5 %), counts once (--include-repeats counts every mention); a
part is left out where its whole is in the same total; percentages are never added (their rows give the
smallest and largest). Totals are always by metric and unit. By province, a number about several provinces
(a cluster's) is one joint total in a row of its own. Every total says what it left out and why; money is
in đồng, with tỷ đồng beside it. --flagged lists the figures a consistency check flagged, with the reason."""


def _rows(text: str) -> int:
    """--limit: a whole number of rows (argparse's own int() takes "²" for an error and "1_0" for 10)."""
    from extractor.store.query import MAX_LIMIT, shown

    value = text.strip()
    if not (value.isascii() and value.isdecimal()):
        raise argparse.ArgumentTypeError(f"{shown(text)} is not a number of rows (0, 1, 2, …)")
    if len(value) > 19 or int(value) > MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"{shown(text)} is more rows than a database can hold")
    return int(value)


def _one_line_error(parser: argparse.ArgumentParser):
    """argparse's error, as one line (no usage block): 'extractor query: argument --limit: …'."""

    def error(message: str):
        message = " ".join(message.split())
        parser.exit(2, f"extractor query: {message} (see 'extractor query --help')\n")

    return error


def add_parser(sub: argparse._SubParsersAction) -> None:
    from extractor.store.query import FORMATS, SUM_KEYS

    p = sub.add_parser(
        "query",
        help="find figures with their sentences, or total them, in the figures database",
        description="Filter the figures of the database built by 'extractor load'; every figure comes with "
        "the sentence and the article it was read from. Filters combine with AND; a repeated filter "
        "(--metric a --metric b) matches any of its values.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--db", default="out/figures.db", help="database (default: %(default)s)")
    p.add_argument(
        "--metric",
        action="append",
        default=[],
        metavar="NAME",
        help="metric name, e.g. recovery_recommended_amount (see spec/RECORDS.md §2)",
    )
    p.add_argument(
        "--province",
        action="append",
        default=[],
        metavar="NAME_OR_CODE",
        help="province name in any spelling (accents optional) or 2-digit code, old or 2025",
    )
    p.add_argument(
        "--as-2025",
        action="store_true",
        help="read province names as 2025 provinces: 'Thái Nguyên' then also means Bắc Kạn",
    )
    p.add_argument(
        "--cluster",
        action="append",
        default=[],
        metavar="CLUSTER",
        help="cluster number (4, IV, 'Cụm IV') or words of its name ('Tây Nam sông Hậu')",
    )
    p.add_argument(
        "--year", metavar="YEAR[-YEAR]", help="year of the figures' period (else publication year)"
    )
    p.add_argument("--search", metavar="WORDS", help="words that must occur in the figure or its sentence")
    p.add_argument("--article-search", metavar="WORDS", help="words that must occur in the article's text")
    p.add_argument(
        "--exact-accents",
        action="store_true",
        help="search with accents as written (by default 'thu hoi' also finds 'thu hồi')",
    )
    p.add_argument("--sum-by", choices=SUM_KEYS, help="print totals grouped by this instead of figures")
    p.add_argument(
        "--include-repeats", action="store_true", help="count every mention in totals, not each fact once"
    )
    p.add_argument(
        "--flagged",
        action="store_true",
        help="only figures a consistency check flagged (recovered > recommended, parts > total, a rate "
        "that does not match its ratio, …), each with its reason",
    )
    p.add_argument("--format", choices=FORMATS, default="table", help="output format (default: %(default)s)")
    p.add_argument("--limit", type=_rows, metavar="N", help="at most N rows")
    p.error = _one_line_error(p)  # type: ignore[method-assign]
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from extractor.store import query as q

    filters = q.Filters(
        metrics=args.metric,
        provinces=args.province,
        as_2025=args.as_2025,
        clusters=args.cluster,
        years=args.year,
        search=args.search,
        article_search=args.article_search,
        exact_accents=args.exact_accents,
        include_repeats=args.include_repeats,
        flagged=args.flagged,
        limit=args.limit,
    )
    totals = None
    try:
        if args.sum_by:
            totals = q.totals(args.db, filters, args.sum_by)
            rows = totals.rows
            keys = ("province", "province_codes", "joint") if args.sum_by == "province" else (args.sum_by,)
            columns = [*dict.fromkeys([*keys, "metric", *q.TOTAL_COLUMNS])]
        else:
            rows = q.find_figures(args.db, filters)
            columns = [*q.FIGURE_COLUMNS, "flag_reasons"] if args.flagged else list(q.FIGURE_COLUMNS)
    except q.QueryError as exc:
        print(f"extractor query: {exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        print(q.to_json({"totals": rows, "left_out": totals.left_out} if totals else rows))
    elif args.format == "csv":
        sys.stdout.write(q.to_csv(rows, columns))
    else:
        from rich.console import Console

        console = Console(width=None if sys.stdout.isatty() else 160)
        console.print(q.sums_table(totals) if totals else q.figures_table(rows))
    if totals and args.format != "table":
        print(q.left_out_line(totals), file=sys.stderr)
    if not rows:
        print("no figure matches these filters", file=sys.stderr)
    return 0
