"""The journalists' site as `make serve` starts it (scripts/serve.sh → Datasette), for tests: on a free
loopback port, in its own process group, stopped by the test that started it."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Site:
    address: str  # http://127.0.0.1:PORT/NAME/figures, as serve.sh prints it
    pid: int  # Datasette's own process (serve.sh execs it)

    @property
    def base(self) -> str:
        parts = urllib.parse.urlsplit(self.address)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def port(self) -> int:
        return urllib.parse.urlsplit(self.address).port or 80

    def get(self, path: str, timeout: float = 20) -> tuple[int, str]:
        """(status, body) of GET base + path; an HTTP error status is returned, not raised."""
        try:
            with urllib.request.urlopen(self.base + path, timeout=timeout) as reply:
                return reply.status, reply.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def sql(self, database: str, sql: str, timeout: float = 20) -> tuple[int, list | dict]:
        """(status, rows as dicts) of an SQL query through Datasette's JSON API (the error object on failure)."""
        status, body = self.get(
            f"/{database}.json?" + urllib.parse.urlencode({"sql": sql, "_shape": "array"}), timeout
        )
        try:
            return status, json.loads(body)
        except ValueError:
            return status, {"error": body[:500]}

    def memory_kb(self, field: str = "VmHWM") -> int:
        """Datasette's resident memory from /proc (VmHWM: its peak so far; VmRSS: now), in kB."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
        raise AssertionError(f"no {field} for process {self.pid}")

    def cpu_seconds(self) -> float:
        """CPU time Datasette has used (user + system, from /proc): work done, whatever else the machine
        is doing, unlike wall-clock time."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def serve(db: Path, timeout: float = 30) -> Iterator[Site]:
    env = {**os.environ, "PORT": str(free_port())}
    proc = subprocess.Popen(
        ["bash", str(ROOT / "scripts" / "serve.sh"), str(db)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    try:
        first_line = proc.stdout.readline()
        threading.Thread(target=proc.stdout.read, daemon=True).start()  # never a full pipe
        address = next((w for w in first_line.split() if w.startswith("http://127.0.0.1:")), None)
        assert address, f"serve.sh printed no address: {first_line!r}"
        site = Site(address, proc.pid)
        deadline = time.monotonic() + timeout
        while True:
            try:
                if site.get("/-/versions.json", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            assert proc.poll() is None, "Datasette exited before answering"
            assert time.monotonic() < deadline, f"Datasette did not answer within {timeout} s"
            time.sleep(0.2)
        yield site
    finally:
        if proc.poll() is None:  # serve.sh execs Datasette: this process group is the server's, ours
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
