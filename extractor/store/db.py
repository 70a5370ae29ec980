"""The figures database (SQLite): its schema and the one-transaction, idempotent load of records.

Tables: `articles`, `figures`, `figure_provinces` (which provinces a figure concerns; rule in
`extractor.store.rows`), `article_provinces`, `officials`, `legal_refs`, `clusters`, and the reference
table `provinces` (63 provinces, 2025 successor, coordinates), and the reference tables of codes
(`metrics`, `event_types`, `qualifiers`, `units`; `extractor.store.labels`). `figures_fts` and
`articles_fts` are FTS5 indexes holding the original text and an accent-folded copy
(`extractor.store.searchfold`), keyed by the rowid of their table; `figures_search` is the site's index
(words, provinces and numbers; `extractor.store.search`).

Loading replaces everything an article had (delete, then insert), so loading the same records twice, or a
re-extracted article, leaves one copy. A load builds the new database beside the old one and renames it
into place (`extractor.store.atomic`): readers see the old database or the new one, and an error on any
line, or a killed load, leaves the old one exactly as it was.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from extractor.models import Record
from extractor.stages import gazetteer
from extractor.store import atomic, checks, facts, labels, search
from extractor.store.display import sentence_marks
from extractor.store.rows import Rows, heading, province_name, record_rows
from extractor.store.searchfold import fold

# Bump when the schema changes: an older database is rebuilt (inside the load's transaction).
SCHEMA_VERSION = 5  # 5: figures.cue

# Column order is the order Datasette shows. "ANY" has NUMERIC affinity: 5486 stays an integer and
# 89.72 a real in one column.
_TABLES: dict[str, dict[str, Any]] = {
    "provinces": {
        "columns": {
            "code": str,
            "name": str,
            "full_name": str,
            "code_2025": str,
            "name_2025": str,
            "latitude": float,
            "longitude": float,
            "articles": int,
            "figures": int,
        },
        "pk": "code",
    },
    "articles": {
        "columns": {
            "doc_id": str,
            "heading": str,
            "title": str,
            "url": str,
            "published": str,
            "author": str,
            "year": int,
            "period": str,
            "period_year": int,
            "period_start_month": int,
            "period_end_month": int,
            "cluster": str,
            "cluster_number": int,
            "event_type": str,
            "event_date": str,
            "event_location": str,
            "provinces": str,
            "n_figures": int,
            "extractor_version": str,
            "text": str,
        },
        "pk": "doc_id",
        "foreign_keys": [("event_type", "event_types", "code")],
    },
    "facts": {
        "columns": {
            "id": str,
            "text": str,
            "sentence": str,
            "metric": str,
            "ty_dong": float,
            "value": "ANY",
            "unit": str,
            "qualifier": str,
            "year": int,
            "provinces": str,
            "joint": int,
            "scope": str,
            "cluster": str,
            "sources": int,
            "articles": int,
            "doc_ids": str,
            "figure_ids": str,
            "flags": str,
            "whole_fact": str,
            "part_kind": str,
            "period": str,
            "period_start_month": int,
            "period_end_month": int,
            "cluster_number": int,
            "province_codes": str,
        },
        "pk": "id",
    },
    "figures": {
        "columns": {
            "id": str,
            "text": str,
            "sentence": str,
            "doc_id": str,
            "metric": str,
            "ty_dong": float,
            "year": int,
            "provinces": str,
            "cluster": str,
            "value": "ANY",
            "unit": str,
            "qualifier": str,
            "total": "ANY",
            "cue": str,
            "part_of": str,
            "fact_id": str,
            "counted": int,
            "flags": str,
            "url": str,
            "title": str,
            "period": str,
            "province_scope": str,
            "shared": int,
            "repeat_of": str,
            "whole_id": str,
            "cluster_number": int,
            "province_codes": str,
            "period_start_month": int,
            "period_end_month": int,
            "span_start": int,
            "span_end": int,
            "mark_start": int,  # the figure's place in `sentence` (extractor.store.display)
            "mark_end": int,
        },
        "pk": "id",
        # The codes point at the reference tables (extractor.store.labels): Datasette shows their names.
        "foreign_keys": [
            ("doc_id", "articles", "doc_id"),
            ("metric", "metrics", "code"),
            ("unit", "units", "code"),
            ("qualifier", "qualifiers", "code"),
            ("fact_id", "facts", "id"),
        ],
    },
    "fact_provinces": {
        "columns": {"fact_id": str, "code": str},
        "pk": ("fact_id", "code"),
        "foreign_keys": [("fact_id", "facts", "id"), ("code", "provinces", "code")],
    },
    "figure_flags": {
        "columns": {
            "id": int,
            "figure_id": str,
            "flag": str,
            "check_name": str,
            "reason_vi": str,
            "reason_en": str,
            "doc_id": str,
            "scope": str,
            "related": str,
        },
        "pk": "id",
        "foreign_keys": [("figure_id", "figures", "id"), ("doc_id", "articles", "doc_id")],
    },
    "figure_provinces": {
        "columns": {"figure_id": str, "code": str},
        "pk": ("figure_id", "code"),
        "foreign_keys": [("figure_id", "figures", "id"), ("code", "provinces", "code")],
    },
    "article_provinces": {
        "columns": {
            "doc_id": str,
            "code": str,
            "name": str,
            "code_2025": str,
            "name_2025": str,
            "span_start": int,
            "span_end": int,
        },
        "pk": ("doc_id", "code"),
        "foreign_keys": [("doc_id", "articles", "doc_id"), ("code", "provinces", "code")],
    },
    "officials": {
        "columns": {
            "doc_id": str,
            "name": str,
            "honorific": str,
            "title": str,
            "organization": str,
            "province": str,
            "province_code": str,
            "cluster_role": str,
            "span_start": int,
            "span_end": int,
        },
        "pk": ("doc_id", "name"),
        "foreign_keys": [("doc_id", "articles", "doc_id")],
    },
    "legal_refs": {
        "columns": {
            "doc_id": str,
            "canonical": str,
            "type": str,
            "number": str,
            "year": int,
            "code": str,
            "issuer": str,
            "issued": str,
            "text": str,
            "span_start": int,
            "span_end": int,
        },
        "pk": ("doc_id", "canonical"),
        "foreign_keys": [("doc_id", "articles", "doc_id")],
    },
    "clusters": {
        "columns": {
            "doc_id": str,
            "cluster": str,
            "number": int,
            "label": str,
            "name": str,
            "year": int,
            "members": str,
            "member_codes": str,
            "leader": str,
            "leader_code": str,
            "deputy": str,
            "deputy_code": str,
        },
        "pk": "doc_id",
        "foreign_keys": [("doc_id", "articles", "doc_id")],
    },
}

_INDEXES = {
    "figures": [["doc_id"], ["metric"], ["year"], ["cluster_number"], ["cluster"], ["fact_id"]],
    "facts": [["metric"], ["year"], ["whole_fact"]],
    "fact_provinces": [["code"]],
    "figure_flags": [["figure_id"], ["flag"], ["doc_id"]],
    "figure_provinces": [["code"]],
    "article_provinces": [["code"]],
    "officials": [["name"]],
    "legal_refs": [["canonical"]],
}

# Original columns are indexed with their accents; `folded` holds the accent-free copy.
_FTS = {
    "figures_fts": ("figures", ("text", "sentence", "folded")),
    "articles_fts": ("articles", ("title", "text", "folded")),
}
_FTS_TOKENIZER = "unicode61 remove_diacritics 0"

# Children first, so a delete never leaves a row pointing at nothing.
_PER_DOC_TABLES = ("figure_flags", "article_provinces", "officials", "legal_refs", "clusters")


class LoadError(ValueError):
    """A load that was rolled back; the message says which record and why."""


@dataclass
class LoadStats:
    articles: int = 0
    figures: int = 0
    replaced: int = 0  # articles that were already in the database
    pruned: int = 0
    without_text: list[str] = field(default_factory=list)
    texts_from_inputs: int = 0
    texts_mismatched: list[str] = field(default_factory=list)  # inputs whose text is not the record's
    schema_rebuilt: bool = False  # an older database's tables were dropped (its articles with them)


def _create_schema(db: sqlite_utils.Database) -> bool:
    """Create what is missing; True when an older schema's tables had to be dropped first."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    rebuilt = version not in (0, SCHEMA_VERSION)
    if rebuilt:
        for name in (*_FTS, "figure_provinces", "figure_flags", "figures", "fact_provinces", "facts",
                     *_PER_DOC_TABLES, "articles", "provinces"):
            db.execute(f"DROP TABLE IF EXISTS [{name}]")
        labels.drop(db)
        search.drop(db)
    labels.create_tables(db)
    for name, spec in _TABLES.items():
        db[name].create(
            spec["columns"], pk=spec["pk"], foreign_keys=spec.get("foreign_keys"), if_not_exists=True
        )
    for name, indexes in _INDEXES.items():
        for columns in indexes:
            db[name].create_index(columns, if_not_exists=True)
    for fts, (_, columns) in _FTS.items():
        db.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS [{fts}] USING fts5({', '.join(columns)}, "
            f"tokenize='{_FTS_TOKENIZER}')"
        )
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return rebuilt


