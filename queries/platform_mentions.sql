-- Per platform: how many agencies of the selection give a figure for it, and how many figures.
SELECT p.platform, count(DISTINCT p.agency_id) AS agencies, count(*) AS metrics
FROM platform_metrics AS p
JOIN selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                      $include_aggregate) AS s USING (report_id)
GROUP BY p.platform
ORDER BY p.platform;
