-- The automation interface (issue 14). A job remembers the request id its sender chose, so that every event about the
-- job can carry it; null for jobs asked for in the console or started by the product.
ALTER TABLE provisioning_job ADD COLUMN request_id VARCHAR(100);

-- Events written in the same transaction as the change they describe, relayed to the broker afterwards in order
-- (per job, by sequence_no). A row is never changed again except to set relayed_at once the broker took it.
CREATE TABLE event_outbox (
    id             BIGINT        NOT NULL PRIMARY KEY,
    -- The job the event is about; null for an event that concerns no job (a command rejected before a job existed).
    job_id         BIGINT,
    -- 1, 2, 3... per job, so that a consumer can drop a repeat; for events without a job, 0.
    sequence_no    BIGINT        NOT NULL,
    event_type     VARCHAR(128)  NOT NULL,
    subject        VARCHAR(128),
    request_id     VARCHAR(100),
    -- The event's data, JSON.
    data           VARCHAR(1000000) NOT NULL,
    -- Where the sender asked for the answer to its command (JMSReplyTo), and the JMSCorrelationID to give it.
    reply_to       VARCHAR(512),
    correlation_id VARCHAR(256),
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    relayed_at     TIMESTAMP WITH TIME ZONE
);
CREATE UNIQUE INDEX uq_event_outbox_job_seq ON event_outbox (job_id, sequence_no);
CREATE INDEX ix_event_outbox_pending ON event_outbox (relayed_at, id);
