"""Datasette plugin: what a reader of the public site may ask of the figures database, and a database that
follows `extractor load`.

- Bounded memory: every connection gets SQLite limits on the length of a string, blob or row (a 900 MB
  string becomes "string or blob too big"), on the length of the SQL text, and no attached databases;
  SQLite's heap in the whole process has a hard limit, so three heavy queries at once cannot add up either.
- Bounded time: Datasette's `sql_time_limit_ms` (scripts/serve.sh) stops a query between steps, but not
  inside one function call, and SQLite's `printf('%.*c', 900000000, 'x')` spends seconds counting to 900
  million even after it stopped writing. `printf` and `format` are therefore checked first: a width or
  precision above the length limit gives NULL at once, as SQLite's own does after its wait; the rest is done
  by SQLite's own `printf`.
- Nothing about the machine: an authorizer refuses `PRAGMA database_list` / `pragma_database_list` (the
  database's absolute path) and `fts3_tokenizer()` (a memory address), ATTACH, and pragmas that set
  anything; the files are opened read-only. The database page lists no attached databases (none ever
  are).
- Reloads without a restart: `extractor load` builds a new database beside the old one and renames it
  over it. Before each query, a connection whose file is no longer the one at the database's path (device,
  inode, size, times) is replaced by a fresh one; a query already running finishes on the file it began
  on, so a page shows the old data or the new, never a mix.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading

from datasette.database import Database, connections

from datasette import hookimpl

MAX_LENGTH = 8_000_000  # bytes in one string, blob or row: an article is ~10 KB, the largest ~100 KB
MAX_SQL_LENGTH = 100_000  # characters of SQL in one statement
HEAP_LIMIT = 256 * 1024 * 1024  # all of SQLite's memory in this process

# The authorizer sees a pragma's name and its argument, not whether it reads or sets: these take a table
# or index name (Datasette's introspection); cache_size is set by Datasette itself (--setting
# cache_size_kb). Any other pragma with an argument is refused; the ones below are refused outright.
_PRAGMAS_WITH_ARGUMENT = {
    "table_info",
    "table_xinfo",
    "table_list",
    "index_info",
    "index_xinfo",
    "index_list",
    "foreign_key_list",
    "cache_size",
}
_REFUSED_PRAGMAS = {"database_list", "temp_store_directory", "data_store_directory"}
_REFUSED_FUNCTIONS = {"fts3_tokenizer", "load_extension", "readfile", "writefile", "edit"}
# Writes are impossible already (the files are opened read-only, and Datasette runs only SELECT); SQLite's
# own statements while it opens a virtual table ask to UPDATE sqlite_master, so writes are not refused here.
_REFUSED_ACTIONS = {sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH}


def authorize(action: int, arg1: str | None, arg2: str | None, dbname: str | None, source: str | None) -> int:
    """SQLite authorizer for the served databases (see the module docstring)."""
    if action in _REFUSED_ACTIONS:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_PRAGMA:
        name = (arg1 or "").lower()
        if name in _REFUSED_PRAGMAS or (arg2 is not None and name not in _PRAGMAS_WITH_ARGUMENT):
            return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in _REFUSED_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def limit_connection(conn: sqlite3.Connection) -> None:
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_LENGTH)
    conn.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, MAX_SQL_LENGTH)
    conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    conn.execute(f"PRAGMA hard_heap_limit = {HEAP_LIMIT}")  # process-wide; lowers only
    for name in ("printf", "format"):
        conn.create_function(name, -1, checked_printf)


# A conversion of SQLite's printf: flags, width (digits or *), precision (. digits or .*), length, type.
_SPEC = re.compile(r"%([-+ 0#,!]*)(\*|\d+)?(?:\.(\*|\d*))?(l{0,2})([a-zA-Z%])")
_own = threading.local()  # a connection per thread that still has SQLite's own printf


def checked_printf(fmt, *args):
    """SQLite's printf, once no width or precision asks for more than a string may hold (else NULL)."""
    if fmt is None:
        return None
    arg = 0
    for m in _SPEC.finditer(str(fmt)):
        for part in (m.group(2), m.group(3)):
            if part == "*":
                value = args[arg] if arg < len(args) else 0
                arg += 1
            else:
                value = part or 0
            try:
                too_big = abs(int(value)) > MAX_LENGTH
            except (TypeError, ValueError):
                too_big = False
            if too_big:
                return None  # what SQLite's printf gives for a string over the limit, without the wait
        if m.group(5) != "%":
            arg += 1
    conn = getattr(_own, "conn", None)
    if conn is None:
        conn = _own.conn = sqlite3.connect(":memory:")
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_LENGTH)
    marks = ", ".join("?" * (1 + len(args)))
    return conn.execute(f"SELECT printf({marks})", (fmt, *args)).fetchone()[0]


@hookimpl
def prepare_connection(conn, database, datasette):
    limit_connection(conn)
    if database != "_internal":  # Datasette writes its own catalogue there
        conn.set_authorizer(authorize)


def file_identity(path: str) -> tuple[int, ...] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None  # gone: keep reading the file already open
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class ReloadingDatabase(Database):
    """A read-only file database whose connections follow the file at its path when it is replaced."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._opened: dict[int, tuple[sqlite3.Connection, tuple[int, ...] | None]] = {}

    def connect(self, write: bool = False) -> sqlite3.Connection:
        for _ in range(5):  # a rename between the two looks: open again
            before = file_identity(self.path)
            conn = super().connect(write=write)
            if file_identity(self.path) == before:
                break
            self._all_file_connections.remove(conn)
            conn.close()
        self._opened[id(conn)] = (conn, before)
        return conn

    def _current(self, conn: sqlite3.Connection) -> sqlite3.Connection:
        """`conn` if it still reads the file at the path, else a new connection put in its place."""
        now = file_identity(self.path)
        known = self._opened.get(id(conn))
        if now is None or (known is not None and known[1] == now):
            return conn
        fresh = self.connect()
        self.ds._prepare_connection(fresh, self.name)
        if self.ds.executor is None:
            self._read_connection = fresh
        else:
            setattr(connections, self.name, fresh)  # this thread's connection, as Datasette keeps it
        self._opened.pop(id(conn), None)
        if conn in self._all_file_connections:
            self._all_file_connections.remove(conn)
        conn.close()
        return fresh

    async def execute_fn(self, fn):
        return await super().execute_fn(lambda conn: fn(self._current(conn)))

    async def attached_databases(self):
        return []  # nothing is attached, and PRAGMA database_list is refused


@hookimpl
def startup(datasette):
    for name, db in list(datasette.databases.items()):
        if db.path and not db.is_memory and not isinstance(db, ReloadingDatabase):
            datasette.remove_database(name)
            datasette.add_database(
                ReloadingDatabase(datasette, path=db.path, is_mutable=True), name=name, route=db.route
            )
