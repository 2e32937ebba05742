"""Canonical agencies: one identity per agency across renames and across its own and 汇总 reports.

`agency_id` (identity.py) is a hash of the printed name + region, so a renamed agency
(平潭县人民政府 → 平潭综合实验区管委会 → 平潭综合实验区) gets a new id each time. Charts, filters and
profiles group by the *canonical* id instead, found by the small named rules below (each with its
example) and overridden by the `agency_aliases` table of the dataset, which an administrator edits:

    disclosure-aliases export --data data > aliases.csv     # the current mapping, rules included
    (edit canonical_id / canonical_name / note in any spreadsheet)
    disclosure-aliases apply aliases.csv --data data --by 张三  # validated; a new snapshot, logged

Own (本级) and 汇总 reports of one agency keep `scope` apart: they are two series of the same canonical
agency and are never added together (every query groups or filters by scope).

No Streamlit here: the dashboard, the briefing and the CLI import these functions.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from disclosure.store import layout
from disclosure.store.identity import normalise_name

TABLE = "agency_aliases"
SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "agency_id": pl.Utf8,  # the id of a printed name + region (identity.agency_id)
    "canonical_id": pl.Utf8,  # the agency it belongs to
    "canonical_name": pl.Utf8,  # optional display name (else: the name of its latest report)
    "note": pl.Utf8,  # why (shown to administrators)
    "changed_by": pl.Utf8,
    "changed_at": pl.Datetime("us", "UTC"),
}
CSV_COLUMNS = ("agency_id", "printed_name", "canonical_id", "canonical_name", "rule", "note")


@dataclass(frozen=True)
class Rule:
    """A rule that gives an agency a canonical key; the first rule that returns a key wins."""

    name: str
    example: str
    key: Callable[[dict], str | None]


def _region(r: dict) -> tuple[str, str, str]:
    return tuple(normalise_name(r.get(k)) or "" for k in ("province", "city", "county"))  # type: ignore[return-value]


def _region_government(r: dict) -> str | None:
    # A county-level region has one government whatever it is called; above county level only the same
    # level is merged (a city's 人民政府 and a 开发区管委会 in that city are different agencies).
    if r.get("kind") != "government":
        return None
    province, city, county = _region(r)
    if county:
        return f"gov|{province}|{city}|{county}"
    if province:
        return f"gov|{province}|{city}|{r.get('level') or ''}"
    return None


def _same_name(r: dict) -> str | None:
    name = normalise_name(r.get("agency"))
    return None if name is None else "name|" + "|".join((name, *_region(r)))


RULES: tuple[Rule, ...] = (
    Rule(
        "region_government",
        "平潭县人民政府、平潭综合实验区管委会、平潭综合实验区（福建省·福州市·平潭县）是同一地区的政府，改名不改身份",
        _region_government,
    ),
    Rule("same_name", "同名同地区的单位（本级与汇总报告）是同一单位", _same_name),
)


def canonical_key(row: dict) -> tuple[str, str]:
    """(rule name, key) of one agency row (agency, kind, level, province, city, county)."""
    for rule in RULES:
        key = rule.key(row)
        if key is not None:
            return rule.name, key
    return "own_id", f"id|{row.get('agency_id')}"


# The columns of `reports` the rules read (callers load only these, never the wide table).
INPUT_COLUMNS: tuple[str, ...] = (
    "agency_id",
    "agency",
    "year",
    "kind",
    "level",
    "province",
    "city",
    "county",
    "is_current",
)


def derive(reports: pl.DataFrame) -> pl.DataFrame:
    """The rule-based mapping for every agency_id of `reports` (current versions, any scope).

    Columns: agency_id, printed_name (latest), canonical_id, canonical_name (the name of the agency's
    latest report), rule. Pure: the same reports always give the same ids."""
    cols = [c for c in INPUT_COLUMNS if c != "is_current"]
    d = reports.filter(pl.col("agency_id").is_not_null())
    if "is_current" in d.columns:
        d = d.filter(pl.col("is_current").fill_null(False))
    latest = d.select(cols).sort("year", nulls_last=False).group_by("agency_id", maintain_order=True).last()
    years = {
        r["agency_id"]: set(r["years"])
        for r in d.group_by("agency_id")
        .agg(pl.col("year").drop_nulls().unique().alias("years"))
        .iter_rows(named=True)
    }
    groups: dict[str, list[dict]] = {}
    for r in latest.iter_rows(named=True):
        rule, key = canonical_key(r)
        groups.setdefault(key, []).append({**r, "rule": rule})
    rows = []
    for key, members in groups.items():
        # Renames follow one another: names of one region whose years overlap are agencies that coexisted
        # (平潭县人民政府 and 平潭综合实验区 both reported for 2011–2013), kept apart unless an administrator
        # merges them. Members with the most years seed the chains.
        chains: list[tuple[str, set[int]]] = []
        for r in sorted(members, key=lambda m: (-len(years.get(m["agency_id"], ())), m["agency_id"])):
            ys = years.get(r["agency_id"], set())
            chain = next((i for i, (_, cys) in enumerate(chains) if not (cys & ys)), None)
            if chain is None:
                chains.append((key if not chains else f"{key}|{r['agency_id']}", set(ys)))
                chain = len(chains) - 1
            else:
                chains[chain][1].update(ys)
            rows.append(
                {
                    "agency_id": r["agency_id"],
                    "printed_name": r["agency"],
                    "chain": chains[chain][0],
                    "rule": r["rule"],
                    "year": r["year"],
                    "first": min(ys, default=None),
                    "level": r["level"],
                    "kind": r["kind"],
                }
            )
    # The canonical id is the agency_id of the chain's earliest name, so that an agency never renamed keeps
    # its id (old links keep working) and a rename joins the id the agency already had.
    first_of: dict[str, tuple] = {}
    for r in rows:
        cand = (r["first"] if r["first"] is not None else 10**6, r["agency_id"])
        first_of[r["chain"]] = min(first_of.get(r["chain"], cand), cand)
    for r in rows:
        r["canonical_id"] = first_of[r.pop("chain")][1]
        r.pop("first")
    out = pl.DataFrame(
        rows,
        schema={
            "agency_id": pl.Utf8,
            "printed_name": pl.Utf8,
            "canonical_id": pl.Utf8,
            "rule": pl.Utf8,
            "year": pl.Int64,
            "level": pl.Utf8,
            "kind": pl.Utf8,
        },
    )
    if out.is_empty():
        return out.drop("year").with_columns(
            *(pl.lit(None, pl.Utf8).alias(c) for c in ("canonical_name", "canonical_level", "canonical_kind"))
        )
    names = (
        out.sort("year", nulls_last=False)
        .group_by("canonical_id", maintain_order=True)
        .agg(pl.col("printed_name").last().alias("canonical_name"))
    )
    out = out.join(names, on="canonical_id", how="left")
    # The canonical agency's level and kind: those of its latest report (a county renamed a 实验区).
    latest_kind = (
        out.sort("year", nulls_last=False)
        .group_by("canonical_id", maintain_order=True)
        .agg(pl.col("level").last().alias("canonical_level"), pl.col("kind").last().alias("canonical_kind"))
    )
    return out.join(latest_kind, on="canonical_id", how="left").drop("year", "level", "kind")


def resolve(reports: pl.DataFrame, overrides: pl.DataFrame | None) -> pl.DataFrame:
    """Rules, then the administrator's overrides: agency_id → canonical_id, canonical_name, rule."""
    return with_overrides(derive(reports), overrides)


