#!/usr/bin/env bash
# The whole test suite on a fresh machine: system packages (scripts/system_packages.sh), the venv, then
# lint, format, types ([tool.mypy] in pyproject.toml), the import layers (README "Architecture") and pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system_packages.sh
bash scripts/setup.sh dev
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/python -m pytest -q -p no:xdist -p no:cacheprovider tests/test_layers.py
exec .venv/bin/python -m pytest -n 2 "$@"
