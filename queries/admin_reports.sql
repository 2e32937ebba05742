-- Every stored report version for the admin pages (newest first): choose what to correct or accept.
SELECT report_id, agency_id, agency, year, version, is_current, template, n_values, held_reason, source_file,
       ingested_at
FROM reports
ORDER BY ingested_at DESC, agency, year;
