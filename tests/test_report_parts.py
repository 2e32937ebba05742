"""Queries of one report (or a few agencies) read only the store parts holding them (data.LOCATORS).

At 2,000,000 reports one report's cells took seconds as a scan of every cells file; with `$parts` DuckDB
opens the located files only. These tests show the located queries return exactly what the unpruned ones
return, on a multi-bucket dataset whose parts include files added by an incremental commit
(`<part>+<k>.parquet`), and that other parts' files are really not read.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure.dashboard import data
from disclosure.store import layout, partitions
from disclosure.synth import generate

PER_REPORT = ("report_cells", "report_checks", "report_platform", "corrected_cells", "check_reviews")
YEARS = list(range(2019, 2026))


@pytest.fixture(scope="module")
def split_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic dataset of 8 buckets, each part of each per-report table split in two files the way an
    incremental commit leaves them (`y2024-b003.parquet` + `y2024-b003+0001.parquet`)."""
    out = tmp_path_factory.mktemp("parts") / "data"
    generate(400, out, seed=5, buckets=8)
    snap = layout.current_snapshot(out)
    assert snap is not None
    for table in partitions.PER_REPORT:
        for f in sorted((snap / table).glob("*.parquet")):
            df = pl.read_parquet(f)
            if df.height < 2:
                continue
            f.unlink()  # never modify a written file in place: replace it by two new ones
            df.head(df.height // 2).write_parquet(f)
            df.tail(df.height - df.height // 2).write_parquet(f.with_name(f"{f.stem}+0001.parquet"))
    return out


@pytest.fixture(scope="module")
def con(split_dir: Path) -> duckdb.DuckDBPyConnection:
    return data.connect(split_dir)


def _sorted(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values(list(df.columns)).reset_index(drop=True) if len(df) else df


@settings(deadline=None)  # a loaded CI machine, not the code, sets the time of one DuckDB call
@given(st.from_regex(r"y(19|20)\d\d-b\d{3}(\+\d{4})?", fullmatch=True))
def test_part_of_a_file_name_is_the_stores_part_key(stem: str) -> None:
    file = f"/d/snapshots/s/cells/{stem}.parquet"
    got = duckdb.execute(f"SELECT {data._PART_OF_FILE} FROM (SELECT $f AS filename)", {"f": file}).fetchone()
    assert got == (partitions.part_key(stem),)


def test_every_row_is_in_the_part_of_its_report(con) -> None:
    assert con.execute("SELECT count(DISTINCT part) FROM reports").fetchone()[0] > 8
    for table in ("cells", "checks", "platform_metrics"):
        n, off = con.execute(
            f"SELECT count(*), count(*) FILTER (WHERE t.part IS DISTINCT FROM r.part) "
            f"FROM {table} AS t JOIN reports AS r USING (report_id)"
        ).fetchone()
        assert n > 0 and off == 0, table


def test_located_per_report_queries_equal_the_unpruned_ones(con) -> None:
    rids = [r[0] for r in con.execute("SELECT report_id FROM reports ORDER BY report_id").fetchall()]
    nonempty = dict.fromkeys(PER_REPORT, 0)
    for rid in rids[::25]:
        parts = data.run("parts_of_report", {"report_id": rid}, con)["parts"].iloc[0]
        assert len(parts) == 1
        for q in PER_REPORT:
            located = data.run(q, {"report_id": rid}, con)
            unpruned = data.run(q, {"report_id": rid, "parts": None}, con)
            pd.testing.assert_frame_equal(_sorted(located), _sorted(unpruned))
            nonempty[q] += len(located) > 0
    assert all(nonempty[q] for q in ("report_cells", "report_checks", "report_platform", "corrected_cells"))


def test_located_compare_cells_equal_the_unpruned_ones(con) -> None:
    agencies = [r[0] for r in con.execute("SELECT DISTINCT agency_id FROM reports ORDER BY 1").fetchall()]
    for ids in (agencies[:1], agencies[3:6], agencies[::40]):
        p = {"compare_ids": ids, "compare_years": YEARS}
        located = data.run("compare_cells", p, con)
        assert len(located) > 0
        pd.testing.assert_frame_equal(
            _sorted(located), _sorted(data.run("compare_cells", {**p, "parts": None}, con))
        )


def test_unknown_reports_are_not_located(con) -> None:
    assert data.run("parts_of_report", {"report_id": "nope"}, con)["parts"].iloc[0] is pd.NA
    assert data.run("parts_of_report", {"report_id": None}, con)["parts"].iloc[0] is pd.NA
    p = {"compare_ids": ["nope"], "compare_years": YEARS}
    assert data.run("parts_of_agencies", p, con)["parts"].iloc[0] is pd.NA
    assert data.run("compare_cells", p, con).empty
    assert data.run("report_cells", {"report_id": "nope"}, con).empty


def test_other_parts_files_are_not_read(split_dir: Path, tmp_path: Path) -> None:
    """Every cells/checks file outside one agency's parts (and the first file, which gives the views their
    columns) replaced by bytes that are not Parquet: the located queries of that agency's report (its cells,
    checks, the cells of one check, its corrected cells) and of the agency (compare_cells) still answer, so
    they never opened the others; unpruned, they fail."""
    copy = tmp_path / "data"
    shutil.copytree(split_dir, copy)
    snap = layout.current_snapshot(copy)
    assert snap is not None
    keep = {t: sorted((snap / t).glob("*.parquet"))[0] for t in ("cells", "checks")}
    first = data.connect(copy)
    rid, agency = first.execute(
        "SELECT report_id, agency_id FROM reports WHERE is_current AND part NOT IN $keep "
        "AND report_id IN (SELECT report_id FROM checks) ORDER BY report_id LIMIT 1",
        {"keep": [partitions.part_key(f.stem) for f in keep.values()]},
    ).fetchone()
    own = {
        r[0] for r in first.execute("SELECT part FROM reports WHERE agency_id = $a", {"a": agency}).fetchall()
    }
    rule, where = first.execute(
        'SELECT rule, "where" FROM checks WHERE report_id = $r ORDER BY rule, "where" LIMIT 1', {"r": rid}
    ).fetchone()
    params = {
        "report_cells": {"report_id": rid},
        "report_checks": {"report_id": rid},
        "check_cells": {"report_id": rid, "rule": rule, "where": where},
        "corrected_cells": {"report_id": rid},
        "compare_cells": {"compare_ids": [agency], "compare_years": YEARS},
    }
    expected = {q: data.run(q, p, first) for q, p in params.items()}
    broken = 0  # after connecting: the connection's derived tables (data.SUMMARIES) read every check
    for table in ("cells", "checks"):
        for f in (snap / table).glob("*.parquet"):
            if partitions.part_key(f.stem) not in own and f != keep[table]:
                os.truncate(f, 0)
                f.write_bytes(b"not parquet")
                broken += 1
    assert broken > 10
    con = first
    for q, frame in expected.items():
        assert len(frame) > 0, q
        pd.testing.assert_frame_equal(_sorted(data.run(q, params[q], con)), _sorted(frame))
        with pytest.raises(duckdb.Error):
            data.run(q, {**params[q], "parts": None}, con)


def test_a_one_file_table_is_read_whole(tmp_path: Path, split_dir: Path) -> None:
    """Legacy layout (one `cells.parquet`): no parts to locate, every row still found."""
    con = data.connect(split_dir)
    rid = con.execute("SELECT report_id FROM reports ORDER BY report_id LIMIT 1").fetchone()[0]
    want = data.run("report_cells", {"report_id": rid}, con)
    snap = layout.current_snapshot(split_dir)
    assert snap is not None
    legacy = tmp_path / "legacy"
    shutil.copytree(split_dir, legacy)
    lsnap = layout.current_snapshot(legacy)
    assert lsnap is not None
    shutil.rmtree(lsnap / "cells")
    pl.read_parquet(snap / "cells" / "*.parquet").write_parquet(lsnap / "cells.parquet")
    lcon = data.connect(legacy)
    assert (
        data.run("parts_of_report", {"report_id": rid}, lcon)["parts"].iloc[0] is not pd.NA
    )  # reports: parts
    got = data.run("report_cells", {"report_id": rid}, lcon)
    assert lcon.execute("SELECT count(*) FROM cells WHERE part IS NOT NULL").fetchone()[0] == 0
    pd.testing.assert_frame_equal(_sorted(got), _sorted(want))
