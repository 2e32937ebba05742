-- 本年新收 in $year against $year − 1 per group one level below the region filter, over own reports of
-- the agencies that gave the figure in BOTH years (a missing year is not a change to 0; a change is not
-- just a change in who reported).
WITH g AS (
    SELECT drill_level, drill_value, drill_label, agency_id, year, requests__new__total AS new
    FROM grouped_reports($year - 1, $year, $province, $city, $county, $levels, $kinds, $agency_ids, false)
    WHERE scope <> 'aggregate' AND requests__new__total IS NOT NULL
), pair AS (
    SELECT agency_id FROM g GROUP BY agency_id HAVING count(DISTINCT year) = 2
)
SELECT drill_level, drill_value, drill_label AS label, $year AS year,
       count(DISTINCT agency_id) AS agencies,
       sum(new) FILTER (WHERE year = $year - 1) AS prev,
       sum(new) FILTER (WHERE year = $year) AS curr
FROM g
WHERE agency_id IN (SELECT agency_id FROM pair)
GROUP BY ALL
ORDER BY label;