def with_overrides(base: pl.DataFrame, overrides: pl.DataFrame | None) -> pl.DataFrame:
    """The administrator's overrides over the rules' mapping `base` (`derive`'s output). Separate from
    `resolve` so that a caller keeping `derive`'s rows per agency (the dashboard's database update,
    disclosure.dashboard.data) recomputes only the rule groups that changed."""
    if overrides is None or overrides.is_empty():
        return base.select(
            "agency_id",
            "printed_name",
            "canonical_id",
            "canonical_name",
            "rule",
            "canonical_level",
            "canonical_kind",
        )
    o = overrides.select(
        "agency_id", pl.col("canonical_id").alias("o_id"), pl.col("canonical_name").alias("o_name")
    )
    merged = base.join(o, on="agency_id", how="left").with_columns(
        pl.coalesce("o_id", "canonical_id").alias("canonical_id"),
        pl.when(pl.col("o_id").is_not_null()).then(pl.lit("admin")).otherwise(pl.col("rule")).alias("rule"),
    )
    # A canonical agency's name: an administrator's name if any member has one, else its latest printed name.
    # (The member with the smallest agency_id when several carry one: independent of row order.)
    admin_names = (
        merged.filter(pl.col("o_name").is_not_null() & (pl.col("o_name") != ""))
        .group_by("canonical_id")
        .agg(pl.col("o_name").sort_by("agency_id").first().alias("admin_name"))
    )
    merged = merged.join(admin_names, on="canonical_id", how="left")
    # Names of agencies regrouped by an override: the name of a member (rule name of the target group).
    target_names = base.group_by("canonical_id").agg(
        pl.col("canonical_name").first().alias("target_name"),
        pl.col("canonical_level").first().alias("t_level"),
        pl.col("canonical_kind").first().alias("t_kind"),
    )
    merged = merged.join(target_names, on="canonical_id", how="left")
    return merged.select(
        "agency_id",
        "printed_name",
        "canonical_id",
        pl.coalesce("admin_name", "target_name", "canonical_name", "printed_name").alias("canonical_name"),
        "rule",
        pl.coalesce("t_level", "canonical_level").alias("canonical_level"),
        pl.coalesce("t_kind", "canonical_kind").alias("canonical_kind"),
    )


