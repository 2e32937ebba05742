-- All checks of one report version (report-level and dataset-level), failures first.
SELECT rule, severity, "where", expected, actual, ok, message, level
FROM checks
WHERE report_id = $report_id
  AND in_parts(part, $parts)  -- the report's files only (data.LOCATORS)
ORDER BY CASE WHEN ok = false THEN 0 WHEN ok IS NULL THEN 1 ELSE 2 END, rule, "where";
