#!/usr/bin/env bash
# `make serve`: Datasette on the figures database, read-only, on 127.0.0.1 only.
# Not --immutable: `extractor load` renames a new database over the old one, and the database_guard plugin
# (datasette/plugins/) reopens it on the next query, so the site shows a reload without a restart. The
# plugin also bounds each query's memory and hides the machine (paths, addresses); Datasette is started in
# the database's folder and given its file name only, so no page shows where it lies.
# Usage: bash scripts/serve.sh [out/figures.db]; PORT=8123 picks the port (default 8001, or a free one).
set -euo pipefail

DB="${1:-out/figures.db}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATASETTE="${DATASETTE:-$ROOT/.venv/bin/datasette}"
PYTHON="$ROOT/.venv/bin/python"
[ -x "$DATASETTE" ] || DATASETTE="$(command -v datasette || true)"
[ -x "$PYTHON" ] || PYTHON=python3
if [ -z "$DATASETTE" ]; then
  echo "serve: datasette is not installed; run 'make install'" >&2
  exit 1
fi
if [ ! -f "$DB" ]; then
  echo "serve: no database at $DB; build it with 'make run'" >&2
  exit 1
fi

# The requested port if it is free, else any free loopback port.
PORT="$("$PYTHON" - "${PORT:-8001}" <<'PY'
import socket, sys
want = int(sys.argv[1])
for port in (want, 0):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
        print(s.getsockname()[1])
        break
PY
)"

DB_DIR="$(cd "$(dirname "$DB")" && pwd)"
FILE="$(basename "$DB")"
NAME="${FILE%.*}"
echo "Datasette: http://127.0.0.1:${PORT}/${NAME}/figures  (search box: type a number or words; Ctrl-C stops)"
cd "$DB_DIR"
exec "$DATASETTE" serve "$FILE" -h 127.0.0.1 -p "$PORT" \
  --metadata "$ROOT/datasette/metadata.yml" \
  --plugins-dir "$ROOT/datasette/plugins" \
  --static assets:"$ROOT/datasette/static" \
  --template-dir "$ROOT/datasette/templates" \
  --setting default_page_size 50 \
  --setting sql_time_limit_ms 3000
