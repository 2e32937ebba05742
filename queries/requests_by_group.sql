-- Section 三's flows (总计 column, charted values) per group one level below the region filter and year
-- (queries/_macros.sql grouped_reports), own and 汇总 reports apart (`scope`: never summed together).
-- Sums ignore blank cells; n_* say how many reports gave each figure (null stays null when none did).
SELECT drill_level, drill_value, drill_label AS label, scope, year,
       count(*) AS n_reports,
       count(DISTINCT agency_id) AS agencies,
       sum(requests__new__total) AS new,
       count(requests__new__total) AS n_new,
       sum(requests__carried_in__total) AS carried_in,
       count(requests__carried_in__total) AS n_carried_in,
       sum(requests__handled_total__total) AS handled,
       count(requests__handled_total__total) AS n_handled,
       sum(requests__carried_out__total) AS carried_out,
       count(requests__carried_out__total) AS n_carried_out,
       string_agg(DISTINCT source_file, '、') FILTER (WHERE drill_level = 'agency') AS source_files
FROM grouped_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                     $include_aggregate)
GROUP BY ALL
ORDER BY drill_level, label, scope, year;
