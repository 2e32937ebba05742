-- One page of section 二 cells ($limit reports from $offset, the order of queries/active_cells.sql) of one
-- template, long format with the template that printed them, so the detail table never loads everything.
WITH r AS (
    SELECT agency_id, agency || CASE WHEN scope = 'aggregate' THEN '（汇总）' ELSE '' END AS agency,
           coalesce(scope, 'own') AS scope, year, template, source_file, report_id, COLUMNS('^active__')
    FROM selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                          $include_aggregate)
    WHERE template = $template
    ORDER BY agency, year, report_id
    LIMIT $limit OFFSET $offset
)
SELECT agency_id, agency, scope, year, template, source_file,
       regexp_extract(path, '^active__(.*)__([a-z0-9_]+?)$', 1) AS item,
       regexp_extract(path, '^active__(.*)__([a-z0-9_]+?)$', 2) AS field,
       value
FROM r UNPIVOT INCLUDE NULLS (value FOR path IN (COLUMNS('^active__')))
ORDER BY agency, year, item, field;
