-- Schema test unique: values that appear more than once (0 passes); NULLs are not_null's business.
SELECT count(*) FROM (
  SELECT {{ d.ident(column) }} FROM {{ d.ident(model) }}
  WHERE {{ d.ident(column) }} IS NOT NULL
  GROUP BY {{ d.ident(column) }}
  HAVING count(*) > 1
) duplicates
