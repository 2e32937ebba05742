-- Section 二 cells per group one level below the region filter, year and template (the 2019 and 2021
-- templates' columns are never mixed), long: the sum over the reports that print the cell, how many
-- did and how many reports there are. 汇总 reports apart (`scope`: never summed with own reports).
SELECT drill_level, drill_value, label, scope, year, template,
       regexp_extract(path, '^active__(.*)__([a-z0-9_]+?)$', 1) AS item,
       regexp_extract(path, '^active__(.*)__([a-z0-9_]+?)$', 2) AS field,
       sum(value) AS value, count(value) AS n_given, count(*) AS n_reports
FROM (
    SELECT drill_level, drill_value, drill_label AS label, scope, year, template, COLUMNS('^active__')
    FROM grouped_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                         $include_aggregate)
    WHERE template IN ('2019', '2021')
) UNPIVOT INCLUDE NULLS (value FOR path IN (COLUMNS('^active__')))
GROUP BY ALL
ORDER BY label, year, item, field;
