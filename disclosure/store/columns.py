"""Cell columns of `reports`, from `disclosure.contract` — pure Python on purpose.

Kept apart from `schema` (which needs polars) because the parse workers import this: importing
polars in every forked worker would cost more than parsing a report.
"""

from __future__ import annotations

from disclosure import contract

# Contract paths whose values are money (decimal); every other cell is an integer count.
FLOAT_PATHS: frozenset[str] = frozenset({"active.fees.amount_10k_yuan", "active.procurement.amount"})


def all_cell_paths() -> list[str]:
    """Union of the cell paths of every template, 2021 order first, then 2019-only paths."""
    seen: dict[str, None] = {}
    for template in ("2021", "2019"):
        for path in contract.cell_paths(template):
            seen.setdefault(path, None)
    return list(seen)


def column_of(path: str) -> str:
    """Column name of a contract path in `reports`: `requests.new.total` → `requests__new__total`."""
    return path.replace(".", "__")


CELL_PATHS: list[str] = all_cell_paths()
CELL_COLUMNS: dict[str, str] = {column_of(p): p for p in CELL_PATHS}
