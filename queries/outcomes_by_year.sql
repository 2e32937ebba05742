-- Every outcome row of section 三 (总计 column) summed per year over own reports, long format.
-- Grouped by column before the outcome name is extracted (one regexp per group, not per cell: the same
-- groups, since each column names one outcome).
SELECT year, regexp_extract(path, '^requests__(.*)__total$', 1) AS outcome, requests, n_reports
FROM (
    SELECT year, path, sum(value) AS requests, count(value) AS n_reports
    FROM (
        UNPIVOT (
            SELECT year, COLUMNS('^requests__.*__total$')
            FROM charted_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                                  $include_aggregate)
            WHERE coalesce(scope, 'own') <> 'aggregate'
        ) ON COLUMNS('^requests__.*__total$') INTO NAME path VALUE value
    )
    GROUP BY year, path
)
ORDER BY year, outcome;
