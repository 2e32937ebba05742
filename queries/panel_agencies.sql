-- The balanced panel of the selection (queries/_macros.sql `panel_of`): how many agencies it holds, and
-- which of `$among` (the agencies of the corrections on the page, a short list) belong to it.
WITH p AS (
    SELECT agency_id FROM panel_of($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids)
)
SELECT count(*) AS agencies,
       coalesce(list(agency_id ORDER BY agency_id) FILTER (WHERE list_contains($among, agency_id)), [])
           AS members
FROM p;
