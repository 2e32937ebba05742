"""The large-mode dashboard database of a new snapshot, updated from the previous snapshot's file
(`data._update`: only the rows of changed parts, re-mapped agencies and corrected reports), holds
exactly what a fresh full build of that snapshot holds, table by table and for every query file; a
kill -9 at any step of a build leaves the previous file untouched and the next connect builds
correctly; anything that does not match (format, code, bucket count, columns, manifest) falls back
to the full build and says why.

Real datasets: a multi-bucket synthetic dataset written by the store's code path (disclosure.synth),
real corpus reports ingested into it (disclosure.store.ingest.run), a real alias change
(disclosure.store.aliases.apply) and a real correction (disclosure.admin.edits.add_revision)."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest
from test_connect_views import _normalised
from test_queries import BASE, EXTRA, QUERIES

from disclosure.admin import edits
from disclosure.dashboard import data
from disclosure.store import aliases, ingest, layout
from disclosure.synth import generate

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
ADD = [CORPUS / "pingtan_2021.txt", CORPUS / "pingtan_2022.txt", CORPUS / "zhongning_2024.txt"]
N_BASE = 500


class _Messages(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def messages() -> Iterator[_Messages]:
    handler = _Messages()
    logger = logging.getLogger(data.__name__)
    old = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(old)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dbcache-base") / "data"
    generate(N_BASE, out, seed=11, buckets=8)
    return out


@pytest.fixture
def large(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Large mode for any size (the database file), files in a private folder."""
    monkeypatch.setattr(data, "MATERIALISE_MAX_REPORTS", 0)
    folder = tmp_path / "cache"
    monkeypatch.setenv(data.CACHE_ENV, str(folder))
    return folder


def _tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return sorted(
        r[0]
        for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE NOT temporary").fetchall()
        if r[0] != "_cache_meta"  # the update counter differs by design
    )


def table_differences(a: duckdb.DuckDBPyConnection, b: duckdb.DuckDBPyConnection) -> list[str]:
    """Tables whose columns (names, types, order) or rows (as a multiset) differ between a and b."""
    assert _tables(a) == _tables(b)
    out = []
    for t in _tables(a):
        if a.execute(f"DESCRIBE {t}").fetchall() != b.execute(f"DESCRIBE {t}").fetchall():
            out.append(f"{t}: columns")
            continue
        ra = a.sql(f"SELECT * FROM {t} ORDER BY ALL").to_arrow_table()
        rb = b.sql(f"SELECT * FROM {t} ORDER BY ALL").to_arrow_table()
        if not ra.equals(rb):
            out.append(f"{t}: rows ({ra.num_rows} vs {rb.num_rows})")
    return out


