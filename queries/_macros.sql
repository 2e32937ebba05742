-- Run once when the connection is created (not a query): the shared selection of reports.
-- Every filter is a named argument; NULL means "no restriction". Only current report versions.
-- Legacy (pre-2019) reports are included: they have no table cells (NULL, never summed as 0) but do have
-- narrative platform metrics and count as published reports.
CREATE OR REPLACE MACRO selected_reports(year_from, year_to, province, city, county, levels, kinds,
                                         agency_ids, include_aggregate) AS TABLE
SELECT r.* REPLACE (coalesce(r.agency, '（单位未识别）') AS agency, coalesce(r.source_file, '') AS source_file,
                   coalesce(r.scope, 'own') AS scope)
FROM reports AS r
WHERE r.is_current
  AND r.year BETWEEN year_from AND year_to
  AND (province IS NULL OR r.province = province)
  AND (city IS NULL OR r.city = city)
  AND (county IS NULL OR r.county = county)
  AND (levels IS NULL OR list_contains(levels, r.level))
  AND (kinds IS NULL OR list_contains(kinds, r.kind))
  AND (agency_ids IS NULL OR list_contains(agency_ids, r.agency_id))
  AND (include_aggregate OR coalesce(r.scope, 'own') <> 'aggregate');

-- The same selection over `reports_charted`: blank 总计 cells of section-三 rows derived as the sum of the
-- applicant columns (listed in `derived_totals`). For charts and headline figures only, never exports.
CREATE OR REPLACE MACRO charted_reports(year_from, year_to, province, city, county, levels, kinds,
                                        agency_ids, include_aggregate) AS TABLE
SELECT c.* REPLACE (s.agency AS agency, s.source_file AS source_file, s.scope AS scope)
FROM reports_charted AS c
JOIN selected_reports(year_from, year_to, province, city, county, levels, kinds, agency_ids,
                      include_aggregate) AS s USING (report_id);

-- The charted selection keyed by the region hierarchy one level below its filter (nation → province,
-- province → city (or a municipality's district), city → county, county or chosen agencies → agency):
-- `drill_level` names the filter a click on the row's group sets, `drill_value` its value (agency_id at
-- agency level), `drill_label` what a chart prints. Grouped queries (queries/*_by_group.sql) sum over it.
CREATE OR REPLACE MACRO grouped_reports(p_year_from, p_year_to, p_province, p_city, p_county, p_levels,
                                        p_kinds, p_agency_ids, p_include_aggregate) AS TABLE
WITH keyed AS (
    SELECT c.*,
           CASE
               WHEN p_agency_ids IS NOT NULL OR p_county IS NOT NULL THEN 'agency'
               WHEN p_city IS NOT NULL THEN CASE WHEN c.county IS NULL THEN 'agency' ELSE 'county' END
               WHEN p_province IS NOT NULL THEN CASE WHEN c.city IS NOT NULL THEN 'city'
                                                     WHEN c.county IS NOT NULL THEN 'county' ELSE 'agency' END
               ELSE CASE WHEN c.province IS NULL THEN 'agency' ELSE 'province' END
           END AS drill_level
    FROM charted_reports(p_year_from, p_year_to, p_province, p_city, p_county, p_levels, p_kinds,
                         p_agency_ids, p_include_aggregate) AS c
)
SELECT k.*,
       CASE k.drill_level WHEN 'province' THEN k.province WHEN 'city' THEN k.city WHEN 'county' THEN k.county
                          ELSE k.agency_id END AS drill_value,
       CASE k.drill_level WHEN 'province' THEN k.province WHEN 'city' THEN k.city WHEN 'county' THEN k.county
                          ELSE k.agency END AS drill_label
FROM keyed AS k;
