"""会议简报: the model's figures equal direct DuckDB queries; the PDF (read back with poppler), the DOCX
(python-docx) and the HTML carry the same headings and numbers; fonts are embedded; chart images say
what they show. Runs on the bundled data/ (built from tests/corpus) and the synthetic sample dataset."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from dashboard_fixtures import BUNDLED, con_for

from disclosure import benchmarks as pb
from disclosure.briefing import model, output
from disclosure.dashboard import data, images
from disclosure.dashboard.fmt import num, pct, signed
from disclosure.dashboard.selection import Selection

HEADINGS = [
    "政府信息公开工作会议简报",
    "一、主要数字",
    "二、申请数量与办理结果",
    "三、公开率与纠错率",
    "四、单位排名与同级比较",
    "五、同比变化最大的单位",
    "六、需要关注的报告",
    "七、平台发布情况",
    "附录：数据来源",
]
OWN = "is_current AND coalesce(scope, 'own') <> 'aggregate'"
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
needs_chromium = pytest.mark.skipif(images.browser_path() is None, reason="chromium not installed")


def _bundled() -> Path:
    if not data.has_data(BUNDLED):
        pytest.skip("no bundled dataset in data/")
    return BUNDLED


def _largest_year(con) -> int:
    return con.execute(
        f"SELECT year FROM reports WHERE {OWN} AND template <> 'legacy' GROUP BY year "
        "ORDER BY count(*) DESC, year DESC LIMIT 1"
    ).fetchone()[0]


def _sums(con, year: int, where: str = "", params: list | None = None) -> dict:
    row = con.execute(
        f"""SELECT count(*), sum(requests__new__total), sum(requests__handled_total__total),
                   sum(requests__granted__total + requests__partial__total), sum(review_litigation__review__total)
            FROM reports WHERE {OWN} AND year = ? {where}""",
        [year, *(params or [])],
    ).fetchone()
    return dict(zip(["n", "new", "handled", "open_num", "review"], row, strict=True))


@pytest.fixture(scope="module")
def bundled_briefing():
    path = _bundled()
    con = data.connect(path)
    year = _largest_year(con_for(path))
    return path, year, model.build(con, Selection(year - 1, year), year)


def test_model_headline_equals_duckdb(bundled_briefing):
    path, year, b = bundled_briefing
    con = con_for(path)
    s = _sums(con, year)
    assert b.n_reports == s["n"] > 0
    assert b.headline("new").current == s["new"]
    assert b.headline("handled").current == s["handled"]
    assert b.headline("review_total").current == s["review"]
    rate = b.headline("open_rate")
    assert rate.numerator[0] == s["open_num"] and rate.denominator[0] == s["handled"]
    assert rate.current == pytest.approx(s["open_num"] / s["handled"])
    assert b.tables()["headline"].rows[1][1] == num(s["new"])


def test_sample_scope_year_against_previous(sample_dir):
    """A region with a previous year and an aggregate report: deltas, ranking and the aggregate kept apart."""
    con, raw = data.connect(sample_dir), con_for(sample_dir)
    scope = Selection(2023, 2024, province="福建省", include_aggregate=True)
    b = model.build(con, scope, 2024)
    cur, prev = (_sums(raw, y, "AND province = ?", ["福建省"]) for y in (2024, 2023))
    new = b.headline("new")
    assert (new.current, new.previous) == (cur["new"], prev["new"])
    assert new.delta == cur["new"] - prev["new"]
    assert b.tables()["headline"].rows[1][3] == signed(cur["new"] - prev["new"])
    # the aggregate report is listed apart and never added in
    agg = raw.execute(
        "SELECT agency, requests__new__total FROM reports WHERE is_current AND scope = 'aggregate' "
        "AND province = '福建省' AND year = 2024"
    ).fetchall()
    assert [r[0] for r in b.tables()["aggregates"].rows if r[1] == "2024年"] == [agg[0][0]]
    assert cur["new"] + agg[0][1] != new.current
    # ranking: each agency's value and rank equal a direct query
    ranking = {r[0]: r for r in b.tables()["ranking"].rows}
    per = raw.execute(
        f"SELECT agency, requests__new__total FROM reports WHERE {OWN} AND year = 2024 "
        "AND province = '福建省' ORDER BY requests__new__total DESC"
    ).fetchall()
    assert len(ranking) == len(per)
    for rank, (agency, value) in enumerate(per, start=1):
        assert ranking[agency][1].startswith(f"{num(value)}（{rank}）")
    # quartiles of new requests as pandas/numpy compute them, thresholds from the settings file
    import numpy as np

    q = next(r for r in b.tables()["quartiles"].rows if r[0] == pb.metrics()["new"].label)
    vals = [v for _, v in per]
    assert tuple(q[2:5]) == tuple(num(round(float(np.percentile(vals, p)), 1)) for p in (25, 50, 75))
    assert pb.metrics()["open_rate"].floor == 0.5


def test_threshold_and_band_rules():
    # one flag wording for dashboard and briefing (disclosure/benchmarks.py): "低于下限 50.0%"
    m = dataclasses.replace(pb.metrics()["open_rate"], floor=0.5)
    assert pb.flag(m, 0.4) == "低于下限 50.0%"
    assert pb.flag(m, 0.6) == ""
    assert pb.flag(m, None) == ""
    q = pb.quartiles(__import__("pandas").Series([0.0, 0.0, 0.0, 0.0, 5.0]))
    assert pb.band(0.0, q, 4) == "P25–P75"  # ties at the quartile are not flagged
    assert pb.band(5.0, q, 4) == "高于P75"
    assert pb.band(5.0, q, 6) == ""  # too few peers


def _run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).parent / "disclosure"
    return subprocess.run([str(exe), *args], capture_output=True, text=True, encoding="utf-8", timeout=300)


@needs_poppler
@needs_chromium
def test_pdf_from_cli_headings_figures_fonts_pages(bundled_briefing, tmp_path):
    path, year, b = bundled_briefing
    out = tmp_path / "简报.pdf"
    done = _run_cli(
        "briefing", "--scope", "全部", "--year", str(year), "--out", str(out), "--data", str(path)
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:5] == b"%PDF-"
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True).stdout
    for heading in HEADINGS:
        assert heading in text, heading
    s = _sums(con_for(path), year)
    headline_line = next(
        line
        for line in text.splitlines()
        if line.strip().startswith("本年新收申请（件）") and num(s["new"]) in line
    )
    assert num(s["new"]) in headline_line
    assert pct(s["open_num"] / s["handled"]) in text
    assert f"{b.scope_short} · {year}年" in text
    for f in b.files:
        assert f in text  # the sources appendix names every report file
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert "(A4)" in info and 3 <= pages <= 20
    by_page = text.split("\f")
    for i in range(pages):
        assert f"第 {i + 1} 页，共 {pages} 页" in by_page[i]
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # column "emb"
    png = subprocess.run(
        ["pdftoppm", "-r", "40", "-png", str(out), str(tmp_path / "page")], capture_output=True
    )
    assert png.returncode == 0
    assert len(list(tmp_path.glob("page-*.png"))) == pages


@needs_chromium
def test_docx_tables_and_styles(bundled_briefing):
    from docx import Document

    path, year, b = bundled_briefing
    doc = Document(io.BytesIO(output.render(b, "docx")))
    heads = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert heads[:8] == HEADINGS[1:]  # section titles as Word heading styles
    assert doc.paragraphs[0].style.name == "Title"
    s = _sums(con_for(path), year)
    as_text = [[[c.text for c in r.cells] for r in t.rows] for t in doc.tables]
    for key, table in b.tables().items():  # every table of the model is a real Word table, cell for cell
        assert [list(table.columns), *map(list, table.rows)] in as_text, key
    by_columns = {tuple(t.rows[0].cells[i].text for i in range(len(t.columns))): t for t in doc.tables}
    headline = by_columns[b.tables()["headline"].columns]
    row = next(r for r in headline.rows if r.cells[0].text == "本年新收申请（件）")
    assert row.cells[1].text == num(s["new"])
    ranking = by_columns[b.tables()["ranking"].columns]
    per = dict(
        con_for(path)
        .execute(f"SELECT agency, requests__new__total FROM reports WHERE {OWN} AND year = ?", [year])
        .fetchall()
    )
    got = {r.cells[0].text: r.cells[1].text for r in ranking.rows[1:]}
    assert set(got) == set(per)
    for agency, value in per.items():
        assert got[agency].startswith(num(value))
    assert len(doc.inline_shapes) == len(b.charts()) >= 1
    section = doc.sections[0]
    assert abs(section.page_width.cm - 21) < 0.01 and abs(section.page_height.cm - 29.7) < 0.01


@needs_chromium
def test_html_self_contained(bundled_briefing):
    _, year, b = bundled_briefing
    html = output.render(b, "html").decode("utf-8")
    for heading in HEADINGS:
        assert heading in html
    assert html.count("<svg") >= len(b.charts())
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//|file:)""", html)  # nothing fetched
    assert "<link" not in html


