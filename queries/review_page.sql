-- One page of section 四 rows (one row per current report and case group, wide; blank kept as NULL):
-- $limit rows from $offset, so that the detail table never loads the whole selection.
WITH r AS (
    SELECT agency_id, agency || CASE WHEN scope = 'aggregate' THEN '（汇总）' ELSE '' END AS agency,
           year, source_file, report_id, COLUMNS('^review_litigation__')
    FROM selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                          $include_aggregate)
    ORDER BY agency, year, report_id
    LIMIT $limit OFFSET $offset
)
SELECT agency, year, t.grp, source_file,
       CASE t.grp WHEN 'review' THEN review_litigation__review__upheld
                  WHEN 'litigation_direct' THEN review_litigation__litigation_direct__upheld
                  ELSE review_litigation__litigation_after_review__upheld END AS upheld,
       CASE t.grp WHEN 'review' THEN review_litigation__review__corrected
                  WHEN 'litigation_direct' THEN review_litigation__litigation_direct__corrected
                  ELSE review_litigation__litigation_after_review__corrected END AS corrected,
       CASE t.grp WHEN 'review' THEN review_litigation__review__other
                  WHEN 'litigation_direct' THEN review_litigation__litigation_direct__other
                  ELSE review_litigation__litigation_after_review__other END AS other,
       CASE t.grp WHEN 'review' THEN review_litigation__review__pending
                  WHEN 'litigation_direct' THEN review_litigation__litigation_direct__pending
                  ELSE review_litigation__litigation_after_review__pending END AS pending,
       CASE t.grp WHEN 'review' THEN review_litigation__review__total
                  WHEN 'litigation_direct' THEN review_litigation__litigation_direct__total
                  ELSE review_litigation__litigation_after_review__total END AS total
FROM r, (VALUES ('review', 1), ('litigation_direct', 2), ('litigation_after_review', 3)) AS t(grp, k)
ORDER BY agency, year, report_id, t.k;
