-- All printed cells of one report version, in the order the parser read them (`ord`).
SELECT path, section, "row", col, value, raw, page, imputed, ambiguous, candidates
FROM cells
WHERE report_id = $report_id
  AND in_parts(part, $parts)  -- the report's files only (data.LOCATORS)
ORDER BY ord, path;
