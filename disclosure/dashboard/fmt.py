"""Number formatting and Chinese labels shared by charts, tables and exports.

Blank is "—", never 0; integers get thousands separators; rates are computed from sums.
"""

from __future__ import annotations

import html
import math
import re
from typing import Any

import pandas as pd

from disclosure import contract
from disclosure.numbers import PREFIX_QUALIFIERS
from disclosure.rules import RULES

DASH = "—"

# The labels' one home is the contract; re-exported here for the dashboard's modules.
LEVEL_LABELS = contract.LEVEL_LABELS
KIND_LABELS = contract.KIND_LABELS
SCOPE_LABELS = contract.SCOPE_LABELS
TEMPLATE_LABELS = contract.TEMPLATE_LABELS
SEVERITY_LABELS = contract.SEVERITY_LABELS
PERIOD_LABELS = contract.PERIOD_LABELS
SECTION_LABELS: dict[str, str] = {
    "active": "二、主动公开政府信息情况",
    "requests": "三、收到和处理政府信息公开申请情况",
    "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
}
FLOW_LABELS: dict[str, str] = {
    "new": "本年新收",
    "carried_in": "上年结转",
    "handled": "本年办理",
    "carried_out": "结转下年",
}


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&\"'])")


def md(text: Any) -> str:
    """Report text made inert for Streamlit's Markdown (captions, headers, labels, st.table cells): every
    ASCII punctuation mark that Markdown, Streamlit's :color[]/:material/: directives or HTML could
    act on is backslash-escaped (CommonMark prints an escaped punctuation mark as itself), and line
    breaks become spaces. Why not a plain-text element: Streamlit has none for headers and captions."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).splitlines()))


def plot_text(text: Any) -> Any:
    """Report text made inert for Plotly, whose labels understand a few HTML tags (<a href>, <img>-less
    <span style>…): `<`, `>` and `&` become entities, which Plotly shows as the characters."""
    if not isinstance(text, str):
        return text
    return html.escape(text, quote=False)


def is_blank(v: Any) -> bool:
    """None, NaN, pd.NA and NaT are blank (shown as "—", never as 0)."""
    if v is None:
        return True
    if isinstance(v, float):
        return math.isnan(v)
    try:
        result = pd.isna(v)
        return (
            bool(result)
            if isinstance(result, bool | int)
            or hasattr(result, "__bool__")
            and not hasattr(result, "__len__")
            else False
        )
    except (TypeError, ValueError):
        return False


def num(v: Any, decimals: int | None = None) -> str:
    """12345 → "12,345"; 3.5 → "3.5"; blank → "—"."""
    if is_blank(v):
        return DASH
    try:
        f = float(v)
    except (TypeError, ValueError):
        return str(v)
    if decimals is None:
        if f.is_integer():
            return f"{int(f):,}"
        return f"{f:,.6f}".rstrip("0").rstrip(".")  # printed decimals kept (fees: 24252.311082 万元)
    return f"{f:,.{decimals}f}"


def with_qualifier(value: Any, qualifier: Any) -> str:
    """A platform figure with its qualifier where Chinese puts it: 超/近/约 before (超23,000,000), 余/多/以上
    after (1,200余). The canonical qualifiers are those of disclosure.numbers."""
    text = num(value)
    if not isinstance(qualifier, str) or not qualifier or text == DASH:
        return text
    return qualifier + text if qualifier in set(PREFIX_QUALIFIERS.values()) else text + qualifier


def signed(v: Any) -> str:
    if is_blank(v):
        return DASH
    return ("+" if float(v) > 0 else "") + num(v)


def ratio(numerator: Any, denominator: Any) -> float | None:
    """numerator / denominator from sums; None when either is blank or the denominator is 0."""
    if is_blank(numerator) or is_blank(denominator) or float(denominator) == 0:
        return None
    return float(numerator) / float(denominator)


def pct(v: float | None, decimals: int = 1) -> str:
    return DASH if v is None or is_blank(v) else f"{v * 100:.{decimals}f}%"


def _request_row_label(row: str) -> str:
    """A row key, an outcome group (R8: `unable`) or a sum of them (`granted+partial`) in Chinese."""
    if "+" in row:
        return " + ".join(_request_row_label(r) for r in row.split("+"))
    if row in contract.REQUEST_ROW_LABELS:
        return contract.REQUEST_ROW_LABELS[row]
    if row in contract.OUTCOME_GROUP_LABELS:
        return f"{contract.OUTCOME_GROUP_LABELS[row]}（合计）"
    return row


def cell_label(path: str) -> str:
    """`requests.new.total` → "本年新收政府信息公开申请数量 · 总计" (a label readable by a supervisor)."""
    parts = path.split(".")
    if len(parts) != 3:
        return path
    section, row, col = parts
    if section == "requests":
        return f"{_request_row_label(row)} · {contract.REQUEST_COLUMN_LABELS.get(col, col)}"
    if section == "active":
        return f"{contract.ACTIVE_ROW_LABELS.get(row, row)} · {contract.ACTIVE_COLUMN_LABELS.get(col, col)}"
    if section == "review_litigation":
        group = {"litigation": "行政诉讼（合计）"}.get(row, contract.REVIEW_GROUP_LABELS.get(row, row))
        return f"{group} · {contract.REVIEW_COLUMN_LABELS.get(col, col)}"
    return path


def where_label(where: str | None) -> str:
    """A check's `where` (e.g. `requests.total`, `review_litigation.review`) in Chinese."""
    if not where:
        return DASH
    parts = where.split(".")
    if len(parts) == 1:
        return SECTION_LABELS.get(where, where)
    if len(parts) == 3:
        return cell_label(where)
    if len(parts) == 2:
        section, key = parts
        if section == "requests":
            if key in contract.REQUEST_COLUMN_LABELS:
                return f"申请情况 · {contract.REQUEST_COLUMN_LABELS[key]}列"
            return f"申请情况 · {_request_row_label(key)}行"
        if section == "review_litigation":
            return contract.REVIEW_GROUP_LABELS.get(key, key)
        if section == "active":
            return f"主动公开 · {contract.ACTIVE_ROW_LABELS.get(key, key)}"
    return where


def check_description(rule: str, message: Any = None) -> str:
    """A check's own message when it has one, else the description of its rule (R1–R8)."""
    if isinstance(message, str) and message:
        return message
    known = RULES.get(rule)
    return "" if known is None else known.description


def raw_text(raw: Any) -> str:
    """A cell's printed text: "" → "（空白）", None (not printed at all) → "（未印出）"."""
    return "（空白）" if raw == "" else ("（未印出）" if raw is None else raw)
