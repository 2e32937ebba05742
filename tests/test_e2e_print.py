"""End to end in headless Debian Chromium: a dashboard page printed to an A4 PDF keeps every chart inside the
page (the bars and labels at a chart's right edge are in the PDF), prints no widgets, a profile prints in a
few pages without a blank one; and a chart's 下载图片 → PNG is a titled image with a telling file name."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from browser import no_exception, wait_idle
from dashboard_fixtures import con_for

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed"),
]

# Texts drawn in the right-hand fifth of each chart: cut off when a chart is wider than the page.
RIGHT_EDGE_TEXTS = """() => {
  const out = [];
  document.querySelectorAll('.js-plotly-plot').forEach((plot) => {
    const svg = plot.querySelector('.main-svg');
    const box = svg.getBoundingClientRect();
    plot.querySelectorAll('text').forEach((t) => {
      const r = t.getBoundingClientRect(), s = (t.textContent || '').trim();
      if (s && r.width > 0 && r.right > box.left + 0.8 * box.width && !t.closest('.legend')) out.push(s);
    });
  });
  return out;
}"""


def _pdf_text(pdf: Path, *args: str) -> str:
    return subprocess.run(
        ["pdftotext", *args, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _print(page, url: str, tmp_path: Path, name: str) -> tuple[Path, list[str]]:
    page.goto(url, wait_until="networkidle")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=90000)
    wait_idle(page)
    page.wait_for_timeout(1500)  # Plotly's final layout pass
    no_exception(page)
    edge = page.evaluate(RIGHT_EDGE_TEXTS)
    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(page.pdf(format="A4", print_background=True))
    return pdf, edge


def test_printed_page_keeps_charts_inside_a4(server, browser_page, tmp_path):
    pdf, edge = _print(browser_page, server + "/requests", tmp_path, "requests")
    assert len(edge) >= 3, edge  # the screen charts do reach to their right edge
    text = re.sub(r"\s+", "", _pdf_text(pdf))
    missing = [t for t in edge if re.sub(r"\s+", "", t) not in text]
    assert not missing, f"cut off at the right edge of the printed page: {missing}"
    bbox = _pdf_text(pdf, "-bbox")
    width = float(re.search(r'<page width="([\d.]+)"', bbox).group(1))
    assert abs(width - 595.9) < 1  # A4
    assert max(float(x) for x in re.findall(r'xMax="([\d.]+)"', bbox)) <= width
    for widget in ("下载图片", "筛选条件", "包含汇总报告", "Deploy"):
        assert widget not in text  # sidebar, popovers and toolbar are not printed


def test_profile_prints_in_a_few_pages(server, browser_page, sample_dir, tmp_path):
    aid = (
        con_for(sample_dir)
        .execute(
            "SELECT agency_id FROM reports WHERE is_current GROUP BY agency_id ORDER BY count(*) DESC, agency_id LIMIT 1"
        )
        .fetchone()[0]
    )
    pdf, edge = _print(browser_page, f"{server}/profile?aid={aid}&print=1", tmp_path, "profile")
    pages = _pdf_text(pdf).split("\f")[:-1]
    assert 1 <= len(pages) <= 6, len(pages)
    assert all(p.strip() for p in pages), "a blank page was printed"
    text = re.sub(r"\s+", "", "".join(pages))
    assert all(re.sub(r"\s+", "", t) in text for t in edge)


def test_chart_png_download_is_titled_and_named(server, browser_page):
    from PIL import Image

    page = browser_page
    page.goto(server + "/requests", wait_until="networkidle")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=90000)
    wait_idle(page)
    page.locator('[data-testid="stPopover"] button', has_text="下载图片").first.click()
    with page.expect_download(timeout=90000) as info:
        page.get_by_role("button", name="PNG 图片").first.click()
    download = info.value
    name = download.suggested_filename
    assert name.startswith("政府信息公开_申请量_") and name.endswith("_全部地区_2019–2024年.png"), name
    im = Image.open(io.BytesIO(Path(download.path()).read_bytes()))
    assert im.format == "PNG" and im.size[0] == 2400 and im.size[1] >= 600


def test_briefing_page_downloads_a_pdf(server, browser_page, tmp_path):
    page = browser_page
    page.goto(server + "/briefing", wait_until="networkidle")
    page.get_by_role("button", name="生成简报").wait_for(timeout=90000)
    wait_idle(page)
    page.get_by_role("button", name="生成简报").click()
    page.get_by_role("button", name="下载 PDF（A4 打印）").wait_for(timeout=120000)
    no_exception(page)
    with page.expect_download(timeout=120000) as info:
        page.get_by_role("button", name="下载 PDF（A4 打印）").click()
    download = info.value
    assert download.suggested_filename == "政府信息公开_会议简报_全部地区_2024年.pdf"
    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(Path(download.path()).read_bytes())
    text = _pdf_text(pdf)
    assert "政府信息公开工作会议简报" in text and "一、主要数字" in text and "附录：数据来源" in text