def _load_provinces(db: sqlite_utils.Database) -> None:
    rows = [
        {
            "code": p.code,
            "name": p.name,
            "full_name": p.full_name,
            "code_2025": p.code_2025,
            "name_2025": p.name_2025,
            "latitude": p.latitude,
            "longitude": p.longitude,
        }
        for p in gazetteer.provinces().values()
    ]
    db["provinces"].upsert_all(rows, pk="code")


def _delete_doc(db: sqlite_utils.Database, doc_id: str) -> bool:
    existed = db.execute("SELECT 1 FROM articles WHERE doc_id = ?", [doc_id]).fetchone() is not None
    db.execute(
        "DELETE FROM figures_fts WHERE rowid IN (SELECT rowid FROM figures WHERE doc_id = ?)", [doc_id]
    )
    db.execute(
        "DELETE FROM figure_provinces WHERE figure_id IN (SELECT id FROM figures WHERE doc_id = ?)", [doc_id]
    )
    db.execute("DELETE FROM figures WHERE doc_id = ?", [doc_id])
    for table in _PER_DOC_TABLES:
        db.execute(f"DELETE FROM [{table}] WHERE doc_id = ?", [doc_id])
    db.execute(
        "DELETE FROM articles_fts WHERE rowid IN (SELECT rowid FROM articles WHERE doc_id = ?)", [doc_id]
    )
    db.execute("DELETE FROM articles WHERE doc_id = ?", [doc_id])
    return existed


