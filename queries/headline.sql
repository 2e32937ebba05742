-- Headline sums per year and scope for the selection (aggregate reports kept apart by `scope`); with
-- $panel only the reports of the balanced panel's agencies (queries/_macros.sql `panel_of`).
SELECT year,
       coalesce(scope, 'own') AS scope,
       count(*) AS n_reports,
       count(DISTINCT agency_id) AS n_agencies,
       sum(requests__new__total) AS new,
       count(requests__new__total) AS n_new,
       sum(requests__carried_in__total) AS carried_in,
       sum(requests__handled_total__total) AS handled,
       count(requests__handled_total__total) AS n_handled,
       sum(requests__carried_out__total) AS carried_out,
       sum(requests__granted__total) AS granted,
       sum(requests__partial__total) AS partial,
       -- the parts of 公开率 and 复议纠错率, per report in queries/reports_charted.sql (the one definition)
       sum(open_num) AS open_num,
       sum(open_den) AS open_den,
       sum(review_litigation__review__total) AS review_total,
       sum(review_litigation__litigation_direct__total) + sum(review_litigation__litigation_after_review__total)
           AS litigation_total,
       sum(review_corrected) AS review_corrected,
       sum(review_decided) AS review_decided,
       sum(coalesce(n_errors, 0)) AS n_errors,
       count(*) FILTER (WHERE coalesce(n_errors, 0) > 0) AS n_reports_with_errors
FROM charted_panel($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                   $include_aggregate, $panel)
GROUP BY year, coalesce(scope, 'own')
ORDER BY year, scope;
