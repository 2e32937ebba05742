-- The canonical agency of a printed agency_id (an old link may carry the id of a former name).
SELECT coalesce(canonical_id, agency_id) AS canonical_id FROM agency_canon WHERE agency_id = $agency_id;
