-- Groups one level below the region filter × years: how many current reports exist, how many failed an
-- error / only a warning check, how many are legacy (pre-2019, no tables, not checked). 汇总 reports are
-- counted apart (`aggregate_reports`), never as own reports. Failed checks: the report's `n_errors` /
-- `n_warnings` (derived by the store from `checks`). Over queries/_macros.sql region_groups (the
-- region_facts summary for the nation or a province).
SELECT drill_level, drill_value, drill_label AS label, year,
       CAST(sum(n_reports) AS BIGINT) AS reports,
       CAST(coalesce(sum(n_reports) FILTER (WHERE scope = 'aggregate'), 0) AS BIGINT) AS aggregate_reports,
       CAST(sum(n_legacy) AS BIGINT) AS legacy_reports,
       CAST(sum(n_error_reports) AS BIGINT) AS error_reports,
       CAST(sum(n_warning_reports) AS BIGINT) AS warning_reports
FROM region_groups($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                   $include_aggregate, $panel)
GROUP BY ALL
ORDER BY label, year;
