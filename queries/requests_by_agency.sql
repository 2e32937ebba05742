-- One row per current report in the selection: the 总计 column of section 三 and its source, as charted
-- (administrators' corrections applied and marked on the page; exports keep the printed values).
SELECT agency_id,
       agency || CASE WHEN scope = 'aggregate' THEN '（汇总）' ELSE '' END AS agency,
       coalesce(scope, 'own') AS scope,
       year,
       report_id,
       source_file,
       requests__new__total AS new,
       requests__carried_in__total AS carried_in,
       requests__handled_total__total AS handled,
       requests__carried_out__total AS carried_out,
       requests__granted__total AS granted,
       requests__partial__total AS partial
FROM charted_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                      $include_aggregate)
ORDER BY agency, year;
