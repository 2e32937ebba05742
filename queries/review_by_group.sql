-- Section 四 per group one level below the region filter (grouped_reports, charted values) and case
-- group (行政复议, 直接起诉, 复议后起诉), summed over the selected years; own and 汇总 reports apart (`scope`).
-- 纠错率's parts (`rate_corrected` ÷ `decided` = 纠正 ÷ (总计 − 尚未审结)) only over reports that print all
-- three cells; plain sums ignore blank cells and n_* say how many reports gave a figure.
WITH g AS (
    SELECT drill_level, drill_value, drill_label, scope, agency_id, t.grp,
           CASE t.grp WHEN 'review' THEN review_litigation__review__upheld WHEN 'litigation_direct' THEN review_litigation__litigation_direct__upheld WHEN 'litigation_after_review' THEN review_litigation__litigation_after_review__upheld END AS upheld,
           CASE t.grp WHEN 'review' THEN review_litigation__review__corrected WHEN 'litigation_direct' THEN review_litigation__litigation_direct__corrected WHEN 'litigation_after_review' THEN review_litigation__litigation_after_review__corrected END AS corrected,
           CASE t.grp WHEN 'review' THEN review_litigation__review__other WHEN 'litigation_direct' THEN review_litigation__litigation_direct__other WHEN 'litigation_after_review' THEN review_litigation__litigation_after_review__other END AS other,
           CASE t.grp WHEN 'review' THEN review_litigation__review__pending WHEN 'litigation_direct' THEN review_litigation__litigation_direct__pending WHEN 'litigation_after_review' THEN review_litigation__litigation_after_review__pending END AS pending,
           CASE t.grp WHEN 'review' THEN review_litigation__review__total WHEN 'litigation_direct' THEN review_litigation__litigation_direct__total WHEN 'litigation_after_review' THEN review_litigation__litigation_after_review__total END AS total
    FROM grouped_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                         $include_aggregate),
         (VALUES ('review'), ('litigation_direct'), ('litigation_after_review')) AS t(grp)
)
SELECT drill_level, drill_value, drill_label AS label, scope, grp,
       count(*) AS n_reports,
       count(DISTINCT agency_id) AS agencies,
       sum(upheld) AS upheld, sum(corrected) AS corrected, sum(other) AS other, sum(pending) AS pending,
       sum(total) AS total, count(total) AS n_total,
       sum(corrected) FILTER (WHERE corrected IS NOT NULL AND total IS NOT NULL AND pending IS NOT NULL)
           AS rate_corrected,
       sum(total - pending) FILTER (WHERE corrected IS NOT NULL AND total IS NOT NULL AND pending IS NOT NULL)
           AS decided
FROM g
GROUP BY ALL
ORDER BY label, scope, grp;
