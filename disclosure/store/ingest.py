"""Ingest report files into the dataset: hash, parse in isolated workers, version, write a snapshot.

A run either commits completely or not at all (see `snapshot`). The derived columns (version,
is_current, R5/R7, agencies) depend only on the reports of one agency, so `_build_tables` computes
them over whichever reports it is given with the same code: all of them (a full rebuild, e.g. on
--reparse or a one-bucket dataset) or only the stored rows of the agencies this run touches plus the
new ones (`incremental`: the commit's cost follows what changed, not the dataset's size).
"""

from __future__ import annotations

import hashlib
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from disclosure.errors import InputError, display_name
from disclosure.fileio import read_limited, sha256_limited
from disclosure.store import (
    completeness,
    dataset_checks,
    files,
    incremental,
    layout,
    partitions,
    schema,
    snapshot,
    worker,
)

STATUSES = ("ingested", "unchanged", "new_version", "held", "accepted", "reparsed", "failed")
ROW_GROUP_SIZE = 128 * 1024
# What a run needs to know about stored reports (not all 248 columns: this is per stored report).
_KNOWN_COLUMNS = [
    "report_id",
    "agency_id",
    "year",
    "version",
    "ingest_seq",
    "ingested_at",
    "source_file",
    "source_path",
    "accepted",
    "held_reason",
]


def parser_version() -> str:
    import disclosure

    return f"{disclosure.__version__}+p{getattr(disclosure, 'PARSER_VERSION', '0')}"


@dataclass
class FileResult:
    seq: int
    file: str  # the name as shown and logged (UTF-8 safe, see errors.display_name)
    sha256: str | None = None
    status: str = "failed"
    reason: str | None = None
    report_id: str | None = None
    agency_id: str | None = None
    year: int | None = None
    version: int | None = None
    seconds: float = 0.0
    path: str = ""  # the name as given to the OS (may hold undecodable bytes); default: `file`

    def __post_init__(self) -> None:
        if not self.path:
            self.path = self.file
        self.file = display_name(self.file)


@dataclass
class Summary:
    run_id: str
    started_at: datetime
    results: list[FileResult] = field(default_factory=list)
    snapshot: Path | None = None
    skipped: int = 0
    elapsed: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)  # seconds per phase of `run` (benchmarks)

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        t0 = time.monotonic()
        try:
            yield
        finally:
            self.phases[name] = self.phases.get(name, 0.0) + time.monotonic() - t0

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]


@dataclass
class Options:
    reparse: bool = False
    jobs: int = 2
    timeout: float | None = 600.0
    max_memory_mb: int | None = 4096
    keep: int = 3
    progress: bool = True
    accept: bool = False  # make every version of this run current even if less complete (see completeness)
    scheduler: str | None = None  # Dask: "local:2" or "tcp://host:8786" (see store.distributed); None = local


def _write_parquet(df: pl.DataFrame, path: Path) -> None:
    df.write_parquet(path, compression="zstd", statistics=True, row_group_size=ROW_GROUP_SIZE)


def _sorted(df: pl.DataFrame, table: str) -> pl.DataFrame:
    keys = schema.SORT_KEYS[table]
    return df.sort(keys, nulls_last=True, maintain_order=True) if keys and df.height else df


def _progress(total: int, enabled: bool) -> Any:
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: we start worker processes
    return tqdm(
        total=total,
        desc="parse",
        unit="file",
        file=sys.stderr,
        disable=not enabled or total == 0,
        dynamic_ncols=True,
        smoothing=0.1,
    )


