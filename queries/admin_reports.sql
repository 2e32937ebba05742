-- Every stored report version for the admin pages (newest first): choose what to correct.
SELECT report_id, agency_id, agency, year, version, is_current, source_file, ingested_at
FROM reports
ORDER BY ingested_at DESC, agency, year;
