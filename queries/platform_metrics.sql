-- Platform metrics of the selected current reports, each with the sentence it was read from.
SELECT p.agency_id,
       s.agency || CASE WHEN s.scope = 'aggregate' THEN '（汇总）' ELSE '' END AS agency,
       s.year, p.platform, p.account, p.metric, p.value, p.qualifier, p.unit, p.period, p.sentence,
       s.source_file, p.report_id
FROM platform_metrics AS p
JOIN selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                      $include_aggregate) AS s USING (report_id)
ORDER BY s.agency, s.year, p.platform, p.metric;
