"""The identities R1, R2, R3, R6 (one report) and R5, R7 (consecutive years), as data over cell paths.

An identity says Σ left = Σ right. The checks report `expected` = Σ left and `actual` = Σ right; the
parser uses the same statements as linear forms (left +1, right −1) to choose splits of run-together
digits and to decide which blanks an identity lets it read as 0; the generators build values that
satisfy them. The order of `request_identities` is the order the parser tries them (per column R1
then R2, then R3 per row); the checks list them by rule.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from disclosure import contract

Value = int | float | None


# --- the declarations ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ColumnSum:
    """Per column of section 三: Σ left rows = Σ right rows (the same column in every term).

    `right_printed_only`: the right side sums only the rows the report prints (R2 over the outcome
    rows of its template); otherwise every named row takes part, printed or not."""

    rule: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    right_printed_only: bool = False


@dataclass(frozen=True, slots=True)
class RowSum:
    """Per row (or group) of a section: its `total` column = Σ of its `parts` columns."""

    rule: str
    section: str
    total: str
    parts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class YearOverYear:
    """Across consecutive years of one agency and scope, once per key of `keys`:
    this year's `this` = Σ last year's `prev_plus` + Σ this year's `this_plus` − Σ this year's
    `this_minus`. `over="columns"`: the keys are columns and the names rows (one column at a time);
    `over="rows"`: the keys are rows and the names columns (one row at a time)."""

    rule: str
    section: str
    over: str  # "columns" | "rows"
    keys: tuple[str, ...]
    this: str
    prev_plus: tuple[str, ...]
    this_plus: tuple[str, ...] = ()
    this_minus: tuple[str, ...] = ()


R1 = ColumnSum("R1", left=("new", "carried_in"), right=("handled_total", "carried_out"))
R2 = ColumnSum("R2", left=("handled_total",), right=contract.OUTCOME_ROWS, right_printed_only=True)
R3 = RowSum("R3", "requests", total="total", parts=contract.APPLICANT_COLUMNS)
R6 = RowSum("R6", "review_litigation", total="total", parts=contract.REVIEW_COLUMNS[:-1])
COLUMN_SUMS: tuple[ColumnSum, ...] = (R1, R2)
# R5: carried_in(Y) = carried_out(Y−1), per request column (both table templates).
R5 = YearOverYear(
    "R5", "requests", "columns", contract.REQUEST_COLUMNS, this="carried_in", prev_plus=("carried_out",)
)
# R7: in_force(Y) = in_force(Y−1) + issued(Y) − repealed(Y); only the 2021 template has these cells.
R7 = YearOverYear(
    "R7",
    "active",
    "rows",
    ("regulations", "normative_documents"),
    this="in_force",
    prev_plus=("in_force",),
    this_plus=("issued",),
    this_minus=("repealed",),
)
YEAR_OVER_YEAR: tuple[YearOverYear, ...] = (R5, R7)


# --- instances over cell paths -------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Identity:
    """One instance of a rule: Σ left = Σ right over these cell paths; `where` names it in a check."""

    rule: str
    where: str
    left: tuple[str, ...]
    right: tuple[str, ...]

    def terms(self) -> list[tuple[str, int]]:
        """(path, coefficient) of the linear form Σ left − Σ right = 0."""
        return [(p, 1) for p in self.left] + [(p, -1) for p in self.right]


def _req(row: str, col: str) -> str:
    return f"requests.{row}.{col}"


def column_identities(rule: ColumnSum, rows: Sequence[str], col: str) -> Identity:
    right = [r for r in rule.right if r in rows] if rule.right_printed_only else list(rule.right)
    return Identity(
        rule.rule,
        f"requests.{col}",
        tuple(_req(r, col) for r in rule.left),
        tuple(_req(r, col) for r in right),
    )


def row_identity(rule: RowSum, row: str) -> Identity:
    prefix = f"{rule.section}.{row}"
    return Identity(
        rule.rule, prefix, (f"{prefix}.{rule.total}",), tuple(f"{prefix}.{c}" for c in rule.parts)
    )


def request_identities(rows: Sequence[str]) -> list[Identity]:
    """R1 and R2 per column (interleaved), then R3 per row, for the rows a report has (`rows`)."""
    out = [column_identities(rule, rows, col) for col in contract.REQUEST_COLUMNS for rule in COLUMN_SUMS]
    return out + [row_identity(R3, row) for row in rows]


def review_identities() -> list[Identity]:
    """R6 per group of section 四."""
    return [row_identity(R6, g) for g in contract.REVIEW_GROUPS]


def by_rule(identities: Sequence[Identity]) -> list[Identity]:
    """The identities grouped by rule (R1s, then R2s, …), each group in its declared order."""
    return sorted(identities, key=lambda i: i.rule)


# --- derived forms for the parser --------------------------------------------------------------------
# A linear form over (row key, column index, coefficient) of section 三: what the joint split search
# scores (`disclosure.parse.digits.solve_joint`).
LinearForm = list[tuple[str, int, int]]


def request_linear_forms(rows: Sequence[str]) -> list[LinearForm]:
    col_index = {c: i for i, c in enumerate(contract.REQUEST_COLUMNS)}
    out: list[LinearForm] = []
    for ident in request_identities(rows):
        form: LinearForm = []
        for path, coef in ident.terms():
            _, row, col = path.split(".")
            form.append((row, col_index[col], coef))
        out.append(form)
    return out


def last_column_is_total(rule: RowSum, columns: Sequence[str]) -> bool:
    """Whether the row identity reads "the last column is the sum of all the others" over `columns`
    — the shape the digit-split search prunes by (`digits.split_run(sum_groups=True)`)."""
    return tuple(columns) == (*rule.parts, rule.total)


def group_holds(rule: RowSum) -> Callable[[Sequence[Value]], bool]:
    """The row identity on one row's values in column order (parts, then total); a row with an
    unknown value (a dash) holds vacuously — the split search must not reject it for that."""
    n = len(rule.parts)

    def holds(values: Sequence[Value]) -> bool:
        if len(values) != n + 1:  # a caller's bug (a group of another table's width), not a report's
            raise ValueError(f"{rule.rule} row identity takes {n + 1} values, got {len(values)}")
        if any(v is None for v in values):
            return True
        nums = [v for v in values if v is not None]
        return sum(nums[:n]) == nums[n]

    return holds


# --- year over year ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class YearTerm:
    """One instance of a year-over-year rule: this year's cell `this` = Σ prev_plus (last year) +
    Σ this_plus − Σ this_minus (this year); `where` names it."""

    rule: str
    where: str
    this: str
    prev_plus: tuple[str, ...]
    this_plus: tuple[str, ...]
    this_minus: tuple[str, ...]


def year_identities(rule: YearOverYear) -> list[YearTerm]:
    """One instance per key: R5 per request column (`requests.<col>`), R7 per row (`active.<row>`)."""
    out = []
    for key in rule.keys:

        def path(name: str, key: str = key) -> str:
            row, col = (name, key) if rule.over == "columns" else (key, name)
            return f"{rule.section}.{row}.{col}"

        out.append(
            YearTerm(
                rule.rule,
                f"{rule.section}.{key}",
                path(rule.this),
                tuple(path(c) for c in rule.prev_plus),
                tuple(path(c) for c in rule.this_plus),
                tuple(path(c) for c in rule.this_minus),
            )
        )
    return out


def year_expected(term: YearTerm, prev: Mapping[str, Value], this: Mapping[str, Value]) -> Value:
    """The value `term.this` should have, or None when a needed cell is unknown."""
    vals = [prev.get(p) for p in term.prev_plus] + [this.get(p) for p in term.this_plus + term.this_minus]
    if any(v is None for v in vals):
        return None
    plus = sum(prev[p] or 0 for p in term.prev_plus) + sum(this[p] or 0 for p in term.this_plus)
    return plus - sum(this[p] or 0 for p in term.this_minus)
