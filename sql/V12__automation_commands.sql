-- The automation interface's commands in (issue 14). Portable SQL for H2 (PostgreSQL mode) and PostgreSQL.

-- Every command accepted, keyed by who sent it (the broker user the broker authenticated) and the request id it
-- chose: the same request id from the same user answers with the same job and never makes a second one, whatever
-- the broker's duplicate cache holds. The row commits in the transaction that makes the job and its accepted event.
-- body_sha256 is the SHA-256 (hex) of the command in canonical JSON: the same id with another body is a mismatch.
CREATE TABLE automation_request (
    id           BIGINT        NOT NULL PRIMARY KEY,
    broker_user  VARCHAR(64)   NOT NULL,
    request_id   VARCHAR(100)  NOT NULL,
    command_type VARCHAR(32)   NOT NULL,
    body_sha256  CHAR(64)      NOT NULL,
    job_id       BIGINT        NOT NULL,
    server_id    BIGINT,
    -- What the sender was answered (the accepted event's data, JSON), answered again to a duplicate.
    result       VARCHAR(4000) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_automation_request UNIQUE (broker_user, request_id)
);

-- Every command refused, kept with its body, sender and reason so that nothing is silently dropped (the console's
-- Rejected commands page). The body is bounded by the broker's largest message (ecs.broker.max-message-bytes); it
-- is stored as received, as text (bytes that are not UTF-8 are kept with replacement characters).
CREATE TABLE automation_rejection (
    id           BIGINT        NOT NULL PRIMARY KEY,
    broker_user  VARCHAR(64),
    request_id   VARCHAR(100),
    message_id   VARCHAR(256),
    body         VARCHAR(1048576) NOT NULL,
    reason       VARCHAR(2000) NOT NULL,
    -- The JSON pointer of the offending field, or null when the whole message is at fault.
    field        VARCHAR(512),
    rule         VARCHAR(64)   NOT NULL,
    received_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_automation_rejection_received ON automation_rejection (received_at);
