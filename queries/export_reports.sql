-- The selected current reports, all columns (the rows behind every chart), with the cells the parser
-- imputed as 0 or found ambiguous listed per report (a plain 0 in the export would hide that). Those
-- lists are read from `cells` only for the reports whose own counts (n_imputed, n_ambiguous: the
-- store's per-report counts of those cells) say they have one: grouping every cell of the selection
-- (about 400 000 000 at 2 000 000 reports) made even the first preview page take minutes.
WITH selected AS NOT MATERIALIZED (
    SELECT *
    FROM selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                          $include_aggregate)
), flags AS (
    SELECT report_id,
           list(path ORDER BY path) FILTER (WHERE imputed) AS imputed_cells,
           list(path ORDER BY path) FILTER (WHERE ambiguous) AS ambiguous_cells
    FROM cells
    WHERE report_id IN (SELECT report_id FROM selected WHERE coalesce(n_imputed, 0) > 0 OR coalesce(n_ambiguous, 0) > 0)
    GROUP BY report_id
)
-- the flagged reports with their lists; every other report without a join (no such cell: NULL lists, as
-- the grouping of its cells gave; a join of every report's wide row cost seconds per preview page)
SELECT s.* EXCLUDE (part), f.imputed_cells, f.ambiguous_cells
FROM selected AS s
LEFT JOIN flags AS f USING (report_id)
WHERE coalesce(s.n_imputed, 0) > 0 OR coalesce(s.n_ambiguous, 0) > 0
UNION ALL
SELECT s.* EXCLUDE (part), CAST(NULL AS VARCHAR[]) AS imputed_cells, CAST(NULL AS VARCHAR[]) AS ambiguous_cells
FROM selected AS s
WHERE NOT (coalesce(s.n_imputed, 0) > 0 OR coalesce(s.n_ambiguous, 0) > 0)
-- total order: paged preview (ties broken by report_id)
ORDER BY province NULLS LAST, city NULLS LAST, county NULLS LAST, agency, year, report_id;
