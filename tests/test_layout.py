"""The package's layout is its architecture: one folder per wing, and the stages stand alone.

Read from the source (ast), so a forbidden import fails here before it can tangle the wings."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "extractor"

# What each wing may import from the package (a prefix match on the dotted module name).
STAGE_ALLOWED = ("extractor.article", "extractor.models", "extractor.patterns", "extractor.vocab",
                 "extractor.stages")
# Bridges to spaCy and Label Studio: the top level, reading gold, province names, and each other.
INTEGRATIONS_ALLOWED = ("extractor.__version__", "extractor.api", "extractor.pipeline", "extractor.models",
                        "extractor.vocab", "extractor.patterns", "extractor.article",
                        "extractor.evaluation.goldset", "extractor.stages.gazetteer", "extractor.integrations")
ALLOWED = {"stages": STAGE_ALLOWED, "integrations": INTEGRATIONS_ALLOWED}
FORBIDDEN = {
    "stages": ("extractor.store", "extractor.evaluation", "extractor.batch", "extractor.commands",
               "extractor.pipeline", "extractor.cli"),
    "store": ("extractor.evaluation", "extractor.batch", "extractor.commands", "extractor.cli"),
    "evaluation": ("extractor.store", "extractor.batch", "extractor.commands", "extractor.cli"),
    "batch": ("extractor.stages", "extractor.store", "extractor.evaluation", "extractor.commands",
              "extractor.cli"),
    "integrations": ("extractor.store", "extractor.batch", "extractor.commands", "extractor.cli"),
}
WINGS = {
    "stages": {"clean", "segment", "numbers", "legal", "provinces", "gazetteer", "cluster", "officials",
               "ner", "figures", "cues", "parts", "tiebreak", "period", "event", "roman", "rx"},
    "evaluation": {"goldset", "scoring", "gate", "report", "train"},
    "store": {"db", "rows", "query", "searchfold", "labels", "display", "search", "inputs", "atomic"},
    "batch": {"runner", "engines", "inputs"},
    "integrations": {"spacy_component", "labelstudio"},
}
TOP = {"__init__", "__main__", "api", "pipeline", "models", "article", "patterns", "vocab", "cli"}


def package_imports(source: str, module: str) -> list[str]:
    """Dotted names of every `extractor…` module that `source` (the module `module`) imports."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the importing module's package
                parts = module.split(".")[: -node.level]
                base = ".".join([*parts, base] if base else parts)
            # `from extractor.stages import clean` imports the module extractor.stages.clean
            found += [f"{base}.{a.name}" for a in node.names] if base else []
    return [name for name in found if name == "extractor" or name.startswith("extractor.")]


def violations(wing: str, source: str, module: str) -> list[str]:
    bad = []
    for name in package_imports(source, module):
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[wing]):
            bad.append(name)
        elif wing in ALLOWED and not any(name == a or name.startswith(a + ".") for a in ALLOWED[wing]):
            bad.append(name)
    return bad


@pytest.mark.parametrize("wing", sorted(FORBIDDEN))
def test_each_wing_imports_only_what_its_docstring_allows(wing: str) -> None:
    problems = {}
    for path in sorted((PACKAGE / wing).glob("*.py")):
        module = f"extractor.{wing}.{path.stem}"
        bad = violations(wing, path.read_text(encoding="utf-8"), module)
        if bad:
            problems[path.name] = bad
    assert not problems, f"{wing}/ imports what it must not: {problems}"


def test_the_rule_catches_a_stage_that_reaches_into_the_store() -> None:
    source = "from extractor.store import db\nfrom ..evaluation.scoring import score\nimport extractor.vocab\n"
    assert violations("stages", source, "extractor.stages.figures") == [
        "extractor.store.db", "extractor.evaluation.scoring.score"]
    assert violations("batch", "from extractor.stages.clean import load_article", "extractor.batch.x")
    assert violations("integrations", "from extractor.stages.figures import find_figures\n"
                      "from extractor.stages.gazetteer import info\nfrom extractor.store import db",
                      "extractor.integrations.x") == ["extractor.stages.figures.find_figures", "extractor.store.db"]


def test_every_module_is_in_its_wing() -> None:
    for wing, modules in WINGS.items():
        present = {p.stem for p in (PACKAGE / wing).glob("*.py")} - {"__init__"}
        assert modules <= present, f"{wing}/ lacks {sorted(modules - present)}"
        assert (PACKAGE / wing / "__init__.py").read_text(encoding="utf-8").startswith('"""')
    top = {p.stem for p in PACKAGE.glob("*.py")}
    assert top <= TOP, f"modules at the top of the package that belong in a wing: {sorted(top - TOP)}"
