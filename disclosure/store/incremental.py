"""Read and rewrite only what a commit changes: the rows of the agencies it touches (the store grows in place).

Why this is exact: every derived column of a report (version, is_current, R5/R7 dataset checks,
check counts, its `agencies` row) depends only on reports of the same agency_id, and all reports of
an agency lie in one bucket (`partitions.bucket_expr`). So an ingest that adds reports of agencies
A, B reads only the stored rows of A and B (a filtered scan of the parts of their buckets, all
years), recomputes those rows with the same code as a full build (`ingest._build_tables`), and then,
part by part: a part where the rows of A and B came out the same is hard-linked, a part where they
changed is rewritten as (its other agencies' rows, unchanged) + (the new rows of A and B), and every
part of another bucket is hard-linked. The cost follows what changed (the touched agencies' history
and the few parts their new rows land in), not the dataset nor the bucket.

Also proportional, not global: the stored rows of the files being ingested are looked up by
report_id (`lookup`, a filtered scan of one column, not the whole table), the next ingest_seq comes
from the manifest (`next_seq`: the writer records each `reports` part's largest ingest_seq; older
manifests fall back to Parquet footer statistics), and the log's new rows are appended to the last,
bounded part of their month (`LOG_PART_ROWS`) instead of rewriting the month.

`--reparse`, `--accept` of a stored version, a dataset of one bucket, and snapshots without a
manifest take the full path (`FULL_ENV=1` forces it; the tests compare both paths).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from disclosure.store import layout, partitions, schema, snapshot

# Set to 1 to force the full rebuild (tests compare both paths; also a way out if a bucket is suspect).
FULL_ENV = "DISCLOSURE_STORE_FULL_REBUILD"
# Tables whose parts are keyed by bucket (the per-report tables, and agencies when buckets > 1).
BUCKETED: tuple[str, ...] = (*partitions.PER_REPORT, "agencies")
# A log part takes appended rows until it holds this many (then the month starts a new part): an
# append rewrites at most this many rows, and a month of a national first ingest stays a few parts.
LOG_PART_ROWS = 100_000
LOG = "ingest_log"
# Files one part key may hold before an incremental commit compacts them into one (see _bucketed).
MAX_FILES_PER_KEY = 8


@dataclass(frozen=True, slots=True)
class Scope:
    buckets: int
    affected: frozenset[int]  # buckets of the touched agencies
    agencies: frozenset[str]  # agency_ids of the parsed reports (reports without one stand alone)


def _bucket(agency_id: str | None, buckets: int) -> int:
    frame = pl.DataFrame({"agency_id": [agency_id]}, schema={"agency_id": pl.Utf8})
    return int(frame.select(partitions.bucket_expr(buckets)).item())


def scope(
    data: Path, old_paths: dict[str, Path], parsed: dict[str, dict[str, Any]], reparse: bool
) -> Scope | None:
    """The buckets and agencies this commit touches, or None when the whole dataset must be rebuilt."""
    snap = layout.current_snapshot(data)
    manifest = layout.read_manifest(snap) if snap is not None else None
    if os.environ.get(FULL_ENV) == "1" or reparse or manifest is None or set(old_paths) != set(layout.TABLES):
        return None
    buckets = int(manifest.get("buckets", 1))
    if buckets <= 1 or not all(layout.is_partitioned(old_paths[t]) for t in (*BUCKETED, LOG)):
        return None
    ids = [rows["report"].get("agency_id") for rows in parsed.values()]
    affected = frozenset(_bucket(a, buckets) for a in ids)
    return Scope(buckets, affected, frozenset(a for a in ids if a is not None))


def log_appendable(data: Path, old_paths: dict[str, Path]) -> bool:
    """True when a commit may append its log rows to the log's last part (`write(log_append=True)`)
    instead of reading and rewriting the whole log: a partitioned log under a manifest."""
    if os.environ.get(FULL_ENV) == "1" or "ingest_log" not in old_paths:
        return False
    snap = layout.current_snapshot(data)
    return (
        snap is not None and layout.read_manifest(snap) is not None and layout.is_partitioned(old_paths[LOG])
    )


def _part_bucket(part: str) -> int | None:
    """Bucket of a part name (`y2024-b003`, `y2024-b003+0001` or `b003`), None for parts without one."""
    tail = partitions.part_key(part).rsplit("-", 1)[-1]
    return int(tail[1:]) if tail.startswith("b") and tail[1:].isdigit() else None


def _files(path: Path, sc: Scope, inside: bool) -> list[Path]:
    stems = layout.part_stems(path)
    return [path.parent / f"{s}.parquet" for s in stems if (_part_bucket(s) in sc.affected) == inside]


def _mine(sc: Scope) -> pl.Expr:
    """Rows of the touched agencies (a row without agency_id is never one of them)."""
    return pl.col("agency_id").is_in(sorted(sc.agencies)).fill_null(False)


_FILE = "__file"


def read_old(
    old_paths: dict[str, Path], sc: Scope | None, holders: dict[str, set[str]] | None = None
) -> dict[str, pl.DataFrame]:
    """The previous tables: whole (sc None) or, for bucketed tables, only the touched agencies' rows.

    With a scope the log is not read at all: its new rows are appended by `write`. `holders`, when
    given, receives per bucketed table the stems of the files that hold those rows (so `write` need
    not scan every file of a changed part again to find them).
    """
    out: dict[str, pl.DataFrame] = {}
    for name, path in old_paths.items():
        if sc is None or name not in (*BUCKETED, LOG):
            out[name] = pl.read_parquet(path)
        elif name in BUCKETED:
            files = _files(path, sc, inside=True)
            if not (files and sc.agencies):
                out[name] = schema.empty(name)
                if holders is not None:
                    holders[name] = set()
                continue
            rows = pl.scan_parquet(files, include_file_paths=_FILE).filter(_mine(sc)).collect()
            if holders is not None:
                holders[name] = {Path(f).stem for f in rows[_FILE].unique().to_list()}
            out[name] = rows.drop(_FILE)
    return out


class Stored:
    """What a commit needs to know about the stored reports, read in proportion to the run.

    - `lookup`: the stored rows of the report_ids being ingested, through the snapshot's report-id
      index (a few small files, see snapshot.INDEX_KEY), else by one scan of the report_id column;
    - `max_seq`: the largest ingest_seq per `reports` part, from the manifest, else from a scan.
    A snapshot written before the index / max_seq existed is scanned once (both from the same scan),
    and `index_base` then holds every (report_id, part) so the next snapshot gets a complete index.
    """

    def __init__(self, old_paths: dict[str, Path], manifest: dict | None) -> None:
        self.paths = old_paths
        self.manifest = manifest or {}
        self.has_reports = "reports" in old_paths
        self.partitioned = self.has_reports and layout.is_partitioned(old_paths["reports"])
        self.index = self.manifest.get(snapshot.INDEX_KEY) if self.partitioned else None
        self.index_base: pl.DataFrame | None = None
        self._scan: pl.DataFrame | None = None

    def _folder(self) -> Path:
        return self.paths["reports"].parent

    def _files_of(self, parts: set[str]) -> list[Path]:
        """The files of these parts (`y2024-b003` or file stems): a part may span several files."""
        keys = {partitions.part_key(p) for p in parts}
        stems = layout.part_stems(self.paths["reports"])
        return [self._folder() / f"{s}.parquet" for s in stems if partitions.part_key(s) in keys]

    def _all(self) -> pl.DataFrame:
        """report_id, ingest_seq and part of every stored report (the fallback: one scan)."""
        if self._scan is None:
            lf = pl.scan_parquet(self.paths["reports"], include_file_paths="__file")
            self._scan = lf.select(
                "report_id",
                "ingest_seq",
                pl.col("__file").str.extract(r"([^/]+)\.parquet$").alias("part"),
            ).collect()
            if self.partitioned and self.manifest:
                key = pl.col("part").str.split("+").list.first().alias("part")
                self.index_base = self._scan.select("report_id", key)
        return self._scan

    def lookup(self, report_ids: list[str], columns: list[str]) -> pl.DataFrame:
        """The stored rows (`columns` only) of these report_ids."""
        path = self.paths["reports"]
        first = path.parent / f"{layout.part_stems(path)[0]}.parquet" if self.partitioned else path
        present = set(pl.read_parquet_schema(first))
        cols = [c for c in columns if c in present]
        ids = sorted(set(report_ids))
        none = pl.read_parquet(first, columns=cols).head(0)
        if not ids:
            return none
        if self.index is not None:
            parts = self.index.get("parts", {})
            prefixes = sorted(
                {i[: int(self.index.get("prefix", snapshot.INDEX_PREFIX))] for i in ids} & set(parts)
            )
            folder = self._folder().parent / layout.INDEX_DIR
            files = [folder / f"{p}.parquet" for p in prefixes]
            if all(f.is_file() for f in files):
                hits = pl.read_parquet(files).filter(pl.col("report_id").is_in(ids)) if files else None
                if hits is None or hits.height == 0:
                    return none
                found = self._files_of(set(hits["part"]))
                rows = (
                    pl.scan_parquet(found)
                    .filter(pl.col("report_id").is_in(hits["report_id"].to_list()))
                    .select(cols)
                    .collect()
                    if found
                    else none
                )
                if rows.height == hits.height:  # else the index disagrees with the parts: scan
                    return rows
        if self.partitioned and self.manifest:  # no usable index: one scan, which also rebuilds it
            hits = self._all().filter(pl.col("report_id").is_in(ids))
            if hits.height == 0:
                return none
            found = self._files_of(set(hits["part"]))
            return (
                pl.scan_parquet(found)
                .filter(pl.col("report_id").is_in(hits["report_id"].to_list()))
                .select(cols)
                .collect()
            )
        return (
            pl.scan_parquet(self.paths["reports"])
            .filter(pl.col("report_id").is_in(ids))
            .select(cols)
            .collect()
        )

    def max_seq(self) -> dict[str, int | None]:
        """Largest ingest_seq of each `reports` part (the next global ingest_seq is max + 1)."""
        if not self.has_reports:
            return {}
        entries = (self.manifest.get("tables") or {}).get("reports") or {} if self.partitioned else {}
        path = self.paths["reports"]
        stems = layout.part_stems(path) if self.partitioned else [path.stem]
        if all(snapshot.MAX_SEQ in (entries.get(s) or {}) for s in stems):
            return {s: entries[s][snapshot.MAX_SEQ] for s in stems}
        tops = self._all().group_by("part").agg(pl.col("ingest_seq").max())
        found = {p: (None if v is None else int(v)) for p, v in tops.iter_rows()}
        return {s: found.get(s) for s in stems}


def next_seq(per_part: dict[str, int | None]) -> int:
    """The next global ingest_seq: the largest stored one (`Stored.max_seq`) + 1."""
    return max((v for v in per_part.values() if v is not None), default=0) + 1


def _sorted(df: pl.DataFrame, table: str) -> pl.DataFrame:
    keys = schema.SORT_KEYS[table]
    return df.sort(keys, nulls_last=True, maintain_order=True) if keys and df.height else df


def _same_rows(a: pl.DataFrame, b: pl.DataFrame, table: str) -> bool:
    """Equal rows in equal order (frames conformed to the table's schema by the caller)."""
    try:
        return a.schema == b.schema and a.equals(b, null_equal=True)
    except Exception:  # noqa: BLE001 - any doubt means: rewrite the part
        return False


def _bucketed(
    writer: snapshot.SnapshotWriter,
    table: str,
    new_rows: pl.DataFrame,
    old_rows: pl.DataFrame,
    old_path: Path,
    sc: Scope,
    holders: set[str] | None = None,
) -> None:
    """One bucketed table: per part key (`y2024-b003`), the touched agencies' rows, when changed,
    replace their old rows; everything else is linked.

    A key is one file or a few (`y2024-b003`, `y2024-b003+0001`, …): a file that holds none of the
    touched agencies' old rows is never rewritten, and their new rows go into one new file of the key,
    so adding reports of agencies new to a key writes only those rows (not the year's other agencies).
    A key that would hold more than MAX_FILES_PER_KEY files is compacted into one file.
    """
    # Conformed once here, not per part key: `reports` has 255 columns and a commit at national
    # scale compares a thousand keys.
    new_rows, old_rows = schema.conform(new_rows, table), schema.conform(old_rows, table)
    new_parts = partitions.split(new_rows, table, sc.buckets) if new_rows.height else {}
    old_parts = partitions.split(old_rows, table, sc.buckets) if old_rows.height else {}
    folder = old_path.parent
    by_key: dict[str, list[str]] = {}
    for stem in layout.part_stems(old_path):
        by_key.setdefault(partitions.part_key(stem), []).append(stem)
    untouched = [
        s
        for key, stems in by_key.items()
        for s in stems
        if _part_bucket(key) not in sc.affected or (key not in new_parts and key not in old_parts)
    ]
    writer.link_parts(table, folder, untouched)
    for key in sorted(set(new_parts) | set(old_parts)):
        stems = by_key.get(key, [])
        if stems and _part_bucket(key) not in sc.affected:  # cannot happen: rows of a touched agency
            raise ValueError(f"{table}/{key}: rows of a touched agency outside its buckets")
        mine = new_parts.get(key, schema.empty(table))
        if stems and _same_rows(old_parts.get(key, schema.empty(table)), mine, table):
            writer.link_parts(table, folder, stems)
            continue
        kept: list[tuple[str, pl.DataFrame | None]] = []  # (stem, rows without the touched agencies)
        for stem in stems:
            file = folder / f"{stem}.parquet"
            if holders is None:
                holds = (
                    key in old_parts
                    and pl.scan_parquet(file).filter(_mine(sc)).select(pl.len()).collect().item()
                )
            else:
                holds = key in old_parts and stem in holders
            kept.append((stem, pl.read_parquet(file).filter(~_mine(sc)) if holds else None))
        if len(stems) + 1 > MAX_FILES_PER_KEY:  # compact: the whole key as one file
            frames = [
                schema.conform(
                    rows if rows is not None else pl.read_parquet(folder / f"{stem}.parquet"), table
                )
                for stem, rows in kept
            ]
            merged = _sorted(pl.concat([*frames, schema.conform(mine, table)]), table)
            if merged.height:
                writer.put_part(table, key, merged)
            continue
        for stem, rows in kept:
            if rows is None:
                writer.link_parts(table, folder, [stem])
            elif rows.height:  # a full build writes no empty file either
                writer.put_part(table, stem, _sorted(schema.conform(rows, table), table))
        if mine.height:
            taken = set(stems)
            k = 1
            while f"{key}+{k:04d}" in taken:
                k += 1
            writer.put_part(
                table, key if not stems else f"{key}+{k:04d}", _sorted(schema.conform(mine, table), table)
            )
    if table not in writer.manifest["tables"]:
        writer.put_part(table, partitions.SINGLE_PART, schema.empty(table))
    snapshot.checkpoint("table-written")


def _log_month(stem: str) -> str:
    return stem.split("-", 1)[0]


def _append_log(writer: snapshot.SnapshotWriter, rows: pl.DataFrame, old_path: Path) -> None:
    """This run's log rows appended to the last part of their month while it holds < LOG_PART_ROWS.

    Earlier rows never change, so every other part is linked; a full part starts `m<YYYYMM>-<k>`.
    """
    existing = {f.stem: f for f in layout.table_files(old_path)}
    new_parts = partitions.split(rows, LOG, writer.buckets) if rows.height else {}
    entries = ((writer.old or {}).get("tables") or {}).get(LOG) or {}
    targets: dict[str, pl.DataFrame] = {}
    for month, mine in new_parts.items():
        if month == partitions.SINGLE_PART:  # rows without started_at: cannot happen in a run
            raise ValueError("ingest_log rows without started_at")
        same = sorted(s for s in existing if _log_month(s) == month)
        last = same[-1] if same else None
        held = (entries.get(last) or {}).get("rows") if last else None
        if last is not None and held is None:
            held = pl.scan_parquet(existing[last]).select(pl.len()).collect().item()
        if last is not None and held is not None and held < LOG_PART_ROWS:
            old = schema.conform(pl.read_parquet(existing[last]), LOG)
            targets[last] = _sorted(pl.concat([old, schema.conform(mine, LOG)]), LOG)
        else:
            k = len(same)
            while f"{month}-{k:04d}" in existing:
                k += 1
            targets[f"{month}-{k:04d}" if same else month] = mine
    for stem, file in existing.items():
        if stem not in targets and not (stem == partitions.SINGLE_PART and targets):
            writer.link_part(LOG, file)
    for stem, df in targets.items():
        writer.put_part(LOG, stem, df)
    if LOG not in writer.manifest["tables"]:
        writer.put_part(LOG, partitions.SINGLE_PART, schema.empty(LOG))
    snapshot.checkpoint("table-written")


def write(
    data: Path,
    name: str,
    tables: dict[str, Any],
    sc: Scope | None,
    old_paths: dict[str, Path],
    write_file: Callable[[Any, Path], None],
    keep: int,
    old: dict[str, pl.DataFrame] | None = None,
    log_append: bool = False,
    stored: Stored | None = None,
    new_ids: pl.DataFrame | None = None,
    holders: dict[str, set[str]] | None = None,
) -> Path:
    """Commit: the recomputed parts written (or linked when unchanged), the untouched parts linked.

    sc None and not `log_append`: a full snapshot of `tables`. With `sc`, each bucketed frame holds
    only the touched agencies' rows and `old` their previous rows; with `sc` or `log_append`, the
    `ingest_log` frame holds only this run's rows. `stored.max_seq()` is recorded in
    the manifest for linked `reports` parts that lacked it, so the next commit need not scan.
    `new_ids` (report_id, part of the reports this commit adds; with `sc` every other id stays in
    its part) and `stored.index_base` keep the report-id index complete (see SnapshotWriter).
    """
    if sc is None and not log_append:
        return snapshot.write_snapshot(data, name, tables, write_file, keep=keep)
    writer = snapshot.SnapshotWriter(data, name, write_file)
    if stored is not None:
        writer.max_seq = stored.max_seq()
        writer.index_base = stored.index_base
    writer.index_add = new_ids if sc is not None else None
    writer.carry_admin_tables(tables)
    for table, content in tables.items():
        if isinstance(content, Path):
            writer.link_table(table, content)
        elif table == LOG:
            _append_log(writer, content, old_paths[LOG])
        elif sc is not None and table in BUCKETED:
            prev = (old or {}).get(table)
            _bucketed(
                writer,
                table,
                content,
                prev if prev is not None else schema.empty(table),
                old_paths[table],
                sc,
                None if holders is None else holders.get(table),
            )
        else:
            writer.put(table, content)
    return writer.commit(keep)
