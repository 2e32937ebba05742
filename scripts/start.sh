#!/usr/bin/env bash
# Install and start the dashboard on the bundled dataset in data/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system_packages.sh  # chromium + CJK fonts: chart images and the briefing PDF
bash scripts/setup.sh
exec .venv/bin/streamlit run app.py --browser.gatherUsageStats false "$@"
