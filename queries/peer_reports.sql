-- Current own (本级) reports of one year in the sidebar's region, with the columns every benchmark metric
-- may use (disclosure/dashboard/benchmarks.toml); peers are then chosen by level and kind in Python.
SELECT agency_id, agency, year, scope, level, kind, source_file,
       COLUMNS('^requests__.*__total$'), COLUMNS('^review_litigation__')
FROM selected_reports($year, $year, $province, $city, $county, NULL, NULL, NULL, false)
ORDER BY agency;
