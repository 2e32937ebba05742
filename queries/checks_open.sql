-- The checks that did not pass: failed (ok = false) and not evaluable (ok IS NULL), every column of
-- `checks`. Built once per connection (data.SUMMARIES): 数据质量, the review queue and the briefing list
-- these, a small share of all checks (most checks pass), so at national scale they read this
-- table instead of scanning every check. Passed checks stay in `checks` (exports, one report's checks).
SELECT *
FROM checks
WHERE ok IS NOT TRUE;
