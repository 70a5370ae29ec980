"""The batch runner: a stream of `Doc`s in, one JSONL record per article out, failures beside it.

    read (main process) → dedupe / resume filter → chunks → engine: decode + extract_text → ordered
    results → output appended whole lines at a time (flush + fsync per batch), errors file, summary

Guarantees a researcher can lean on:
- an article that fails (bad bytes, no text, any exception in the pipeline, a timeout, a crashed
  worker) becomes one line in the errors file — doc id, source, one-line reason — and the run goes on;
- the output grows by batches of whole lines, one write + fsync each; `resume=True` drops a last line
  cut by a crash mid-write and skips doc ids already in the output, so a killed-then-resumed run
  equals an uninterrupted one;
- a doc id seen twice is kept once (the first) and reported once in the errors file;
- nothing is held per article but its id: memory stays flat as the input grows.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import sys
import threading
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

from extractor.batch.engines import PARENT_ONLY_FDS, Engine, InlineEngine
from extractor.batch.inputs import Doc, InputError

Extract = Callable[..., Any]  # extract_text's signature: (doc_id, text, *, url, title, published) → Record

COUNTED = ("provinces", "officials", "legal_refs", "figures")
FLUSH_LINES = 256  # write out at least this often (lines) ...
FLUSH_SECONDS = 1.0  # ... and at least this often (seconds), so a crash loses little work
DUPLICATE = "duplicate id: kept the first article with this id, skipped this one"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one article: a JSON line, or an error reason."""

    doc_id: str | None
    source: str
    line: bytes | None = None  # the record as one JSON line, UTF-8 (no newline)
    reason: str | None = None
    counts: tuple[int, ...] = (0, 0, 0, 0)  # len of COUNTED lists in the record
    warning: str | None = None  # a record was written, but something given with it was ignored
    flat: bool = False  # a long text with no line break: a scrape that lost them (README, "Probes")

    @property
    def ok(self) -> bool:
        return self.line is not None


@dataclass
class ChunkResult:
    outcomes: list[Outcome]
    stage_seconds: dict[str, float]


@dataclass
class Summary:
    articles: int = 0  # distinct articles in the input (succeeded + failed)
    records: int = 0  # articles with a record in the output (new + resumed)
    new_records: int = 0
    resumed: int = 0  # skipped: already in the output
    failed: int = 0
    duplicates: int = 0  # repeated doc ids skipped
    found: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTED, 0))
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    output: str = ""
    errors_path: str | None = None
    dropped_partial_line: bool = False
    dropped_lines: list[str] = field(default_factory=list)  # resume: output lines that were not records
    warnings: int = 0  # records written with a given value ignored (an unreadable publication date)
    warning_example: str | None = None
    flat: int = 0  # records of long texts without a line break
    flat_example: str | None = None

    @property
    def exit_code(self) -> int:
        """0: every article gave a record; 1: some failed (see the errors file)."""
        return 1 if self.failed else 0

    @property
    def rate(self) -> float:
        """Articles processed by this run per second (resumed ones excluded)."""
        done = self.new_records + self.failed
        return done / self.seconds if self.seconds > 0 else 0.0


# ---------------------------------------------------------------------------------------------------
# The worker side
# ---------------------------------------------------------------------------------------------------


class ArticleTimeout(Exception):
    pass


def _on_alarm(signum: int, frame: Any) -> None:
    raise ArticleTimeout


def normalize_published(value: str) -> str | None:
    """The spec's form of a given publication date, None if unreadable (extractor.pipeline's rule)."""
    from extractor.pipeline import normalize_published as normalize

    return normalize(value)


def default_extract(doc_id: str, text: str, **kw: Any) -> Any:
    """extractor.pipeline.extract_text, imported on first use (in the worker that runs it)."""
    from extractor.pipeline import extract_text

    return extract_text(doc_id, text, **kw)


# Touches every stage (province, cluster, official, reference, figures, period) so that its lazily
# loaded patterns and compiled regexes exist before worker processes are forked from this one.
WARM_UP_TEXT = (
    "Ngày 16/11/2018, Thanh tra tỉnh Bắc Giang, đơn vị Cụm trưởng Cụm thi đua số V, tổ chức Hội nghị "
    "tổng kết năm 2018. Ông Nguyễn Văn An, Chánh Thanh tra tỉnh, cho biết theo Nghị định số "
    "33/2015/NĐ-CP, đã triển khai 5.486 cuộc thanh tra, phát hiện sai phạm 160.596 triệu đồng, "
    "49.424 m2 đất; đạt 89,72%.\n\nTrần Kiên"
)


