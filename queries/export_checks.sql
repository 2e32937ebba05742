-- Every check of the selected current reports.
SELECT s.province, s.city, s.county, s.agency_id, s.agency, s.year, s.source_file,
       c.rule, c.severity, c."where", c.expected, c.actual, c.ok, c.message, c.level, c.report_id
FROM checks AS c
JOIN selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                      $include_aggregate) AS s USING (report_id)
-- total order: paged preview (ties broken by report_id)
ORDER BY s.agency, s.year, c.rule, c."where", c.report_id, c.message;
