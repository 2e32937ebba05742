-- Names and regions of the given agencies ($agency_ids), from their latest current report: the labels of
-- agencies chosen in a picker or named in a link, without listing every agency. From the `agency_facts`
-- summary (queries/agency_facts.sql: one row per agency and name/region with its years), each of name
-- and region the latest one given (a row's latest year is its latest report's), as when this read every
-- report (at 2 000 000 reports: a scan of every report's agency_id).
SELECT f.agency_id,
       coalesce(any_value(f.agency ORDER BY f.last_year DESC, f.agency, f.province, f.city, f.county), '（单位未识别）') AS agency,
       any_value(f.province ORDER BY f.last_year DESC, f.agency, f.province, f.city, f.county) AS province,
       any_value(f.city ORDER BY f.last_year DESC, f.agency, f.province, f.city, f.county) AS city,
       any_value(f.county ORDER BY f.last_year DESC, f.agency, f.province, f.city, f.county) AS county
FROM agency_facts AS f
WHERE list_contains($agency_ids, f.agency_id)
GROUP BY f.agency_id
ORDER BY agency, f.agency_id;
