-- Section 二 cells of the selected current reports, long format, with the template that printed them.
-- Both templates' columns come out (NULL where a template has no such column): the page keeps only the
-- columns of each report's own template (contract.active_schema), never mixing 2019 and 2021 columns.
SELECT agency_id, agency, scope, year, template, source_file,
       regexp_extract(path, '^active__(.*)__([a-z0-9_]+?)$', 1) AS item,
       regexp_extract(path, '^active__(.*)__([a-z0-9_]+?)$', 2) AS field,
       value
FROM (
    SELECT agency_id, agency || CASE WHEN scope = 'aggregate' THEN '（汇总）' ELSE '' END AS agency,
           coalesce(scope, 'own') AS scope, year, template, source_file, COLUMNS('^active__')
    FROM selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                          $include_aggregate)
) UNPIVOT INCLUDE NULLS (value FOR path IN (COLUMNS('^active__')))
ORDER BY agency, year, item, field;