def read_overrides(data_dir: str | Path) -> pl.DataFrame | None:
    """The administrator's table of the current snapshot, or None when there is none."""
    snap = layout.current_snapshot(data_dir)
    path = None if snap is None else snap / f"{TABLE}.parquet"
    return pl.read_parquet(path) if path is not None and path.is_file() else None


def to_csv(mapping: pl.DataFrame) -> str:
    """The mapping as the CSV an administrator edits (UTF-8; opens in any spreadsheet)."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CSV_COLUMNS)
    for r in mapping.iter_rows(named=True):
        w.writerow([r.get(c) or "" for c in CSV_COLUMNS[:-1]] + [r.get("note") or ""])
    return buf.getvalue()


class AliasError(ValueError):
    """An alias file that cannot be applied (one line: what and where)."""


def parse_csv(text: str, known_ids: set[str]) -> pl.DataFrame:
    """Rows an administrator changed: every agency_id must exist; canonical_id must be non-empty."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = {"agency_id", "canonical_id"} - set(reader.fieldnames or [])
    if missing:
        raise AliasError(f"缺少列 {sorted(missing)}")
    rows = []
    for n, r in enumerate(reader, start=2):
        aid, cid = (r.get("agency_id") or "").strip(), (r.get("canonical_id") or "").strip()
        if not aid:
            continue
        if aid not in known_ids:
            raise AliasError(f"第 {n} 行：数据集中没有单位编号 {aid}")
        if not cid:
            raise AliasError(f"第 {n} 行：canonical_id 为空")
        rows.append(
            {
                "agency_id": aid,
                "canonical_id": cid,
                "canonical_name": (r.get("canonical_name") or "").strip() or None,
                "note": (r.get("note") or "").strip() or None,
                "rule": (r.get("rule") or "").strip(),
            }
        )
    return pl.DataFrame(
        rows,
        schema={
            "agency_id": pl.Utf8,
            "canonical_id": pl.Utf8,
            "canonical_name": pl.Utf8,
            "note": pl.Utf8,
            "rule": pl.Utf8,
        },
    )


