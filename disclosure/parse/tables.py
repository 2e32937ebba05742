"""Every cell of sections 二, 三, 四 (SPEC §2–5, docs/CONTRACT.md `active`/`requests`/`review_litigation`/`cells`).

Each row is read from the table grid when the reader found one (blanks kept) and otherwise from the
running text between row labels. Run-together digits are split so that the identities hold jointly
(`digits`); where several splits remain, the differing cells are ambiguous with candidates. Blanks
become 0 only as SPEC §5 allows (an identity then holds, or the whole table is blank), marked
`imputed`. Nothing printed is ever altered to make a check pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from disclosure import contract
from disclosure.contract import Cell, Label
from disclosure.model import Document
from disclosure.parse import digits, labels, linear, sections

# parse/grids.py was renamed grid_rows.py (h8); the alias stays until this module says grid_rows.
from disclosure.parse import grid_rows as grids
from disclosure.parse.stream import GridRow, Stream, build
from disclosure.parse.tokens import COUNT_UNITS, canon, parse_cell
from disclosure.rules import identities
from disclosure.rules.identities import Identity

Value = int | float | None


@dataclass(slots=True)
class Reading:
    """What was printed for one row: candidate raw tuples (one raw string per column)."""

    candidates: list[tuple[str, ...]]
    pages: list[int | None]
    run_raw: str | None = None  # the printed run, shown as raw for ambiguous cells
    unreadable: bool = False  # tokens present but no split fits the columns
    too_many: bool = False  # more splits than the search keeps: ambiguous, candidates unknown
    grid: bool = False  # read from a table grid, where a blank cell is a printed blank
    # Running text: the row's label is printed and no value follows it before the next row — the
    # flattened form of a row of blank cells (a scraper drops empty cells), so blanks are printed.
    blank_row: bool = False
    label: Label | None = None  # provenance of the row label match (see `label_provenance`)
    # Unsplittable run: the readings that come closest (digits.closest_splits), None = dropped cell.
    closest: list[tuple[str | None, ...]] = field(default_factory=list)


@dataclass(slots=True)
class CellOut:
    path: str
    value: Value = None
    raw: str | None = None
    page: int | None = None
    imputed: bool = False
    ambiguous: bool = False
    candidates: list[Value] | None = None
    # False for a cell whose emptiness is not a printed blank (running text where no value was found
    # by the label, or a run that could not be split): never imputed.
    imputable: bool = True
    unsplittable: bool = False  # a printed run with no valid split into the row's cells
    imputed_by: str | None = None  # the rule (R1…R6, or "blank_table") that forced an imputed value
    reason: str | None = None  # why `value` is null (contract.NULL_REASONS), None when it is not
    label: Label | None = None

    def freeze(self) -> Cell:
        """The contract's cell (immutable from here on)."""
        return Cell(
            path=self.path,
            value=self.value,
            raw=self.raw,
            page=self.page,
            imputed=self.imputed,
            ambiguous=self.ambiguous,
            candidates=None if self.candidates is None else tuple(self.candidates),
            unsplittable=self.unsplittable,
            imputed_by=self.imputed_by,
            reason=self.reason,
            label=self.label,
        )


@dataclass(slots=True)
class ParsedTables:
    active: dict[str, dict[str, Value]]
    requests: dict[str, dict[str, Value]]
    review_litigation: dict[str, dict[str, Value]]
    cells: tuple[Cell, ...] = ()


# --- column kinds ---------------------------------------------------------------------------------
def active_kinds(template: str) -> dict[str, list[str]]:
    kinds: dict[str, list[str]] = {}
    for row, cols in contract.active_schema(template).items():
        k = []
        for col in cols:
            if col == "change":
                k.append("signed")
            elif col in ("amount_10k_yuan", "amount"):
                k.append("money")  # a unit may be printed in the cell ("251000元", "12.5万元")
            else:
                k.append("int")
        kinds[row] = k
    return kinds


