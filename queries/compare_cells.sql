-- Every table cell of the current reports of the given agencies in the given years, long format.
-- Own and 汇总 reports of one agency come back as separate rows (`scope`); the page picks one series.
SELECT r.agency_id, r.agency, coalesce(r.scope, 'own') AS scope,
       r.year, r.template, r.source_file, c.path, c.section, c."row", c.col, c.value, c.raw, c.page,
       c.imputed, c.ambiguous
FROM cells AS c
JOIN reports AS r USING (report_id)
WHERE r.is_current
  AND in_parts(c.part, $parts)  -- those reports' files only (data.LOCATORS)
  AND list_contains($compare_ids, r.agency_id)
  AND list_contains($compare_years, r.year);
