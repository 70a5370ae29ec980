"""`extractor extract`: articles (files, folders, globs, JSONL, stdin) → one JSONL record per article."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from extractor.batch.runner import Summary

DESCRIPTION = """\
Extract one record per article (spec/RECORDS.md) into a JSONL file.

Inputs: .txt files (UTF-8, UTF-8/UTF-16 with BOM or Windows-1258), .html/.htm pages (main text, title
and date taken by trafilatura), .jsonl / .jsonl.gz files with one {"id", "text", "url"?, "title"?,
"published"?} object per line, folders (searched recursively for those) and globs; "-" reads JSONL from
standard input. The doc id is the file name without extension, or the line's "id"; the url of a .txt
or .html file comes from a SOURCES.tsv (doc_id<TAB>url) in its folder.

Every article that cannot be processed is written to the errors file beside the output
(out.errors.jsonl for out.jsonl: doc_id, source, reason) and the run goes on. A doc id seen twice
is kept once and reported once. Records are written in whole lines and flushed to disk every second,
so an interrupted run can be continued with --resume."""

EPILOG = """\
exit status:
  0    every article gave a record (a skipped duplicate id is not a failure)
  1    some articles failed (counted in the summary, listed in the errors file)
  2    nothing to do or cannot run (no articles found, bad options, the pipeline cannot load)
  130  interrupted (Ctrl-C); what was done is written: rerun with --resume

