-- The `platform_reports` summary table (disclosure.dashboard.data.SUMMARIES, built with the connection):
-- the platform figures of each current report summed per platform, metric, unit and period, with the
-- report's selection columns, so that platform queries filter one narrow table (sorted by region) instead
-- of joining the platform_metrics files to every report. `value` = sum of the figures, `n_figures` = how
-- many figures give a value, `n_approximate` = how many carry a qualifier (余、近、超), `n_rows` = how many
-- figures (rows) there are. `shared`: the agency has more than one current report of this year and scope
-- (two printed agencies merged into one canonical), so its agencies are counted distinct, never summed
-- (queries/platform_facts.sql). platform_facts and platform_agencies are built from it.
WITH charted AS (
    SELECT report_id, agency_id, coalesce(agency, '（单位未识别）') AS agency, year,
           coalesce(scope, 'own') AS scope, province, city, county, level, kind,
           count(*) OVER (PARTITION BY agency_id, year, coalesce(scope, 'own')) > 1 AS shared
    FROM reports_charted
    WHERE is_current AND year IS NOT NULL
)
SELECT r.report_id, r.agency_id, r.agency, r.year, r.scope, r.province, r.city, r.county, r.level, r.kind,
       r.shared, p.platform, p.metric, coalesce(p.unit, '') AS unit, coalesce(p.period, '') AS period,
       sum(p.value) AS value, count(p.value) AS n_figures,
       count(*) FILTER (WHERE p.qualifier IS NOT NULL AND p.qualifier <> '') AS n_approximate,
       count(*) AS n_rows
FROM platform_metrics AS p
JOIN charted AS r USING (report_id)
GROUP BY ALL
ORDER BY r.province, r.city, r.county, r.year;
