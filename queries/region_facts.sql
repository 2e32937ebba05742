-- The `region_facts` summary table (disclosure.dashboard.data.SUMMARIES; built with the connection from
-- `reports_charted`): the current reports summed per year, scope, region, level and kind, so that a
-- chart of the nation or of one province sums a few hundred thousand rows instead of every report
-- (2 000 000 nationally). Reports that a nation or province chart shows one by one (no province, or
-- neither city nor county: provincial and central agencies) keep their agency as `unit_*`.
-- Counts of reports: all, legacy (pre-2019), with a failed error check, with only failed warnings, and
-- the failed error checks. For each figure F (section 三's 总计 column, every cell of section 四, every
-- cell of section 二 (kept apart by `template`: the 2019 and 2021 columns differ), the per-report parts
-- of 公开率 and of each case group's 纠错率 from queries/reports_charted.sql): s__F = sum over the reports that give it, n__F = how many give it (a blank
-- is never a 0: s__F is null when none does). Sums only: exact for any union of rows. Read through the
-- `region_groups` macro (queries/_macros.sql), which uses it only when the selection has no city,
-- county or agency filter, and whose per-report branch has the same fact columns (tested).
SELECT year,
       coalesce(scope, 'own') AS scope,
       template, province, city, county, level, kind,
       CASE WHEN province IS NULL OR (city IS NULL AND county IS NULL) THEN agency_id END AS unit_id,
       CASE WHEN province IS NULL OR (city IS NULL AND county IS NULL)
            THEN coalesce(agency, '（单位未识别）') END AS unit_label,
       CASE WHEN province IS NULL OR (city IS NULL AND county IS NULL)
            THEN coalesce(source_file, '') END AS unit_file,
       count(*) AS n_reports,
       count(*) FILTER (WHERE template = 'legacy') AS n_legacy,
       count(*) FILTER (WHERE coalesce(n_errors, 0) > 0) AS n_error_reports,
       count(*) FILTER (WHERE coalesce(n_errors, 0) = 0 AND coalesce(n_warnings, 0) > 0) AS n_warning_reports,
       sum(coalesce(n_errors, 0)) AS n_errors,
       sum(COLUMNS('^requests__.*__total$|^review_litigation__|^active__|^open_(num|den)$|_(corrected|decided)$'))
           AS "s__\0",
       count(COLUMNS('^requests__.*__total$|^review_litigation__|^active__|^open_(num|den)$|_(corrected|decided)$'))
           AS "n__\0"
FROM reports_charted
WHERE is_current AND year IS NOT NULL
GROUP BY ALL
ORDER BY province, city, county, year;