def extract_with_text(doc_id: str, text: str, **kw: Any) -> Any:
    """`default_extract`, with the article's NFC text (the one its spans index) in the record's `text`,
    so that `extractor load` stores it without going back to the inputs (`extract --with-text`)."""
    record = default_extract(doc_id, text, **kw)
    record.text = unicodedata.normalize("NFC", text)
    return record


def warm_up(extract: Extract | None = None) -> None:
    """Run the pipeline once on a small article, so its one-time loading is not paid per worker."""
    try:
        (extract or default_extract)("warm-up", WARM_UP_TEXT)
    except Exception:
        pass  # a broken stage shows up, per article, in the real run


def _reason(exc: BaseException) -> str:
    """One line saying why: the message of an expected failure, type + message + place of a bug."""
    msg = " ".join(str(exc).split())
    if type(exc).__name__ in ("ExtractionError", "InputError"):
        return msg[:500] or type(exc).__name__
    where = ""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is not None:
        where = f" (at {os.path.basename(tb.tb_frame.f_code.co_filename)}:{tb.tb_lineno})"
    return f"internal error: {type(exc).__name__}: {msg}"[:480] + where


def _to_line(record: Any) -> tuple[bytes, tuple[int, ...]]:
    # UTF-8 bytes straight from the serializer: a large record is neither decoded to str nor encoded back
    # (each copy of a record with 100,000 figures is tens of MB), and bytes travel between processes
    # at half the size of such a str.
    serializer = getattr(type(record), "__pydantic_serializer__", None)
    if serializer is not None and hasattr(record, "model_dump_json"):
        line = serializer.to_json(record)
        counts = tuple(len(getattr(record, k, None) or ()) for k in COUNTED)
    elif hasattr(record, "model_dump_json"):
        line = record.model_dump_json().encode("utf-8")
        counts = tuple(len(getattr(record, k, None) or ()) for k in COUNTED)
    elif isinstance(record, dict):
        line = json.dumps(record, ensure_ascii=False).encode("utf-8")
        counts = tuple(len(record.get(k) or ()) for k in COUNTED)
    else:
        raise TypeError(f"the pipeline returned a {type(record).__name__}, not a record")
    return line, counts


# A text this long with no line break has lost them: the headline, date line, lead and byline are read
# from the lines, so its author and event are less reliable (the one_paragraph probe).
FLAT_CHARS = 1000


def process_one(doc: Doc, extract: Extract, timeout: float, clock: dict[str, float]) -> Outcome:
    """Decode and extract one article; every failure becomes the Outcome's reason."""
    use_alarm = timeout > 0 and threading.current_thread() is threading.main_thread()
    if use_alarm:
        old = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        t0 = time.perf_counter()
        text, url, title, published = doc.load()
        warning = None
        if published:
            given, published = published, normalize_published(published)
            if published is None:
                warning = f"{doc.source} {given[:60]!r}"
        t1 = time.perf_counter()
        clock["input.decode"] += t1 - t0
        record = extract(doc.doc_id, text, url=url, title=title, published=published)
        t2 = time.perf_counter()
        line, counts = _to_line(record)
        clock["output.serialize"] += time.perf_counter() - t2
        flat = len(text) > FLAT_CHARS and "\n" not in text.strip()
        return Outcome(doc.doc_id, doc.source, line=line, counts=counts, warning=warning, flat=flat)
    except ArticleTimeout:
        return Outcome(doc.doc_id, doc.source, reason=f"timed out after {timeout:g} s")
    except InputError as exc:
        return Outcome(doc.doc_id, doc.source, reason=str(exc))
    except Exception as exc:
        return Outcome(doc.doc_id, doc.source, reason=_reason(exc))
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)


def process_chunk(docs: list[Doc], extract: Extract | None = None, timeout: float = 0.0) -> ChunkResult:
    """What a worker runs: each doc of the chunk, plus the stage time it spent (for the summary)."""
    fn = extract or default_extract
    before = _stage_snapshot()
    clock: dict[str, float] = defaultdict(float)
    outcomes = [process_one(doc, fn, timeout, clock) for doc in docs]
    after = _stage_snapshot()
    for k, v in after.items():
        if v - before.get(k, 0.0) > 0:
            clock[k] += v - before.get(k, 0.0)
    return ChunkResult(outcomes, dict(clock))


def _stage_snapshot() -> dict[str, float]:
    pipeline = sys.modules.get("extractor.pipeline")
    stages = getattr(pipeline, "STAGE_SECONDS", None)
    return dict(stages) if stages else {}


