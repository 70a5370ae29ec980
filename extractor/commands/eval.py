"""`extractor eval`: score the extractor against the gold set (spec §3), list its mistakes, draw a report,
and gate on the committed baseline."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from extractor.models import Record


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "eval",
        help="score the extractor against gold/ (P/R/F1 and accuracies of spec §3)",
        description=(
            "Run the extractor on every corpus article that has a gold record and score it as spec §3 says: "
            "micro-averaged P/R/F1 per set-valued field, accuracy per right-or-wrong attribute. "
            "An article the extractor fails on counts as an empty prediction and is reported on stderr."
        ),
        epilog=(
            "examples:\n"
            "  extractor eval --corpus corpus --gold gold\n"
            "  extractor eval --errors | grep figures\n"
            "  extractor eval --json > scores.json\n"
            "  extractor eval --pred out/records.jsonl --baseline gold/baseline.json --report out/eval.html\n"
            "  extractor eval --probes            # other provinces, years and writing styles\n"
            "  extractor eval --probes --errors   # what only the rewritten articles get wrong"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--corpus", type=Path, default=Path("corpus"), metavar="DIR",
                   help="folder of <doc_id>.txt articles and SOURCES.tsv (default: corpus)")
    p.add_argument("--gold", type=Path, default=Path("gold"), metavar="DIR",
                   help="folder of <doc_id>.json gold records (default: gold)")
    p.add_argument("--pred", type=Path, metavar="FILE.jsonl",
                   help="score these records instead of running the extractor")
    p.add_argument("--json", action="store_true",
                   help="print the spec §3 score object as JSON instead of the table")
    p.add_argument("--errors", action="store_true",
                   help="list every false positive, false negative and wrong attribute as "
                        "'doc_id<TAB>field<TAB>gold|pred<TAB>text' (on stderr when --json is given)")
    p.add_argument("--report", type=Path, metavar="FILE.html",
                   help="write an HTML page: the scores, and each article with its gold and predicted "
                        "items highlighted")
    p.add_argument("--baseline", type=Path, metavar="FILE",
                   help="fail (exit 1) when any F1 or accuracy falls more than 0.005 below this score object "
                        "(with --probes: below each probe's rewritten scores in this file, as "
                        "--probes --json writes it)")
    p.add_argument("--probes", action="store_true",
                   help="score generalisation probes instead: the gold articles rewritten with other "
                        "provinces, years four earlier, money in the other scale (triệu ↔ tỷ) and other "
                        "writing styles (tone marks, UBND, dates, cluster and document numbers, no line "
                        "breaks), their gold rewritten to match; prints each field as written → rewritten "
                        "(extractor/evaluation/probe.py)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from extractor.evaluation import goldset
    from extractor.evaluation.scoring import score

    out = sys.stderr if args.json else sys.stdout  # with --json, stdout holds the object alone
    try:
        gold = goldset.load_gold(args.gold)
    except (OSError, ValueError) as exc:
        return _fail(f"cannot read the gold set: {str(exc).splitlines()[0]}")
    if not gold:
        return _fail(f"no gold records (*.json) in {args.gold}")

    articles = goldset.article_paths(args.corpus) if args.corpus.is_dir() else {}
    sources = goldset.read_sources(args.corpus) if args.corpus.is_dir() else {}
    failures: dict[str, str] = {}
    if args.probes:
        return _probes(args, gold, articles, sources, out)
    if args.pred:
        try:
            pred = goldset.read_jsonl_records(args.pred)
        except (OSError, ValueError) as exc:
            return _fail(f"cannot read predictions: {exc}")
        for doc_id in sorted(set(gold) - set(pred)):
            failures[doc_id] = f"no record in {args.pred}"
    else:
        missing = sorted(set(gold) - set(articles))
        if missing:
            return _fail(f"gold records without an article in {args.corpus}: {', '.join(missing)}")
        pred = _extract_all(sorted(gold), articles, sources, failures)
    for doc_id, reason in sorted(failures.items()):
        print(f"{doc_id}: no prediction, scored as empty: {reason}", file=sys.stderr)

    result = score(gold, pred)
    if args.errors:
        err_out = sys.stderr if args.json else sys.stdout
        for m in result.mistakes:
            print(m.line(), file=err_out)
    if args.json:
        print(json.dumps(result.scores, ensure_ascii=False, indent=2))
    else:
        _print_table(result.scores, failures, out)

    if args.report:
        _write_report(args, result, gold, pred, articles, sources, failures)
        print(f"report written to {args.report}", file=out)

    if args.baseline:
        return _gate(result.scores, args.baseline, out)
    return 0


def _probes(args: argparse.Namespace, gold: dict[str, Record], articles: dict[str, Path],
            sources: dict[str, str | None], out: TextIO) -> int:
    from extractor.evaluation import goldset, probe
    from extractor.pipeline import extract_text

    if args.pred or args.report:
        return _fail("--probes runs the extractor on rewritten articles: give it without --pred or --report")
    missing = sorted(set(gold) - set(articles))
    if missing:
        return _fail(f"gold records without an article in {args.corpus}: {', '.join(missing)}")

    def extract(doc_id: str, text: str) -> Record | None:
        try:
            return extract_text(doc_id, text, url=sources.get(doc_id))
        except Exception:  # scored as an empty prediction, as eval does
            return None

    texts = {doc_id: goldset.read_article(articles[doc_id]) for doc_id in gold}
    results = probe.run_probes(texts, probe.load_raw_gold(args.gold), extract)
    if args.errors:
        for r in results:
            for line in r.mistakes:
                print(f"{r.name}\t{line}", file=sys.stderr if args.json else sys.stdout)
    if args.json:
        print(json.dumps({r.name: {"docs": r.docs, "as_written": r.before, "rewritten": r.after}
                          for r in results}, ensure_ascii=False, indent=2))
    else:
        print(probe.table(results), file=out)
    if args.baseline:
        return _gate_probes(results, args.baseline, out)
    return 0


def _fail(message: str) -> int:
    print(f"extractor eval: {message}", file=sys.stderr)
    return 2


def _extract_all(doc_ids: list[str], articles: dict[str, Path], sources: dict[str, str | None],
                 failures: dict[str, str]) -> dict[str, Record]:
    from extractor.evaluation import goldset
    from extractor.pipeline import ExtractionError, extract_text

    pred: dict[str, Record] = {}
    for doc_id in doc_ids:
        text = goldset.read_article(articles[doc_id])
        try:
            pred[doc_id] = extract_text(doc_id, text, url=sources.get(doc_id))
        except ExtractionError as exc:
            failures[doc_id] = str(exc)
        except Exception as exc:  # a crash on one article must not hide the scores of the others
            failures[doc_id] = f"{type(exc).__name__}: {exc}"
    return pred


def _print_table(scores: dict[str, Any], failures: dict[str, str], out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table

    from extractor.evaluation.scoring import ACCURACY_FIELDS, SET_FIELDS

    console = Console(file=out, highlight=False)
    fields = scores["fields"]
    sets = Table(title=f"Set fields, micro-averaged over {scores['docs']} articles", title_justify="left")
    for col in ("field", "tp", "fp", "fn", "P", "R", "F1"):
        sets.add_column(col, justify="left" if col == "field" else "right")
    for name in SET_FIELDS:
        e = fields[name]
        sets.add_row(name, str(e["tp"]), str(e["fp"]), str(e["fn"]),
                     f"{e['p']:.3f}", f"{e['r']:.3f}", f"[bold]{e['f1']:.3f}[/bold]")
    console.print(sets)
    attrs = Table(title="Right-or-wrong attributes", title_justify="left")
    for col in ("attribute", "n", "accuracy"):
        attrs.add_column(col, justify="left" if col == "attribute" else "right")
    for name in ACCURACY_FIELDS:
        e = fields[name]
        attrs.add_row(name, str(e["n"]), f"[bold]{e['accuracy']:.3f}[/bold]")
    console.print(attrs)
    if failures:
        console.print(f"{len(failures)} article(s) without a prediction (scored as empty): "
                      + ", ".join(sorted(failures)))


def _write_report(
    args: argparse.Namespace,
    result: Any,
    gold: dict[str, Record],
    pred: dict[str, Record],
    articles: dict[str, Path],
    sources: dict[str, str | None],
    failures: dict[str, str],
) -> None:
    from extractor.evaluation import goldset
    from extractor.evaluation.report import DocView, render_report

    by_doc: dict[str, list] = {}
    for m in result.mistakes:
        by_doc.setdefault(m.doc_id, []).append(m)
    views = []
    for doc_id in sorted(gold):
        text = goldset.read_article(articles[doc_id]) if doc_id in articles else ""
        views.append(DocView(doc_id=doc_id, text=text, gold=gold[doc_id], pred=pred.get(doc_id),
                             mistakes=by_doc.get(doc_id, []), failure=failures.get(doc_id),
                             url=sources.get(doc_id)))
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(render_report(result.scores, views), encoding="utf-8")


def _read_baseline(baseline_path: Path) -> dict[str, Any] | int:
    """The baseline's score object(s), or the exit code of a failure already reported."""
    try:
        return json.loads(baseline_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        print(f"extractor eval: no baseline at {baseline_path}; create it deliberately with `make baseline`",
              file=sys.stderr)
        return 2
    except (OSError, ValueError) as exc:
        return _fail(f"cannot read the baseline {baseline_path}: {exc}")


def _gate(scores: dict[str, Any], baseline_path: Path, out: TextIO) -> int:
    baseline = _read_baseline(baseline_path)
    if isinstance(baseline, int):
        return baseline
    return _verdict([("", scores, baseline)], baseline_path, out)


def _gate_probes(results: list, baseline_path: Path, out: TextIO) -> int:
    """Each probe's rewritten scores against the probe baseline ({probe: {"rewritten": scores, …}})."""
    baseline = _read_baseline(baseline_path)
    if isinstance(baseline, int):
        return baseline
    by_name = {r.name: r for r in results}
    missing = sorted(set(baseline) - set(by_name))
    if missing:
        return _fail(f"{baseline_path} has probes this version does not run: {', '.join(missing)}")
    return _verdict([(f"{name} probe: ", by_name[name].after, base["rewritten"])
                     for name, base in baseline.items()], baseline_path, out)


def _verdict(pairs: list[tuple[str, dict[str, Any], dict[str, Any]]], baseline_path: Path, out: TextIO
             ) -> int:
    """Print each (label, scores, baseline)'s gains, notes and regressions; exit 1 on any regression."""
    from extractor.evaluation.gate import compare

    failures = 0
    for label, scores, baseline in pairs:
        verdict = compare(scores, baseline)
        for line in verdict.gains:
            print(f"gain: {label}{line}", file=out)
        for line in verdict.notes:
            print(f"note: {label}{line}", file=out)
        for line in verdict.failures:
            print(f"REGRESSION: {label}{line}", file=sys.stderr)
        failures += len(verdict.failures)
    if not failures:
        print(f"gate passed against {baseline_path}", file=out)
        return 0
    print(f"gate FAILED against {baseline_path}: {failures} field(s) fell; fix them, "
          "or raise the baseline deliberately with `make baseline`", file=sys.stderr)
    return 1
