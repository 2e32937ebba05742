"""The data dictionary: every column of the dataset → Chinese label, unit, description, source section.

Built from `disclosure.contract` (every cell path of every template) plus the metadata and
bookkeeping columns, so a new contract field gets a dictionary entry without anyone remembering to
add one. The dashboard and the Excel export read `DICTIONARY`; the store also writes it as the
`dictionary` table so SQL users have the same labels.
"""

from __future__ import annotations

from typing import NamedTuple

import polars as pl

from disclosure import contract
from disclosure.store import schema


class FieldInfo(NamedTuple):
    """One column. A tuple on purpose: consumers may join its parts for a one-line description."""

    label: str
    description: str
    unit: str | None
    section: str | None
    path: str | None = None  # contract path for table cells, e.g. requests.new.total
    dtype: str = ""
    tables: str = ""  # comma-separated tables that have this column
    templates: str = ""  # comma-separated templates a cell exists in


SECTIONS: dict[str, str] = {
    "active": "二、主动公开政府信息情况",
    "requests": "三、收到和处理政府信息公开申请情况",
    "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
}

_ACTIVE_UNITS: dict[str, str] = {
    "issued": "件",
    "repealed": "件",
    "in_force": "件",
    "decisions": "件",
    "made": "件",
    "published": "件",
    "total_published": "件",
    "prev_items": "项",
    "change": "项",
    "projects": "个",
    "amount_10k_yuan": "万元",
    "amount": "元",
}

# Extra description of particular cells (every `.change` cell gets its own note in build()).
_CELL_NOTES: dict[str, str] = {
    "active.procurement.amount": "原文单位不固定（如“251000元”），此处统一换算为元；原文见 cells.raw。",
    "active.fees.amount_10k_yuan": "单位为万元；疑似以元填报的不作换算，由校验标出。",
}

_NULL_NOTE = "空白、“/”或未印出时为空值（null），不等于 0；原始单元格与页码见 cells 表。"

