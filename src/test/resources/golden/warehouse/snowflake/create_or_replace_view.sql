CREATE OR REPLACE VIEW people_v AS SELECT id, email FROM people
