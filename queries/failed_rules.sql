-- The rules of the failed (and, when asked, not-evaluable) checks of the selection, with their number of
-- rows: 数据质量's rule filter and the row count of its paged table (queries/failed_checks_page.sql).
SELECT c.rule, count(*) AS n_rows
FROM checks AS c
JOIN selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                      $include_aggregate) AS s USING (report_id)
WHERE c.ok = false OR ($include_unevaluable AND c.ok IS NULL)
GROUP BY c.rule
ORDER BY c.rule;
