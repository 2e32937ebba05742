"""A small, deterministic, synthetic dataset in the agreed layout (docs/DATASET.md).

Used to develop and test the dashboard before (and independently of) the real ingest: every table,
the 2019 and 2021 templates, an aggregate (汇总) report, blank cells, imputed and ambiguous cells,
failed checks, platform metrics with their sentences, an old report version and stored source files.
The numbers are invented; the agencies' names are only there so the screens look like the real thing.

    python -m disclosure.dashboard.sample /tmp/scratch_data
"""

from __future__ import annotations

import hashlib
import random
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from disclosure import contract
from disclosure.rules import RULES

# (agency_id, agency, level, kind, scope, province, city, county)
AGENCIES: list[tuple[str, str, str, str, str, str, str | None, str | None]] = [
    ("fj-fz-gov", "福州市人民政府", "prefecture", "government", "own", "福建省", "福州市", None),
    ("fj-fz-all", "福州市（全市汇总）", "prefecture", "government", "aggregate", "福建省", "福州市", None),
    ("fj-fz-psb", "福州市公安局", "prefecture", "department", "own", "福建省", "福州市", None),
    ("fj-fz-nr", "福州市自然资源和规划局", "prefecture", "department", "own", "福建省", "福州市", None),
    ("fj-fz-gl", "福州市鼓楼区人民政府", "county", "government", "own", "福建省", "福州市", "鼓楼区"),
    ("fj-fz-cs", "福州市仓山区人民政府", "county", "government", "own", "福建省", "福州市", "仓山区"),
    ("fj-fz-gl-edu", "福州市鼓楼区教育局", "county", "department", "own", "福建省", "福州市", "鼓楼区"),
    ("fj-pt", "平潭综合实验区", "dev_zone", "government", "own", "福建省", "福州市", "平潭县"),
    ("nx-zw-gov", "中卫市人民政府", "prefecture", "government", "own", "宁夏回族自治区", "中卫市", None),
    ("nx-zw-env", "中卫市生态环境局", "prefecture", "department", "own", "宁夏回族自治区", "中卫市", None),
    ("nx-zn-gov", "中宁县人民政府", "county", "government", "own", "宁夏回族自治区", "中卫市", "中宁县"),
    (
        "nx-zn-office",
        "中宁县人民政府办公室",
        "county",
        "department",
        "own",
        "宁夏回族自治区",
        "中卫市",
        "中宁县",
    ),
    ("js-ha-hz", "淮安市洪泽区人民政府", "county", "government", "own", "江苏省", "淮安市", "洪泽区"),
    ("sh-bgt", "上海市人民政府办公厅", "province", "department", "own", "上海市", None, None),
]
YEARS = list(range(2019, 2025))
# (agency_id, year) pairs with no report (coverage gaps)
MISSING = {
    ("fj-fz-gl-edu", 2019),
    ("fj-fz-gl-edu", 2020),
    ("nx-zw-env", 2019),
    ("js-ha-hz", 2021),
    ("sh-bgt", 2023),
    ("sh-bgt", 2024),
    ("fj-pt", 2023),
}
# Reports whose printed table contradicts itself (outcomes do not add up to （七）总计)
BROKEN = {("fj-pt", 2020), ("fj-fz-psb", 2022), ("nx-zn-gov", 2023)}
# Reports that leave some zero cells blank (imputed 0) / blank with no imputation possible
BLANKS = {("sh-bgt", 2019), ("nx-zn-office", 2024)}
AMBIGUOUS = {("fj-pt", 2021)}
OLD_VERSION = ("fj-fz-gov", 2023)

CELL_PATHS: list[str] = list(dict.fromkeys(contract.cell_paths("2021") + contract.cell_paths("2019")))


def _null_reason(value: Any, raw: str | None, meta: dict[str, Any]) -> str | None:
    """The sample's stand-in for the parser's cell `reason` (docs/CONTRACT.md)."""
    if value is not None:
        return None
    if meta.get("ambiguous"):
        return "ambiguous"
    return "not_printed" if raw is None else ("blank" if raw == "" else "dash")


