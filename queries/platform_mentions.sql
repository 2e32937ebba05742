-- Per platform: how many agencies of the selection give a figure for it (queries/platform_agencies.sql:
-- the years each agency gave one), and how many figures (platform_facts for the nation or a province,
-- platform_reports otherwise).
WITH agencies AS (
    SELECT platform, count(DISTINCT agency_id) AS agencies
    FROM platform_agencies AS a
    WHERE list_has_any(a.years, range($year_from, $year_to + 1))
      AND in_selection(true, $year_from, a.province, a.city, a.county, a.level, a.kind, a.agency_id, a.scope,
                       $year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                       $include_aggregate)
    GROUP BY platform
), figures AS (
    SELECT f.platform, f.n_rows
    FROM platform_facts AS f
    WHERE $city IS NULL AND $county IS NULL AND $agency_ids IS NULL
      AND in_selection(true, f.year, f.province, f.city, f.county, f.level, f.kind, f.unit_id, f.scope,
                       $year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                       $include_aggregate)
    UNION ALL
    SELECT r.platform, r.n_rows
    FROM platform_reports AS r
    WHERE NOT ($city IS NULL AND $county IS NULL AND $agency_ids IS NULL)
      AND in_selection(true, r.year, r.province, r.city, r.county, r.level, r.kind, r.agency_id, r.scope,
                       $year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                       $include_aggregate)
)
SELECT platform, agencies, CAST(sum(n_rows) AS BIGINT) AS metrics
FROM figures JOIN agencies USING (platform)
GROUP BY ALL
ORDER BY platform;
