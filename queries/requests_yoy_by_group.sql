-- 本年新收 in $year against $year − 1 per group one level below the region filter, over own reports of
-- the agencies that gave the figure in BOTH years (a missing year is not a change to 0; a change is not
-- just a change in who reported). For the nation or a province (no city, county or agency filter) from
-- the yoy_facts summary (queries/yoy_facts.sql): its regular agencies summed, its irregular ones (moved
-- between the years) per report like every report of a narrower selection.
WITH facts AS (
    SELECT f.*, drill_level_of($province, $city, $county, $agency_ids, f.province, f.city, f.county)
                    AS drill_level
    FROM yoy_facts AS f
    WHERE f.pair_year = $year AND $city IS NULL AND $county IS NULL AND $agency_ids IS NULL
      AND in_selection(true, coalesce(f.year, f.pair_year), f.province, f.city, f.county, f.level, f.kind,
                       f.unit_id, 'own', $year - 1, $year, $province, $city, $county, $levels, $kinds,
                       $agency_ids, false)
), g AS (  -- one row per report giving the figure: the selection's, or the summary's irregular agencies'
    SELECT drill_level, drill_pick(drill_level, province, city, county, agency_id) AS drill_value,
           drill_pick(drill_level, province, city, county, agency_label(agency)) AS drill_label, agency_id,
           year, new
    FROM (  -- charted_reports' rows, only the columns used (binding the wide table's every column costs more)
        SELECT c.province, c.city, c.county, c.agency_id, c.agency, c.year, c.requests__new__total AS new,
               drill_level_of($province, $city, $county, $agency_ids, c.province, c.city, c.county) AS drill_level
        FROM reports_charted AS c
        WHERE in_selection(c.is_current, c.year, c.province, c.city, c.county, c.level, c.kind, c.agency_id,
                           c.scope, $year - 1, $year, $province, $city, $county, $levels, $kinds, $agency_ids,
                           false)
          AND c.requests__new__total IS NOT NULL
          AND NOT ($city IS NULL AND $county IS NULL AND $agency_ids IS NULL)
    )
    UNION ALL
    SELECT drill_level, drill_pick(drill_level, province, city, county, unit_id),
           drill_pick(drill_level, province, city, county, unit_label), odd_agency_id, year,
           coalesce(prev, curr)
    FROM facts
    WHERE odd_agency_id IS NOT NULL
), pair AS (
    SELECT agency_id FROM g GROUP BY agency_id HAVING count(DISTINCT year) = 2
), both_years AS (
    SELECT drill_level, drill_value, drill_label,
           count(DISTINCT agency_id) AS agencies,
           sum(new) FILTER (WHERE year = $year - 1) AS prev,
           sum(new) FILTER (WHERE year = $year) AS curr
    FROM g
    WHERE agency_id IN (SELECT agency_id FROM pair)
    GROUP BY ALL
    UNION ALL
    SELECT drill_level, drill_pick(drill_level, province, city, county, unit_id) AS drill_value,
           drill_pick(drill_level, province, city, county, unit_label) AS drill_label,
           sum(agencies), sum(prev), sum(curr)
    FROM facts
    WHERE odd_agency_id IS NULL
    GROUP BY ALL
)
SELECT drill_level, drill_value, drill_label AS label, $year AS year,
       CAST(sum(agencies) AS BIGINT) AS agencies, sum(prev) AS prev, sum(curr) AS curr
FROM both_years
GROUP BY ALL
ORDER BY label;
