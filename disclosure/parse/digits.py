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
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from disclosure.parse.tokens import parse_cell

DASH_MARK = "§"  # one character standing for a dash-like token ("/", "—", "无") inside a run

# What one part may look like, per column kind. Every kind also accepts a dash token.
PART_PATTERNS: dict[str, re.Pattern[str]] = {
    "int": re.compile(r"(?:0|[1-9]\d*)"),
    "signed": re.compile(r"[+\-]?(?:0|[1-9]\d*)"),
    "decimal": re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?"),
    "money": re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?(?:万元|元)?"),
}

MAX_SOLUTIONS = 5000  # splits kept per run; beyond this the run is reported as unsplittable
MAX_COMBINATIONS = 200_000  # joint search bound over rows


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


def split_run(
    run: str,
    kinds: Sequence[str],
    group_sizes: Sequence[int] | None = None,
    group_check: GroupCheck | None = None,
) -> SplitResult:
    """All splits of `run` into len(kinds) parts, preferring those whose groups pass `group_check`.

    `run` holds the row's printed characters without whitespace (dash tokens as DASH_MARK). Splits
    failing the fewest group checks are returned: first those failing none; only if there are none,
    those failing one, and so on (a report that contradicts itself still gets its best readings).
    """
    sizes = list(group_sizes) if group_sizes else [len(kinds)]
    n_groups = len(sizes)
    if group_check is None:
        sols, truncated = _search(run, kinds, sizes, None, 0)
        return SplitResult(sols, 0, truncated)
    for max_fail in range(n_groups + 1):
        sols, truncated = _search(run, kinds, sizes, group_check, max_fail)
        if sols or truncated:
            return SplitResult(sols, max_fail, truncated)
    return SplitResult([], n_groups)


def _search(run: str, kinds: Sequence[str], sizes: list[int], group_check: GroupCheck | None,
            max_fail: int) -> tuple[list[tuple[str, ...]], bool]:
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
        max_len = len(run) - pos - (remaining_parts - 1)
        for length in range(1, max_len + 1):
            part = run[pos:pos + length]
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
Identity = Callable[[dict[str, tuple[int | float | None, ...]]], bool | None]


def solve_joint(
    candidates: dict[str, list[tuple[int | float | None, ...]]],
    identities: Sequence[Identity],
) -> tuple[dict[str, list[tuple[int | float | None, ...]]], bool]:
    """Keep, per row, the candidate value tuples that occur in some best joint assignment.

    Best = the most identities that hold (an identity returns None when not evaluable). Returns
    the reduced candidates and whether the joint search ran (False when it would exceed
    MAX_COMBINATIONS; then every row keeps all its candidates and ambiguity is reported per row).
    """
    free = [k for k, c in candidates.items() if len(c) > 1]
    if not free:
        return candidates, True
    total = 1
    for k in free:
        total *= len(candidates[k])
        if total > MAX_COMBINATIONS:
            return candidates, False
    assignment = {k: c[0] for k, c in candidates.items()}
    best = -1
    kept: dict[str, set[tuple[int | float | None, ...]]] = {k: set() for k in free}
    for combo in itertools.product(*(candidates[k] for k in free)):
        for k, v in zip(free, combo, strict=True):
            assignment[k] = v
        score = sum(1 for ident in identities if ident(assignment) is True)
        if score > best:
            best = score
            kept = {k: set() for k in free}
        if score == best:
            for k, v in zip(free, combo, strict=True):
                kept[k].add(v)
    out = dict(candidates)
    for k in free:
        out[k] = [c for c in candidates[k] if c in kept[k]]
    return out, True
