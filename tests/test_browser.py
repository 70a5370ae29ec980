"""In a real browser: the corpus → records → database → Datasette → a journalist finds a figure.

Builds the database from the corpus with the extractor, serves it with `scripts/serve.sh` on a free
loopback port, drives headless chromium (installed by scripts/install-chromium.sh when missing) to the
figures table, types a number into the search box, and checks that the row shows the figure, its sentence
and its article, and that the article's page holds that sentence. Saves a screenshot to out/browser/.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from tests.headless import CHROMIUM, Chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOT = ROOT / "out" / "browser" / "figures_search.png"

# Seed article 000 reports this figure (spec §2's own example); the lead keeps the extractor finding it.
DOC_ID = "000_b64680261e54cc31"
FIGURE = "160.596 triệu đồng"

ROWS_JS = """
Array.from(document.querySelectorAll('table.rows-and-columns tbody tr')).map(tr => {
  const cell = c => tr.querySelector('td.col-' + c);
  const text = c => (cell(c) ? cell(c).innerText : '');
  const link = cell('doc_id') ? cell('doc_id').querySelector('a') : null;
  const mark = cell('sentence') ? cell('sentence').querySelector('mark') : null;
  return {text: text('text'), sentence: text('sentence'), doc_id: text('doc_id'),
          doc_href: link ? link.href : null, marked: mark ? mark.innerText : ''};
})
"""


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def chromium() -> str:
    if not os.access(CHROMIUM, os.X_OK):
        done = subprocess.run(
            ["bash", str(ROOT / "scripts" / "install-chromium.sh")],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode != 0 or not os.access(CHROMIUM, os.X_OK):
            pytest.skip(f"chromium could not be installed: {(done.stderr or done.stdout).strip()[-300:]}")
    return CHROMIUM


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser")
    records, db = out / "records.jsonl", out / "figures.db"
    for argv in (
        ["extract", "corpus", "-o", str(records), "--with-text"],
        ["load", str(records), "--db", str(db)],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "extractor", *argv], cwd=ROOT, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, f"extractor {argv[0]} failed:\n{done.stderr[-2000:]}"
    return db


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def datasette(corpus_db: Path):
    """The address `make serve` prints, with Datasette answering there; stopped afterwards."""
    env = {**os.environ, "PORT": str(_free_port())}
    proc = subprocess.Popen(
        ["bash", str(ROOT / "scripts" / "serve.sh"), str(corpus_db)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    try:
        first_line = proc.stdout.readline()
        # Keep reading what the server prints, so a full pipe can never stall it.
        threading.Thread(target=proc.stdout.read, daemon=True).start()
        address = next((w for w in first_line.split() if w.startswith("http://127.0.0.1:")), None)
        assert address, f"serve.sh printed no address: {first_line!r}"
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(address, timeout=2) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                pass
            assert proc.poll() is None, "Datasette exited before answering"
            assert time.monotonic() < deadline, "Datasette did not answer within 30 s"
            time.sleep(0.2)
        yield address
    finally:
        # serve.sh execs Datasette, so this is the server's own process group, started here.
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)


def find_figure_in_browser(address: str, executable: str, screenshot: Path) -> dict:
    """Search the figures table for FIGURE as a user would; return its row (asserting what it shows)."""
    with Chromium(executable, width=1400, height=1000) as browser:
        browser.goto(address)
        assert browser.evaluate("!!document.querySelector('input[name=_search]')"), "no search box"
        browser.type_text("input[name=_search]", FIGURE)
        browser.press_enter()
        browser.wait_for("location.search.includes('_search=') && document.readyState === 'complete'")
        rows = browser.wait_for(ROWS_JS)
        found = [r for r in rows if FIGURE in r["text"]]
        assert found, f"no row shows {FIGURE!r}; rows: {[r['text'] for r in rows]}"
        row = found[0]
        assert FIGURE in row["sentence"] and len(_squash(row["sentence"])) > len(FIGURE) + 20, row
        assert row["marked"] == FIGURE, "the figure is not highlighted in its sentence"
        assert DOC_ID in row["doc_id"] and row["doc_href"], row
        browser.evaluate("document.querySelector('form.search-row, form').scrollIntoView()")
        browser.screenshot(screenshot)

        browser.goto(row["doc_href"])  # the article the figure came from
        page = _squash(browser.evaluate("document.body.innerText"))
        assert DOC_ID in page
        assert _squash(row["sentence"]) in page, "the article page does not hold the figure's sentence"
    return row


def test_journalist_finds_figure_with_sentence_and_article(datasette: str, chromium: str) -> None:
    find_figure_in_browser(datasette, chromium, SCREENSHOT)
    assert SCREENSHOT.stat().st_size > 20_000  # a rendered page, not a blank one
