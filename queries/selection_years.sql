-- Years of the selection with their number of current reports and of legacy (pre-2019, table-less) ones:
-- the years a page offers (对比, 会议简报) and 数据质量's coverage line, without a row per report. From the
-- `agency_facts` summary (queries/agency_facts.sql: per agency row, its years with their report and
-- legacy counts; its key columns are the selection's), not every report (0.3 s nationally at 2 000 000).
SELECT y AS year,
       CAST(sum(n) AS BIGINT) AS n_reports,
       CAST(sum(n_legacy) AS BIGINT) AS n_legacy
FROM (
    SELECT unnest(f.years) AS y, unnest(f.year_reports) AS n, unnest(f.year_legacy) AS n_legacy
    FROM agency_facts AS f
    WHERE f.last_year >= $year_from AND f.first_year <= $year_to
      AND in_selection(true, $year_from, f.province, f.city, f.county, f.level, f.kind, f.agency_id,
                       CASE WHEN f.aggregate THEN 'aggregate' END, $year_from, $year_to, $province, $city,
                       $county, $levels, $kinds, $agency_ids, $include_aggregate)
)
WHERE y BETWEEN $year_from AND $year_to
GROUP BY y
ORDER BY y DESC;
