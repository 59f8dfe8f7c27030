#!/usr/bin/env bash
# Run the whole test suite, installing what it needs: Python packages, Debian's Chromium and
# the Noto CJK fonts for the browser tests (these must run, not skip).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk fontconfig >/dev/null
fi
exec .venv/bin/python -m pytest -q "$@"
