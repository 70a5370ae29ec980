"""`extractor schema`: the JSON Schema of a record."""

from __future__ import annotations

import argparse
import json


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("schema", help="print the JSON Schema of the record format (spec/RECORDS.md)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from extractor.models import Record

    print(json.dumps(Record.model_json_schema(), ensure_ascii=False, indent=2))
    return 0