def label_provenance(printed: str, how: str, distance: int = 0) -> Label:
    """Which printed label a row was matched by, and how: `keyword` (a row pattern, labels.py),
    `edit_distance` (typo-tolerant second pass; `distance` edits from the row's printed form)."""
    return Label(printed, how, distance)


def cell_value(raw: str, col: str, money_unit: str | None = None) -> Value:
    """The value of one printed cell in column `col` (None for blank, dash, text)."""
    c = parse_cell(raw)
    if c.kind != "number" or c.leading_zero:
        return None
    v = c.value
    if v is None:
        return None
    if col == "amount":  # procurement total, normalised to yuan
        unit = c.unit or money_unit
        return float(v) * (10000 if unit == "万元" else 1)
    if col == "amount_10k_yuan":
        return float(v)
    if c.unit in MONEY_UNITS:  # a money unit in a count cell: not a count as printed
        return None
    return v


MONEY_UNITS = ("元", "万元", "万")


# --- identities used to choose splits (the rules' own declaration, disclosure.rules) ----------------
def _row_check(rule: identities.RowSum) -> digits.GroupCheck:
    """A row identity (R3 on a request row, R6 on a section-四 group) as a `digits.GroupCheck` on the
    printed parts of one group; a group with a dash holds vacuously."""
    holds = identities.group_holds(rule)

    def check(_: int, parts: tuple[str, ...]) -> bool:
        return holds([digits.part_value(p) for p in parts])

    return check


REQUEST_ROW_CHECK = _row_check(identities.R3)
REVIEW_GROUP_CHECK = _row_check(identities.R6)
# The pruned sum search applies when the identity reads "last column = sum of the others".
REQUEST_SUM_GROUPS = identities.last_column_is_total(identities.R3, contract.REQUEST_COLUMNS)
REVIEW_SUM_GROUPS = identities.last_column_is_total(identities.R6, contract.REVIEW_COLUMNS)


def token_fits(kind: str, text: str) -> bool:
    """Whether one separately printed token can be a cell of a column of this kind as it stands
    ("1,036" fits an int column; "023", "-8" and "2.5" do not)."""
    c = parse_cell(text)
    if c.kind == "dash":
        return True
    if c.kind != "number" or c.leading_zero:
        return False
    if c.signed and kind != "signed":
        return False
    if isinstance(c.value, float) and kind != "money":
        return False
    return c.unit is None or c.unit in COUNT_UNITS or kind == "money"


def _read_tokens(
    tokens: list[linear.Token],
    kinds: Sequence[str],
    stream: Stream,
    group_sizes: Sequence[int] | None = None,
    group_check: digits.GroupCheck | None = None,
    sum_groups: bool = False,
    label_page: int | None = None,
) -> Reading:
    """One row's printed tokens → candidate raw tuples. Exactly as many well-formed tokens as
    columns are taken as printed; anything else is a run to split."""
    n = len(kinds)
    texts = [canon(t.text) for t in tokens]
    if not tokens:
        return Reading([tuple([""] * n)], [label_page] * n, blank_row=True)
    if len(texts) == n and all(token_fits(k, t) for t, k in zip(texts, kinds, strict=True)):
        return Reading([tuple(t.text for t in tokens)], [t.page for t in tokens])
    run_raw = " ".join(stream.text[tokens[0].start : tokens[-1].start + len(tokens[-1].text)].split())
    page = tokens[0].page
    if len(texts) > n and all(token_fits("money", t) for t in texts):
        # More separately printed numbers than columns: values of another row ran in (a label
        # printed after its numbers, a page break). Joining them would invent numbers.
        return Reading([], [page] * n, run_raw, unreadable=True)
    run = digits.pieces_to_run(texts)
    res = digits.split_run(run, kinds, group_sizes, group_check, sum_groups)
    if res.exhausted:
        return Reading([], [page] * n, run_raw, unreadable=True)
    if res.truncated or not res.solutions:
        return Reading([], [page] * n, run_raw, unreadable=True, too_many=res.truncated, closest=res.closest)
    cands = [digits.restore_dashes(s, texts) for s in res.solutions]
    return Reading(cands, [page] * n, run_raw)


