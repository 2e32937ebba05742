-- Every row of section 三 (总计 column, charted values) per group one level below the region filter,
-- summed over the selected years, long format; own and 汇总 reports apart (`scope`: never summed together).
-- `requests` is the sum of the reports that give the row (null stays null), `n_reports` how many gave it;
-- an outcome no report of the group gives has no row. Summed per group first (queries/_macros.sql
-- region_groups: from the region_facts summary for the nation or a province) and unpivoted after.
WITH summed AS (
    SELECT drill_level, drill_value, drill_label AS label, scope,
           sum(COLUMNS('^s__requests__.*__total$')) AS "\0",
           CAST(sum(COLUMNS('^n__requests__.*__total$')) AS HUGEINT) AS "\0"
    FROM region_groups($year_from, $year_to, $province, $city, $county, $levels, $kinds,
                       $agency_ids, $include_aggregate, $panel)
    GROUP BY ALL
), long AS (
    SELECT * FROM summed UNPIVOT (v FOR key IN (COLUMNS('^[sn]__')))
)
SELECT drill_level, drill_value, label, scope,
       regexp_extract(key, '^.__requests__(.*)__total$', 1) AS outcome,
       max(v) FILTER (WHERE starts_with(key, 's__')) AS requests,
       CAST(max(v) FILTER (WHERE starts_with(key, 'n__')) AS BIGINT) AS n_reports
FROM long
GROUP BY ALL
HAVING n_reports > 0
ORDER BY label, scope, outcome;
