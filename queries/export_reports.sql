-- The selected current reports, all columns (the rows behind every chart).
SELECT *
FROM selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                      $include_aggregate)
ORDER BY province NULLS LAST, city NULLS LAST, county NULLS LAST, agency, year;
