-- Every cell of the selected current reports, long format, with its provenance.
SELECT s.province, s.city, s.county, s.agency_id, s.agency, s.scope, s.year, s.template, s.source_file,
       c.path, c.section, c."row", c.col, c.value, c.raw, c.page, c.imputed, c.ambiguous, c.report_id
FROM cells AS c
JOIN selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                      $include_aggregate) AS s USING (report_id)
ORDER BY s.agency, s.year, c.path;
