-- Headline sums per year and scope for the selection (aggregate reports kept apart by `scope`); with
-- $panel only the reports of the balanced panel's agencies (queries/_macros.sql `panel_of`). Over
-- queries/_macros.sql region_groups (the region_facts summary for the nation or a province).
SELECT year,
       scope,
       CAST(sum(n_reports) AS BIGINT) AS n_reports,
       sum(s__requests__new__total) AS new,
       CAST(sum(n__requests__new__total) AS BIGINT) AS n_new,
       sum(s__requests__carried_in__total) AS carried_in,
       sum(s__requests__handled_total__total) AS handled,
       CAST(sum(n__requests__handled_total__total) AS BIGINT) AS n_handled,
       sum(s__requests__carried_out__total) AS carried_out,
       sum(s__requests__granted__total) AS granted,
       sum(s__requests__partial__total) AS partial,
       -- the parts of 公开率 and 复议纠错率, per report in queries/reports_charted.sql (the one definition)
       sum(s__open_num) AS open_num,
       sum(s__open_den) AS open_den,
       sum(s__review_litigation__review__total) AS review_total,
       sum(s__review_litigation__litigation_direct__total) + sum(s__review_litigation__litigation_after_review__total)
           AS litigation_total,
       sum(s__review_corrected) AS review_corrected,
       sum(s__review_decided) AS review_decided,
       sum(n_errors) AS n_errors,
       CAST(sum(n_error_reports) AS BIGINT) AS n_reports_with_errors
FROM region_groups($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                   $include_aggregate, $panel)
GROUP BY year, scope
ORDER BY year, scope;
