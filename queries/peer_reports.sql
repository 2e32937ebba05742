-- Current own (本级) reports of one year in the sidebar's region, with the columns every benchmark metric
-- may use (disclosure/benchmarks.toml); peers are then chosen by level and kind in Python
-- (benchmarks.peers_of). Only reports of the level and kind of an own report of $agency_id that year come
-- back (NULL: every level and kind): nationally the year's every report was 279 310 rows at 2 000 000
-- reports, for the page to keep a few thousand.
-- Corrected values, like every chart: `charted_reports` applies administrators' corrections and the
-- derived 总计 cells, and carries the per-report rate parts; `corrected_paths` lists the corrected cells
-- of each report so that the page marks a figure that includes one (†).
SELECT agency_id, agency, year, scope, level, kind, source_file, corrected_paths, derived_totals,
       open_num, open_den, review_corrected, review_decided,
       COLUMNS('^requests__.*__total$'), COLUMNS('^review_litigation__')
FROM charted_reports($year, $year, $province, $city, $county, NULL, NULL, NULL, false) AS c
WHERE $agency_id IS NULL
   OR EXISTS (
          SELECT 1
          FROM charted_reports($year, $year, NULL, NULL, NULL, NULL, NULL, [$agency_id], false) AS me
          WHERE me.level IS NOT DISTINCT FROM c.level AND me.kind IS NOT DISTINCT FROM c.kind
      )
ORDER BY agency;
