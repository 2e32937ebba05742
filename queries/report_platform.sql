-- Platform metrics of one report version.
SELECT platform, account, metric, value, qualifier, unit, period, sentence, "offset"
FROM platform_metrics
WHERE report_id = $report_id
ORDER BY "offset";