# Metadata and bookkeeping columns: label, unit, source section, description.
_META: dict[str, tuple[str, str | None, str | None, str]] = {
    "report_id": ("报告版本ID", None, None, "源文件内容的 SHA-256；同一文件重复导入得到同一ID。"),
    "agency_id": (
        "机关ID",
        None,
        "标题/落款",
        "规范化机关名称 + 省/市/县 的哈希，跨年份稳定；机关名未知时为空。",
    ),
    "agency": ("机关名称", None, "标题/落款", "报告标题或落款中的发布机关。"),
    "year": ("报告年度", "年", "标题/统计期限", "报告所述年度（不是发布日期）。"),
    "template": (
        "表格模板",
        None,
        None,
        "2021（国办公开办函〔2021〕30号）、2019（〔2019〕60号）或 legacy（2018年及以前）。",
    ),
    "scope": ("报告范围", None, "正文", "own：本机关；aggregate：汇总报告（不得与其成员相加）。"),
    "level": (
        "层级",
        None,
        "机关名称",
        "reports/agencies 中为行政层级：province/prefecture/county/township/dev_zone；"
        "checks 中为校验层级：report（单份报告内）或 dataset（跨年度 R5、R7）。",
    ),
    "kind": ("机关类型", None, "机关名称", "government（人民政府）或 department（政府部门）。"),
    "province": ("省级地区", None, "机关名称/落款", "所在省（自治区、直辖市）。"),
    "city": ("地市", None, "机关名称/落款", "所在地级市（州、盟）。"),
    "county": ("区县", None, "机关名称/落款", "所在县（区、旗）。"),
    "source_file": ("原始文件名", None, None, "导入时的文件名。"),
    "source_path": ("源文件存档路径", None, None, "数据目录下按内容寻址的原始文件副本，可追溯每个数字。"),
    "format": ("文件格式", None, None, "pdf/docx/html/txt。"),
    "pages": ("页数", "页", None, "PDF 页数；无分页格式为空。"),
    "ocr": ("是否OCR", None, None, "是否有页面通过文字识别读取。"),
    "ocr_pages": ("OCR页码", None, None, "通过文字识别读取的页码。"),
    "version": ("版本号", None, None, "同一机关同一年度的第几个不同文件（按导入顺序，1 起）。"),
    "n_versions": ("版本数", None, None, "同一机关同一年度已导入的不同文件数。"),
    "is_current": ("是否当前版本", None, None, "同一机关同一年度最新导入的版本为 true；旧版本保留可查。"),
    "n_values": (
        "数值个数",
        "个",
        None,
        "报告表格中印有数值的单元格数（由 cells 表导出），用于判断新版本是否明显不完整。",
    ),
    "accepted": (
        "已确认版本",
        None,
        None,
        "管理员（或 ingest --accept）确认：即使不如当前版本完整也设为当前版本。",
    ),
    "held_reason": (
        "未设为当前的原因",
        None,
        None,
        "新版本明显不如当前版本完整（数值大减、模板降级、变为无表格）时的原因；为空表示未被拦下。",
    ),
    "ingest_seq": ("导入序号", None, None, "首次导入的全局顺序，用于确定版本先后。"),
    "ingested_at": ("导入时间", None, None, "首次导入时间（UTC）。"),
    "parsed_at": ("解析时间", None, None, "最近一次解析时间（UTC）；--reparse 会更新。"),
    "parser_version": ("解析器版本", None, None, "解析该报告的程序版本。"),
    "synthetic": (
        "合成数据",
        None,
        None,
        "true：由 `disclosure synth` 生成的合成数据（仅供测试与压力测试，不是真实报告）；真实导入为 false。",
    ),
    "n_errors": ("错误数", "条", None, "未通过的错误级校验（R1–R4、R6）条数。"),
    "n_warnings": ("警告数", "条", None, "未通过的警告级校验（R5、R7、R8）条数。"),
    "n_not_evaluable": ("无法校验数", "条", None, "因所需单元格为空而无法判断的校验条数。"),
    "n_imputed": ("推定为0的单元格数", "个", None, "空白单元格按勾稽关系推定为 0 的个数。"),
    "n_ambiguous": ("有歧义的单元格数", "个", None, "连写数字有多种拆分满足勾稽关系、因而留空的单元格数。"),
    "report_status": (
        "报告状态",
        None,
        None,
        "complete：完整且一致；contradictions：完整，但原文数字自相矛盾（未通过的校验见 checks）；"
        "incomplete：不完整，每个缺失单元格的原因见 cells.null_reason；legacy：2018年及以前的旧模板。",
    ),
    "n_missing": (
        "缺失单元格数",
        "个",
        None,
        "原文的数字未能读出的单元格数（原因见 missing_reasons、cells.null_reason）。",
    ),
    "missing_reasons": (
        "缺失原因统计",
        None,
        None,
        "按原因计数，如“ambiguous=3, not_printed=3”（原因见 cells.null_reason 的说明）。",
    ),
    # cells
    "ord": ("顺序", None, None, "在报告中的印刷/出现顺序。"),
    "section": ("表格部分", None, None, "active（二）、requests（三）、review_litigation（四）。"),
    "row": ("行", None, None, "行键（见数据契约）。"),
    "col": ("列", None, None, "列键（见数据契约）。"),
    "path": ("单元格路径", None, None, "section.row.col，对应 reports 表中以 __ 连接的列名。"),
    "value": ("数值", None, None, "解析得到的数值；空值表示未填报、“/”或无法确定，不等于 0。"),
    "raw": ("原始文本", None, None, "报告中印出的原样内容（空白为空字符串，未印出为空值）。"),
    "page": ("页码", "页", None, "数值所在页（PDF）。"),
    "imputed": ("是否推定", None, None, "空白单元格按勾稽关系推定为 0 时为 true。"),
    "ambiguous": ("是否歧义", None, None, "连写数字存在多种合理拆分时为 true（数值留空）。"),
    "candidates": (
        "候选值",
        None,
        None,
        "歧义单元格的全部候选数值；无法拆分的单元格为最接近的几种拆分给出的数值（仅供核对，不是取值）。",
    ),
    "unsplittable": (
        "无法拆分",
        None,
        None,
        "原文印出了连写数字，但没有任何拆分能对上各列（与“有歧义”不同）；原文见 raw。",
    ),
    "imputed_by": ("推定依据", None, None, "推定数值所依据的勾稽规则（R1–R6），blank_table 表示整张表空白。"),
    "null_reason": (
        "空值原因",
        None,
        None,
        "数值为空的原因。原文事实：blank 空白、dash “/”或“—”、not_in_template 该模板无此行；"
        "缺失：not_printed 原文未印出此行、unsplittable 连写数字无法拆分、ambiguous 有多种拆分、"
        "table_missing 表格缺失、unreadable_page 页面无法读取、not_a_number 原文不是数字。",
    ),
    "label_printed": ("原文行标签", None, None, "匹配到该行的原文标签（规范化后）。"),
    "label_match": (
        "标签匹配方式",
        None,
        None,
        "keyword：关键词；edit_distance：容错匹配（错字、多字、少字）。",
    ),
    "label_distance": ("标签编辑距离", "字", None, "容错匹配时原文标签与标准标签相差的字数。"),
    # checks
    "rule": ("校验规则", None, None, "R1–R8（见 SPEC §6）。"),
    "severity": ("严重程度", None, None, "error 或 warning。"),
    "where": ("校验位置", None, None, "被校验的列/行/组（单元格路径前缀）。"),
    "expected": ("期望值", None, None, "按规则计算的值。"),
    "actual": ("实际值", None, None, "报告印出的值。"),
    "expected_text": ("期望值（文本）", None, None, "非数值的期望值。"),
    "actual_text": ("实际值（文本）", None, None, "非数值的实际值。"),
    "ok": ("是否通过", None, None, "true 通过；false 未通过；空值为无法校验（不算通过）。"),
    "message": ("说明", None, None, "规则的文字说明。"),
    "related_report_id": ("对照报告ID", None, None, "跨年度校验所对照的上一年度报告。"),
    # platform metrics
    "platform": ("平台", None, "一、总体情况", "政府网站、政务微信、微博等（见 SPEC §9）。"),
    "account": ("账号名称", None, "一、总体情况", "引号中的账号名。"),
    "metric": ("指标", None, "一、总体情况", "发布量、关注数、回复数等。"),
    "qualifier": ("限定词", None, "一、总体情况", "余、多、近、超、约、以上等：数值为界限而非精确值。"),
    "unit": ("单位", None, "一、总体情况", "原文单位（条、篇、人、次、%）。"),
    "period": ("统计口径", None, "一、总体情况", "annual（全年）或 cumulative（累计）。"),
    "sentence": ("原文句子", None, "一、总体情况", "数字所在的原句。"),
    "offset": ("字符位置", None, None, "数字在全文中的字符偏移。"),
    # agencies
    "first_year": ("最早年度", "年", None, "该机关最早的报告年度。"),
    "last_year": ("最新年度", "年", None, "该机关最新的报告年度。"),
    "n_reports": ("报告数", "份", None, "该机关的当前版本报告数。"),
    # ingest log
    "run_id": ("导入批次ID", None, None, "一次 disclosure ingest 运行。"),
    "started_at": ("批次开始时间", None, None, "UTC。"),
    "seq": ("批次内序号", None, None, "文件在本批次中的顺序。"),
    "file": ("文件", None, None, "导入时给出的文件路径。"),
    "sha256": ("文件哈希", None, None, "文件内容的 SHA-256。"),
    "status": ("导入结果", None, None, "ingested/unchanged/new_version/held/accepted/reparsed/failed。"),
    "reason": ("原因", None, None, "ingest_log 中为失败原因或补充说明；revisions 中为更正理由。"),
    "seconds": ("解析耗时", "秒", None, "解析该文件所用时间。"),
    # revisions and reviews (administrators)
    "revision_id": ("更正编号", None, None, "一次单元格更正的唯一编号。"),
    "old_value": ("原值", None, None, "更正前的数值（报告印出的值或上一次更正后的值）。"),
    "new_value": ("更正后数值", None, None, "管理员更正后的数值；报告原文与 cells.value 保持不变。"),
    "who": ("操作人", None, None, "登录的管理员。"),
    "recorded_at": ("操作时间", None, None, "更正或复核记录的时间（UTC）。"),
    "review_id": ("复核编号", None, None, "一次校验复核的唯一编号。"),
    "decision": ("复核结论", None, None, "confirmed（确认报告本身不符）或 dismissed（排除，如解析误差）。"),
    "note": ("复核说明", None, None, "管理员填写的说明。"),
    # dictionary
    "column": ("列名", None, None, "数据集中的列名。"),
    "label": ("中文名称", None, None, "列的中文名称。"),
    "dtype": ("数据类型", None, None, "Parquet/Polars 类型。"),
    "tables": ("所在表", None, None, "包含该列的表。"),
    "templates": ("适用模板", None, None, "该单元格存在于哪些表格模板。"),
    "description": ("说明", None, None, "列的含义。"),
}


