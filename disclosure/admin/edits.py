"""Administrators' changes to the dataset: corrections of a cell and reviews of a failed check.

Why separate tables and never an edit of `cells`/`checks`: the printed value is evidence and stays
as printed; a correction is a claim by a named person with a reason, so it is stored as a revision
(who, when, old, new, why) and applied by the queries (queries/corrected_cells.sql), which also mark
corrected values. A failed 勾稽 check is never hidden: a review only records whether an administrator
confirmed it (the report contradicts itself) or dismissed it (e.g. a parsing artefact), with a note.

Each change is one atomic snapshot written under the dataset lock, like an ingest: every other table
is hard-linked unchanged, and a crash leaves the dataset exactly old or new.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from disclosure import contract
from disclosure.store import ingest, layout, schema, snapshot
from disclosure.store.columns import FLOAT_PATHS

DECISIONS = {"confirmed": "确认不符（报告本身有误）", "dismissed": "排除（解析误差或可解释）"}


class EditError(ValueError):
    """A change that cannot be made; `str()` is a Chinese message for the administrator."""


@dataclass(frozen=True)
class Revision:
    report_id: str
    path: str
    new_value: float
    reason: str
    who: str


def _write(data: Path, table: str, df: pl.DataFrame, keep: int = 3) -> Path:
    paths = layout.table_paths(data)
    tables: dict[str, object] = {t: paths[t] for t in layout.TABLES if t in paths and t != table}
    tables[table] = schema.conform(df, table).sort(schema.SORT_KEYS[table], nulls_last=True)
    missing = [t for t in layout.TABLES if t not in tables]
    for t in missing:  # a dataset written before these tables existed
        tables[t] = schema.empty(t)
    now = datetime.now(UTC)
    name = f"{now.strftime('%Y%m%dT%H%M%S%fZ')}-{uuid.uuid4().hex[:8]}"

    def write(frame: pl.DataFrame, path: Path) -> None:
        frame.write_parquet(path, compression="zstd", statistics=True)

    return snapshot.write_snapshot(data, name, tables, write, keep=keep)


def _table(data: Path, table: str) -> pl.DataFrame:
    path = layout.table_paths(data).get(table)
    return schema.conform(pl.read_parquet(path), table) if path else schema.empty(table)


def _who(who: str) -> str:
    who = " ".join((who or "").split())
    if not who:
        raise EditError("缺少操作人（请先登录）")
    return who[:200]


def _text(value: str, what: str) -> str:
    text = " ".join((value or "").split())
    if not text:
        raise EditError(f"请填写{what}")
    return text[:2000]


def add_revision(data_dir: str | Path, rev: Revision) -> dict:
    """Record a correction of one cell of a stored report; returns the stored revision row."""
    data = Path(data_dir)
    value = rev.new_value
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or abs(value) > contract.MAX_ABS_VALUE
    ):
        raise EditError("更正后的数值无效（须为有限数值，绝对值不超过 2^53）")
    reason, who = _text(rev.reason, "更正理由"), _who(rev.who)
    with snapshot.DataLock(data):
        cells = pl.read_parquet(layout.table_paths(data)["cells"]).filter(
            (pl.col("report_id") == rev.report_id) & (pl.col("path") == rev.path)
        )
        if cells.height == 0:
            raise EditError(f"报告 {rev.report_id[:12]}… 没有单元格 {rev.path}")
        cell = cells.row(0, named=True)
        if rev.path not in FLOAT_PATHS and not float(value).is_integer():
            raise EditError("此单元格是件数，更正后的数值须为整数")
        revisions = _table(data, "revisions")
        earlier = revisions.filter(
            (pl.col("report_id") == rev.report_id) & (pl.col("path") == rev.path)
        ).sort(["recorded_at", "revision_id"])
        old = earlier["new_value"][-1] if earlier.height else cell["value"]
        row = {
            "revision_id": uuid.uuid4().hex,
            "report_id": rev.report_id,
            "agency_id": cell["agency_id"],
            "agency": cell["agency"],
            "year": cell["year"],
            "path": rev.path,
            "old_value": old,
            "new_value": float(value),
            "reason": reason,
            "who": who,
            "recorded_at": datetime.now(UTC),
        }
        _write(data, "revisions", pl.concat([revisions, schema.from_rows([row], "revisions")]))
    return row


def add_review(
    data_dir: str | Path,
    report_id: str,
    rule: str,
    where: str | None,
    level: str,
    decision: str,
    note: str,
    who: str,
) -> dict:
    """Record a review (confirm/dismiss with a note) of one failed check of a stored report."""
    data = Path(data_dir)
    if decision not in DECISIONS:
        raise EditError(f"复核结论须为 {'/'.join(DECISIONS)}")
    note, who = _text(note, "复核说明"), _who(who)
    with snapshot.DataLock(data):
        checks = pl.read_parquet(layout.table_paths(data)["checks"])
        match = checks.filter(
            (pl.col("report_id") == report_id)
            & (pl.col("rule") == rule)
            & (pl.col("level") == level)
            & (~pl.col("ok"))
            & (pl.col("where").eq_missing(where))
        )
        if match.height == 0:
            raise EditError("没有找到这条未通过的校验")
        check = match.row(0, named=True)
        row = {
            "review_id": uuid.uuid4().hex,
            "report_id": report_id,
            "agency_id": check["agency_id"],
            "agency": check["agency"],
            "year": check["year"],
            "rule": rule,
            "where": where,
            "level": level,
            "decision": decision,
            "note": note,
            "who": who,
            "recorded_at": datetime.now(UTC),
        }
        reviews = _table(data, "reviews")
        _write(data, "reviews", pl.concat([reviews, schema.from_rows([row], "reviews")]))
    return row


def accept_version(data_dir: str | Path, report_id: str, who: str) -> Path:
    """An administrator's click on a held version: make it current (see store.completeness)."""
    _who(who)
    try:
        return ingest.accept(data_dir, report_id)
    except KeyError:
        raise EditError(f"没有报告 {report_id[:12]}…") from None


def held_versions(data_dir: str | Path) -> pl.DataFrame:
    """Stored versions that were held back (not current), newest first, for the admin page."""
    reports = _table(Path(data_dir), "reports")
    return (
        reports.filter(pl.col("held_reason").is_not_null() & ~pl.col("is_current"))
        .select(
            "report_id",
            "agency",
            "year",
            "version",
            "n_values",
            "template",
            "source_file",
            "held_reason",
            "ingested_at",
        )
        .sort("ingested_at", descending=True)
    )
