"""Datasette plugin: the figures site in Vietnamese, for a reporter who does not read SQL.

- Search of the figures table (`_search`) through `extractor.store.search`: words with or without
  accents, "phrases", province names in any spelling, numbers in any scale.
- Template variables: Vietnamese column headers (patterns/site_columns.json), the article page (its text
  as paragraphs with every figure marked, labelled and linked to its row), the canned queries' inputs
  (drop-downs, messages for a value that matches nothing), and the map's and chart's data.
- SQL functions the canned queries use to read a reader's input as the CLI does (`extractor.store.inputs`).
- CSV that opens cleanly in Excel: UTF-8 with a BOM, lists of provinces as "Sơn La; Điện Biên", money in
  tỷ đồng as "160,596 tỷ đồng" (the raw `value` in đồng stays a number).
"""

from __future__ import annotations

import csv
import functools
import io
import json

from datasette.filters import FilterArguments
from datasette.utils import tilde_decode, tilde_encode

from datasette import hookimpl
from extractor.patterns import load_json
from extractor.store import display, inputs, labels, search

CSV_LISTS = {"provinces", "members", "province_codes", "member_codes"}
CSV_TY = {"ty_dong", "total_ty_dong", "recommended_ty_dong", "recovered_ty_dong"}
BOM = "\ufeff".encode()


@hookimpl
def prepare_jinja2_environment(env):
    # Error pages are drawn without the extra_template_vars hook: their words are a global.
    env.globals["error_words"] = _error_words()


@hookimpl
def prepare_connection(conn):
    inputs.register(conn)


@hookimpl
def filters_from_request(request, database, table, datasette):
    if table != "figures":
        return None
    query = (request.args.get("_search") or "").strip()
    if not query:
        return None
    expression = search.expression(query)
    if expression is None:
        return FilterArguments(["0"], human_descriptions=[f"“{query}” không có chữ hay số nào để tìm"])
    return FilterArguments(
        [f"rowid IN (SELECT rowid FROM [{search.INDEX}] WHERE [{search.INDEX}] MATCH :_site_search)"],
        params={"_site_search": expression},
        human_descriptions=[f"tìm “{query}”"],
    )


@functools.cache
def _columns_vi() -> dict[str, str]:
    return {k: v for k, v in load_json("site_columns").items() if not k.startswith("_")}


@functools.cache
def _error_words() -> dict:
    return load_json("site_inputs")["errors"]


@functools.cache
def _filter_ops_vi() -> dict[str, str]:
    return load_json("site_inputs")["filter_ops"]


def _search_terms(query: str) -> list[str]:
    """How the search box read the query, for the reader: "tỉnh Điện Biên", "số 85.487 …"."""
    out = []
    for t in search.terms(query):
        if t.kind == "place":
            names = sorted({labels_province(c) for c in t.codes})
            out.append("tỉnh " + ", ".join(names))
        elif t.kind == "number":
            out.append(f"số {t.text}")
        elif t.kind == "phrase":
            out.append(f"cụm từ “{t.text}”")
        else:
            out.append(f"từ “{t.text}”")
    return out


def labels_province(code: str) -> str:
    from extractor.stages import gazetteer

    info = gazetteer.info(code)
    return info.name if info else code


async def _article_page(datasette, database, request) -> dict:
    db = datasette.get_database(database)
    doc_id = tilde_decode(request.url_vars.get("pks", ""))
    art = (await db.execute("SELECT * FROM articles WHERE doc_id = ?", [doc_id])).first()
    if art is None:
        return {}
    figures = (
        await db.execute(
            "SELECT id, text, metric, value, unit, qualifier, span_start, span_end, ty_dong, sentence, "
            "mark_start, mark_end FROM figures WHERE doc_id = ? ORDER BY span_start, id",
            [doc_id],
        )
    ).rows
    marks, listed = [], []
    for f in figures:
        href = datasette.urls.row(database, "figures", tilde_encode(f["id"]))
        qualifier = (
            "" if f["qualifier"] in (None, "exact") else f" ({labels.name_vi('qualifier', f['qualifier'])})"
        )
        label = labels.name_vi("metric", f["metric"])
        reading = display.value_text(f["value"], f["unit"])
        if f["span_start"] is not None and f["span_end"] is not None:
            marks.append(
                display.ArticleFigure(
                    f["id"], f["span_start"], f["span_end"], label, f"{label}: {reading}{qualifier}", href
                )
            )
        listed.append(
            {
                "id": f["id"],
                "href": href,
                "anchor": display.figure_anchor(f["id"]),
                "text": f["text"],
                "label": label,
                "reading": reading + qualifier,
                "placed": f["span_start"] is not None,
            }
        )
    text = art["text"]
    return {
        "article": dict(art),
        "article_html": display.article_html(text, marks) if text else None,
        "article_figures": listed,
        "article_provinces": ", ".join(json.loads(art["provinces"] or "[]")),
        "event_type_vi": labels.name_vi("event_type", art["event_type"]),
    }


