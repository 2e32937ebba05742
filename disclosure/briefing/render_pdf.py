"""The briefing as an A4 PDF: the HTML briefing (render_html.py) printed by headless Chromium.

Why Chromium print-to-PDF: the PDF is then the very page of the HTML output (one layout, not two), charts
stay vector (inline SVG), CJK fonts from Debian's fonts-noto-cjk are embedded by Chromium (as Type 3
glyph programs: pdffonts lists them `emb yes`), and page numbers and the running head come from CSS
@page margin boxes (Chromium ≥ 131). Debian's `chromium` is already needed by the browser tests and the
chart images (scripts/test.sh installs it) and works offline; WeasyPrint would add Pango and a second
CSS engine, ReportLab a second layout to keep in step with the HTML.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from disclosure.briefing import render_html
from disclosure.briefing.model import Briefing
from disclosure.dashboard import images

TIMEOUT_S = 120


class PdfError(RuntimeError):
    pass


def html_to_pdf(html: str) -> bytes:
    browser = images.browser_path()
    if browser is None:
        raise images.RendererMissingError("找不到 Chromium：生成 PDF 需要 Debian 的 chromium")
    with tempfile.TemporaryDirectory(prefix="briefing-") as tmp:
        src, out = Path(tmp) / "briefing.html", Path(tmp) / "briefing.pdf"
        src.write_text(html, encoding="utf-8")
        cmd = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-extensions",
            "--no-first-run",
            "--no-pdf-header-footer",
            f"--user-data-dir={Path(tmp) / 'profile'}",
            f"--print-to-pdf={out}",
            src.as_uri(),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired as exc:
            raise PdfError(f"Chromium 在 {TIMEOUT_S} 秒内没有生成 PDF") from exc
        if not out.is_file() or out.stat().st_size == 0:
            raise PdfError(f"Chromium 没有生成 PDF（退出码 {proc.returncode}）：{proc.stderr.strip()[-300:]}")
        return out.read_bytes()


def render(b: Briefing) -> bytes:
    return html_to_pdf(render_html.render(b))
