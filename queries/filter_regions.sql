-- The sidebar's region choices: each province / city / county that has a current report, with its first and
-- last year and the levels reported there (a few thousand rows nationally, never one per agency).
SELECT r.province, r.city, r.county,
       min(r.year) AS first_year,
       max(r.year) AS last_year,
       list(DISTINCT r.level ORDER BY r.level) FILTER (WHERE r.level IS NOT NULL) AS levels
FROM reports AS r
WHERE r.is_current AND r.year IS NOT NULL AND r.agency_id IS NOT NULL
GROUP BY r.province, r.city, r.county
ORDER BY r.province NULLS LAST, r.city NULLS LAST, r.county NULLS LAST;