async def _figure_page(datasette, database, request) -> dict:
    db = datasette.get_database(database)
    fid = tilde_decode(request.url_vars.get("pks", ""))
    row = (await db.execute("SELECT doc_id FROM figures WHERE id = ?", [fid])).first()
    if row is None:
        return {}
    href = datasette.urls.row(database, "articles", tilde_encode(row["doc_id"]))
    return {"figure_article_href": f"{href}#{display.figure_anchor(fid)}"}


def _vi_half(title: str) -> str:
    """metadata.yml's titles are "Vietnamese · English": "Con số · Figures" → "Con số"."""
    return title.split(" · ")[0]


def _crumb_titles(datasette, database: str | None, table: str | None) -> dict[str, str]:
    """The breadcrumbs' labels by link: the Vietnamese half of a database's or table's title in metadata.yml,
    so a reader sees "Trang chủ / Số liệu thanh tra / Con số"."""
    out: dict[str, str] = {}
    if not database:
        return out
    places = [(datasette.urls.database(database), None)]
    if table:
        places.append((datasette.urls.table(database, table), table))
    for href, tbl in places:
        title = datasette.metadata("title", database=database, table=tbl, fallback=False)
        if title:
            out[href] = _vi_half(title)
    return out


def _table_titles(datasette, database: str) -> dict[str, str]:
    """Each table's title in metadata.yml, Vietnamese half, for the database page."""
    tables = datasette.metadata("tables", database=database, fallback=False) or {}
    return {name: _vi_half(meta["title"]) for name, meta in tables.items() if meta.get("title")}


@hookimpl
def extra_template_vars(template, database, table, view_name, request, datasette):
    async def inner():
        out: dict = {"columns_vi": _columns_vi(), "crumb_titles": _crumb_titles(datasette, database, table)}
        if request is None:
            return out
        if view_name == "row" and table == "articles":
            out.update(await _article_page(datasette, database, request))
        elif view_name == "row" and table == "figures":
            out.update(await _figure_page(datasette, database, request))
        elif template.startswith("query"):  # a canned query's page (its view has no name of its own in 0.65)
            out.update(await inputs.template_vars(datasette, database, request))
        elif template == "database.html":
            out["table_titles"] = _table_titles(datasette, database)
        elif view_name == "table":
            out["filter_ops_vi"] = _filter_ops_vi()
            if table == "figures":
                query = (request.args.get("_search") or "").strip()
                out["site_search"] = query
                out["site_search_terms"] = _search_terms(query) if query else []
        return out

    return inner


# ---------------------------------------------------------------- CSV for Excel


def excel_csv(body: bytes) -> bytes:
    """Datasette's CSV → the same rows with a UTF-8 BOM, provinces as "A; B", money as "160,596 tỷ đồng"."""
    text = body.decode("utf-8")
    if text.startswith("\ufeff"):
        return body
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        return BOM + body
    header = rows[0]
    lists = {i for i, name in enumerate(header) if name in CSV_LISTS}
    money = {i for i, name in enumerate(header) if name in CSV_TY}
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows[1:]:
        for i in lists:
            if i < len(row):
                row[i] = display.names_text(row[i])
        for i in money:
            if i < len(row) and row[i]:
                try:
                    row[i] = display.ty_text(float(row[i]))
                except ValueError:
                    pass
        writer.writerow(row)
    return BOM + out.getvalue().encode("utf-8")


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def csv_for_excel(scope, receive, send):
            if scope["type"] != "http" or not scope.get("path", "").endswith(".csv"):
                await app(scope, receive, send)
                return
            start: dict = {}
            chunks: list[bytes] = []

            async def buffered(message):
                if message["type"] == "http.response.start":
                    start.update(message)
                    return
                if message["type"] == "http.response.body":
                    chunks.append(message.get("body", b""))
                    if message.get("more_body"):
                        return
                    body = b"".join(chunks)
                    if start.get("status") == 200:
                        body = excel_csv(body)
                    headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
                    headers.append((b"content-length", str(len(body)).encode()))
                    await send({**start, "headers": headers})
                    await send({"type": "http.response.body", "body": body})
                    return
                await send(message)

            await app(scope, receive, buffered)

        return csv_for_excel

    return wrap