def lost_chunk(docs: list[Doc], reason: str) -> ChunkResult:
    return ChunkResult([Outcome(d.doc_id, d.source, reason=reason) for d in docs], {})


# ---------------------------------------------------------------------------------------------------
# The writing side
# ---------------------------------------------------------------------------------------------------


def errors_path_for(output: str | os.PathLike) -> Path:
    """`out.errors.jsonl` beside `out.jsonl` (or `name.errors.jsonl` beside any other name)."""
    path = Path(output)
    name = path.name[: -len(".jsonl")] if path.name.endswith(".jsonl") else path.name
    return path.with_name(f"{name}.errors.jsonl")


def _write_all(fd: int, parts: list[bytes]) -> None:
    """Write `parts` in order with writev (at most 512 at a time), finishing any partial write."""
    for i in range(0, len(parts), 512):
        group = [memoryview(p) for p in parts[i : i + 512]]
        while group:
            n = os.writev(fd, group)
            while group and n >= len(group[0]):
                n -= len(group[0])
                group.pop(0)
            if group and n:
                group[0] = group[0][n:]


class OutputLocked(OSError):
    """Another run holds the lock on this output file."""


def _open_locked(path: Path) -> tuple[int, bool]:
    """Open `path` for appending (creating it, truncating nothing) and take an exclusive lock on it.

    Returns (fd, created). Raises OutputLocked when another process holds it. The lock is on the file,
    so the path is checked again after locking: a run that rewrote the file meanwhile (--resume
    repairing it) has put another file under the name, which is then opened and locked instead."""
    for _ in range(10):
        created = not path.exists()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0), 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise OutputLocked(
                f"{path} is being written by another run (it is locked); wait for it to end or choose "
                "another output file"
            ) from None
        try:
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return fd, created
        os.close(fd)
    raise OSError(f"{path} keeps being replaced by another process")


class LineAppender:
    """Appends whole lines to a file: one write of the buffered lines, then flush + fsync.

    The file is locked (flock) while the appender has it, so a second run on the same output refuses
    to start; it is truncated only once the lock is held."""

    def __init__(self, path: Path | None, stream: TextIO | None = None, truncate: bool = True) -> None:
        self.path = path
        self.stream = stream
        self._fd: int | None = None
        self._buf: list[str] = []
        self.created = False
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._fd, self.created = _open_locked(path)
            PARENT_ONLY_FDS.add(self._fd)
            if truncate:
                os.ftruncate(self._fd, 0)

    def truncate(self) -> None:
        """Empty the file (only ever done with the lock held)."""
        if self._fd is not None:
            os.ftruncate(self._fd, 0)

    def add(self, line: str | bytes) -> None:
        self._buf.append(line.encode("utf-8") if isinstance(line, str) else line)

    def __len__(self) -> int:
        return len(self._buf)

    def flush(self) -> None:
        if not self._buf:
            return
        parts: list[bytes] = []
        for line in self._buf:
            parts += (line, b"\n")
        self._buf.clear()
        if self._fd is not None:
            _write_all(self._fd, parts)  # the lines as they are: no joined copy of the batch
            os.fsync(self._fd)
        elif self.stream is not None:
            binary = getattr(self.stream, "buffer", None)
            if binary is not None:
                self.stream.flush()
                for part in parts:
                    binary.write(part)
                binary.flush()
            else:
                self.stream.write(b"".join(parts).decode("utf-8"))
                self.stream.flush()

    def repair(self, scan: OutputScan) -> None:
        """Make the file hold only the record lines `scan` kept: cut a half-written last line in place;
        drop other lines by writing the kept ones to a new file (locked before it gets the name) and
        putting it in place atomically, so a crash during the repair leaves the old file."""
        assert self.path is not None and self._fd is not None
        if not scan.bad_lines:
            if scan.cut_last_line:
                os.ftruncate(self._fd, scan.good_end)
                os.fsync(self._fd)
            return
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.repair")
        fd, _ = _open_locked(tmp)
        try:
            os.ftruncate(fd, 0)
            with self.path.open("rb") as src:
                out = bytearray()
                for n, raw in enumerate(src, 1):
                    if n in scan.bad_lines or not raw.endswith(b"\n"):
                        continue
                    out += raw
                    if len(out) >= 2**22:
                        os.write(fd, out)
                        out.clear()
                os.write(fd, out)
            os.fsync(fd)
            os.replace(tmp, self.path)
            dir_fd = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        except BaseException:
            os.close(fd)
            tmp.unlink(missing_ok=True)
            raise
        self._release()
        self._fd = fd
        PARENT_ONLY_FDS.add(fd)

    def _release(self) -> None:
        if self._fd is not None:
            PARENT_ONLY_FDS.discard(self._fd)
            os.close(self._fd)  # the lock goes with the descriptor
            self._fd = None

    def close(self) -> None:
        self.flush()
        self._release()

    def abandon(self) -> None:
        """Close without writing, and remove the file if this appender created it (a run that could not
        start touches nothing)."""
        self._buf.clear()
        if self._fd is not None:
            self._release()
            if self.created and self.path is not None and self.path.stat().st_size == 0:
                self.path.unlink(missing_ok=True)


