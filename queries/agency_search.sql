-- The agency pickers' options (对比, 单位档案, the sidebar, 更正数值): agencies of the selection whose name
-- contains $search ('' = any; a plain substring, case-insensitive, never a pattern or SQL), at most $limit
-- of them, with `n_total` = how many agencies match in all (so a page can say "共 N 个，显示前 50 个").
-- Order ($order): 'table_years' = most years with tables in one scope first (对比 by year), else most years
-- of reports; then more reports, then by name: the first row is each page's default agency.
WITH matching AS (
    SELECT s.agency_id, s.agency, s.province, s.city, s.county, s.year, s.scope, s.template
    FROM selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                          $include_aggregate) AS s
    WHERE s.agency_id IS NOT NULL
      AND ($search = '' OR contains(lower(s.agency), lower($search)))
), per_scope AS (
    SELECT agency_id, scope, count(DISTINCT year) FILTER (WHERE template IS DISTINCT FROM 'legacy') AS table_years
    FROM matching
    GROUP BY agency_id, scope
), per_agency AS (
    SELECT m.agency_id,
           any_value(m.agency ORDER BY m.year DESC) AS agency,
           any_value(m.province ORDER BY m.year DESC) AS province,
           any_value(m.city ORDER BY m.year DESC) AS city,
           any_value(m.county ORDER BY m.year DESC) AS county,
           count(DISTINCT m.year) AS n_years,
           count(*) AS n_reports,
           min(m.year) AS first_year,
           max(m.year) AS last_year
    FROM matching AS m
    GROUP BY m.agency_id
)
SELECT a.*, coalesce(t.table_years, 0) AS n_table_years, count(*) OVER () AS n_total
FROM per_agency AS a
LEFT JOIN (SELECT agency_id, max(table_years) AS table_years FROM per_scope GROUP BY agency_id) AS t
    USING (agency_id)
ORDER BY CASE WHEN $order = 'table_years' THEN coalesce(t.table_years, 0) ELSE a.n_years END DESC,
         a.n_reports DESC, a.agency, a.agency_id
LIMIT $limit;
