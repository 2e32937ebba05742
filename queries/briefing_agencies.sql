-- Briefing: one row per current report of the selection (per agency and year), with the figures the
-- ranking, the year-over-year changes and the sources appendix use. Rate parts come from
-- reports_charted (both parts of the same report printed); 0, blank and "/" stay as stored (blank = NULL, never 0).
SELECT agency_id, agency, year, scope, level, kind, province, city, county, report_id, version,
       (SELECT count(*) FROM reports AS v WHERE v.agency_id = c.agency_id AND v.year = c.year) AS n_versions,
       template, format, pages, ocr, source_file, ingested_at,
       coalesce(n_errors, 0) AS n_errors, coalesce(n_warnings, 0) AS n_warnings,
       coalesce(n_ambiguous, 0) AS n_ambiguous,  -- the report's ambiguous cells (store.flatten), not a scan of cells
       requests__new__total AS new,
       requests__carried_in__total AS carried_in,
       requests__handled_total__total AS handled,
       requests__carried_out__total AS carried_out,
       open_num, open_den,  -- per-report rate parts: queries/reports_charted.sql
       review_litigation__review__total AS review_total,
       review_corrected, review_decided,
       CASE WHEN review_litigation__litigation_direct__total IS NOT NULL
                 AND review_litigation__litigation_after_review__total IS NOT NULL
            THEN review_litigation__litigation_direct__total + review_litigation__litigation_after_review__total
       END AS litigation_total,
       derived_totals,
       -- the columns every metric of disclosure/benchmarks.toml may use (disclosure/benchmarks.py)
       COLUMNS('^requests__.*__total$'), COLUMNS('^review_litigation__')
FROM charted_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                      $include_aggregate) AS c
ORDER BY agency, year;
