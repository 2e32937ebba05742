-- The selected current reports, all columns (the rows behind every chart), with the cells the parser
-- imputed as 0 or found ambiguous listed per report (a plain 0 in the export would hide that).
WITH flags AS (
    SELECT report_id,
           list(path ORDER BY path) FILTER (WHERE imputed) AS imputed_cells,
           list(path ORDER BY path) FILTER (WHERE ambiguous) AS ambiguous_cells
    FROM cells
    GROUP BY report_id
)
SELECT s.* EXCLUDE (part), f.imputed_cells, f.ambiguous_cells
FROM selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                      $include_aggregate) AS s
LEFT JOIN flags AS f USING (report_id)
-- total order: paged preview (ties broken by report_id)
ORDER BY province NULLS LAST, city NULLS LAST, county NULLS LAST, agency, year, report_id;
