-- All printed cells of one report version, in stored order.
SELECT path, section, "row", col, value, raw, page, imputed, ambiguous, candidates
FROM cells
WHERE report_id = $report_id
  AND in_parts(part, $parts);  -- the report's files only (data.LOCATORS)