def test_report_text_is_escaped_in_html(bundled_briefing):
    """A name from a report is text, never markup."""
    _, year, b = bundled_briefing
    from dataclasses import replace

    from disclosure.briefing import render_html

    evil = replace(b, scope_label='<img src=x onerror="alert(1)">', sections=b.sections[:1])
    html = render_html.render(evil)
    assert "<img src=x" not in html and "&lt;img src=x" in html


def test_cli_bad_input_one_line(tmp_path):
    path = _bundled()
    done = _run_cli(
        "briefing",
        "--scope",
        "不存在的省",
        "--year",
        "2024",
        "--out",
        str(tmp_path / "a.pdf"),
        "--data",
        str(path),
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == ["错误: --scope: 数据集中没有地区“不存在的省”"]
    done = _run_cli("briefing", "--year", "2024", "--out", str(tmp_path / "a.txt"), "--data", str(path))
    assert done.returncode == 2 and "扩展名" in done.stderr
    done = _run_cli("briefing", "--year", "1990", "--out", str(tmp_path / "a.html"), "--data", str(path))
    assert done.returncode == 2 and "都没有报告" in done.stderr
    assert not (tmp_path / "a.html").exists()


@needs_chromium
def test_chart_png_export_names_scope_and_year():
    import pandas as pd
    from PIL import Image

    from disclosure.dashboard import charts

    df = pd.DataFrame(
        {
            "year": [2023, 2024],
            "new": [10, 20],
            "carried_in": [1, 2],
            "handled": [9, 21],
            "carried_out": [2, 1],
            "n_reports": [3, 3],
        }
    )
    fig = charts.flows_by_year(df, "申请数量（逐年）")
    ctx = images.ChartContext(
        page="申请量",
        metric=images.metric_of(fig, "x"),
        scope="福建省福州市",
        years="2023–2024年",
        data_as_of="2026-11-25 13:32",
        n_reports=6,
    )
    png, name = images.export(fig, ctx, "png", width=900, scale=2)
    assert name == "政府信息公开_申请量_申请数量（逐年）_福建省福州市_2023–2024年.png"
    im = Image.open(io.BytesIO(png))
    im.verify()
    height = (fig.layout.height or images.DEFAULT_HEIGHT) + images.SOURCE_MARGIN
    assert Image.open(io.BytesIO(png)).size == (900 * 2, height * 2)
    titled = images.titled(fig, ctx, 900)
    assert "福建省福州市" in titled.layout.title.text and "2023–2024年" in titled.layout.title.text
    assert (
        "数据截至 2026-11-25 13:32" in titled.layout.title.subtitle.text
        and "6 份" in titled.layout.title.subtitle.text
    )
    svg, svg_name = images.export(fig, ctx, "svg", width=900)
    text = svg.decode("utf-8")
    assert (
        svg_name.endswith(".svg") and "福建省福州市" in text and "2023–2024年" in text and "数据截至" in text
    )
    assert (
        images.file_name(images.ChartContext("p", "m", "a/b:c", "2024年", "", 0), "png")
        == "政府信息公开_p_m_abc_2024年.png"
    )


@needs_chromium
def test_dashboard_page_builds_the_same_briefing(use_data):
    """会议简报 page: 生成简报 builds the model with the sidebar's scope; the success line carries its numbers."""
    from dashboard_fixtures import APP
    from streamlit.testing.v1 import AppTest

    path = use_data(_bundled())
    year = _largest_year(con_for(path))
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.run()
    at.switch_page("views/briefing.py").run()
    assert not at.exception, [e.value for e in at.exception]
    at.selectbox(key="brief_year").set_value(year).run()
    at.button(key="brief_go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    expected = model.build(data.connect(path), Selection(year - 1, year), year)
    shown = " ".join(s.value for s in at.success)
    assert f"{year}年：{expected.n_reports} 份报告" in shown
    labels = [b.proto.label for b in at.get("download_button")]
    assert {"下载 PDF（A4 打印）", "下载 Word（可编辑）", "下载 HTML（单个文件）"} <= set(labels)
