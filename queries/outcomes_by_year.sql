-- Every outcome row of section 三 (总计 column) summed per year over own reports, long format.
SELECT year, regexp_extract(path, '^requests__(.*)__total$', 1) AS outcome, sum(value) AS requests,
       count(value) AS n_reports
FROM (
    UNPIVOT (
        SELECT year, COLUMNS('^requests__.*__total$')
        FROM charted_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                              $include_aggregate)
        WHERE coalesce(scope, 'own') <> 'aggregate'
    ) ON COLUMNS('^requests__.*__total$') INTO NAME path VALUE value
)
GROUP BY year, outcome
ORDER BY year, outcome;