def _insert_rows(db: sqlite_utils.Database, rows: Rows) -> None:
    db["articles"].insert(rows.article)
    art_rowid = db.execute(
        "SELECT rowid FROM articles WHERE doc_id = ?", [rows.article["doc_id"]]
    ).fetchone()[0]
    title, text = rows.article["title"] or "", rows.article["text"] or ""
    db.execute(
        "INSERT INTO articles_fts (rowid, title, text, folded) VALUES (?, ?, ?, ?)",
        [art_rowid, title, text, fold(f"{title}\n{text}")],
    )
    db["figures"].insert_all(rows.figures)
    db["figure_provinces"].insert_all(rows.figure_provinces)
    db["article_provinces"].insert_all(rows.article_provinces)
    db["officials"].insert_all(rows.officials)
    db["legal_refs"].insert_all(rows.legal_refs)
    db["figure_flags"].insert_all(rows.flags)
    if rows.cluster:
        db["clusters"].insert(rows.cluster)
    for rowid, ftext, sentence in db.execute(
        "SELECT rowid, text, sentence FROM figures WHERE doc_id = ?", [rows.article["doc_id"]]
    ).fetchall():
        ftext, sentence = ftext or "", sentence or ""
        db.execute(
            "INSERT INTO figures_fts (rowid, text, sentence, folded) VALUES (?, ?, ?, ?)",
            [rowid, ftext, sentence, fold(f"{ftext}\n{sentence}")],
        )


