#!/usr/bin/env bash
# Installs Debian's chromium (for the browser test and the README screenshot) when it is missing.
# Idempotent: does nothing when /usr/bin/chromium exists. Needs root (or sudo) and the Debian mirrors.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
  echo "chromium already installed: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "install-chromium: not root and no sudo; install the 'chromium' package by hand" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# fonts-noto-core renders Vietnamese diacritics in screenshots; --no-install-recommends keeps it small.
$SUDO apt-get install -y -q --no-install-recommends chromium fonts-noto-core
"$CHROMIUM" --version
