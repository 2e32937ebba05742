"""The consistency rules (勾稽关系, SPEC §6), declared once.

Every rule has one entry here — its code, severity, the level it is checked at (one report, or the
dataset across years) and its Chinese description — and the identities among them (R1, R2, R3, R6
per report; R5, R7 across years) are declared as data over cell paths in `identities`. Everything
that relies on an identity derives from that one declaration: the checks (`disclosure.checks`), the
digit-split search and the blank imputation of the parser (`disclosure.parse.tables`), the dataset
checks (`disclosure.store.dataset_checks`) and the data generators (`disclosure.synth`).

Nothing here reads a document or a table: it is declarations and the pure functions that expand
them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from disclosure.contract import Check, CheckValue, Value

Severity = Literal["error", "warning"]
Level = Literal["report", "dataset"]


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: Severity
    level: Level  # "report": from one parse; "dataset": needs last year's report of the same agency
    description: str  # shown to users (Chinese)


RULES: dict[str, Rule] = {
    r.code: r
    for r in (
        Rule("R1", "error", "report", "新收 + 上年结转 = 办理总计 + 结转下年"),
        Rule("R2", "error", "report", "办理总计 = 各项办理结果之和"),
        Rule("R3", "error", "report", "总计 = 各类申请人之和"),
        Rule("R4", "error", "report", "每个数字为非负整数"),
        Rule("R5", "warning", "dataset", "本年上年结转 = 上年结转下年"),
        Rule("R6", "error", "report", "复议/诉讼：总计 = 维持 + 纠正 + 其他 + 尚未审结"),
        Rule("R7", "warning", "dataset", "现行有效件数 ≈ 上年现行有效 + 本年制发 − 本年废止"),
        Rule("R8", "warning", "report", "正文数字与表格一致"),
    )
}
REPORT_RULES: tuple[str, ...] = tuple(code for code, r in RULES.items() if r.level == "report")
DATASET_RULES: tuple[str, ...] = tuple(code for code, r in RULES.items() if r.level == "dataset")


def make_check(
    rule: str,
    where: str,
    expected: CheckValue,
    actual: CheckValue,
    ok: bool | None,
    severity: str | None = None,
    message: str | None = None,
) -> Check:
    """A check result of `rule`, with the rule's severity and description unless given."""
    r = RULES[rule]
    return Check(rule, severity or r.severity, where, expected, actual, ok, message or r.description)


def sum_or_none(values: Sequence[Value]) -> int | float | None:
    """The sum, or None when any value is null (a sum over an unknown cell is unknown)."""
    total: int | float = 0
    for v in values:
        if v is None:
            return None
        total += v
    return total
