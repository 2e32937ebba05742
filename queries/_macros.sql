-- Run once when the connection is created (not a query): the shared selection of reports.
-- Every filter is a named argument; NULL means "no restriction". Only current report versions.
-- Legacy (pre-2019) reports are included: they have no table cells (NULL, never summed as 0) but do have
-- narrative platform metrics and count as published reports.
-- Whether a report is in the selection: the one home of the selection's predicates (both macros below).
CREATE OR REPLACE MACRO in_selection(is_current, year, province, city, county, level, kind, agency_id, scope,
                                     year_from, year_to, sel_province, sel_city, sel_county, levels, kinds,
                                     agency_ids, include_aggregate) AS
    is_current
    AND year BETWEEN year_from AND year_to
    AND (sel_province IS NULL OR province = sel_province)
    AND (sel_city IS NULL OR city = sel_city)
    AND (sel_county IS NULL OR county = sel_county)
    AND (levels IS NULL OR list_contains(levels, level))
    AND (kinds IS NULL OR list_contains(kinds, kind))
    AND (agency_ids IS NULL OR list_contains(agency_ids, agency_id))
    AND (include_aggregate OR coalesce(scope, 'own') <> 'aggregate');

CREATE OR REPLACE MACRO selected_reports(year_from, year_to, province, city, county, levels, kinds,
                                         agency_ids, include_aggregate) AS TABLE
SELECT r.* REPLACE (coalesce(r.agency, '（单位未识别）') AS agency, coalesce(r.source_file, '') AS source_file,
                   coalesce(r.scope, 'own') AS scope)
FROM reports AS r
WHERE in_selection(r.is_current, r.year, r.province, r.city, r.county, r.level, r.kind, r.agency_id, r.scope,
                   year_from, year_to, province, city, county, levels, kinds, agency_ids, include_aggregate);

-- The same selection over `reports_charted`: blank 总计 cells of section-三 rows derived as the sum of the
-- applicant columns (listed in `derived_totals`). For charts and headline figures only, never exports.
-- `reports_charted` has the rows and selection columns of `reports` (corrections change only cell values),
-- so it is filtered directly rather than joined to `selected_reports`: the filters then reach the Parquet
-- scan (at 100 000 reports the join read every row group of the wide table, 0.5 s per query).
CREATE OR REPLACE MACRO charted_reports(year_from, year_to, province, city, county, levels, kinds,
                                        agency_ids, include_aggregate) AS TABLE
SELECT c.* REPLACE (coalesce(c.agency, '（单位未识别）') AS agency, coalesce(c.source_file, '') AS source_file,
                   coalesce(c.scope, 'own') AS scope)
FROM reports_charted AS c
WHERE in_selection(c.is_current, c.year, c.province, c.city, c.county, c.level, c.kind, c.agency_id, c.scope,
                   year_from, year_to, province, city, county, levels, kinds, agency_ids, include_aggregate);
