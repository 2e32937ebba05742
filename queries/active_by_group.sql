-- Section 二 cells per group one level below the region filter, year and template (the 2019 and 2021
-- templates' columns are never mixed), long: the sum over the reports that print the cell, how many
-- did and how many reports there are. 汇总 reports apart (`scope`: never summed with own reports).
-- Summed per group first and unpivoted after (groups × cells values, not reports × cells: 100 000
-- synthetic reports, nation: 11 s before).
WITH summed AS (
    SELECT drill_level, drill_value, drill_label AS label, scope, year, template,
           count(*) AS n_reports,
           CAST(sum(COLUMNS('^active__')) AS DOUBLE) AS "s|\0",
           CAST(count(COLUMNS('^active__')) AS DOUBLE) AS "n|\0"
    FROM grouped_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                         $include_aggregate)
    WHERE template IN ('2019', '2021')
    GROUP BY ALL
), long AS (
    SELECT * FROM summed UNPIVOT INCLUDE NULLS (v FOR key IN (COLUMNS('^[sn]\|')))
), cell AS (
    SELECT drill_level, drill_value, label, scope, year, template, n_reports,
           substr(key, 3) AS path,
           max(v) FILTER (WHERE starts_with(key, 's|')) AS value,
           CAST(max(v) FILTER (WHERE starts_with(key, 'n|')) AS BIGINT) AS n_given
    FROM long
    GROUP BY ALL
)
SELECT drill_level, drill_value, label, scope, year, template,
       regexp_extract(path, '^active__(.*)__([a-z0-9_]+?)$', 1) AS item,
       regexp_extract(path, '^active__(.*)__([a-z0-9_]+?)$', 2) AS field,
       value, n_given, n_reports
FROM cell
ORDER BY label, year, item, field;
