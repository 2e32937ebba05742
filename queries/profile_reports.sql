-- Every version of every report of one agency (newest first within a year).
SELECT report_id, agency_id, agency, printed_agency, year, template, coalesce(scope, 'own') AS scope, level, kind,
       province, city, county,
       source_file, source_path, format, pages, ocr, version, is_current, ingested_at, parser_version,
       n_errors, n_warnings
FROM reports
WHERE agency_id = $agency_id
ORDER BY year DESC, version DESC;
