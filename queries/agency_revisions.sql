-- The revision log of one agency (every correction, oldest first): who, when, old, new, why.
SELECT r.year, r.path, r.old_value, r.new_value, r.reason, r.who, r.recorded_at, r.report_id
FROM revisions r
WHERE r.agency_id = $agency_id
ORDER BY r.recorded_at, r.revision_id;
