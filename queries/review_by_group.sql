-- Section 四 per group one level below the region filter and case group (行政复议, 直接起诉, 复议后起诉),
-- summed over the selected years; own and 汇总 reports apart (`scope`). Over queries/_macros.sql
-- region_groups (the region_facts summary for the nation or a province, one row per report otherwise).
-- 纠错率's parts (`rate_corrected` ÷ `decided` = 纠正 ÷ (总计 − 尚未审结)) only over reports that print all
-- three cells (`<group>_corrected` / `<group>_decided`, per report in queries/reports_charted.sql); plain
-- sums ignore blank cells and n_total says how many reports gave 总计 (null stays null when none did).
-- Summed per group, then folded into one row per case group: every column named `<group>__<field>`.
WITH summed AS (
    SELECT drill_level, drill_value, drill_label AS label, scope,
           CAST(sum(n_reports) AS BIGINT) AS n_reports,
           sum(COLUMNS('^s__review_litigation__(.+)$')) AS "\1",
           sum(COLUMNS('^n__review_litigation__(.+)__total$')) AS "\1__n_total",
           sum(COLUMNS('^s__([a-z]+(?:_[a-z]+)*)_corrected$')) AS "\1__rate_corrected",
           sum(COLUMNS('^s__([a-z]+(?:_[a-z]+)*)_decided$')) AS "\1__decided"
    FROM region_groups($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                       $include_aggregate, false)
    GROUP BY ALL
), long AS (
    SELECT * FROM summed UNPIVOT INCLUDE NULLS (v FOR key IN (COLUMNS('__')))
)
SELECT drill_level, drill_value, label, scope, split_part(key, '__', 1) AS grp, n_reports,
       max(v) FILTER (WHERE split_part(key, '__', 2) = 'upheld') AS upheld,
       max(v) FILTER (WHERE split_part(key, '__', 2) = 'corrected') AS corrected,
       max(v) FILTER (WHERE split_part(key, '__', 2) = 'other') AS other,
       max(v) FILTER (WHERE split_part(key, '__', 2) = 'pending') AS pending,
       max(v) FILTER (WHERE split_part(key, '__', 2) = 'total') AS total,
       CAST(max(v) FILTER (WHERE split_part(key, '__', 2) = 'n_total') AS BIGINT) AS n_total,
       max(v) FILTER (WHERE split_part(key, '__', 2) = 'rate_corrected') AS rate_corrected,
       max(v) FILTER (WHERE split_part(key, '__', 2) = 'decided') AS decided
FROM long
GROUP BY ALL
ORDER BY label, scope, grp;
