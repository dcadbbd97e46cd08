-- The audit trail (issue 16): one row per change to what the product keeps, written in the same transaction as the
-- change. Append-only: V17.1 (db/migration/V17_1__Audit_records_are_append_only, a Java migration because H2 and
-- PostgreSQL spell triggers differently) adds the trigger that refuses every UPDATE and DELETE of a row.
CREATE TABLE audit_record (
    id             BIGINT        NOT NULL PRIMARY KEY,
    recorded_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    -- A console user's name, jms:<broker user>, or system.
    actor          VARCHAR(200)  NOT NULL,
    -- CONSOLE, JMS or TIMER.
    origin         VARCHAR(16)   NOT NULL,
    -- The console client's address (behind trusted proxies, as the web layer reads it); null for JMS and timers.
    client_address VARCHAR(100),
    action         VARCHAR(64)   NOT NULL,
    subject        VARCHAR(500)  NOT NULL,
    -- One line per field changed; never a secret's value.
    changes        VARCHAR(20000) NOT NULL
);
-- The Audit page lists newest first, filtered by action or actor.
CREATE INDEX ix_audit_record_time ON audit_record (recorded_at, id);
CREATE INDEX ix_audit_record_action ON audit_record (action, recorded_at);
