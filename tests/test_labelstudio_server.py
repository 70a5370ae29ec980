"""The labelling round trip through a real Label Studio: installed by scripts/install-label-studio.sh in
an environment of its own (when missing), started here on a free loopback port, stopped at the end.

A project is made with the labelling config of `extractor annotate export`, the tasks are imported
through Label Studio's API, one prediction is accepted as a labeller would (submitted as an
annotation), and the JSON export goes back through `extractor annotate import`."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from extractor.cli import main
from extractor.evaluation import goldset
from tests.test_gold import _problems
from tests.test_labelstudio import gold_shape

ROOT = Path(__file__).resolve().parents[1]
CORPUS, GOLD = ROOT / "corpus", ROOT / "gold"
SCRIPT = ROOT / "scripts" / "install-label-studio.sh"
TOKEN = "thanhtra0labelstudio0test0token"  # the template account's (scripts/install-label-studio.sh)
USER, PASSWORD = "labeller@example.org", "thanhtra-labeller"

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("label-studio")]


class LabelStudio:
    def __init__(self, url: str) -> None:
        self.url = url

    def call(self, method: str, path: str, body: Any = None) -> Any:
        req = urllib.request.Request(
            self.url + path, method=method, data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"Token {TOKEN}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=120) as resp:
                raw = resp.read()
        except urllib.error.HTTPError as exc:
            raise AssertionError(f"{method} {path}: {exc.code} {exc.read()[:500]!r}") from None
        return json.loads(raw) if raw else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def label_studio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabelStudio]:
    done = subprocess.run(["bash", str(SCRIPT)], capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        pytest.skip(f"Label Studio could not be installed: {(done.stderr or done.stdout).strip()[-300:]}")
    home = Path(done.stdout.strip().splitlines()[-1])
    data = tmp_path_factory.mktemp("label-studio") / "data"
    shutil.copytree(home / "template", data)  # migrated already: starts in seconds
    port = _free_port()
    env = {**os.environ, "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
           "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true", "LATEST_VERSION_CHECK": "false"}
    log = (data.parent / "server.log").open("wb")
    server = subprocess.Popen(
        [str(home / "venv" / "bin" / "label-studio"), "start", "--host", "127.0.0.1", "--port", str(port),
         "--no-browser", "--data-dir", str(data), "--username", USER, "--password", PASSWORD,
         "--user-token", TOKEN],
        stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(url + "/health", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    tail = (data.parent / "server.log").read_text(errors="replace")[-1500:]
                    raise AssertionError(f"Label Studio did not start:\n{tail}") from None
                time.sleep(0.5)
        yield LabelStudio(url)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def test_tasks_through_label_studio_and_back_into_gold(label_studio: LabelStudio, tmp_path: Path) -> None:
    tasks_file = tmp_path / "tasks.json"
    assert main(["annotate", "export", str(CORPUS), "-o", str(tasks_file), "--format", "label-studio",
                 "--gold", str(GOLD)]) == 0
    tasks = json.loads(tasks_file.read_text(encoding="utf-8"))
    config = (tmp_path / "tasks.label-config.xml").read_text(encoding="utf-8")
    # Label Studio parses and checks the config when the project is made (a bad one is refused with 400).
    project = label_studio.call("POST", "/api/projects", {"title": "thanhtra gold round trip", "label_config": config})
    gold_ids = {p.stem for p in goldset.gold_paths(GOLD)}
    chosen = [t for t in tasks if t["data"]["doc_id"] in gold_ids]
    unlabelled = chosen[-1]  # sent as a new article would be: the prediction only
    del unlabelled["annotations"]
    imported = label_studio.call("POST", f"/api/projects/{project['id']}/import", chosen)
    assert imported["task_count"] == len(chosen) and imported["annotation_count"] == len(chosen) - 1
    assert imported["prediction_count"] == len(chosen)

    # A labeller opens the unlabelled article and submits the prediction unchanged.
    listed = label_studio.call("GET", f"/api/tasks?project={project['id']}&page_size=1000")
    by_doc = {t["data"]["doc_id"]: t["id"] for t in listed["tasks"]}
    task_id = by_doc[unlabelled["data"]["doc_id"]]
    [prediction] = label_studio.call("GET", f"/api/predictions?task={task_id}")
    assert prediction["model_version"].startswith("thanhtra-extractor")
    label_studio.call("POST", f"/api/tasks/{task_id}/annotations",
                      {"result": prediction["result"], "parent_prediction": prediction["id"]})

    export = label_studio.call("GET", f"/api/projects/{project['id']}/export?exportType=JSON")
    assert len(export) == len(chosen)
    export_file = tmp_path / "export.json"
    export_file.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    back = tmp_path / "gold"
    assert main(["annotate", "import", str(export_file), "-o", str(back)]) == 0

    for path in goldset.gold_paths(GOLD):  # gold → tasks → Label Studio → export → gold: the same file
        if path.stem == unlabelled["data"]["doc_id"]:
            continue
        again = json.loads((back / path.name).read_text(encoding="utf-8"))
        original = json.loads(path.read_text(encoding="utf-8"))
        assert json.dumps(again, ensure_ascii=False) == json.dumps(original, ensure_ascii=False), path.name
    accepted = back / f"{unlabelled['data']['doc_id']}.json"
    assert _problems(accepted) == []
    from extractor.pipeline import extract_text

    text = goldset.read_article(CORPUS / f"{accepted.stem}.txt")
    record = extract_text(accepted.stem, text, url=goldset.read_sources(CORPUS).get(accepted.stem))
    assert json.loads(accepted.read_text(encoding="utf-8")) == gold_shape(record)
