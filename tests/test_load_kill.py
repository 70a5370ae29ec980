"""kill -9 at random moments of `extractor load` (issue 13): the previous database stays byte for byte as it
was and answers `extractor query` at once, and no scratch file is left behind; a killed first load leaves
no database at all. The kill lands on the loader alone or on its whole process group, as a terminal's
hang-up or a supervisor would."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor.store import atomic
from tests.db_records import write_jsonl
from tests.test_site import versioned

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("load-kill")]

ROOT = Path(__file__).resolve().parent.parent
RUNS = 8


def load_cmd(records: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "extractor", "load", str(records), "--db", str(db), "--prune"]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def totals(db: Path) -> list[dict]:
    done = subprocess.run(
        [sys.executable, "-m", "extractor", "query", "--db", str(db), "--sum-by", "metric", "--format", "json"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, f"the database does not answer after the kill: {done.stderr}"
    return json.loads(done.stdout)


def wait_for_no_strays(db: Path, seconds: float = 10) -> list[Path]:
    deadline = time.monotonic() + seconds
    while (left := atomic.stray_files(db)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def killed_load(records: Path, db: Path, after: float, group: bool) -> int | None:
    """Start a load, SIGKILL it `after` seconds later; its exit code if it finished first, else None."""
    proc = subprocess.Popen(load_cmd(records, db), cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(after)
    code = proc.poll()
    if code is None:
        if group:
            os.killpg(proc.pid, signal.SIGKILL)  # the loader's own group, started here
        else:
            proc.kill()
        proc.wait()
    return code


def test_kill_9_at_random_moments_leaves_the_previous_database(tmp_path: Path) -> None:
    old_records = write_jsonl(tmp_path / "old.jsonl", versioned("old", 1))
    new_records = write_jsonl(tmp_path / "new.jsonl", versioned("new", 6))
    db = tmp_path / "figures.db"
    started = time.monotonic()
    assert subprocess.run(load_cmd(new_records, tmp_path / "timing.db"), cwd=ROOT).returncode == 0
    duration = time.monotonic() - started  # kills are spread over a whole load, start-up included
    new_totals = totals(tmp_path / "timing.db")
    (tmp_path / "timing.db").unlink()

    rng = random.Random(13)
    interrupted = 0
    for run in range(RUNS):
        assert subprocess.run(load_cmd(old_records, db), cwd=ROOT).returncode == 0
        before, before_totals, inode = digest(db), totals(db), db.stat().st_ino
        at = rng.uniform(0.05, duration)
        code = killed_load(new_records, db, at, group=run % 2 == 1)
        if code is None and db.stat().st_ino == inode:  # killed before the rename: the old one, untouched
            interrupted += 1
            assert digest(db) == before, f"run {run}: killed at {at:.2f} s, the old database changed"
            assert totals(db) == before_totals
        else:  # it got to the rename first: the new database, whole
            assert totals(db) == new_totals
        assert wait_for_no_strays(db) == [], f"run {run}: scratch files left after a kill at {at:.2f} s"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["figures.db", "new.jsonl", "old.jsonl"]
    assert interrupted >= RUNS // 2, f"only {interrupted} of {RUNS} kills landed during a load"


def test_a_killed_first_load_leaves_no_database(tmp_path: Path) -> None:
    new_records = write_jsonl(tmp_path / "new.jsonl", versioned("new", 6))
    db = tmp_path / "figures.db"
    for after in (0.4, 0.7):  # after start-up, while the scratch database is being written
        assert killed_load(new_records, db, after, group=False) is None
        assert not db.exists()
        assert wait_for_no_strays(db) == []
        assert sorted(p.name for p in tmp_path.iterdir()) == ["new.jsonl"]
