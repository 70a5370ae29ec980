"""Every value of every `extractor query` flag gives an answer or a one-line message, never a traceback.

A property test per flag over random strings (any Unicode, surrogates as undecodable bytes of argv come
in, and numbers in odd forms), plus the values of issue 13 that used to raise."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor import cli
from extractor.store import db as figures_db
from tests.test_query import journalist_records

FLAGS = (
    "--db",
    "--metric",
    "--province",
    "--cluster",
    "--year",
    "--search",
    "--article-search",
    "--sum-by",
    "--format",
    "--limit",
)

# Any character, lone surrogates too (Python's argv carries undecodable bytes as U+DC80..U+DCFF), and
# strings built from digits, numerals, signs and separators that number parsers stumble on.
ANY_TEXT = st.text(
    alphabet=st.one_of(st.characters(), st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF)),
    max_size=40,
)
NUMBERISH = st.text(alphabet="0123456789²³٣৪IVXLivxl-–_., +e/", max_size=25)
VALUES = st.one_of(ANY_TEXT, NUMBERISH, st.integers().map(str), st.just("9" * 30))


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("flags") / "figures.db"
    figures_db.load(journalist_records(), path)
    return path


def run(argv: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = cli.main(["query", *argv])
        except SystemExit as exc:  # argparse's own exit, after its (one-line) message
            code = exc.code if isinstance(exc.code, int) else 2
    return code, err.getvalue()


def assert_answer_or_one_line(code: int, err: str, argv: list[str]) -> None:
    lines = err.splitlines()
    if code == 0:
        assert lines in ([], ["no figure matches these filters"]), (argv, err)
    else:
        assert code == 2, (argv, code, err)
        assert len(lines) == 1 and lines[0].startswith("extractor query: "), (argv, err)
        assert "Traceback" not in err and len(lines[0]) < 1000, (argv, err)


@pytest.mark.parametrize("flag", FLAGS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=VALUES)
def test_any_value_of_a_flag_gives_an_answer_or_one_line(db: Path, flag: str, value: str) -> None:
    argv = [f"{flag}={value}"] if flag == "--db" else ["--db", str(db), f"{flag}={value}"]
    code, err = run(argv)
    assert_answer_or_one_line(code, err, argv)


@pytest.mark.parametrize("flag", [f for f in FLAGS if f not in ("--db", "--sum-by", "--format")])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=VALUES)
def test_any_value_in_a_total(db: Path, flag: str, value: str) -> None:
    argv = ["--db", str(db), "--sum-by", "province", f"{flag}={value}"]
    code, err = run(argv)
    assert_answer_or_one_line(code, err, argv)


@pytest.mark.parametrize(
    "argv",
    [
        ["--cluster", "²"],
        ["--cluster", "99999999999999999999"],
        ["--limit", "99999999999999999999"],
        ["--limit", "-1"],
        ["--limit", "²"],
        ["--year", "99999"],
        ["--search", "--;"],
        ["--province", "\udcff"],
        ["--search", "thu h\udcc3i"],
    ],
)
def test_the_values_that_used_to_raise(db: Path, argv: list[str]) -> None:
    code, err = run(["--db", str(db), *argv])
    assert_answer_or_one_line(code, err, argv)


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    junk = tmp_path / "records.jsonl"
    junk.write_text('{"doc_id": "x"}\n', encoding="utf-8")
    code, err = run(["--db", str(junk)])
    assert code == 2 and err.startswith("extractor query: database") and "not a database" in err
