-- Agencies × years of the selection: does a current report exist, and how many checks failed.
-- One row per report: an agency's own and 汇总 reports of a year are two rows of the same agency_id.
-- The failed counts are the report's `n_errors` / `n_warnings` (the store derives them from its
-- `checks` rows, report- and dataset-level; docs/DATASET.md), so this never scans `checks`.
SELECT s.agency_id,
       s.agency,
       s.scope,
       s.template,
       s.year,
       s.report_id,
       s.source_file,
       coalesce(s.n_errors, 0) AS failed_errors,
       coalesce(s.n_warnings, 0) AS failed_warnings
FROM selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds,
                      $agency_ids, $include_aggregate) AS s
ORDER BY s.agency, s.year, s.agency_id, s.scope, s.report_id;