def _refresh_facts(db: sqlite_utils.Database) -> None:
    """Group every figure of the database into facts (`extractor.store.facts`), write the facts, say on each
    figure which fact it is, and run the checks that compare facts across articles."""
    cols = (
        "f.id, f.doc_id, f.metric, f.unit, f.value, f.qualifier, f.repeat_of, f.whole_id, f.year, "
        "f.period_start_month, f.period_end_month, f.province_codes, a.published, f.text, f.sentence, "
        "f.ty_dong, f.provinces, f.cluster, f.cluster_number, f.period, f.province_scope"
    )
    figures = {
        r[0]: r
        for r in db.execute(f"SELECT {cols} FROM figures f JOIN articles a ON a.doc_id = f.doc_id").fetchall()
    }
    grouped = facts.group(
        facts.FigureRow(
            id=r[0], doc_id=r[1], metric=r[2], unit=r[3], value=r[4], qualifier=r[5] or "exact",
            repeat_of=r[6], whole_id=r[7], year=r[8], start_month=r[9], end_month=r[10],
            codes=tuple(json.loads(r[11] or "[]")), published=r[12], scope=r[20],
        )
        for r in figures.values()
    )
    db.execute("DELETE FROM fact_provinces")
    db.execute("DELETE FROM facts")
    db.execute("DELETE FROM figure_flags WHERE scope = 'across'")
    listed = db.execute("SELECT id, flags FROM figures").fetchall()
    flags_of = {fid: json.loads(f or "[]") for fid, f in listed}
    fact_rows, links, assignments = [], [], []
    for fact in grouped:
        r = figures[fact.id]
        codes = sorted(json.loads(r[11] or "[]"))  # a set: one order, so that equal sets group together
        names = sorted((province_name(c) or c for c in codes), key=fold)
        fact_rows.append(
            {
                "id": fact.id, "text": r[13], "sentence": r[14], "metric": r[2], "ty_dong": r[15],
                "value": r[4], "unit": r[3], "qualifier": r[5], "year": r[8],
                "provinces": json.dumps(names, ensure_ascii=False), "joint": int(len(codes) > 1),
                "scope": r[20], "cluster": r[17], "sources": len(fact.figure_ids),
                "articles": len(fact.doc_ids), "doc_ids": json.dumps(fact.doc_ids, ensure_ascii=False),
                "figure_ids": json.dumps(fact.figure_ids, ensure_ascii=False),
                "flags": json.dumps(sorted({c for i in fact.figure_ids for c in flags_of.get(i, [])})),
                "whole_fact": fact.whole_fact, "part_kind": fact.part_kind, "period": r[19],
                "period_start_month": r[9],
                "period_end_month": r[10], "cluster_number": r[18], "province_codes": json.dumps(codes),
            }
        )
        links.extend({"fact_id": fact.id, "code": c} for c in codes)
        assignments.extend((fact.id, int(fid == fact.id), fid) for fid in fact.figure_ids)
    _insert_many(db, "facts", fact_rows)
    _insert_many(db, "fact_provinces", links)
    db.conn.executemany("UPDATE figures SET fact_id = ?, counted = ? WHERE id = ?", assignments)
    across = checks.compare_facts(fact_rows)
    db["figure_flags"].insert_all(across)
    if across:  # the figures' own list of flags, for the facet
        db.execute(
            "UPDATE figures SET flags = (SELECT json_group_array(flag) FROM (SELECT DISTINCT flag FROM "
            "figure_flags ff WHERE ff.figure_id = figures.id ORDER BY flag)) "
            "WHERE id IN (SELECT figure_id FROM figure_flags WHERE scope = 'across')"
        )
        db.execute(
            "UPDATE facts SET flags = (SELECT json_group_array(flag) FROM (SELECT DISTINCT ff.flag FROM "
            "figure_flags ff JOIN figures f ON f.id = ff.figure_id WHERE f.fact_id = facts.id "
            "ORDER BY ff.flag)) "
            "WHERE id IN (SELECT f.fact_id FROM figure_flags ff JOIN figures f ON f.id = ff.figure_id "
            "WHERE ff.scope = 'across')"
        )