def changed_rows(edited: pl.DataFrame, derived: pl.DataFrame) -> pl.DataFrame:
    """Only rows that differ from what the rules give (so a later rule fix still applies elsewhere)."""
    j = edited.join(
        derived.select(
            "agency_id", pl.col("canonical_id").alias("d_id"), pl.col("canonical_name").alias("d_name")
        ),
        on="agency_id",
        how="left",
    )
    keep = (
        (pl.col("canonical_id") != pl.col("d_id"))
        | (pl.col("canonical_name").is_not_null() & (pl.col("canonical_name") != pl.col("d_name")))
        | (pl.col("rule") == "admin")
    )
    return j.filter(keep).select("agency_id", "canonical_id", "canonical_name", "note")


def apply(data_dir: str | Path, text: str, changed_by: str, source: str = "aliases.csv") -> Path:
    """Validate an edited alias CSV and commit it as a new snapshot (other tables hard-linked), with one
    line in the ingest log (status `aliases`). Returns the new snapshot folder."""
    from disclosure.store import snapshot

    data = Path(data_dir)
    with snapshot.DataLock(data):
        paths = layout.table_paths(data)
        reports = pl.read_parquet(paths["reports"], columns=list(INPUT_COLUMNS))
        derived = derive(reports)
        edited = parse_csv(text, set(derived["agency_id"].to_list()))
        now = datetime.now(UTC)
        table = changed_rows(edited, derived).with_columns(
            pl.lit(changed_by, pl.Utf8).alias("changed_by"),
            pl.lit(now, SCHEMA["changed_at"]).alias("changed_at"),
        )
        tables: dict[str, object] = {t: p for t, p in paths.items()}
        append = False
        if "ingest_log" in paths:
            from disclosure.store import incremental, schema

            row = {
                "run_id": now.strftime("aliases-%Y%m%dT%H%M%S%f"),
                "started_at": now,
                "seq": 0,
                "file": source,
                "status": "aliases",
                "reason": f"{changed_by} 修改单位对应表：{table.height} 条人工对应",
            }
            line = schema.from_rows([row], "ingest_log")
            # The log's line is appended to its last part (not the whole log read and rewritten).
            append = incremental.log_appendable(data, paths)
            if append:
                tables["ingest_log"] = line
            else:
                log = schema.conform(pl.read_parquet(paths["ingest_log"]), "ingest_log")
                tables["ingest_log"] = pl.concat([log, line], how="vertical")
        tables[TABLE] = table.select(list(SCHEMA))
        name = f"{now.strftime('%Y%m%dT%H%M%S%fZ')}-aliases"

        def write(df: pl.DataFrame, p: Path) -> None:
            df.write_parquet(p)

        if append:
            return incremental.write(data, name, tables, None, paths, write, keep=3, log_append=True)
        return snapshot.write_snapshot(data, name, tables, write)


def main(argv: list[str] | None = None) -> int:
    """`python -m disclosure.store.aliases export|apply FILE --data DIR [--by NAME]` (exit 2 on bad input)."""
    import argparse

    p = argparse.ArgumentParser(prog="python -m disclosure.store.aliases", description="单位对应表（别名）")
    p.add_argument("action", choices=["export", "apply"])
    p.add_argument("file", nargs="?")
    p.add_argument("--data", default="data")
    p.add_argument("--by", default="admin")
    a = p.parse_args(argv)
    try:
        if a.action == "export":
            reports = pl.read_parquet(layout.table_paths(a.data)["reports"], columns=list(INPUT_COLUMNS))
            sys.stdout.write(
                to_csv(
                    resolve(reports, read_overrides(a.data)).join(
                        (
                            read_overrides(a.data)
                            or pl.DataFrame(schema={"agency_id": pl.Utf8, "note": pl.Utf8})
                        ).select("agency_id", "note"),
                        on="agency_id",
                        how="left",
                    )
                )
            )
            return 0
        if not a.file:
            raise AliasError("请给出要应用的 CSV 文件")
        snap = apply(a.data, Path(a.file).read_text(encoding="utf-8-sig"), a.by, source=a.file)
        print(f"快照 snapshot: {snap}")
        return 0
    except (AliasError, OSError, layout.NoDatasetError) as exc:
        print(f"错误: {a.file or a.data}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
