"""The figures database: schema, provenance, money, province attribution, search, idempotent atomic loads."""

from __future__ import annotations

import argparse
import json
import sqlite3
from pathlib import Path

import pytest

from extractor import cli
from extractor.commands import load as load_command
from extractor.store import atomic
from extractor.store import db as figures_db
from extractor.store import rows as dbrows
from extractor.store.searchfold import fold, fts_query
from tests.db_records import CORPUS, gold_records, record, write_jsonl


def run_load(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    load_command.add_parser(parser.add_subparsers())
    args = parser.parse_args(["load", *argv])
    return args.run(args)


def rows(db: Path, sql: str, params=()) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def snapshot(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return list(conn.iterdump())


def logical_snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows (not rowids: a reload may renumber them) and the search index joined to them."""
    with sqlite3.connect(db) as conn:
        out = {t: sorted(conn.execute(f"SELECT * FROM [{t}]").fetchall(), key=repr) for t in TABLES[:-2]}
        out["figures_fts"] = sorted(
            conn.execute(
                "SELECT f.id, x.text, x.sentence, x.folded "
                "FROM figures f JOIN figures_fts x ON x.rowid = f.rowid"
            )
        )
        out["articles_fts"] = sorted(
            conn.execute(
                "SELECT a.doc_id, x.text, x.folded FROM articles a JOIN articles_fts x ON x.rowid = a.rowid"
            )
        )
    return out


def count(db: Path, table: str) -> int:
    return rows(db, f"SELECT count(*) FROM [{table}]")[0][0]


TABLES = (
    "articles",
    "figures",
    "figure_provinces",
    "article_provinces",
    "officials",
    "legal_refs",
    "clusters",
    "figures_fts",
    "articles_fts",
)

DIEN_BIEN, LANG_SON, SON_LA, HA_TINH = "11", "20", "14", "42"


def cluster_article(doc_id: str = "a-cluster", year: int = 2022):
    return record(
        doc_id,
        year=year,
        cluster=4,
        provinces=(DIEN_BIEN, LANG_SON, SON_LA),
        figures=[
            (
                "recovery_recommended_amount",
                71_500_000_000,
                "VND",
                "hơn 71,5 tỷ đồng",
                "Các tỉnh trong cụm kiến nghị thu hồi hơn 71,5 tỷ đồng.",
            ),
            (
                "recovery_recommended_amount",
                5_000_000_000,
                "VND",
                "5 tỷ đồng",
                "Thanh tra tỉnh Điện Biên kiến nghị thu hồi 5 tỷ đồng.",
            ),
            ("recovery_rate", 89.72, "percent", "89,72%", "Tỷ lệ thu hồi đạt 89,72%."),
            ("inspections", 120, "count", "120 cuộc", "Năm 2022 đã triển khai 120 cuộc thanh tra."),
        ],
    )


@pytest.fixture(scope="module")
def gold_db(tmp_path_factory) -> tuple[Path, list]:
    records = gold_records()
    path = tmp_path_factory.mktemp("gold") / "figures.db"
    src = write_jsonl(path.parent / "records.jsonl", records)
    assert run_load(str(src), "--db", str(path), "--texts", str(CORPUS)) == 0
    return path, records


# ---------------------------------------------------------------- provenance on real articles


def test_every_figure_of_the_gold_set_is_loaded_with_its_sentence_and_span(gold_db):
    db, records = gold_db
    assert count(db, "articles") == len(records)
    assert count(db, "figures") == sum(len(r.figures) for r in records)
    assert count(db, "figures_fts") == count(db, "figures")
    checked = 0
    for doc_id, text, sentence, start, end, article in rows(
        db,
        "SELECT f.doc_id, f.text, f.sentence, f.span_start, f.span_end, a.text "
        "FROM figures f JOIN articles a USING (doc_id) WHERE f.span_start IS NOT NULL",
    ):
        assert article[start:end] == text, doc_id  # the span points at the figure in the stored article
        assert text in sentence and sentence in article, doc_id
        checked += 1
    assert checked > 100


def test_article_rows_carry_text_and_links(gold_db):
    db, records = gold_db
    by_id = {r.doc_id: r for r in records}
    for doc_id, text, n in rows(db, "SELECT doc_id, text, n_figures FROM articles"):
        assert text and len(text) > 100
        assert n == len(by_id[doc_id].figures)
    links = rows(db, "SELECT count(*) FROM article_provinces")[0][0]
    assert links == sum(len({p.code for p in r.provinces}) for r in records)


def test_provinces_reference_table(gold_db):
    db, _ = gold_db
    table = rows(db, "SELECT code, name, code_2025, name_2025, latitude, longitude, articles FROM provinces")
    assert len(table) == 63
    by_code = {r[0]: r for r in table}
    assert by_code["06"][1] == "Bắc Kạn" and by_code["06"][3] == "Thái Nguyên"
    assert all(8 < r[4] < 24 and 102 < r[5] < 110 for r in table)  # inside Viet Nam
    linked = rows(db, "SELECT code, count(*) FROM article_provinces GROUP BY code")
    assert all(by_code[code][6] == n for code, n in linked)


# ---------------------------------------------------------------- values


def test_money_is_stored_in_dong_and_shown_in_ty_dong(tmp_path):
    db = tmp_path / "f.db"
    figures_db.load([cluster_article()], db)
    got = {
        m: (v, t, typ)
        for m, v, t, typ in rows(
            db, "SELECT metric, value, ty_dong, typeof(value) FROM figures WHERE id != 'a-cluster/001'"
        )
    }
    assert got["recovery_recommended_amount"] == (71_500_000_000, 71.5, "integer")
    assert got["recovery_rate"] == (89.72, None, "real")
    assert got["inspections"] == (120, None, "integer")


def test_money_rounds_to_whole_dong():
    assert dbrows.money_value(1_379_822_325.4, "VND") == 1_379_822_325
    assert dbrows.money_value(89.72, "percent") == 89.72
    assert dbrows.ty_dong(85_487_000_000, "VND") == 85.487
    assert dbrows.ty_dong(85, "count") is None


def test_year_falls_back_to_publication_and_cluster_reads_in_roman():
    r = record("x", year=None, cluster=12, published="2021-03-04T10:00")
    assert dbrows.record_year(r) == 2021
    assert dbrows.cluster_display(r) == "Cụm XII"
    named = record("y", cluster=None, cluster_name="Cụm thi đua Thanh tra các tỉnh miền Tây Nam sông Hậu")
    assert dbrows.cluster_display(named) == "Cụm thi đua Thanh tra các tỉnh miền Tây Nam sông Hậu"


# ---------------------------------------------------------------- which provinces a figure concerns


def test_province_attribution_rule(tmp_path):
    db = tmp_path / "f.db"
    host_only = record(
        "host",
        year=2019,
        cluster=5,
        provinces=("06",),
        figures=[
            (
                "violation_amount",
                160_596_000_000,
                "VND",
                "160.596 triệu đồng",
                "Qua thanh tra đã phát hiện sai phạm 160.596 triệu đồng.",
            ),
        ],
    )
    host_only.cluster.members = []
    one_province = record(
        "one",
        cluster=None,
        provinces=(HA_TINH,),
        figures=[
            ("violation_amount", 500_000_000, "VND", "500 triệu đồng", "Phát hiện sai phạm 500 triệu đồng."),
        ],
    )
    figures_db.load([cluster_article(), host_only, one_province], db)
    got = {
        fid: (scope, codes, shared)
        for fid, scope, codes, shared in rows(
            db, "SELECT id, province_scope, province_codes, shared FROM figures"
        )
    }
    assert got["a-cluster/000"] == ("cluster", f'["{DIEN_BIEN}", "{LANG_SON}", "{SON_LA}"]', 1)
    assert got["a-cluster/001"] == ("sentence", f'["{DIEN_BIEN}"]', 0)  # "Thanh tra tỉnh Điện Biên …"
    assert got["a-cluster/003"][0] == "cluster"
    assert got["host/000"] == ("cluster", "[]", 0)  # a cluster's total is not its host province's
    assert got["one/000"] == ("article", f'["{HA_TINH}"]', 0)
    linked = rows(db, "SELECT code FROM figure_provinces WHERE figure_id = 'a-cluster/001'")
    assert linked == [(DIEN_BIEN,)]


def test_province_names_in_a_sentence_any_written_form():
    assert dbrows.provinces_named_in("Thanh tra TP. Hồ Chí Minh và Bà Rịa-Vũng Tàu", ["79", "77"]) == [
        "79",
        "77",
    ]
    assert dbrows.provinces_named_in("học tập tư tưởng Hồ Chí Minh", ["79"]) == []
    assert dbrows.provinces_named_in("Thanh tra tỉnh Đắc Lắc", ["66"]) == ["66"]
    assert dbrows.provinces_named_in("Thanh tra tỉnh Hà Nam", ["35", "36"]) == ["35"]  # not Nam Định


# ---------------------------------------------------------------- search


def test_search_folds_accents_including_d_stroke(tmp_path):
    db = tmp_path / "f.db"
    figures_db.load([cluster_article()], db)

    def hits(text: str, *, exact: bool = False) -> int:
        cols = ("text", "sentence") if exact else ("folded",)
        q = fts_query(text, columns=cols, folded=not exact)
        return rows(db, "SELECT count(*) FROM figures_fts WHERE figures_fts MATCH ?", [q])[0][0]

    assert hits("thu hoi") == 3 and hits("THU HỒI") == 3
    assert hits("dong") == 2 and hits("đồng") == 2  # "đ" has no decomposition: folded by us
    assert hits("dien bien") == 1
    assert hits("thu hồi", exact=True) == 3 and hits("thu hoi", exact=True) == 0
    assert fold("Đắk Lắk ĐỒNG") == "dak lak dong"


def test_articles_are_searchable_without_accents(gold_db):
    db, _ = gold_db
    q = fts_query("ky ket giao uoc thi dua", columns=("folded",), folded=True)
    found = rows(
        db,
        "SELECT a.doc_id, a.text FROM articles a WHERE a.rowid IN "
        "(SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)",
        [q],
    )
    assert found and all(
        "giao ước thi đua" in fold(text) or "giao uoc thi dua" in fold(text) for _, text in found
    )


@pytest.mark.parametrize(
    "hostile", ['"', "'); DROP TABLE figures; --", "a OR b NEAR c*", "{sentence}: x", "--"]
)
def test_fts_query_never_passes_syntax_through(tmp_path, hostile):
    db = tmp_path / "f.db"
    figures_db.load([cluster_article()], db)
    try:
        q = fts_query(hostile, columns=("folded",), folded=True)
    except ValueError:
        assert not any(c.isalnum() for c in hostile)
        return
    rows(db, "SELECT count(*) FROM figures_fts WHERE figures_fts MATCH ?", [q])  # no syntax error
    assert count(db, "figures") == 4


# ---------------------------------------------------------------- idempotent, atomic loads


def test_loading_the_same_records_twice_leaves_one_copy(tmp_path, gold_db):
    _, records = gold_db
    src = write_jsonl(tmp_path / "r.jsonl", records[:10])
    db = tmp_path / "f.db"
    assert run_load(str(src), "--db", str(db), "--texts", str(CORPUS)) == 0
    first = logical_snapshot(db)
    assert run_load(str(src), "--db", str(db), "--texts", str(CORPUS)) == 0
    assert logical_snapshot(db) == first
    assert count(db, "figures_fts") == count(db, "figures") and count(db, "articles_fts") == 10


def test_reextracted_article_replaces_its_old_rows(tmp_path):
    db = tmp_path / "f.db"
    other = record("other", figures=[("inspections", 7, "count", "7 cuộc", "Đã triển khai 7 cuộc.")])
    figures_db.load([cluster_article(), other], db)
    redone = record(
        "a-cluster",
        year=2023,
        provinces=(DIEN_BIEN,),
        figures=[
            ("recovered_amount", 64_200_000_000, "VND", "64,2 tỷ", "Đã thu hồi 64,2 tỷ đồng vào ngân sách."),
        ],
    )
    stats = figures_db.load([redone], db)
    assert stats.replaced == 1
    assert rows(db, "SELECT id, metric, year FROM figures WHERE doc_id = 'a-cluster'") == [
        ("a-cluster/000", "recovered_amount", 2023)
    ]
    assert rows(db, "SELECT count(*) FROM figures WHERE doc_id = 'other'") == [(1,)]
    assert rows(db, "SELECT code FROM article_provinces WHERE doc_id = 'a-cluster'") == [(DIEN_BIEN,)]
    assert count(db, "figures_fts") == count(db, "figures") == 2
    q = fts_query("kien nghi", columns=("folded",), folded=True)  # words only the old version had
    assert rows(db, "SELECT count(*) FROM figures_fts WHERE figures_fts MATCH ?", [q]) == [(0,)]


def test_a_doc_id_twice_in_one_file_keeps_the_later(tmp_path):
    db = tmp_path / "f.db"
    later = record("a-cluster", figures=[("inspections", 9, "count", "9 cuộc", "Đã làm 9 cuộc.")])
    stats = figures_db.load([cluster_article(), later], db)
    assert (stats.articles, stats.figures) == (1, 1)
    assert rows(db, "SELECT value FROM figures") == [(9,)]


def test_prune_keeps_exactly_the_loaded_records(tmp_path):
    db = tmp_path / "f.db"
    figures_db.load([cluster_article(), record("old")], db)
    stats = figures_db.load([cluster_article()], db, prune=True)
    assert stats.pruned == 1
    assert rows(db, "SELECT doc_id FROM articles") == [("a-cluster",)]


@pytest.mark.parametrize(
    "bad_line",
    [
        "{not json",
        '{"doc_id": "x", "figures": [{"metric": "nope", "value": 1, "unit": "count"}]}',
        '{"source": {}}',
    ],
)
def test_a_bad_line_midway_leaves_the_database_as_it_was(tmp_path, bad_line, capsys):
    db = tmp_path / "f.db"
    figures_db.load([cluster_article()], db)
    before = snapshot(db)
    src = tmp_path / "r.jsonl"
    good = write_jsonl(tmp_path / "good.jsonl", [record("new-1"), cluster_article(year=1999)]).read_text()
    src.write_text(good + bad_line + "\n", encoding="utf-8")
    assert run_load(str(src), "--db", str(db)) == 1
    assert "r.jsonl:3" in capsys.readouterr().err
    assert snapshot(db) == before


def test_a_failure_while_writing_rolls_back_everything(tmp_path, monkeypatch):
    db = tmp_path / "f.db"
    figures_db.load([cluster_article()], db)
    before = snapshot(db)
    real = dbrows.record_rows

    def flaky(rec, text=None):
        if rec.doc_id == "boom":
            raise OSError("disk full")
        return real(rec, text)

    monkeypatch.setattr(figures_db, "record_rows", flaky)
    with pytest.raises(figures_db.LoadError, match="boom"):
        figures_db.load([record("fine"), cluster_article(year=2030), record("boom")], db, prune=True)
    assert snapshot(db) == before
    assert atomic.stray_files(db) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["f.db"]


def test_ctrl_c_midway_leaves_the_old_database_and_no_scratch_file(tmp_path):
    db = tmp_path / "f.db"
    figures_db.load([cluster_article()], db)
    before, inode = snapshot(db), db.stat().st_ino

    def records():
        yield record("fine")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        figures_db.load(records(), db)
    assert snapshot(db) == before and db.stat().st_ino == inode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.db"]


def test_a_reader_keeps_the_database_it_opened(tmp_path):
    db = tmp_path / "f.db"
    figures_db.load([cluster_article()], db)
    reader = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    try:
        assert reader.execute("SELECT count(*) FROM figures").fetchone() == (4,)
        figures_db.load([record("other")], db, prune=True)  # renamed over the open file
        assert reader.execute("SELECT count(*) FROM figures").fetchone() == (4,)  # its file, whole
    finally:
        reader.close()
    assert count(db, "figures") == 0 and rows(db, "SELECT doc_id FROM articles") == [("other",)]


def test_a_failed_first_load_leaves_no_database(tmp_path):
    db = tmp_path / "new.db"

    def records():
        yield record("fine")
        raise figures_db.LoadError("line 2: broken")

    with pytest.raises(figures_db.LoadError):
        figures_db.load(records(), db)
    assert not db.exists()


def test_hostile_text_is_stored_verbatim(tmp_path):
    db = tmp_path / "f.db"
    nasty = 'Ông A nói: "thu hồi 5 tỷ đồng\'); DROP TABLE figures; --" – thật sự.'
    figures_db.load(
        [
            record(
                "x'; DROP TABLE articles; --",
                figures=[("other", 5_000_000_000, "VND", "5 tỷ đồng'); DROP TABLE figures; --", nasty)],
            )
        ],
        db,
    )
    assert rows(db, "SELECT doc_id, sentence FROM figures") == [("x'; DROP TABLE articles; --", nasty)]
    assert all(count(db, t) >= 0 for t in TABLES)


def test_schema_of_an_older_version_is_rebuilt(tmp_path):
    db = tmp_path / "f.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE figures (id TEXT PRIMARY KEY, junk TEXT)")
        conn.execute(f"PRAGMA user_version = {figures_db.SCHEMA_VERSION + 100}")
    figures_db.load([cluster_article()], db)
    assert count(db, "figures") == 4
    assert rows(db, "PRAGMA user_version") == [(figures_db.SCHEMA_VERSION,)]


def test_each_article_row_says_which_release_wrote_it(tmp_path: Path) -> None:
    from extractor import __version__
    from extractor.pipeline import extract_text

    made = extract_text("v1", "Thanh tra tỉnh Điện Biên phát hiện sai phạm 160.596 triệu đồng.")
    assert made.extractor_version == __version__
    records = tmp_path / "r.jsonl"
    old = record("old")
    old.extractor_version = "0.0.1"
    write_jsonl(records, [made, old])
    assert run_load(str(records), "--db", str(tmp_path / "f.db")) == 0
    assert sorted(rows(tmp_path / "f.db", "SELECT doc_id, extractor_version FROM articles")) == [
        ("old", "0.0.1"), ("v1", __version__)]


# ---------------------------------------------------------------- article texts, never from a doc id's path


def test_every_input_kind_puts_its_text_in_the_database(tmp_path, capsys):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    txt = "Thanh tra tỉnh Hà Tĩnh\n\nNăm 2022, Thanh tra tỉnh Hà Tĩnh kiến nghị thu hồi 239 triệu đồng."
    (inputs / "ha-tinh.txt").write_text(txt, encoding="utf-8")
    (inputs / "dien-bien.html").write_text(
        "<html><head><title>Điện Biên</title></head><body><nav>Trang chủ</nav><article><p>Năm 2022, Thanh "
        "tra tỉnh Điện Biên đã phát hiện sai phạm 160.596 triệu đồng, kiến nghị thu hồi 5 tỷ đồng về ngân "
        "sách nhà nước.</p></article></body></html>",
        encoding="utf-8",
    )
    hostile = ["../../etc/passwd", "/etc/hostname", "y" * 100_000]
    (inputs / "more.jsonl").write_text(
        "".join(
            json.dumps({"id": i, "text": f"Thanh tra tỉnh Sơn La thu hồi {n} tỷ đồng."}, ensure_ascii=False) + "\n"
            for n, i in enumerate(hostile, 1)
        ),
        encoding="utf-8",
    )
    out = tmp_path / "records.jsonl"
    assert cli.main(["extract", str(inputs), "-o", str(out), "--with-text", "--no-progress"]) == 0
    db = tmp_path / "f.db"
    assert run_load(str(out), "--db", str(db)) == 0
    err = capsys.readouterr().err
    assert "note: no text" not in err and all(len(line) < 300 for line in err.splitlines())
    texts = dict(rows(db, "SELECT doc_id, text FROM articles"))
    assert set(texts) == {"ha-tinh", "dien-bien", *hostile}
    assert texts["ha-tinh"] == txt
    assert "160.596 triệu đồng" in texts["dien-bien"] and "Trang chủ" not in texts["dien-bien"]
    assert [texts[i] for i in hostile] == [f"Thanh tra tỉnh Sơn La thu hồi {n} tỷ đồng." for n in (1, 2, 3)]
    for doc_id, text, start, end in rows(
        db, "SELECT f.doc_id, f.text, f.span_start, f.span_end FROM figures f WHERE span_start IS NOT NULL"
    ):
        assert texts[doc_id][start:end] == text  # spans index the stored text


def test_a_doc_id_is_never_a_path(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (tmp_path / "secret.txt").write_text("secret-marker", encoding="utf-8")
    sentence = "Thanh tra tỉnh Hà Tĩnh thu hồi 5 tỷ đồng."
    (corpus / "ok.txt").write_text(sentence, encoding="utf-8")
    ids = ["../secret", str(tmp_path / "secret"), "z" * 100_000, "ok"]
    records = [
        record(i, cluster=None, provinces=(HA_TINH,), figures=[("recovered_amount", 5e9, "VND", "5 tỷ đồng", sentence)])
        for i in ids
    ]
    src = write_jsonl(tmp_path / "r.jsonl", records)
    assert run_load(str(src), "--db", str(tmp_path / "f.db"), "--texts", str(corpus)) == 0
    err = capsys.readouterr().err
    assert "3 article(s)" in err and all(len(line) < 300 for line in err.splitlines())
    texts = dict(rows(tmp_path / "f.db", "SELECT doc_id, text FROM articles"))
    assert set(texts) == set(ids) and texts["ok"] == sentence
    assert [texts[i] for i in ids[:3]] == [None, None, None]
    assert "secret-marker" not in "\n".join(snapshot(tmp_path / "f.db"))


def test_a_text_from_the_inputs_must_be_the_one_extracted(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    sentence = "Thanh tra tỉnh Hà Tĩnh thu hồi 5 tỷ đồng."
    (corpus / "edited.txt").write_text("Bài đã sửa. " + sentence, encoding="utf-8")  # spans no longer fit
    rec = record("edited", cluster=None, provinces=(HA_TINH,),
                 figures=[("recovered_amount", 5e9, "VND", "5 tỷ đồng", sentence)])
    src = write_jsonl(tmp_path / "r.jsonl", [rec])
    assert run_load(str(src), "--db", str(tmp_path / "f.db"), "--texts", str(corpus)) == 0
    assert "differ from the text they were extracted from" in capsys.readouterr().err
    assert rows(tmp_path / "f.db", "SELECT text FROM articles") == [(None,)]


def test_a_text_read_from_the_inputs_marks_each_figure_where_the_record_put_it(gold_db, tmp_path):
    """`load --texts` fills texts after the rows are built; the highlight then comes from the spans, as
    when the record carries its text, not from looking for the figure's text in its sentence."""
    db, _ = gold_db
    with_text = tmp_path / "with_text.db"
    src = write_jsonl(tmp_path / "with_text.jsonl", gold_records(with_text=True))
    assert run_load(str(src), "--db", str(with_text)) == 0
    sql = "SELECT id, mark_start, mark_end FROM figures ORDER BY id"
    expected = rows(with_text, sql)
    assert len(expected) > 1000 and all(s is not None for _, s, _ in expected)
    assert rows(db, sql) == expected


def test_a_text_read_from_the_inputs_marks_the_figure_by_its_span_not_its_first_lookalike(tmp_path):
    sentence = "Kế hoạch thu hồi 5 tỷ đồng; thực tế đã thu hồi 5 tỷ đồng."
    second = sentence.rindex("5 tỷ đồng")
    span = {"span": [second, second + len("5 tỷ đồng")]}
    rec = record("lookalike", figures=[("recovered_amount", 5e9, "VND", "5 tỷ đồng", sentence, span)])
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "lookalike.txt").write_text(sentence, encoding="utf-8")
    src = write_jsonl(tmp_path / "r.jsonl", [rec])
    assert run_load(str(src), "--db", str(tmp_path / "f.db"), "--texts", str(tmp_path / "texts")) == 0
    assert rows(tmp_path / "f.db", "SELECT mark_start, mark_end, a.text IS NOT NULL FROM figures "
                "JOIN articles a USING (doc_id)") == [(second, second + len("5 tỷ đồng"), 1)]