def _insert_many(db: sqlite_utils.Database, table: str, rows: list[dict[str, Any]]) -> None:
    """Rows that all have the table's columns, in one executemany (sqlite-utils' insert_all is 8x slower)."""
    if not rows:
        return
    columns = list(_TABLES[table]["columns"])
    sql = f"INSERT INTO [{table}] ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    db.conn.executemany(sql, [tuple(r.get(c) for c in columns) for r in rows])


def _refresh_province_counts(db: sqlite_utils.Database) -> None:
    db.execute(
        "UPDATE provinces SET "
        "articles = (SELECT count(*) FROM article_provinces ap WHERE ap.code = provinces.code), "
        "figures = (SELECT count(*) FROM figure_provinces fp WHERE fp.code = provinces.code)"
    )


def _old_doc_ids(path: Path) -> set[str]:
    """The articles the current database holds (none when it is missing or not ours)."""
    if not path.exists():
        return set()
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return {r[0] for r in conn.execute("SELECT doc_id FROM articles")}
        finally:
            conn.close()
    except sqlite3.Error:
        return set()


def _copy_database(source: Path, dest: sqlite3.Connection) -> None:
    """A consistent copy of `source` (SQLite's backup: readers and the copy never see a half-written page)."""
    try:
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        src.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        # A hot journal left by an older, in-place load: opening read-write rolls it back first.
        src = sqlite3.connect(str(source))
    try:
        src.backup(dest)
    finally:
        src.close()


def load(
    records: Iterable[Record],
    db_path: str | Path,
    *,
    text_of: Callable[[Record], str | None] | None = None,
    fill_texts: Callable[[set[str]], Iterable[tuple[str, str]]] | None = None,
    prune: bool = False,
    on_wait: Callable[[], None] | None = None,
) -> LoadStats:
    """Load `records` into the database at `db_path` (created when missing).

    The new database is built beside the old one and renamed over it when complete, so readers see the
    old database or the new one, never a mix, and any failure (a bad record, a full disk, Ctrl-C, kill -9)
    leaves the old one as it was and no scratch file (`extractor.store.atomic`). Without `prune` the
    build starts from a copy of the old database (articles loaded again replace their rows); with it,
    from nothing, so the database holds exactly these records.

    An article's text (for reading and search) is `text_of(record)`, by default the record's own `text`
    (written by `extractor extract --with-text`). `fill_texts(doc_ids)` may then give `(doc_id, text)`
    for articles still without text (read from the inputs by `extractor load --texts`); a text is kept
    only if every figure's span points at the figure's text in it. Raises LoadError saying why.
    """
    target = Path(db_path)
    text_of = text_of or record_text
    stats = LoadStats()
    seen: set[str] = set()
    old_ids = _old_doc_ids(target)
    try:
        with atomic.Scratch(target, on_wait=on_wait) as scratch:
            raw = sqlite3.connect(str(scratch.path))
            db = sqlite_utils.Database(raw)
            try:
                if target.exists() and not prune:
                    _copy_database(target, raw)
                with db.atomic():
                    stats.schema_rebuilt = _create_schema(db)
                    _load_provinces(db)
                    labels.write_reference(db)
                    for record in records:
                        duplicate = record.doc_id in seen  # the later record of a doc_id wins
                        if duplicate:
                            stats.articles -= 1
                            stats.figures -= db.execute(
                                "SELECT count(*) FROM figures WHERE doc_id = ?", [record.doc_id]
                            ).fetchone()[0]
                        seen.add(record.doc_id)
                        try:
                            text = text_of(record)
                            rows = record_rows(record, text)
                            _delete_doc(db, record.doc_id)
                            _insert_rows(db, rows)
                        except Exception as exc:
                            raise LoadError(f"article {_short(record.doc_id)}: {_one_line(exc)}") from exc
                        stats.articles += 1
                        stats.figures += len(rows.figures)
                    if prune:
                        stale = [
                            r[0]
                            for r in db.execute("SELECT doc_id FROM articles").fetchall()
                            if r[0] not in seen
                        ]
                        for doc_id in stale:
                            _delete_doc(db, doc_id)
                    missing = {
                        r[0]
                        for r in db.execute("SELECT doc_id FROM articles WHERE text IS NULL").fetchall()
                        if r[0] in seen
                    }
                    if missing and fill_texts is not None:
                        for doc_id, text in fill_texts(set(missing)):
                            if doc_id in missing and _set_text(db, doc_id, text):
                                missing.discard(doc_id)
                                stats.texts_from_inputs += 1
                            elif doc_id in missing:
                                stats.texts_mismatched.append(doc_id)
                    stats.without_text = sorted(missing)
                    _refresh_facts(db)
                    _refresh_province_counts(db)
                    search.rebuild(db)  # the site's search index (extractor.store.search)
            finally:
                raw.close()
            scratch.commit()
    except LoadError:
        raise
    except sqlite3.Error as exc:
        raise LoadError(f"database {db_path}: {_one_line(exc)}") from exc
    except OSError as exc:
        raise LoadError(f"database {db_path}: {_one_line(exc)}") from exc
    stats.replaced = len(seen & old_ids)
    stats.pruned = len(old_ids - seen) if prune else 0
    return stats


