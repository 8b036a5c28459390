-- Schema test not_null: the rows where the column is NULL (none passes).
SELECT * FROM {{ d.ident(model) }} WHERE {{ d.ident(column) }} IS NULL
