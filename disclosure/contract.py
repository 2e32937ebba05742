"""Field keys of the output contract (SPEC §2–4, §9, §10), in printed order, with Chinese labels.

Single source of truth for the parser (what to look for), the checks (which identities), the store
(which columns) and the dashboard (labels shown to users). Nothing here parses.
"""

from __future__ import annotations

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

RULES: dict[str, tuple[str, str]] = {
    "R1": ("error", "新收 + 上年结转 = 办理总计 + 结转下年"),
    "R2": ("error", "办理总计 = 各项办理结果之和"),
    "R3": ("error", "总计 = 各类申请人之和"),
    "R4": ("error", "每个数字为非负整数"),
    "R5": ("warning", "本年上年结转 = 上年结转下年"),
    "R6": ("error", "复议/诉讼：总计 = 维持 + 纠正 + 其他 + 尚未审结"),
    "R7": ("warning", "现行有效件数 ≈ 上年现行有效 + 本年制发 − 本年废止"),
    "R8": ("warning", "正文数字与表格一致"),
}


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


def out_of_range(report: dict) -> tuple[str, object] | None:
    """The first (where, value) of a parse whose number is outside MAX_ABS_VALUE or not finite."""
    import math

    def bad(v: object) -> bool:
        if v is None or isinstance(v, bool) or not isinstance(v, int | float):
            return False
        if isinstance(v, float) and not math.isfinite(v):
            return True
        return abs(v) > MAX_ABS_VALUE

    for section in ("active", "requests", "review_litigation"):
        for row, cols in (report.get(section) or {}).items():
            for col, v in (cols or {}).items():
                if bad(v):
                    return f"{section}.{row}.{col}", v
    for cell in report.get("cells") or []:
        for v in [cell.get("value"), *(cell.get("candidates") or [])]:
            if bad(v):
                return str(cell.get("path")), v
    for i, m in enumerate(report.get("platform_metrics") or []):
        if bad(m.get("value")):
            return f"platform_metrics[{i}]", m.get("value")
    for key in ("year",):
        if bad(report.get(key)):
            return key, report.get(key)
    return None
