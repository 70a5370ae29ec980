"""Replace a file by building its successor beside it and renaming it into place.

Readers of the target (the site, `extractor query`, a `cp` in progress) keep the file they opened: a
rename never changes an open file, so each reader sees the old database or the new one, never a mix.

The successor is a hidden scratch file in the target's folder (`.figures.db.<pid>-<random>.loading`,
plus SQLite's `-journal` beside it while a transaction runs). It must not outlive its builder, even one
killed with SIGKILL, which runs no clean-up code. So:
- a watchdog process (its own session, so a signal to the loader's process group spares it) waits for
  the loader's end of a pipe to close, which the kernel does however the loader dies, and then removes
  the scratch files; after a successful rename there is nothing left for it to remove;
- the loader holds an flock on the scratch file, and every load first removes scratch files that nobody
  holds (left by a machine that lost power, say);
- loads into one folder take turns (an flock on the folder), so two loads never build from the same old
  database and lose each other's articles.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

SUFFIX = ".loading"
SIDECARS = ("-journal", "-wal", "-shm")

# Reads until EOF (the loader's end of the pipe closed: it exited, however), then removes the files.
_WATCHDOG = (
    "import os, sys\n"
    "sys.stdin.buffer.read()\n"
    "for p in sys.argv[1:]:\n"
    "    try:\n"
    "        os.unlink(p)\n"
    "    except OSError:\n"
    "        pass\n"
)


def scratch_pattern(target: Path) -> str:
    return f".{target.name}.*{SUFFIX}"


def stray_files(target: str | Path) -> list[Path]:
    """Scratch files (and their SQLite sidecars) of loads into `target`, finished or not."""
    target = Path(target)
    found = []
    for p in target.parent.glob(scratch_pattern(target)):
        found.append(p)
    for side in SIDECARS:
        found += target.parent.glob(scratch_pattern(target) + side)
    return sorted(set(found))


def _remove_unheld(target: Path) -> None:
    for path in target.parent.glob(scratch_pattern(target)):
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)  # a load in progress holds it
            continue
        try:
            for p in (path, *(Path(f"{path}{s}") for s in SIDECARS)):
                p.unlink(missing_ok=True)
        finally:
            os.close(fd)
    for side in SIDECARS:  # a sidecar whose scratch file is already gone
        for p in target.parent.glob(scratch_pattern(target) + side):
            if not Path(str(p)[: -len(side)]).exists():
                p.unlink(missing_ok=True)


class Scratch:
    """The successor of `target` while it is built; `commit()` renames it into place.

    Use as a context manager: leaving the block without `commit()` (an exception, Ctrl-C) removes it.
    `on_wait` is called once if another load into the same folder must finish first.
    """

    def __init__(self, target: str | Path, on_wait: Callable[[], None] | None = None) -> None:
        self.target = Path(target)
        self.path = self.target.with_name(
            f".{self.target.name}.{os.getpid()}-{secrets.token_hex(4)}{SUFFIX}"
        )
        self.committed = False
        self._on_wait = on_wait
        self._dir_fd: int | None = None
        self._fd: int | None = None
        self._watchdog: subprocess.Popen | None = None

    @property
    def files(self) -> list[Path]:
        return [self.path, *(Path(f"{self.path}{s}") for s in SIDECARS)]

    def __enter__(self) -> Scratch:
        folder = self.target.parent
        try:
            self._dir_fd = os.open(folder, os.O_RDONLY)
            try:
                fcntl.flock(self._dir_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if self._on_wait:
                    self._on_wait()
                fcntl.flock(self._dir_fd, fcntl.LOCK_EX)
        except OSError:
            self._close_dir()  # a folder that cannot be locked: go on without taking turns
        _remove_unheld(self.target)
        # The watchdog first: from the moment the scratch file exists, someone will remove it.
        self._watchdog = subprocess.Popen(
            [sys.executable, "-S", "-c", _WATCHDOG, *map(str, self.files)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
        )
        try:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
            fcntl.flock(self._fd, fcntl.LOCK_EX)
            with contextlib.suppress(OSError):
                os.chmod(self.path, self.target.stat().st_mode & 0o777)  # keep the old file's mode
        except BaseException:
            self._finish()
            raise
        return self

    def commit(self) -> None:
        """Flush the built file to disk and rename it over the target (atomic on one file system)."""
        assert self._fd is not None
        os.fsync(self._fd)
        os.replace(self.path, self.target)
        self.committed = True
        if self._dir_fd is not None:
            with contextlib.suppress(OSError):
                os.fsync(self._dir_fd)  # the rename itself survives a power cut

    def __exit__(self, *exc: object) -> None:
        self._finish()

    def _finish(self) -> None:
        if not self.committed:
            for p in self.files:
                with contextlib.suppress(OSError):
                    p.unlink()
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self._watchdog is not None:
            with contextlib.suppress(OSError):
                self._watchdog.stdin.close()  # type: ignore[union-attr]
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._watchdog.wait(timeout=5)
            self._watchdog = None
        self._close_dir()

    def _close_dir(self) -> None:
        if self._dir_fd is not None:
            os.close(self._dir_fd)  # releases the folder's lock
            self._dir_fd = None
