-- The agency pickers' options (对比, 单位档案, the sidebar, 更正数值): agencies of the selection whose name
-- contains $search ('' = any; a plain substring, case-insensitive, never a pattern or SQL), at most $limit
-- of them, with `n_total` = how many agencies match in all (so a page can say "共 N 个，显示前 50 个").
-- Order ($order): 'table_years' = most years with tables first (对比 by year), else most years of reports;
-- then more reports, then by name: the first row is each page's default agency. Why in two steps: the
-- counts are one hash aggregate over the selection; names and regions (arg_max by year, the latest
-- report's) are looked up only for the rows returned — at 2 000 000 reports sorting every agency's
-- reports to pick its latest name was most of the query's time. The latest report is the one with the
-- latest year, then the greatest report_id: an agency with two reports of one year (a merged agency, own
-- and 汇总) otherwise showed whichever row DuckDB met first, which differs between equal databases.
WITH matching AS (
    SELECT s.agency_id, s.agency, s.province, s.city, s.county, s.year, s.template, s.report_id
    FROM selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                          $include_aggregate) AS s
    WHERE s.agency_id IS NOT NULL
      AND ($search = '' OR contains(lower(s.agency), lower($search)))
), per_agency AS (
    SELECT agency_id,
           count(DISTINCT year) AS n_years,
           count(DISTINCT year) FILTER (WHERE template IS DISTINCT FROM 'legacy') AS n_table_years,
           count(*) AS n_reports,
           min(year) AS first_year,
           max(year) AS last_year,
           min(agency) AS sort_name
    FROM matching
    GROUP BY agency_id
), listed AS (
    SELECT *, count(*) OVER () AS n_total
    FROM per_agency
    ORDER BY CASE WHEN $order = 'table_years' THEN n_table_years ELSE n_years END DESC,
             n_reports DESC, sort_name, agency_id
    LIMIT $limit
)
SELECT l.agency_id,
       arg_max(m.agency, (m.year, m.report_id)) AS agency,
       arg_max(m.province, (m.year, m.report_id)) AS province,
       arg_max(m.city, (m.year, m.report_id)) AS city,
       arg_max(m.county, (m.year, m.report_id)) AS county,
       any_value(l.n_years) AS n_years,
       any_value(l.n_table_years) AS n_table_years,
       any_value(l.n_reports) AS n_reports,
       any_value(l.first_year) AS first_year,
       any_value(l.last_year) AS last_year,
       any_value(l.n_total) AS n_total
FROM listed AS l
JOIN matching AS m USING (agency_id)
GROUP BY l.agency_id, l.sort_name
ORDER BY CASE WHEN $order = 'table_years' THEN any_value(l.n_table_years) ELSE any_value(l.n_years) END DESC,
         any_value(l.n_reports) DESC, l.sort_name, l.agency_id;