def run(paths: list[str], data_dir: str | Path, options: Options | None = None) -> Summary:
    """Ingest `paths` into `data_dir`. Raises snapshot.LockedError when another ingest runs."""
    opts = options or Options()
    data = Path(data_dir)
    started = datetime.now(UTC)
    t0 = time.monotonic()
    summary = Summary(run_id=uuid.uuid4().hex, started_at=started)
    phase = summary.phase
    with snapshot.DataLock(data):
        with phase("plan"):
            old_paths = layout.table_paths(data) if layout.current_snapshot(data) else {}
            expanded = files.expand(paths)
            summary.skipped = expanded.skipped
            hashed = _hash(expanded)
            stored = incremental.Stored(old_paths, _manifest(data))
            known = _known(old_paths, stored, [sha for _p, sha, _r in hashed if sha], opts.reparse)
            results, tasks = _plan(expanded.missing, hashed, known, data, opts.reparse)
        with phase("parse"):
            parsed = _parse_all(results, tasks, opts)
        with phase("sources"):
            _stage_sources(data, results, known, parsed)
        # --accept on a file stored earlier and held back: accept it now (no new parse needed).
        accept = {
            r.sha256
            for r in results
            if opts.accept
            and r.status == "unchanged"
            and r.sha256 in known
            and known[r.sha256]["held_reason"]
        }

        sc = None
        old: dict[str, pl.DataFrame] | None = None
        holders: dict[str, set[str]] | None = None
        log_append = False
        new_ids: pl.DataFrame | None = None
        if parsed or accept or set(old_paths) != set(layout.TABLES):
            with phase("read"):
                # Only the rows of the agencies this run touches are read and rebuilt (see
                # store.incremental); accepting a stored held version touches agencies not in
                # `parsed`: full rebuild then.
                sc = None if accept else incremental.scope(data, old_paths, parsed, opts.reparse)
                holders = {}
                old = incremental.read_old(old_paths, sc, holders) or None
                old_reports = (
                    schema.conform(old["reports"], "reports")
                    if old and "reports" in old
                    else schema.empty("reports")
                )
            if accept:
                old_reports = old_reports.with_columns(
                    (pl.col("accepted").fill_null(False) | pl.col("report_id").is_in(list(accept))).alias(
                        "accepted"
                    )
                )
                for r in results:
                    if r.sha256 in accept and r.status == "unchanged" and not r.reason:
                        r.status, r.reason = "accepted", "已按 --accept 设为当前版本 (accepted as current)"
            with phase("build"):
                tables = _build_tables(
                    old,
                    old_paths,
                    old_reports,
                    known,
                    parsed,
                    results,
                    summary,
                    opts.accept,
                    first_seq=incremental.next_seq(stored.max_seq()),
                )
            log_append = sc is not None
            new_ids = _new_ids(tables["reports"], parsed, known, sc)
        else:  # nothing new: reuse every data file as is (hard links), append to the log only
            with phase("build"):
                tables, log_append = _log_only(data, old_paths, results, summary)
        with phase("commit"):
            name = f"{started.strftime('%Y%m%dT%H%M%S%fZ')}-{summary.run_id[:8]}"
            summary.snapshot = incremental.write(
                data,
                name,
                tables,
                sc,
                old_paths,
                _write_parquet,
                opts.keep,
                old,
                log_append,
                stored,
                new_ids,
                holders if sc is not None else None,
            )
    summary.results = results
    summary.elapsed = time.monotonic() - t0
    return summary


def _manifest(data: Path) -> dict | None:
    snap = layout.current_snapshot(data)
    return layout.read_manifest(snap) if snap is not None else None


def _hash(expanded: files.Expanded) -> list[tuple[str, str | None, str | None]]:
    """(path, sha256 or None, reason it could not be hashed) per input file, in order."""
    out: list[tuple[str, str | None, str | None]] = []
    for path in expanded.files:
        try:  # bounded and non-blocking: a FIFO or /dev/zero is refused, not read (see fileio)
            out.append((path, sha256_limited(path), None))
        except InputError as exc:
            out.append((path, None, exc.reason))
    return out


def _new_ids(
    reports: pl.DataFrame | Path,
    parsed: dict[str, dict[str, Any]],
    known: dict[str, dict[str, Any]],
    sc: incremental.Scope | None,
) -> pl.DataFrame | None:
    """report_id and `reports` part of each report this incremental commit adds (for the index)."""
    if sc is None:
        return None
    if isinstance(reports, Path):
        return pl.DataFrame(schema={"report_id": pl.Utf8, "part": pl.Utf8})
    new = [sha for sha in parsed if sha not in known]
    rows = reports.filter(pl.col("report_id").is_in(new))
    name = partitions.part_names(rows, "reports", sc.buckets)
    assert name is not None  # reports always has year and agency_id
    return rows.select("report_id", name.alias("part"))