@dataclass
class OutputScan:
    """What an existing output file holds: the records (first line per doc id) and the lines that are not."""

    done: dict[str, tuple[int, ...]] = field(default_factory=dict)
    bad_lines: dict[int, str] = field(default_factory=dict)  # line number → why it is dropped
    good_end: int = 0  # bytes up to the end of the last whole line
    cut_last_line: bool = False


def scan_output(path: Path) -> OutputScan:
    """Check every line of an output file: a JSON object with a string doc_id is a record (the first one
    for each doc id); anything else, and a repeated doc id, is reported and will be dropped. A last line
    without its newline is what a crash mid-write leaves: it is cut."""
    scan = OutputScan()
    if not path.exists():
        return scan
    size = path.stat().st_size
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, 1):
            if not raw.endswith(b"\n"):
                scan.cut_last_line = True
                break  # the crash happened while this line was being written
            scan.good_end += len(raw)
            if not raw.strip():
                scan.bad_lines[n] = "blank line"
                continue
            try:
                obj = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                scan.bad_lines[n] = f"not JSON ({getattr(exc, 'msg', None) or exc.reason})"
                continue
            doc_id = obj.get("doc_id") if isinstance(obj, dict) else None
            if not isinstance(doc_id, str) or not doc_id:
                scan.bad_lines[n] = "not a record (no doc_id)"
            elif doc_id in scan.done:
                scan.bad_lines[n] = f"doc id {doc_id!r} again (the first record is kept)"
            else:
                scan.done[doc_id] = tuple(len(obj.get(k) or ()) for k in COUNTED)
    scan.cut_last_line = scan.cut_last_line or scan.good_end < size
    return scan


def load_done(path: Path) -> tuple[dict[str, tuple[int, ...]], bool]:
    """Doc ids already in an output file (with their counts), after repairing it (`scan_output`).
    Returns (done, whether a half-written last line was dropped)."""
    scan = scan_output(path)
    if scan.cut_last_line or scan.bad_lines:
        app = LineAppender(path, truncate=False)
        try:
            app.repair(scan)
        finally:
            app.close()
    return scan.done, scan.cut_last_line


# ---------------------------------------------------------------------------------------------------
# The runner
# ---------------------------------------------------------------------------------------------------


def _chunks(docs: Iterator[Doc], size: int) -> Iterator[list[Doc]]:
    while chunk := list(islice(docs, size)):
        yield chunk


