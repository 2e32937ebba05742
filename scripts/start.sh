#!/usr/bin/env bash
# Install and start the dashboard on the bundled dataset in data/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system_packages.sh  # chromium + CJK fonts: chart images and the briefing PDF
bash scripts/setup.sh
# Binds to localhost unless DISCLOSURE_ADDRESS says otherwise (e.g. DISCLOSURE_ADDRESS=0.0.0.0 to serve a LAN).
exec .venv/bin/streamlit run app.py --browser.gatherUsageStats false \
  --server.address "${DISCLOSURE_ADDRESS:-localhost}" "$@"