def _known(
    old_paths: dict[str, Path], stored: incremental.Stored, shas: list[str], reparse: bool
) -> dict[str, dict[str, Any]]:
    """What the run needs to know about stored reports: every one on --reparse, else only the ones
    whose content is being ingested (looked up by report_id: the cost follows the run, not the dataset).
    """
    if "reports" not in old_paths:
        return {}
    if reparse:
        present = set(pl.read_parquet_schema(layout.table_files(old_paths["reports"])[0]))
        rows = pl.read_parquet(old_paths["reports"], columns=[c for c in _KNOWN_COLUMNS if c in present])
    else:
        rows = stored.lookup(shas, _KNOWN_COLUMNS)
    return {r["report_id"]: {"accepted": None, "held_reason": None, **r} for r in rows.iter_rows(named=True)}


def _plan(
    missing: list[str],
    hashed: list[tuple[str, str | None, str | None]],
    known: dict[str, dict[str, Any]],
    data: Path,
    reparse: bool,
) -> tuple[list[FileResult], list[worker.Task]]:
    """One result per input, in order; a parse task for each content not stored yet (or all, on reparse)."""
    results: list[FileResult] = []
    tasks: list[worker.Task] = []
    for arg in missing:
        results.append(FileResult(len(results), arg, reason="no such file or folder (nothing matched)"))
    first_of: dict[str, str] = {}  # sha256 → first file with that content in this run
    if reparse:
        for rid, row in sorted(known.items(), key=lambda kv: kv[1]["ingest_seq"] or 0):
            res = FileResult(len(results), row["source_path"], sha256=rid)
            results.append(res)
            tasks.append(worker.Task(res.seq, str(data / row["source_path"])))
            first_of[rid] = row["source_path"]
    for path, sha, reason in hashed:
        res = FileResult(len(results), path)
        results.append(res)
        if sha is None:
            res.reason = reason
            continue
        res.sha256 = sha
        if res.sha256 in first_of:
            res.status, res.report_id = "unchanged", res.sha256
            res.reason = f"same content as {first_of[res.sha256]} in this run"
        elif res.sha256 in known:
            res.status, res.report_id = "unchanged", res.sha256
            prev = known[res.sha256]
            res.agency_id, res.year, res.version = prev["agency_id"], prev["year"], prev["version"]
        else:
            first_of[res.sha256] = path
            tasks.append(worker.Task(res.seq, path))
    return results, tasks


def _parse_all(
    results: list[FileResult], tasks: list[worker.Task], opts: Options
) -> dict[str, dict[str, Any]]:
    """Parse every task in isolated workers; returns report_id → flattened rows of the successes."""
    parsed: dict[str, dict[str, Any]] = {}
    bar = _progress(len(tasks), opts.progress)
    try:
        if opts.scheduler:
            from disclosure.store import distributed

            outcomes = distributed.run(tasks, opts.scheduler, opts.timeout, opts.max_memory_mb)
        else:
            outcomes = worker.run(tasks, opts.jobs, opts.timeout, opts.max_memory_mb)
        for out in outcomes:
            res = results[out.index]
            res.seconds = out.seconds
            sha = res.sha256
            assert sha is not None  # only hashed files get a parse task
            if not out.ok or out.rows is None:  # rows is None exactly when the worker failed
                res.reason = out.reason
            elif out.rows["report"]["report_id"] != sha:
                res.reason = "file changed while being ingested (hash differs); try again"
            else:
                _pretype(out.rows)
                parsed[sha] = out.rows
                res.report_id = res.sha256
                res.status = "parsed"
            bar.update(1)
    finally:
        bar.close()
    _twins_follow(results)
    return parsed


