-- Years of the selection with their number of current reports and of legacy (pre-2019, table-less) ones:
-- the years a page offers (对比, 会议简报) and 数据质量's coverage line, without a row per report.
SELECT s.year,
       count(*) AS n_reports,
       count(*) FILTER (WHERE s.template = 'legacy') AS n_legacy
FROM selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                      $include_aggregate) AS s
GROUP BY s.year
ORDER BY s.year DESC;
