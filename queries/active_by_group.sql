-- Section 二 cells per group one level below the region filter, year and template (the 2019 and 2021
-- templates' columns are never mixed), long: the sum over the reports that print the cell, how many
-- did and how many reports there are. 汇总 reports apart (`scope`: never summed with own reports).
-- Over queries/_macros.sql region_groups (the region_facts summary for the nation or a province, one
-- row per report otherwise), summed per group first and unpivoted after (groups × cells values).
WITH summed AS (
    SELECT drill_level, drill_value, drill_label AS label, scope, year, template,
           CAST(sum(n_reports) AS BIGINT) AS n_reports,
           CAST(sum(COLUMNS('^s__(active__.*)$')) AS DOUBLE) AS "s|\1",
           CAST(sum(COLUMNS('^n__(active__.*)$')) AS DOUBLE) AS "n|\1"
    FROM region_groups($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                       $include_aggregate, false)
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
       split_part(path, '__', 2) AS item,  -- active__<item>__<field> (disclosure/store/columns.py)
       split_part(path, '__', 3) AS field,
       value, n_given, n_reports
FROM cell
ORDER BY label, year, item, field;
