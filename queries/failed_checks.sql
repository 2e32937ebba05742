-- Failed (ok = false) and not-evaluable (ok IS NULL, when asked) checks of the selected current reports.
SELECT c.agency_id,
       s.agency || CASE WHEN s.scope = 'aggregate' THEN '（汇总）' ELSE '' END AS agency,
       s.year, c.rule, c.severity, c."where", c.expected, c.actual,
       c.actual - c.expected AS difference, c.ok, c.message, c.level, s.source_file, c.report_id
FROM checks_open AS c  -- the checks that did not pass (queries/checks_open.sql)
JOIN selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                      $include_aggregate) AS s USING (report_id)
WHERE c.ok = false OR ($include_unevaluable AND c.ok IS NULL)
ORDER BY CASE WHEN c.severity = 'error' THEN 0 ELSE 1 END, s.agency, s.year, c.rule, c."where";
