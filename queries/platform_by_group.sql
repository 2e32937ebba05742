-- Platform figures per group one level below the region filter, year, platform, metric, unit and period
-- (one axis holds one unit and one period): their sum, how many figures and agencies gave them. A report
-- may give a metric more than once (two websites): `n_figures` counts each, `agencies` the agencies.
SELECT g.drill_level, g.drill_value, g.drill_label AS label, g.scope, g.year,
       p.platform, p.metric, coalesce(p.unit, '') AS unit, coalesce(p.period, '') AS period,
       sum(p.value) AS value, count(p.value) AS n_figures, count(DISTINCT g.agency_id) AS agencies,
       count(*) FILTER (WHERE p.qualifier IS NOT NULL AND p.qualifier <> '') AS n_approximate
FROM platform_metrics AS p
JOIN grouped_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                     $include_aggregate) AS g USING (report_id)
GROUP BY ALL
ORDER BY label, year, platform, metric;