def _twins_follow(results: list[FileResult]) -> None:
    """A duplicate within the run shares the fate of its first copy (called after every stage)."""
    first: dict[str | None, FileResult] = {}
    for res in results:
        if res.sha256 and not (res.reason or "").startswith("same content as"):
            first.setdefault(res.sha256, res)
    for res in results:
        twin = first.get(res.sha256) if (res.reason or "").startswith("same content as") else None
        if twin is not None and twin.status == "failed":
            res.status, res.report_id = "failed", None
            res.reason = f"{twin.reason} (same content as {twin.file})"


# Sources staged per batch: their contents are held in memory together, so a batch ends at this
# many files or bytes, whichever comes first.
_STAGE_BATCH = 64
_STAGE_BYTES = 64 << 20


def _stage_sources(
    data: Path, results: list[FileResult], known: dict[str, dict[str, Any]], parsed: dict[str, dict[str, Any]]
) -> None:
    """Copy each newly parsed file to its content address (harmless before the commit: see snapshot)."""
    batch: list[tuple[str, bytes]] = []
    for res in results:
        sha = res.sha256
        if res.status != "parsed" or sha in known:
            continue
        assert sha is not None  # every parsed file was hashed
        try:
            content = read_limited(res.path)
        except InputError as exc:
            res.status, res.reason = "failed", exc.reason
            parsed.pop(sha, None)
            continue
        if hashlib.sha256(content).hexdigest() != sha:
            res.status, res.reason = "failed", "file changed while being ingested (hash differs); try again"
            parsed.pop(sha, None)
            continue
        rel = layout.source_relpath(sha, Path(res.file).suffix)
        batch.append((rel, content))
        parsed[sha]["report"]["source_path"] = rel
        if len(batch) >= _STAGE_BATCH or sum(len(c) for _r, c in batch) >= _STAGE_BYTES:
            snapshot.store_sources(data, batch)
            batch = []
    snapshot.store_sources(data, batch)


def _versions(reports: pl.DataFrame) -> pl.DataFrame:
    """version = rank of ingest_seq within agency_id + year + scope; reports without identity stand alone.

    is_current: see `completeness` (a much less complete version is held, not current).
    Scope is part of the key because a government may publish both its own report and an aggregate
    (汇总) one for the same year under the same name: neither is a new version of the other.
    """
    has_id = pl.col("agency_id").is_not_null() & pl.col("year").is_not_null()
    key = [pl.col("agency_id"), pl.col("year").cast(pl.Utf8), pl.col("scope").fill_null("own")]
    group = pl.when(has_id).then(pl.concat_str(key, separator="|")).otherwise(pl.col("report_id"))
    ranked = (
        reports.with_columns(group.alias("_g"))
        .with_columns(
            pl.col("ingest_seq").rank("ordinal").over("_g").cast(pl.Int64).alias("version"),
            pl.len().over("_g").cast(pl.Int64).alias("n_versions"),
        )
        .drop("_g")
    )
    # The newest version is current unless it is much less complete than the one before it.
    return completeness.apply(ranked, group)


_PER_REPORT = ("cells", "checks", "platform_metrics")


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200]


_REFRESHED = ("agency_id", "agency", "year", "is_current", "synthetic")


def _refresh_keys(df: pl.DataFrame, reports: pl.DataFrame, table: str) -> pl.DataFrame:
    """Copy agency_id/agency/year/is_current/synthetic from `reports` (they change with versions and reparses)."""
    keys = reports.select("report_id", *_REFRESHED)
    base = df.drop([c for c in _REFRESHED if c in df.columns])
    return schema.conform(base.join(keys, on="report_id", how="left"), table)


def _agencies(reports: pl.DataFrame) -> pl.DataFrame:
    cur = reports.filter(pl.col("is_current") & pl.col("agency_id").is_not_null())
    if cur.height == 0:
        return schema.empty("agencies")
    latest = cur.sort(["agency_id", "year", "ingest_seq"], nulls_last=False).group_by("agency_id").last()
    stats = cur.group_by("agency_id").agg(
        pl.col("year").min().alias("first_year"),
        pl.col("year").max().alias("last_year"),
        pl.len().cast(pl.Int64).alias("n_reports"),
    )
    return schema.conform(latest.join(stats, on="agency_id"), "agencies")


