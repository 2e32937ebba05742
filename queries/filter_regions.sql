-- The sidebar's region choices: each province / city / county that has a current report, with its first and
-- last year and the levels reported there (a few thousand rows nationally, never one per agency). From the
-- `agency_facts` summary (queries/agency_facts.sql: a row per agency and region with its years), not from
-- every report: every page's sidebar ran this over 2 000 000 reports.
SELECT f.province, f.city, f.county,
       min(f.first_year) AS first_year,
       max(f.last_year) AS last_year,
       list(DISTINCT f.level ORDER BY f.level) FILTER (WHERE f.level IS NOT NULL) AS levels
FROM agency_facts AS f
WHERE f.agency_id IS NOT NULL
GROUP BY f.province, f.city, f.county
ORDER BY f.province NULLS LAST, f.city NULLS LAST, f.county NULLS LAST;
