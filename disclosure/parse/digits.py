"""Splitting run-together digits back into cells, and choosing splits jointly by the identities.

Scraped pages often lose the cell borders: "21710000218" is 217, 1, 0, 0, 0, 0, 218 (SPEC §7). A
printed number never has a leading zero, so the possible splits are few, and the table identities
(R3 per row, R1/R2 per column, R6 per group) usually leave exactly one. When several remain, every
cell that differs between them is reported as ambiguous with its candidates; nothing is guessed.

Hand-written because this is a small constraint search specific to these tables; a general CP solver
would be a large dependency for a search bounded by a few thousand combinations.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from disclosure.parse.tokens import parse_cell

DASH_MARK = "§"  # one character standing for a dash-like token ("/", "—", "无") inside a run

# What one part may look like, per column kind. Every kind also accepts a dash token.
PART_PATTERNS: dict[str, re.Pattern[str]] = {
    "int": re.compile(r"(?:0|[1-9]\d*)"),
    "signed": re.compile(r"[+\-]?(?:0|[1-9]\d*)"),
    "decimal": re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?"),
    "money": re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?(?:万元|元)?"),
}

MAX_SOLUTIONS = 5000  # splits kept per run; beyond this the run is reported as ambiguous
MAX_COMBINATIONS = 200_000  # joint search bound over rows
# Search steps (parts tried) per run. A real row splits in well under a thousand steps; a run of
# hundreds of digits (a page of numbers glued together) would otherwise take minutes or forever,
# so past this budget the run is reported as unsplittable — never guessed.
# The corpus needs at most ~900; hypothesis tests of made rows up to ~11 000. A step of the general
# search (which runs the group check) costs GENERAL_STEP_COST units, a step of the sum search one.
WORK_BUDGET = 60_000
GENERAL_STEP_COST = 6
# Longest part per column kind: no count in these tables comes near 12 digits, nor a money cell
# near 18 characters ("176586650.10元" has 13). A run longer than its columns can hold has no split.
MAX_PART_LEN: dict[str, int] = {"int": 12, "signed": 13, "decimal": 16, "money": 18}


class _OutOfBudget(Exception):
    """Raised inside a search when it has used WORK_BUDGET steps."""


class _Budget:
    __slots__ = ("left",)

    def __init__(self) -> None:
        self.left = WORK_BUDGET

    def step(self, cost: int = 1) -> None:
        self.left -= cost
        if self.left < 0:
            raise _OutOfBudget


def part_ok(kind: str, part: str) -> bool:
    return part == DASH_MARK or PART_PATTERNS[kind].fullmatch(part) is not None


def part_value(part: str) -> int | float | None:
    if part == DASH_MARK:
        return None
    return parse_cell(part).value


GroupCheck = Callable[[int, tuple[str, ...]], bool]


@dataclass(slots=True)
class SplitResult:
    solutions: list[tuple[str, ...]]  # each: one raw string per cell
    failed_checks: int  # group checks that fail in every returned solution (0 = all hold)
    truncated: bool = False  # more than MAX_SOLUTIONS: the run is too long to split honestly
    exhausted: bool = False  # the search ran out of WORK_BUDGET (or the run is too long): unsplittable
    # When there is no valid split (and the run is not too long for its columns): the readings that
    # come closest, all tied, at most MAX_CLOSEST (see `closest_splits`); a dropped cell is None.
    closest: list[tuple[str | None, ...]] = field(default_factory=list)


def split_run(
    run: str,
    kinds: Sequence[str],
    group_sizes: Sequence[int] | None = None,
    group_check: GroupCheck | None = None,
    sum_groups: bool = False,
) -> SplitResult:
    """All splits of `run` into len(kinds) parts, preferring those whose groups pass `group_check`.

    `run` holds the row's printed characters without whitespace (dash tokens as DASH_MARK). Splits
    failing the fewest group checks are returned: first those failing none; only if there are none,
    those failing one, and so on (a report that contradicts itself still gets its best readings).

    `sum_groups=True` says each group's last part is the sum of the others (R3, R6), which
    `group_check` must agree with; the exact solutions are then found by a pruned search that
    bounds every part by the group total instead of enumerating all splits.
    """
    sizes = list(group_sizes) if group_sizes else [len(kinds)]
    n_groups = len(sizes)
    if len(run) > sum(MAX_PART_LEN[k] for k in kinds):
        return SplitResult([], n_groups, exhausted=True)
    budget = _Budget()
    try:
        if group_check is None:
            sols, truncated = _search(run, kinds, sizes, None, 0, budget)
            return SplitResult(sols, 0, truncated)
        for max_fail in range(n_groups + 1):
            if max_fail == 0 and sum_groups and DASH_MARK not in run and all(k == "int" for k in kinds):
                sols, truncated = _sum_search(run, sizes, budget)
            else:
                sols, truncated = _search(run, kinds, sizes, group_check, max_fail, budget)
            if sols or truncated:
                return SplitResult(sols, max_fail, truncated)
    except _OutOfBudget:
        return SplitResult([], n_groups, exhausted=True)
    return SplitResult([], n_groups, closest=closest_splits(run, kinds, sizes, sum_groups))


_INT = re.compile(r"0|[1-9]\d*")

# --- the readings closest to a run that has no valid split (issue 9 item 7) -------------------------
# A defect is one of two small named departures from a valid split, each seen in real reports:
#   dropped cell   — the row prints fewer numbers than columns: "000000" under seven columns
#                    (jjp_2023 四、结转下年度继续办理), "0 00000" (gaj_2019 一、本年新收);
#   leading zero   — a part such as "05", which no printed count has: a separator lost inside a cell.
# Readings with the fewest defects are kept, and of those only the ones whose identity residual (Σ over
# groups of |total − sum of the other parts|, a dropped cell counting 0; only for rows whose groups are
# sums) is smallest — all of them, so that which cell a reading drops is not decided by search order.
# Bounded like the split itself: WORK_BUDGET steps, MAX_DEFECTS defects, MAX_SOLUTIONS readings
# examined, MAX_CLOSEST returned (every way to drop two of fifteen section-四 cells is 105); past the
# budget none are returned.
MAX_DEFECTS = 2
MAX_CLOSEST = 120
_DIGITS = re.compile(r"\d+")


def closest_splits(
    run: str, kinds: Sequence[str], sizes: Sequence[int] | None = None, sum_groups: bool = False
) -> list[tuple[str | None, ...]]:
    """The readings of `run` nearest to a valid split into len(kinds) parts (None = a dropped cell).

    Why: an unsplittable run is a gap the report must declare; showing what the print comes closest
    to lets a reader check it against the page. These are never values: the cell stays null.
    "000000" under seven int columns → the seven readings that drop one cell (all residual 0).
    """
    sizes = list(sizes) if sizes else [len(kinds)]
    if len(run) > sum(MAX_PART_LEN[k] for k in kinds):
        return []
    try:
        found = _fewest_defects(run, kinds)
    except _OutOfBudget:
        return []
    distinct = list(dict.fromkeys(found))
    scores = [_residual(r, sizes) if sum_groups else 0 for r in distinct]
    best = min(scores, default=0)
    return [r for r, score in zip(distinct, scores, strict=True) if score == best][:MAX_CLOSEST]


def _fewest_defects(run: str, kinds: Sequence[str]) -> list[tuple[str | None, ...]]:
    """Every reading of `run` with the fewest defects (1, else 2 — MAX_DEFECTS), at most
    MAX_SOLUTIONS: a defect is a dropped cell (None) or a part with a leading zero ("05").
    "0 00000" as "000000" under seven columns: one dropped cell. Raises _OutOfBudget."""
    n = len(kinds)
    budget = _Budget()
    found: list[tuple[str | None, ...]] = []
    parts: list[str | None] = []

    def rec(pos: int, defects: int, target: int) -> bool:
        k = len(parts)
        if k == n:
            if pos == len(run) and defects == target:
                found.append(tuple(parts))
                return len(found) >= MAX_SOLUTIONS
            return False
        if defects < target:  # drop this cell
            budget.step()
            parts.append(None)
            if rec(pos, defects + 1, target):
                return True
            parts.pop()
        for length in range(1, min(len(run) - pos, MAX_PART_LEN[kinds[k]]) + 1):
            budget.step()
            part = run[pos : pos + length]
            if part_ok(kinds[k], part):
                cost = 0
            elif kinds[k] == "int" and _DIGITS.fullmatch(part):
                cost = 1  # a leading zero
            else:
                continue
            if defects + cost > target:
                continue
            parts.append(part)
            if rec(pos + length, defects + cost, target):
                return True
            parts.pop()
        return False

    for target in range(1, MAX_DEFECTS + 1):
        rec(0, 0, target)
        if found:
            break
    return found


def _residual(split: tuple[str | None, ...], sizes: Sequence[int]) -> int:
    """Σ over groups of |total − sum of the other parts| (a dropped cell counts 0):
    ("5", "2", None, "7") as one group → |7 − 7| = 0."""
    total, start = 0, 0
    for size in sizes:
        group = split[start : start + size]
        start += size
        vals = [int(p) if p is not None and _DIGITS.fullmatch(p) else 0 for p in group]
        total += abs(vals[-1] - sum(vals[:-1]))
    return total


def _addends(
    run: str, pos: int, k: int, limit: int | None, end: int | None, budget: _Budget
) -> Iterator[tuple[list[str], int, int]]:
    """Yield (parts, next_pos, sum) for k int parts of `run` from pos; their sum ≤ limit; ending at end.

    "12310…" from 0, k=2 → (["1", "2"], 2, 3), (["1", "23"], 3, 24), …: the addends of a group whose
    total must then follow them in the run."""
    parts: list[str] = []
    n = len(run)

    def rec(p: int, acc: int) -> Iterator[tuple[list[str], int, int]]:
        if len(parts) == k:
            if end is None or p == end:
                yield list(parts), p, acc
            return
        left = k - len(parts) - 1
        stop = (end if end is not None else n) - left
        for q in range(p + 1, min(stop, p + MAX_PART_LEN["int"]) + 1):
            budget.step()
            piece = run[p:q]
            if not _INT.fullmatch(piece):
                break  # a leading zero stays a leading zero when the part grows
            v = int(piece)
            if limit is not None and acc + v > limit:
                break  # parts only grow with length
            parts.append(piece)
            yield from rec(q, acc + v)
            parts.pop()

    yield from rec(pos, 0)


def _exact_parts(run: str, pos: int, k: int, end: int, total: int, budget: _Budget) -> Iterator[list[str]]:
    """Yield k int parts splitting run[pos:end] exactly and summing to `total`.

    "112" into 3 parts summing to 4 → ["1", "1", "2"]; "2110" into 3 parts summing to 4 → none (2+1+10,
    21+1+0, 2+11+0 all miss). Pruned by two bounds: no part exceeds what is left of the total (so a part has at
    most as many digits as that remainder), and j parts of a string of m digits sum to less than
    j·10^(m−j+1), so a remainder that large cannot be reached.
    """
    parts: list[str] = []
    dead: set[tuple[int, int, int]] = set()  # (pos, parts left, remainder) with no split

    def rec(p: int, need: int) -> Iterator[list[str]]:
        j = k - len(parts)
        m = end - p
        if j == 0:
            if m == 0 and need == 0:
                yield list(parts)
            return
        if m < j or m > j * len(str(need)) or need >= j * 10 ** (m - j + 1) or (p, j, need) in dead:
            return
        found = False
        for q in range(p + 1, min(end - (j - 1), p + MAX_PART_LEN["int"]) + 1):
            budget.step()
            piece = run[p:q]
            if not _INT.fullmatch(piece):
                break
            v = int(piece)
            if v > need:
                break
            parts.append(piece)
            for sol in rec(q, need - v):
                found = True
                yield sol
            parts.pop()
        if not found:
            dead.add((p, j, need))

    yield from rec(pos, total)


def _sum_search(run: str, sizes: list[int], budget: _Budget) -> tuple[list[tuple[str, ...]], bool]:
    """Splits where, in every group, the last part equals the sum of the others (all parts ints).

    Groups before the last: choose the addends (`_addends`), then the total is forced (its digits must
    follow). The last group: its total is a suffix of the run, which bounds every addend
    (`_exact_parts`). "21710000218" in one group of 7 → ("217", "1", "0", "0", "0", "0", "218").
    """
    out: list[tuple[str, ...]] = []
    n = len(run)

    def rec_group(g: int, pos: int, acc_parts: list[str]) -> bool:
        size = sizes[g]
        if g == len(sizes) - 1:
            for q in range(max(pos + size - 1, n - MAX_PART_LEN["int"]), n):
                budget.step()
                tot = run[q:]
                if not _INT.fullmatch(tot) or q - pos > (size - 1) * len(tot):
                    continue
                for parts in _exact_parts(run, pos, size - 1, q, int(tot), budget):
                    out.append(tuple(acc_parts + parts + [tot]))
                    if len(out) > MAX_SOLUTIONS:
                        return True
            return False
        rest_min = sum(sizes[g + 1 :])
        for parts, p, s in _addends(run, pos, size - 1, None, None, budget):
            t = str(s)
            if run.startswith(t, p) and n - (p + len(t)) >= rest_min:
                if rec_group(g + 1, p + len(t), acc_parts + parts + [t]):
                    return True
        return False

    truncated = rec_group(0, 0, [])
    return out, truncated


def _search(
    run: str,
    kinds: Sequence[str],
    sizes: list[int],
    group_check: GroupCheck | None,
    max_fail: int,
    budget: _Budget,
) -> tuple[list[tuple[str, ...]], bool]:
    n = len(kinds)
    out: list[tuple[str, ...]] = []
    group_end = list(itertools.accumulate(sizes))
    parts: list[str] = []
    # Exactly `max_fail` failing groups when searching beyond zero, so each level adds new solutions.
    exact = max_fail > 0

    def rec(pos: int, fails: int) -> bool:
        k = len(parts)
        if k == n:
            if pos == len(run) and (not exact or fails == max_fail):
                out.append(tuple(parts))
                return len(out) > MAX_SOLUTIONS
            return False
        remaining_parts = n - k
        max_len = min(len(run) - pos - (remaining_parts - 1), MAX_PART_LEN[kinds[k]])
        if len(run) - pos > sum(MAX_PART_LEN[kd] for kd in kinds[k:]):
            return False  # what is left is longer than the remaining columns can hold
        for length in range(1, max_len + 1):
            budget.step(GENERAL_STEP_COST)
            part = run[pos : pos + length]
            if not part_ok(kinds[k], part):
                # Longer parts cannot become valid again once a dash or sign is misplaced.
                if part[0] == DASH_MARK or (length > 1 and part[0] == "0" and part[1:2] != "."):
                    break
                if part[0] in "+-" and kinds[k] != "signed":
                    break
                continue
            parts.append(part)
            f = fails
            ok = True
            if group_check is not None and (k + 1) in group_end:
                g = group_end.index(k + 1)
                start = group_end[g] - sizes[g]
                if not group_check(g, tuple(parts[start:])):
                    f += 1
                    ok = f <= max_fail
            if ok and rec(pos + length, f):
                return True
            parts.pop()
        return False

    truncated = rec(0, 0)
    return out, truncated


def pieces_to_run(tokens: Sequence[str]) -> str:
    """Join printed tokens of one row into a run; dash tokens become DASH_MARK."""
    out = []
    for t in tokens:
        kind = parse_cell(t).kind
        out.append(DASH_MARK if kind == "dash" else t.replace(",", ""))
    return "".join(out)


def restore_dashes(parts: tuple[str, ...], tokens: Sequence[str]) -> tuple[str, ...]:
    """Put the printed dash tokens back in place of DASH_MARK parts (in order)."""
    dashes = [t for t in tokens if parse_cell(t).kind == "dash"]
    it = iter(dashes)
    return tuple(next(it, p) if p == DASH_MARK else p for p in parts)


# --- Joint choice over rows -----------------------------------------------------------------------
# A linear identity: terms (row key, column index, coefficient); it holds when every value it names
# is known and the weighted sum is 0 (e.g. R1: new + carried_in − handled_total − carried_out).
LinearIdentity = Sequence[tuple[str, int, int]]
Candidates = dict[str, list[tuple[int | float | None, ...]]]


def solve_joint(candidates: Candidates, identities: Sequence[LinearIdentity]) -> tuple[Candidates, bool]:
    """Keep, per row, the candidate value tuples that occur in some best joint assignment.

    Best = the most identities that hold. All combinations are scored at once with numpy (bounded
    by MAX_COMBINATIONS); beyond that the search is not run, every row keeps all its candidates,
    and ambiguity is reported per row — never a silent pick. Returns (reduced, searched).
    """
    import numpy as np

    free = [k for k, c in candidates.items() if len(c) > 1]
    if not free:
        return candidates, True
    shape = [len(candidates[k]) for k in free]
    total = 1
    for n in shape:
        total *= n
    if total > MAX_COMBINATIONS:
        return candidates, False
    idx = np.indices(shape).reshape(len(free), -1)
    pos = {k: i for i, k in enumerate(free)}
    score = np.zeros(idx.shape[1], dtype=np.int32)
    for ident in identities:
        const = 0.0
        residual = np.zeros(idx.shape[1])
        possible = True
        for row, col, coef in ident:
            cands = candidates.get(row)
            if not cands:
                possible = False
                break
            if row in pos:
                vals = np.array([np.nan if (x := c[col]) is None else float(x) for c in cands])
                residual += coef * vals[idx[pos[row]]]
            else:
                v = cands[0][col]
                if v is None:
                    possible = False
                    break
                const += coef * float(v)
        if possible:
            score += residual + const == 0
    best = score == score.max()
    out = dict(candidates)
    for k in free:
        keep = set(np.unique(idx[pos[k]][best]).tolist())
        out[k] = [c for i, c in enumerate(candidates[k]) if i in keep]
    return out, True
