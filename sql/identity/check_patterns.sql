-- Compiles every configured pattern (one bind each) in the warehouse's own regular-expression engine, in
-- the function the identity run will use it in (a blocklist test or a regex_replace normalization), so a
-- pattern Java accepts and the engine does not is reported with its file and line before any run starts.
SELECT
{%- for replace in replacements %}
  {% if replace %}{{ d.regexpReplaceAll("''", "?", "''") }}{% else %}{{ d.regexpContains("''", "?") }}{% endif %} AS pattern_{{ loop.index }}{% if not loop.last %},{% endif %}
{%- endfor %}
