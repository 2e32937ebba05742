-- The `platform_agencies` summary table (disclosure.dashboard.data.SUMMARIES, from platform_reports): per
-- agency, platform, scope, region, level and kind, the years in which it gave a figure for the platform,
-- so that "how many agencies of the selection mention the platform" (queries/platform_mentions.sql) is a
-- distinct count over agencies, not over every figure of every report.
SELECT agency_id, platform, scope, province, city, county, level, kind, list(DISTINCT year ORDER BY year) AS years
FROM platform_reports
GROUP BY ALL
ORDER BY province, city, county;
