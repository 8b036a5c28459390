CREATE TABLE active_people AS SELECT id, email FROM people WHERE active
