-- Agencies that have at least one current report, with their region, level and kind (sidebar filters).
SELECT r.agency_id,
       coalesce(any_value(r.agency ORDER BY r.year DESC, r.report_id DESC), '（单位未识别）') AS agency,  -- a report whose agency was not read
       any_value(r.province ORDER BY r.year DESC, r.report_id DESC) AS province,
       any_value(r.city ORDER BY r.year DESC, r.report_id DESC) AS city,
       any_value(r.county ORDER BY r.year DESC, r.report_id DESC) AS county,
       any_value(r.level ORDER BY r.year DESC, r.report_id DESC) AS level,
       any_value(r.kind ORDER BY r.year DESC, r.report_id DESC) AS kind,
       any_value(coalesce(r.scope, 'own') ORDER BY r.year DESC, r.report_id DESC) AS scope,
       min(r.year) AS first_year,
       max(r.year) AS last_year
FROM reports AS r
WHERE r.is_current AND r.year IS NOT NULL AND r.agency_id IS NOT NULL
GROUP BY r.agency_id
ORDER BY province NULLS LAST, city NULLS LAST, county NULLS LAST, agency;
