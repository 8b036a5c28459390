-- Schema test accepted_values: the rows whose value is not in the list (none passes). The values are bind
-- parameters; the column is compared as text so the test works on any column type.
SELECT * FROM {{ d.ident(model) }}
WHERE {{ d.ident(column) }} IS NOT NULL
  AND {{ d.castToText(d.ident(column)) }} NOT IN ({% for v in range(value_count) %}?{% if not loop.last %}, {% endif %}{% endfor %})
