-- The `yoy_facts` summary table (disclosure.dashboard.data.SUMMARIES; built with the connection from
-- `reports_charted`, after corrections) for queries/requests_yoy_by_group.sql: 本年新收 of the own
-- (本级) reports of the agencies that gave it in two consecutive years, `pair_year` − 1 and `pair_year`
-- (a missing year is not a change to 0), so that the nation or a province sums a summary instead of
-- finding, among every report, the agencies present in both years.
-- Two kinds of rows, per pair year:
-- * regular agencies (all their reports of the two years have the same region, level, kind and unit, so
--   any region/level/kind selection keeps both years or neither): summed per year, scope, region,
--   level, kind and unit (region_facts' rule: provincial and central agencies one by one) into
--   `agencies` (how many), `prev` and `curr` (the sums of the two years); `odd_agency_id` is null;
-- * the others (an agency that moved region or changed level between the two years): one row per
--   report, `odd_agency_id` its agency and `year` its year, `prev`/`curr` its figure, so that the query
--   decides "both years" within the selection as it does per report.
WITH own AS (
    SELECT agency_id, year, province, city, county, level, kind,
           CASE WHEN province IS NULL OR (city IS NULL AND county IS NULL) THEN agency_id END AS unit_id,
           CASE WHEN province IS NULL OR (city IS NULL AND county IS NULL)
                THEN coalesce(agency, '（单位未识别）') END AS unit_label,
           requests__new__total AS new
    FROM reports_charted
    WHERE is_current AND coalesce(scope, 'own') <> 'aggregate' AND requests__new__total IS NOT NULL
      AND agency_id IS NOT NULL AND year IS NOT NULL
), pairs AS (
    SELECT DISTINCT a.agency_id, a.year AS pair_year
    FROM own AS a
    JOIN own AS b ON b.agency_id = a.agency_id AND b.year = a.year - 1
), paired AS (
    SELECT o.*, p.pair_year
    FROM own AS o
    JOIN pairs AS p ON p.agency_id = o.agency_id AND o.year IN (p.pair_year - 1, p.pair_year)
), regular AS (
    SELECT agency_id, pair_year,
           count(DISTINCT row(province, city, county, level, kind, unit_id, unit_label)) = 1 AS regular
    FROM paired
    GROUP BY ALL
)
SELECT pair_year, NULL::BIGINT AS year, NULL::VARCHAR AS odd_agency_id,
       province, city, county, level, kind, unit_id, unit_label,
       count(DISTINCT agency_id) AS agencies,
       sum(new) FILTER (WHERE year = pair_year - 1) AS prev,
       sum(new) FILTER (WHERE year = pair_year) AS curr
FROM paired JOIN regular USING (agency_id, pair_year)
WHERE regular
GROUP BY ALL
UNION ALL
SELECT pair_year, year, agency_id AS odd_agency_id,
       province, city, county, level, kind, unit_id, unit_label,
       NULL AS agencies,
       CASE WHEN year = pair_year - 1 THEN new END AS prev,
       CASE WHEN year = pair_year THEN new END AS curr
FROM paired JOIN regular USING (agency_id, pair_year)
WHERE NOT regular
ORDER BY pair_year, province, city, county;
