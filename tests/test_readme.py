"""The examples of the README and of the public modules' docstrings run as doctests (`make test`)."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def test_readme_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the examples read corpus/ as a user in the checkout would
    result = doctest.testfile(str(ROOT / "README.md"), module_relative=False, optionflags=FLAGS,
                              raise_on_error=False, verbose=False)
    assert result.attempted >= 15
    assert result.failed == 0, f"{result.failed} README example(s) failed (printed above)"


@pytest.mark.parametrize("name", ["extractor", "extractor.integrations.spacy_component"])
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=FLAGS)
    assert result.attempted > 0 and result.failed == 0
