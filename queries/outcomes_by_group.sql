-- Every row of section 三 (总计 column, charted values) per group one level below the region filter,
-- summed over the selected years, long format; own and 汇总 reports apart (`scope`: never summed together).
SELECT drill_level, drill_value, label, scope, regexp_extract(path, '^requests__(.*)__total$', 1) AS outcome,
       sum(value) AS requests, count(value) AS n_reports, count(DISTINCT agency_id) AS agencies
FROM (
    UNPIVOT (
        SELECT drill_level, drill_value, drill_label AS label, scope, agency_id,
               COLUMNS('^requests__.*__total$')
        FROM grouped_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds,
                             $agency_ids, $include_aggregate)
    ) ON COLUMNS('^requests__.*__total$') INTO NAME path VALUE value
)
GROUP BY ALL
ORDER BY label, scope, outcome;
