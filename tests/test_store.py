"""The Parquet dataset: real `disclosure ingest` runs on the real corpus, read back with DuckDB/polars.

Values are never hard-coded here: the parser is still improving, so each stored figure is compared
with what `parse_file` returns for the same file at test time (the store must not change a number),
and identities/versions are asserted as properties (agency and year present ⇒ one current version).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest

from disclosure import contract
from disclosure.store import dictionary, layout, schema
from disclosure.store.files import expand

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
LETTER = "pingtan_gongzuoyaodian_2014.txt"
# Columns that differ between two runs over the same files (time, run identity, speed).
VOLATILE = {"ingested_at", "parsed_at", "started_at", "run_id", "seconds", "parser_version"}


def ingest(
    *args: str | Path, env: dict[str, str] | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess:
    """Run the real command line (`python -m disclosure ingest`, same as the console script)."""
    return subprocess.run(
        [sys.executable, "-m", "disclosure", "ingest", "--quiet", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=600,
    )


def tables(data: Path) -> dict[str, pl.DataFrame]:
    return {name: pl.read_parquet(p) for name, p in layout.table_paths(data).items()}


def stable(df: pl.DataFrame, table: str) -> pl.DataFrame:
    """Drop volatile columns and sort by every remaining scalar column, for content comparison."""
    df = df.drop([c for c in df.columns if c in VOLATILE])
    keys = [c for c, t in df.schema.items() if not isinstance(t, pl.List)]
    return df.sort(keys, nulls_last=True)


def assert_same_content(
    a: dict[str, pl.DataFrame], b: dict[str, pl.DataFrame], skip: tuple[str, ...] = ()
) -> None:
    assert set(a) == set(b)
    for name in a:
        if name in skip:
            continue
        left, right = stable(a[name], name), stable(b[name], name)
        assert left.columns == right.columns, name
        assert left.equals(right, null_equal=True), f"table {name} differs"


def corpus_files() -> list[str]:
    return expand([str(CORPUS)]).files


@pytest.fixture(scope="module")
def corpus_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("store") / "data"
    proc = ingest(CORPUS, "--data", data, "--jobs", "2")
    assert proc.returncode == 1, proc.stdout + proc.stderr  # the letter fails, everything else is stored
    return data


def copy_data(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, symlinks=True)
    return dst


def test_corpus_ingest_log(corpus_data: Path) -> None:
    t = tables(corpus_data)
    log = t["ingest_log"]
    files = corpus_files()
    assert sorted(log["file"].to_list()) == sorted(files)
    failed = log.filter(pl.col("status") == "failed")
    assert [Path(f).name for f in failed["file"]] == [LETTER]
    assert "不是" in failed["reason"][0]  # the reader's reason is kept verbatim
    ok = log.filter(pl.col("status") != "failed")
    assert set(ok["status"]) <= {"ingested", "new_version"}
    assert t["reports"].height == ok.height == len(files) - 1
    assert set(ok["report_id"]) == set(t["reports"]["report_id"])


def test_every_table_has_its_schema_and_duckdb_reads_it(corpus_data: Path) -> None:
    paths = layout.table_paths(corpus_data)
    assert set(paths) == set(layout.TABLES)
    con = duckdb.connect()
    for name, path in paths.items():
        rel = con.read_parquet(str(path))
        assert rel.columns == list(schema.SCHEMAS[name]), name
        n = con.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchone()[0]
        assert n == pl.read_parquet(path).height
        assert n > 0 or name in ("platform_metrics", *layout.ADMIN_TABLES), name  # admin tables start empty
    # The agreed key columns of docs/DATASET.md are present in every table.
    agreed = {
        "reports": [
            "report_id",
            "agency_id",
            "agency",
            "year",
            "template",
            "scope",
            "level",
            "kind",
            "province",
            "city",
            "county",
            "source_file",
            "source_path",
            "format",
            "pages",
            "ocr",
            "version",
            "is_current",
            "ingested_at",
            "parser_version",
            "n_errors",
            "n_warnings",
            "requests__new__total",
            "active__fees__amount_10k_yuan",
            "review_litigation__review__corrected",
        ],
        "cells": [
            "report_id",
            "agency_id",
            "agency",
            "year",
            "is_current",
            "section",
            "row",
            "col",
            "path",
            "value",
            "raw",
            "page",
            "imputed",
            "ambiguous",
            "candidates",
        ],
        "checks": [
            "report_id",
            "agency_id",
            "agency",
            "year",
            "is_current",
            "rule",
            "severity",
            "where",
            "expected",
            "actual",
            "ok",
            "message",
            "level",
        ],
        "platform_metrics": [
            "report_id",
            "agency_id",
            "agency",
            "year",
            "is_current",
            "platform",
            "account",
            "metric",
            "value",
            "qualifier",
            "unit",
            "period",
            "sentence",
            "offset",
        ],
        "agencies": ["agency_id", "agency", "level", "kind", "scope", "province", "city", "county"],
        "ingest_log": ["run_id", "started_at", "file", "sha256", "status", "reason", "report_id", "seconds"],
    }
    for name, cols in agreed.items():
        assert set(cols) <= set(schema.SCHEMAS[name]), name
    rel = con.read_parquet(str(paths["reports"]))
    types = dict(zip(rel.columns, rel.types, strict=True))
    assert str(types["requests__new__total"]) == "BIGINT"
    assert str(types["active__fees__amount_10k_yuan"]) == "DOUBLE"


def test_numbers_are_the_parsers_numbers(corpus_data: Path) -> None:
    """Every cell of every report equals what parse_file gives, wide and long; null stays null."""
    from disclosure.pipeline import parse_file

    t = tables(corpus_data)
    reports = {r["report_id"]: r for r in t["reports"].iter_rows(named=True)}
    cells = t["cells"]
    for f in corpus_files():
        if Path(f).name == LETTER:
            continue
        parsed = parse_file(f).to_json()
        rid = parsed["source"]["sha256"]
        row = reports[rid]
        assert row["agency"] == parsed["agency"] and row["year"] == parsed["year"]
        assert row["template"] == parsed["template"] and row["source_file"] == Path(f).name
        mine = cells.filter(pl.col("report_id") == rid).sort("ord")
        assert mine["path"].to_list() == [c["path"] for c in parsed["cells"]]
        assert mine["raw"].to_list() == [c["raw"] for c in parsed["cells"]]
        assert mine["page"].to_list() == [c["page"] for c in parsed["cells"]]
        assert mine["imputed"].to_list() == [bool(c["imputed"]) for c in parsed["cells"]]
        for cell, value in zip(parsed["cells"], mine["value"].to_list(), strict=True):
            assert value == cell["value"] or (value is None and cell["value"] is None), cell["path"]
        for path in schema.CELL_PATHS:
            section, key, col = path.split(".")
            expected = ((parsed.get(section) or {}).get(key) or {}).get(col)
            assert row[schema.column_of(path)] == expected, (f, path)
        report_checks = t["checks"].filter((pl.col("report_id") == rid) & (pl.col("level") == "report"))
        assert report_checks.height == len(parsed["checks"])
        assert report_checks.sort("ord")["ok"].to_list() == [c["ok"] for c in parsed["checks"]]
        assert t["platform_metrics"].filter(pl.col("report_id") == rid).height == len(
            parsed["platform_metrics"]
        )


def test_zero_blank_and_dash_stay_distinct(corpus_data: Path) -> None:
    cells = tables(corpus_data)["cells"]
    # A cell without a value is null in both forms, never 0.
    blank = cells.filter(pl.col("value").is_null())
    zero = cells.filter(pl.col("value") == 0)
    assert zero.height > 0
    assert blank.filter(pl.col("raw").is_in(["0", "０"])).height == 0
    reports = tables(corpus_data)["reports"]
    wide = reports.unpivot(
        index="report_id", on=list(schema.CELL_COLUMNS), variable_name="column", value_name="v"
    )
    long = cells.with_columns(pl.col("path").str.replace_all(".", "__", literal=True).alias("column"))
    joined = long.join(wide, on=["report_id", "column"], how="left")
    assert joined.filter(pl.col("value").is_null() != pl.col("v").is_null()).height == 0
    assert joined.filter(pl.col("value") != pl.col("v")).height == 0


def test_sources_are_content_addressed(corpus_data: Path) -> None:
    reports = tables(corpus_data)["reports"]
    for rid, rel in reports.select("report_id", "source_path").iter_rows():
        content = (corpus_data / rel).read_bytes()
        assert hashlib.sha256(content).hexdigest() == rid
        assert rel == layout.source_relpath(rid, Path(rel).suffix)
    stored = [p for p in (corpus_data / layout.SOURCES_DIR).rglob("*") if p.is_file()]
    assert len(stored) == reports.height  # the failed letter was not stored


def test_identity_and_versions(corpus_data: Path) -> None:
    reports = tables(corpus_data)["reports"]
    known = reports.filter(pl.col("agency").is_not_null() & pl.col("year").is_not_null())
    assert known.height > 0
    assert known["agency_id"].null_count() == 0
    per = known.group_by("agency_id", "year", "scope").agg(
        pl.col("is_current").sum().alias("current"),
        pl.col("version").sort().alias("versions"),
        pl.len().alias("n"),
    )
    assert (per["current"] == 1).all()
    for versions, n in per.select("versions", "n").iter_rows():
        assert versions == list(range(1, n + 1))
    # Same agency in different years shares its id (the 平潭 series).
    series = known.group_by("agency_id").agg(pl.col("year").n_unique().alias("years"))
    assert series["years"].max() > 1


def test_dataset_checks_r5_r7(corpus_data: Path) -> None:
    t = tables(corpus_data)
    reports, checks = t["reports"], t["checks"]
    ds = checks.filter(pl.col("level") == "dataset")
    assert set(ds["rule"]) <= {"R5", "R7"} and ds["severity"].unique().to_list() == ["warning"]
    cur = {
        (r["agency_id"], r["year"]): r
        for r in reports.filter(pl.col("is_current")).iter_rows(named=True)
        if r["agency_id"] and r["template"] != "legacy"
    }
    scope = {k: r["scope"] or "own" for k, r in cur.items()}
    expected_pairs = {(a, y) for (a, y) in cur if (a, y - 1) in cur and scope[(a, y)] == scope[(a, y - 1)]}
    r5 = ds.filter(pl.col("rule") == "R5")
    assert {(a, y) for a, y in r5.select("agency_id", "year").iter_rows()} == expected_pairs
    for row in r5.iter_rows(named=True):
        this, prev = cur[(row["agency_id"], row["year"])], cur[(row["agency_id"], row["year"] - 1)]
        col = row["where"].split(".")[1]
        assert row["related_report_id"] == prev["report_id"]
        assert row["actual"] == this[f"requests__carried_in__{col}"]
        assert row["expected"] == prev[f"requests__carried_out__{col}"]
        if row["actual"] is None or row["expected"] is None:
            assert row["ok"] is None
        else:
            assert row["ok"] == (row["actual"] == row["expected"])
    for row in ds.filter(pl.col("rule") == "R7").iter_rows(named=True):
        this, prev = cur[(row["agency_id"], row["year"])], cur[(row["agency_id"], row["year"] - 1)]
        assert this["template"] == prev["template"] == "2021"
    # n_warnings counts failed warnings of both levels.
    counts = checks.filter((pl.col("severity") == "warning") & (~pl.col("ok"))).group_by("report_id").len()
    got = dict(reports.select("report_id", "n_warnings").iter_rows())
    for rid, n in counts.iter_rows():
        assert got[rid] == n


def test_agencies_table(corpus_data: Path) -> None:
    t = tables(corpus_data)
    ids = set(t["reports"].filter(pl.col("agency_id").is_not_null())["agency_id"])
    assert set(t["agencies"]["agency_id"]) == ids
    assert t["agencies"]["agency_id"].is_unique().all()


def test_reingest_is_a_noop(corpus_data: Path, tmp_path: Path) -> None:
    data = copy_data(corpus_data, tmp_path / "data")
    before = tables(data)
    old_files = {
        n: [f.stat().st_ino for f in layout.table_files(p)] for n, p in layout.table_paths(data).items()
    }
    proc = ingest(CORPUS, "--data", data)
    assert proc.returncode == 1, proc.stderr  # the letter still fails
    after = tables(data)
    assert_same_content(before, after, skip=("ingest_log",))
    new_files = {
        n: [f.stat().st_ino for f in layout.table_files(p)] for n, p in layout.table_paths(data).items()
    }
    for name in layout.TABLES:
        if name != "ingest_log":  # unchanged tables are hard links to the same files: not rewritten
            assert new_files[name] == old_files[name], name
    run = after["ingest_log"].filter(pl.col("run_id") != before["ingest_log"]["run_id"][0])
    assert sorted(set(run["status"])) == ["failed", "unchanged"]
    assert run.filter(pl.col("status") == "unchanged").height == before["reports"].height


def test_new_version_supersedes(corpus_data: Path, tmp_path: Path) -> None:
    data = copy_data(corpus_data, tmp_path / "data")
    before = tables(data)
    original = CORPUS / "zhongning_2024.txt"
    old_id = hashlib.sha256(original.read_bytes()).hexdigest()
    old_row = before["reports"].filter(pl.col("report_id") == old_id).row(0, named=True)
    assert old_row["agency"] and old_row["year"], "needs metadata to test versions"
    corrected = tmp_path / "zhongning_2024_corrected.txt"
    corrected.write_bytes(original.read_bytes() + "\n（更正版）\n".encode())
    proc = ingest(corrected, "--data", data)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    after = tables(data)
    rows = (
        after["reports"]
        .filter(pl.col("agency_id") == old_row["agency_id"])
        .filter(pl.col("year") == old_row["year"])
        .sort("version")
    )
    assert rows["version"].to_list() == [1, 2]
    assert rows["is_current"].to_list() == [False, True]
    assert rows["report_id"][0] == old_id
    assert rows["source_file"][1] == corrected.name
    log = after["ingest_log"].filter(pl.col("file") == str(corrected))
    assert log["status"].to_list() == ["new_version"] and log["version"].to_list() == [2]
    # The old version is still fully queryable; derived is_current follows into every table.
    for name in ("cells", "checks"):
        old_part = after[name].filter(
            (pl.col("report_id") == old_id) & (pl.col("level") == "report")
            if name == "checks"
            else pl.col("report_id") == old_id
        )
        assert old_part.height > 0 and not old_part["is_current"].any()
    # Everything else is unchanged.
    others = after["reports"].filter(~pl.col("report_id").is_in([rows["report_id"][1]]))
    assert_same_content(
        {"r": stable(others.drop("is_current", "n_versions"), "reports")},
        {"r": stable(before["reports"].drop("is_current", "n_versions"), "reports")},
    )
    # Re-ingesting the original now is "unchanged": it stays version 1, not current.
    again = ingest(original, "--data", data)
    assert again.returncode == 0
    assert tables(data)["reports"].filter(pl.col("report_id") == old_id)["is_current"].to_list() == [False]
    # --reparse keeps the versions (ordered by first ingestion, not by the reparse).
    versions = (
        tables(data)["reports"].select("report_id", "version", "is_current", "ingested_at").sort("report_id")
    )
    assert ingest("--reparse", "--data", data).returncode == 0
    assert (
        tables(data)["reports"]
        .select("report_id", "version", "is_current", "ingested_at")
        .sort("report_id")
        .equals(versions)
    )


def test_failing_files_change_nothing(corpus_data: Path, tmp_path: Path) -> None:
    data = copy_data(corpus_data, tmp_path / "data")
    before = tables(data)
    sources_before = sorted(p.relative_to(data) for p in (data / layout.SOURCES_DIR).rglob("*"))
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "corrupt.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(2000))
    shutil.copy(CORPUS / "legacy" / LETTER, bad / LETTER)
    proc = ingest(bad, "--data", data)
    assert proc.returncode == 1
    for name in ("empty.txt", "corrupt.pdf", LETTER):
        assert name in proc.stdout
    after = tables(data)
    assert_same_content(before, after, skip=("ingest_log",))
    assert sorted(p.relative_to(data) for p in (data / layout.SOURCES_DIR).rglob("*")) == sources_before
    run = after["ingest_log"].tail(3)
    assert run["status"].to_list() == ["failed"] * 3
    assert run["reason"].null_count() == 0 and all(len(r) > 3 for r in run["reason"])
    assert run["report_id"].null_count() == 3


def test_hung_huge_and_dying_workers_are_isolated(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in ("pingtan_2021.txt", "pingtan_2022.txt", "pingtan_2024.txt", "zhongning_2024.txt"):
        shutil.copy(CORPUS / name, src / name)
    results = {}
    for fault, victim in (("hang", "pingtan_2021"), ("alloc", "pingtan_2022"), ("die", "pingtan_2024")):
        data = tmp_path / f"data-{fault}"
        proc = ingest(
            src,
            "--data",
            data,
            "--timeout",
            "5",
            "--max-memory-mb",
            "3000",
            "--jobs",
            "2",
            env={"DISCLOSURE_STORE_FAULT": f"{fault}:{victim}"},
        )
        assert proc.returncode == 1, proc.stdout + proc.stderr
        t = tables(data)
        results[fault] = t["ingest_log"].filter(pl.col("file").str.contains(victim)).row(0, named=True)
        # The batch went on: every other file is stored.
        assert sorted(t["reports"]["source_file"]) == sorted(
            p.name for p in src.iterdir() if victim not in p.name
        )
    assert results["hang"]["status"] == "failed" and "timed out" in results["hang"]["reason"]
    assert results["alloc"]["status"] == "failed" and "memory" in results["alloc"]["reason"]
    assert results["die"]["status"] == "failed" and "SIGKILL" in results["die"]["reason"]


def test_reparse_keeps_versions(corpus_data: Path, tmp_path: Path) -> None:
    data = copy_data(corpus_data, tmp_path / "data")
    before = tables(data)
    proc = ingest("--reparse", "--data", data)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    after = tables(data)
    assert_same_content(before, after, skip=("ingest_log",))
    assert (after["reports"]["ingested_at"].sort() == before["reports"]["ingested_at"].sort()).all()
    run = after["ingest_log"].filter(~pl.col("run_id").is_in(before["ingest_log"]["run_id"].to_list()))
    assert set(run["status"]) == {"reparsed"} and run.height == before["reports"].height


def test_locked_data_folder_is_refused(corpus_data: Path, tmp_path: Path) -> None:
    data = copy_data(corpus_data, tmp_path / "data")
    before = layout.current_snapshot(data)
    fd = os.open(data, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        proc = ingest(CORPUS / "pingtan_2019.txt", "--data", data)
    finally:
        os.close(fd)
    assert proc.returncode == 2 and "another ingest" in proc.stderr
    assert layout.current_snapshot(data) == before


def test_no_dataset_and_no_match(tmp_path: Path) -> None:
    with pytest.raises(layout.NoDatasetError):
        layout.table_paths(tmp_path)
    proc = ingest(tmp_path / "nothing-*.pdf", "--data", tmp_path / "data")
    assert proc.returncode == 1
    assert tables(tmp_path / "data")["reports"].height == 0
    assert tables(tmp_path / "data")["ingest_log"]["status"].to_list() == ["failed"]


def test_dictionary_covers_every_column() -> None:
    for name, cols in schema.SCHEMAS.items():
        for col in cols:
            assert col in dictionary.DICTIONARY, (name, col)
            assert dictionary.DICTIONARY[col].label
    for template in ("2021", "2019"):
        for path in contract.cell_paths(template):
            info = dictionary.DICTIONARY[schema.column_of(path)]
            assert info.path == path and info.unit and info.section.startswith(("二", "三", "四"))
            assert template in info.templates.split(",")
    assert dictionary.DICTIONARY["active__fees__amount_10k_yuan"].unit == "万元"
    assert dictionary.DICTIONARY["requests__new__total"].label.startswith("一、本年新收")


def test_bundled_data_equals_rebuild(tmp_path: Path) -> None:
    """data/ must be what scripts/build_data.sh makes from tests/corpus (rebuild it when this fails)."""
    bundled = ROOT / "data"
    assert layout.current_snapshot(bundled) is not None, "data/ has no dataset: run scripts/build_data.sh"
    out = tmp_path / "rebuilt"
    proc = subprocess.run(
        ["bash", str(ROOT / "scripts" / "build_data.sh"), str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHON": sys.executable},
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr
    assert_same_content(tables(bundled), tables(out))
    rel = sorted(str(p.relative_to(out)) for p in (out / layout.SOURCES_DIR).rglob("*") if p.is_file())
    assert rel == sorted(
        str(p.relative_to(bundled)) for p in (bundled / layout.SOURCES_DIR).rglob("*") if p.is_file()
    )
    assert len(list((bundled / layout.SNAPSHOTS_DIR).iterdir())) == 1


def test_duplicates_within_one_run(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name, origin in (
        ("a.txt", CORPUS / "pingtan_2019.txt"),
        ("b.txt", CORPUS / "pingtan_2019.txt"),
        ("x.txt", CORPUS / "legacy" / LETTER),
        ("y.txt", CORPUS / "legacy" / LETTER),
    ):
        shutil.copy(origin, src / name)
    data = tmp_path / "data"
    assert ingest(src, "--data", data).returncode == 1
    log = {r["file"]: r for r in tables(data)["ingest_log"].iter_rows(named=True)}
    assert log[str(src / "a.txt")]["status"] == "ingested"
    assert log[str(src / "b.txt")]["status"] == "unchanged" and "a.txt" in log[str(src / "b.txt")]["reason"]
    assert log[str(src / "x.txt")]["status"] == log[str(src / "y.txt")]["status"] == "failed"
    assert tables(data)["reports"].height == 1


def test_expand_paths(tmp_path: Path) -> None:
    got = expand([str(CORPUS)])
    names = {Path(f).name for f in got.files}
    assert "README.md" not in names and "MANIFEST.tsv" not in names and LETTER in names
    assert got.skipped >= 4
    globbed = expand(
        [
            str(CORPUS / "pingtan_20*.txt"),
            str(CORPUS / "pingtan_2019.txt"),
            str(tmp_path / "no*.pdf"),
            str(tmp_path / "missing.pdf"),
        ]
    )
    assert [Path(f).name for f in globbed.files] == [
        f"pingtan_{y}.txt" for y in (2019, 2020, 2021, 2022, 2024)
    ]
    assert len(globbed.missing) == 2
