"""Where chunks of articles are processed: in this process, in N local worker processes, or on Dask.

Every engine maps one function over a stream of chunks and yields the results **in input order**,
keeping only a bounded window of chunks in flight, so memory stays flat however long the stream is
and the output of `-j 4` or Dask is the output of `-j 1`, line for line.

A chunk whose worker dies (a crash in a C extension, the OOM killer) is retried one article at a
time, so only the article that kills its worker is lost, as an error from `on_lost`.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")

Lost = Callable[[list[Any], str], Any]  # (chunk, reason) → the result standing for that chunk


class Engine(Protocol):
    name: str
    workers: int

    def map_ordered(
        self, fn: Callable[[list[T]], R], chunks: Iterable[list[T]], on_lost: Lost
    ) -> Iterator[R]: ...

    def close(self) -> None: ...

    def abort(self) -> None: ...


# Descriptors of the files the main process writes (output, errors), which forked workers inherit: a
# worker closes its copies at start, so that it never keeps the output's lock (or the file) alive.
PARENT_ONLY_FDS: set[int] = set()
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with_parent(parent: int) -> None:
    """Make this worker end when the process that started it ends, whatever killed it (even SIGKILL):
    Linux's parent-death signal, else (or also) a thread that watches the parent id."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the signal was set up
        os._exit(1)
    if not sys.platform.startswith("linux"):
        import threading

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(0.5)
            os._exit(1)

        threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _worker_init(parent: int) -> None:
    # Ctrl-C is for the main process: it stops feeding work and writes out what is done.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)
    for fd in list(PARENT_ONLY_FDS):
        try:
            os.close(fd)
        except OSError:
            pass
    PARENT_ONLY_FDS.clear()


class InlineEngine:
    """`-j 1`: everything in this process (simplest to profile; no pickling)."""

    name = "local"
    workers = 1

    def map_ordered(
        self, fn: Callable[[list[T]], R], chunks: Iterable[list[T]], on_lost: Lost
    ) -> Iterator[R]:
        for chunk in chunks:
            yield fn(chunk)

    def close(self) -> None:
        pass

    def abort(self) -> None:
        pass


