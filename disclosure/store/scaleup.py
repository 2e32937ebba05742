"""Scale a synthetic dataset up to 100 k – 2 M reports in minutes, by copying whole agency histories.

Why not `disclosure synth --reports 2000000`: synth runs the project's check code on every report
(≈ 3.5 ms each, an hour per million on this machine). The benchmark needs national-size datasets
with the same shape, not new random draws, so this module takes a small base made by `disclosure
synth` and gives each agency of the region hierarchy (GB/T 2260, `synth.agency_universe`) the
*complete history* of a base agency of the same level and kind (all its years, scopes and versions):

- every identity of a report (R1–R4, R6) holds because its values are copied unchanged; every
  cross-year identity (R5, R7) and every derived column (version, is_current, check counts,
  completeness) holds because it depends only on reports of the same agency, which are copied as one
  history (see `incremental`). The stored checks are the donor's checks (its results are exact for
  the copy: same values, same years); `related_report_id` points to the copy's own report;
- identity columns are the target agency's (agency_id from `identity.agency_id` of its name and
  region, agency, province, city, county, level, kind), so the region hierarchy is the real one;
  report ids are new (sha256 of the copy), ingest_seq is renumbered keeping each agency's order;
- rows go through the store's code: `schema.conform` (strict casts to the store schema),
  `ingest._agencies`, `ingest._sorted`, `partitions.split` and `snapshot.SnapshotWriter` (parts by
  year × agency bucket, MANIFEST, one atomic commit), one output bucket at a time so memory stays
  bounded by the base plus one bucket;
- `synthetic = true` on every row; the base must be wholly synthetic (copying a real report under
  other agencies' names would fabricate real-looking data), and the output folder obeys synth's rules.

    python -m disclosure.store.scaleup --base /tmp/synth-20k --reports 2000000 --out /tmp/synth-2m
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import polars as pl

from disclosure.store import layout, partitions, schema, snapshot
from disclosure.store.identity import agency_id as make_agency_id

REPORTS_PER_BUCKET = 8_000  # as synth: parts of about this many reports per year × bucket
MAX_BASE_REPORTS = 200_000  # the base is held in memory; a bigger one is a mistake, not a base
# Columns replaced by the target agency's (on `reports`); every other column is the donor's.
_IDENTITY = ("agency_id", "agency", "province", "city", "county", "level", "kind")
_PER_REPORT = ("cells", "checks", "platform_metrics")


class ScaleUpError(ValueError):
    """A base or output folder scale-up refuses (one line: which and why)."""


@dataclass(slots=True)
class Result:
    snapshot: Path
    reports: int
    agencies: int
    buckets: int


def _read_base(base: Path) -> dict[str, pl.DataFrame]:
    """The base's per-report tables; refuses a base that is not wholly synthetic or too large."""
    if layout.current_snapshot(base) is None:
        raise ScaleUpError(f"{base}: no dataset (run `disclosure synth --out {base}` first)")
    paths = layout.table_paths(base)
    missing = [t for t in ("reports", *_PER_REPORT) if t not in paths]
    if missing:
        raise ScaleUpError(f"{base}: dataset without table(s) {', '.join(missing)}")
    lf = pl.scan_parquet(paths["reports"])
    if "synthetic" not in lf.collect_schema().names():
        raise ScaleUpError(f"{base}: holds real (non-synthetic) reports; the base must come from synth")
    n, real = lf.select(pl.len(), pl.col("synthetic").fill_null(False).not_().sum()).collect().row(0)
    if real:
        raise ScaleUpError(
            f"{base}: holds {real} real (non-synthetic) reports; the base must come from synth"
        )
    if not 0 < n <= MAX_BASE_REPORTS:
        raise ScaleUpError(f"{base}: {n} reports; a base holds 1..{MAX_BASE_REPORTS}")
    return {t: schema.conform(pl.read_parquet(paths[t]), t) for t in ("reports", *_PER_REPORT)}


def _weights(universe: list) -> np.ndarray:
    """As synth's plan: governments and higher levels are drawn first (every one of them reports)."""
    return np.array(
        [
            (5.0 if a.kind == "government" and a.level != "township" else 1.0)
            * (10.0 if a.level in ("province", "prefecture") else 1.0)
            for a in universe
        ]
    )


