-- Imputed and ambiguous cells of the selected current reports, with their source. One page: $limit rows
-- from $offset in a total order (report_id, path); the count is quality_counts.sql's n_imputed + n_ambiguous.
SELECT s.agency_id,
       s.agency || CASE WHEN s.scope = 'aggregate' THEN '（汇总）' ELSE '' END AS agency,
       s.year, c.path, c.section, c."row", c.col, c.value, c.raw, c.page, c.imputed, c.ambiguous,
       c.candidates, s.source_file, c.report_id
FROM cells AS c
JOIN selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                      $include_aggregate) AS s USING (report_id)
WHERE c.imputed OR c.ambiguous
ORDER BY s.agency, s.year, c.report_id, c.path
LIMIT $limit OFFSET $offset;
