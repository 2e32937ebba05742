#!/usr/bin/env bash
# Create .venv with Python 3.11 and install the project with pinned dependencies.
# Used by both README commands; idempotent (a second run only checks the installs).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=$(command -v python3.11 || command -v python3)
"$PY" -c 'import sys; assert sys.version_info[:2] == (3, 11), f"Python 3.11 required, found {sys.version}"'
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
target="."
[ -n "${1:-}" ] && target=".[$1]"   # e.g. "dev" for the test tools
.venv/bin/python -m pip install -q -c constraints.txt -e "$target"
