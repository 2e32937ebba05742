"""数据导出: the page model (row count said first, Excel limit, paging) and the streamed files, which must
equal what the in-memory writers make of the same rows (BOM, Chinese headers, neutralised text)."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from disclosure.dashboard import data, exports, stream_export
from disclosure.dashboard.pagemodel import export as pm
from disclosure.dashboard.pagemodel import paging
from disclosure.dashboard.selection import Selection

SEL = Selection(2019, 2024, province="福建省")


def test_plan_says_the_row_count_before_any_file_and_switches_to_on_click_when_large():
    small = pm.plan("requests", SEL, 12, 40)
    assert (
        small.eager
        and "共 **12** 行" in small.summary
        and small.stem.startswith("政府信息公开_福建省_申请情况")
    )
    big = pm.plan("cells", SEL, 2_500_000, 15)
    assert (
        not big.eager and "共 **2,500,000** 行" in big.summary and "点击下载按钮后才开始生成" in big.summary
    )
    excel = next(d for d in big.downloads if d.fmt == "xlsx")
    assert not excel.enabled and "CSV 或 Parquet" in excel.help  # beyond one sheet: not offered
    assert all(d.enabled for d in big.downloads if d.fmt != "xlsx")


def test_paging_clamps_and_names_the_rows_shown():
    p = paging.page(2512, 2, 200)
    assert (p.n_pages, p.offset, p.last_row) == (13, 200, 400)
    assert p.caption() == "第 2/13 页：第 201–400 行，共 2,512 行"
    assert paging.page(2512, 99, 200).number == 13 and paging.page(0, 5).number == 1
    assert paging.page(150, 1, 200).caption() == ""  # one page: nothing to say
    # the detail tables (申请量 复议诉讼 …) say it always, as a sentence, in their own unit
    assert paging.page(120, 9, 50).caption(always=True) == "第 3/3 页：第 101–120 行，共 120 行。"
    assert (
        paging.page(30, 1, 50).caption("份报告", always=True) == "第 1/1 页：第 1–30 份报告，共 30 份报告。"
    )
    assert paging.page(0, 1, 50).caption(always=True) == "没有数据。"
    df = pd.DataFrame({"x": range(450)})
    assert paging.rows(df, paging.page(450, 3, 200))["x"].tolist() == list(range(400, 450))


@pytest.fixture(scope="module")
def con(sample_dir):
    return data.connect(sample_dir)


PARAMS = {**Selection(2011, 2025, include_aggregate=True).params()}


@pytest.mark.parametrize("kind", ["requests", "cells", "checks", "platform"])
def test_streamed_csv_in_small_chunks_equals_the_in_memory_csv(con, kind, tmp_path, monkeypatch):
    monkeypatch.setattr(stream_export, "CHUNK_ROWS", 2048)  # several chunks even on the sample
    _, query, prefix = exports.DATASETS[kind]
    df = exports.select_columns(data.run(query, PARAMS, con), prefix)
    path = stream_export.write_file("csv", query, PARAMS, prefix=prefix, directory=tmp_path, con=con)
    streamed = path.read_bytes()
    assert streamed.startswith(b"\xef\xbb\xbf")
    assert streamed == exports.to_csv(df)
    assert stream_export.row_count(query, PARAMS, con) == len(df)


def test_streamed_excel_has_every_row_the_dictionary_and_no_formula(con, tmp_path, monkeypatch):
    monkeypatch.setattr(stream_export, "CHUNK_ROWS", 2048)
    _, query, prefix = exports.DATASETS["cells"]
    n = stream_export.row_count(query, PARAMS, con)
    path = stream_export.write_file(
        "xlsx",
        query,
        PARAMS,
        prefix=prefix,
        selection="=1+1",
        topic="单元格明细",
        directory=tmp_path,
        con=con,
    )
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames == ["单元格明细", "数据字典", "说明"]
    rows = list(book["单元格明细"].iter_rows(values_only=True))
    assert len(rows) == n + 1
    header = list(rows[0])
    assert header[: len(header)] and exports.column_label("value") in header
    note = dict(list(book["说明"].iter_rows(values_only=True))[1:])
    assert note["筛选条件"] == "'=1+1" and note["行数"] == n  # neutralised, and the count
    values = {r[header.index(exports.column_label("value"))] for r in rows[1:]}
    assert all(v is None or isinstance(v, int | float) for v in values)


def test_streamed_parquet_keeps_only_the_sections_columns(con, tmp_path):
    _, query, prefix = exports.DATASETS["review"]
    path = stream_export.write_file("parquet", query, PARAMS, prefix=prefix, directory=tmp_path, con=con)
    got = pd.read_parquet(path)
    cols = stream_export.columns(query, PARAMS, con)
    assert list(got.columns) == exports.column_subset(cols, prefix)
    assert len(got) == stream_export.row_count(query, PARAMS, con)


def test_deferred_download_makes_the_same_file_and_leaves_no_temporary_file(con):
    _, query, prefix = exports.DATASETS["requests"]
    make = stream_export.deferred("csv", query, PARAMS, prefix=prefix, con=con)
    df = exports.select_columns(data.run(query, PARAMS, con), prefix)
    assert make() == exports.to_csv(df)


def test_preview_page_is_read_from_duckdb_one_page_at_a_time(con):
    _, query, _ = exports.DATASETS["cells"]
    full = data.run(query, PARAMS, con)
    second = stream_export.page(query, PARAMS, 50, 50, None, con)
    assert len(second) == 50
    assert exports.to_csv(second) == exports.to_csv(full.iloc[50:100])  # the same rows in the same order
