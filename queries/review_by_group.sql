-- Section 四 per group one level below the region filter (grouped_reports, charted values) and case
-- group (行政复议, 直接起诉, 复议后起诉), summed over the selected years; own and 汇总 reports apart (`scope`).
-- 纠错率's parts (`rate_corrected` ÷ `decided` = 纠正 ÷ (总计 − 尚未审结)) only over reports that print all
-- three cells; plain sums ignore blank cells and n_* say how many reports gave a figure.
-- Summed per group first, then one row per case group (not reports × 3 rows before the sums).
WITH summed AS (
    SELECT drill_level, drill_value, drill_label AS label, scope, count(*) AS n_reports,
           sum(review_litigation__review__upheld) AS review__upheld,
           sum(review_litigation__review__corrected) AS review__corrected,
           sum(review_litigation__review__other) AS review__other,
           sum(review_litigation__review__pending) AS review__pending,
           sum(review_litigation__review__total) AS review__total,
           count(review_litigation__review__total) AS review__n_total,
           sum(review_litigation__review__corrected) FILTER (WHERE review_litigation__review__corrected IS NOT NULL AND review_litigation__review__total IS NOT NULL AND review_litigation__review__pending IS NOT NULL) AS review__rate_corrected,
           sum(review_litigation__review__total - review_litigation__review__pending) FILTER (WHERE review_litigation__review__corrected IS NOT NULL AND review_litigation__review__total IS NOT NULL AND review_litigation__review__pending IS NOT NULL) AS review__decided,
           sum(review_litigation__litigation_direct__upheld) AS litigation_direct__upheld,
           sum(review_litigation__litigation_direct__corrected) AS litigation_direct__corrected,
           sum(review_litigation__litigation_direct__other) AS litigation_direct__other,
           sum(review_litigation__litigation_direct__pending) AS litigation_direct__pending,
           sum(review_litigation__litigation_direct__total) AS litigation_direct__total,
           count(review_litigation__litigation_direct__total) AS litigation_direct__n_total,
           sum(review_litigation__litigation_direct__corrected) FILTER (WHERE review_litigation__litigation_direct__corrected IS NOT NULL AND review_litigation__litigation_direct__total IS NOT NULL AND review_litigation__litigation_direct__pending IS NOT NULL) AS litigation_direct__rate_corrected,
           sum(review_litigation__litigation_direct__total - review_litigation__litigation_direct__pending) FILTER (WHERE review_litigation__litigation_direct__corrected IS NOT NULL AND review_litigation__litigation_direct__total IS NOT NULL AND review_litigation__litigation_direct__pending IS NOT NULL) AS litigation_direct__decided,
           sum(review_litigation__litigation_after_review__upheld) AS litigation_after_review__upheld,
           sum(review_litigation__litigation_after_review__corrected) AS litigation_after_review__corrected,
           sum(review_litigation__litigation_after_review__other) AS litigation_after_review__other,
           sum(review_litigation__litigation_after_review__pending) AS litigation_after_review__pending,
           sum(review_litigation__litigation_after_review__total) AS litigation_after_review__total,
           count(review_litigation__litigation_after_review__total) AS litigation_after_review__n_total,
           sum(review_litigation__litigation_after_review__corrected) FILTER (WHERE review_litigation__litigation_after_review__corrected IS NOT NULL AND review_litigation__litigation_after_review__total IS NOT NULL AND review_litigation__litigation_after_review__pending IS NOT NULL) AS litigation_after_review__rate_corrected,
           sum(review_litigation__litigation_after_review__total - review_litigation__litigation_after_review__pending) FILTER (WHERE review_litigation__litigation_after_review__corrected IS NOT NULL AND review_litigation__litigation_after_review__total IS NOT NULL AND review_litigation__litigation_after_review__pending IS NOT NULL) AS litigation_after_review__decided
    FROM grouped_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                         $include_aggregate)
    GROUP BY ALL
)
SELECT drill_level, drill_value, label, scope, 'review' AS grp, n_reports, review__upheld AS upheld, review__corrected AS corrected, review__other AS other, review__pending AS pending, review__total AS total, review__n_total AS n_total, review__rate_corrected AS rate_corrected, review__decided AS decided
FROM summed
UNION ALL
SELECT drill_level, drill_value, label, scope, 'litigation_direct' AS grp, n_reports, litigation_direct__upheld AS upheld, litigation_direct__corrected AS corrected, litigation_direct__other AS other, litigation_direct__pending AS pending, litigation_direct__total AS total, litigation_direct__n_total AS n_total, litigation_direct__rate_corrected AS rate_corrected, litigation_direct__decided AS decided
FROM summed
UNION ALL
SELECT drill_level, drill_value, label, scope, 'litigation_after_review' AS grp, n_reports, litigation_after_review__upheld AS upheld, litigation_after_review__corrected AS corrected, litigation_after_review__other AS other, litigation_after_review__pending AS pending, litigation_after_review__total AS total, litigation_after_review__n_total AS n_total, litigation_after_review__rate_corrected AS rate_corrected, litigation_after_review__decided AS decided
FROM summed
ORDER BY label, scope, grp;
