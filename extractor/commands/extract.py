"""`extractor extract`: articles (files, folders, globs, JSONL, stdin) → one JSONL record per article."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time
from typing import Any

from extractor.batch.runner import FLAT_CHARS, Summary

DESCRIPTION = """\
Extract one record per article (spec/RECORDS.md) into a JSONL file.

Inputs: .txt files (UTF-8, UTF-8/UTF-16 with BOM or Windows-1258), .html/.htm pages (main text, title
and date taken by trafilatura), .jsonl / .jsonl.gz files with one {"id", "text", "url"?, "title"?,
"published"?} object per line, folders (searched recursively for those, each once) and globs; "-" reads
JSONL from standard input, plain or gzip-compressed. The doc id is the file name without extension, or
the line's "id"; the url of a .txt or .html file comes from a SOURCES.tsv (doc_id<TAB>url) in its folder,
else from the page's canonical link or og:url.

Every article that cannot be processed is written to the errors file beside the output
(out.errors.jsonl for out.jsonl: doc_id, source, reason) and the run goes on: an unreadable file, a
FIFO, a symlink loop, an article longer than --max-chars, a JSONL line longer than --max-line-bytes,
an input that decompresses to more than --max-input-size. A doc id seen twice is kept once and
reported once. Records are written in whole lines and flushed to disk every second, so an interrupted
run can be continued with --resume; the output is locked while a run writes it, and an output that is
also an input is refused."""

EPILOG = """\
exit status:
  0    every article gave a record (a skipped duplicate id is not a failure)
  1    some articles failed (counted in the summary, listed in the errors file)
  2    nothing to do or cannot run, nothing written: no articles found, a path that names nothing, an
       output that is an input or is locked by another run, stdin that is not JSONL, bad options
  130  interrupted (Ctrl-C); what was done is written: rerun with --resume

examples:
  extractor extract corpus -o out/records.jsonl
  extractor extract corpus -o out/records.jsonl --with-text    # for 'extractor load': texts included
  extractor extract 'scraped/**/*.html' more.jsonl.gz -o out/all.jsonl -j 4
  extractor extract scraped -o out/all.jsonl --resume          # after an interruption
  zcat dump.jsonl.gz | extractor extract - -o - > records.jsonl
  extractor extract scraped -o out/all.jsonl --engine dask --scheduler tcp://10.0.0.5:8786"""



def exit_soon(code: int, seconds: float = 3.0) -> None:
    """End the process with `code` in `seconds` if it has not ended by then. A worker killed by Ctrl-C
    while it sends back a large result leaves the pool's manager thread reading the rest of that message
    forever (the pool's own end of the pipe keeps it open), and the interpreter joins that thread at exit;
    seen once, in a loaded test run, with workers stuck as zombies. Everything worth keeping is written
    before this is called."""

    def force() -> None:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(code)

    timer = threading.Timer(seconds, force)
    timer.daemon = True  # a normal exit does not wait for it
    timer.start()


class _RememberedInterrupt:
    """Ctrl-C that cannot be lost. Python raises KeyboardInterrupt wherever the main thread happens to be;
    when that is a finaliser (a Dask future's __del__ releasing its key, seen in CI) the exception is
    printed and swallowed, and the run went on to the end with exit 0. The handler also sets a flag, and
    the run checks it after every result."""

    def __init__(self) -> None:
        self.pressed = threading.Event()
        self._old: Any = None

    def _on_sigint(self, signum: int, frame: Any) -> None:
        self.pressed.set()
        raise KeyboardInterrupt

    def install(self) -> None:
        if threading.current_thread() is threading.main_thread():  # signal handlers live in the main thread
            self._old = signal.signal(signal.SIGINT, self._on_sigint)

    def restore(self) -> None:
        if self._old is not None:
            signal.signal(signal.SIGINT, self._old)

    def check(self) -> None:
        if self.pressed.is_set():
            raise KeyboardInterrupt


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
    p.add_argument(
        "--resume",
        action="store_true",
        help="keep the output's records (every line is checked; one that is not a record is dropped) "
        "and skip their doc ids",
    )
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
        "--max-chars",
        type=_positive_int,
        default=5_000_000,
        metavar="N",
        help="longest article read, in characters (default 5,000,000); a longer one is an error line",
    )
    p.add_argument(
        "--max-line-bytes",
        type=_size,
        default=None,
        metavar="SIZE",
        help="longest JSONL line read (default: 6 bytes per character of --max-chars, plus 1 MiB)",
    )
    p.add_argument(
        "--max-input-size",
        type=_size,
        default="20G",
        metavar="SIZE",
        help="most bytes read from one input after decompression (a .jsonl.gz, stdin; default 20G): "
        "a guard against gzip bombs",
    )
    p.add_argument(
        "--no-progress", action="store_true", help="no progress bar (it is off when stderr is not a terminal)"
    )
    p.add_argument("-v", "--verbose", action="store_true", help="also print the time spent in each stage")
    p.set_defaults(run=run)