def cell_label(path: str) -> str:
    section, row, col = path.split(".")
    if section == "requests":
        return f"{contract.REQUEST_ROW_LABELS[row]}（{contract.REQUEST_COLUMN_LABELS[col]}）"
    if section == "review_litigation":
        return f"{contract.REVIEW_GROUP_LABELS[row]}：{contract.REVIEW_COLUMN_LABELS[col]}"
    return f"{contract.ACTIVE_ROW_LABELS[row]}：{contract.ACTIVE_COLUMN_LABELS[col]}"


def cell_unit(path: str) -> str:
    section, _, col = path.split(".")
    return _ACTIVE_UNITS.get(col, "件") if section == "active" else "件"


def _tables_of(column: str) -> str:
    return ",".join(t for t, cols in schema.SCHEMAS.items() if column in cols)


def _dtype_of(column: str) -> str:
    for cols in schema.SCHEMAS.values():
        if column in cols:
            return str(cols[column])
    return ""


def build() -> dict[str, FieldInfo]:
    out: dict[str, FieldInfo] = {}
    for column, (label, unit, section, description) in _META.items():
        out[column] = FieldInfo(
            label, description, unit, section, None, _dtype_of(column), _tables_of(column)
        )
    for column, path in schema.CELL_COLUMNS.items():
        templates = ",".join(t for t in ("2021", "2019") if path in contract.cell_paths(t))
        section = SECTIONS[path.split(".")[0]]
        label = cell_label(path)
        extra = _CELL_NOTES.get(path) or ("本年增/减，可为负数。" if path.endswith(".change") else "")
        description = f"{section}表格单元格：{label}。{extra}{_NULL_NOTE}"
        out[column] = FieldInfo(
            label,
            description,
            cell_unit(path),
            section,
            path,
            _dtype_of(column),
            _tables_of(column),
            templates,
        )
    return out


DICTIONARY: dict[str, FieldInfo] = build()


def label(column: str) -> str:
    """Chinese label of a column (the column name itself when unknown)."""
    info = DICTIONARY.get(column)
    return info.label if info else column


def _split(joined: str) -> list[str]:
    return joined.split(",") if joined else []


def as_frame() -> pl.DataFrame:
    """The dictionary as the `dictionary` table (one row per column, in DICTIONARY order)."""
    rows = [
        {
            "column": column,
            "path": f.path,
            "tables": _split(f.tables),
            "label": f.label,
            "unit": f.unit,
            "dtype": f.dtype,
            "section": f.section,
            "templates": _split(f.templates),
            "description": f.description,
        }
        for column, f in DICTIONARY.items()
    ]
    return schema.from_rows(rows, "dictionary")