# --- section 二 --------------------------------------------------------------------------------------
ACTIVE_LABEL_MAX = 24  # longest printed row label is 其他对外管理服务事项 plus numbering/notes


def _active_from_grids(rows: list[GridRow], template: str) -> dict[str, Reading]:
    schema = contract.active_schema(template)
    keys = tuple(schema)
    out: dict[str, Reading] = {}
    spans: list[grids.Span] = []
    for row in rows:
        hs = grids.header_spans(row.cells, labels.match_active_column)
        if hs:
            spans = hs
            continue
        label = grids.label_text(row.cells, 1)
        if len(label) > ACTIVE_LABEL_MAX or "。" in label:
            continue  # prose that a PDF extractor put into a grid, not a row label
        key = labels.match_active_row(label, keys)
        if key is None or key in out:
            continue
        prov = label_provenance(label, "keyword")
        cols = schema[key]
        by_span = grids.values_by_spans(row, spans) if spans else {}
        if all(c in by_span for c in cols):
            raws = tuple(by_span[c] for c in cols)
        else:
            vals = grids.distinct_values(row.cells, 1)
            if len(vals) != len(cols):
                vals = [v for v in vals if v.strip()]
            if len(vals) != len(cols):
                continue
            raws = tuple(vals)
        if any(parse_cell(r).kind == "text" for r in raws):
            # A row whose value cells hold text is not this table's row (e.g. narrative in a grid).
            continue
        out[key] = Reading([tuple(r.strip() for r in raws)], [row.page] * len(cols), grid=True, label=prov)
    return out


def _active_linear(
    stream: Stream, bounds: tuple[int, int], template: str, keys: Sequence[str]
) -> dict[str, Reading]:
    kinds = active_kinds(template)
    specs = [
        linear.RowSpec(k, (labels.ACTIVE_ROW_PATTERNS[k],), sign_words="signed" in kinds[k])
        for k in contract.active_schema(template)
    ]
    # Rows start after the first table heading: prose before it may mention 规章 or 行政许可 too.
    start = linear.first_match_end(stream, bounds, r"第[二十\d]+条第（[一1]）项|信息内容")
    found = linear.read_rows(stream, (start, bounds[1]), specs, labels.ACTIVE_STOPPERS)
    return {
        k: _with_label(
            _read_tokens(found[k].tokens, kinds[k], stream, label_page=stream.page_at(found[k].label_start)),
            found[k],
        )
        for k in keys
        if k in found
    }


def _with_label(reading: Reading, row: linear.LinearRow) -> Reading:
    reading.label = label_provenance(row.label, row.how, row.distance)
    reading.blank_row = reading.blank_row and row.blank
    return reading


# --- section 三 --------------------------------------------------------------------------------------
def _request_layout(rows: list[GridRow]) -> dict[int, list[grids.Span]]:
    """Column spans per table from its header rows (a continuation table reuses the previous one)."""
    layouts: dict[int, list[grids.Span]] = {}
    width: dict[int, int] = {}
    for row in rows:
        width[row.table] = len(row.cells)
        if any(parse_cell(c.text).kind == "number" for c in row.cells):
            continue
        spans = grids.header_spans(row.cells, labels.match_request_column)
        known = {s.key: s for s in layouts.get(row.table, [])}
        for s in spans:
            known.setdefault(s.key, s)
        if known:
            layouts[row.table] = sorted(known.values(), key=lambda s: s.first)
    prev: list[grids.Span] | None = None
    prev_w = None
    for t in sorted(width):
        cols = layouts.get(t)
        if cols and len(cols) == len(contract.REQUEST_COLUMNS):
            prev, prev_w = cols, width[t]
        elif prev is not None and width[t] == prev_w:
            layouts[t] = prev
        elif width[t] >= len(contract.REQUEST_COLUMNS) + 1:
            # No header: the value columns are the last seven slots.
            w = width[t]
            layouts[t] = [grids.Span(c, w - 7 + i, w - 7 + i) for i, c in enumerate(contract.REQUEST_COLUMNS)]
    return layouts