def record_text(record: Record) -> str | None:
    """The text a record carries (`extract --with-text`), NFC as its spans index it; else None."""
    text = getattr(record, "text", None)
    return unicodedata.normalize("NFC", text) if isinstance(text, str) else None


def _set_text(db: sqlite_utils.Database, doc_id: str, text: str) -> bool:
    """Store an article's text read from its input, if its figures' spans point at their text in it."""
    text = unicodedata.normalize("NFC", text)
    figures = db.execute(  # in record order (rowid), as sentence_marks wants them
        "SELECT id, text, sentence, span_start, span_end FROM figures WHERE doc_id = ? ORDER BY rowid",
        [doc_id],
    ).fetchall()
    for _, ftext, _, start, end in figures:
        if start is not None and ftext is not None and text[start:end] != ftext:
            return False  # not the text the record was extracted from (edited since?)
    # The rows were built without the text: place each highlight by its span now, as record_rows does.
    spans = [(t, sentence, None if s is None else (s, e)) for _, t, sentence, s, e in figures]
    marks = sentence_marks(spans, text)
    db.conn.executemany(
        "UPDATE figures SET mark_start = ?, mark_end = ? WHERE id = ?",
        [(*(mark or (None, None)), fid) for (fid, *_), mark in zip(figures, marks, strict=True)],
    )
    rowid, title = db.execute("SELECT rowid, title FROM articles WHERE doc_id = ?", [doc_id]).fetchone()
    db.execute(
        "UPDATE articles SET text = ?, heading = ? WHERE doc_id = ?", [text, heading(title, text), doc_id]
    )
    db.execute("DELETE FROM articles_fts WHERE rowid = ?", [rowid])
    db.execute(
        "INSERT INTO articles_fts (rowid, title, text, folded) VALUES (?, ?, ?, ?)",
        [rowid, title or "", text, fold(f"{title or ''}\n{text}")],
    )
    return True


def _short(text: str, width: int = 80) -> str:
    """A doc id as it appears in a message: any length of id, one short line."""
    text = " ".join(str(text).split())
    return text if len(text) <= width else f"{text[: width - 1]}… ({len(text)} characters)"


def _one_line(exc: BaseException, width: int = 300) -> str:
    msg = " ".join(str(exc).split()) or type(exc).__name__
    msg = msg if len(msg) <= width else msg[: width - 1] + "…"
    return msg if isinstance(exc, (sqlite3.Error, OSError, LoadError)) else f"{type(exc).__name__}: {msg}"
