-- The `platform_facts` summary table (disclosure.dashboard.data.SUMMARIES, from platform_reports): the
-- platform figures summed per year, scope, region, level, kind, platform, metric, unit and period, for the
-- nation or one province (queries/platform_by_group.sql; narrower selections read platform_reports).
-- Region as in region_facts (provincial and central agencies one by one as `unit_*`), but a county is
-- kept only where there is no city: a nation or province chart never groups below the city, and the
-- summary is several times smaller. Sums only, except `agencies`: how many distinct agencies, which adds
-- up across rows because an agency with one report per year and scope lies in one row; agencies with
-- more than one (`shared` in platform_reports) are kept apart as `shared_agency_id` (agencies = 0) for
-- a distinct count.
SELECT year, scope, province, city, CASE WHEN city IS NULL THEN county END AS county, level, kind,
       CASE WHEN province IS NULL OR (city IS NULL AND county IS NULL) THEN agency_id END AS unit_id,
       CASE WHEN province IS NULL OR (city IS NULL AND county IS NULL) THEN agency END AS unit_label,
       CASE WHEN shared THEN agency_id END AS shared_agency_id,
       platform, metric, unit, period,
       sum(value) AS value, CAST(sum(n_figures) AS BIGINT) AS n_figures,
       count(DISTINCT agency_id) FILTER (WHERE NOT shared) AS agencies,
       CAST(sum(n_approximate) AS BIGINT) AS n_approximate, CAST(sum(n_rows) AS BIGINT) AS n_rows
FROM platform_reports
GROUP BY ALL
ORDER BY province, city, year;