def _requests_from_grids(rows: list[GridRow], template: str) -> dict[str, Reading]:
    layouts = _request_layout(rows)
    wanted = set(contract.request_row_keys(template))
    out: dict[str, Reading] = {}
    for row in rows:
        spans = layouts.get(row.table)
        if not spans or len(spans) != len(contract.REQUEST_COLUMNS):
            continue
        first = min(s.first for s in spans)
        if not grids.is_value_row(row.cells, first) and not all(
            c.text.strip() == "" for c in row.cells[first:]
        ):
            continue
        label = grids.label_text(row.cells, first)
        if "。" in label:
            continue  # prose in a grid, not a row label
        key = labels.match_request_row(label)
        prov = label_provenance(label, "keyword")
        if key is None:
            fuzzy = labels.fuzzy_request_row(label)
            if fuzzy is not None:
                key, prov = fuzzy[0], label_provenance(label, "edit_distance", fuzzy[1])
        if key is None or key in out:
            continue
        if key not in wanted:
            # A 2019-template report has no such row in the contract; mapping it onto another row
            # would mix two printed facts, so it is left out (R2 then shows the gap).
            continue
        by = grids.values_by_spans(row, spans)
        raws = tuple(by.get(c, "").strip() for c in contract.REQUEST_COLUMNS)
        out[key] = Reading([raws], [row.page] * len(raws), grid=True, label=prov)
    return out


def _request_specs(template: str) -> list[linear.RowSpec]:
    specs = []
    for key in contract.request_row_keys(template):
        pats: tuple[str, ...] = (labels.REQUEST_ROW_PATTERNS[key],)
        unless: tuple[str, ...] = ()
        if key == "other_other":
            pats += (labels.OTHER_GROUP_PATTERN,)
            unless = ("other_no_correction", "other_unpaid_fee")
        elif key == "handled_total":
            pats += (r"(?:总计|合计)",)
        specs.append(linear.RowSpec(key, pats, unless, fuzzy=labels.FUZZY_REQUEST_LABELS.get(key)))
    return specs


def _requests_linear(
    stream: Stream, bounds: tuple[int, int], template: str, keys: Sequence[str]
) -> dict[str, Reading]:
    found = linear.read_rows(stream, bounds, _request_specs(template), labels.REQUEST_STOPPERS)
    kinds = ["int"] * len(contract.REQUEST_COLUMNS)
    return {
        k: _with_label(
            _read_tokens(
                found[k].tokens,
                kinds,
                stream,
                None,
                REQUEST_ROW_CHECK,
                sum_groups=REQUEST_SUM_GROUPS,
                label_page=stream.page_at(found[k].label_start),
            ),
            found[k],
        )
        for k in keys
        if k in found
    }


