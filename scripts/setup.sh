#!/usr/bin/env bash
# Create .venv with Python 3.11 and install the project with the locked, hashed dependencies.
# Used by both README commands; idempotent (a second run only checks the installs).
#   bash scripts/setup.sh        # the dashboard, CLI and parser (requirements.lock)
#   bash scripts/setup.sh dev    # plus the test tools (requirements-dev.lock)
# `pip --require-hashes` installs exactly the files locked by scripts/lock.sh (every version is the one
# pinned in constraints.txt); the project itself is then installed editable, without dependencies and
# without build isolation (its build backend, setuptools, is in the lock too).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=$(command -v python3.11 || command -v python3)
"$PY" -c 'import sys; assert sys.version_info[:2] == (3, 11), f"Python 3.11 required, found {sys.version}"'
[ -x .venv/bin/python ] || "$PY" -m venv .venv
lock="requirements.lock"
case "${1:-}" in
  "") ;;
  dev) lock="requirements-dev.lock" ;;
  *) echo "setup: unknown extra '$1' (use: dev)" >&2; exit 2 ;;
esac
.venv/bin/python -m pip install -q --require-hashes -r "$lock"
.venv/bin/python -m pip install -q --no-deps --no-build-isolation -e .
