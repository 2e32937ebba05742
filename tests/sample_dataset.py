"""The dashboard tests' small, deterministic dataset, built through the store's own code path.

Why not a hand-written set of Parquet files: a fixture with its own column list and types drifts from
what the store writes (the old `disclosure/dashboard/sample.py` lacked 7 columns of `reports` and had
219 type differences), so page tests ran on a schema the store never writes. Here each report is a
parse result in the JSON shape of docs/CONTRACT.md; the project's own check code evaluates it, and the
store flattens, types, versions, dataset-checks and commits it (`builders.store_reports`) exactly as
`disclosure ingest` does after parsing a file. The numbers are invented (seeded), the agencies' names
only make the screens look real, and every row has `synthetic = false` because the set stands in for
real data in the page tests (the 合成数据 banner is tested on a `disclosure synth` dataset).

What it holds, each case on purpose (the tests name them through the constants below):
- both table templates (2019–2020: 2019 template; 2021–2024: 2021 template), 14 agencies in 3 provinces;
- coverage gaps (`MISSING`), reports that contradict themselves (`BROKEN`: the printed 办理总计 is 6 less
  than its parts, so R1/R2/R3 fail), blank cells imputed to 0 and a blank left blank (`BLANKS`), an
  ambiguous run-together cell with its candidates (`AMBIGUOUS`), a corrected re-publication (two
  versions, `OLD_VERSION`), a city's 汇总 report per year (never to be added to its members' reports),
  platform metrics with their sentences, and a PDF source file per report stored content-addressed.
Carried-over counts chain from year to year and 现行有效件数 follows 制发/废止, so the dataset rules R5/R7
pass except where a case above makes them fail.
"""

from __future__ import annotations

import copy
import hashlib
import io
import random
from pathlib import Path
from typing import Any

from builders import check_report, store_reports
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from disclosure import contract
from disclosure.rules import identities
from disclosure.store.identity import agency_id

# (key, agency, level, kind, scope, province, city, county). The key is the tests' short name; the
# dataset's agency_id is the store's (a hash of name and region): see AID.
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
AID: dict[str, str] = {a[0]: agency_id(a[1], a[5], a[6], a[7]) or "" for a in AGENCIES}
NAME: dict[str, str] = {a[0]: a[1] for a in AGENCIES}
YEARS = list(range(2019, 2025))
# (key, year) pairs with no report (coverage gaps)
MISSING = {
    ("fj-fz-gl-edu", 2019),
    ("fj-fz-gl-edu", 2020),
    ("nx-zw-env", 2019),
    ("js-ha-hz", 2021),
    ("sh-bgt", 2023),
    ("sh-bgt", 2024),
    ("fj-pt", 2023),
}
BROKEN = {("fj-pt", 2020), ("fj-fz-psb", 2022), ("nx-zn-gov", 2023)}
BLANKS = {("sh-bgt", 2019), ("nx-zn-office", 2024)}
AMBIGUOUS = {("fj-pt", 2021)}
OLD_VERSION = ("fj-fz-gov", 2023)
AGGREGATE_KEY = "fj-fz-all"
PAGE_OF_SECTION = {"active": 2, "requests": 3, "review_litigation": 4}
PAGES = 4

_SIZE = {
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
}
_SHARE = {
    "natural_person": 0.8,
    "business": 0.1,
    "research": 0.01,
    "social_org": 0.01,
    "legal_service": 0.05,
    "other_org": 0.03,
}
_OUTCOME_WEIGHTS = {
    "granted": 9.0,
    "partial": 3.0,
    "unable_not_held": 6.0,
    "rejected_complaint": 2.0,
    "denied_third_party": 0.8,
    "rejected_duplicate": 1.0,
    "other_other": 1.5,
}
PLATFORM_SENTENCES = [
    ("website", None, "posts", "条", "annual", "通过政府门户网站全年主动公开各类政府信息{v}条"),
    ("wechat", "“{short}发布”", "posts", "条", "annual", "“{short}发布”公众号全年累计发布信息{v}条"),
    ("wechat", "“{short}发布”", "followers", "人", "cumulative", "“{short}发布”公众号累计关注人数{v}人"),
    ("weibo", "{short}发布", "posts", "条", "annual", "政务微博“{short}发布”发布信息{v}条"),
    ("hotline", None, "replies", "件", "annual", "12345热线全年办结群众诉求{v}余件"),
]


def _template(year: int) -> str:
    return "2019" if year <= 2020 else "2021"


