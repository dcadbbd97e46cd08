-- Servers and the durable jobs that deploy them. The database is the truth about pending work: a JMS message or
-- a timer only says "look at job N now" (design guide, habit 3). Portable SQL for H2 and PostgreSQL; ids come
-- from ecs_id_seq like every other table.

-- A server as the console lists it, from the moment it is requested. Network ids are those the server uses
-- (its own network or the profile's shared one).
CREATE TABLE server (
    id                BIGINT       NOT NULL PRIMARY KEY,
    name              VARCHAR(64)  NOT NULL,
    profile_id        BIGINT       NOT NULL,
    region_id         VARCHAR(32)  NOT NULL,
    zone_id           VARCHAR(32),
    instance_id       VARCHAR(64),
    instance_type     VARCHAR(64)  NOT NULL,
    image_id          VARCHAR(128) NOT NULL,
    public_ip         VARCHAR(45),
    private_ip        VARCHAR(45),
    vpc_id            VARCHAR(64),
    vswitch_id        VARCHAR(64),
    security_group_id VARCHAR(64),
    status            VARCHAR(16)  NOT NULL,
    status_reason     VARCHAR(1000),
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    version           BIGINT       DEFAULT 0 NOT NULL,
    CONSTRAINT ck_server_status CHECK (status IN ('requested', 'provisioning', 'bootstrapping', 'active', 'stopping',
        'stopped', 'starting', 'rebooting', 'resizing', 'deleting', 'deleted', 'failed', 'unreachable'))
);
CREATE INDEX ix_server_profile ON server (profile_id);
CREATE INDEX ix_server_status ON server (status);

-- Every status change of a server, oldest first, for its history page and for support.
CREATE TABLE server_status_change (
    id          BIGINT       NOT NULL PRIMARY KEY,
    server_id   BIGINT       NOT NULL,
    from_status VARCHAR(16),
    to_status   VARCHAR(16)  NOT NULL,
    reason      VARCHAR(1000),
    changed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT fk_status_change_server FOREIGN KEY (server_id) REFERENCES server (id) ON DELETE CASCADE
);
CREATE INDEX ix_status_change_server ON server_status_change (server_id);

-- A deployment job: what was asked (after defaults), where it is, when it should run next, who holds it now.
-- claim_id/claimed_until is a lease: a node that claimed the job (committing the claim under the version check)
-- calls the cloud outside any transaction and writes the result back only while it still holds the claim.
CREATE TABLE provisioning_job (
    id                 BIGINT        NOT NULL PRIMARY KEY,
    server_id          BIGINT        NOT NULL,
    profile_id         BIGINT        NOT NULL,
    state              VARCHAR(16)   NOT NULL,
    current_step       VARCHAR(32),
    region_id          VARCHAR(32)   NOT NULL,
    zone_id            VARCHAR(32),
    requested_zone_id  VARCHAR(32),
    excluded_zones     VARCHAR(1000),
    zone_policy        VARCHAR(16)   NOT NULL,
    network_policy     VARCHAR(16)   NOT NULL,
    server_name        VARCHAR(64)   NOT NULL,
    instance_type      VARCHAR(64)   NOT NULL,
    image_id           VARCHAR(128)  NOT NULL,
    disk_category      VARCHAR(32)   NOT NULL,
    disk_size_gib      INTEGER       NOT NULL,
    bandwidth_out_mbps INTEGER       NOT NULL,
    key_pair_name      VARCHAR(128)  NOT NULL,
    ssh_port           INTEGER       NOT NULL,
    next_run_at        TIMESTAMP WITH TIME ZONE,
    claim_id           VARCHAR(36),
    claimed_until      TIMESTAMP WITH TIME ZONE,
    cancel_requested   BOOLEAN       DEFAULT FALSE NOT NULL,
    rollback_deadline  TIMESTAMP WITH TIME ZONE,
    failure_message    VARCHAR(2000),
    failure_code       VARCHAR(128),
    failure_request_id VARCHAR(128),
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at        TIMESTAMP WITH TIME ZONE,
    version            BIGINT        DEFAULT 0 NOT NULL,
    CONSTRAINT fk_job_server FOREIGN KEY (server_id) REFERENCES server (id),
    CONSTRAINT ck_job_state CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'rolling_back',
        'rolled_back', 'rollback_failed'))
);
-- The sweep asks "which jobs are due" every few seconds; finished jobs have no next_run_at.
CREATE INDEX ix_job_next_run ON provisioning_job (next_run_at);
CREATE INDEX ix_job_server ON provisioning_job (server_id);

-- The steps of a job in order. client_token is generated and committed before the step's create call and reused
-- on every retry, so that a retry after a crash gets the resource the first call created.
CREATE TABLE job_step (
    id           BIGINT        NOT NULL PRIMARY KEY,
    job_id       BIGINT        NOT NULL,
    step_order   INTEGER       NOT NULL,
    name         VARCHAR(32)   NOT NULL,
    status       VARCHAR(16)   NOT NULL,
    attempts     INTEGER       DEFAULT 0 NOT NULL,
    client_token VARCHAR(64),
    started_at   TIMESTAMP WITH TIME ZONE,
    deadline     TIMESTAMP WITH TIME ZONE,
    wait_until   TIMESTAMP WITH TIME ZONE,
    finished_at  TIMESTAMP WITH TIME ZONE,
    last_error   VARCHAR(2000),
    CONSTRAINT fk_step_job FOREIGN KEY (job_id) REFERENCES provisioning_job (id) ON DELETE CASCADE,
    CONSTRAINT uq_step_position UNIQUE (job_id, step_order),
    CONSTRAINT ck_step_status CHECK (status IN ('pending', 'running', 'waiting', 'done', 'failed'))
);

-- Every cloud resource a job uses, with whether the job created it (owned: rollback deletes it) or found it
-- (the profile's shared network: never deleted by a server's rollback).
CREATE TABLE job_resource (
    id            BIGINT       NOT NULL PRIMARY KEY,
    job_id        BIGINT       NOT NULL,
    kind          VARCHAR(16)  NOT NULL,
    resource_id   VARCHAR(64)  NOT NULL,
    zone_id       VARCHAR(32),
    owned         BOOLEAN      NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    delete_requested_at TIMESTAMP WITH TIME ZONE,
    released_at   TIMESTAMP WITH TIME ZONE,
    CONSTRAINT fk_resource_job FOREIGN KEY (job_id) REFERENCES provisioning_job (id) ON DELETE CASCADE,
    CONSTRAINT uq_job_resource UNIQUE (job_id, kind, resource_id),
    CONSTRAINT ck_resource_kind CHECK (kind IN ('vpc', 'vswitch', 'security_group', 'instance'))
);

-- What happened, with timestamps: the job's history as a person reads it.
CREATE TABLE job_log (
    id        BIGINT        NOT NULL PRIMARY KEY,
    job_id    BIGINT        NOT NULL,
    logged_at TIMESTAMP WITH TIME ZONE NOT NULL,
    step      VARCHAR(32),
    log_level VARCHAR(8)    NOT NULL,
    message   VARCHAR(2000) NOT NULL,
    CONSTRAINT fk_log_job FOREIGN KEY (job_id) REFERENCES provisioning_job (id) ON DELETE CASCADE
);
CREATE INDEX ix_job_log_job ON job_log (job_id);
