-- Balanced panel: agencies of the selection with an own (本级) report giving 本年新收 in EVERY year of
-- the selected range that has any such report, plus how many reports each year has (shown on the page).
WITH own AS (
    SELECT agency_id, year
    FROM selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids, false)
    WHERE requests__new__total IS NOT NULL
), years AS (SELECT count(DISTINCT year) AS n FROM own)
SELECT agency_id
FROM own, years
GROUP BY agency_id, years.n
HAVING count(DISTINCT year) = years.n
ORDER BY agency_id;