def assign(donors: pl.DataFrame, universe: list, n_reports: int, seed: int) -> pl.DataFrame:
    """Target agency (index into `universe`) → donor agency, with exactly `n_reports` reports in all.

    `donors`: agency_id, level, kind, n (reports of the donor's history). A target draws a donor of
    its own level and kind (any donor if the base has none). When the hierarchy is too small for
    the donors' average history (near 2 M reports every agency must report every year), donors
    with longer histories are preferred: weight n**alpha, alpha the smallest that suffices.
    """
    rng = np.random.default_rng(seed)
    order = np.argsort(-(np.log(_weights(universe)) + rng.gumbel(size=len(universe))))
    ids = donors["agency_id"].to_numpy()
    counts = donors["n"].to_numpy().astype(np.int64)
    keys = {k: j for j, k in enumerate(sorted(set(zip(donors["level"], donors["kind"], strict=True))))}
    pools = [
        np.flatnonzero([(lv, kd) == k for lv, kd in zip(donors["level"], donors["kind"], strict=True)])
        for k in keys
    ]
    pools.append(np.arange(len(ids)))  # targets of a level/kind the base lacks: any donor
    pool = np.array([keys.get((universe[i].level, universe[i].kind), len(pools) - 1) for i in order])
    targets_per_pool = np.bincount(pool, minlength=len(pools))

    def expected(alpha: float) -> float:
        total = 0.0
        for j, members in enumerate(pools):
            w = counts[members].astype(float) ** alpha
            total += targets_per_pool[j] * float((counts[members] * w).sum() / w.sum())
        return total

    alpha = 0.0
    if expected(0.0) < n_reports * 1.02:
        lo, hi = 0.0, 30.0
        if expected(hi) < n_reports:
            raise ScaleUpError(
                f"--reports {n_reports}: the hierarchy and base allow about {int(expected(hi))} at most"
            )
        for _ in range(30):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if expected(mid) < n_reports * 1.02 else (lo, mid)
        alpha = hi
    donor = np.empty(len(order), dtype=np.int64)
    for j, members in enumerate(pools):
        at = np.flatnonzero(pool == j)
        w = counts[members].astype(float) ** alpha
        donor[at] = rng.choice(members, size=len(at), p=w / w.sum())
    total = np.cumsum(counts[donor])
    k = int(np.searchsorted(total, n_reports, side="right"))  # targets [0, k) fit entirely
    chosen_target, chosen_donor = list(order[:k]), list(donor[:k])
    left = n_reports - (int(total[k - 1]) if k else 0)
    for target in order[k:]:  # the last few reports: a donor whose whole history fits the rest
        if left == 0:
            break
        fits = np.flatnonzero(counts <= left)
        if len(fits) == 0:
            break
        d = int(rng.choice(fits))
        chosen_target.append(int(target))
        chosen_donor.append(d)
        left -= int(counts[d])
    if left:
        raise ScaleUpError(f"--reports {n_reports}: {left} short (no donor history fits the rest)")
    return pl.DataFrame(
        {"target": chosen_target, "donor_agency_id": ids[np.array(chosen_donor)]},
        schema={"target": pl.Int64, "donor_agency_id": pl.Utf8},
    )


def _new_id(agency: str, old: str | None, seed: int) -> str | None:
    return None if old is None else hashlib.sha256(f"scaleup|{seed}|{agency}|{old}".encode()).hexdigest()


@dataclass(slots=True)
class _Base:
    """The base held once in memory: per-report rows contiguous per base report (index `r`)."""

    reports: pl.DataFrame  # without identity columns, in base order; row r = base report r
    ids: pl.Series  # report_id of base report r
    rows: dict[str, pl.DataFrame]  # cells/checks/platform_metrics without report_id/agency_id/agency
    start: dict[str, np.ndarray]  # first row of base report r in rows[table]
    count: dict[str, np.ndarray]  # number of rows of base report r in rows[table]


def _index_base(tables: dict[str, pl.DataFrame]) -> _Base:
    reports = tables["reports"]
    ids = reports["report_id"]
    index = pl.DataFrame({"report_id": ids, "__r": np.arange(reports.height, dtype=np.int64)})
    rows, start, count = {}, {}, {}
    for table in _PER_REPORT:
        df = tables[table].join(index, on="report_id", how="inner").sort("__r", maintain_order=True)
        r = df["__r"].to_numpy()
        count[table] = np.bincount(r, minlength=reports.height).astype(np.int64)
        start[table] = np.concatenate([[0], np.cumsum(count[table])[:-1]]).astype(np.int64)
        rows[table] = df.drop("report_id", "agency_id", "agency", "__r")
    return _Base(reports.drop(*_IDENTITY, "ingest_seq", "source_file", "report_id"), ids, rows, start, count)


def _gather(b: _Base, table: str, r: np.ndarray) -> tuple[pl.DataFrame, np.ndarray]:
    """Rows of base reports `r` (in that order, each report's rows in base order), and for each
    output row the position in `r` it came from."""
    c = b.count[table][r]
    which = np.repeat(np.arange(len(r), dtype=np.int64), c)
    within = np.arange(int(c.sum()), dtype=np.int64) - np.repeat(np.cumsum(c) - c, c)
    idx = b.start[table][r][which] + within
    return b.rows[table][pl.Series(idx)], which