def run_batch(
    docs: Iterable[Doc],
    output: str | os.PathLike | None,
    *,
    errors_path: str | os.PathLike | None = None,
    resume: bool = False,
    engine: Engine | None = None,
    extract: Extract | None = None,
    timeout: float = 0.0,
    chunk_size: int | None = None,
    on_progress: Callable[[Summary], None] | None = None,
    stdout: TextIO | None = None,
    error_stream: TextIO | None = None,
) -> Summary:
    """Extract every doc into `output` (JSONL; None = `stdout`) and failures into `errors_path`.

    `extract` defaults to extractor.pipeline.extract_text; it must be a module-level function so that
    worker processes can receive it. `on_progress(summary)` is called after each chunk (progress bar).
    Without `errors_path` and with no output file, errors go to `error_stream` as plain lines.
    """
    engine = engine or InlineEngine()
    t_start = time.perf_counter()
    summary = Summary(output=str(output) if output is not None else "-")
    out_path = Path(output) if output is not None else None
    if out_path is not None and errors_path is None:
        errors_path = errors_path_for(out_path)
    err_path = Path(errors_path) if errors_path is not None else None
    summary.errors_path = str(err_path) if err_path is not None else None

    done: dict[str, tuple[int, ...]] = {}
    # Locked first (a second run on the same output refuses here, having touched nothing), then read
    # or truncated.
    out = LineAppender(out_path, stream=stdout or sys.stdout, truncate=False)
    err = None
    try:
        # The errors file is rewritten by every run: failed articles are never in the output, so a
        # resumed run tries them again and reports them again (transient failures get a second chance).
        err = LineAppender(err_path, truncate=False) if err_path is not None else None
        if out_path is not None and resume:
            scan = scan_output(out_path)
            out.repair(scan)
            done, summary.dropped_partial_line = scan.done, scan.cut_last_line
            summary.dropped_lines = [f"line {n}: {why}" for n, why in sorted(scan.bad_lines.items())]
        elif out_path is not None:
            out.truncate()
        if err is not None:
            err.truncate()
    except BaseException:
        out.abandon()
        if err is not None:
            err.abandon()
        raise
    stages = summary.stage_seconds

    def report(o: Outcome) -> None:
        if err is not None:
            err.add(
                json.dumps({"doc_id": o.doc_id, "source": o.source, "reason": o.reason}, ensure_ascii=False)
            )
        else:
            print(f"{o.source}: {o.reason}", file=error_stream or sys.stderr)

    seen: set[str] = set()
    duplicate_reported: set[str] = set()

    def todo() -> Iterator[Doc]:
        # Runs lazily in the main process as the engine pulls chunks: dedupe and resume filter here.
        t = time.perf_counter()
        for doc in docs:
            if doc.doc_id is not None:
                if doc.doc_id in seen:
                    summary.duplicates += 1
                    if doc.doc_id not in duplicate_reported:
                        # Sent down the stream (not reported here) so the errors file keeps input order.
                        duplicate_reported.add(doc.doc_id)
                        stages["input.read"] += time.perf_counter() - t
                        yield Doc(doc.doc_id, doc.source, error=DUPLICATE)
                        t = time.perf_counter()
                    continue
                seen.add(doc.doc_id)
                if doc.doc_id in done:
                    summary.resumed += 1
                    summary.records += 1
                    summary.articles += 1
                    for k, n in zip(COUNTED, done[doc.doc_id], strict=True):
                        summary.found[k] += n
                    continue
            stages["input.read"] += time.perf_counter() - t
            yield doc
            t = time.perf_counter()

    size = chunk_size or (1 if isinstance(engine, InlineEngine) else 8)
    fn = partial(process_chunk, extract=extract, timeout=timeout)
    last_flush = [time.monotonic()]
    # Written lines are flushed at least every FLUSH_SECONDS even when the input stalls (a slow pipe):
    # a thread does it between results, under the same lock as the main loop.
    io_lock = threading.Lock()
    stop = threading.Event()

    def flush_now() -> None:
        t = time.perf_counter()
        out.flush()
        if err is not None:
            err.flush()
        stages["output.write"] += time.perf_counter() - t
        last_flush[0] = time.monotonic()

    def flusher() -> None:
        while not stop.wait(FLUSH_SECONDS / 2):
            with io_lock:
                pending = len(out) + (len(err) if err else 0)
                if pending and time.monotonic() - last_flush[0] >= FLUSH_SECONDS:
                    flush_now()

    flush_thread = threading.Thread(target=flusher, name="extract-flush", daemon=True)
    flush_thread.start()
    try:
        for result in engine.map_ordered(fn, _chunks(todo(), size), lost_chunk):
            with io_lock:
                for k, v in result.stage_seconds.items():
                    stages[k] += v
                for o in result.outcomes:
                    if o.reason == DUPLICATE:
                        report(o)
                        continue
                    summary.articles += 1
                    if o.warning is not None:
                        summary.warnings += 1
                        summary.warning_example = summary.warning_example or o.warning
                    if o.flat:
                        summary.flat += 1
                        summary.flat_example = summary.flat_example or o.source
                    if o.ok:
                        assert o.line is not None
                        out.add(o.line)
                        summary.records += 1
                        summary.new_records += 1
                        for k, n in zip(COUNTED, o.counts, strict=True):
                            summary.found[k] += n
                    else:
                        summary.failed += 1
                        report(o)
                if (
                    len(out) + (len(err) if err else 0) >= FLUSH_LINES
                    or time.monotonic() - last_flush[0] >= FLUSH_SECONDS
                ):
                    flush_now()
            if on_progress is not None:
                on_progress(summary)
    finally:
        stop.set()
        flush_thread.join()
        # Whatever happens (Ctrl-C included), what was extracted is written out whole.
        t = time.perf_counter()
        out.close()
        if err is not None:
            err.close()
        stages["output.write"] += time.perf_counter() - t
        summary.seconds = time.perf_counter() - t_start
    return summary