def with_check_counts(reports: pl.DataFrame, checks: pl.DataFrame) -> pl.DataFrame:
    """n_errors/n_warnings/n_not_evaluable derived from the stored checks (report- and dataset-level),
    never accumulated (also used by `disclosure.synth`)."""
    counts = checks.group_by("report_id").agg(
        ((pl.col("severity") == "error") & (~pl.col("ok"))).sum().cast(pl.Int64).alias("n_errors"),
        ((pl.col("severity") == "warning") & (~pl.col("ok"))).sum().cast(pl.Int64).alias("n_warnings"),
        pl.col("ok").is_null().sum().cast(pl.Int64).alias("n_not_evaluable"),
    )
    return schema.conform(
        reports.drop("n_errors", "n_warnings", "n_not_evaluable")
        .join(counts, on="report_id", how="left")
        .with_columns(pl.col("n_errors", "n_warnings", "n_not_evaluable").fill_null(0)),
        "reports",
    )


def _typed(rows: list[dict] | pl.DataFrame, table: str) -> pl.DataFrame:
    """A per-report table as a typed frame (already one when `_parse_all` typed it on arrival)."""
    return rows if isinstance(rows, pl.DataFrame) else schema.from_rows(rows, table)


def _pretype(rows: dict[str, Any]) -> None:
    """Type the per-report tables of one parse as it arrives, while the workers go on parsing (the
    parent waits anyway). A table the schema refuses stays as rows: `_build_tables` fails that file
    with its reason, exactly as without this step."""
    for t in _PER_REPORT:
        if not isinstance(rows[t], pl.DataFrame):
            try:
                rows[t] = schema.from_rows(rows[t], t)
            except Exception:  # noqa: BLE001, S112 - reported per file by _build_tables
                continue


def _reports_error(row: dict[str, Any]) -> Exception | None:
    """Why this one `reports` row cannot be typed, or None."""
    try:
        schema.from_rows([row], "reports")
    except Exception as exc:  # noqa: BLE001 - the reason is the result
        return exc
    return None


def _build_failed(res: FileResult, parsed: dict[str, dict[str, Any]], exc: BaseException) -> None:
    res.status, res.report_id = "failed", None
    res.reason = f"表格构建失败 (table build failed: {type(exc).__name__}: {_short(exc)})"
    parsed.pop(res.sha256 or "", None)


def _typed_reports(
    todo: list[tuple[FileResult, str, dict[str, Any]]],
    known: dict[str, dict[str, Any]],
    next_seq: int,
    parsed: dict[str, dict[str, Any]],
) -> tuple[pl.DataFrame, set[str]]:
    """The new `reports` rows as one typed frame (one construction, not one per file: 255 columns
    cost milliseconds per frame), with ingest_seq numbered in run order over the files that build.

    A row the schema refuses fails its file only: the batch is then typed row by row to find such
    files, and the others are numbered again without them (as when each file was typed alone).
    Returns the frame and the report_ids of the failed files.
    """

    def numbered(items: list[tuple[FileResult, str, dict[str, Any]]]) -> list[dict[str, Any]]:
        rows, seq = [], next_seq
        for _res, sha, row in items:
            if sha not in known:
                row["ingest_seq"] = seq
                seq += 1
            rows.append(row)
        return rows

    if not todo:
        return schema.empty("reports"), set()
    try:
        return schema.from_rows(numbered(todo), "reports"), set()
    except Exception:  # noqa: BLE001 - find the file(s) at fault below
        pass
    failed: set[str] = set()
    for res, sha, row in todo:
        exc = _reports_error(row)
        if exc is not None:
            failed.add(sha)
            _build_failed(res, parsed, exc)
    kept = [item for item in todo if item[1] not in failed]
    frame = schema.from_rows(numbered(kept), "reports") if kept else schema.empty("reports")
    return frame, failed


