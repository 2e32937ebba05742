-- The selection one level below its region filter (nation → province, province → city (or district of a
-- municipality), city → county, county or chosen agencies → agency), the top $top_n groups by new
-- requests and the rest summed into one row, so a chart never has more than $top_n + 1 bars at any
-- scale. Sums ignore blank cells; `n_given` says how many reports gave the figure (null stays null
-- when no report did). `drill_level` / `drill_value` say which filter a click on the bar sets.
-- Over queries/_macros.sql region_groups (the region_facts summary for the nation or a province).
WITH grouped AS (
    SELECT drill_level, drill_value, drill_label AS label,
           CAST(sum(n_reports) AS BIGINT) AS reports,
           CAST(sum(n__requests__new__total) AS BIGINT) AS n_given,
           sum(s__requests__new__total) AS new,
           sum(s__requests__handled_total__total) AS handled,
           sum(s__requests__granted__total) AS granted,
           sum(s__requests__partial__total) AS partial
    FROM region_groups($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                       $include_aggregate, $panel)
    GROUP BY ALL
),
ranked AS (
    SELECT *, row_number() OVER (ORDER BY new DESC NULLS LAST, reports DESC, label) AS rank FROM grouped
)
SELECT drill_level, drill_value, label, 1 AS n_groups, reports, n_given, new, handled, granted, partial, rank
FROM ranked WHERE rank <= $top_n
UNION ALL
SELECT NULL, NULL, '其他（' || count(*) || ' 项）', count(*), sum(reports), sum(n_given),
       sum(new), sum(handled), sum(granted), sum(partial), $top_n + 1
FROM ranked WHERE rank > $top_n
HAVING count(*) > 0
ORDER BY rank;
