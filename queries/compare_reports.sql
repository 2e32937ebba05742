-- 对比's rates: the per-report parts of 公开率 and 复议纠错率 (queries/reports_charted.sql, corrected values
-- like every chart) of the current reports of the given agencies in the given years, own and 汇总 apart;
-- `corrected_paths` lets the page mark a rate that includes an administrator's correction (†).
SELECT agency_id, coalesce(scope, 'own') AS scope, year, corrected_paths,
       open_num, open_den, review_corrected, review_decided
FROM reports_charted
WHERE is_current
  AND list_contains($compare_ids, agency_id)
  AND list_contains($compare_years, year);
