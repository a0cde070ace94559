#!/usr/bin/env bash
# One-time setup on a fresh Debian/Ubuntu machine: system tools the readers call, then a virtualenv
# with chiso and its test dependencies. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
APT_PACKAGES="antiword tesseract-ocr tesseract-ocr-vie chromium"   # chromium: the report's browser test
missing=""
for p in $APT_PACKAGES; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[dev]"
