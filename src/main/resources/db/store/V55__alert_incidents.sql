-- Alert incidents: one row from the moment a rule fires for a subject (a sync) until its condition
-- clears, so an alert is sent once per incident (a restart or a second failure sends nothing new) and
-- one "resolved" message follows. open_key is rule:subject while the incident is open and null once it
-- cleared: the unique constraint allows one open incident per rule and subject, on H2 and Postgres alike.
CREATE TABLE weft_alert_incidents (
    id                VARCHAR(36)   PRIMARY KEY,
    rule              VARCHAR(32)   NOT NULL,
    subject           VARCHAR(100)  NOT NULL,
    open_key          VARCHAR(140),
    detail            TEXT          NOT NULL,
    opened_at         TIMESTAMP     NOT NULL,
    last_seen         TIMESTAMP     NOT NULL,
    cleared_at        TIMESTAMP,
    -- the channels told of the incident, and of its clearing: comma-separated names
    notified          VARCHAR(2000) NOT NULL DEFAULT '',
    resolved_notified VARCHAR(2000) NOT NULL DEFAULT '',
    CONSTRAINT weft_alert_incidents_one_open UNIQUE (open_key)
);
CREATE INDEX weft_alert_incidents_subject ON weft_alert_incidents (subject, rule, opened_at);
