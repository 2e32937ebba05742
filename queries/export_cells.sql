-- Every cell of the selected current reports, long format, with its provenance; `value` is the printed
-- value, `value_corrected`/`corrected`/`correction_reason` the newest administrator revision (if any).
WITH latest AS (
    SELECT report_id, path, new_value, reason,
           row_number() OVER (PARTITION BY report_id, path ORDER BY recorded_at DESC, revision_id DESC) AS rn
    FROM revisions
)
SELECT s.province, s.city, s.county, s.agency_id, s.agency, s.scope, s.year, s.template, s.source_file,
       c.path, c.section, c."row", c.col, c.value, coalesce(l.new_value, c.value) AS value_corrected,
       l.new_value IS NOT NULL AS corrected, l.reason AS correction_reason,
       c.raw, c.page, c.imputed, c.ambiguous, c.report_id
FROM cells AS c
JOIN selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                      $include_aggregate) AS s USING (report_id)
LEFT JOIN latest AS l ON l.report_id = c.report_id AND l.path = c.path AND l.rn = 1
-- total order: the preview is read page by page (ties broken by report_id)
ORDER BY s.agency, s.year, c.path, c.report_id;
