-- Run once when the connection is created (not a query): the shared selection of reports.
-- Every filter is a named argument; NULL means "no restriction". Only current report versions.
-- Legacy (pre-2019) reports are included: they have no table cells (NULL, never summed as 0) but do have
-- narrative platform metrics and count as published reports.
-- What a chart or table prints for a report whose agency was not identified.
CREATE OR REPLACE MACRO agency_label(agency) AS coalesce(agency, '（单位未识别）');

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
SELECT r.* REPLACE (agency_label(r.agency) AS agency, coalesce(r.source_file, '') AS source_file,
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
SELECT c.* REPLACE (agency_label(c.agency) AS agency, coalesce(c.source_file, '') AS source_file,
                   coalesce(c.scope, 'own') AS scope)
FROM reports_charted AS c
WHERE in_selection(c.is_current, c.year, c.province, c.city, c.county, c.level, c.kind, c.agency_id, c.scope,
                   year_from, year_to, province, city, county, levels, kinds, agency_ids, include_aggregate);

-- The balanced panel of a selection: its agencies with an own (本级) report giving 本年新收 in EVERY year of
-- the range that has any such report (the one definition; queries/panel_agencies.sql counts it).
CREATE OR REPLACE MACRO panel_of(year_from, year_to, province, city, county, levels, kinds, agency_ids) AS TABLE
WITH own AS (  -- the three columns it needs, not selected_reports' every column (binding those cost more)
    SELECT r.agency_id, r.year
    FROM reports AS r
    WHERE in_selection(r.is_current, r.year, r.province, r.city, r.county, r.level, r.kind, r.agency_id, r.scope,
                       year_from, year_to, province, city, county, levels, kinds, agency_ids, false)
      AND r.requests__new__total IS NOT NULL
), years AS (SELECT count(DISTINCT year) AS n FROM own)
SELECT agency_id
FROM own, years
GROUP BY agency_id, years.n
HAVING count(DISTINCT year) = years.n;

-- The level a report is grouped at, one below the selection's region filter (nation → province, province →
-- city (or a municipality's district), city → county, county or chosen agencies → agency); the one home of
-- the drill-down rule (grouped_reports and region_groups use it).
CREATE OR REPLACE MACRO drill_level_of(p_province, p_city, p_county, p_agency_ids, province, city, county) AS
    CASE
        WHEN p_agency_ids IS NOT NULL OR p_county IS NOT NULL THEN 'agency'
        WHEN p_city IS NOT NULL THEN CASE WHEN county IS NULL THEN 'agency' ELSE 'county' END
        WHEN p_province IS NOT NULL THEN CASE WHEN city IS NOT NULL THEN 'city'
                                              WHEN county IS NOT NULL THEN 'county' ELSE 'agency' END
        ELSE CASE WHEN province IS NULL THEN 'agency' ELSE 'province' END
    END;

-- The value that names a report's group at `level`: its province, city or county, else (agency level) the
-- given agency value (its id for drill_value, its name for drill_label).
CREATE OR REPLACE MACRO drill_pick(level, province, city, county, agency) AS
    CASE level WHEN 'province' THEN province WHEN 'city' THEN city WHEN 'county' THEN county ELSE agency END;

-- The charted selection keyed by that level: `drill_level` names the filter a click on the row's group
-- sets, `drill_value` its value (agency_id at agency level), `drill_label` what a chart prints. Grouped
-- queries (queries/*_by_group.sql) sum over it.
CREATE OR REPLACE MACRO grouped_reports(p_year_from, p_year_to, p_province, p_city, p_county, p_levels,
                                        p_kinds, p_agency_ids, p_include_aggregate) AS TABLE
WITH keyed AS (
    SELECT c.*, drill_level_of(p_province, p_city, p_county, p_agency_ids, c.province, c.city, c.county)
                    AS drill_level
    FROM charted_reports(p_year_from, p_year_to, p_province, p_city, p_county, p_levels, p_kinds,
                         p_agency_ids, p_include_aggregate) AS c
)
SELECT k.*,
       drill_pick(k.drill_level, k.province, k.city, k.county, k.agency_id) AS drill_value,
       drill_pick(k.drill_level, k.province, k.city, k.county, k.agency) AS drill_label
FROM keyed AS k;

-- The figures of region_facts (queries/region_facts.sql) for the selection keyed like grouped_reports, as
-- sums: `n_reports` (and n_legacy, n_error_reports, n_warning_reports, n_errors), and for each figure F
-- `s__F` (sum over the reports that give it) and `n__F` (how many do), per scope, year and template. For
-- the nation or one province (no city, county or agency filter, no panel) the rows come from the
-- region_facts summary table (tens of thousands of rows instead of every report), otherwise one row per
-- report (with p_panel: of the balanced panel's agencies only); the branches have the same columns and
-- give the same sums (tests/test_queries.py). `unit_file` is the report's file name at agency level, for
-- hover text. The figure columns' pattern is written here and in queries/region_facts.sql (the summary is
-- built before these macros exist); the test fails if the two differ.
CREATE OR REPLACE MACRO region_groups(p_year_from, p_year_to, p_province, p_city, p_county, p_levels,
                                      p_kinds, p_agency_ids, p_include_aggregate, p_panel) AS TABLE
SELECT drill_level, drill_pick(drill_level, province, city, county, agency_id) AS drill_value,
       drill_pick(drill_level, province, city, county, agency) AS drill_label, scope, year, template,
       CASE WHEN drill_level = 'agency' THEN source_file END AS unit_file,
       1 AS n_reports,
       CAST(coalesce(template = 'legacy', false) AS BIGINT) AS n_legacy,
       CAST(coalesce(n_errors, 0) > 0 AS BIGINT) AS n_error_reports,
       CAST(coalesce(n_errors, 0) = 0 AND coalesce(n_warnings, 0) > 0 AS BIGINT) AS n_warning_reports,
       coalesce(n_errors, 0) AS n_errors,
       COLUMNS('^[sn]__')
FROM (
    -- charted_reports' rows and labels, but only the columns used: binding every column of the wide
    -- table through grouped_reports took longer than summing the summary (about 30 ms a query).
    SELECT c.province, c.city, c.county, c.agency_id, agency_label(c.agency) AS agency,
           coalesce(c.source_file, '') AS source_file, coalesce(c.scope, 'own') AS scope, c.year, c.template,
           c.n_errors, c.n_warnings,
           drill_level_of(p_province, p_city, p_county, p_agency_ids, c.province, c.city, c.county) AS drill_level,
           COLUMNS('^requests__.*__total$|^review_litigation__|^active__|^open_(num|den)$|_(corrected|decided)$') AS "s__\0",
           CAST(COLUMNS('^requests__.*__total$|^review_litigation__|^active__|^open_(num|den)$|_(corrected|decided)$') IS NOT NULL AS BIGINT) AS "n__\0"
    FROM reports_charted AS c
    WHERE in_selection(c.is_current, c.year, c.province, c.city, c.county, c.level, c.kind, c.agency_id, c.scope,
                       p_year_from, p_year_to, p_province, p_city, p_county, p_levels, p_kinds, p_agency_ids,
                       p_include_aggregate)
      AND CASE WHEN p_panel
               THEN c.agency_id IN (
                        SELECT agency_id
                        FROM panel_of(p_year_from, p_year_to, p_province, p_city, p_county, p_levels, p_kinds,
                                      p_agency_ids)
                        WHERE p_panel)
               ELSE NOT (p_city IS NULL AND p_county IS NULL AND p_agency_ids IS NULL) END
) AS g
UNION ALL BY NAME
SELECT k.drill_level,
       drill_pick(k.drill_level, k.province, k.city, k.county, k.unit_id) AS drill_value,
       drill_pick(k.drill_level, k.province, k.city, k.county, k.unit_label) AS drill_label,
       k.scope, k.year, k.template,
       CASE WHEN k.drill_level = 'agency' THEN k.unit_file END AS unit_file,
       k.n_reports, k.n_legacy, k.n_error_reports, k.n_warning_reports, k.n_errors,
       COLUMNS('^[sn]__')
FROM (
    SELECT f.*, drill_level_of(p_province, p_city, p_county, p_agency_ids, f.province, f.city, f.county)
                    AS drill_level
    FROM region_facts AS f
    WHERE NOT p_panel AND p_city IS NULL AND p_county IS NULL AND p_agency_ids IS NULL
      AND in_selection(true, f.year, f.province, f.city, f.county, f.level, f.kind, f.unit_id, f.scope,
                       p_year_from, p_year_to, p_province, p_city, p_county, p_levels, p_kinds, p_agency_ids,
                       p_include_aggregate)
) AS k;

-- A row of cells/checks/platform_metrics lies in one of the located store parts `parts` (data.LOCATORS,
-- data._PART_OF_FILE). NULL `parts` (not located) keeps every row, and so does a row without a part (a
-- one-file table of the legacy layout). Inlined when bound, so DuckDB still skips the other parts' files
-- (tests/test_report_parts.py: report_cells, report_checks, check_cells, corrected_cells, compare_cells).
CREATE OR REPLACE MACRO in_parts(part, parts) AS part IS NULL OR parts IS NULL OR list_contains(parts, part);

-- The `parts` a locator query returns (parts_of_report, parts_of_agencies): the distinct parts of the rows
-- found, or NULL, which reads every part, unless rows were found and every one has a part (none found; a
-- one-file table). An aggregate: used in a locator's SELECT over its rows.
CREATE OR REPLACE MACRO located_parts(part) AS
    CASE WHEN count(*) > 0 AND count(*) = count(part) THEN list(DISTINCT part ORDER BY part) END;
