-- Every row of section 三 (总计 column) per agency, summed over the selected years, long format.
-- Grouped by column before the outcome name is extracted (one regexp per group, not per cell: the same
-- groups, since each column names one outcome).
SELECT agency_id, agency, scope, regexp_extract(path, '^requests__(.*)__total$', 1) AS outcome,
       requests, n_reports, source_files
FROM (
    SELECT agency_id, agency, scope, path, sum(value) AS requests, count(value) AS n_reports,
           string_agg(DISTINCT source_file, '、') AS source_files
    FROM (
        UNPIVOT (
            SELECT agency_id, agency || CASE WHEN scope = 'aggregate' THEN '（汇总）' ELSE '' END AS agency,
                   coalesce(scope, 'own') AS scope, source_file, COLUMNS('^requests__.*__total$')
            FROM charted_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                                  $include_aggregate)
        ) ON COLUMNS('^requests__.*__total$') INTO NAME path VALUE value
    )
    GROUP BY agency_id, agency, scope, path
)
ORDER BY agency, outcome;
