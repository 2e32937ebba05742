-- Stored report versions for 更正数值 (newest first): those of one agency ($agency_id), or the newest of all
-- agencies when $agency_id is NULL; at most $limit rows (never every report of the country).
SELECT report_id, agency_id, agency, year, version, is_current, source_file, ingested_at
FROM reports
WHERE $agency_id IS NULL OR agency_id = $agency_id
ORDER BY ingested_at DESC, agency, year, report_id
LIMIT $limit;
