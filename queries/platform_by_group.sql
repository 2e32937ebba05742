-- Platform figures per group one level below the region filter, year, platform, metric, unit and period
-- (one axis holds one unit and one period): their sum, how many figures and agencies gave them. A report
-- may give a metric more than once (two websites): `n_figures` counts each, `agencies` the agencies.
-- For the nation or a province (no city, county or agency filter) from the platform_facts summary,
-- otherwise from platform_reports (one row per report and metric); both are built from
-- queries/platform_reports.sql. Distinct agencies: summed where an agency lies in one summary row, counted
-- distinct (`shared_agency_id`) where it may lie in several.
WITH rows AS (
    SELECT f.year, f.scope, f.province, f.city, f.county, f.unit_id, f.unit_label, f.platform, f.metric,
           f.unit, f.period, f.value, f.n_figures, f.n_approximate, f.agencies, f.shared_agency_id,
           drill_level_of($province, $city, $county, $agency_ids, f.province, f.city, f.county) AS drill_level
    FROM platform_facts AS f
    WHERE $city IS NULL AND $county IS NULL AND $agency_ids IS NULL
      AND in_selection(true, f.year, f.province, f.city, f.county, f.level, f.kind, f.unit_id, f.scope,
                       $year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                       $include_aggregate)
    UNION ALL
    SELECT r.year, r.scope, r.province, r.city, r.county, r.agency_id, r.agency, r.platform, r.metric,
           r.unit, r.period, r.value, r.n_figures, r.n_approximate, 0, r.agency_id,
           drill_level_of($province, $city, $county, $agency_ids, r.province, r.city, r.county)
    FROM platform_reports AS r
    WHERE NOT ($city IS NULL AND $county IS NULL AND $agency_ids IS NULL)
      AND in_selection(true, r.year, r.province, r.city, r.county, r.level, r.kind, r.agency_id, r.scope,
                       $year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                       $include_aggregate)
)
SELECT drill_level, drill_pick(drill_level, province, city, county, unit_id) AS drill_value,
       drill_pick(drill_level, province, city, county, unit_label) AS label, scope, year,
       platform, metric, unit, period,
       sum(value) AS value, CAST(sum(n_figures) AS BIGINT) AS n_figures,
       CAST(sum(agencies) + count(DISTINCT shared_agency_id) AS BIGINT) AS agencies,
       CAST(sum(n_approximate) AS BIGINT) AS n_approximate
FROM rows
GROUP BY ALL
ORDER BY label, year, platform, metric;
