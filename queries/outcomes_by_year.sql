-- Every outcome row of section 三 (总计 column) summed per year over own reports (with $panel: of the
-- balanced panel's agencies, queries/_macros.sql `panel_of`), long format: the sum over the reports that
-- give the row (null stays null) and how many gave it; a row no report gives has no line. Summed per year
-- first (queries/_macros.sql region_groups: the region_facts summary for the nation or a province) and
-- unpivoted after.
WITH summed AS (
    SELECT year,
           sum(COLUMNS('^s__requests__.*__total$')) AS "\0",
           CAST(sum(COLUMNS('^n__requests__.*__total$')) AS HUGEINT) AS "\0"
    FROM region_groups($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                       $include_aggregate, $panel)
    WHERE scope <> 'aggregate'
    GROUP BY year
), long AS (
    SELECT * FROM summed UNPIVOT (v FOR key IN (COLUMNS('^[sn]__')))
)
SELECT year,
       regexp_extract(key, '^.__requests__(.*)__total$', 1) AS outcome,
       max(v) FILTER (WHERE starts_with(key, 's__')) AS requests,
       CAST(max(v) FILTER (WHERE starts_with(key, 'n__')) AS BIGINT) AS n_reports
FROM long
GROUP BY ALL
HAVING n_reports > 0
ORDER BY year, outcome;