def _col(path: str) -> str:
    return path.replace(".", "__")


def _size(agency_id: str) -> int:
    return {
        "fj-fz-gov": 900,
        "fj-fz-psb": 600,
        "fj-fz-nr": 700,
        "fj-fz-gl": 300,
        "fj-fz-cs": 260,
        "fj-fz-gl-edu": 25,
        "fj-pt": 60,
        "nx-zw-gov": 160,
        "nx-zw-env": 40,
        "nx-zn-gov": 90,
        "nx-zn-office": 18,
        "js-ha-hz": 95,
        "sh-bgt": 850,
    }.get(agency_id, 100)


def _requests(rng: random.Random, size: int, template: str) -> dict[str, dict[str, int]]:
    rows = contract.request_row_keys(template)
    req: dict[str, dict[str, int]] = {r: {} for r in rows}
    for col in contract.APPLICANT_COLUMNS:
        share = {
            "natural_person": 0.8,
            "business": 0.1,
            "research": 0.01,
            "social_org": 0.01,
            "legal_service": 0.05,
            "other_org": 0.03,
        }[col]
        new = max(0, int(rng.gauss(size * share, size * share * 0.25)))
        carried_in = rng.randint(0, max(0, new // 15))
        carried_out = rng.randint(0, max(0, (new + carried_in) // 12))
        handled = new + carried_in - carried_out
        weights = {r: 1.0 for r in contract.OUTCOME_ROWS if r in rows}
        weights.update(
            granted=9.0,
            partial=3.0,
            unable_not_held=6.0,
            rejected_complaint=2.0,
            denied_third_party=0.8,
            rejected_duplicate=1.0,
            other_other=1.5,
        )
        outcome = dict.fromkeys(weights, 0)
        keys = list(weights)
        for _ in range(handled):
            outcome[rng.choices(keys, [weights[k] for k in keys])[0]] += 1
        req["new"][col], req["carried_in"][col] = new, carried_in
        req["handled_total"][col], req["carried_out"][col] = handled, carried_out
        for k, v in outcome.items():
            req[k][col] = v
    for r in rows:
        req[r]["total"] = sum(req[r][c] for c in contract.APPLICANT_COLUMNS)
    return req


def _active(
    rng: random.Random, size: int, template: str, in_force: dict[str, int]
) -> dict[str, dict[str, Any]]:
    act: dict[str, dict[str, Any]] = {}
    if template == "2021":
        for row in ("regulations", "normative_documents"):
            issued, repealed = rng.randint(0, size // 60 + 2), rng.randint(0, size // 150 + 1)
            in_force[row] = max(0, in_force.get(row, size // 8) + issued - repealed)
            act[row] = {"issued": issued, "repealed": repealed, "in_force": in_force[row]}
        for row in ("licensing", "punishment", "coercion"):
            act[row] = {"decisions": rng.randint(0, size * 20)}
        act["fees"] = {"amount_10k_yuan": round(rng.uniform(0, size / 3), 2)}
    else:
        for row in ("regulations", "normative_documents"):
            made = rng.randint(0, size // 60 + 2)
            act[row] = {"made": made, "published": made, "total_published": size // 8 + made}
        for row in ("licensing", "other_services", "punishment", "coercion"):
            act[row] = {
                "prev_items": rng.randint(10, 500),
                "change": rng.randint(-30, 60),
                "decisions": rng.randint(0, size * 20),
            }
        act["fees"] = {"prev_items": rng.randint(0, 30), "change": rng.randint(-3, 3)}
        act["procurement"] = {"projects": rng.randint(0, 40), "amount": float(rng.randint(0, 5_000_000))}
    return act


def _review(rng: random.Random, size: int) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for g in contract.REVIEW_GROUPS:
        vals = {c: rng.randint(0, max(1, size // 80)) for c in ("upheld", "corrected", "other", "pending")}
        vals["corrected"] = rng.randint(0, max(0, vals["upheld"] // 2))
        vals["total"] = sum(vals.values())
        out[g] = vals
    return out


PLATFORM_SENTENCES = [
    ("website", None, "posts", "条", "annual", "通过政府门户网站全年主动公开各类政府信息{v}条"),
    ("wechat", "“{short}发布”", "posts", "条", "annual", "“{short}发布”公众号全年累计发布信息{v}条"),
    ("wechat", "“{short}发布”", "followers", "人", "cumulative", "“{short}发布”公众号累计关注人数{v}人"),
    ("weibo", "{short}发布", "posts", "条", "annual", "政务微博“{short}发布”发布信息{v}条"),
    ("hotline", None, "replies", "件", "annual", "12345热线全年办结群众诉求{v}余件"),
]


def _platform(rng: random.Random, short: str, size: int) -> list[dict[str, Any]]:
    out = []
    offset = 120
    for platform, account, metric, unit, period, template in PLATFORM_SENTENCES:
        if rng.random() < 0.25:
            continue
        v = rng.randint(size, size * 40)
        qualifier = "余" if "余" in template else None
        sentence = template.format(v=v, short=short)
        out.append(
            {
                "platform": platform,
                "account": account.format(short=short) if account else None,
                "metric": metric,
                "value": float(v),
                "qualifier": qualifier,
                "unit": unit,
                "period": period,
                "sentence": sentence,
                "offset": offset,
            }
        )
        offset += len(sentence) + 40
    return out


def _checks(req: dict[str, dict[str, int | None]], review: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []

    def add(rule: str, where: str, expected: float | None, actual: float | None) -> None:
        severity, message = RULES[rule].severity, RULES[rule].description
        ok = None if expected is None or actual is None else abs(expected - actual) < 1e-9
        out.append(
            {
                "rule": rule,
                "severity": severity,
                "where": where,
                "expected": expected,
                "actual": actual,
                "ok": ok,
                "message": message,
            }
        )

    def g(r: str, c: str) -> int | None:
        return req.get(r, {}).get(c)

    for c in contract.REQUEST_COLUMNS:
        parts = [g("new", c), g("carried_in", c), g("carried_out", c)]
        lhs = None if None in parts or g("handled_total", c) is None else parts[0] + parts[1] - parts[2]
        add("R1", f"requests.{c}", g("handled_total", c), lhs)
        outs = [g(r, c) for r in contract.OUTCOME_ROWS if r in req]
        add("R2", f"requests.{c}", g("handled_total", c), None if None in outs else sum(outs))
    for r in req:
        vals = [g(r, c) for c in contract.APPLICANT_COLUMNS]
        add("R3", f"requests.{r}", g(r, "total"), None if None in vals else sum(vals))
    for grp, vals in review.items():
        add(
            "R6",
            f"review_litigation.{grp}",
            vals["total"],
            vals["upheld"] + vals["corrected"] + vals["other"] + vals["pending"],
        )
    return out


def build(out_dir: str | Path, seed: int = 7) -> dict[str, Path]:
    """Write the six tables (and source files) into out_dir; return the table paths."""
    import polars as pl

    out = Path(out_dir)
    (out / "sources").mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    reports: list[dict[str, Any]] = []
    cells: list[dict[str, Any]] = []
    checks: list[dict[str, Any]] = []
    metrics: list[dict[str, Any]] = []
    ingest_log: list[dict[str, Any]] = []
    started = datetime(2025, 3, 1, 9, 0, 0)
    for aid, agency, level, kind, scope, prov, city, county in AGENCIES:
        if scope == "aggregate":
            continue
        size = _size(aid)
        in_force: dict[str, int] = {}
        short = agency.replace("人民政府", "").replace("办公室", "办")[:6]
        for year in YEARS:
            if (aid, year) in MISSING:
                continue
            size = int(size * rng.uniform(0.9, 1.25))
            template = "2019" if year <= 2020 else "2021"
            versions = [1, 2] if (aid, year) == OLD_VERSION else [1]
            for version in versions:
                req = _requests(rng, size, template)
                act = _active(rng, size, template, in_force)
                rev = _review(rng, size)
                cell_meta: dict[str, dict[str, Any]] = {}
                req_printed: dict[str, dict[str, int | None]] = {r: dict(v) for r, v in req.items()}
                if (aid, year) in BROKEN:
                    req_printed["handled_total"]["total"] = req["handled_total"]["total"] - 6
                if (aid, year) in BLANKS:
                    for r in ("research", "social_org"):
                        for row in req_printed:
                            if req_printed[row][r] == 0:
                                cell_meta[f"requests.{row}.{r}"] = {"raw": "", "imputed": True}
                    req_printed["partial"]["total"] = None
                    cell_meta["requests.partial.total"] = {"raw": "", "imputed": False}
                if (aid, year) in AMBIGUOUS:
                    v = rev["litigation_direct"]["upheld"]
                    cell_meta["review_litigation.litigation_direct.upheld"] = {
                        "raw": f"{v}{rev['litigation_direct']['corrected']}",
                        "ambiguous": True,
                        "candidates": [v, v + 10],
                    }
                text = f"{agency}{year}年政府信息公开工作年度报告 v{version}\n（合成数据，仅用于开发测试）\n"
                sha = hashlib.sha256(text.encode()).hexdigest()
                src_rel = f"sources/{sha[:2]}/{sha}.txt"
                (out / src_rel).parent.mkdir(parents=True, exist_ok=True)
                (out / src_rel).write_text(text, encoding="utf-8")
                values: dict[str, Any] = {}
                for path in contract.cell_paths(template):
                    sec, row, col = path.split(".")
                    if sec == "requests":
                        v = req_printed.get(row, {}).get(col) if row in req_printed else None
                    elif sec == "active":
                        v = act[row][col]
                    else:
                        v = rev[row][col]
                    meta = cell_meta.get(path, {})
                    if meta.get("ambiguous"):
                        v = None
                    printed = sec != "requests" or row in req_printed
                    raw = meta.get("raw", "" if v is None else (f"{v:+d}" if col == "change" else f"{v:g}"))
                    values[_col(path)] = v
                    cells.append(
                        {
                            "report_id": sha,
                            "agency_id": aid,
                            "agency": agency,
                            "year": year,
                            "is_current": version == versions[-1],
                            "section": sec,
                            "row": row,
                            "col": col,
                            "path": path,
                            "value": None if v is None else float(v),
                            "raw": raw if printed else None,
                            "page": 3 if sec == "requests" else (2 if sec == "active" else 4),
                            "imputed": bool(meta.get("imputed")),
                            "ambiguous": bool(meta.get("ambiguous")),
                            "candidates": meta.get("candidates"),
                            "null_reason": _null_reason(v, raw if printed else None, meta),
                        }
                    )
                rchecks = _checks(req_printed, rev)
                for ch in rchecks:
                    checks.append(
                        {
                            "report_id": sha,
                            "agency_id": aid,
                            "agency": agency,
                            "year": year,
                            "is_current": version == versions[-1],
                            **ch,
                            "level": "report",
                        }
                    )
                for m in _platform(rng, short, size):
                    metrics.append(
                        {
                            "report_id": sha,
                            "agency_id": aid,
                            "agency": agency,
                            "year": year,
                            "is_current": version == versions[-1],
                            **m,
                        }
                    )
                row = {
                    "report_id": sha,
                    "agency_id": aid,
                    "agency": agency,
                    "year": year,
                    "template": template,
                    "scope": scope,
                    "level": level,
                    "kind": kind,
                    "province": prov,
                    "city": city,
                    "county": county,
                    "source_file": f"{aid}_{year}{'_v' + str(version) if version > 1 else ''}.txt",
                    "source_path": src_rel,
                    "format": "txt",
                    "pages": None,
                    "ocr": False,
                    "version": version,
                    "is_current": version == versions[-1],
                    "ingested_at": started,
                    "parser_version": "0.1.0",
                    # stands in for real data in the page tests (no 合成数据 banner); the banner itself is
                    # tested on a `disclosure synth` dataset (tests/test_synth.py)
                    "synthetic": False,
                    "n_errors": sum(1 for c in rchecks if c["ok"] is False and c["severity"] == "error"),
                    "n_warnings": sum(1 for c in rchecks if c["ok"] is False and c["severity"] == "warning"),
                }
                gaps = [
                    c["null_reason"]
                    for c in cells
                    if c["report_id"] == sha and c["null_reason"] in contract.GAP_REASONS
                ]
                row.update(
                    {
                        "report_status": "incomplete"
                        if gaps
                        else ("contradictions" if row["n_errors"] + row["n_warnings"] else "complete"),
                        "n_missing": len(gaps),
                        "missing_reasons": ", ".join(f"{k}={gaps.count(k)}" for k in sorted(set(gaps)))
                        or None,
                    }
                )
                row.update({_col(p): values.get(_col(p)) for p in CELL_PATHS})
                reports.append(row)
                ingest_log.append(
                    {
                        "run_id": "sample",
                        "started_at": started,
                        "file": row["source_file"],
                        "sha256": sha,
                        "status": "ingested",
                        "reason": None,
                        "report_id": sha,
                        "seconds": 0.1,
                    }
                )
    # The city's aggregate report: sum of its members' own reports (never to be added to them).
    members = [r for r in reports if r["city"] == "福州市" and r["is_current"]]
    agg = next(a for a in AGENCIES if a[4] == "aggregate")
    for year in YEARS:
        yr = [r for r in members if r["year"] == year]
        text = f"{agg[1]}{year}年政府信息公开工作年度报告（汇总）\n"
        sha = hashlib.sha256(text.encode()).hexdigest()
        src_rel = f"sources/{sha[:2]}/{sha}.txt"
        (out / src_rel).parent.mkdir(parents=True, exist_ok=True)
        (out / src_rel).write_text(text, encoding="utf-8")
        row = {
            **{k: None for k in reports[0]},
            "report_id": sha,
            "agency_id": agg[0],
            "agency": agg[1],
            "year": year,
            "template": "2019" if year <= 2020 else "2021",
            "scope": "aggregate",
            "level": agg[2],
            "kind": agg[3],
            "province": agg[5],
            "city": agg[6],
            "county": agg[7],
            "source_file": f"{agg[0]}_{year}.txt",
            "source_path": src_rel,
            "format": "txt",
            "ocr": False,
            "version": 1,
            "is_current": True,
            "ingested_at": started,
            "parser_version": "0.1.0",
            "n_errors": 0,
            "n_warnings": 0,
            "synthetic": False,
        }
        for p in contract.cell_paths(row["template"]):
            vals = [r[_col(p)] for r in yr]
            row[_col(p)] = None if not vals or None in vals else sum(vals)
        reports.append(row)
    agencies = [
        {
            "agency_id": a[0],
            "agency": a[1],
            "level": a[2],
            "kind": a[3],
            "scope": a[4],
            "province": a[5],
            "city": a[6],
            "county": a[7],
        }
        for a in AGENCIES
    ]
    schema_overrides = {_col(p): pl.Float64 for p in CELL_PATHS}
    tables = {
        "reports": pl.DataFrame(reports, schema_overrides=schema_overrides, infer_schema_length=None),
        "cells": pl.DataFrame(
            cells,
            infer_schema_length=None,
            schema_overrides={
                "value": pl.Float64,
                "candidates": pl.List(pl.Float64),
                "raw": pl.Utf8,
                "null_reason": pl.Utf8,
            },
        ),
        "checks": pl.DataFrame(
            checks, infer_schema_length=None, schema_overrides={"expected": pl.Float64, "actual": pl.Float64}
        ),
        "platform_metrics": pl.DataFrame(metrics, infer_schema_length=None),
        "agencies": pl.DataFrame(agencies),
        "ingest_log": pl.DataFrame(ingest_log, infer_schema_length=None),
    }
    # The store's layout: data/CURRENT names the snapshot folder data/snapshots/<name>/<table>.parquet
    snap = out / "snapshots" / "sample"
    snap.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, df in tables.items():
        paths[name] = snap / f"{name}.parquet"
        df.write_parquet(paths[name])
    (out / "CURRENT").write_text("sample\n", encoding="utf-8")
    return paths


if __name__ == "__main__":
    for name, path in build(sys.argv[1] if len(sys.argv) > 1 else "/tmp/scratch_data").items():
        print(name, path)
