-- Schema test unique: each value that appears more than once, with how often (none passes); NULLs are not_null's business.
SELECT {{ d.ident(column) }}, count(*) AS n_records FROM {{ d.ident(model) }}
WHERE {{ d.ident(column) }} IS NOT NULL
GROUP BY {{ d.ident(column) }}
HAVING count(*) > 1
