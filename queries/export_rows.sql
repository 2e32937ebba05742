-- How many rows each export of the selection holds (数据导出 says it before any file is made): the
-- selected current reports (export_reports: one row per report) and their rows of cells, checks and
-- platform_metrics (export_cells / export_checks / export_platform: one row per such row of a selected
-- report). Summed from the `agency_facts` summary (queries/agency_facts.sql; its key columns are the
-- selection's, so the same reports count), not by running the exports: counting export_reports grouped
-- every cell of the selection, minutes at 2 000 000 reports. A row whose every year is in the range
-- gives its totals; else its years in the range are summed from its per-year lists.
WITH rows AS NOT MATERIALIZED (
    SELECT f.*, f.first_year >= $year_from AND f.last_year <= $year_to AS whole
    FROM agency_facts AS f
    WHERE f.last_year >= $year_from AND f.first_year <= $year_to
      AND in_selection(true, $year_from, f.province, f.city, f.county, f.level, f.kind, f.agency_id,
                       CASE WHEN f.aggregate THEN 'aggregate' END, $year_from, $year_to, $province, $city,
                       $county, $levels, $kinds, $agency_ids, $include_aggregate)
), in_range AS (
    SELECT n_reports, n_cells, n_checks, n_platform FROM rows WHERE whole
    UNION ALL
    SELECT sum(n) FILTER (WHERE y BETWEEN $year_from AND $year_to),
           sum(c) FILTER (WHERE y BETWEEN $year_from AND $year_to),
           sum(k) FILTER (WHERE y BETWEEN $year_from AND $year_to),
           sum(p) FILTER (WHERE y BETWEEN $year_from AND $year_to)
    FROM (
        SELECT unnest(years) AS y, unnest(year_reports) AS n, unnest(year_cells) AS c,
               unnest(year_checks) AS k, unnest(year_platform) AS p
        FROM rows
        WHERE NOT whole
    )
)
SELECT CAST(coalesce(sum(n_reports), 0) AS BIGINT) AS export_reports,
       CAST(coalesce(sum(n_cells), 0) AS BIGINT) AS export_cells,
       CAST(coalesce(sum(n_checks), 0) AS BIGINT) AS export_checks,
       CAST(coalesce(sum(n_platform), 0) AS BIGINT) AS export_platform
FROM in_range;
