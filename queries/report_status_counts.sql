-- Current reports of the selection by declared status (CONTRACT `status`): 数据质量's status counts and the
-- row count of its paged status table.
SELECT s.report_status, count(*) AS n_reports
FROM selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                      $include_aggregate) AS s
GROUP BY s.report_status
ORDER BY s.report_status NULLS LAST;
