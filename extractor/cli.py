"""The `extractor` command line: one subcommand per module in `extractor.commands`."""

from __future__ import annotations

import argparse
import importlib
import sys

from extractor import __version__

# Order is the order `--help` lists them in.
COMMANDS = ("extract", "show", "eval", "schema", "load", "query", "annotate")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="extractor",
        description=(
            "Turn Vietnamese inspectorate (Thanh tra) news articles into structured records: provinces, "
            "emulation cluster, officials, legal references, period, event and figures, each traceable to "
            "its sentence. Records follow spec/RECORDS.md."
        ),
        epilog="Run 'extractor COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"extractor.commands.{name}")
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `extractor show x | head`
        return 0


if __name__ == "__main__":
    sys.exit(main())
