-- How many reports of the current snapshot are synthetic (`disclosure synth`): the dashboard shows a
-- banner on every page when any are. No parameters: the banner is about the dataset, not the selection.
SELECT count(*) FILTER (WHERE synthetic) AS synthetic, count(*) AS reports
FROM reports