# --- section 四 --------------------------------------------------------------------------------------
def _review_from_grids(rows: list[GridRow]) -> Reading | None:
    """Section 四 from table grids: one row of 15 values, or three 5-value rows (one per group, in
    printed order), as when a converter writes the section as three separate 5-column tables."""
    header_cols: dict[int, dict[int, str]] = {}
    fives: list[tuple[tuple[str, ...], int | None]] = []
    for row in rows:
        if any(parse_cell(c.text).kind == "number" for c in row.cells):
            slots = header_cols.get(row.table, {})
            cols = sorted(i for i in slots)
            n = len(REVIEW_PATHS)
            if len(cols) == n:
                starts = set(grids.cell_starts(row.cells))
                by_slot = {i: row.cells[i].text.strip() if i in starts else "" for i in cols}
                # Groups in printed order (复议, 直接起诉, 复议后起诉); inside a group, columns by
                # their header label, so a report printing 总计 first is still read right.
                ordered: list[str] = []
                for g in range(len(contract.REVIEW_GROUPS)):
                    chunk = cols[g * 5 : (g + 1) * 5]
                    named = {slots[i]: by_slot[i] for i in chunk}
                    if len(named) != 5:
                        named = dict(zip(contract.REVIEW_COLUMNS, (by_slot[i] for i in chunk), strict=True))
                    ordered += [named[c] for c in contract.REVIEW_COLUMNS]
                raws = tuple(ordered)
            else:
                raws = tuple(v.strip() for v in grids.distinct_values(row.cells, 0))
                if len(raws) != n:
                    group = _five_values(row, slots)
                    if group is not None:
                        fives.append((group, row.page))
                    continue
            if any(parse_cell(r).kind == "text" for r in raws):
                continue
            return Reading([raws], [row.page] * n, grid=True)
        slots = header_cols.setdefault(row.table, {})
        for i, c in enumerate(row.cells):
            k = labels.match_review_column(labels.normalise(c.text))
            if k is not None:
                slots[i] = k
    if len(fives) == len(contract.REVIEW_GROUPS):
        raws = tuple(v for group, _ in fives for v in group)
        return Reading([raws], [p for _, p in fives for _ in range(5)], grid=True)
    return None


def _five_values(row: GridRow, slots: dict[int, str]) -> tuple[str, ...] | None:
    """One group's five values (REVIEW_COLUMNS order) from a row of a 5-column section-四 table:
    label cells first are skipped; columns follow the table's header when it names all five."""
    starts = [i for i in grids.cell_starts(row.cells)]
    while starts and parse_cell(row.cells[starts[0]].text).kind == "text":
        starts.pop(0)
    if len(starts) != 5 or any(parse_cell(row.cells[i].text).kind == "text" for i in starts):
        return None
    named = {slots[i]: row.cells[i].text.strip() for i in starts if i in slots}
    if len(named) == 5:
        return tuple(named[c] for c in contract.REVIEW_COLUMNS)
    return tuple(row.cells[i].text.strip() for i in starts)


def _review_linear(stream: Stream, bounds: tuple[int, int]) -> Reading | None:
    # The values follow the last column header; prose after them may say 诉讼 again ("…0000002024年
    # 我局无其他复议诉讼"), so the header taken is the last one that a value directly follows.
    start = linear.last_match_end(stream, bounds, r"(?:总计|合计|审结|结果|诉讼|起诉)(?=\s*[\d/—-])")
    if start == bounds[0]:
        start = linear.last_match_end(stream, bounds, r"总计|合计|审结|结果|诉讼|起诉")
    tokens = linear.tokens_in(stream, start, bounds[1])
    if not tokens:
        return None
    size = len(contract.REVIEW_COLUMNS)
    return _read_tokens(
        tokens,
        ["int"] * len(REVIEW_PATHS),
        stream,
        [size] * len(contract.REVIEW_GROUPS),
        REVIEW_GROUP_CHECK,
        sum_groups=REVIEW_SUM_GROUPS,
    )


REVIEW_PATHS: tuple[tuple[str, str], ...] = tuple(
    (g, c) for g in contract.REVIEW_GROUPS for c in contract.REVIEW_COLUMNS
)


# --- resolving candidates into cells ----------------------------------------------------------------
def _closest_values(closest: list[tuple[str | None, ...]], i: int) -> list[Value] | None:
    """Distinct values column i takes in the closest readings of an unsplittable run (sorted;
    a dropped cell gives none), or None when there are no such readings."""
    vals = {_part_number(part) for r in closest if (part := r[i]) is not None}
    vals.discard(None)
    return sorted(vals) if vals else None  # type: ignore[type-var]


def _part_number(part: str) -> Value:
    """A part of a closest reading as a number: digits with a leading zero ("05") read as digits."""
    return int(part) if part.isascii() and part.isdigit() else digits.part_value(part)


