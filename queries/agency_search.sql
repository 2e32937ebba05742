-- The agency pickers' options (对比, 单位档案, the sidebar, 更正数值): agencies of the selection whose name
-- contains $search ('' = any; a plain substring, case-insensitive, never a pattern or SQL), at most $limit
-- of them, with `n_total` = how many agencies match in all (so a page can say "共 N 个，显示前 50 个").
-- Order ($order): 'table_years' = most years with tables first (对比 by year), else most years of reports;
-- then more reports, then by name: the first row is each page's default agency. Read from the
-- `agency_facts` summary (queries/agency_facts.sql: one row per agency and name/region, its years as
-- lists), not from every report: at 2 000 000 reports the national list read 2 000 000 rows (6.6 s).
-- The selection's filters are `in_selection`'s (the year test there is met by construction; the years
-- are filtered in the lists); the name and region shown are those of the agency's latest report in the
-- selection (its row with the latest year), as when this read the reports.
WITH keyed AS NOT MATERIALIZED (
    SELECT f.* REPLACE (coalesce(f.agency, '（单位未识别）') AS agency),
           f.first_year >= $year_from AND f.last_year <= $year_to AS whole  -- every year of the row counts
    FROM agency_facts AS f
    WHERE f.agency_id IS NOT NULL
      AND f.last_year >= $year_from AND f.first_year <= $year_to
      AND in_selection(true, $year_from, f.province, f.city, f.county, f.level, f.kind, f.agency_id,
                       CASE WHEN f.aggregate THEN 'aggregate' END, $year_from, $year_to, $province, $city,
                       $county, $levels, $kinds, $agency_ids, $include_aggregate)
      AND ($search = '' OR contains(f.search_name, lower($search)))
), single AS NOT MATERIALIZED (
    -- an agency with one row (nearly all) whose every year is in the range: its row's figures as they
    -- are (no list read, no aggregate over the selection's agencies)
    SELECT agency_id, agency, province, city, county, n_years, n_table_years, n_reports, first_year, last_year,
           agency AS sort_name
    FROM keyed
    WHERE n_rows = 1 AND first_year >= $year_from AND last_year <= $year_to
    UNION ALL
    -- one row, some years outside the range: one year by list look-ups, a range by list filters
    SELECT agency_id, agency, province, city, county,
           CASE WHEN $year_from = $year_to THEN CAST(list_contains(years, $year_from) AS BIGINT)
                ELSE len(list_filter(years, lambda y: y BETWEEN $year_from AND $year_to)) END,
           CASE WHEN $year_from = $year_to THEN CAST(list_contains(table_years, $year_from) AS BIGINT)
                ELSE len(list_filter(table_years, lambda y: y BETWEEN $year_from AND $year_to)) END,
           CASE WHEN $year_from = $year_to THEN coalesce(year_reports[list_position(years, $year_from)], 0)
                ELSE CAST(list_sum(list_transform(list_filter(list_zip(years, year_reports),
                                                              lambda x: x[1] BETWEEN $year_from AND $year_to),
                                                  lambda x: x[2])) AS BIGINT) END,
           CASE WHEN $year_from = $year_to THEN $year_from
                ELSE list_min(list_filter(years, lambda y: y BETWEEN $year_from AND $year_to)) END,
           CASE WHEN $year_from = $year_to THEN $year_from
                ELSE list_max(list_filter(years, lambda y: y BETWEEN $year_from AND $year_to)) END,
           agency
    FROM keyed
    WHERE n_rows = 1 AND (first_year < $year_from OR last_year > $year_to)
), multi AS (
    -- an agency with several rows (renamed or moved, own and 汇总 reports apart; a few thousand rows
    -- nationally): its rows' years unnested and summed; name and region of its row with the latest year
    SELECT agency_id,
           -- ties of the latest year (own and 汇总 rows, a rename within a year) broken by the values
           -- themselves, one key for every column: equal databases give equal rows whatever their order
           arg_max(agency, (y, coalesce(agency, ''), coalesce(province, ''), coalesce(city, ''), coalesce(county, ''))) AS agency,
           arg_max(province, (y, coalesce(agency, ''), coalesce(province, ''), coalesce(city, ''), coalesce(county, ''))) AS province,
           arg_max(city, (y, coalesce(agency, ''), coalesce(province, ''), coalesce(city, ''), coalesce(county, ''))) AS city,
           arg_max(county, (y, coalesce(agency, ''), coalesce(province, ''), coalesce(city, ''), coalesce(county, ''))) AS county,
           count(DISTINCT y) AS n_years,
           count(DISTINCT y) FILTER (WHERE n_legacy < n) AS n_table_years,
           CAST(sum(n) AS BIGINT) AS n_reports, min(y) AS first_year, max(y) AS last_year,
           min(agency) AS sort_name
    FROM (
        SELECT agency_id, agency, province, city, county,
               unnest(years) AS y, unnest(year_reports) AS n, unnest(year_legacy) AS n_legacy
        FROM keyed
        WHERE n_rows > 1
    )
    WHERE y BETWEEN $year_from AND $year_to
    GROUP BY agency_id
), per_agency AS NOT MATERIALIZED (
    SELECT * FROM single WHERE n_years > 0
    UNION ALL
    SELECT * FROM multi
)
-- n_total counted apart (a window over every agency would carry their names through the sort)
SELECT l.agency_id, l.agency, l.province, l.city, l.county, l.n_years, l.n_table_years, l.n_reports,
       l.first_year, l.last_year, t.n_total
FROM (
    SELECT *
    FROM per_agency
    ORDER BY CASE WHEN $order = 'table_years' THEN n_table_years ELSE n_years END DESC,
             n_reports DESC, sort_name, agency_id
    LIMIT $limit
) AS l, (
    SELECT (SELECT count(*) FROM single WHERE n_years > 0) + (SELECT count(*) FROM multi) AS n_total
) AS t
ORDER BY CASE WHEN $order = 'table_years' THEN l.n_table_years ELSE l.n_years END DESC,
         l.n_reports DESC, l.sort_name, l.agency_id;
