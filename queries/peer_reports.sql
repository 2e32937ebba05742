-- Current own (本级) reports of one year in the sidebar's region, with the columns every benchmark metric
-- may use (disclosure/benchmarks.toml); peers are then chosen by level and kind in Python.
-- Corrected values, like every chart: `charted_reports` applies administrators' corrections and the
-- derived 总计 cells, and carries the per-report rate parts; `corrected_paths` lists the corrected cells
-- of each report so that the page marks a figure that includes one (†).
SELECT agency_id, agency, year, scope, level, kind, source_file, corrected_paths, derived_totals,
       open_num, open_den, review_corrected, review_decided,
       COLUMNS('^requests__.*__total$'), COLUMNS('^review_litigation__')
FROM charted_reports($year, $year, $province, $city, $county, NULL, NULL, NULL, false)
ORDER BY agency;
