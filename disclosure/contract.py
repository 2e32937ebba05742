"""The output contract (SPEC §2–4, §9, §10, docs/CONTRACT.md): field keys in printed order with their
Chinese labels, and the typed values the pipeline passes along (`Report`, `Cell`, `Check`, …).

Single source of truth for the parser (what to look for and what it produces), the checks (which
cells), the store (which columns) and the dashboard (labels shown to users). Nothing here parses.
The types are frozen: a stage adds to a report by building a new value, never by editing one, so a
check can never "fix" a number the parser read. JSON exists only at the edges (`to_json` for
`disclosure parse --json`, `from_json` for a parse read back from JSON).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, TypeAlias, cast

TEMPLATES = ("2021", "2019", "legacy")

# --- Section 二 `active` -------------------------------------------------------------------------
ACTIVE_2021: dict[str, tuple[str, ...]] = {
    "regulations": ("issued", "repealed", "in_force"),
    "normative_documents": ("issued", "repealed", "in_force"),
    "licensing": ("decisions",),
    "punishment": ("decisions",),
    "coercion": ("decisions",),
    "fees": ("amount_10k_yuan",),
}
ACTIVE_2019: dict[str, tuple[str, ...]] = {
    "regulations": ("made", "published", "total_published"),
    "normative_documents": ("made", "published", "total_published"),
    "licensing": ("prev_items", "change", "decisions"),
    "other_services": ("prev_items", "change", "decisions"),
    "punishment": ("prev_items", "change", "decisions"),
    "coercion": ("prev_items", "change", "decisions"),
    "fees": ("prev_items", "change"),
    "procurement": ("projects", "amount"),
}
ACTIVE_ROW_LABELS: dict[str, str] = {
    "regulations": "规章",
    "normative_documents": "行政规范性文件",
    "licensing": "行政许可",
    "other_services": "其他对外管理服务事项",
    "punishment": "行政处罚",
    "coercion": "行政强制",
    "fees": "行政事业性收费",
    "procurement": "政府集中采购",
}
ACTIVE_COLUMN_LABELS: dict[str, str] = {
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
    "decisions": "本年处理决定数量",
    "amount_10k_yuan": "本年收费金额（万元）",
    "made": "本年新制作数量",
    "published": "本年新公开数量",
    "total_published": "对外公开总数量",
    "prev_items": "上一年项目数量",
    "change": "本年增/减",
    "projects": "采购项目数量",
    "amount": "采购总金额（元）",
}

# --- Section 三 `requests` -----------------------------------------------------------------------
REQUEST_COLUMNS: tuple[str, ...] = (
    "natural_person",
    "business",
    "research",
    "social_org",
    "legal_service",
    "other_org",
    "total",
)
APPLICANT_COLUMNS: tuple[str, ...] = REQUEST_COLUMNS[:-1]
REQUEST_COLUMN_LABELS: dict[str, str] = {
    "natural_person": "自然人",
    "business": "商业企业",
    "research": "科研机构",
    "social_org": "社会公益组织",
    "legal_service": "法律服务机构",
    "other_org": "其他组织",
    "total": "总计",
}

# (key, printed label, outcome group or None)
REQUEST_ROWS: tuple[tuple[str, str, str | None], ...] = (
    ("new", "一、本年新收政府信息公开申请数量", None),
    ("carried_in", "二、上年结转政府信息公开申请数量", None),
    ("granted", "（一）予以公开", "granted"),
    ("partial", "（二）部分公开", "partial"),
    ("denied_state_secret", "不予公开：属于国家秘密", "denied"),
    ("denied_law_forbidden", "不予公开：其他法律行政法规禁止公开", "denied"),
    ("denied_security_stability", "不予公开：危及“三安全一稳定”", "denied"),
    ("denied_third_party", "不予公开：保护第三方合法权益", "denied"),
    ("denied_internal_affairs", "不予公开：属于三类内部事务信息", "denied"),
    ("denied_process_info", "不予公开：属于四类过程性信息", "denied"),
    ("denied_enforcement_file", "不予公开：属于行政执法案卷", "denied"),
    ("denied_admin_query", "不予公开：属于行政查询事项", "denied"),
    ("unable_not_held", "无法提供：本机关不掌握相关政府信息", "unable"),
    ("unable_needs_creation", "无法提供：没有现成信息需要另行制作", "unable"),
    ("unable_unclear", "无法提供：补正后申请内容仍不明确", "unable"),
    ("rejected_complaint", "不予处理：信访举报投诉类申请", "rejected"),
    ("rejected_duplicate", "不予处理：重复申请", "rejected"),
    ("rejected_publication", "不予处理：要求提供公开出版物", "rejected"),
    ("rejected_excessive", "不予处理：无正当理由大量反复申请", "rejected"),
    ("rejected_confirmation", "不予处理：要求行政机关确认或重新出具已获取信息", "rejected"),
    ("other_no_correction", "其他处理：申请人无正当理由逾期不补正", "other"),
    ("other_unpaid_fee", "其他处理：申请人逾期未按收费通知要求缴纳费用", "other"),
    ("other_other", "其他处理：其他", "other"),
    ("handled_total", "（七）总计", None),
    ("carried_out", "四、结转下年度继续办理", None),
)
REQUEST_ROW_KEYS: tuple[str, ...] = tuple(k for k, _, _ in REQUEST_ROWS)
# The 2019 template has no other_no_correction / other_unpaid_fee rows: （六）其他处理 is one row.
REQUEST_ROW_KEYS_2019: tuple[str, ...] = tuple(
    k for k in REQUEST_ROW_KEYS if k not in ("other_no_correction", "other_unpaid_fee")
)
OUTCOME_ROWS: tuple[str, ...] = tuple(k for k, _, g in REQUEST_ROWS if g is not None)
OUTCOME_GROUP: dict[str, str] = {k: g for k, _, g in REQUEST_ROWS if g is not None}
OUTCOME_GROUPS: tuple[str, ...] = ("granted", "partial", "denied", "unable", "rejected", "other")
OUTCOME_GROUP_LABELS: dict[str, str] = {
    "granted": "予以公开",
    "partial": "部分公开",
    "denied": "不予公开",
    "unable": "无法提供",
    "rejected": "不予处理",
    "other": "其他处理",
}
REQUEST_ROW_LABELS: dict[str, str] = {k: label for k, label, _ in REQUEST_ROWS}

# --- Section 四 `review_litigation` --------------------------------------------------------------
REVIEW_GROUPS: tuple[str, ...] = ("review", "litigation_direct", "litigation_after_review")
REVIEW_COLUMNS: tuple[str, ...] = ("upheld", "corrected", "other", "pending", "total")
REVIEW_GROUP_LABELS: dict[str, str] = {
    "review": "行政复议",
    "litigation_direct": "行政诉讼（未经复议直接起诉）",
    "litigation_after_review": "行政诉讼（复议后起诉）",
}
REVIEW_COLUMN_LABELS: dict[str, str] = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}

# --- Section 9 platform metrics ------------------------------------------------------------------
PLATFORMS: dict[str, str] = {
    "website": "政府网站",
    "gazette": "政府公报",
    "wechat": "政务微信",
    "weibo": "政务微博",
    "douyin": "抖音",
    "video_channel": "视频号",
    "toutiao": "今日头条",
    "app": "移动客户端",
    "mini_program": "小程序",
    "hotline": "热线",
    "mailbox": "信箱",
    "press_conference": "新闻发布会",
    "interview": "在线访谈",
    "livestream": "直播",
    "new_media": "政务新媒体",
}
METRICS: dict[str, str] = {
    "posts": "发布信息",
    "followers": "关注人数",
    "replies": "回复留言",
    "received": "收到留言",
    "views": "浏览量",
    "likes": "点赞",
    "events": "场次",
    "interpretations": "政策解读",
    "rate": "比率（%）",
}
PLATFORM_METRIC_FIELDS: tuple[str, ...] = (
    "platform",
    "account",
    "metric",
    "value",
    "qualifier",
    "unit",
    "period",
    "sentence",
    "offset",
)


# --- Why a cell is null, and the declared status of a report (docs/CONTRACT.md `status`) -----------
# Printed facts (the report shows a blank or a dash there; nothing is missing) …
PRINTED_NULL_REASONS: dict[str, str] = {
    "blank": "空白（原文未填）",
    "dash": "原文为“/”或“—”",
    "not_in_template": "该模板没有此行",
}
# … and gaps: the report's figure for this cell could not be read, for this reason.
GAP_REASONS: dict[str, str] = {
    "not_printed": "原文未印出此行",
    "unsplittable": "连写数字无法拆分",
    "ambiguous": "连写数字有多种拆分",
    "table_missing": "表格缺失",
    "unreadable_page": "页面无法读取",
    "not_a_number": "原文不是数字",
}
NULL_REASONS: dict[str, str] = {**PRINTED_NULL_REASONS, **GAP_REASONS}

# Per-report status: every report gets exactly one.
STATUS_STATES: dict[str, str] = {
    "complete": "完整且一致",
    "contradictions": "完整，原文数字矛盾（已列出）",
    "incomplete": "不完整（缺失原因已列出）",
    "legacy": "2018年及以前的旧模板（无标准表格）",
}

# --- Chinese labels of the report's facets (CLI, dashboard, exports, briefing) ------------------------
LEVEL_LABELS: dict[str, str] = {
    "province": "省级",
    "prefecture": "市级",
    "county": "县级",
    "township": "乡镇级",
    "dev_zone": "开发区",
}
KIND_LABELS: dict[str, str] = {"government": "政府", "department": "部门"}
SCOPE_LABELS: dict[str, str] = {"own": "本级报告", "aggregate": "汇总报告"}
TEMPLATE_LABELS: dict[str, str] = {"2021": "2021版模板", "2019": "2019版模板", "legacy": "2019年前旧报告"}
SEVERITY_LABELS: dict[str, str] = {"error": "错误", "warning": "提示"}
PERIOD_LABELS: dict[str, str] = {"annual": "本年", "cumulative": "累计"}

# How a row label was matched (a cell's `label.how`).
LABEL_MATCHES: dict[str, str] = {"keyword": "关键词", "edit_distance": "容错匹配（编辑距离）"}


def active_schema(template: str) -> dict[str, tuple[str, ...]]:
    return ACTIVE_2019 if template == "2019" else ACTIVE_2021


def request_row_keys(template: str) -> tuple[str, ...]:
    return REQUEST_ROW_KEYS_2019 if template == "2019" else REQUEST_ROW_KEYS


def cell_paths(template: str) -> list[str]:
    """Every cell path of a template's tables, e.g. `requests.new.total`, in printed order."""
    paths = [f"active.{row}.{col}" for row, cols in active_schema(template).items() for col in cols]
    if template == "legacy":
        return []
    paths += [f"requests.{row}.{col}" for row in REQUEST_ROW_KEYS for col in REQUEST_COLUMNS]
    paths += [f"review_litigation.{g}.{c}" for g in REVIEW_GROUPS for c in REVIEW_COLUMNS]
    return paths