_UNITS = {"": 1, "b": 1, "k": 2**10, "kb": 2**10, "m": 2**20, "mb": 2**20, "g": 2**30, "gb": 2**30,
          "t": 2**40, "tb": 2**40}


def _size(value: str) -> int:
    """A size in bytes: 1000000, 64M, 20G, 1.5G (binary units)."""
    import re

    plain = str(value).replace(",", "").replace("_", "")
    m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([a-zA-Z]*)\s*", plain)
    if not m or m[2].lower() not in _UNITS or float(m[1]) <= 0:
        raise argparse.ArgumentTypeError(f"not a size: {value!r} (say 64M, 20G or a number of bytes)")
    return int(float(m[1]) * _UNITS[m[2].lower()])


def _positive_int(value: str) -> int:
    try:
        n = int(str(value).replace(",", "").replace("_", ""))
    except ValueError:
        n = 0
    if n <= 0:
        raise argparse.ArgumentTypeError(f"not a positive whole number: {value!r}")
    return n


def _holds_articles(path: str) -> bool:
    """Whether a JSONL file's first line is an article ({"id", "text"}) rather than a record."""
    import json

    try:
        with open(path, "rb") as fh:
            for line in fh:
                if line.strip():
                    obj = json.loads(line)
                    return isinstance(obj, dict) and "text" in obj and "doc_id" not in obj
    except (OSError, ValueError):
        return False
    return False


def _writes_over_an_input(paths: list[str], outs: list[str]) -> str | None:
    """Why writing `outs` would destroy an input, or None. A file named as an input is never written;
    one that a folder or glob reaches is skipped as input (the run's own output from before) unless it
    holds articles, which writing it would lose."""
    import glob
    import os

    from extractor.batch import inputs

    targets = {}
    for out in outs:
        try:
            st = os.stat(out)
        except OSError:
            continue  # does not exist yet: cannot be an input
        targets[(st.st_dev, st.st_ino)] = out
    if not targets:
        return None

    def key(path: str) -> tuple[int, int] | None:
        try:
            st = os.stat(path)
        except OSError:
            return None
        return st.st_dev, st.st_ino

    for arg in paths:
        if arg == inputs.STDIN:
            continue
        if os.path.lexists(arg) and not os.path.isdir(arg):
            if key(arg) in targets:
                return f"{targets[key(arg)]} is also an input ({arg})"
            continue
        reached = []
        if os.path.isdir(arg):
            top = os.path.realpath(arg)
            reached = [o for o in targets.values() if os.path.realpath(o).startswith(top + os.sep)]
        elif glob.has_magic(arg):
            found = {key(p) for p in glob.iglob(arg, recursive=True)}
            reached = [o for k, o in targets.items() if k in found]
        for out in reached:
            if inputs._kind(out) == "jsonl" and _holds_articles(out):
                return f"{out} holds articles and is an input (in {arg})"
    return None


