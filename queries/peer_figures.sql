-- Peers of one agency in one year: current own reports of the same level and kind in the same province
-- (or nationwide when $same_province is false), with the figures a supervisor compares them on.
WITH me AS (
    SELECT level, kind, province FROM reports
    WHERE agency_id = $agency_id AND year = $year AND is_current
    LIMIT 1
)
SELECT r.agency_id, r.agency, r.year, r.source_file,
       r.agency_id = $agency_id AS is_self,
       r.requests__new__total AS new,
       r.requests__handled_total__total AS handled,
       CASE WHEN r.requests__granted__total IS NOT NULL AND r.requests__partial__total IS NOT NULL
            THEN r.requests__granted__total + r.requests__partial__total END AS open_num,
       r.requests__handled_total__total AS open_den,
       r.review_litigation__review__total AS review_total
FROM reports AS r, me
WHERE r.is_current
  AND r.year = $year
  AND coalesce(r.scope, 'own') <> 'aggregate'
  AND r.level IS NOT DISTINCT FROM me.level
  AND r.kind IS NOT DISTINCT FROM me.kind
  AND (NOT $same_province OR r.province IS NOT DISTINCT FROM me.province)
ORDER BY r.agency;
