-- Schema test not_null: rows where the column is NULL (0 passes).
SELECT count(*) FROM {{ d.ident(model) }} WHERE {{ d.ident(column) }} IS NULL