class ProcessEngine:
    """`-j N`: N worker processes on this machine.

    Not `Pool.imap`: its feeder thread reads the whole input ahead (memory grows with the corpus) and a
    dead worker hangs it forever. A bounded window of futures does neither.
    """

    name = "local"

    def __init__(self, workers: int, window_per_worker: int = 4) -> None:
        self.workers = max(1, workers)
        self.window = self.workers * window_per_worker
        # fork shares the already-imported pipeline (patterns, models) with the workers; elsewhere spawn.
        method = "fork" if sys.platform.startswith("linux") else None
        self._ctx = multiprocessing.get_context(method)
        self._pool: ProcessPoolExecutor | None = None

    def start(self) -> ProcessEngine:
        """Start the workers now (before any thread, such as a progress bar's, exists)."""
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=self._ctx, initializer=_worker_init, initargs=(os.getpid(),)
            )
            # The first task forks every worker (with fork): do it now, before any thread or output file.
            self._pool.submit(os.getpid).result()
        return self

    def _restart(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = None
        self.start()

    def map_ordered(
        self, fn: Callable[[list[T]], R], chunks: Iterable[list[T]], on_lost: Lost
    ) -> Iterator[R]:
        self.start()
        pending: deque[tuple[list[T], Future, ProcessPoolExecutor]] = deque()
        for chunk in chunks:
            assert self._pool is not None
            pending.append((chunk, self._submit(fn, chunk), self._pool))
            # Hand back finished work at once (a slow input stream still gets written out), and wait
            # for the oldest chunk when the window is full.
            while pending and (len(pending) >= self.window or pending[0][1].done()):
                yield from self._collect(fn, pending.popleft(), on_lost)
        while pending:
            yield from self._collect(fn, pending.popleft(), on_lost)

    def _submit(self, fn: Callable[[list[T]], R], chunk: list[T]) -> Future:
        assert self._pool is not None
        try:
            return self._pool.submit(fn, chunk)
        except BrokenProcessPool:
            self._restart()
            return self._pool.submit(fn, chunk)

    def _collect(
        self, fn: Callable[[list[T]], R], item: tuple[list[T], Future, ProcessPoolExecutor], on_lost: Lost
    ) -> Iterator[R]:
        chunk, fut, pool = item
        try:
            yield fut.result()
            return
        except BrokenProcessPool:
            pass
        # The pool broke: every chunk in flight failed with it. Restart once per broken pool, then
        # redo this chunk an article at a time to find the one that kills its worker.
        if pool is self._pool:
            self._restart()
        for one in chunk:
            try:
                yield self._submit(fn, [one]).result()
            except BrokenProcessPool:
                self._restart()
                yield on_lost([one], "worker process died while processing this article")

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def abort(self) -> None:
        """Stop now (Ctrl-C): kill the workers rather than wait for the articles they are on."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        # ProcessPoolExecutor has no public way to stop running work; its processes are killed here.
        for proc in list(getattr(pool, "_processes", {}).values()):
            try:
                proc.kill()
            except (OSError, ValueError):
                pass
        pool.shutdown(wait=False, cancel_futures=True)


class DaskEngine:
    """`--engine dask`: the same chunks as Dask tasks, on a LocalCluster or on `scheduler`.

    Uses `distributed` futures with a bounded window rather than `dask.bag.from_sequence`, which would
    need the whole corpus as a list first. Workers must have this package installed.
    """

    name = "dask"

    def __init__(
        self,
        scheduler: str | None = None,
        workers: int | None = None,
        processes: bool = True,
        window_per_worker: int = 4,
    ) -> None:
        self.scheduler = scheduler
        self.workers = workers or os.cpu_count() or 1
        self.processes = processes
        self.window_per_worker = window_per_worker
        self.client: Any = None
        self._cluster: Any = None

    def start(self) -> DaskEngine:
        if self.client is not None:
            return self
        from distributed import Client, LocalCluster

        if self.scheduler:
            self.client = Client(self.scheduler)
        else:
            self._cluster = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=self.processes,
                # Worker processes talk over TCP on loopback only; threads use in-process transport.
                host="127.0.0.1" if self.processes else None,
                dashboard_address=":0",  # no fixed port to collide with another cluster
                silence_logs=logging.ERROR,
            )
            self.client = Client(self._cluster)
        n = len(self.client.scheduler_info().get("workers", {})) or self.workers
        self.workers = n
        return self

    def map_ordered(
        self, fn: Callable[[list[T]], R], chunks: Iterable[list[T]], on_lost: Lost
    ) -> Iterator[R]:
        self.start()
        window = max(2, self.workers * self.window_per_worker)
        pending: deque[tuple[list[T], Any]] = deque()
        for chunk in chunks:
            pending.append((chunk, self.client.submit(fn, chunk, pure=False)))
            while pending and (len(pending) >= window or pending[0][1].done()):
                yield from self._collect(fn, *pending.popleft(), on_lost)
        while pending:
            yield from self._collect(fn, *pending.popleft(), on_lost)

    def _collect(self, fn: Callable[[list[T]], R], chunk: list[T], fut: Any, on_lost: Lost) -> Iterator[R]:
        try:
            yield fut.result()
            return
        except Exception:  # KilledWorker after the scheduler's retries, or a lost connection
            pass
        for one in chunk:
            try:
                yield self.client.submit(fn, [one], pure=False).result()
            except Exception as exc:
                yield on_lost([one], f"dask worker failed on this article ({type(exc).__name__})")

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def abort(self) -> None:
        self.close()


def make_engine(name: str = "local", jobs: int = 1, scheduler: str | None = None) -> Engine:
    """The engine for the command line's `--engine` / `-j` / `--scheduler`; jobs <= 0 means every core."""
    cores = os.cpu_count() or 1
    if name == "dask":
        return DaskEngine(scheduler=scheduler, workers=jobs if jobs > 0 else cores)
    if name != "local":
        raise ValueError(f"unknown engine {name!r} (local or dask)")
    n = jobs if jobs > 0 else cores
    return InlineEngine() if n == 1 else ProcessEngine(n)
