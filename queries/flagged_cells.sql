-- Imputed and ambiguous cells of the selected current reports, with their source. One page: $limit rows
-- from $offset in a total order (agency, year, report_id, path). The page is found on the reports first:
-- each report's n_imputed + n_ambiguous counts its flagged cells (a cell is never both; tests/test_queries.py
-- holds them equal to the rows listed here), so only the cells of the reports on this page are read
-- (quality_counts.sql counts them).
WITH r AS (
    SELECT s.report_id, s.agency_id, s.agency || CASE WHEN s.scope = 'aggregate' THEN '（汇总）' ELSE '' END AS agency,
           s.agency AS sort_agency, s.year, s.source_file,
           coalesce(s.n_imputed, 0) + coalesce(s.n_ambiguous, 0) AS n_flagged
    FROM selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                          $include_aggregate) AS s
    WHERE coalesce(s.n_imputed, 0) + coalesce(s.n_ambiguous, 0) > 0
), counted AS (
    SELECT *, sum(n_flagged) OVER (ORDER BY sort_agency, year, report_id ROWS UNBOUNDED PRECEDING) AS upto
    FROM r
), on_page AS (
    SELECT * FROM counted WHERE upto > $offset AND upto - n_flagged < $offset + $limit
)
SELECT p.agency_id, p.agency, p.year, c.path, c.section, c."row", c.col, c.value, c.raw, c.page, c.imputed,
       c.ambiguous, c.candidates, p.source_file, c.report_id
FROM cells AS c
JOIN on_page AS p USING (report_id)
WHERE c.imputed OR c.ambiguous
QUALIFY p.upto - p.n_flagged + row_number() OVER (PARTITION BY c.report_id ORDER BY c.path)
        BETWEEN $offset + 1 AND $offset + $limit
ORDER BY p.sort_agency, p.year, c.report_id, c.path;
