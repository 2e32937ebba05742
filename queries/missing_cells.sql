-- Cells of the selected current reports whose printed figure could not be read, with the reason.
-- The gap reasons are contract.GAP_REASONS (printed blanks and dashes are facts, not gaps).
-- One page: $limit rows from $offset in a total order (report_id, path); the count: missing_count.sql.
SELECT s.agency_id,
       s.agency || CASE WHEN s.scope = 'aggregate' THEN '（汇总）' ELSE '' END AS agency,
       s.year, c.path, c.null_reason, c.raw, c.candidates, c.page, s.source_file, c.report_id
FROM cells AS c
JOIN selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                      $include_aggregate) AS s USING (report_id)
WHERE c.value IS NULL AND list_contains($gap_reasons, c.null_reason)
ORDER BY s.agency, s.year, c.report_id, c.section, c.path
LIMIT $limit OFFSET $offset;
