-- One page of the selection's current reports (one row each; charted values): $limit rows
-- from $offset, so that a table never loads the whole selection.
SELECT agency_id,
       agency || CASE WHEN scope = 'aggregate' THEN '（汇总）' ELSE '' END AS agency,
       coalesce(scope, 'own') AS scope, year, report_id, source_file,
       requests__new__total AS new,
       requests__carried_in__total AS carried_in,
       requests__handled_total__total AS handled,
       requests__carried_out__total AS carried_out
FROM charted_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                      $include_aggregate)
ORDER BY agency, year, report_id
LIMIT $limit OFFSET $offset;
