-- Administrators' corrections in force in the selection's current reports (charts and headline figures
-- use the corrected value, disclosure/dashboard/corrections.py): one row per corrected cell, with the
-- printed value for the page's mark (†), caption and hover text. $agency_id narrows to one agency
-- (NULL = every agency of the selection). A corrected cell that was printed blank has printed = NULL.
WITH latest AS (
    SELECT report_id, path, new_value, reason,
           row_number() OVER (PARTITION BY report_id, path ORDER BY recorded_at DESC, revision_id DESC) AS rn
    FROM revisions
)
SELECT s.agency_id, s.agency, s.year, s.scope, l.path, c.value AS printed, l.new_value AS corrected, l.reason
FROM selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                      $include_aggregate) AS s
JOIN latest AS l ON l.report_id = s.report_id AND l.rn = 1
LEFT JOIN cells AS c ON c.report_id = l.report_id AND c.path = l.path
WHERE $agency_id IS NULL OR s.agency_id = $agency_id
ORDER BY s.year, s.agency, l.path;
