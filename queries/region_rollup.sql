-- The selection one level below its region filter (nation → province, province → city (or district of a
-- municipality), city → county, county or chosen agencies → agency), the top $top_n groups by new
-- requests and the rest summed into one row, so a chart never has more than $top_n + 1 bars at any
-- scale. Sums ignore blank cells; `n_given` says how many reports gave the figure (null stays null
-- when no report did). `drill_level` / `drill_value` say which filter a click on the bar sets.
WITH sel AS (
    SELECT * FROM charted_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds,
                                  $agency_ids, $include_aggregate)
),
keyed AS (
    SELECT *,
           CASE
               WHEN $agency_ids IS NOT NULL OR $county IS NOT NULL THEN 'agency'
               WHEN $city IS NOT NULL THEN CASE WHEN county IS NULL THEN 'agency' ELSE 'county' END
               WHEN $province IS NOT NULL THEN CASE WHEN city IS NOT NULL THEN 'city'
                                                    WHEN county IS NOT NULL THEN 'county' ELSE 'agency' END
               ELSE CASE WHEN province IS NULL THEN 'agency' ELSE 'province' END
           END AS drill_level
    FROM sel
),
grouped AS (
    SELECT drill_level,
           CASE drill_level WHEN 'province' THEN province WHEN 'city' THEN city WHEN 'county' THEN county
                            ELSE agency_id END AS drill_value,
           CASE drill_level WHEN 'province' THEN province WHEN 'city' THEN city WHEN 'county' THEN county
                            ELSE agency END AS label,
           count(*) AS reports,
           count(DISTINCT agency_id) AS agencies,
           count(requests__new__total) AS n_given,
           sum(requests__new__total) AS new,
           sum(requests__handled_total__total) AS handled,
           sum(requests__granted__total) AS granted,
           sum(requests__partial__total) AS partial
    FROM keyed
    GROUP BY ALL
),
ranked AS (
    SELECT *, row_number() OVER (ORDER BY new DESC NULLS LAST, reports DESC, label) AS rank FROM grouped
)
SELECT drill_level, drill_value, label, 1 AS n_groups, reports, agencies, n_given, new, handled, granted,
       partial, rank
FROM ranked WHERE rank <= $top_n
UNION ALL
SELECT NULL, NULL, '其他（' || count(*) || ' 项）', count(*), sum(reports), sum(agencies), sum(n_given),
       sum(new), sum(handled), sum(granted), sum(partial), $top_n + 1
FROM ranked WHERE rank > $top_n
HAVING count(*) > 0
ORDER BY rank;
