-- Groups one level below the region filter × years: how many current reports exist, how many failed an
-- error / only a warning check, how many are legacy (pre-2019, no tables, not checked). 汇总 reports are
-- counted apart (`aggregate_reports`), never as own reports. Failed checks: the report's `n_errors` /
-- `n_warnings` (derived by the store from `checks`), so this never scans `checks`.
SELECT g.drill_level, g.drill_value, g.drill_label AS label, g.year,
       count(*) AS reports,
       count(DISTINCT g.agency_id) AS agencies,
       count(*) FILTER (WHERE g.scope = 'aggregate') AS aggregate_reports,
       count(*) FILTER (WHERE g.template = 'legacy') AS legacy_reports,
       count(*) FILTER (WHERE coalesce(g.n_errors, 0) > 0) AS error_reports,
       count(*) FILTER (WHERE coalesce(g.n_errors, 0) = 0 AND coalesce(g.n_warnings, 0) > 0)
           AS warning_reports
FROM grouped_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                     $include_aggregate) AS g
GROUP BY ALL
ORDER BY label, year;
