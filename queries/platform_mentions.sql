-- Per platform: how many agencies of the selection give a figure for it, and how many figures. For the
-- nation or a province (no city, county or agency filter) from the summaries: queries/platform_agencies.sql
-- (agencies counted per set of years, the irregular ones distinct) and platform_facts (figure counts);
-- otherwise from platform_reports (one row per report and metric).
WITH span AS (  -- the selected years as platform_agencies' mask (null when none lies in 1990–2053)
    SELECT bit_or(CAST(1 AS UBIGINT) << CAST(y - 1990 AS INTEGER)) AS bits
    FROM range(greatest($year_from, 1990), least($year_to, 2053) + 1) AS t(y)
), agency_rows AS (
    SELECT a.platform, a.agencies, a.agency_id
    FROM platform_agencies AS a, span
    WHERE $city IS NULL AND $county IS NULL AND $agency_ids IS NULL
      AND CASE WHEN a.agency_id IS NULL THEN (a.year_bits & span.bits) <> 0
               ELSE list_has_any(a.years, range($year_from, $year_to + 1)) END
      AND in_selection(true, $year_from, a.province, a.city, a.county, a.level, a.kind, a.agency_id, a.scope,
                       $year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                       $include_aggregate)
    UNION ALL
    SELECT r.platform, 0, r.agency_id
    FROM platform_reports AS r
    WHERE NOT ($city IS NULL AND $county IS NULL AND $agency_ids IS NULL)
      AND in_selection(true, r.year, r.province, r.city, r.county, r.level, r.kind, r.agency_id, r.scope,
                       $year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                       $include_aggregate)
), agencies AS (
    SELECT platform, CAST(sum(agencies) + count(DISTINCT agency_id) AS BIGINT) AS agencies
    FROM agency_rows
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
