SELECT lower(table_name) FROM information_schema.tables WHERE upper(table_schema) = upper(?) ORDER BY 1
;
SELECT lower(column_name), CASE WHEN data_type = 'NUMBER' THEN 'NUMBER(' || numeric_precision || ',' || numeric_scale || ')' ELSE data_type END FROM information_schema.columns WHERE upper(table_schema) = upper(?) AND upper(table_name) = upper(?) ORDER BY ordinal_position
;
SELECT CURRENT_DATABASE(), CURRENT_SCHEMA(), CURRENT_WAREHOUSE()
