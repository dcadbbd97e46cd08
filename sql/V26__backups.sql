-- Scheduled backups (issue 19). A provider profile's backup policy: its time zone (UTC unless set) and, when it has
-- one, the days, hours and retention that apply to all its servers. No row: no policy, UTC.
CREATE TABLE backup_policy (
    profile_id  BIGINT       NOT NULL PRIMARY KEY,
    time_zone   VARCHAR(64)  NOT NULL,
    days        VARCHAR(32),
    hours       VARCHAR(96),
    keep_count  INTEGER,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    version     BIGINT       NOT NULL
);

-- Each server's part: whether it follows its profile's policy, has its own, or none (the exception), and the
-- schedule's state: the last slot claimed (the database decides what is due; a timer only wakes the check) and how
-- the last backup ended. The row is locked while a node claims a slot, so two nodes never both start one.
CREATE TABLE server_backup (
    server_id        BIGINT       NOT NULL PRIMARY KEY,
    profile_id       BIGINT       NOT NULL,
    mode             VARCHAR(16)  NOT NULL,
    days             VARCHAR(32),
    hours            VARCHAR(96),
    keep_count       INTEGER,
    last_slot        TIMESTAMP WITH TIME ZONE NOT NULL,
    policy_since     TIMESTAMP WITH TIME ZONE NOT NULL,
    last_success_at  TIMESTAMP WITH TIME ZONE,
    last_failure_at  TIMESTAMP WITH TIME ZONE,
    last_failure     VARCHAR(1000),
    last_job_id      BIGINT,
    version          BIGINT       NOT NULL
);
CREATE INDEX ix_server_backup_profile ON server_backup (profile_id);

-- What each backup job was asked: which policy's snapshot (its tag), for which slot, how many to keep; settled once
-- its job has finished (the failure event is told then, once).
CREATE TABLE backup_run (
    job_id      BIGINT       NOT NULL PRIMARY KEY REFERENCES provisioning_job (id),
    server_id   BIGINT       NOT NULL,
    policy_key  VARCHAR(32)  NOT NULL,
    slot        TIMESTAMP WITH TIME ZONE NOT NULL,
    scheduled   BOOLEAN      NOT NULL,
    keep_count  INTEGER      NOT NULL,
    snapshot_id VARCHAR(64),
    settled_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX ix_backup_run_server ON backup_run (server_id);
CREATE INDEX ix_backup_run_unsettled ON backup_run (settled_at);

-- A disk roll-back's snapshot, written with its job (the engine's job table names no snapshot).
CREATE TABLE disk_restore (
    job_id      BIGINT       NOT NULL PRIMARY KEY REFERENCES provisioning_job (id),
    snapshot_id VARCHAR(64)  NOT NULL
);

INSERT INTO periodic_turn (task, holder, next_due, version) VALUES ('backup-due', NULL, NULL, 0);