def _resolve(
    path_prefix: str,
    reading: Reading | None,
    cols: Sequence[str],
    values_of: Callable[[tuple[str, ...]], tuple[Value, ...]],
    kept_values: list[tuple[Value, ...]] | None = None,
) -> list[CellOut]:
    """Cells of one row from its (jointly reduced) candidates."""
    out = []
    if reading is None:
        return [CellOut(f"{path_prefix}.{c}") for c in cols]
    if reading.unreadable or not reading.candidates:
        return [
            CellOut(
                f"{path_prefix}.{c}",
                None,
                reading.run_raw or "",
                reading.pages[i],
                ambiguous=reading.too_many,
                imputable=False,
                unsplittable=not reading.too_many,
                candidates=_closest_values(reading.closest, i),
                label=reading.label,
            )
            for i, c in enumerate(cols)
        ]
    pairs = [(cand, values_of(cand)) for cand in reading.candidates]
    if kept_values is not None:
        pairs = [(c, v) for c, v in pairs if v in kept_values] or pairs
    for i, c in enumerate(cols):
        vals = {p[1][i] for p in pairs}
        raws = {p[0][i] for p in pairs}
        cell = CellOut(
            f"{path_prefix}.{c}",
            page=reading.pages[i],
            imputable=reading.grid or reading.blank_row,
            label=reading.label,
        )
        if len(vals) == 1 and len(raws) == 1:
            cell.value = next(iter(vals))
            cell.raw = next(iter(raws))
        elif len(vals) == 1:
            cell.value = next(iter(vals))
            cell.raw = reading.run_raw
        else:
            cell.ambiguous = True
            cell.raw = reading.run_raw
            cands: list[Value] = [v for v in sorted(v for v in vals if v is not None)]
            cell.candidates = cands or None
        out.append(cell)
    return out


def _impute_blanks(cells: dict[str, CellOut], idents: Sequence[Identity]) -> None:
    """Blank ("") cells become 0 (imputed) when an identity they take part in then holds, or when
    every printed cell of the table is blank (SPEC §5); the rule that held is kept in `imputed_by`."""
    printed = [c for c in cells.values() if c.raw is not None]
    if printed and all(c.raw == "" and c.imputable for c in printed):
        for c in printed:
            c.value, c.imputed = (0.0 if c.path.endswith(("amount_10k_yuan", ".amount")) else 0), True
            c.imputed_by = "blank_table"
        return
    blanks = {
        p for p, c in cells.items() if c.raw == "" and c.value is None and not c.ambiguous and c.imputable
    }
    if not blanks:
        return

    def val(p: str) -> Value:
        c = cells.get(p)
        if c is None or c.raw is None:
            return 0  # a row the report does not print is not part of its identity
        return 0 if p in blanks else c.value

    holds: dict[str, str] = {}
    for ident in idents:
        rule, lhs, rhs = ident.rule, ident.left, ident.right
        involved = [p for p in lhs + rhs if p in blanks]
        if not involved:
            continue
        vals_l = [val(p) for p in lhs]
        vals_r = [val(p) for p in rhs]
        if any(v is None for v in vals_l + vals_r):
            continue
        if sum(vals_l) == sum(vals_r):  # type: ignore[arg-type]
            for p in involved:
                holds.setdefault(p, rule)
    for p, rule in holds.items():
        cells[p].value, cells[p].imputed, cells[p].imputed_by = 0, True, rule


# --- entry point ------------------------------------------------------------------------------------
def parse_tables(doc: Document, template: str) -> ParsedTables:
    """Every cell of the template's tables, section by section, then why each null cell is null."""
    stream = build(doc)
    bounds = sections.find_bounds(stream.text)
    cells = _active_cells(stream, bounds.active, template)
    request_cells, req_template = _request_cells(stream, bounds.requests, template)
    cells.update(request_cells)
    cells.update(_review_cells(stream, bounds.review))
    ordered = [cells[p] for p in contract.cell_paths(template)]
    found = {"active": bounds.active, "requests": bounds.requests, "review_litigation": bounds.review}
    gap = _gap_reason(doc)
    in_template = tuple(f"requests.{k}." for k in contract.request_row_keys(req_template))
    for c in ordered:
        c.reason = null_reason(
            c,
            found[c.path.split(".")[0]] is not None,
            c.path.startswith("requests.") and not c.path.startswith(in_template),
            gap,
        )
    frozen = tuple(c.freeze() for c in ordered)
    return ParsedTables(
        active=contract.nest(frozen, "active", contract.active_schema(template)),
        requests=contract.nest(
            frozen, "requests", {r: contract.REQUEST_COLUMNS for r in contract.REQUEST_ROW_KEYS}
        ),
        review_litigation=contract.nest(
            frozen, "review_litigation", {g: contract.REVIEW_COLUMNS for g in contract.REVIEW_GROUPS}
        ),
        cells=frozen,
    )