def _requests(
    rng: random.Random, size: int, template: str, carried: dict[str, int]
) -> dict[str, dict[str, int | None]]:
    """Section 三 satisfying R1–R3 by construction; carried_in is last year's carried_out (R5)."""
    rows = contract.request_row_keys(template)
    req: dict[str, dict[str, int | None]] = {
        r: dict.fromkeys(contract.REQUEST_COLUMNS) for r in contract.REQUEST_ROW_KEYS
    }
    outcome_rows = [r for r in contract.OUTCOME_ROWS if r in rows]
    weights = [_OUTCOME_WEIGHTS.get(r, 1.0) for r in outcome_rows]
    for col in contract.APPLICANT_COLUMNS:
        share = _SHARE[col]
        new = max(0, int(rng.gauss(size * share, size * share * 0.25)))
        carried_in = carried.get(col, rng.randint(0, max(0, new // 15)))
        carried_out = rng.randint(0, max(0, (new + carried_in) // 12))
        handled = new + carried_in - carried_out
        outcome = dict.fromkeys(outcome_rows, 0)
        for row in rng.choices(outcome_rows, weights, k=handled):
            outcome[row] += 1
        for row in rows:
            req[row][col] = 0
        req["new"][col], req["carried_in"][col] = new, carried_in
        req["handled_total"][col], req["carried_out"][col] = handled, carried_out
        req.update({k: {**req[k], col: v} for k, v in outcome.items()})
    for row in rows:  # 总计 from the parts that R3 declares (disclosure.rules.identities)
        req[row][identities.R3.total] = sum(req[row][c] or 0 for c in identities.R3.parts)
    _assert_identities({"requests": req}, identities.request_identities(rows))
    return req


def _active(
    rng: random.Random, size: int, template: str, in_force: dict[str, int]
) -> dict[str, dict[str, Any]]:
    """Section 二 of the template; 现行有效件数 follows last year's plus 制发 minus 废止 (R7)."""
    act: dict[str, dict[str, Any]] = {}
    if template == "2021":
        for row in ("regulations", "normative_documents"):
            issued, repealed = rng.randint(0, size // 60 + 2), rng.randint(0, size // 150 + 1)
            in_force[row] = max(0, in_force.get(row, size // 8 + repealed) + issued - repealed)
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


def _review(rng: random.Random, size: int) -> dict[str, dict[str, int | None]]:
    out: dict[str, dict[str, int | None]] = {}
    for group in contract.REVIEW_GROUPS:
        vals = {c: rng.randint(0, max(1, size // 80)) for c in ("upheld", "other", "pending")}
        vals["corrected"] = rng.randint(0, max(0, vals["upheld"] // 2))
        out[group] = {c: vals[c] for c in identities.R6.parts} | {identities.R6.total: sum(vals.values())}
    _assert_identities({"review_litigation": out}, identities.review_identities())
    return out


def _assert_identities(values: dict[str, Any], idents: list[identities.Identity]) -> None:
    """The generated values satisfy every identity of the rules' one declaration (the same list the
    checks evaluate): a generator bug fails here, not as a surprise check failure in a page test.
    The deliberately broken reports (`BROKEN`) are broken after this, on purpose."""

    def value(path: str) -> int:
        section, row, col = path.split(".")
        return values[section][row][col] or 0

    for ident in idents:
        left, right = sum(value(p) for p in ident.left), sum(value(p) for p in ident.right)
        assert left == right, f"sample: generated values break {ident.rule} at {ident.where}"


def _platform(rng: random.Random, short: str, size: int) -> list[dict[str, Any]]:
    out = []
    offset = 120
    for platform, account, metric, unit, period, sentence in PLATFORM_SENTENCES:
        if rng.random() < 0.25:
            continue
        v = rng.randint(size, size * 40)
        text = sentence.format(v=v, short=short)
        out.append(
            {
                "platform": platform,
                "account": account.format(short=short) if account else None,
                "metric": metric,
                "value": float(v),
                "qualifier": "余" if "余" in sentence else None,
                "unit": unit,
                "period": period,
                "sentence": text,
                "offset": offset,
            }
        )
        offset += len(text) + 40
    return out


def _raw(value: Any, col: str) -> str:
    return f"{value:+d}" if col == "change" else f"{value:g}"


def _cells(report: dict[str, Any], marks: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """One contract cell per path of the template, as the parser reports it (`marks` override a cell:
    a printed blank, an imputed 0, an ambiguous run)."""
    out = []
    for path in contract.cell_paths(report["template"]):
        section, row, col = path.split(".")
        value = report[section][row][col]
        cell = {
            "path": path,
            "value": value,
            "raw": "" if value is None else _raw(value, col),
            "page": PAGE_OF_SECTION[section],
            "imputed": False,
            "ambiguous": False,
            "candidates": None,
            "unsplittable": False,
            "imputed_by": None,
            "reason": "blank" if value is None else None,
            "label": None,
        }
        cell.update(marks.get(path, {}))
        out.append(cell)
    return out


def _pdf(title: str, lines: list[str]) -> bytes:
    """The report's source file: a real PDF (reportlab, CJK font) of PAGES pages, the title on page 1."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, invariant=1)  # invariant: same bytes on every build (no timestamps)
    for page in range(1, PAGES + 1):
        pdf.setFont("STSong-Light", 12)
        for i, line in enumerate([title, *lines] if page == 1 else [f"{title}（第{page}页）"]):
            pdf.drawString(60, 780 - 20 * i, line)
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def _report(
    key: str, year: int, version: int, values: dict[str, Any], platform: list[dict[str, Any]]
) -> tuple[dict[str, Any], bytes]:
    _, agency, level, kind, scope, province, city, county = next(a for a in AGENCIES if a[0] == key)
    suffix = f"（第{version}版）" if version > 1 else ""
    title = f"{agency}{year}年政府信息公开工作年度报告{suffix}"
    content = _pdf(title, ["（合成数据，仅用于开发测试）"])
    sha = hashlib.sha256(content).hexdigest()
    report = {
        "agency": agency,
        "year": year,
        "template": _template(year),
        "scope": scope,
        "level": level,
        "kind": kind,
        "region": {"province": province, "city": city, "county": county},
        "source": {
            "file": f"{key}_{year}{f'_v{version}' if version > 1 else ''}.pdf",
            "sha256": sha,
            "format": "pdf",
            "pages": PAGES,
            "ocr": False,
            "ocr_pages": [],
        },
        **values,
        "platform_metrics": platform,
    }
    return report, content


def _blanks(req: dict[str, dict[str, int | None]]) -> dict[str, dict[str, Any]]:
    """BLANKS: zero cells of two columns printed blank (imputed 0 by R3), and one 总计 left blank."""
    marks: dict[str, dict[str, Any]] = {}
    for col in ("research", "social_org"):
        for row, vals in req.items():
            if vals[col] == 0:
                marks[f"requests.{row}.{col}"] = {"raw": "", "imputed": True, "imputed_by": "R3"}
    req["partial"]["total"] = None
    marks["requests.partial.total"] = {"raw": "", "reason": "blank"}
    return marks


def _ambiguous(rev: dict[str, dict[str, int | None]]) -> dict[str, dict[str, Any]]:
    """AMBIGUOUS: 行政诉讼 直接起诉 结果维持 run together with 结果纠正, two valid splits."""
    group = rev["litigation_direct"]
    upheld, corrected = group["upheld"], group["corrected"]
    group["upheld"] = None
    return {
        "review_litigation.litigation_direct.upheld": {
            "value": None,
            "raw": f"{upheld}{corrected}",
            "ambiguous": True,
            "candidates": [float(upheld or 0), float((upheld or 0) + 10)],
            "reason": "ambiguous",
        }
    }


def reports(seed: int = 7) -> list[tuple[dict[str, Any], bytes]]:
    """Every report (contract dict, source bytes) in ingest order: own reports, then the 汇总 reports."""
    rng = random.Random(seed)
    out: list[tuple[dict[str, Any], bytes]] = []
    for key, agency, *_rest in AGENCIES:
        if key == AGGREGATE_KEY:
            continue
        size = _SIZE[key]
        in_force: dict[str, int] = {}
        carried: dict[str, int] = {}
        short = agency.replace("人民政府", "").replace("办公室", "办")[:6]
        for year in YEARS:
            if (key, year) in MISSING:
                carried = {}
                continue
            size = int(size * rng.uniform(0.9, 1.25))
            template = _template(year)
            versions = [1, 2] if (key, year) == OLD_VERSION else [1]
            start = (dict(carried), dict(in_force))
            for version in versions:
                carried, in_force = dict(start[0]), dict(start[1])
                req = _requests(rng, size, template, carried)
                act = _active(rng, size, template, in_force)
                rev = _review(rng, size)
                carried = {c: req["carried_out"][c] or 0 for c in contract.APPLICANT_COLUMNS}
                marks: dict[str, dict[str, Any]] = {}
                if (key, year) in BROKEN:
                    req["handled_total"]["total"] = (req["handled_total"]["total"] or 0) - 6
                if (key, year) in BLANKS:
                    marks |= _blanks(req)
                if (key, year) in AMBIGUOUS:
                    marks |= _ambiguous(rev)
                values = {"active": act, "requests": req, "review_litigation": rev}
                report, content = _report(key, year, version, values, _platform(rng, short, size))
                report["cells"] = _cells(report, marks)
                out.append((check_report(report), content))
    out += _aggregates(out)
    return out


def _aggregates(own: list[tuple[dict[str, Any], bytes]]) -> list[tuple[dict[str, Any], bytes]]:
    """The city's 汇总 report per year: every cell the sum of its members' current reports (unknown when
    a member's is unknown), as a city prints it."""
    current: dict[tuple[str, int], dict[str, Any]] = {}
    for report, _ in own:  # a later version replaces the earlier one
        if report["region"]["city"] == "福州市":
            current[(report["agency"], report["year"])] = report
    out = []
    for year in YEARS:
        members = [r for (_, y), r in current.items() if y == year]
        template = _template(year)
        values: dict[str, Any] = {}
        for section in ("active", "requests", "review_litigation"):
            values[section] = copy.deepcopy(members[0][section])
            for row, cols in values[section].items():
                for col in cols:
                    parts = [m[section][row][col] for m in members]
                    cols[col] = None if any(p is None for p in parts) else sum(parts)
        report, content = _report(AGGREGATE_KEY, year, 1, values, [])
        assert report["template"] == template
        report["cells"] = _cells(report, {})
        out.append((check_report(report), content))
    return out


def build(out_dir: str | Path, seed: int = 7) -> Path:
    """Write the dataset into out_dir through the store; returns the snapshot folder."""
    return store_reports(Path(out_dir), reports(seed), name="sample")
