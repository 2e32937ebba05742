-- The `agency_facts` summary table (disclosure.dashboard.data.SUMMARIES; built with the connection): one
-- row per canonical agency and the name, region, level, kind and own/汇总 scope its current reports give
-- (nearly always one row per agency: 283 333 rows for 2 000 000 reports), with the years of those
-- reports as a sorted list `years` and, aligned with it, per year: `year_reports`, `year_legacy`
-- (pre-2019, table-less), `year_cells`, `year_checks`, `year_platform` (rows of the cells, checks and
-- platform_metrics tables of those reports: what an export of them holds); `table_years` lists the
-- years with a non-legacy report. The same over all years as scalars (first_year, last_year, n_years,
-- n_table_years, n_reports, n_cells, n_checks, n_platform): a selection whose years cover the row's
-- reads those and no list. Why: the agency pickers (queries/agency_search.sql), agency labels
-- (agency_names.sql) and the exports' row counts (export_rows.sql) otherwise read every report, and
-- at 2 000 000 reports the pickers' national list took 6.6 s. Every column a selection filters on
-- (queries/_macros.sql, in_selection) is a key column, so a filtered read of this table counts exactly
-- the reports `selected_reports` would give. Counts only: a sum over any subset of rows and years is exact.
-- `n_rows`: how many rows the agency has here (1 for nearly all: a reader then needs no aggregate);
-- `search_name`: the name as the pickers' search compares it (lower case, computed once).
WITH n_cells AS (
    SELECT report_id, count(*) AS n FROM cells_printed GROUP BY report_id
), n_checks AS (
    SELECT report_id, count(*) AS n FROM checks_printed GROUP BY report_id
), n_platform AS (
    SELECT report_id, count(*) AS n FROM platform_metrics_printed GROUP BY report_id
), per_year AS (
    SELECT r.agency_id, r.agency, r.province, r.city, r.county, r.level, r.kind,
           coalesce(r.scope, 'own') = 'aggregate' AS aggregate,
           r.year,
           count(*) AS n_reports,
           count(*) FILTER (WHERE r.template = 'legacy') AS n_legacy,
           CAST(sum(coalesce(c.n, 0)) AS BIGINT) AS n_cells,
           CAST(sum(coalesce(k.n, 0)) AS BIGINT) AS n_checks,
           CAST(sum(coalesce(p.n, 0)) AS BIGINT) AS n_platform
    FROM reports AS r
    LEFT JOIN n_cells AS c USING (report_id)
    LEFT JOIN n_checks AS k USING (report_id)
    LEFT JOIN n_platform AS p USING (report_id)
    WHERE r.is_current AND r.year IS NOT NULL
    GROUP BY ALL
)
SELECT agency_id, agency, province, city, county, level, kind, aggregate,
       count(*) OVER (PARTITION BY agency_id) AS n_rows,
       lower(coalesce(agency, '（单位未识别）')) AS search_name,
       min(year) AS first_year,
       max(year) AS last_year,
       count(*) AS n_years,
       count(*) FILTER (WHERE n_legacy < n_reports) AS n_table_years,
       CAST(sum(n_reports) AS BIGINT) AS n_reports,
       CAST(sum(n_cells) AS BIGINT) AS n_cells,
       CAST(sum(n_checks) AS BIGINT) AS n_checks,
       CAST(sum(n_platform) AS BIGINT) AS n_platform,
       list(year ORDER BY year) AS years,
       coalesce(list(year ORDER BY year) FILTER (WHERE n_legacy < n_reports), []) AS table_years,
       list(n_reports ORDER BY year) AS year_reports,
       list(n_legacy ORDER BY year) AS year_legacy,
       list(n_cells ORDER BY year) AS year_cells,
       list(n_checks ORDER BY year) AS year_checks,
       list(n_platform ORDER BY year) AS year_platform
FROM per_year
GROUP BY agency_id, agency, province, city, county, level, kind, aggregate
-- stored by region: a province or city filter skips the other row groups
ORDER BY province NULLS LAST, city NULLS LAST, county NULLS LAST, agency_id
