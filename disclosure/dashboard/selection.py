"""Which reports a page, an export or a briefing covers: ONE pure selection type (no Streamlit).

The sidebar (disclosure.dashboard.filters) builds it from its widgets, the 会议简报 (dashboard page and
`disclosure briefing` command alike) builds it from a scope and a year, and every query receives it as
the named parameters of the `selected_reports` macro (queries/_macros.sql). Before, the briefing had
its own `Scope` with the same fields and the same `params()`: two types that had to be kept in step.

Texts: `describe()` is the one-line caption of pages and exports (years, region, levels, kinds,
agencies, aggregate reports); `label()` and `short()` are the briefing's cover line and file-name part
(without years: the briefing names its year itself).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from disclosure.dashboard.fmt import KIND_LABELS, LEVEL_LABELS

ALL_REGIONS = "全部地区"


def default_years(lo: int, hi: int, first_table_year: int | None) -> tuple[int, int]:
    """The year range a page opens on without years in the URL: from the first year with reports in the
    unified table templates (queries/default_years.sql) to the last year of the data. Why not the whole
    range: the bundled data starts in 2011 with legacy reports (no tables), and a range from 2011 leaves
    a balanced panel of the two agencies that reported every year since; a supervisor compares recent,
    comparable years. The slider still reaches every year."""
    if first_table_year is None or not lo <= first_table_year <= hi:
        return lo, hi
    return int(first_table_year), hi


@dataclass(frozen=True)
class Selection:
    """Years, a region (any of its parts), levels/kinds within it, or a hand-picked set of agencies (all
    combinable; empty = no restriction). `agency_names` only serves the texts (not part of equality)."""

    year_from: int
    year_to: int
    province: str | None = None
    city: str | None = None
    county: str | None = None
    levels: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    agency_ids: tuple[str, ...] = ()
    include_aggregate: bool = False
    agency_names: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def between(self, year_from: int, year_to: int) -> Selection:
        """The same selection over other years (the briefing: the year and the year before)."""
        return dataclasses.replace(self, year_from=year_from, year_to=year_to)

    def params(self) -> dict[str, Any]:
        """Named parameters for the `selected_reports` macro (NULL = no restriction)."""
        return {
            "year_from": self.year_from,
            "year_to": self.year_to,
            "province": self.province,
            "city": self.city,
            "county": self.county,
            "levels": list(self.levels) or None,
            "kinds": list(self.kinds) or None,
            "agency_ids": list(self.agency_ids) or None,
            "include_aggregate": self.include_aggregate,
        }

    def query_params(self) -> dict[str, str | list[str]]:
        """The URL keys of the sidebar (filters.URL_KEYS): a link reproduces the view."""
        qp: dict[str, str | list[str]] = {"y0": str(self.year_from), "y1": str(self.year_to)}
        for key, value in (("prov", self.province), ("city", self.city), ("county", self.county)):
            if value:
                qp[key] = value
        if self.levels:
            qp["level"] = list(self.levels)
        if self.kinds:
            qp["kind"] = list(self.kinds)
        if self.agency_ids:
            qp["unit"] = list(self.agency_ids)
        if self.include_aggregate:
            qp["agg"] = "1"
        return qp

    def region(self) -> str:
        """省·市·县 of the selection, or 全部地区."""
        return "·".join(p for p in (self.province, self.city, self.county) if p) or ALL_REGIONS

    def _names(self, names: dict[str, str] | None) -> dict[str, str]:
        return self.agency_names if names is None else names

    def label(self, names: dict[str, str] | None = None) -> str:
        """Region, levels, kinds and agencies in one Chinese line, without years (briefing cover)."""
        parts = [self.region()]
        if self.levels:
            parts.append("、".join(LEVEL_LABELS.get(v, v) for v in self.levels))
        if self.kinds:
            parts.append("、".join(KIND_LABELS.get(v, v) for v in self.kinds))
        if self.agency_ids:
            known = self._names(names)
            picked = [known.get(a, a) for a in self.agency_ids]
            parts.append("、".join(picked[:3]) + (f"等{len(picked)}个单位" if len(picked) > 3 else ""))
        return " ｜ ".join(parts)

    def short(self, names: dict[str, str] | None = None) -> str:
        """A short form for chart titles and file names (no separators that a file system dislikes)."""
        base = "".join(p for p in (self.province, self.city, self.county) if p) or ALL_REGIONS
        if self.levels:
            base += "".join(LEVEL_LABELS.get(v, v) for v in self.levels)
        if self.kinds:
            base += "".join(KIND_LABELS.get(v, v) for v in self.kinds)
        if self.agency_ids:
            base += (
                self._names(names).get(self.agency_ids[0], "")
                if len(self.agency_ids) == 1
                else f"自选{len(self.agency_ids)}个单位"
            )
        return base

    def years_text(self) -> str:
        if self.year_from == self.year_to:
            return f"{self.year_from}年"
        return f"{self.year_from}–{self.year_to}年"

    def describe(self) -> str:
        """One line in Chinese naming the selection (for captions, briefings and exports)."""
        aggregate = "含汇总报告（单列，不计入合计）" if self.include_aggregate else "不含汇总报告"
        return " ｜ ".join([self.years_text(), self.label(), aggregate])
