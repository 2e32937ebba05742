-- One page ($limit rows from $offset) of the failed (and, when asked, not-evaluable) checks of the selection
-- whose rule is one of $rules: the rows of queries/failed_checks.sql in the same order, made total by
-- report_id (two reports of one agency and year: own and 汇总) so that pages never overlap.
SELECT c.agency_id,
       s.agency || CASE WHEN s.scope = 'aggregate' THEN '（汇总）' ELSE '' END AS agency,
       s.year, c.rule, c.severity, c."where", c.expected, c.actual,
       c.actual - c.expected AS difference, c.ok, c.message, c.level, s.source_file, c.report_id
FROM checks_open AS c  -- the checks that did not pass (queries/checks_open.sql)
JOIN (SELECT * FROM selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds,
                                    $agency_ids, $include_aggregate) AS r
      -- only reports with a failed (or, when asked, unevaluable) check: their own counts say which
      WHERE coalesce(r.n_errors, 0) + coalesce(r.n_warnings, 0) > 0
         OR ($include_unevaluable AND coalesce(r.n_not_evaluable, 0) > 0)) AS s USING (report_id)
WHERE (c.ok = false OR ($include_unevaluable AND c.ok IS NULL)) AND list_contains($rules, c.rule)
ORDER BY CASE WHEN c.severity = 'error' THEN 0 ELSE 1 END, s.agency, s.year, c.rule, c."where", c.report_id,
         c.message
LIMIT $limit OFFSET $offset;
