-- The rules of the failed (and, when asked, not-evaluable) checks of the selection, with their number of
-- rows: 数据质量's rule filter and the row count of its paged table (queries/failed_checks_page.sql).
SELECT c.rule, count(*) AS n_rows
FROM checks_open AS c  -- the checks that did not pass (queries/checks_open.sql)
JOIN (SELECT * FROM selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds,
                                    $agency_ids, $include_aggregate) AS r
      -- only reports with a failed (or, when asked, unevaluable) check: their own counts say which
      WHERE coalesce(r.n_errors, 0) + coalesce(r.n_warnings, 0) > 0
         OR ($include_unevaluable AND coalesce(r.n_not_evaluable, 0) > 0)) AS s USING (report_id)
WHERE c.ok = false OR ($include_unevaluable AND c.ok IS NULL)
GROUP BY c.rule
ORDER BY c.rule;
