"""The `reports_corrected` view: `reports` with administrators' corrections (table `revisions`) applied.

Why a view built here and not in queries/: it has one expression per contract cell column (219), so it
is generated from `disclosure.store.columns`, the one home of those names; nothing in it comes from
user input. Charts read `reports_charted`, which is built on this view, so they use corrected values;
`corrected_paths` lists the corrected cells of each report so pages can mark them. `reports`, `cells`
and every export keep the printed values (exports add the corrected value in its own column).
"""

from __future__ import annotations

from disclosure.store.columns import CELL_COLUMNS, FLOAT_PATHS


def reports_corrected_sql(source: str = "reports") -> str:
    """The view's SELECT over `source` (`reports`; the dashboard's database update passes a table of
    the reports it recomputes, data._update). Names come from code only."""
    newest, replaced = [], []
    for column, path in CELL_COLUMNS.items():
        alias = f"c__{column}"
        newest.append(f"arg_max(new_value, recorded_at) FILTER (WHERE path = '{path}') AS {alias}")
        dtype = "DOUBLE" if path in FLOAT_PATHS else "BIGINT"
        replaced.append(f"coalesce(CAST(k.{alias} AS {dtype}), r.{column}) AS {column}")
    return (
        f"SELECT r.* REPLACE ({', '.join(replaced)}), coalesce(k.corrected_paths, []) AS corrected_paths "
        f"FROM {source} AS r LEFT JOIN (SELECT report_id, list(DISTINCT path ORDER BY path) AS corrected_paths, "
        f"{', '.join(newest)} FROM revisions GROUP BY report_id) AS k ON k.report_id = r.report_id"
    )
