-- The `platform_agencies` summary table (disclosure.dashboard.data.SUMMARIES, from platform_reports): how
-- many agencies give a figure for each platform, per scope, region, level, kind and set of years, so that
-- "how many agencies of the selection mention the platform" (queries/platform_mentions.sql) sums counts
-- instead of counting distinct agencies over every figure. For the nation or a province: a county is kept
-- only where there is no city (as in platform_facts). `year_bits`: bit (year − 1990) set for each
-- year the agency gave a figure (a selection of years is a mask too). An agency is counted in one row's
-- `agencies` when it has one row per platform (one scope, region, level and kind) and all its years lie
-- in 1990–2053 (one 64-bit mask); any other agency is kept as its own row (`agency_id`, `years`,
-- agencies = 0) for a distinct count.
WITH per_agency AS (
    SELECT agency_id, platform, scope, province, city, CASE WHEN city IS NULL THEN county END AS county, level,
           kind,
           list(DISTINCT year ORDER BY year) AS years,
           bit_or(CAST(1 AS UBIGINT) << CAST(year - 1990 AS INTEGER)) FILTER (WHERE year BETWEEN 1990 AND 2053)
               AS year_bits,
           bool_and(year BETWEEN 1990 AND 2053) AS in_mask
    FROM platform_reports
    GROUP BY ALL
), marked AS (
    SELECT *, count(*) OVER (PARTITION BY agency_id, platform) = 1 AND in_mask AS simple
    FROM per_agency
)
SELECT platform, scope, province, city, county, level, kind, year_bits,
       CAST(NULL AS VARCHAR) AS agency_id, CAST(NULL AS BIGINT[]) AS years, count(*) AS agencies
FROM marked
WHERE simple
GROUP BY ALL
UNION ALL
SELECT platform, scope, province, city, county, level, kind, NULL, agency_id, years, 0 AS agencies
FROM marked
WHERE NOT simple
ORDER BY platform, province, city, county;
