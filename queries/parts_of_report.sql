-- The store parts holding one report version: its cells, checks and metrics are in the part of its
-- report row. The `parts` parameter of report_cells, report_checks, … (disclosure.dashboard.data.LOCATORS).
-- NULL, which reads every part, when the report is not found, its table is one file, or $report_id is NULL.
SELECT located_parts(part) AS parts  -- NULL unless every report found has a part (_macros.sql)
FROM report_index  -- sorted by report_id: one row group is read (queries/report_index.sql)
WHERE report_id = $report_id;
