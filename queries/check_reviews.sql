-- Failed checks with their newest administrator review (if any); the check itself is unchanged.
-- $report_id: one report, or NULL for all current reports.
WITH latest AS (
    SELECT report_id, rule, "where", level, decision, note, who, recorded_at,
           row_number() OVER (PARTITION BY report_id, rule, "where", level ORDER BY recorded_at DESC, review_id DESC) AS rn
    FROM reviews
)
SELECT k.report_id, k.agency, k.year, k.rule, k.severity, k."where", k.level, k.expected, k.actual, k.message,
       l.decision, l.note AS review_note, l.who AS reviewed_by, l.recorded_at AS reviewed_at
FROM checks_open k  -- the checks that did not pass (queries/checks_open.sql)
LEFT JOIN latest l ON l.report_id = k.report_id AND l.rule = k.rule AND l.level = k.level
                  AND l."where" IS NOT DISTINCT FROM k."where" AND l.rn = 1
WHERE k.ok = false AND k.is_current AND ($report_id IS NULL OR k.report_id = $report_id)
ORDER BY k.year, k.agency, k.rule, k."where";