examples:
  extractor extract corpus -o out/records.jsonl
  extractor extract corpus -o out/records.jsonl --with-text    # for 'extractor load': texts included
  extractor extract 'scraped/**/*.html' more.jsonl.gz -o out/all.jsonl -j 4
  extractor extract scraped -o out/all.jsonl --resume          # after an interruption
  zcat dump.jsonl.gz | extractor extract - -o - > records.jsonl
  extractor extract scraped -o out/all.jsonl --engine dask --scheduler tcp://10.0.0.5:8786"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "extract",
        help="extract records from article files, folders, globs or JSONL into a JSONL file",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "paths", nargs="+", metavar="PATH", help="article files, folders, globs, or - for JSONL on stdin"
    )
    p.add_argument(
        "-o", "--output", required=True, metavar="FILE.jsonl", help="output JSONL file (- for stdout)"
    )
    p.add_argument(
        "--errors",
        metavar="FILE",
        help="errors file (default: beside the output, out.errors.jsonl; with -o - errors go to stderr)",
    )
    p.add_argument("--resume", action="store_true", help="keep the output's records and skip their doc ids")
    p.add_argument(
        "--with-text",
        action="store_true",
        help="add each article's text to its record ('text', NFC, the text every span indexes), so that "
        "'extractor load' stores it for reading and search whatever the input was",
    )
    p.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="worker processes (default 1; 0 = one per core); output is identical for every N",
    )
    p.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local processes (default) or Dask: a LocalCluster of -j workers, or --scheduler's cluster",
    )
    p.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler to use, e.g. tcp://host:8786")
    p.add_argument(
        "--timeout",
        type=float,
        default=300.0,
        metavar="SECONDS",
        help="give up on an article after this long (default 300; 0 = never; local engine only)",
    )
    p.add_argument(
        "--chunk-size", type=int, default=None, metavar="N", help="articles per task sent to a worker"
    )
    p.add_argument(
        "--no-progress", action="store_true", help="no progress bar (it is off when stderr is not a terminal)"
    )
    p.add_argument("-v", "--verbose", action="store_true", help="also print the time spent in each stage")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from extractor.batch import engines, inputs, runner

    to_stdout = args.output == "-"
    if to_stdout and args.resume:
        print("extractor extract: --resume needs an output file, not -o -", file=sys.stderr)
        return 2
    if args.scheduler and args.engine != "dask":
        args.engine = "dask"
    try:  # load the pipeline once here: forked workers share it, and a broken install fails fast
        import extractor.pipeline  # noqa: F401
    except Exception as exc:
        print(f"extractor extract: cannot load the pipeline: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    if args.engine == "local":
        runner.warm_up()
    try:
        engine = engines.make_engine(args.engine, args.jobs, args.scheduler)
        if hasattr(engine, "start"):
            engine.start()  # before the progress bar's thread exists (workers are forked)
    except ImportError as exc:
        print(f"extractor extract: the dask engine needs the 'dask' extra ({exc})", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"extractor extract: cannot start the {args.engine} engine: {exc}", file=sys.stderr)
        return 2

    output = None if to_stdout else args.output
    errors_path = args.errors if args.errors else (None if to_stdout else runner.errors_path_for(args.output))
    exclude = [p for p in (output, errors_path) if p]
    docs = inputs.read_docs(args.paths, exclude=exclude)
    show = not args.no_progress and sys.stderr.isatty()
    bar = _ProgressBar(inputs.count_docs(args.paths, exclude)) if show else None
    try:
        if bar:
            bar.start()
        summary = runner.run_batch(
            docs,
            output,
            errors_path=errors_path,
            resume=args.resume,
            engine=engine,
            extract=runner.extract_with_text if args.with_text else None,
            timeout=args.timeout,
            chunk_size=args.chunk_size,
            on_progress=bar.update if bar else None,
        )
    except KeyboardInterrupt:
        if bar:
            bar.stop()
        print(
            "interrupted: the records done so far are written; rerun with --resume to continue",
            file=sys.stderr,
        )
        return 130
    except OSError as exc:
        print(f"extractor extract: {exc}", file=sys.stderr)
        return 2
    finally:
        if bar:
            bar.stop()
        engine.close()
    out = sys.stderr if to_stdout else sys.stdout
    print_summary(summary, out, verbose=args.verbose, engine=f"{engine.name}, {engine.workers} worker(s)")
    if summary.articles == 0 and summary.duplicates == 0:
        print(f"extractor extract: no articles found in {' '.join(args.paths)}", file=sys.stderr)
        return 2
    return summary.exit_code


def print_summary(s: Summary, out: Any, verbose: bool = False, engine: str = "") -> None:
    where = f" (listed in {s.errors_path})" if s.failed and s.errors_path else ""
    extra = []
    if s.resumed:
        extra.append(f"{s.resumed} already in the output")
    if s.duplicates:
        extra.append(f"{s.duplicates} duplicate id(s) skipped")
    if s.dropped_partial_line:
        extra.append("a half-written last line from an interrupted run was dropped")
    print(
        f"{s.articles} articles: {s.records} records, {s.failed} failed{where}"
        + (f"; {'; '.join(extra)}" if extra else ""),
        file=out,
    )
    f = s.found
    print(
        f"found: {f['provinces']} provinces, {f['officials']} officials, {f['legal_refs']} legal refs, "
        f"{f['figures']} figures",
        file=out,
    )
    print(f"time: {s.seconds:.1f} s, {s.rate:.1f} articles/s ({engine}); output: {s.output}", file=out)
    if verbose and s.stage_seconds:
        total = sum(s.stage_seconds.values()) or 1.0
        for stage, sec in sorted(s.stage_seconds.items(), key=lambda kv: -kv[1]):
            print(f"  {stage:<18} {sec:8.2f} s  {100 * sec / total:5.1f}%", file=out)


class _ProgressBar:
    """A rich progress bar on stderr: articles done (of how many, when known), articles/s, errors."""

    def __init__(self, total: int | None) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            TextColumn("[bold]extracting"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:>6.1f} articles/s"),
            TextColumn("[red]{task.fields[errors]} errors"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._task = self._progress.add_task("extract", total=total, rate=0.0, errors=0)
        self._t0 = time.perf_counter()
        self._started = False

    def start(self) -> None:
        self._progress.start()
        self._started = True

    def update(self, s: Summary) -> None:
        elapsed = time.perf_counter() - self._t0
        done_now = s.new_records + s.failed
        self._progress.update(
            self._task,
            completed=s.articles + s.duplicates,
            rate=done_now / elapsed if elapsed > 0 else 0.0,
            errors=s.failed,
        )

    def stop(self) -> None:
        if self._started:
            self._progress.stop()
            self._started = False
