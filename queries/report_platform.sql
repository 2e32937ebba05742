-- Platform metrics of one report version.
SELECT platform, account, metric, value, qualifier, unit, period, sentence, "offset"
FROM platform_metrics
WHERE report_id = $report_id
  AND in_parts(part, $parts)  -- the report's files only (data.LOCATORS)
ORDER BY "offset", platform, account, metric, period, value;  -- a total order (ties: one sentence, two metrics)