def _copy(b: _Base, mapping: pl.DataFrame, run_id: str, started: datetime) -> dict[str, pl.DataFrame]:
    """All tables of the reports `mapping` lists (base report index `r` → new ids and identity)."""
    # Rows come out in the store's sort order without sorting the long tables (sorting strings cost
    # most of the time): the mapping is in (year, agency_id, report_id) order and each report's
    # rows keep the base's order (sorted within a report).
    m = mapping.sort("year", "agency_id", "report_id")
    r = m["r"].to_numpy()
    reports = b.reports[pl.Series(r)].hstack(
        m.select(
            "report_id",
            *_IDENTITY,
            "ingest_seq",
            pl.format("synthetic-{}.txt", pl.col("report_id").str.slice(0, 12)).alias("source_file"),
        ).get_columns()
    )
    reports = ingest_sorted(schema.conform(reports, "reports"), "reports")
    keys = m.select("report_id", "agency_id", "agency")
    out: dict[str, pl.DataFrame] = {"reports": reports}
    for table in _PER_REPORT:
        rows, which = _gather(b, table, r)
        df = rows.hstack(keys[pl.Series(which)].get_columns())
        if table == "checks":  # cross-year checks name the other report: the copy's own copy of it
            own = m.select(
                "agency_id",
                pl.col("old_report_id").alias("related_report_id"),
                pl.col("report_id").alias("__related"),
            )
            df = (
                df.join(own, on=["agency_id", "related_report_id"], how="left", maintain_order="left")
                .drop("related_report_id")
                .rename({"__related": "related_report_id"})
            )
        out[table] = schema.conform(df, table)
    from disclosure.store import ingest

    out["agencies"] = ingest._agencies(reports)
    n = reports.height
    out["ingest_log"] = schema.conform(
        reports.select(
            pl.lit(run_id).alias("run_id"),
            pl.lit(started, schema.UTC_US).alias("started_at"),
            pl.col("ingest_seq").alias("seq"),
            pl.col("source_file").alias("file"),
            pl.col("report_id").alias("sha256"),
            pl.when(pl.col("version") > 1)
            .then(pl.lit("new_version"))
            .otherwise(pl.lit("ingested"))
            .alias("status"),
            "report_id",
            "agency_id",
            "year",
            "version",
            pl.lit(0.0).alias("seconds"),
            pl.lit(True).alias("synthetic"),
        )
        if n
        else schema.empty("ingest_log"),
        "ingest_log",
    )
    return out


def _split(df: pl.DataFrame, table: str, buckets: int) -> list[tuple[str, pl.DataFrame]]:
    """`partitions.split` for frames of one bucket sorted by year: zero-copy slices per year, named
    by `partitions.part_names` (one home for part names), instead of hashing every row into a key."""
    if df.height == 0:
        return []
    expr = partitions.part_names(df, table, buckets)
    if expr is None or table not in partitions.PER_REPORT:
        return list(partitions.split(df, table, buckets).items())
    years = df["year"].to_numpy()
    cuts = np.flatnonzero(np.diff(years)) + 1
    bounds = [0, *cuts.tolist(), df.height]
    out = []
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
        part = df.slice(lo, hi - lo)
        out.append((str(part.head(1).select(expr).item()), part))
    return out


def ingest_sorted(df: pl.DataFrame, table: str) -> pl.DataFrame:
    from disclosure.store import ingest

    return ingest._sorted(df, table)


