{#- A priority list's cut, from its audiences' materialized members (weft_audience_members): each profile
    stays only in the first of the list's audiences (highest priority first) it is a member of. The
    {{ n }} audience IDs are bound twice: in the CASE giving each its rank, then in the IN list. -#}
{% macro ranked(n) -%}
SELECT m.audience_id, m.profile_id, m.split_group,
       ROW_NUMBER() OVER (PARTITION BY m.profile_id
                          ORDER BY CASE m.audience_id{% for i in range(n) %} WHEN ? THEN {{ i }}{% endfor %} END) AS rn
FROM weft_audience_members m
WHERE m.audience_id IN ({% for i in range(n) %}{% if not loop.first %}, {% endif %}?{% endfor %})
{%- endmacro %}
-- name: sizes
{#- Each audience's size before the cut (its members) and after it (those no earlier audience holds). -#}
SELECT r.audience_id, COUNT(*) AS before_cut, SUM(CASE WHEN r.rn = 1 THEN 1 ELSE 0 END) AS after_cut
FROM ({{ ranked(n) }}) r
GROUP BY r.audience_id
-- name: delete_stale
{#- The list's rows no longer in the cut (a profile that moved to another audience or split group, or left);
    bound: the list ID, then the audiences. -#}
DELETE FROM weft_priority_members
WHERE priority_list_id = ?
  AND NOT EXISTS (
    SELECT 1 FROM ({{ ranked(n) }}) r
    WHERE r.rn = 1 AND r.profile_id = weft_priority_members.profile_id
      AND r.audience_id = weft_priority_members.audience_id
      AND COALESCE(r.split_group, '') = COALESCE(weft_priority_members.split_group, ''))
-- name: insert_new
{#- The cut's rows the list does not hold yet; bound: the list ID, the audiences, the list ID again. -#}
INSERT INTO weft_priority_members (priority_list_id, audience_id, profile_id, split_group)
SELECT CAST(? AS {{ varchar }}), r.audience_id, r.profile_id, r.split_group
FROM ({{ ranked(n) }}) r
WHERE r.rn = 1
  AND NOT EXISTS (SELECT 1 FROM weft_priority_members p WHERE p.priority_list_id = ? AND p.profile_id = r.profile_id)
-- name: delete_list
DELETE FROM weft_priority_members WHERE priority_list_id = ?
-- name: count
SELECT COUNT(*) FROM weft_priority_members WHERE priority_list_id = ?