def _active_cells(stream: Stream, bounds: tuple[int, int] | None, template: str) -> dict[str, CellOut]:
    """Section 二: rows from the table grid, the rest from running text; blanks imputed only when the
    whole table is blank (no identity ties its cells)."""
    schema = contract.active_schema(template)
    act: dict[str, Reading] = {}
    money_unit = None
    if bounds:
        act = _active_from_grids(stream.rows_between(*bounds), template)
        missing = [k for k in schema if k not in act]
        if missing:
            act.update(_active_linear(stream, bounds, template, missing))
        norm_active = labels.normalise(stream.text[bounds[0] : bounds[1]])
        if re.search(r"采购总金额（(?:单位:)?万元）", norm_active):
            money_unit = "万元"
    cells: dict[str, CellOut] = {}
    for row, cols in schema.items():

        def active_values(cand: tuple[str, ...], cols: tuple[str, ...] = cols) -> tuple[Value, ...]:
            return tuple(cell_value(r, c, money_unit) for r, c in zip(cand, cols, strict=True))

        for cell in _resolve(f"active.{row}", act.get(row), cols, active_values):
            cells[cell.path] = cell
    _impute_blanks(cells, [])
    return cells


def _request_values(cand: tuple[str, ...]) -> tuple[Value, ...]:
    return tuple(cell_value(r, c) for r, c in zip(cand, contract.REQUEST_COLUMNS, strict=True))


def _request_cells(
    stream: Stream, bounds: tuple[int, int] | None, template: str
) -> tuple[dict[str, CellOut], str]:
    """Section 三 and the template its rows follow: what it prints — a 2019-style section 二 may come
    with the 2021 section 三 (shs_2021), whose （六） sub-rows are then read, not dropped. Splits are
    chosen jointly by R1–R3; then blanks an identity allows become 0, and short rows the identities
    force are filled."""
    req: dict[str, Reading] = {}
    req_template = template
    if bounds:
        norm_req = labels.normalise(stream.text[bounds[0] : bounds[1]])
        if any(lab in norm_req for lab in sections.ROWS_ONLY_2021):
            req_template = "2021"
    keys = contract.request_row_keys(req_template)
    if bounds:
        req = _requests_from_grids(stream.rows_between(*bounds), req_template)
        missing = [k for k in keys if k not in req]
        if missing:
            req.update(_requests_linear(stream, bounds, req_template, missing))
    value_cands = {
        k: list(dict.fromkeys(_request_values(c) for c in r.candidates))
        for k, r in req.items()
        if r.candidates and not r.unreadable
    }
    reduced, _ = digits.solve_joint(value_cands, identities.request_linear_forms(keys))
    cells: dict[str, CellOut] = {}
    for row in contract.REQUEST_ROW_KEYS:
        for cell in _resolve(
            f"requests.{row}", req.get(row), contract.REQUEST_COLUMNS, _request_values, reduced.get(row)
        ):
            cells[cell.path] = cell
    req_identities = identities.request_identities(keys)
    _impute_blanks(cells, req_identities)
    _force_short_rows(cells, req_identities)
    return cells, req_template


