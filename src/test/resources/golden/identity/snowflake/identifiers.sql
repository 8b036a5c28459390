-- email normalize, binds []
NULLIF(LOWER(TRIM(CAST(raw_col AS VARCHAR))), '')
;
-- email blocked, binds [, null, none, nil, undefined, unknown, anonymous, n/a, -1, 0, [object object], ^0{8}-?0{4}-?0{4}-?0{4}-?0{12}$, ^test@, @(test|example)\.(com|org|net)$]
(FALSE OR LOWER(id_value) IN (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) OR (REGEXP_INSTR(id_value, ?) > 0) OR (REGEXP_INSTR(id_value, ?) > 0) OR (REGEXP_INSTR(id_value, ?) > 0))
;
-- phone normalize, binds [44, 44]
NULLIF(CASE WHEN LENGTH(REGEXP_REPLACE(CAST(raw_col AS VARCHAR), '[^0-9]', '')) BETWEEN 7 AND 15 THEN CASE WHEN TRIM(CAST(raw_col AS VARCHAR)) LIKE '+%' THEN '+' || REGEXP_REPLACE(CAST(raw_col AS VARCHAR), '[^0-9]', '') WHEN REGEXP_REPLACE(CAST(raw_col AS VARCHAR), '[^0-9]', '') LIKE '00%' THEN '+' || SUBSTR(REGEXP_REPLACE(CAST(raw_col AS VARCHAR), '[^0-9]', ''), 3) WHEN REGEXP_REPLACE(CAST(raw_col AS VARCHAR), '[^0-9]', '') LIKE '0%' THEN '+' || ? || SUBSTR(REGEXP_REPLACE(CAST(raw_col AS VARCHAR), '[^0-9]', ''), 2) WHEN LENGTH(REGEXP_REPLACE(CAST(raw_col AS VARCHAR), '[^0-9]', '')) <= 10 THEN '+' || ? || REGEXP_REPLACE(CAST(raw_col AS VARCHAR), '[^0-9]', '') ELSE '+' || REGEXP_REPLACE(CAST(raw_col AS VARCHAR), '[^0-9]', '') END END, '')
;
-- phone blocked, binds [, null, none, nil, undefined, unknown, anonymous, n/a, -1, 0, [object object], ^0{8}-?0{4}-?0{4}-?0{4}-?0{12}$]
(FALSE OR LOWER(id_value) IN (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) OR (REGEXP_INSTR(id_value, ?) > 0))
;
-- loyalty_id normalize, binds [[^A-Z0-9], ]
NULLIF(REGEXP_REPLACE(UPPER(TRIM(CAST(raw_col AS VARCHAR))), ?, ?), '')
;
-- loyalty_id blocked, binds [test, , null, none, nil, undefined, unknown, anonymous, n/a, -1, 0, [object object], ^X+$, ^0{8}-?0{4}-?0{4}-?0{4}-?0{12}$]
(FALSE OR LOWER(id_value) IN (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) OR (REGEXP_INSTR(id_value, ?) > 0) OR (REGEXP_INSTR(id_value, ?) > 0))
