-- One agency's current reports by year and scope (本级 and 汇总 are two series, never summed): section 三
-- 总计 column, the parts of 公开率 and 纠错率, and section 四 totals. Used for the profile's trends, so from
-- `reports_charted` (administrators' corrections applied, marked on the page; derived 总计 as on every chart).
SELECT year, coalesce(scope, 'own') AS scope, report_id, source_file, printed_agency,
       requests__new__total AS new, requests__carried_in__total AS carried_in,
       requests__handled_total__total AS handled, requests__carried_out__total AS carried_out,
       requests__granted__total AS granted, requests__partial__total AS partial,
       requests__granted__total, requests__partial__total, requests__handled_total__total,
       review_litigation__review__total AS review_total,
       review_litigation__review__total, review_litigation__review__corrected, review_litigation__review__pending,
       review_litigation__litigation_direct__total AS litigation_direct_total,
       review_litigation__litigation_after_review__total AS litigation_after_review_total,
       open_num, open_den, review_corrected, review_decided,  -- rate parts (queries/reports_charted.sql)
       n_errors, n_warnings
FROM reports_charted
WHERE agency_id = $agency_id AND is_current
ORDER BY year, scope;