# --- value range -----------------------------------------------------------------------------------
# Every number of a report lands in a DOUBLE column (cells.value, platform_metrics.value) and counts
# also in BIGINT columns of `reports`; a DOUBLE holds integers exactly only up to 2**53. A value
# beyond that (a cell "10000000000000000000", 10^19, also above int64) could not be stored without
# changing it, so it is an error of that report at parse time, not a silently rounded number. No
# real count or amount comes near 9×10^15.
MAX_ABS_VALUE = 2**53


# --- the typed contract -----------------------------------------------------------------------------
Value: TypeAlias = int | float | None
# A section's values by row and column (`requests["new"]["total"]`); derived from the cells.
Grid: TypeAlias = Mapping[str, Mapping[str, Value]]
# What a check compares: a number, or a text such as "≥ 0" or a printed raw string.
CheckValue: TypeAlias = int | float | str | None
Json: TypeAlias = dict[str, object]
Template = Literal["2021", "2019", "legacy"]


def _opt_str(v: object) -> str | None:
    return None if v is None else str(v)


def _num(v: object) -> Value:
    return v if isinstance(v, int | float) else None


@dataclass(frozen=True, slots=True)
class Label:
    """Which printed row label a cell's row was matched by (`how`: keyword | edit_distance)."""

    printed: str
    how: str
    distance: int = 0

    def to_json(self) -> Json:
        return {"printed": self.printed, "how": self.how, "distance": self.distance}

    @staticmethod
    def from_json(obj: Mapping[str, object] | None) -> Label | None:
        if obj is None:
            return None
        distance = obj.get("distance", 0)
        return Label(
            str(obj.get("printed")), str(obj.get("how")), distance if isinstance(distance, int) else 0
        )


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell of the template (docs/CONTRACT.md `cells`)."""

    path: str
    value: Value = None
    raw: str | None = None
    page: int | None = None
    imputed: bool = False
    ambiguous: bool = False
    candidates: tuple[Value, ...] | None = None
    unsplittable: bool = False
    imputed_by: str | None = None
    reason: str | None = None
    label: Label | None = None

    def to_json(self) -> Json:
        return {
            "path": self.path,
            "value": self.value,
            "raw": self.raw,
            "page": self.page,
            "imputed": self.imputed,
            "ambiguous": self.ambiguous,
            "candidates": None if self.candidates is None else list(self.candidates),
            "unsplittable": self.unsplittable,
            "imputed_by": self.imputed_by,
            "reason": self.reason,
            "label": None if self.label is None else self.label.to_json(),
        }

    @staticmethod
    def from_json(obj: Mapping[str, object]) -> Cell:
        cands = obj.get("candidates")
        page = obj.get("page")
        label = obj.get("label")
        return Cell(
            path=str(obj.get("path") or ""),
            value=cast(Value, obj.get("value")),
            raw=_opt_str(obj.get("raw")),
            page=page if isinstance(page, int) else None,
            imputed=bool(obj.get("imputed")),
            ambiguous=bool(obj.get("ambiguous")),
            candidates=None if cands is None else tuple(cast(Sequence[Value], cands)),
            unsplittable=bool(obj.get("unsplittable")),
            imputed_by=_opt_str(obj.get("imputed_by")),
            reason=_opt_str(obj.get("reason")),
            label=Label.from_json(cast(Mapping[str, object] | None, label)),
        )


@dataclass(frozen=True, slots=True)
class Check:
    """One evaluated consistency rule (docs/CONTRACT.md `checks`); `ok` None = not evaluable."""

    rule: str
    severity: str
    where: str
    expected: CheckValue
    actual: CheckValue
    ok: bool | None
    message: str

    def to_json(self) -> Json:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "where": self.where,
            "expected": self.expected,
            "actual": self.actual,
            "ok": self.ok,
            "message": self.message,
        }

    @staticmethod
    def from_json(obj: Mapping[str, object]) -> Check:
        ok = obj.get("ok")
        return Check(
            rule=str(obj.get("rule")),
            severity=str(obj.get("severity") or ""),
            where=str(obj.get("where")),
            expected=cast(CheckValue, obj.get("expected")),
            actual=cast(CheckValue, obj.get("actual")),
            ok=cast(bool | None, ok),
            message=str(obj.get("message") or ""),
        )


@dataclass(frozen=True, slots=True)
class PlatformMetric:
    """One platform figure read from the narrative (SPEC §9); `offset` in `Document.text()`."""

    platform: str
    account: str | None
    metric: str
    value: Value
    qualifier: str | None
    unit: str | None
    period: str | None
    sentence: str
    offset: int

    def to_json(self) -> Json:
        return {k: getattr(self, k) for k in PLATFORM_METRIC_FIELDS}

    @staticmethod
    def from_json(obj: Mapping[str, object]) -> PlatformMetric:
        offset = obj.get("offset")
        return PlatformMetric(
            platform=str(obj.get("platform")),
            account=_opt_str(obj.get("account")),
            metric=str(obj.get("metric")),
            value=cast(Value, obj.get("value")),
            qualifier=_opt_str(obj.get("qualifier")),
            unit=_opt_str(obj.get("unit")),
            period=_opt_str(obj.get("period")),
            sentence=str(obj.get("sentence") or ""),
            offset=cast(int, offset),
        )


@dataclass(frozen=True, slots=True)
class Source:
    """The file a report was read from."""

    file: str
    sha256: str
    format: str
    pages: int | None
    ocr: bool
    ocr_pages: tuple[int, ...] = ()

    def to_json(self) -> Json:
        return {
            "file": self.file,
            "sha256": self.sha256,
            "format": self.format,
            "pages": self.pages,
            "ocr": self.ocr,
            "ocr_pages": list(self.ocr_pages),
        }

    @staticmethod
    def from_json(obj: Mapping[str, object] | None) -> Source:
        obj = obj or {}
        pages = obj.get("pages")
        return Source(
            file=str(obj.get("file") or ""),
            sha256=str(obj.get("sha256") or ""),
            format=str(obj.get("format") or ""),
            pages=cast(int | None, pages),
            ocr=bool(obj.get("ocr")),
            ocr_pages=tuple(cast(Sequence[int], obj.get("ocr_pages") or ())),
        )


@dataclass(frozen=True, slots=True)
class Region:
    province: str | None = None
    city: str | None = None
    county: str | None = None

    def to_json(self) -> Json:
        return {"province": self.province, "city": self.city, "county": self.county}

    @staticmethod
    def from_json(obj: Mapping[str, object] | None) -> Region:
        obj = obj or {}
        return Region(_opt_str(obj.get("province")), _opt_str(obj.get("city")), _opt_str(obj.get("county")))


@dataclass(frozen=True, slots=True)
class MissingCell:
    path: str
    reason: str

    def to_json(self) -> Json:
        return {"path": self.path, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class FailedCheck:
    rule: str
    where: str
    severity: str

    def to_json(self) -> Json:
        return {"rule": self.rule, "where": self.where, "severity": self.severity}


@dataclass(frozen=True, slots=True)
class Status:
    """The declared status of a report (docs/CONTRACT.md `status`; `state` a key of STATUS_STATES)."""

    state: str
    missing: Mapping[str, int]
    missing_cells: tuple[MissingCell, ...] = ()
    failed_checks: tuple[FailedCheck, ...] = ()

    def to_json(self) -> Json:
        return {
            "state": self.state,
            "missing": dict(self.missing),
            "missing_cells": [m.to_json() for m in self.missing_cells],
            "failed_checks": [f.to_json() for f in self.failed_checks],
        }

    @staticmethod
    def from_json(obj: Mapping[str, object] | None) -> Status | None:
        if not obj:
            return None
        cells = cast(Sequence[Mapping[str, object]], obj.get("missing_cells") or ())
        failed = cast(Sequence[Mapping[str, object]], obj.get("failed_checks") or ())
        return Status(
            state=str(obj.get("state")),
            missing=dict(cast(Mapping[str, int], obj.get("missing") or {})),
            missing_cells=tuple(MissingCell(str(m.get("path")), str(m.get("reason"))) for m in cells),
            failed_checks=tuple(
                FailedCheck(str(f.get("rule")), str(f.get("where")), str(f.get("severity"))) for f in failed
            ),
        )


@dataclass(frozen=True, slots=True)
class Parsed:
    """What the parser reads from one document: everything of a report but its checks and status."""

    agency: str | None
    year: int | None
    template: str
    scope: str | None
    level: str | None
    kind: str | None
    region: Region
    source: Source
    active: Grid | None
    requests: Grid | None
    review_litigation: Grid | None
    platform_metrics: tuple[PlatformMetric, ...]
    cells: tuple[Cell, ...]
    synthetic: bool = False  # only `disclosure synth` makes synthetic reports; not in the parse JSON

    def cell_map(self) -> dict[str, Cell]:
        """The cells by path."""
        return {c.path: c for c in self.cells}


@dataclass(frozen=True, slots=True)
class Report(Parsed):
    """A parsed report with its checks and declared status: what `disclosure parse` outputs."""

    checks: tuple[Check, ...] = ()
    status: Status | None = None

    def to_json(self) -> Json:
        """The object `disclosure parse --json` prints, keys in the order of docs/CONTRACT.md."""
        return {
            "agency": self.agency,
            "year": self.year,
            "template": self.template,
            "scope": self.scope,
            "level": self.level,
            "kind": self.kind,
            "region": self.region.to_json(),
            "source": self.source.to_json(),
            "status": None if self.status is None else self.status.to_json(),
            "active": _grid_json(self.active),
            "requests": _grid_json(self.requests),
            "review_litigation": _grid_json(self.review_litigation),
            "platform_metrics": [m.to_json() for m in self.platform_metrics],
            "checks": [c.to_json() for c in self.checks],
            "cells": [c.to_json() for c in self.cells],
        }

    @staticmethod
    def from_json(obj: Mapping[str, object]) -> Report:
        """A report from its JSON form (`to_json`, or a hand-written part of it: missing keys are empty)."""
        year = obj.get("year")
        return Report(
            agency=_opt_str(obj.get("agency")),
            year=cast(int | None, year),
            template=str(obj.get("template")),
            scope=_opt_str(obj.get("scope")),
            level=_opt_str(obj.get("level")),
            kind=_opt_str(obj.get("kind")),
            region=Region.from_json(cast(Mapping[str, object] | None, obj.get("region"))),
            source=Source.from_json(cast(Mapping[str, object] | None, obj.get("source"))),
            active=cast(Grid | None, obj.get("active")),
            requests=cast(Grid | None, obj.get("requests")),
            review_litigation=cast(Grid | None, obj.get("review_litigation")),
            platform_metrics=tuple(
                PlatformMetric.from_json(m)
                for m in cast(Sequence[Mapping[str, object]], obj.get("platform_metrics") or ())
            ),
            cells=tuple(
                Cell.from_json(c) for c in cast(Sequence[Mapping[str, object]], obj.get("cells") or ())
            ),
            synthetic=bool(obj.get("synthetic", False)),
            checks=tuple(
                Check.from_json(c) for c in cast(Sequence[Mapping[str, object]], obj.get("checks") or ())
            ),
            status=Status.from_json(cast(Mapping[str, object] | None, obj.get("status"))),
        )


def _grid_json(grid: Grid | None) -> dict[str, dict[str, Value]] | None:
    return None if grid is None else {r: dict(cols) for r, cols in grid.items()}


def nest(
    cells: Sequence[Cell], section: str, shape: Mapping[str, Sequence[str]]
) -> dict[str, dict[str, Value]]:
    """A section's grid from its cells (every row and column of `shape`; a cell not given is None)."""
    by = {c.path: c.value for c in cells}
    return {r: {c: by.get(f"{section}.{r}.{c}") for c in cols} for r, cols in shape.items()}


def _numbers(report: Parsed) -> Iterator[tuple[str, object]]:
    for section, grid in (
        ("active", report.active),
        ("requests", report.requests),
        ("review_litigation", report.review_litigation),
    ):
        for row, cols in (grid or {}).items():
            for col, v in (cols or {}).items():
                yield f"{section}.{row}.{col}", v
    for cell in report.cells:
        for v in [cell.value, *(cell.candidates or ())]:
            yield cell.path, v
    for i, m in enumerate(report.platform_metrics):
        yield f"platform_metrics[{i}]", m.value
    yield "year", report.year


def out_of_range(report: Parsed) -> tuple[str, object] | None:
    """The first (where, value) of a parse whose number is outside MAX_ABS_VALUE or not finite."""

    def bad(v: object) -> bool:
        if v is None or isinstance(v, bool) or not isinstance(v, int | float):
            return False
        if isinstance(v, float) and not math.isfinite(v):
            return True
        return abs(v) > MAX_ABS_VALUE

    for where, v in _numbers(report):
        if bad(v):
            return where, v
    return None