def _build_tables(
    old: dict[str, pl.DataFrame] | None,
    old_paths: dict[str, Path],
    old_reports: pl.DataFrame,
    known: dict[str, dict[str, Any]],
    parsed: dict[str, dict[str, Any]],
    results: list[FileResult],
    summary: Summary,
    accept_new: bool = False,
    first_seq: int | None = None,
) -> dict[str, pl.DataFrame | Path]:
    from disclosure.store import dictionary

    now = summary.started_at
    pver = parser_version()
    last_seq = old_reports["ingest_seq"].max() if old_reports.height else None
    next_seq = first_seq or ((last_seq if isinstance(last_seq, int) else 0) + 1)  # ingest_seq: Int64
    todo: list[tuple[FileResult, str, dict[str, Any]]] = []  # files whose per-report tables are typed
    typed: dict[str, dict[str, pl.DataFrame]] = {}
    for res in results:  # in run order, so versions within one run follow the argument order
        sha = res.sha256
        if res.status != "parsed":
            continue
        assert sha is not None  # every parsed file was hashed
        row = dict(parsed[sha]["report"])
        row["parsed_at"] = now
        row["parser_version"] = pver
        if sha in known:  # reparse: keep when and as what the file was first ingested
            first = known[sha]
            for keep in ("ingest_seq", "ingested_at", "source_file", "source_path", "accepted"):
                row[keep] = first.get(keep)
            row["accepted"] = bool(row["accepted"]) or accept_new
        else:
            row["ingested_at"] = now
            row["accepted"] = accept_new
        try:  # typed frames per file: a value the schema cannot hold fails this file only
            mine = {t: _typed(parsed[sha][t], t) for t in _PER_REPORT}
        except Exception as exc:  # noqa: BLE001 - any failure here is this file's, with its reason
            # The reports row was typed first before, so its error is the one reported.
            _build_failed(res, parsed, _reports_error(row) or exc)
            continue
        todo.append((res, sha, row))
        typed[sha] = mine
    new_reports, failed = _typed_reports(todo, known, next_seq, parsed)
    frames = {t: [typed[sha][t] for _res, sha, _row in todo if sha not in failed] for t in _PER_REPORT}
    replaced = list(parsed)
    reports = pl.concat(
        [old_reports.filter(~pl.col("report_id").is_in(replaced)), new_reports],
        how="vertical",
    )

    per_report: dict[str, pl.DataFrame] = {}
    for table in _PER_REPORT:
        prev = schema.conform(old[table], table) if old and table in old else schema.empty(table)
        prev = prev.filter(~pl.col("report_id").is_in(replaced))
        if table == "checks":
            prev = prev.filter(pl.col("level") != "dataset")
        per_report[table] = pl.concat([prev, *frames[table]], how="vertical")
    # n_values (printed values per report) is derived from the stored cells, like the check counts.
    n_values = (
        per_report["cells"]
        .group_by("report_id")
        .agg(pl.col("value").is_not_null().sum().cast(pl.Int64).alias("n_values"))
    )
    reports = schema.conform(
        reports.drop("n_values")
        .join(n_values, on="report_id", how="left")
        .with_columns(pl.col("n_values").fill_null(0), pl.col("accepted").fill_null(False)),
        "reports",
    )
    reports = _versions(reports)
    per_report = {t: _refresh_keys(df, reports, t) for t, df in per_report.items()}
    per_report["checks"] = pl.concat([per_report["checks"], dataset_checks.run(reports)], how="vertical")

    reports = with_check_counts(reports, per_report["checks"])

    by_id = {
        r["report_id"]: r
        for r in reports.select("report_id", "agency_id", "year", "version", "held_reason").iter_rows(
            named=True
        )
    }
    for res in results:
        if res.status == "parsed":
            info = by_id[res.sha256]
            res.agency_id, res.year, res.version = info["agency_id"], info["year"], info["version"]
            if info["held_reason"]:
                res.status = "held"
                res.reason = f"{info['held_reason']}；已存档但未设为当前版本，确认无误可加 --accept 重新导入"
            elif res.sha256 in known:
                res.status = "reparsed"
            else:
                res.status = "new_version" if (info["version"] or 1) > 1 else "ingested"

    _twins_follow(results)
    log = _log(old["ingest_log"] if old and "ingest_log" in old else None, results, summary)

    new: dict[str, pl.DataFrame] = {
        "reports": reports,
        **per_report,
        "agencies": _agencies(reports),
        "ingest_log": log,
        "dictionary": dictionary.as_frame(),
        **{
            t: schema.conform(old[t], t) if old and t in old else schema.empty(t) for t in layout.ADMIN_TABLES
        },
    }
    out: dict[str, pl.DataFrame | Path] = {}
    for table in layout.TABLES:
        df = _sorted(new[table], table)
        if old and table in old and table != "ingest_log" and _same(old[table], df, table):
            out[table] = old_paths[table]
        else:
            out[table] = df
    return out


