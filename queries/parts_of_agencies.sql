-- The store parts holding the current reports of the given agencies in the given years (the `parts` parameter of
-- compare_cells, disclosure.dashboard.data.LOCATORS). An agency is canonical: its reports printed under
-- other names or ids may sit in other buckets, and every one of them is listed. NULL, which reads every
-- part, when no report is found or a table is one file.
SELECT located_parts(part) AS parts  -- NULL unless every report found has a part (_macros.sql)
FROM reports
WHERE is_current
  AND list_contains($compare_ids, agency_id)
  AND list_contains($compare_years, year);
