#!/usr/bin/env bash
# Debian packages the project needs beyond Python (installed with apt-get when missing, as root or sudo):
# chromium — browser tests, chart images (Kaleido drives it) and the briefing PDF (print-to-PDF);
# fonts-noto-cjk — Chinese text in all of them; poppler-utils — pdftotext/pdftoppm/pdffonts, with which
# the briefing tests read the PDF back. Everything works offline once installed.
set -euo pipefail
if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || ! command -v pdftotext >/dev/null; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends chromium fonts-noto-cjk \
    poppler-utils
fi
