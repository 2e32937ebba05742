-- 数据质量's headline counts for the selection in one row, summed from the reports' own counts (the store
-- derives n_errors / n_warnings from `checks`, n_imputed / n_ambiguous from `cells` and n_missing from the
-- report's status), so the page never fetches a row per check or per cell to count them: reports, legacy
-- reports, failed error and warning checks, cells imputed as 0, ambiguous cells, cells not read (the rows of
-- flagged_cells.sql and missing_cells.sql: tests/test_queries.py holds them equal).
SELECT count(*) AS n_reports,
       count(*) FILTER (WHERE s.template = 'legacy') AS n_legacy,
       coalesce(sum(s.n_errors), 0) AS failed_errors,
       coalesce(sum(s.n_warnings), 0) AS failed_warnings,
       coalesce(sum(s.n_imputed), 0) AS n_imputed,
       coalesce(sum(s.n_ambiguous), 0) AS n_ambiguous,
       coalesce(sum(s.n_missing), 0) AS n_missing
FROM selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                      $include_aggregate) AS s;
