-- The sidebar's default year range: from the first year with a report in the unified table templates
-- (2019 onwards; legacy reports have no tables, so years of legacy reports only would add empty years
-- and shrink every balanced panel to the few agencies reporting since then) to the last year. From the
-- `agency_facts` summary (its `table_years`: the years with a non-legacy current report), not every report.
SELECT min(list_min(table_years)) AS first_table_year,
       max(last_year) AS last_year
FROM agency_facts;
