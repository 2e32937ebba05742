-- The sidebar's default year range: from the first year with a report in the unified table templates
-- (2019 onwards; legacy reports have no tables, so years of legacy reports only would add empty years
-- and shrink every balanced panel to the few agencies reporting since then) to the last year.
SELECT min(year) FILTER (WHERE template IS DISTINCT FROM 'legacy') AS first_table_year,
       max(year) AS last_year
FROM reports
WHERE is_current AND year IS NOT NULL;
