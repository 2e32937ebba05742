-- Cells of the selected current reports whose printed figure could not be read, with the reason.
-- The gap reasons are contract.GAP_REASONS (printed blanks and dashes are facts, not gaps).
-- One page: $limit rows from $offset in a total order (agency, year, report_id, section, path). The page is
-- found on the reports first: each report's `n_missing` counts its unread cells (tests/test_queries.py holds
-- it equal to the rows listed here), so only the cells of the few reports on this page are read — at
-- 100 000 reports the whole selection's cells took 4 s to sort for one page (quality_counts.sql counts them).
WITH r AS (
    SELECT s.report_id, s.agency_id, s.agency || CASE WHEN s.scope = 'aggregate' THEN '（汇总）' ELSE '' END AS agency,
           s.agency AS sort_agency, s.year, s.source_file, s.n_missing,
           sum(s.n_missing) OVER (ORDER BY s.agency, s.year, s.report_id ROWS UNBOUNDED PRECEDING) AS upto
    FROM selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                          $include_aggregate) AS s
    WHERE s.n_missing > 0
), on_page AS (
    SELECT * FROM r WHERE upto > $offset AND upto - n_missing < $offset + $limit
)
SELECT p.agency_id, p.agency, p.year, c.path, c.null_reason, c.raw, c.candidates, c.page, p.source_file,
       c.report_id
FROM cells AS c
JOIN on_page AS p USING (report_id)
WHERE c.value IS NULL AND list_contains($gap_reasons, c.null_reason)
QUALIFY p.upto - p.n_missing + row_number() OVER (PARTITION BY c.report_id ORDER BY c.section, c.path)
        BETWEEN $offset + 1 AND $offset + $limit
ORDER BY p.sort_agency, p.year, c.report_id, c.section, c.path;