def scale_up(
    base: str | Path,
    n_reports: int,
    out: str | Path,
    seed: int = 0,
    buckets: int | None = None,
    configured_data: Path | None = None,
    progress: bool = False,
) -> Result:
    """Write a dataset of exactly `n_reports` reports to `out` (one atomic snapshot) from `base`."""
    from disclosure import synth
    from disclosure.store import ingest

    if n_reports < 1:
        raise ScaleUpError("--reports must be at least 1")
    target = Path(out)
    try:
        synth._refuse(target, configured_data)
    except synth.SynthError as exc:
        raise ScaleUpError(str(exc)) from None
    if Path(base).expanduser().resolve() == target.expanduser().resolve():
        raise ScaleUpError(f"{out}: is the base; write the scaled dataset to another folder")
    tables = _read_base(Path(base))
    reports = tables["reports"]
    donors = (
        reports.group_by("agency_id")
        .agg(pl.col("level").first(), pl.col("kind").first(), pl.len().alias("n"))
        .sort("agency_id")
    )
    universe = synth.agency_universe()
    chosen = assign(donors, universe, n_reports, seed)
    agencies = pl.DataFrame(
        {
            "target": chosen["target"],
            "agency": [universe[i].name for i in chosen["target"]],
            "province": [universe[i].province for i in chosen["target"]],
            "city": [universe[i].city for i in chosen["target"]],
            "county": [universe[i].county for i in chosen["target"]],
            "level": [universe[i].level for i in chosen["target"]],
            "kind": [universe[i].kind for i in chosen["target"]],
        },
        schema={"target": pl.Int64, **{c: pl.Utf8 for c in _IDENTITY if c != "agency_id"}},
    ).with_columns(
        pl.Series(
            "agency_id",
            [
                make_agency_id(universe[i].name, universe[i].province, universe[i].city, universe[i].county)
                for i in chosen["target"]
            ],
            dtype=pl.Utf8,
        ),
        chosen["donor_agency_id"],
    )
    if agencies["agency_id"].n_unique() != agencies.height:
        raise ScaleUpError("two target agencies share an agency_id (identity collision)")
    # One row per output report: the donor's report under the target agency, ingest order kept per agency.
    mapping = (
        reports.select(
            pl.col("report_id").alias("old_report_id"),
            pl.int_range(0, pl.len(), dtype=pl.Int64).alias("r"),
            "agency_id",
            "ingest_seq",
            "year",
        )
        .rename({"agency_id": "donor_agency_id"})
        .join(agencies, on="donor_agency_id", how="inner")
        .sort("ingest_seq", "target")
        .with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("ingest_seq"))
    )
    mapping = mapping.with_columns(
        pl.Series(
            "report_id",
            [
                _new_id(a, r, seed)
                for a, r in zip(
                    mapping["agency_id"].to_list(), mapping["old_report_id"].to_list(), strict=True
                )
            ],
            dtype=pl.Utf8,
        )
    )
    if mapping.height != n_reports:
        raise ScaleUpError(f"internal: planned {mapping.height} reports, asked for {n_reports}")
    n_buckets = buckets or min(
        partitions.MAX_BUCKETS, max(1, 1 << int(np.ceil(np.log2(max(1.0, n_reports / REPORTS_PER_BUCKET)))))
    )
    mapping = mapping.with_columns(partitions.bucket_expr(n_buckets).alias("__b")).drop(
        "donor_agency_id", "target"
    )
    indexed = _index_base(tables)
    del tables
    started = datetime.now(UTC)
    run_id = uuid.uuid4().hex
    name = f"{started.strftime('%Y%m%dT%H%M%S%fZ')}-{run_id[:8]}"
    target.mkdir(parents=True, exist_ok=True)
    with snapshot.DataLock(target):
        try:
            synth._refuse(target, configured_data)  # again under the lock
        except synth.SynthError as exc:
            raise ScaleUpError(str(exc)) from None
        writer = snapshot.SnapshotWriter(target, name, ingest._write_parquet, buckets=n_buckets)
        logs, n_agencies = [], 0
        whole: dict[str, list[pl.DataFrame]] = {}
        for b, part in mapping.partition_by("__b", as_dict=True, maintain_order=False).items():
            if progress:
                print(f"bucket {b[0]} / {n_buckets}: {part.height} reports", flush=True)
            copied = _copy(indexed, part.drop("__b"), run_id, started)
            n_agencies += copied["agencies"].height
            for table in (*partitions.PER_REPORT, "agencies"):
                synth.put_bucket(writer, table, _split(copied[table], table, n_buckets), whole)
            logs.append(copied["ingest_log"])
        snap = synth.finish(writer, whole, logs)
    return Result(snap, n_reports, n_agencies, n_buckets)


def main(argv: list[str] | None = None) -> int:
    """`python -m disclosure.store.scaleup --base DIR --reports N --out DIR [--seed S]` (exit 2 on bad input)."""
    import argparse
    import os
    import sys
    import time

    p = argparse.ArgumentParser(
        prog="python -m disclosure.store.scaleup", description="放大合成数据集（复制单位历史）"
    )
    p.add_argument("--base", required=True, type=Path, help="a dataset written by `disclosure synth`")
    p.add_argument("--reports", required=True, type=int)
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--buckets", type=int, default=None)
    p.add_argument("--progress", action="store_true")
    a = p.parse_args(argv)
    configured = Path(os.environ["DISCLOSURE_DATA"]) if os.environ.get("DISCLOSURE_DATA") else None
    t0 = time.monotonic()
    try:
        res = scale_up(a.base, a.reports, a.out, a.seed, a.buckets, configured, a.progress)
    except (ScaleUpError, OSError, snapshot.LockedError) as exc:
        print(f"错误: {a.out}: {exc}", file=sys.stderr)
        return 2
    print(
        f"{res.reports} 份合成报告 synthetic reports, {res.agencies} 个单位 agencies, {res.buckets} buckets, "
        f"{time.monotonic() - t0:.0f} s: {res.snapshot}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
