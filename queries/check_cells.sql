-- The printed cells a check was computed from (rule + where → the cells of that column/row/group).
WITH parts AS (
    SELECT split_part($where, '.', 1) AS section, split_part($where, '.', 2) AS key
)
SELECT c.path, c."row", c.col, c.value, c.raw, c.page, c.imputed, c.ambiguous
FROM cells AS c, parts AS p
WHERE c.report_id = $report_id
  AND in_parts(c.part, $parts)  -- the report's files only (data.LOCATORS)
  AND c.section = p.section
  AND CASE
        WHEN $rule = 'R1' THEN c.col = p.key AND c."row" IN ('new', 'carried_in', 'handled_total', 'carried_out')
        WHEN $rule = 'R2' THEN c.col = p.key AND c."row" NOT IN ('new', 'carried_in', 'carried_out')
        WHEN $rule = 'R3' THEN c."row" = p.key
        WHEN $rule = 'R5' THEN c.col = p.key AND c."row" IN ('carried_in', 'carried_out')
        WHEN $rule = 'R6' THEN c."row" = p.key
        WHEN $rule = 'R7' THEN c."row" = p.key
        ELSE c.path = $where OR starts_with(c.path, $where || '.')
      END;
