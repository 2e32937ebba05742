-- Reports in the selection whose blank 总计 cells on section-三 rows are shown as the sum of the six
-- applicant columns (see queries/reports_charted.sql), for a note under the charts.
SELECT agency, year, derived_totals
FROM charted_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                      $include_aggregate)
WHERE len(derived_totals) > 0
ORDER BY agency, year;
