#!/usr/bin/env bash
# The whole test suite on a fresh machine: system packages (scripts/system_packages.sh), the venv, pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system_packages.sh
bash scripts/setup.sh dev
.venv/bin/ruff check .
.venv/bin/ruff format --check .
exec .venv/bin/python -m pytest -n 2 "$@"
