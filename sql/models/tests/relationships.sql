-- Schema test relationships: the rows whose value has no match in the referenced model's field (none passes).
SELECT child.* FROM {{ d.ident(model) }} child
LEFT JOIN {{ d.ident(to_model) }} parent ON child.{{ d.ident(column) }} = parent.{{ d.ident(field) }}
WHERE child.{{ d.ident(column) }} IS NOT NULL AND parent.{{ d.ident(field) }} IS NULL
