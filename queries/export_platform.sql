-- Every platform metric of the selected current reports, with its sentence.
SELECT s.province, s.city, s.county, s.agency_id, s.agency, s.year, s.source_file,
       p.platform, p.account, p.metric, p.value, p.qualifier, p.unit, p.period, p.sentence, p."offset",
       p.report_id
FROM platform_metrics AS p
JOIN selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                      $include_aggregate) AS s USING (report_id)
-- total order: paged preview (ties broken by report_id)
ORDER BY s.agency, s.year, p."offset", p.report_id, p.metric, p.platform;
