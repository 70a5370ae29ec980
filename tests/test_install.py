"""Installed as a user installs it: the wheel, in a new virtual environment outside the repository.

The wheel must carry its language data (patterns/), so the installed command gives the checkout's
records; and Dask workers started from that environment, in a folder of their own, must give the
local run's records to a client in the checkout (the README's scale-out steps)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("install")]


def _run(cmd: list[str], cwd: Path, **kw) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "EXTRACTOR_PATTERNS")}
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=900, **kw)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv with the built wheel (and its dask extra) installed; returns its bin/ folder."""
    home = tmp_path_factory.mktemp("user")
    wheels = home / "wheels"
    # Built from a copy of the files the package is made of, so a parallel build in the checkout (its
    # build/ folder) cannot interfere, and a file the build needs but git does not track would show.
    source = home / "source"
    tracked = subprocess.run(["git", "ls-files", "extractor", "patterns", "pyproject.toml", "setup.py",
                              "MANIFEST.in", "README.md"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.split()
    for name in tracked:
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(source)],
                 home)
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("thanhtra_extractor-*.whl")
    venv.create(home / "venv", with_pip=True)
    bin_dir = home / "venv" / "bin"
    got = _run([str(bin_dir / "python"), "-m", "pip", "install", "-q", f"{wheel}[dask]"], home)
    assert got.returncode == 0, got.stderr
    return bin_dir


def _records(path: Path) -> list[dict]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        rec.pop("extractor_version", None)
        out.append(rec)
    return out


def _checkout_records(tmp: Path) -> list[dict]:
    out = tmp / "checkout.jsonl"
    got = _run([sys.executable, "-m", "extractor", "extract", str(CORPUS), "-o", str(out), "--no-progress"],
               ROOT)
    assert got.returncode in (0, 1), got.stderr
    return _records(out)


def test_the_installed_wheel_gives_the_checkouts_records(installed: Path, tmp_path: Path) -> None:
    work = tmp_path / "elsewhere"
    work.mkdir()
    version = _run([str(installed / "extractor"), "--version"], work)
    from extractor import __version__

    assert version.stdout.strip() == f"extractor {__version__}"
    # The installed package is the one that runs, not the checkout.
    where = _run([str(installed / "python"), "-c", "import extractor, extractor.patterns as p; "
                  "print(extractor.__file__); print(p.PATTERNS_DIR)"], work)
    module_file, patterns_dir = where.stdout.split()
    assert str(ROOT) not in module_file and str(ROOT) not in patterns_dir
    assert (Path(patterns_dir) / "metrics.jsonl").is_file()

    got = _run([str(installed / "extractor"), "extract", str(CORPUS), "-o", "records.jsonl", "--no-progress"],
               work)
    assert got.returncode in (0, 1), got.stderr
    installed_records = _records(work / "records.jsonl")
    assert len(installed_records) == len(list(CORPUS.glob("*.txt")))
    assert installed_records == _checkout_records(tmp_path)
    first = json.loads((work / "records.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["extractor_version"] == __version__


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, procs: list[subprocess.Popen], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert all(p.poll() is None for p in procs), "a dask process exited early"
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"nothing listens on port {port}")


def test_dask_workers_from_the_installed_wheel(installed: Path, tmp_path: Path) -> None:
    cluster_dir = tmp_path / "cluster"
    cluster_dir.mkdir()
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "EXTRACTOR_PATTERNS")}
    # The README's steps: a scheduler, then single-threaded workers pointed at it.
    commands = [[str(installed / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                 "--dashboard-address", ":0", "--no-show"]]
    commands += [[str(installed / "dask"), "worker", address, "--nthreads", "1", "--host", "127.0.0.1",
                  "--dashboard-address", ":0", "--no-nanny"]] * 2
    procs: list[subprocess.Popen] = []
    try:
        for i, cmd in enumerate(commands):
            procs.append(subprocess.Popen(cmd, cwd=cluster_dir, env=env, start_new_session=True,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            if i == 0:
                _wait_for_port(port, procs)
        out = tmp_path / "dask.jsonl"
        got = _run([sys.executable, "-m", "extractor", "extract", str(CORPUS), "-o", str(out), "--scheduler",
                    address, "--no-progress"], ROOT)
        assert got.returncode in (0, 1), got.stderr
        assert "(dask, 2 worker(s))" in got.stdout
        assert _records(out) == _checkout_records(tmp_path)
    finally:
        for p in procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
    assert all(p.poll() is not None for p in procs)