def _log(prev: pl.DataFrame | None, results: list[FileResult], summary: Summary) -> pl.DataFrame:
    """All earlier log rows plus one row per file of this run."""
    rows = [
        {
            "run_id": summary.run_id,
            "started_at": summary.started_at,
            "seq": r.seq,
            "file": r.file,
            "sha256": r.sha256,
            "status": r.status,
            "reason": r.reason,
            "report_id": r.report_id,
            "agency_id": r.agency_id,
            "year": r.year,
            "version": r.version,
            "seconds": round(r.seconds, 3),
            "synthetic": False,
        }
        for r in results
    ]
    prev = schema.conform(prev, "ingest_log") if prev is not None else schema.empty("ingest_log")
    return pl.concat([prev, schema.from_rows(rows, "ingest_log")], how="vertical")


def _log_only(
    data: Path, old_paths: dict[str, Path], results: list[FileResult], summary: Summary
) -> tuple[dict[str, Any], bool]:
    """Tables of a run that stored nothing new: old files reused, the log (and a changed dictionary)
    written. True when the log frame holds only this run's rows, to be appended (see incremental)."""
    from disclosure.store import dictionary

    out: dict[str, Any] = {t: old_paths[t] for t in layout.TABLES}
    append = incremental.log_appendable(data, old_paths)
    prev = None if append else pl.read_parquet(old_paths["ingest_log"])
    out["ingest_log"] = _sorted(_log(prev, results, summary), "ingest_log")
    fresh = dictionary.as_frame()
    if not _same(pl.read_parquet(old_paths["dictionary"]), fresh, "dictionary"):
        out["dictionary"] = fresh
    return out, append


def _same(old_df: pl.DataFrame, new_df: pl.DataFrame, table: str) -> bool:
    try:
        return (
            schema.conform(old_df, table).equals(new_df, null_equal=True) and old_df.columns == new_df.columns
        )
    except Exception:  # noqa: BLE001 - any doubt means: write the table again
        return False


def accept(data_dir: str | Path, report_id: str, keep: int = 3) -> Path:
    """Make a held version current (an administrator's click; `ingest --accept` does the same for files).

    Rebuilds the derived columns exactly as an ingest would, under the same lock and atomic snapshot.
    Raises KeyError when the report is not stored.
    """
    data = Path(data_dir)
    started = datetime.now(UTC)
    summary = Summary(run_id=uuid.uuid4().hex, started_at=started)
    with snapshot.DataLock(data):
        old_paths = layout.table_paths(data)
        old = {name: pl.read_parquet(p) for name, p in old_paths.items()}
        old_reports = schema.conform(old["reports"], "reports")
        if report_id not in set(old_reports["report_id"]):
            raise KeyError(report_id)
        old_reports = old_reports.with_columns(
            (pl.col("accepted").fill_null(False) | (pl.col("report_id") == report_id)).alias("accepted")
        )
        tables = _build_tables(old, old_paths, old_reports, {}, {}, [], summary)
        name = f"{started.strftime('%Y%m%dT%H%M%S%fZ')}-{summary.run_id[:8]}"
        return snapshot.write_snapshot(data, name, tables, _write_parquet, keep=keep)
