"""`extractor annotate`: a labelling round trip through Label Studio.

extractor annotate export corpus/ -o tasks.json --format label-studio [--gold gold/]
extractor annotate import export.json -o gold/
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

DESCRIPTION = """\
Correct the extractor's output in Label Studio and grow a gold set from it.

export: one Label Studio task per article, with the extractor's record as a prediction (spans labelled
  province, official, legal_ref or figure:<metric>, the other fields as per-region and document
  controls, part_of as relations) and, with --gold, the article's gold file as an annotation. Writes
  the labelling config beside the tasks (tasks.label-config.xml for tasks.json): create the Label
  Studio project with that config, then import the tasks.
import: a Label Studio JSON export (Export → JSON) back into gold files, one <doc_id>.json per
  annotated task: the ground-truth annotation if one is marked, else the last updated; skipped
  (cancelled) annotations and tasks without one are left out. An existing gold file that differs is
  kept unless --force."""

EPILOG = """\
examples:
  extractor annotate export corpus -o out/tasks.json --format label-studio
  extractor annotate export corpus -o out/tasks.json --gold gold        # gold as annotations, to review
  extractor annotate import ~/Downloads/project-1-at-2026-01-05.json -o gold
exit status: 0 all done; 1 some articles or tasks failed (each named on stderr); 2 cannot run"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "annotate",
        help="label in Label Studio: export tasks with predictions, import an export as gold",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    ex = actions.add_parser(
        "export",
        help="articles → Label Studio tasks (+ labelling config)",
        description="Articles (files, folders, globs, JSONL) → Label Studio tasks.",
    )
    ex.add_argument("paths", nargs="+", metavar="PATH", help="article files, folders, globs or JSONL files")
    ex.add_argument(
        "-o", "--output", required=True, type=Path, metavar="TASKS.json", help="tasks file to write"
    )
    ex.add_argument(
        "--format",
        choices=("label-studio",),
        default="label-studio",
        help="task format (label-studio, the only one so far)",
    )
    ex.add_argument(
        "--gold",
        type=Path,
        metavar="DIR",
        help="add each article's DIR/<doc_id>.json as an annotation (to review or correct gold)",
    )
    ex.add_argument("--no-predictions", action="store_true", help="leave the extractor's predictions out")
    ex.add_argument(
        "--config",
        type=Path,
        metavar="FILE.xml",
        help="where to write the labelling config (default: beside the tasks, NAME.label-config.xml)",
    )
    ex.set_defaults(run=run_export)
    im = actions.add_parser(
        "import",
        help="a Label Studio JSON export → gold files",
        description="A Label Studio JSON export → gold/<doc_id>.json files.",
    )
    im.add_argument("export", type=Path, metavar="EXPORT.json", help="Label Studio export (JSON format)")
    im.add_argument(
        "-o", "--output", required=True, type=Path, metavar="DIR", help="gold folder to write into"
    )
    im.add_argument("--force", action="store_true", help="overwrite gold files that differ")
    im.set_defaults(run=run_import)
    p.set_defaults(run=lambda args: (p.print_help(), 2)[1])


def config_path_for(tasks: Path) -> Path:
    name = tasks.name[: -len(".json")] if tasks.name.endswith(".json") else tasks.name
    return tasks.with_name(f"{name}.label-config.xml")


def _write(path: Path, text: str) -> None:
    """Write whole or not at all: a temporary file beside the target, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def run_export(args: argparse.Namespace) -> int:
    from extractor.batch.inputs import read_docs
    from extractor.evaluation.goldset import load_record
    from extractor.integrations import labelstudio
    from extractor.pipeline import extract_text

    config = args.config or config_path_for(args.output)
    tasks: list[dict[str, Any]] = []
    failed = with_gold = 0
    for doc in read_docs([str(p) for p in args.paths], exclude=[args.output, config]):
        try:
            text, url, title, published = doc.load()
            text = unicodedata.normalize("NFC", text)  # what every span of a record indexes
            prediction = (
                None
                if args.no_predictions
                else extract_text(doc.doc_id, text, url=url, title=title, published=published)
            )
            gold = None
            if args.gold is not None and (args.gold / f"{doc.doc_id}.json").is_file():
                gold = load_record(args.gold / f"{doc.doc_id}.json")
            one, problems = labelstudio.task(str(doc.doc_id), text, url=url, prediction=prediction, gold=gold)
        except Exception as exc:  # one article's failure never stops the export
            failed += 1
            print(f"{doc.source}: {' '.join(str(exc).split())[:300]}", file=sys.stderr)
            continue
        for problem in problems:
            print(f"{doc.source}: {problem} does not occur in the article: left out", file=sys.stderr)
        with_gold += gold is not None
        tasks.append(one)
    if not tasks:
        print("extractor annotate export: no articles", file=sys.stderr)
        return 2
    _write(args.output, json.dumps(tasks, ensure_ascii=False, indent=1) + "\n")
    _write(config, labelstudio.label_config())
    print(
        f"{len(tasks)} tasks ({0 if args.no_predictions else len(tasks)} with predictions, {with_gold} with "
        f"gold annotations) → {args.output}; labelling config → {config}"
        + (f"; {failed} articles failed" if failed else ""),
        file=sys.stderr,
    )
    return 1 if failed else 0


SAFE_ID = re.compile(r"^[\w][\w.-]*$")


def run_import(args: argparse.Namespace) -> int:
    from extractor.integrations import labelstudio

    try:
        tasks = json.loads(args.export.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        print(f"extractor annotate import: {args.export}: no such file", file=sys.stderr)
        return 2
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        print(f"extractor annotate import: {args.export}: not a JSON export ({exc})", file=sys.stderr)
        return 2
    if not isinstance(tasks, list):
        print(
            f"extractor annotate import: {args.export}: a Label Studio JSON export is a list of tasks",
            file=sys.stderr,
        )
        return 2
    written = unchanged = kept = skipped = failed = 0
    for n, task in enumerate(tasks):
        name = f"task {task.get('id', n) if isinstance(task, dict) else n}"
        try:
            if not isinstance(task, dict):
                raise labelstudio.AnnotationError("not a task object")
            annotation = labelstudio.chosen_annotation(task)
            if annotation is None:
                skipped += 1
                continue
            gold = labelstudio.gold_from_results(task.get("data") or {}, annotation.get("result") or [])
            doc_id = gold["doc_id"]
            if not SAFE_ID.match(doc_id):
                raise labelstudio.AnnotationError(f"doc_id {doc_id!r} cannot be a file name")
        except labelstudio.AnnotationError as exc:
            failed += 1
            print(f"{args.export}: {name}: {exc}", file=sys.stderr)
            continue
        path = args.output / f"{doc_id}.json"
        text = labelstudio.dump_gold(gold)
        if path.exists():
            try:
                same = json.loads(path.read_text(encoding="utf-8")) == gold
            except (json.JSONDecodeError, UnicodeDecodeError):
                same = False
            if same:
                unchanged += 1
                continue
            if not args.force:
                kept += 1
                print(
                    f"{path}: exists and differs from {name}: kept (use --force to overwrite)",
                    file=sys.stderr,
                )
                continue
        _write(path, text)
        written += 1
    print(
        f"{len(tasks)} tasks: {written} gold files written, {unchanged} unchanged, {kept} kept, "
        f"{skipped} without annotation, {failed} failed → {args.output}",
        file=sys.stderr,
    )
    return 1 if failed else 0
