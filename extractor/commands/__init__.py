"""Subcommands of the `extractor` CLI. Each module has `add_parser(subparsers)` which sets `run`."""
