#!/usr/bin/env bash
# Tools for bench/ only (not run by CI): LibreOffice headless, which turns DOCX into Word-like PDFs
# (every cell border its own path segment) for bench/real_pdf.py, and PyMuPDF to compare against.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v soffice >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    libreoffice-writer-nogui fonts-dejavu-core >/dev/null
fi
[ -x .venv/bin/python ] || { echo "run scripts/setup.sh first" >&2; exit 1; }
.venv/bin/python -m pip install -q pymupdf || echo "PyMuPDF did not install: bench/real_pdf.py skips it" >&2
