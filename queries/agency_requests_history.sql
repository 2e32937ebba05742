-- One agency's current reports by year: section 三 总计 column and section 四 totals.
SELECT year, report_id, source_file,
       requests__new__total AS new, requests__carried_in__total AS carried_in,
       requests__handled_total__total AS handled, requests__carried_out__total AS carried_out,
       requests__granted__total AS granted, requests__partial__total AS partial,
       review_litigation__review__total AS review_total,
       review_litigation__litigation_direct__total AS litigation_direct_total,
       review_litigation__litigation_after_review__total AS litigation_after_review_total,
       n_errors, n_warnings
FROM reports
WHERE agency_id = $agency_id AND is_current
ORDER BY year;
