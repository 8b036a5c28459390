CREATE TABLE people (id NUMBER(38,0), n NUMBER(38,0), email VARCHAR, score FLOAT, active BOOLEAN, seen_at TIMESTAMP_NTZ, born DATE, properties VARIANT, "select" VARCHAR, "Mixed Case" VARCHAR)