def _params(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The test_queries parameters, with an ingested real report and agencies of this dataset, for
    the nation and for the ingested report's province and year."""
    real = con.execute(
        "SELECT report_id, agency_id, province, year FROM reports WHERE NOT synthetic ORDER BY report_id"
    ).fetchall()
    other = con.execute("SELECT agency_id FROM reports WHERE synthetic ORDER BY report_id LIMIT 1").fetchone()
    rid, aid, province, year = real[0] if real else (None, other[0], None, 2022)
    p = {**BASE, **EXTRA, "report_id": rid, "agency_id": aid, "compare_ids": [aid, other[0]]}
    return [p, {**p, "province": province, "year_from": year, "year_to": year}]


def query_differences(
    a: duckdb.DuckDBPyConnection, b: duckdb.DuckDBPyConnection, nonempty: list[str] | None = None
) -> list[str]:
    """Query files whose results differ (up to row order of ties, as in test_connect_views); the
    queries (and selection) that returned rows are appended to `nonempty` (a comparison of two empty
    results proves nothing)."""
    out = []
    for sel in _params(a):
        for name in QUERIES:
            x, y = data.run(name, sel, a), data.run(name, sel, b)
            if nonempty is not None and len(x):
                nonempty.append(f"{name} {sel['province']}")
            try:
                assert list(x.columns) == list(y.columns)
                pd.testing.assert_frame_equal(_normalised(x), _normalised(y))
            except AssertionError as exc:
                out.append(f"{name} {sel['province']}: {str(exc)[:300]}")
    return out


def fresh(directory: Path, folder: Path, monkeypatch: pytest.MonkeyPatch) -> duckdb.DuckDBPyConnection:
    """A full build of the current snapshot in an empty folder (nothing to update from)."""
    with monkeypatch.context() as m:
        m.setenv(data.CACHE_ENV, str(folder))
        return data.connect(directory)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _db_files(folder: Path) -> list[Path]:
    """The database files of a folder (pathlib's `*` also matches the hidden `.tmp-*` files)."""
    return sorted(f for f in folder.glob("*.duckdb") if not f.name.startswith("."))


def _only_file(folder: Path) -> Path:
    files = _db_files(folder)
    assert len(files) == 1, files
    return files[0]


MERGED_NAME = "测试合并单位"


def _alias_csv(directory: Path, agency_id: str, target: str) -> str:
    """The administrator's CSV: agency `agency_id` belongs to the canonical agency `target`, and the
    merged agency is called MERGED_NAME (which renames `target`'s own reports too)."""
    reports = pl_reports(directory)
    mapping = aliases.resolve(reports, aliases.read_overrides(directory))
    row = mapping.filter(mapping["agency_id"] == agency_id).row(0, named=True)
    return (
        ",".join(aliases.CSV_COLUMNS)
        + f"\n{agency_id},{row['printed_name']},{target},{MERGED_NAME},admin,同一单位（测试）\n"
    )


def pl_reports(directory: Path) -> Any:
    import polars as pl

    return pl.read_parquet(layout.table_paths(directory)["reports"], columns=list(aliases.INPUT_COLUMNS))


STEPS = ("ingest", "correction", "alias", "ingest2")
ADD2 = [CORPUS / "pingtan_2024.txt", *sorted((CORPUS / "pingtan_departments").glob("*.txt"))[:2]]


@pytest.fixture(scope="module")
def chain(base: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """base → ingest of real reports → a correction of one of them → an alias change of its agency
    (to a synthetic agency of another bucket). After each step: the updated file (and its log line)
    next to a fresh full build of the same snapshot, compared right away (the store keeps only the
    last three snapshots, whose files the views read)."""
    root = tmp_path_factory.mktemp("dbcache-chain")
    directory = root / "data"
    shutil.copytree(base, directory)
    mp = pytest.MonkeyPatch()
    mp.setattr(data, "MATERIALISE_MAX_REPORTS", 0)
    folder = root / "cache"
    mp.setenv(data.CACHE_ENV, str(folder))
    handler = _Messages()
    logger = logging.getLogger(data.__name__)
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    out: dict[str, dict[str, Any]] = {}
    try:
        first = data.connect(directory)
        assert any("full build" in m for m in handler.lines), handler.lines
        real = None
        for step in STEPS:
            previous = _only_file(folder)
            before = _sha(previous)
            kept = previous.open("rb")  # an open reader of the previous file (another process's view)
            if step == "ingest":
                ingest.run([str(p) for p in ADD], directory)
            elif step == "correction":
                assert real is not None
                edits.add_revision(
                    directory,
                    edits.Revision(real["report_id"], "requests.new.total", 12345, "测试更正", "tester"),
                )
            elif step == "ingest2":
                ingest.run([str(p) for p in ADD2], directory)
            else:
                assert real is not None
                target = first.execute(
                    "SELECT printed_agency_id FROM reports WHERE synthetic AND kind = 'government' "
                    "ORDER BY report_id LIMIT 1"
                ).fetchone()[0]
                real["target"] = target
                text = _alias_csv(directory, real["printed_agency_id"], target)
                aliases.apply(directory, text, "tester")
            handler.lines.clear()
            con = data.connect(directory)
            log = list(handler.lines)
            full = fresh(directory, root / f"full-{step}", mp)
            if real is None:
                real = dict(
                    zip(
                        ("report_id", "printed_agency_id"),
                        con.execute(
                            "SELECT report_id, printed_agency_id FROM reports WHERE NOT synthetic "
                            "ORDER BY year, report_id LIMIT 1"
                        ).fetchone(),
                        strict=True,
                    )
                )
            nonempty: list[str] = []
            out[step] = {
                "log": log,
                "tables": table_differences(con, full),
                "queries": query_differences(con, full, nonempty),
                "nonempty": nonempty,
                "rows": {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in _tables(con)},
                "previous_unchanged": hashlib.sha256(kept.read()).hexdigest() == before,
                "files": sorted(f.name for f in folder.iterdir()),
                "canonical": con.execute(
                    "SELECT agency_id FROM reports WHERE report_id = $r", {"r": real["report_id"]}
                ).fetchone()[0],
                "charted": con.execute(
                    "SELECT requests__new__total, corrected_paths FROM reports_charted WHERE report_id = $r",
                    {"r": real["report_id"]},
                ).fetchone(),
                "n": con.execute("SELECT count(*) FROM reports").fetchone()[0],
                # every row with its store part (the view's `part`), the new and re-mapped rows too
                "unparted": con.execute(
                    "SELECT count(*) FROM reports AS r JOIN _report_parts AS p USING (report_id) "
                    "WHERE r.part IS NULL OR r.part <> split_part(p.part, '+', 1)"
                ).fetchone()[0],
                "target_names": sorted(
                    r[0]
                    for r in con.execute(
                        "SELECT DISTINCT agency FROM reports WHERE printed_agency_id = $a",
                        {"a": real.get("target", "")},
                    ).fetchall()
                ),
            }
            kept.close()
            first = con
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        mp.undo()
    return out


def test_each_step_updates_the_file_to_exactly_a_full_build(chain: dict[str, dict[str, Any]]) -> None:
    """One test over the whole chain (one build of it, also under pytest-xdist)."""
    for step in STEPS:
        got, log = chain[step], chain[step]["log"]
        assert any(": updated from" in m for m in log), (step, log)
        assert not any("full build" in m for m in log), (step, log)
        # One file per data folder; no half-built file left behind; the previous file never written.
        assert len(got["files"]) == 1 and got["files"][0].endswith(".duckdb"), (step, got["files"])
        assert got["previous_unchanged"], step
        assert got["tables"] == [], step
        assert got["queries"] == [], step
        assert got["unparted"] == 0, step
        # Not vacuous: the tables compared hold rows (every summary among them) and most query files
        # return rows for the nation and for the ingested report's province.
        assert {"reports", "reports_charted", "agency_canon", *data.SUMMARIES} <= set(got["rows"]), step
        assert all(got["rows"][t] > 0 for t in ("reports", "reports_charted", *data.SUMMARIES)), got["rows"]
        assert len(got["nonempty"]) >= len(QUERIES), (step, len(got["nonempty"]), len(QUERIES))
        assert sum(q.startswith("headline ") for q in got["nonempty"]) == 2, step
    # The comparisons are not vacuous: each step did change the database.
    assert chain["ingest"]["n"] == N_BASE + len(ADD)
    assert chain["ingest2"]["n"] == N_BASE + len(ADD) + len(ADD2)
    assert "parts changed 0," not in chain["ingest"]["log"][0]
    value, paths = chain["correction"]["charted"]
    assert value == 12345 and "requests.new.total" in paths
    alias = chain["alias"]["log"][0]
    assert "parts changed 0," in alias and "agencies re-mapped 0," not in alias, alias
    assert chain["alias"]["canonical"] != chain["correction"]["canonical"]
    # The re-mapped report keeps its correction (its rows were replaced, corrections re-applied).
    assert chain["alias"]["charted"][0] == 12345
    # The administrator's name renames the target agency's reports too, in a bucket no part of which
    # changed: rows re-read for the re-mapped agency, not only for changed parts.
    assert chain["alias"]["target_names"] == [MERGED_NAME]
    assert chain["ingest2"]["charted"][0] == 12345


def test_the_comparisons_see_one_changed_value(
    base: Path, tmp_path: Path, large: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """table_differences and query_differences (what the chain test relies on) report a database
    that differs from another by one figure of one report, in `reports_charted` or in a summary."""
    _built(base, tmp_path)
    built = _only_file(large)
    changed: list[str] = []
    for table, column in (("reports_charted", "requests__new__total"), *((s, None) for s in data.SUMMARIES)):
        num: list[str] = []
        copy = tmp_path / f"copy-{table}.duckdb"
        shutil.copyfile(built, copy)
        # a current own report of the years the compared selections read
        current = " AND is_current AND scope = 'own' AND year BETWEEN 2019 AND 2024" if column else ""
        with duckdb.connect(str(copy)) as con:
            if not con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]:
                continue  # nothing to change (e.g. no open checks in the synthetic sample)
            if column is None:  # the summary's first numeric column, else its first text column
                cols = _columns(con, table)
                num = [c for c, t in cols if t in ("BIGINT", "HUGEINT", "DOUBLE", "INTEGER")]
                column = num[0] if num else next(c for c, t in cols if t == "VARCHAR")
            change = f"{column} + 1" if num or table == "reports_charted" else f"{column} || 'x'"
            con.execute(
                f"UPDATE {table} SET {column} = {change} WHERE rowid = (SELECT min(rowid) FROM {table} "
                f"WHERE {column} IS NOT NULL{current})"
            )
        changed.append(table)
        a = duckdb.connect(str(built), read_only=True)
        b = duckdb.connect(str(copy), read_only=True)
        assert table_differences(a, b) == [
            f"{table}: rows ({a.sql(f'FROM {table}').shape[0]} vs {b.sql(f'FROM {table}').shape[0]})"
        ], table
        if table == "reports_charted":  # a per-report query sees it (nation and province read summaries)
            assert query_differences(a, b), table
        a.close()
        b.close()
    assert {"reports_charted", "region_facts"} <= set(changed), changed


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in con.execute(f"DESCRIBE {table}").fetchall()]


# --- kill -9 during a build ----------------------------------------------------------------------------


def _connect_in_child(directory: Path, folder: Path, crash_at: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from pathlib import Path; from disclosure.dashboard import data; data.connect(Path(sys.argv[1]))"
    env = {
        **os.environ,
        "DISCLOSURE_MATERIALISE_MAX": "0",
        data.CACHE_ENV: str(folder),
        data.CRASH_ENV: crash_at,
    }
    return subprocess.run(
        [sys.executable, "-c", code, str(directory)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.parametrize("crash_at", data.BUILD_STEPS)
def test_kill_9_during_a_build_leaves_a_usable_state(
    base: Path,
    tmp_path: Path,
    large: Path,
    monkeypatch: pytest.MonkeyPatch,
    messages: _Messages,
    crash_at: str,
) -> None:
    directory = tmp_path / "data"
    shutil.copytree(base, directory)
    if crash_at != "populated":  # the update path: a previous file to update from
        data.connect(directory).close()
        ingest.run([str(ADD[0])], directory)
    previous = _db_files(large) if large.exists() else []
    before = {p: _sha(p) for p in previous}
    proc = _connect_in_child(directory, large, crash_at)
    assert proc.returncode == -9, proc.stderr[-2000:]
    assert list(large.glob(".tmp-*")), "the child died mid-build, leaving its temporary file"
    assert {p: _sha(p) for p in _db_files(large)} == before  # nothing renamed, nothing written
    messages.lines.clear()
    con = data.connect(directory)
    expected = ": full build in" if crash_at == "populated" else ": updated from"
    assert any(expected in m for m in messages.lines), messages.lines
    assert not list(large.glob(".tmp-*")), "the dead child's temporary file is removed"
    full = fresh(directory, tmp_path / "full", monkeypatch)
    assert table_differences(con, full) == []


# --- what is not updated: full build, with the reason --------------------------------------------------


def _built(base: Path, tmp_path: Path) -> Path:
    directory = tmp_path / "data"
    shutil.copytree(base, directory)
    data.connect(directory).close()
    return directory


def test_a_code_or_format_change_builds_from_scratch(
    base: Path, tmp_path: Path, large: Path, monkeypatch: pytest.MonkeyPatch, messages: _Messages
) -> None:
    directory = _built(base, tmp_path)
    monkeypatch.setattr(data, "CACHE_FORMAT", data.CACHE_FORMAT + 100)
    messages.lines.clear()
    data.connect(directory).close()
    assert any("full build, not updated" in m and "CACHE_FORMAT" in m for m in messages.lines), messages.lines


def test_another_bucket_count_builds_from_scratch(
    base: Path, tmp_path: Path, large: Path, monkeypatch: pytest.MonkeyPatch, messages: _Messages
) -> None:
    directory = _built(base, tmp_path)
    shutil.rmtree(directory)
    generate(N_BASE, directory, seed=11, buckets=4)
    messages.lines.clear()
    con = data.connect(directory)
    assert any("full build, not updated" in m and "bucket count" in m for m in messages.lines), messages.lines
    assert table_differences(con, fresh(directory, tmp_path / "full", monkeypatch)) == []


def test_a_dataset_rewritten_in_place_builds_from_scratch(
    base: Path, tmp_path: Path, large: Path, monkeypatch: pytest.MonkeyPatch, messages: _Messages
) -> None:
    directory = _built(base, tmp_path)
    shutil.rmtree(directory)
    generate(N_BASE, directory, seed=12, buckets=8)  # same buckets, other rows: every part changed
    messages.lines.clear()
    con = data.connect(directory)
    assert any("full build, not updated" in m and "changed parts" in m for m in messages.lines), (
        messages.lines
    )
    assert table_differences(con, fresh(directory, tmp_path / "full", monkeypatch)) == []


def test_changed_columns_build_from_scratch(
    base: Path, tmp_path: Path, large: Path, monkeypatch: pytest.MonkeyPatch, messages: _Messages
) -> None:
    directory = _built(base, tmp_path)
    previous = _only_file(large)
    with duckdb.connect(str(previous)) as con:  # as if built from reports with one more column
        con.execute("ALTER TABLE reports ADD COLUMN gone_column INTEGER")
    ingest.run([str(ADD[0])], directory)
    messages.lines.clear()
    con = data.connect(directory)
    assert any("full build, not updated" in m and "columns of reports" in m for m in messages.lines)
    assert table_differences(con, fresh(directory, tmp_path / "full", monkeypatch)) == []


def test_a_snapshot_without_manifest_builds_from_scratch(
    base: Path, tmp_path: Path, large: Path, messages: _Messages
) -> None:
    directory = _built(base, tmp_path)
    ingest.run([str(ADD[0])], directory)
    snap = layout.current_snapshot(directory)
    assert snap is not None
    (snap / layout.MANIFEST_FILE).unlink()
    messages.lines.clear()
    data.connect(directory).close()
    assert any("full build, not updated" in m and "MANIFEST" in m for m in messages.lines), messages.lines