def _review_cells(stream: Stream, bounds: tuple[int, int] | None) -> dict[str, CellOut]:
    """Section 四: one reading of its 15 cells (grid, else running text); blanks R6 allows become 0."""
    rev: Reading | None = None
    if bounds:
        rev = _review_from_grids(stream.rows_between(*bounds))
        if rev is None:
            rev = _review_linear(stream, bounds)
    flat_cols = [f"{g}.{c}" for g, c in REVIEW_PATHS]
    cells = {
        cell.path: cell
        for cell in _resolve(
            "review_litigation", rev, flat_cols, lambda cand: tuple(cell_value(r, "count") for r in cand)
        )
    }
    _impute_blanks(cells, identities.review_identities())
    return cells


# --- case 5: a row printed with fewer numbers than columns -----------------------------------------
def _force_short_rows(cells: dict[str, CellOut], idents: Sequence[Identity]) -> None:
    """Fill the cells of an unsplittable row when the identities force every one of them.

    "四、结转下年度继续办理000000": six zeros under seven columns. With every other row known, R1
    (per column) gives each cell; the row is filled only when all its cells are forced, the forced
    values are non-negative integers, and the printed digits are what the forced row prints with
    cells left out (a subsequence of its digits, in order) — so a value is never read against the
    print. Filled cells are `imputed`, `imputed_by` names the rule; the raw run stays as printed.
    """
    rows: dict[str, list[str]] = {}
    for p, c in cells.items():
        if c.unsplittable and c.value is None:
            rows.setdefault(p.rsplit(".", 1)[0], []).append(p)
    if not rows:
        return
    known: dict[str, Value] = {p: c.value for p, c in cells.items() if c.value is not None}
    unknown = {p for ps in rows.values() for p in ps}
    forced: dict[str, tuple[Value, str]] = {}
    changed = True
    while changed:
        changed = False
        for ident in idents:
            rule, terms = ident.rule, ident.terms()
            open_terms = [(p, s) for p, s in terms if p not in known and p not in forced]
            if len(open_terms) != 1 or open_terms[0][0] not in unknown:
                continue
            p, sign = open_terms[0]
            # Rows the report does not print take no part (as in the checks).
            rest = [
                (q, t) for q, t in terms if q != p and cells.get(q) is not None and cells[q].raw is not None
            ]
            vals = [(known.get(q, forced.get(q, (None, ""))[0]), t) for q, t in rest]
            nums = [(v, t) for v, t in vals if v is not None]
            if len(nums) != len(vals):
                continue
            total = sum(v * t for v, t in nums)
            forced[p] = (-total * sign, rule)
            changed = True
    for paths in rows.values():
        if not all(p in forced for p in paths):
            continue
        values = [forced[p][0] for p in paths]
        if any(not isinstance(v, int) or v < 0 for v in values):
            continue
        printed = re.sub(r"\D", "", cells[paths[0]].raw or "")
        full = "".join(str(v) for v in values)
        if not printed or len(printed) >= len(full) or not _is_subsequence(printed, full):
            continue
        for p in paths:
            c = cells[p]
            c.value, c.imputed, c.imputed_by = forced[p][0], True, forced[p][1]


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


# --- why a cell is null ------------------------------------------------------------------------------
def _gap_reason(doc: Document) -> str:
    """Reason for a table the document does not show: `unreadable_page` when some page gave no text
    at all (an image the OCR could not read, a broken page), else `table_missing`."""
    if doc.has_pages and any(not p.blocks for p in doc.pages):
        return "unreadable_page"
    return "table_missing"


def null_reason(cell: CellOut, section_found: bool, outside_template: bool, gap: str) -> str | None:
    """contract.NULL_REASONS key for a null cell (None when the cell has a value)."""
    if cell.value is not None:
        return None
    if cell.ambiguous:
        return "ambiguous"
    if cell.unsplittable:
        return "unsplittable"
    if cell.raw is None:
        if outside_template:
            return "not_in_template"
        return "not_printed" if section_found else gap
    kind = parse_cell(cell.raw).kind
    return {"blank": "blank", "dash": "dash"}.get(kind, "not_a_number")
