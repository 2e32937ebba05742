-- Declared status of every selected current report (CONTRACT `status`): complete / contradictions /
-- incomplete / legacy, the number of cells that could not be read by reason, and the failed checks.
-- One page: $limit rows from $offset, in a total order (report_id last); counts: report_status_counts.sql.
SELECT s.agency_id,
       s.agency || CASE WHEN s.scope = 'aggregate' THEN '（汇总）' ELSE '' END AS agency,
       s.year, s.report_status, s.n_missing, s.missing_reasons, s.n_errors, s.n_warnings, s.source_file, s.report_id
FROM selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                      $include_aggregate) AS s
ORDER BY CASE s.report_status WHEN 'incomplete' THEN 0 WHEN 'contradictions' THEN 1 WHEN 'complete' THEN 2 ELSE 3 END,
         s.agency, s.year, s.report_id
LIMIT $limit OFFSET $offset;
