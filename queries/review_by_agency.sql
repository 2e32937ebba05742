-- Section 四 per current report of the selection, long format (group, result, value; blank kept as NULL).
SELECT agency_id, agency, scope, year, source_file,
       regexp_extract(path, '^review_litigation__(.*)__[a-z]+$', 1) AS grp,
       regexp_extract(path, '__([a-z]+)$', 1) AS result,
       value
FROM (
    SELECT agency_id, agency || CASE WHEN scope = 'aggregate' THEN '（汇总）' ELSE '' END AS agency,
           coalesce(scope, 'own') AS scope, year, source_file, COLUMNS('^review_litigation__')
    FROM selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                          $include_aggregate)
) UNPIVOT INCLUDE NULLS (value FOR path IN (COLUMNS('^review_litigation__')))
ORDER BY agency, year, grp, result;
