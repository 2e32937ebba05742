-- Every outcome row of section 三 (总计 column) summed per year over own reports (with $panel: of the
-- balanced panel's agencies, queries/_macros.sql `panel_of`), long format: the sum
-- over the reports that give the row (null stays null) and how many gave it; a row no report gives has
-- no line. Summed per year first and unpivoted after (years × rows values, not reports × rows).
WITH summed AS (
    SELECT year,
           sum(COLUMNS('^requests__.*__total$')) AS "s|\0",
           CAST(count(COLUMNS('^requests__.*__total$')) AS HUGEINT) AS "n|\0"
    FROM charted_panel($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                   $include_aggregate, $panel)
    WHERE coalesce(scope, 'own') <> 'aggregate'
    GROUP BY year
), long AS (
    SELECT * FROM summed UNPIVOT (v FOR key IN (COLUMNS('^[sn]\|')))
)
SELECT year,
       regexp_extract(key, '^.\|requests__(.*)__total$', 1) AS outcome,
       max(v) FILTER (WHERE starts_with(key, 's|')) AS requests,
       CAST(max(v) FILTER (WHERE starts_with(key, 'n|')) AS BIGINT) AS n_reports
FROM long
GROUP BY ALL
HAVING n_reports > 0
ORDER BY year, outcome;
