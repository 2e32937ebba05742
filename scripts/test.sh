#!/usr/bin/env bash
# The whole test suite on a fresh machine: system packages for the browser tests, the venv, pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends chromium fonts-noto-cjk
fi
bash scripts/setup.sh dev
.venv/bin/ruff check .
exec .venv/bin/python -m pytest -n 2 "$@"
