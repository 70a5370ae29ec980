#!/usr/bin/env bash
# Installs Label Studio (for tests/test_labelstudio_server.py and for labelling by hand) into a virtual
# environment of its own: it pins many packages that must not meet the project's .venv.
# Also prepares a data folder with its database already migrated, so that a test's server starts in
# seconds instead of a minute. Idempotent: does nothing when both exist.
#
#   bash scripts/install-label-studio.sh          # prints the environment's folder on its last line
#   "$(bash scripts/install-label-studio.sh | tail -1)/bin/label-studio" start --port 8090 ...
#
# Where: $LABEL_STUDIO_HOME, else ~/.cache/thanhtra-extractor/label-studio-VERSION (outside the checkout,
# so that another clone on the same machine reuses it). Needs python3 with venv and PyPI.
set -euo pipefail

VERSION="${LABEL_STUDIO_VERSION:-1.23.2}"
HOME_DIR="${LABEL_STUDIO_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/thanhtra-extractor/label-studio-$VERSION}"
PY="${PYTHON:-python3}"
# The account of the template data folder; tests start the server with the same ones.
USER_EMAIL="labeller@example.org"
PASSWORD="thanhtra-labeller"
TOKEN="thanhtra0labelstudio0test0token"

mkdir -p "$(dirname "$HOME_DIR")"
if [ ! -f "$HOME_DIR/.installed" ]; then
  rm -rf "$HOME_DIR/venv"
  "$PY" -m venv "$HOME_DIR/venv"
  "$HOME_DIR/venv/bin/python" -m pip install -q --upgrade pip
  "$HOME_DIR/venv/bin/python" -m pip install -q "label-studio==$VERSION"
  touch "$HOME_DIR/.installed"
fi

if [ ! -f "$HOME_DIR/template/.ready" ]; then
  rm -rf "$HOME_DIR/template" "$HOME_DIR/template.log"
  mkdir -p "$HOME_DIR/template"
  # A free loopback port, from the kernel.
  PORT="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK=true LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN=true \
    "$HOME_DIR/venv/bin/label-studio" start --host 127.0.0.1 --port "$PORT" --no-browser \
    --data-dir "$HOME_DIR/template" --username "$USER_EMAIL" --password "$PASSWORD" --user-token "$TOKEN" \
    >"$HOME_DIR/template.log" 2>&1 &
  SERVER=$!
  ok=""
  for _ in $(seq 1 150); do  # migrations take about a minute on 2 cores
    if "$PY" -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$PORT/health', timeout=2)" 2>/dev/null; then
      ok=1
      break
    fi
    if ! kill -0 "$SERVER" 2>/dev/null; then break; fi
    sleep 2
  done
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  if [ -z "$ok" ]; then
    echo "install-label-studio: the server did not start; see $HOME_DIR/template.log" >&2
    tail -20 "$HOME_DIR/template.log" >&2 || true
    exit 1
  fi
  touch "$HOME_DIR/template/.ready"
fi

echo "$HOME_DIR"
