-- Current cells with administrators' corrections applied (the view charts and exports use for
-- corrected figures): `value` stays the printed value; `value_corrected` is the newest revision's value
-- (else the printed one) and `corrected` marks it, with who/when/why of that revision.
-- $report_id: one report, or NULL for every current report.
WITH latest AS (
    SELECT report_id, path, new_value, reason, who, recorded_at,
           row_number() OVER (PARTITION BY report_id, path ORDER BY recorded_at DESC, revision_id DESC) AS rn
    FROM revisions
)
SELECT c.report_id, c.agency_id, c.agency, c.year, c.path, c.section, c."row", c.col, c.raw, c.page,
       c.value,
       coalesce(l.new_value, c.value) AS value_corrected,
       l.new_value IS NOT NULL AS corrected,
       l.reason AS correction_reason, l.who AS corrected_by, l.recorded_at AS corrected_at
FROM cells c
LEFT JOIN latest l ON l.report_id = c.report_id AND l.path = c.path AND l.rn = 1
WHERE c.is_current AND ($report_id IS NULL OR c.report_id = $report_id)
  AND in_parts(c.part, $parts)  -- the report's files only (data.LOCATORS)
ORDER BY c.year, c.agency_id, c.report_id, c.path;