def run(args: argparse.Namespace) -> int:
    import io
    from itertools import chain

    from extractor.batch import engines, inputs, runner

    to_stdout = args.output == "-"
    if to_stdout and args.resume:
        print("extractor extract: --resume needs an output file, not -o -", file=sys.stderr)
        return 2
    if args.scheduler and args.engine != "dask":
        args.engine = "dask"
    limits = inputs.Limits(
        max_chars=args.max_chars, max_line_bytes=args.max_line_bytes, max_input_bytes=args.max_input_size
    )
    # Before anything is opened for writing: every path names something, no output is an input, and
    # standard input is JSONL.
    missing = inputs.missing_paths(args.paths)
    if missing:
        for problem in missing:
            print(f"extractor extract: {problem}", file=sys.stderr)
        return 2
    output = None if to_stdout else args.output
    errors_path = args.errors if args.errors else (None if to_stdout else runner.errors_path_for(args.output))
    clash = _writes_over_an_input(args.paths, [str(p) for p in (output, errors_path) if p])
    if clash:
        print(f"extractor extract: {clash}; refusing to write over it: choose another -o", file=sys.stderr)
        return 2
    stdin = None
    if inputs.STDIN in args.paths:
        try:
            stdin = inputs.sniff_stdin(sys.stdin.buffer, limits) or inputs.Stdin(io.BytesIO(b""), False, 1)
        except inputs.UsageError as exc:
            print(f"extractor extract: {exc}", file=sys.stderr)
            return 2
        except KeyboardInterrupt:  # waiting for a pipe that never came: nothing was started
            print("interrupted before anything was read", file=sys.stderr)
            return 130
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

    exclude = [p for p in (output, errors_path) if p]
    show = not args.no_progress and sys.stderr.isatty()
    bar = None
    ctrl_c = _RememberedInterrupt()

    def progress(s: Summary) -> None:
        ctrl_c.check()
        if bar:
            bar.update(s)

    try:
        ctrl_c.install()
        docs = inputs.read_docs(args.paths, exclude=exclude, stdin=stdin, limits=limits)
        # The first article is read before the output is opened: a run with nothing to do writes nothing.
        first = next(docs, None)
        if first is None:
            print(f"extractor extract: no articles found in {' '.join(args.paths)}", file=sys.stderr)
            return 2
        bar = _ProgressBar(inputs.count_docs(args.paths, exclude)) if show else None
        if bar:
            bar.start()
        summary = runner.run_batch(
            chain([first], docs),
            output,
            errors_path=errors_path,
            resume=args.resume,
            engine=engine,
            extract=runner.extract_with_text if args.with_text else None,
            timeout=args.timeout,
            chunk_size=args.chunk_size,
            on_progress=progress,
        )
        ctrl_c.check()  # pressed during the last result, and swallowed where it landed
    except KeyboardInterrupt:
        engine.abort()  # workers are killed, not waited for: the run stops at once
        exit_soon(130)  # the records are written by now; never wait long for the pool's exit hooks
        if bar:
            bar.stop()
        print(
            "interrupted: the records done so far are written; rerun with --resume to continue",
            file=sys.stderr,
        )
        return 130
    except runner.OutputLocked as exc:
        print(f"extractor extract: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"extractor extract: {exc}", file=sys.stderr)
        return 2
    finally:
        ctrl_c.restore()
        if bar:
            bar.stop()
        engine.close()
    out = sys.stderr if to_stdout else sys.stdout
    print_summary(summary, out, verbose=args.verbose, engine=f"{engine.name}, {engine.workers} worker(s)")
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
    if s.dropped_lines:
        shown = "; ".join(s.dropped_lines[:3]) + ("; …" if len(s.dropped_lines) > 3 else "")
        n = len(s.dropped_lines)
        print(f"warning: dropped {n} line(s) of {s.output} that are not records ({shown})", file=out)
    if s.warnings:
        print(
            f"warning: {s.warnings} article(s) with a publication date that cannot be read, ignored (the "
            f"record takes the text's own date line, or null), e.g. {s.warning_example}",
            file=out,
        )
    if s.flat:
        print(
            f"warning: {s.flat} article(s) of more than {FLAT_CHARS:,} characters without a line break, e.g. "
            f"{s.flat_example}: their headline, date line, lead and byline are read from the lines, so their "
            "author and event are less reliable; keep the inputs' line breaks if you can",
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
