-- Section 三's flows (总计 column, charted values) per group one level below the region filter and year
-- (queries/_macros.sql region_groups: from the region_facts summary for the nation or a province), own
-- and 汇总 reports apart (`scope`: never summed together). Sums ignore blank cells; n_* say how many
-- reports gave each figure (null stays null when none did).
SELECT drill_level, drill_value, drill_label AS label, scope, year,
       CAST(sum(n_reports) AS BIGINT) AS n_reports,
       sum(s__requests__new__total) AS new,
       CAST(sum(n__requests__new__total) AS BIGINT) AS n_new,
       sum(s__requests__carried_in__total) AS carried_in,
       CAST(sum(n__requests__carried_in__total) AS BIGINT) AS n_carried_in,
       sum(s__requests__handled_total__total) AS handled,
       CAST(sum(n__requests__handled_total__total) AS BIGINT) AS n_handled,
       sum(s__requests__carried_out__total) AS carried_out,
       CAST(sum(n__requests__carried_out__total) AS BIGINT) AS n_carried_out,
       string_agg(DISTINCT unit_file, '、') FILTER (WHERE drill_level = 'agency') AS source_files
FROM region_groups($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                   $include_aggregate, $panel)
GROUP BY ALL
ORDER BY drill_level, label, scope, year;
