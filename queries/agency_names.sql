-- Names and regions of the given agencies ($agency_ids), from their latest current report: the labels of
-- agencies chosen in a picker or named in a link, without listing every agency.
SELECT r.agency_id,
       coalesce(any_value(r.agency ORDER BY r.year DESC), '（单位未识别）') AS agency,
       any_value(r.province ORDER BY r.year DESC) AS province,
       any_value(r.city ORDER BY r.year DESC) AS city,
       any_value(r.county ORDER BY r.year DESC) AS county
FROM reports AS r
WHERE r.is_current AND r.year IS NOT NULL AND list_contains($agency_ids, r.agency_id)
GROUP BY r.agency_id
ORDER BY agency, r.agency_id;
