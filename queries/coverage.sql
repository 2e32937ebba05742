-- Agencies × years of the selection: does a current report exist, and how many checks failed.
-- One row per report: an agency's own and 汇总 reports of a year are two rows of the same agency_id.
WITH sel AS (
    SELECT * FROM selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds,
                                   $agency_ids, $include_aggregate)
), failed AS (
    SELECT report_id,
           count(*) FILTER (WHERE ok = false AND severity = 'error') AS failed_errors,
           count(*) FILTER (WHERE ok = false AND severity <> 'error') AS failed_warnings
    FROM checks
    GROUP BY report_id
)
SELECT s.agency_id,
       s.agency,
       s.scope,
       s.template,
       s.year,
       s.report_id,
       s.source_file,
       coalesce(f.failed_errors, 0) AS failed_errors,
       coalesce(f.failed_warnings, 0) AS failed_warnings
FROM sel AS s
LEFT JOIN failed AS f USING (report_id)
ORDER BY s.agency, s.year;
