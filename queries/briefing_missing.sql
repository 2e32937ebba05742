-- Briefing: agencies of the selection that published a report in the look-back years
-- ($year_from .. $year_to - 1) but have no current report for the briefing year ($year_to).
SELECT agency_id,
       any_value(agency ORDER BY year DESC, report_id DESC) AS agency,
       any_value(scope ORDER BY year DESC, report_id DESC) AS scope,
       max(year) AS last_year,
       any_value(source_file ORDER BY year DESC, report_id DESC) AS last_file
FROM selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                      $include_aggregate)
GROUP BY agency_id
HAVING max(year) < $year_to
ORDER BY agency;
